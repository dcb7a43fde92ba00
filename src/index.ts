/**
 * gbtune's public API. Anything not re-exported here is private.
 */
// core
export { GbtuneError, CsvError, DataError, ParamError, ModelFormatError, UnknownNameError, TunerError, StorageError, StudyMismatchError, TrialPruned } from './core/errors.js';
export type { StudyDifference } from './core/errors.js';
export { Rng } from './core/rng.js';
export { log, captureLogs } from './core/log.js';
export type { LogLevel } from './core/log.js';
export { writeFileAtomic } from './core/atomic-write.js';

// data
export { Dataset } from './data/dataset.js';
export type { Column, ColumnKind, Target, InferredTask, DatasetSource } from './data/dataset.js';
export type { ColumnInput } from './data/from-memory.js';
export { readCsv } from './data/csv.js';
export type { ReadCsvOptions } from './data/csv.js';
export type { TableOptions } from './data/table-builder.js';
export { kFold, stratifiedKFold } from './data/split.js';
export type { Fold, KFoldOptions } from './data/split.js';
export { alignToFeatures, UNSEEN_CATEGORY } from './data/align.js';
export type { AlignFeature } from './data/align.js';
export { DEFAULT_MISSING_TOKENS } from './data/table-builder.js';
export { BinnedDataset } from './data/binned-dataset.js';
export type { BinnedDatasetOptions } from './data/binned-dataset.js';

// trainer
export { resolveParams, parseParamAssignments, canonicalParamName, deriveSeeds } from './params/resolve.js';
export type { ResolveParamsOptions } from './params/resolve.js';
export { checkConflicts } from './params/check-conflicts.js';
export { PARAM_SPECS, OBJECTIVE_NAMES, METRIC_NAMES } from './params/schema.js';
export type { ParamSpec, ObjectiveName, MetricName } from './params/schema.js';
export type { GbdtParams, GbdtParamsInput } from './params/resolved.js';
export { describeParams, renderParamsHelp, renderParamsMarkdown } from './params/describe.js';
export type { ParamRow } from './params/describe.js';
export { createObjective, parseObjectiveLine } from './gbdt/objective/registry.js';
export type { Objective } from './gbdt/objective/objective.js';
export { createMetric, createMetrics, defaultMetrics } from './gbdt/metric/registry.js';
export type { Metric } from './gbdt/metric/metric.js';
export { train } from './gbdt/boosting/train.js';
export type { TrainOptions } from './gbdt/boosting/train.js';
export { cv } from './gbdt/boosting/cv.js';
export type { CvOptions, CvResult } from './gbdt/boosting/cv.js';
export { EarlyStopping } from './gbdt/boosting/callbacks.js';
export type { Evaluation, TrainCallback, TrainCallbackEnv, CvCallback, CvCallbackEnv, CvEvaluation } from './gbdt/boosting/callbacks.js';
export { Booster } from './gbdt/boosting/booster.js';
export type { PredictInput, PredictOptions, SaveModelOptions, ModelFileFormat, ModelToStringOptions } from './gbdt/boosting/booster.js';
export type { PredictRawOptions } from './gbdt/boosting/predict.js';
export type { FeatureImportanceOptions, ImportanceType } from './gbdt/boosting/importance.js';
export type { ModelJson } from './gbdt/boosting/model-json.js';
export { loadModel } from './gbdt/boosting/model-io.js';
export type { BoosterModel } from './gbdt/boosting/model.js';
export type { FeatureMeta } from './data/feature-meta.js';
export { Tree } from './gbdt/tree/tree.js';

