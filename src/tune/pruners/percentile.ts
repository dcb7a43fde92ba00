/**
 * Percentile pruning (Optuna's `PercentilePruner`, `optuna/pruners/_percentile.py`): prune a
 * trial whose best intermediate value so far is worse than the given percentile of the COMPLETE
 * trials' intermediate values at the trial's current step.
 */
import { TunerError } from '../../core/errors.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { lastStep } from '../trial/frozen-trial.js';
import type { Pruner, PrunerTrial } from './base.js';
import { checkInt, isFirstInIntervalStep, nanExtreme, nanPercentile, singleDirection, sortedPercentile } from './util.js';

/** Options of {@link PercentilePruner} and {@link MedianPruner}. */
export interface PercentilePrunerOptions {
  /** Pruning is off until this many trials are COMPLETE. Default 5. */
  nStartupTrials?: number;
  /** Pruning is off while the step is below this; the earliest prune is at `step == nWarmupSteps`. Default 0. */
  nWarmupSteps?: number;
  /** Steps between pruning checks, offset by the warmup steps (a missed check waits for the next report). Default 1. */
  intervalSteps?: number;
  /** Fewest COMPLETE trials with a value at the step for a decision. Default 1. */
  nMinTrials?: number;
}

/**
 * Keeps the best `percentile` % of trials at each step: prunes when the trial's best intermediate
 * value is worse than that percentile of the other COMPLETE trials' values at the same step
 * (direction-aware; for maximization the `100 - percentile` percentile is the cut). A trial whose
 * intermediate values are all NaN is pruned; NaN values of other trials are ignored.
 *
 * @example
 * ```ts
 * const pruner = new PercentilePruner(25, { nStartupTrials: 5, nWarmupSteps: 30, intervalSteps: 10 });
 * const study = await createStudy({ direction: 'maximize', pruner });
 * ```
 */
export class PercentilePruner implements Pruner {
  readonly percentile: number;
  readonly nStartupTrials: number;
  readonly nWarmupSteps: number;
  readonly intervalSteps: number;
  readonly nMinTrials: number;
  /** Per study, the COMPLETE trials' values by step (for stepThresholds). */
  private readonly byStudy = new WeakMap<StudyView, StepValues>();

  constructor(
    percentile: number,
    { nStartupTrials = 5, nWarmupSteps = 0, intervalSteps = 1, nMinTrials = 1 }: PercentilePrunerOptions = {},
  ) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new TunerError(`PercentilePruner: percentile (${percentile}) must be between 0 and 100 inclusive`);
    }
    checkInt('PercentilePruner', 'nStartupTrials', nStartupTrials, 0);
    checkInt('PercentilePruner', 'nWarmupSteps', nWarmupSteps, 0);
    checkInt('PercentilePruner', 'intervalSteps', intervalSteps, 1);
    checkInt('PercentilePruner', 'nMinTrials', nMinTrials, 1);
    this.percentile = percentile;
    this.nStartupTrials = nStartupTrials;
    this.nWarmupSteps = nWarmupSteps;
    this.intervalSteps = intervalSteps;
    this.nMinTrials = nMinTrials;
  }

  prune(study: StudyView, trial: PrunerTrial): boolean {
    const completed = study.getTrials({ states: ['COMPLETE'] });
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;
    const step = lastStep(trial);
    if (step === null || step < this.nWarmupSteps) return false;
    if (!isFirstInIntervalStep(step, trial.intermediateValues.keys(), this.nWarmupSteps, this.intervalSteps)) {
      return false;
    }
    const direction = singleDirection(study, 'PercentilePruner');
    const best = nanExtreme(trial.intermediateValues.values(), direction === 'MAXIMIZE' ? 'max' : 'min');
    if (Number.isNaN(best)) return true;
    const p = percentileAtStep(completed, direction === 'MAXIMIZE', step, this.percentile, this.nMinTrials);
    if (Number.isNaN(p)) return false;
    return direction === 'MAXIMIZE' ? best < p : best > p;
  }

  /**
   * The decisions of {@link prune} for a trial reporting steps 0, 1, 2, ... (see
   * `Pruner.stepThresholds`): NaN before the warmup, between interval checks and until
   * `nStartupTrials` trials are COMPLETE; else the percentile at the step, or -Infinity
   * (+Infinity when minimizing) where fewer than `nMinTrials` COMPLETE trials reported it, which
   * prunes only a trial whose values are all NaN.
   */
  stepThresholds(study: StudyView, _trial: FrozenTrial, nSteps: number): Float64Array {
    const out = new Float64Array(nSteps).fill(NaN);
    const completed = study.getTrials({ states: ['COMPLETE'] });
    if (completed.length === 0 || completed.length < this.nStartupTrials) return out;
    const maximize = singleDirection(study, 'PercentilePruner') === 'MAXIMIZE';
    const steps = this.stepValues(study, completed);
    const q = maximize ? 100 - this.percentile : this.percentile;
    for (let s = this.nWarmupSteps; s < nSteps; s += this.intervalSteps) {
      const reported = steps.count[s] ?? 0;
      const sorted = steps.sorted[s];
      let p = NaN;
      if (reported >= this.nMinTrials && sorted !== undefined) p = sortedPercentile(sorted, q);
      out[s] = Number.isNaN(p) ? (maximize ? -Infinity : Infinity) : p;
    }
    return out;
  }

  /** The COMPLETE trials' values by step, kept per study and extended as trials complete (a COMPLETE trial never changes). */
  private stepValues(study: StudyView, completed: readonly FrozenTrial[]): StepValues {
    let c = this.byStudy.get(study);
    if (c === undefined || c.trials.size > completed.length) {
      c = { trials: new Set(), sorted: [], count: [] };
      this.byStudy.set(study, c);
    }
    if (c.trials.size === completed.length) return c;
    for (const t of completed) {
      if (c.trials.has(t.trialId)) continue;
      c.trials.add(t.trialId);
      for (const [step, v] of t.intermediateValues) {
        c.count[step] = (c.count[step] ?? 0) + 1;
        if (Number.isNaN(v)) continue;
        const xs = (c.sorted[step] ??= []);
        let lo = 0;
        let hi = xs.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (xs[mid] <= v) lo = mid + 1;
          else hi = mid;
        }
        xs.splice(lo, 0, v);
      }
    }
    return c;
  }
}

/** A study's COMPLETE trials' intermediate values at each step: sorted non-NaN values, and how many reported (NaN included). */
interface StepValues {
  trials: Set<number>;
  sorted: number[][];
  count: number[];
}

/** The percentile of the trials' values at `step` (NaN when fewer than `nMinTrials` reported there). */
function percentileAtStep(
  trials: readonly FrozenTrial[],
  maximize: boolean,
  step: number,
  percentile: number,
  nMinTrials: number,
): number {
  const values: number[] = [];
  for (const t of trials) {
    const v = t.intermediateValues.get(step);
    if (v !== undefined) values.push(v);
  }
  if (values.length < nMinTrials) return NaN;
  return nanPercentile(values, maximize ? 100 - percentile : percentile);
}
