/**
 * The pruner that never prunes (Optuna's `NopPruner`, `optuna/pruners/_nop.py`).
 */
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Pruner, PrunerTrial } from './base.js';

/**
 * Never prunes: `shouldPrune()` is always false.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new NopPruner() });
 * ```
 */
export class NopPruner implements Pruner {
  prune(_study: StudyView, _trial: PrunerTrial): boolean {
    return false;
  }

  /** Never pruned: NaN at every step. */
  stepThresholds(_study: StudyView, _trial: FrozenTrial, nSteps: number): Float64Array {
    return new Float64Array(nSteps).fill(NaN);
  }
}
