/**
 * One trial's objective: k-fold CV of the booster params on the study's shared bins, early
 * stopping on the fold-mean of the tuned metric, every round's fold mean handed to `onRound`
 * (reporting and pruning). Runs on the main thread or in a worker (see threads/trial-thread.ts).
 */
import type { Fold } from '../data/split.js';
import type { BinnedDataset } from '../data/binned-dataset.js';
import { runFoldCv, type FoldCvResult } from './fold-cv.js';

/** What one trial's CV yields: {@link runFoldCv}'s result (`value` is NaN when the trial was stopped after its first folds). */
export type CvTrialResult = FoldCvResult;

/**
 * Fold-level pruning of one trial: train the `firstFolds` first and stop the trial when their
 * values are clearly worse than `reference`, the best trial's values on the same folds (see
 * {@link firstFoldsClearlyWorse}).
 */
export interface FoldPruning {
  firstFolds: number;
  reference: readonly number[];
  maximize: boolean;
  /** Rounds every fold trains in lockstep before the first folds go on alone (see fold-cv.ts). Default 0. */
  lockstepRounds?: number;
  /**
   * When the first folds stop the trial: `'each'` when every one is worse than the reference's
   * same fold ({@link firstFoldsClearlyWorse}), `'mean'` when their mean is not better than the
   * reference's same folds' mean ({@link firstFoldsNoBetter}: a refinement against the trial it
   * refines, which must pay for its cost). Default `'each'`.
   */
  rule?: 'each' | 'mean';
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
 * True when a trial's first folds are clearly worse than the best trial's same folds: every one of
 * them worse (a paired comparison, fold by fold, as the Wilcoxon signed-rank test's statistic is
 * extreme when every difference has the same sign). The first folds' values are taken at their own
 * best round and the best trial's at its k-fold best round, which favours the trial: a tie or one
 * fold better keeps it.
 *
 * @example
 * ```ts
 * firstFoldsClearlyWorse([0.95, 0.96], [0.97, 0.975, 0.96, 0.98, 0.97], true); // true
 * ```
 */
export function firstFoldsClearlyWorse(values: readonly number[], reference: readonly number[], maximize: boolean): boolean {
  if (values.length === 0) return false;
  for (let f = 0; f < values.length; f++) {
    const v = values[f];
    const r = reference[f];
    if (!Number.isFinite(v) || !Number.isFinite(r)) return false;
    if (maximize ? v >= r : v <= r) return false;
  }
  return true;
}

/**
 * True when the mean of a trial's first folds is not better than the mean of `reference` on the
 * same folds (a tie stops it): the rule for a refinement at a lower learning rate (lr-refine.ts),
 * which costs several search trials and is worth finishing only when its first folds gain.
 *
 * @example
 * ```ts
 * firstFoldsNoBetter([0.95, 1], [0.97, 0.975, 0.96], true); // false: 0.975 > 0.9725
 * ```
 */
export function firstFoldsNoBetter(values: readonly number[], reference: readonly number[], maximize: boolean): boolean {
  if (values.length === 0 || values.length > reference.length) return false;
  let v = 0;
  let r = 0;
  for (let f = 0; f < values.length; f++) {
    if (!Number.isFinite(values[f]) || !Number.isFinite(reference[f])) return false;
    v += values[f];
    r += reference[f];
  }
  return maximize ? v <= r : v >= r;
}

/**
 * Runs the CV of one trial's params (see fold-cv.ts): `onRound(iteration, value)` sees every
 * round's k-fold mean and may throw (e.g. `TrialPruned`) to stop. With `pruning`, the first folds
 * train first (`onFirstRound` sees their mean each round and may throw to stop) and the trial
 * stops after them when they are clearly worse than the best trial's.
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
  pruning: FoldPruning | null = null,
  onFirstRound?: (iteration: number, value: number) => void,
): CvTrialResult {
  // a record built at run time: resolveParams checks its keys and values; the tuned metric
  // (and, for a ranking metric, its position) stays the study's whatever the trial's params say
  const params: Record<string, unknown> = { ...baseParams, ...trialParams, metric: baseParams.metric };
  if (baseParams.eval_at !== undefined) params.eval_at = baseParams.eval_at;
  return runFoldCv(binned, params, metric, folds, {
    onRound,
    ...(pruning !== null
      ? {
          firstFolds: pruning.firstFolds,
          lockstepRounds: pruning.lockstepRounds ?? 0,
          onFirstRound,
          stopAfterFirst: (v: readonly number[]) => (pruning.rule === 'mean' ? firstFoldsNoBetter : firstFoldsClearlyWorse)(v, pruning.reference, pruning.maximize),
        }
      : {}),
  });
}
