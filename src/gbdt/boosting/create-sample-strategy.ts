/**
 * The {@link SampleStrategy} of a run's params (LightGBM's `SampleStrategy::CreateSampleStrategy`,
 * anchor `src/boosting/sample_strategy.cpp`).
 */
import type { GbdtParams } from '../../params/resolved.js';
import { Bagging } from './bagging.js';
import { Goss } from './goss.js';
import type { SampleStrategy } from './sample-strategy.js';

/**
 * The sample strategy of `params` for `n` training rows and `nModel` trees per round, or null when
 * every row trains every tree (no GOSS, and no bagging: `bagging_fraction = 1` or `bagging_freq = 0`).
 *
 * @example
 * ```ts
 * createSampleStrategy(resolveParams({ bagging_fraction: 0.8, bagging_freq: 1 }), 569, 1); // a Bagging
 * ```
 */
export function createSampleStrategy(
  params: Pick<GbdtParams, 'data_sample_strategy' | 'bagging_fraction' | 'bagging_freq' | 'bagging_seed' | 'top_rate' | 'other_rate' | 'learning_rate'>,
  n: number,
  nModel: number,
): SampleStrategy | null {
  if (params.data_sample_strategy === 'goss') return new Goss(params, n, nModel);
  if (params.bagging_fraction < 1 && params.bagging_freq > 0) return new Bagging(params, n);
  return null;
}
