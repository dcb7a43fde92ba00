/**
 * The rows each tree learns from: LightGBM's data sample strategies (anchor
 * `src/boosting/sample_strategy.cpp`): {@link Bagging} (`bagging_fraction` every `bagging_freq`
 * rounds) or {@link Goss} (`data_sample_strategy=goss`), both drawing LightGBM's random numbers.
 */
import type { GbdtParams } from '../../params/resolved.js';
import { Bagging } from './bagging.js';
import { Goss } from './goss.js';

/** The current bag of a {@link SampleStrategy}: in-bag rows ascending, out-of-bag rows after. */
export interface RowBag {
  /** False: every row trains the tree (no bag drawn yet, or GOSS's first rounds). */
  active: boolean;
  /** In-bag rows (ascending) in [0, bagCount). */
  readonly bag: Uint32Array;
  bagCount: number;
  /** Out-of-bag rows in [0, oobCount). */
  readonly oob: Uint32Array;
  oobCount: number;
}

/**
 * Chooses each round's training rows (LightGBM's `SampleStrategy::Bagging`).
 *
 * @example
 * ```ts
 * const s = createSampleStrategy(params, n, 1);
 * s?.sample(iteration, grad, hess); // then s.active ? s.bag[0..s.bagCount) : all rows
 * ```
 */
export interface SampleStrategy extends RowBag {
  /** Draws the rows of round `iter` (GOSS also scales the gradients of its sampled rows). */
  sample(iter: number, grad: Float32Array, hess: Float32Array): void;
}

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
