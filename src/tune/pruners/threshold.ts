/**
 * Threshold pruning (Optuna's `ThresholdPruner`, `optuna/pruners/_threshold.py`): prune when the
 * latest intermediate value leaves `[lower, upper]` or is NaN.
 */
import { TunerError } from '../../core/errors.js';
import type { StudyView } from '../study/study-view.js';
import { lastStep } from '../trial/frozen-trial.js';
import type { Pruner, PrunerTrial } from './base.js';
import { checkInt, isFirstInIntervalStep } from './util.js';

/** Options of {@link ThresholdPruner}; at least one of `lower` and `upper` is required. */
export interface ThresholdPrunerOptions {
  /** Prune when the latest value is below this. Default: none (-Infinity). */
  lower?: number | null;
  /** Prune when the latest value is above this. Default: none (+Infinity). */
  upper?: number | null;
  /** No pruning while the step is below this. Default 0. */
  nWarmupSteps?: number;
  /** Steps between checks, offset by the warmup steps. Default 1. */
  intervalSteps?: number;
}

/**
 * Prunes a trial whose latest intermediate value is below `lower`, above `upper`, or NaN.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new ThresholdPruner({ upper: 1.0 }) });
 * ```
 */
export class ThresholdPruner implements Pruner {
  readonly lower: number;
  readonly upper: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;

  constructor({ lower = null, upper = null, nWarmupSteps = 0, intervalSteps = 1 }: ThresholdPrunerOptions) {
    if ((lower === null || lower === undefined) && (upper === null || upper === undefined)) {
      throw new TunerError('ThresholdPruner: either lower or upper must be given');
    }
    for (const [key, v] of [['lower', lower], ['upper', upper]] as const) {
      if (v !== null && (typeof v !== 'number' || Number.isNaN(v))) {
        throw new TunerError(`ThresholdPruner: ${key} (${String(v)}) must be a number`);
      }
    }
    const lo = lower ?? -Infinity;
    const hi = upper ?? Infinity;
    if (lo > hi) throw new TunerError(`ThresholdPruner: lower (${lo}) must be <= upper (${hi})`);
    checkInt('ThresholdPruner', 'nWarmupSteps', nWarmupSteps, 0);
    checkInt('ThresholdPruner', 'intervalSteps', intervalSteps, 1);
    this.lower = lo;
    this.upper = hi;
    this.nWarmupSteps = nWarmupSteps;
    this.intervalSteps = intervalSteps;
  }

  prune(_study: StudyView, trial: PrunerTrial): boolean {
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, trial.intermediateValues.keys(), this.nWarmupSteps, this.intervalSteps)) {
      return false;
    }
    const v = trial.intermediateValues.get(step) as number;
    return Number.isNaN(v) || v < this.lower || v > this.upper;
  }
}
