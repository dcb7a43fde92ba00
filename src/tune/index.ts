/**
 * `gbtune/tune`: the tuner beyond studies, trials, samplers and pruners (which the `gbtune` entry
 * holds) — distributions, trials made by hand, the sampler and pruner registries and what a
 * plug-in implements against, optimize callbacks, heartbeats, multi-objective helpers, param
 * importance, and workers of a study shared through a storage. Storages have their own entry,
 * `gbtune/storages`. Re-exports only.
 *
 * @example
 * ```ts
 * import { createStudy } from 'gbtune';
 * import { FloatDistribution, MaxTrialsCallback, getParamImportances } from 'gbtune/tune';
 * ```
 */
// distributions and trials made by hand
export { FloatDistribution, IntDistribution, CategoricalDistribution, distributionToJson, distributionFromJson } from './distributions.js';
export type { Distribution, ParamValue, CategoricalChoice } from './distributions.js';
export { createTrial } from './trial/create-trial.js';
export type { CreateTrialOptions } from './trial/create-trial.js';
export { FixedTrial } from './trial/fixed-trial.js';
export { trialTemplate, internalParams } from './trial/trial-template.js';

// what an objective, a study's views and its dataframe are made of
export type { ObjectiveValue, ErrorClass } from './study/optimize.js';
export type { StudyView } from './study/study-view.js';
export type { TrialsDataframe, TrialsDataframeOptions } from './study/trials-csv.js';

// samplers and pruners by name, and what a plug-in implements against
export { createSampler, SAMPLER_NAMES } from './samplers/registry.js';
export type { SamplerName } from './samplers/registry.js';
export type { TrialSetup } from './samplers/base.js';
export { intersectionSearchSpace, IntersectionSearchSpace } from './samplers/search-space.js';
export { defaultGamma, hyperoptDefaultGamma } from './samplers/tpe/sampler.js';
export { defaultWeights } from './samplers/tpe/parzen-estimator.js';
export type { WeightsFunction, CategoricalDistanceFunction } from './samplers/tpe/parzen-estimator.js';
export { createPruner, PRUNER_NAMES } from './pruners/registry.js';
export type { PrunerName } from './pruners/registry.js';
export type { PrunerTrial } from './pruners/base.js';
export { prunedByThreshold } from './pruners/base.js';
export { checkOptionKeys } from './option-keys.js';

// optimize callbacks, heartbeats and stop requests from outside the process (RetryFailedTrialCallback and failStaleTrials are in gbtune/storages, as in Optuna)
export { MaxTrialsCallback } from './callbacks.js';
export { HEARTBEAT_ATTR, setStudyHeartbeat, getStudyHeartbeat } from './heartbeat.js';
export { STOP_REQUEST_ATTR, requestStudyStop, stopRequestCallback } from './stop-request.js';
export type { StopRequest, StopRequestStudy, StopRequestCallbackOptions } from './stop-request.js';
export type { HeartbeatOptions, HeartbeatSettings, FailedTrialCallback } from './heartbeat.js';

// several objectives
export { paretoFrontTrials, nonDominatedRanks } from './multi-objective.js';

// param importance
export { getParamImportances } from './importance/param-importances.js';
export type { ParamImportancesOptions } from './importance/param-importances.js';
export { createImportanceEvaluator, IMPORTANCE_EVALUATORS } from './importance/registry.js';
export type { ImportanceEvaluatorName } from './importance/registry.js';
export type { ImportanceEvaluator } from './importance/encode.js';
export { FanovaImportanceEvaluator } from './importance/fanova.js';
export type { FanovaOptions } from './importance/fanova.js';
export { MeanDecreaseImpurityImportanceEvaluator } from './importance/mdi.js';
export type { MdiOptions } from './importance/mdi.js';
export { PedAnovaImportanceEvaluator } from './importance/ped-anova.js';
export type { PedAnovaOptions } from './importance/ped-anova.js';

// a study shared by worker processes through a storage
export { runWorker } from './distributed/run-worker.js';
export type { RunWorkerOptions, WorkerResult } from './distributed/run-worker.js';
export { DeterministicBatchSampler } from './distributed/deterministic-batch-sampler.js';
export type { DeterministicBatchSamplerOptions } from './distributed/deterministic-batch-sampler.js';
