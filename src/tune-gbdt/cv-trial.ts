/**
 * One trial's objective: k-fold CV of the booster params on the study's shared bins, early
 * stopping on the fold-mean of the tuned metric, every round's fold mean handed to `onRound`
 * (reporting and pruning). Runs on the main thread or in a worker (see threads/trial-thread.ts).
 */
import type { Fold } from '../data/split.js';
import type { BinnedDataset } from '../data/binned-dataset.js';
import { cv } from '../gbdt/boosting/cv.js';
import type { CvCallback } from '../gbdt/boosting/callbacks.js';
import { TunerError } from '../core/errors.js';

/** What one trial's CV yields. */
export interface CvTrialResult {
  /** The metric's fold mean at the best round. */
  value: number;
  /** The best round (1-based; the number of rounds to refit with). */
  bestIteration: number;
}

/** Settings shared by every trial of a study. */
export interface CvTrialSettings {
  /** Params every trial gets (objective, metric, early stopping, seeds, num_iterations, ...). */
  baseParams: Record<string, unknown>;
  /** The tuned metric. */
  metric: string;
  folds: Fold[];
}

/**
 * Runs the CV of one trial's params. `onRound(iteration, value)` sees every round's fold mean and
 * may throw (e.g. `TrialPruned`) to stop.
 *
 * @example
 * ```ts
 * const r = runCvTrial(binned, { num_leaves: 31 }, settings, () => {});
 * r.value; r.bestIteration;
 * ```
 */
export function runCvTrial(
  binned: BinnedDataset,
  trialParams: Record<string, unknown>,
  { baseParams, metric, folds }: CvTrialSettings,
  onRound: (iteration: number, value: number) => void,
): CvTrialResult {
  const cb: CvCallback = (env) => {
    for (const e of env.evaluations) {
      if (e.metricName === metric) {
        onRound(env.iteration, e.mean);
        return;
      }
    }
  };
  // a record built at run time: cv's resolveParams checks its keys and values; the tuned metric
  // (and, for a ranking metric, its position) stays the study's whatever the trial's params say
  const params: Record<string, unknown> = { ...baseParams, ...trialParams, metric: baseParams.metric };
  if (baseParams.eval_at !== undefined) params.eval_at = baseParams.eval_at;
  const r = cv(params, binned, { folds, callbacks: [cb] });
  const best = r.best[metric];
  if (best === undefined) throw new TunerError(`tuneGbdt: metric '${metric}' was not evaluated by cv; evaluated: ${Object.keys(r.best).join(', ')}`);
  return { value: best.mean, bestIteration: r.bestIteration };
}
