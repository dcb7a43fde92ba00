/**
 * What a dataset holds per row beside its features and target (LightGBM's `Metadata`,
 * src/io/metadata.cpp): row weights, initial scores and ranking query boundaries, and the checks
 * every way of giving them shares (a weight column, a weight array, an init-score array).
 *
 * @example
 * ```ts
 * const meta: RowMeta = { weights: new Float64Array([1, 2]), weightColumn: 'w', initScore: null, queryBoundaries: null };
 * ```
 */

/**
 * Per-row data beside the features and the target.
 *
 * - `weights`: one weight per row (finite, >= 0), or null (every row weighs 1). They multiply each
 *   row's gradient and hessian, the initial score (`boost_from_average`), `min_sum_hessian_in_leaf`
 *   and every metric, as LightGBM's weights do; they do not change `min_data_in_leaf` (rows), the
 *   bins, the folds or bagging.
 * - `weightColumn`: the column the weights were read from (not a feature), or null.
 * - `initScore`: an initial raw score per row and model (LightGBM's `init_score`), class-major
 *   (`initScore[k * nRows + i]` is row i's score for class k; one block for binary and
 *   regression), or null. Training starts from it instead of `boost_from_average`; the model
 *   does not contain it, so predictions do not add it.
 * - `queryBoundaries`: ranking data's query groups (LightGBM's `query_boundaries`): query q holds
 *   rows `[queryBoundaries[q], queryBoundaries[q + 1])`; null when the data has none (the `group`
 *   option).
 */
export interface RowMeta {
  readonly weights: Float64Array | null;
  readonly weightColumn: string | null;
  readonly initScore: Float64Array | null;
  readonly queryBoundaries: Uint32Array | null;
}

/** No weights, no initial scores, no queries. */
export const NO_ROW_META: RowMeta = { weights: null, weightColumn: null, initScore: null, queryBoundaries: null };

/** Largest weight LightGBM can hold (it keeps weights as 32-bit floats, `label_t`). */
export const MAX_WEIGHT = 3.4028234663852886e38;

/**
 * Why `w` is not a usable weight, or null when it is (a finite number in [0, 3.4e38]).
 *
 * @example
 * ```ts
 * weightProblem(-1); // 'is -1; weights must be finite numbers >= 0'
 * weightProblem(2); // null
 * ```
 */
export function weightProblem(w: number): string | null {
  if (w >= 0 && w <= MAX_WEIGHT) return null;
  if (w > MAX_WEIGHT && w !== Infinity) return `is ${w}; weights must be at most ${MAX_WEIGHT} (LightGBM holds them as 32-bit floats)`;
  return `is ${Number.isNaN(w) ? 'missing (NaN)' : String(w)}; weights must be finite numbers >= 0`;
}

/** Whether `x` is an array or a typed array (what a weight or init-score array may be). */
export function isNumberArray(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}
