/**
 * Wilcoxon pruning (Optuna's `WilcoxonPruner`, `optuna/pruners/_wilcoxon.py`): each step is a
 * problem instance (e.g. a CV fold); the trial is pruned when a one-sided Wilcoxon signed-rank
 * test of its per-step values against the best trial's values at the same steps says it is worse
 * with p < `pThreshold`, unless its average over its steps is already at least as good as the best
 * trial's.
 */
import { log } from '../../core/log.js';
import { TunerError } from '../../core/errors.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Pruner, PrunerTrial } from './base.js';
import { checkInt, singleDirection } from './util.js';
import { wilcoxonSignedRank } from './wilcoxon-test.js';

/** Options of {@link WilcoxonPruner}. */
export interface WilcoxonPrunerOptions {
  /** Prune when the test's p-value is below this (0..1). Default 0.1. */
  pThreshold?: number;
  /** No pruning before this many steps are shared with the best trial (and never before 2). Default 2. */
  nStartupSteps?: number;
}

/**
 * Prunes by a Wilcoxon signed-rank test against the best trial. Trials with infinite or NaN
 * intermediate values are never pruned (with a warning).
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new WilcoxonPruner({ pThreshold: 0.1 }) });
 * // in the objective: for each fold i (in a shuffled order): trial.report(loss_i, i); if (trial.shouldPrune()) return meanSoFar;
 * ```
 */
export class WilcoxonPruner implements Pruner {
  readonly pThreshold: number;
  readonly nStartupSteps: number;

  constructor({ pThreshold = 0.1, nStartupSteps = 2 }: WilcoxonPrunerOptions = {}) {
    checkInt('WilcoxonPruner', 'nStartupSteps', nStartupSteps, 0);
    if (!(pThreshold >= 0 && pThreshold <= 1)) {
      throw new TunerError(`WilcoxonPruner: pThreshold (${pThreshold}) must be between 0 and 1`);
    }
    this.pThreshold = pThreshold;
    this.nStartupSteps = nStartupSteps;
  }

  prune(study: StudyView, trial: PrunerTrial): boolean {
    if (trial.intermediateValues.size === 0) return false;
    if (!allFinite(trial.intermediateValues.values())) {
      log.warn(
        `WilcoxonPruner: the intermediate values of trial ${trial.number} contain infinity or NaN; it will not be pruned`,
      );
      return false;
    }
    const direction = singleDirection(study, 'WilcoxonPruner');
    const best = bestTrial(study, direction === 'MAXIMIZE');
    if (best === null) return false;
    if (best.intermediateValues.size === 0) {
      log.warn(
        `WilcoxonPruner: the best trial (trial ${best.number}) has no intermediate values, so no trial can be pruned; ` +
          'give intermediate values to trials added with addTrial',
      );
      return false;
    }
    if (!allFinite(best.intermediateValues.values())) {
      log.warn(
        `WilcoxonPruner: the intermediate values of the best trial (trial ${best.number}) contain infinity or NaN; trial ${trial.number} will not be pruned`,
      );
      return false;
    }
    const diffs: number[] = [];
    for (const [step, v] of trial.intermediateValues) {
      const b = best.intermediateValues.get(step);
      if (b !== undefined) diffs.push(v - b);
    }
    if (diffs.length < trial.intermediateValues.size) {
      log.warn(
        `WilcoxonPruner: trial ${trial.number} has steps the best trial (trial ${best.number}) lacks; their values are ignored`,
      );
    }
    if (diffs.length < Math.max(2, this.nStartupSteps)) return false;
    const maximize = direction === 'MAXIMIZE';
    const bestMean = mean(best.intermediateValues.values());
    const ownMean = mean(trial.intermediateValues.values());
    const averageIsBest = maximize ? bestMean <= ownMean : bestMean >= ownMean;
    // the alternative "the trial is worse": smaller values when maximizing, larger when minimizing
    const p = wilcoxonSignedRank(diffs, maximize ? 'less' : 'greater').pValue;
    if (p < this.pThreshold && averageIsBest) return false;
    return p < this.pThreshold;
  }
}

/** The COMPLETE trial with the best value (the first one on ties), or null. */
function bestTrial(study: StudyView, maximize: boolean): FrozenTrial | null {
  let best: FrozenTrial | null = null;
  let bestValue = NaN;
  for (const t of study.getTrials({ states: ['COMPLETE'] })) {
    if (t.values === null || t.values.length === 0) continue;
    const v = t.values[0];
    if (best === null || (maximize ? v > bestValue : v < bestValue)) {
      best = t;
      bestValue = v;
    }
  }
  return best;
}

function allFinite(values: Iterable<number>): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}

function mean(values: Iterable<number>): number {
  let s = 0;
  let n = 0;
  for (const v of values) {
    s += v;
    n++;
  }
  return s / n;
}
