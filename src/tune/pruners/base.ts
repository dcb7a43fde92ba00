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
}
