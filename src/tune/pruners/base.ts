/**
 * The pruner contract (Optuna's `BasePruner`): one synchronous decision from the study snapshot
 * and the trial's own reported intermediate values.
 *
 * @example
 * ```ts
 * class StopAbove implements Pruner {
 *   prune(_study: StudyView, trial: PrunerTrial): boolean {
 *     const step = lastStep(trial);
 *     return step !== null && (trial.intermediateValues.get(step) as number) > 10;
 *   }
 * }
 * ```
 */
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';

/**
 * The trial a pruner judges. The study core should pass an object that can also queue system
 * attribute writes on the trial (as `TrialSetup` does for samplers): `SuccessiveHalvingPruner` and
 * `HyperbandPruner` record each completed rung there (`completed_rung_<k>`), as Optuna does, so
 * other workers see it. Without `setSystemAttr` they keep the rungs in memory (one process only).
 */
export interface PrunerTrial extends FrozenTrial {
  setSystemAttr?(key: string, value: unknown): void;
}

export interface Pruner {
  /** True when the trial should stop now. */
  prune(study: StudyView, trial: PrunerTrial): boolean;
  /**
   * Optional: the view of the study that samplers and the pruner should see for `trial`
   * (Optuna's `pruners._filter_study`). `HyperbandPruner` returns only the trials of the trial's
   * bracket, so a sampler models each bracket apart. The study core calls
   * `pruner.filterStudy?.(view, trial) ?? view` before sampling a trial's params.
   */
  filterStudy?(study: StudyView, trial: FrozenTrial): StudyView;
  /**
   * Optional: this pruner's decisions for `trial` as one threshold per step, for a trial that
   * reports every step 0, 1, 2, ... in order, so that code running elsewhere (a worker thread)
   * can prune itself each step without asking the study. At step `s`, NaN means "not pruned";
   * otherwise the trial is pruned when its best value so far is NaN or worse than `thresholds[s]`
   * (below it when maximizing, above it when minimizing). The decisions must equal `prune`'s on
   * the same study; ask again when other trials finish. Pruners whose decision depends on more
   * than that (rungs, patience, the trial's last value) leave it out.
   */
  stepThresholds?(study: StudyView, trial: FrozenTrial, nSteps: number): Float64Array;
}

/**
 * Whether the step thresholds of {@link Pruner.stepThresholds} prune a trial at a step whose
 * threshold is `threshold`, given the best (direction-wise) of its values so far, NaN if none.
 */
export function prunedByThreshold(threshold: number, best: number, maximize: boolean): boolean {
  if (Number.isNaN(threshold)) return false;
  return Number.isNaN(best) || (maximize ? best < threshold : best > threshold);
}
