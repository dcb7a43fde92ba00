/**
 * The pruner contract (Optuna's `BasePruner`): one synchronous decision from the study snapshot
 * and the trial's own reported intermediate values.
 */
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';

export interface Pruner {
  /** True when the trial should stop now. */
  prune(study: StudyView, trial: FrozenTrial): boolean;
}
