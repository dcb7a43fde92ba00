/**
 * The joint of gbtune's two halves (trainer and tuner): tuning a boosted model by k-fold CV.
 * The only module group that imports both; this file gathers its public parts.
 *
 * @example
 * ```ts
 * import { tuneGbdt } from 'gbtune';
 * const r = await tuneGbdt('datasets/breast_cancer.csv', { nTrials: 100, nJobs: 2, outDir: 'gbtune-out' });
 * ```
 */
export { tuneGbdt, resolveTuneSampler, resolveTunePruner } from './tune.js';
export type { TuneGbdtOptions, TuneGbdtResult, TrialCounts } from './tune.js';
export type { TuneRunInfo } from './run-info.js';
export { STUDY_IDENTITY_ATTR } from './study-identity.js';
export type { StudyIdentity } from './study-identity.js';
export { tuneGbdtStepwise, STEPWISE_STEPS, STEPWISE_TRIALS, stepwiseBudget } from './stepwise.js';
export type { TuneGbdtStepwiseOptions, TuneGbdtStepwiseResult, StepwiseStep } from './stepwise.js';
export { defaultSearchSpace, parseSearchSpace } from './search-space.js';
export type { SearchSpaceFn, SearchSpaceSpec, SearchSpaceEntry, BoosterParams } from './search-space.js';
export { pruningCallback } from './pruning-callback.js';
export type { PruningCallback, PruningCallbackOptions, PruningTrial } from './pruning-callback.js';
export { PARAMS_ATTR, BEST_ITERATION_ATTR } from './context.js';
export { closeIdlePool as closeIdleWorkers } from './threads/pool.js';
export type { TuneDataOptions } from './context.js';
export type { TuneOutputPaths, BestParamsFile } from './output.js';