// tuner
export {
  FloatDistribution,
  IntDistribution,
  CategoricalDistribution,
  distributionToJson,
  distributionFromJson,
} from './tune/distributions.js';
export type { Distribution, ParamValue, CategoricalChoice } from './tune/distributions.js';
export { TrialState, StudyDirection } from './tune/trial/frozen-trial.js';
export type { FrozenTrial } from './tune/trial/frozen-trial.js';
export type { Sampler, TrialSetup } from './tune/samplers/base.js';
export { createStudy, loadStudy, deleteStudy, getAllStudyNames, getAllStudySummaries, copyStudy } from './tune/study/create-study.js';
export type { CreateStudyOptions, LoadStudyOptions, DirectionInput, StudySummaryWithBest, CopyStudyOptions } from './tune/study/create-study.js';
export { Study } from './tune/study/study.js';
export type { TellOptions, EnqueueTrialOptions, Objective as StudyObjective, OptimizeOptions, OptimizeCallback } from './tune/study/study.js';
export type { ObjectiveValue, ErrorClass } from './tune/study/optimize.js';
export type { TrialsDataframe, TrialsDataframeOptions } from './tune/study/trials-csv.js';
export type { StudyView } from './tune/study/study-view.js';
export { Trial } from './tune/trial/trial.js';
export type { SuggestFloatOptions, SuggestIntOptions } from './tune/trial/trial.js';
export { FixedTrial } from './tune/trial/fixed-trial.js';
export { createTrial } from './tune/trial/create-trial.js';
export type { CreateTrialOptions } from './tune/trial/create-trial.js';
export { getStorage } from './tune/storages/registry.js';
export { InMemoryStorage } from './tune/storages/memory.js';
export { RdbStorage } from './tune/storages/rdb/rdb-storage.js';
export { openRdbStorage } from './tune/storages/rdb/open-rdb-storage.js';
export { openSqliteStorage } from './tune/storages/rdb/sqlite-driver.js';
export type { SqliteStorageOptions } from './tune/storages/rdb/sqlite-driver.js';
export { openPostgresStorage } from './tune/storages/rdb/postgres-driver.js';
export type { PostgresStorageOptions } from './tune/storages/rdb/postgres-driver.js';
export { JournalStorage } from './tune/storages/journal/journal-storage.js';
export type { JournalBackend } from './tune/storages/journal/journal-storage.js';
export { JournalFileBackend, JournalFileBackend as JournalFileStorage, openJournalFileStorage } from './tune/storages/journal/file-backend.js';
export type { JournalFileOptions } from './tune/storages/journal/file-backend.js';
export { JournalRedisBackend, JournalRedisBackend as JournalRedisStorage, openJournalRedisStorage } from './tune/storages/journal/redis-backend.js';
export type { JournalRedisOptions } from './tune/storages/journal/redis-backend.js';
export { createSampler, SAMPLER_NAMES } from './tune/samplers/registry.js';
export { BruteForceSampler } from './tune/samplers/brute-force.js';
export { GridSampler } from './tune/samplers/grid.js';
export { PartialFixedSampler } from './tune/samplers/partial-fixed.js';
export { QMCSampler } from './tune/samplers/qmc.js';
export { RandomSampler } from './tune/samplers/random.js';
export { intersectionSearchSpace, IntersectionSearchSpace } from './tune/samplers/search-space.js';
export type { SamplerName } from './tune/samplers/registry.js';
export type { BruteForceSamplerOptions } from './tune/samplers/brute-force.js';
export type { GridSamplerOptions, GridSearchSpace } from './tune/samplers/grid.js';
export type { QMCSamplerOptions } from './tune/samplers/qmc.js';
export type { RandomSamplerOptions } from './tune/samplers/random.js';
export { MaxTrialsCallback, maxTrialsCallback } from './tune/callbacks.js';
export { paretoFrontTrials, nonDominatedRanks } from './tune/multi-objective.js';
export type { Pruner, PrunerTrial } from './tune/pruners/base.js';
export { prunedByThreshold } from './tune/pruners/base.js';
export { createPruner, PRUNER_NAMES } from './tune/pruners/registry.js';
export { HyperbandPruner } from './tune/pruners/hyperband.js';
export { MedianPruner } from './tune/pruners/median.js';
export { NopPruner } from './tune/pruners/nop.js';
export { PatientPruner } from './tune/pruners/patient.js';
export { PercentilePruner } from './tune/pruners/percentile.js';
export { SuccessiveHalvingPruner } from './tune/pruners/successive-halving.js';
export { ThresholdPruner } from './tune/pruners/threshold.js';
export { WilcoxonPruner } from './tune/pruners/wilcoxon.js';
export type { PrunerName } from './tune/pruners/registry.js';
export type { HyperbandPrunerOptions } from './tune/pruners/hyperband.js';
export type { MedianPrunerOptions } from './tune/pruners/median.js';
export type { PatientPrunerOptions } from './tune/pruners/patient.js';
export type { PercentilePrunerOptions } from './tune/pruners/percentile.js';
export type { SuccessiveHalvingPrunerOptions } from './tune/pruners/successive-halving.js';
export type { ThresholdPrunerOptions } from './tune/pruners/threshold.js';
export type { WilcoxonPrunerOptions } from './tune/pruners/wilcoxon.js';
export { TPESampler, defaultGamma, hyperoptDefaultGamma } from './tune/samplers/tpe/sampler.js';
export type { TPESamplerOptions } from './tune/samplers/tpe/sampler.js';
export { defaultWeights } from './tune/samplers/tpe/parzen-estimator.js';
export type { WeightsFunction, CategoricalDistanceFunction } from './tune/samplers/tpe/parzen-estimator.js';
export { GPSampler } from './tune/samplers/gp/sampler.js';
export type { GPSamplerOptions } from './tune/samplers/gp/sampler.js';
export { CmaEsSampler } from './tune/samplers/cmaes/sampler.js';
export type { CmaEsSamplerOptions } from './tune/samplers/cmaes/sampler.js';
export { NSGAIISampler } from './tune/samplers/nsga2/sampler.js';
export type { NSGAIISamplerOptions } from './tune/samplers/nsga2/sampler.js';
export type { Storage, StudySummary } from './tune/storages/base.js';
export { checkOptionKeys } from './tune/option-keys.js';

