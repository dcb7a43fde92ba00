/**
 * The time budget of a tuning run (`timeout` of tuneGbdt, `--time` of `gbtune tune`): the seconds
 * the whole run may spend, reading the data, the trials, the refit and the outputs included. The
 * trials get the budget less a reserve for the refit, estimated from the best trial so far (its
 * seconds per fold and round, scaled to all rows and its best round, see {@link refitSeconds});
 * a trial still running when that is spent is stopped at its next round, and no trial starts after.
 */
import { TunerError } from '../core/errors.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';

/** User attribute: the boosting rounds a trial ran (the most of any of its folds). */
export const ROUNDS_ATTR = 'rounds_run';
/** User attribute: the folds a trial trained (fewer than the study's when stopped after its first folds). */
export const FOLDS_ATTR = 'folds_evaluated';
/** User attribute: a trial's wall time in seconds (its CV, in its thread). */
export const SECONDS_ATTR = 'seconds';
/** User attribute: why a trial was stopped before its end other than by the pruner, e.g. 'time budget'. */
export const STOPPED_ATTR = 'stopped';

/** User attribute: true on a trial enqueued from the portfolio (portfolio.ts), before the sampler took over. */
export const PORTFOLIO_ATTR = 'portfolio';

/** The {@link STOPPED_ATTR} value of a trial stopped because the time budget was spent. */
export const STOPPED_BY_TIME = 'time budget';
/** The {@link STOPPED_ATTR} value of a trial pruned after its first folds (fold-cv.ts). */
export const STOPPED_BY_FOLDS = 'first folds';
/** User attribute: each fold's value at the trial's best round (the first folds' only when pruned after them). */
export const FOLD_VALUES_ATTR = 'fold_values';

/** Seconds kept beyond the refit's estimate for writing the outputs (model files, trials.csv, report). */
const OUTPUT_SECONDS = 0.25;
/** The refit's estimate is scaled by this much, as its per-round cost is measured on one trial. */
const REFIT_MARGIN = 1.25;

/**
 * Estimated seconds to refit a trial's params on all rows: its seconds per fold and round, times
 * its best round, times the share of all rows to a fold's training rows (k / (k - 1)). Null when the
 * trial lacks the timing attrs (a study made before they were recorded).
 *
 * @example
 * ```ts
 * refitSeconds(study.bestTrial, 5); // e.g. 0.8
 * ```
 */
export function refitSeconds(trial: FrozenTrial, nFolds: number): number | null {
  const a = trial.userAttrs;
  const seconds = a[SECONDS_ATTR];
  const rounds = a[ROUNDS_ATTR];
  const folds = a[FOLDS_ATTR];
  const best = a.best_iteration;
  if (typeof seconds !== 'number' || typeof rounds !== 'number' || typeof folds !== 'number' || typeof best !== 'number' || rounds <= 0 || folds <= 0) return null;
  return (seconds / (rounds * folds)) * best * (nFolds / Math.max(1, nFolds - 1));
}

/**
 * See the module comment.
 *
 * @example
 * ```ts
 * const budget = new TimeBudget(300); // 5 minutes from now
 * budget.setReserve(study.bestTrial, 5, true);
 * if (budget.spent()) study.stop();
 * ```
 */
export class TimeBudget {
  private reserve = 0;

  /**
   * @param seconds the run's budget (> 0)
   * @param start when the run started (`performance.now()` milliseconds). Default now.
   * @param now the clock, in milliseconds (tests give a fake one). Default `performance.now`.
   */
  constructor(
    readonly seconds: number,
    private readonly start: number = performance.now(),
    private readonly now: () => number = () => performance.now(),
  ) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) throw new TunerError(`tuneGbdt: timeout (${String(seconds)}) must be a number of seconds > 0`);
  }

  /** Seconds since the run started. */
  elapsed(): number {
    return (this.now() - this.start) / 1000;
  }

  /** The seconds kept for the refit and the outputs. */
  get reserved(): number {
    return this.reserve;
  }

  /** Seconds the trials may still spend (negative once spent). */
  left(): number {
    return this.seconds - this.reserve - this.elapsed();
  }

  /** True once the trials' share of the budget is spent: no trial starts, a running one stops. */
  spent(): boolean {
    return this.left() <= 0;
  }

  /**
   * Keeps the time to refit `best` (the best trial so far, or null: none yet) on all rows when
   * `refit`, and to write the outputs when `outputs`, out of the trials' share.
   */
  setReserve(best: FrozenTrial | null, nFolds: number, refit: boolean, outputs: boolean): void {
    const fit = refit && best !== null ? refitSeconds(best, nFolds) ?? 0 : 0;
    this.reserve = REFIT_MARGIN * fit + (outputs ? OUTPUT_SECONDS : 0);
  }
}
