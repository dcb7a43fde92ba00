/**
 * `gbtune/tune-gbdt`: tuning a boosted model beyond `tuneGbdt` (which the `gbtune` entry holds) —
 * LightGBMTuner's stepwise search, the default and declarative search spaces, the pruning callback
 * for a hand-written objective, the names of the attrs a tuning study records, and the pieces the
 * CLI shares with `tuneGbdt`. The only entry that joins the trainer and the tuner. Re-exports only.
 *
 * @example
 * ```ts
 * import { tuneGbdtStepwise, pruningCallback } from 'gbtune/tune-gbdt';
 * const r = await tuneGbdtStepwise('datasets/breast_cancer.csv', { seed: 0 });
 * ```
 */
export type { TrialCounts } from './tune.js';
export { resolveTuneSampler, resolveTunePruner } from './tune.js';
export type { TuneDataOptions } from './context.js';
export type { TuneRunInfo } from './run-info.js';
export type { TuneOutputPaths, BestParamsFile } from './output.js';
export { OUTPUTS_ATTR } from './output.js';
export { explainModel } from './model-explanation.js';
export type { ExplainModelOptions } from './model-explanation.js';
export { tuneGbdtStepwise, STEPWISE_STEPS, STEPWISE_TRIALS, stepwiseBudget } from './stepwise.js';
export type { TuneGbdtStepwiseOptions, TuneGbdtStepwiseResult, StepwiseStep } from './stepwise.js';
export { defaultSearchSpace, parseSearchSpace } from './search-space.js';
export type { BoosterParams } from './search-space.js';
export { pruningCallback } from './pruning-callback.js';
export type { PruningCallback, PruningCallbackOptions, PruningTrial } from './pruning-callback.js';
export { STUDY_IDENTITY_ATTR } from './study-identity.js';
export type { StudyIdentity } from './study-identity.js';
export { PARAMS_ATTR, BEST_ITERATION_ATTR } from './context.js';
export { ROUNDS_ATTR, FOLDS_ATTR, SECONDS_ATTR, STOPPED_ATTR, STOPPED_BY_TIME, PORTFOLIO_ATTR } from './time-budget.js';
export { DEFAULT_PORTFOLIO, PORTFOLIO_PROVENANCE } from './portfolio.js';
export type { PortfolioEntry } from './portfolio.js';
export { trialCosts } from './trial-costs.js';
export type { TrialCost, TrialCosts } from './trial-costs.js';
// idle trial threads never keep a process alive; this ends them at once (see TuneGbdtOptions.nJobs)
export { closeIdlePool as closeIdleWorkers } from './threads/pool.js';
