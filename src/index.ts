/**
 * `gbtune`: the everyday API — read a CSV, train or cross-validate a booster, load a model, run a
 * study with a sampler and a pruner, tune a booster with `tuneGbdt`, and the errors to catch.
 * Everything else sits in a subpath entry, each a file of re-exports like this one:
 * `gbtune/gbdt` (params table, objectives, metrics, trees, model formats, training callbacks,
 * folds), `gbtune/tune` (distributions, registries, callbacks, heartbeat, multi-objective,
 * importance, distributed workers), `gbtune/tune-gbdt` (the stepwise tuner, search spaces, the
 * pruning callback), `gbtune/storages` (storage classes and openers), `gbtune/viz` (plots and
 * reports) and `gbtune/testing` (conformance suites). Anything no entry re-exports is private.
 * test/entries.test.ts lists every top-level name: adding one is a deliberate act.
 *
 * @example
 * ```ts
 * import { readCsv, cv, createStudy, TPESampler, tuneGbdt } from 'gbtune';
 * import { EarlyStopping } from 'gbtune/gbdt';
 * import { plotOptimizationHistory } from 'gbtune/viz';
 * ```
 */
// errors (users catch them; an objective throws TrialPruned) and the logger
export { GbtuneError, CsvError, DataError, ParamError, ModelFormatError, UnknownNameError, TunerError, StorageError, StudyMismatchError, TrialPruned } from './core/errors.js';
export type { StudyDifference } from './core/errors.js';
export { log } from './core/log.js';
export type { LogLevel } from './core/log.js';

// data and the trainer
export { readCsv } from './data/csv.js';
export type { ReadCsvOptions } from './data/csv.js';
export { Dataset } from './data/dataset.js';
export type { ColumnInput } from './data/from-memory.js';
export type { TableOptions } from './data/table-builder.js';
export type { GbdtParamsInput } from './params/resolved.js';
export { train } from './gbdt/boosting/train.js';
export type { TrainOptions } from './gbdt/boosting/train.js';
export { cv } from './gbdt/boosting/cv.js';
export type { CvOptions, CvResult } from './gbdt/boosting/cv.js';
export { loadModel } from './gbdt/boosting/model-io.js';
export type { Booster, PredictInput, PredictOptions, SaveModelOptions } from './gbdt/boosting/booster.js';

// the tuner: studies and trials
export { createStudy, loadStudy, deleteStudy, copyStudy, getAllStudyNames, getAllStudySummaries } from './tune/study/create-study.js';
export type { CreateStudyOptions, LoadStudyOptions, CopyStudyOptions, DirectionInput, StudySummaryWithBest } from './tune/study/create-study.js';
export { Study } from './tune/study/study.js';
export type { Objective as StudyObjective, OptimizeOptions, OptimizeCallback, TellOptions, EnqueueTrialOptions } from './tune/study/study.js';
export { Trial } from './tune/trial/trial.js';
export type { SuggestFloatOptions, SuggestIntOptions } from './tune/trial/trial.js';
export { TrialState, StudyDirection } from './tune/trial/frozen-trial.js';
export type { FrozenTrial } from './tune/trial/frozen-trial.js';

// samplers
export type { Sampler } from './tune/samplers/base.js';
export { TPESampler } from './tune/samplers/tpe/sampler.js';
export type { TPESamplerOptions } from './tune/samplers/tpe/sampler.js';
export { GPSampler } from './tune/samplers/gp/sampler.js';
export type { GPSamplerOptions } from './tune/samplers/gp/sampler.js';
export { CmaEsSampler } from './tune/samplers/cmaes/sampler.js';
export type { CmaEsSamplerOptions } from './tune/samplers/cmaes/sampler.js';
export { NSGAIISampler } from './tune/samplers/nsga2/sampler.js';
export type { NSGAIISamplerOptions } from './tune/samplers/nsga2/sampler.js';
export { QMCSampler } from './tune/samplers/qmc.js';
export type { QMCSamplerOptions } from './tune/samplers/qmc.js';
export { RandomSampler } from './tune/samplers/random.js';
export type { RandomSamplerOptions } from './tune/samplers/random.js';
export { GridSampler } from './tune/samplers/grid.js';
export type { GridSamplerOptions, GridSearchSpace } from './tune/samplers/grid.js';
export { BruteForceSampler } from './tune/samplers/brute-force.js';
export type { BruteForceSamplerOptions } from './tune/samplers/brute-force.js';
export { PartialFixedSampler } from './tune/samplers/partial-fixed.js';

// pruners
export type { Pruner } from './tune/pruners/base.js';
export { NopPruner } from './tune/pruners/nop.js';
export { MedianPruner } from './tune/pruners/median.js';
export type { MedianPrunerOptions } from './tune/pruners/median.js';
export { PercentilePruner } from './tune/pruners/percentile.js';
export type { PercentilePrunerOptions } from './tune/pruners/percentile.js';
export { SuccessiveHalvingPruner } from './tune/pruners/successive-halving.js';
export type { SuccessiveHalvingPrunerOptions } from './tune/pruners/successive-halving.js';
export { HyperbandPruner } from './tune/pruners/hyperband.js';
export type { HyperbandPrunerOptions } from './tune/pruners/hyperband.js';
export { ThresholdPruner } from './tune/pruners/threshold.js';
export type { ThresholdPrunerOptions } from './tune/pruners/threshold.js';
export { PatientPruner } from './tune/pruners/patient.js';
export type { PatientPrunerOptions } from './tune/pruners/patient.js';
export { WilcoxonPruner } from './tune/pruners/wilcoxon.js';
export type { WilcoxonPrunerOptions } from './tune/pruners/wilcoxon.js';

// tuning a boosted model
export { tuneGbdt } from './tune-gbdt/tune.js';
export type { TuneGbdtOptions, TuneGbdtResult } from './tune-gbdt/tune.js';
export type { SearchSpaceFn, SearchSpaceSpec, SearchSpaceEntry } from './tune-gbdt/search-space.js';