// tuning a boosted model
export {
  tuneGbdt,
  resolveTuneSampler,
  resolveTunePruner,
  tuneGbdtStepwise,
  STEPWISE_STEPS,
  STEPWISE_TRIALS,
  stepwiseBudget,
  STUDY_IDENTITY_ATTR,
  defaultSearchSpace,
  parseSearchSpace,
  pruningCallback,
  PARAMS_ATTR,
  BEST_ITERATION_ATTR,
  closeIdleWorkers,
} from './tune-gbdt/gbdt.js';
export type {
  TuneGbdtOptions,
  TuneGbdtResult,
  TrialCounts,
  TuneRunInfo,
  StudyIdentity,
  TuneGbdtStepwiseOptions,
  TuneGbdtStepwiseResult,
  StepwiseStep,
  SearchSpaceFn,
  SearchSpaceSpec,
  SearchSpaceEntry,
  BoosterParams,
  PruningCallback,
  PruningCallbackOptions,
  PruningTrial,
  TuneDataOptions,
  TuneOutputPaths,
  BestParamsFile,
} from './tune-gbdt/gbdt.js';
// storage and workers
export { RetryFailedTrialCallback } from './tune/callbacks.js';
export type { RetryFailedTrialCallbackOptions } from './tune/callbacks.js';
export { HEARTBEAT_ATTR, checkHeartbeatOptions, setStudyHeartbeat, getStudyHeartbeat, failStaleTrials } from './tune/heartbeat.js';
export type { HeartbeatOptions, HeartbeatSettings, FailedTrialCallback } from './tune/heartbeat.js';
export { runWorker } from './tune/distributed/run-worker.js';
export type { RunWorkerOptions, WorkerResult } from './tune/distributed/run-worker.js';
export { DeterministicBatchSampler, trialSeed } from './tune/distributed/deterministic-batch-sampler.js';
export type { DeterministicBatchSamplerOptions } from './tune/distributed/deterministic-batch-sampler.js';
// plots and importance
export * from './viz/index.js';
export { createImportanceEvaluator, IMPORTANCE_EVALUATORS } from './tune/importance/registry.js';
export { getParamImportances } from './tune/importance/param-importances.js';
export { FanovaImportanceEvaluator } from './tune/importance/fanova.js';
export { MeanDecreaseImpurityImportanceEvaluator } from './tune/importance/mdi.js';
export { PedAnovaImportanceEvaluator } from './tune/importance/ped-anova.js';
export type { ImportanceEvaluatorName } from './tune/importance/registry.js';
export type { ParamImportancesOptions } from './tune/importance/param-importances.js';
export type { ImportanceEvaluator } from './tune/importance/encode.js';
export type { FanovaOptions } from './tune/importance/fanova.js';
export type { MdiOptions } from './tune/importance/mdi.js';
export type { PedAnovaOptions } from './tune/importance/ped-anova.js';
