/**
 * The rows each tree learns from: the contract of LightGBM's data sample strategies (anchor
 * `src/boosting/sample_strategy.cpp`), `Bagging` (bagging.ts: `bagging_fraction` every
 * `bagging_freq` rounds) and `Goss` (goss.ts: `data_sample_strategy=goss`), both drawing LightGBM's
 * random numbers; `createSampleStrategy` (create-sample-strategy.ts) picks one. The contract lives
 * alone so that the implementations import it without an import cycle.
 */
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
