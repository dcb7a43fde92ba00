/**
 * The median stopping rule (Optuna's `MedianPruner`, `optuna/pruners/_median.py`): a
 * {@link PercentilePruner} at the 50th percentile.
 */
import { PercentilePruner } from './percentile.js';
import type { PercentilePrunerOptions } from './percentile.js';

/** Options of {@link MedianPruner} (the same as {@link PercentilePrunerOptions}). */
export type MedianPrunerOptions = PercentilePrunerOptions;

/**
 * Prunes a trial whose best intermediate value is worse than the median of the COMPLETE trials'
 * values at the same step. Defaults: `nStartupTrials` 5, `nWarmupSteps` 0, `intervalSteps` 1,
 * `nMinTrials` 1.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new MedianPruner({ nWarmupSteps: 5 }) });
 * ```
 */
export class MedianPruner extends PercentilePruner {
  constructor(options: MedianPrunerOptions = {}) {
    super(50, options);
  }
}
