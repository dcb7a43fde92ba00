/**
 * Discounted cumulative gain, as LightGBM's `DCGCalculator` (anchor: src/metric/dcg_calculator.cpp),
 * shared by the `ndcg` metric and the `lambdarank` objective: the position discount
 * `1 / log2(2 + i)` for positions below 10,000, the default label gains `2^i - 1`, the best DCG of a
 * query at k, its DCG at k under the current scores, and the checks LightGBM makes of ranking labels.
 *
 * @example
 * ```ts
 * const gains = labelGains([]); // [0, 1, 3, 7, ...]
 * const best = maxDcgAtK(3, new Float64Array([2, 0, 1]), 0, 3, gains); // 3 + 1/log2(3)
 * ```
 */
import { K_EPSILON } from '../../core/constants.js';
import { DataError } from '../../core/errors.js';

/** LightGBM's kMaxPosition: the most rows a query may have. */
export const MAX_QUERY_ROWS = 10000;

/** `DISCOUNT[i] = 1 / log2(2 + i)`, the discount of (0-based) position i. */
export const DISCOUNT: Float64Array = (() => {
  const d = new Float64Array(MAX_QUERY_ROWS);
  for (let i = 0; i < MAX_QUERY_ROWS; i++) d[i] = 1.0 / Math.log2(2.0 + i);
  return d;
})();

/**
 * The gain of each label: `labelGain` when given (LightGBM's `label_gain`), else `2^i - 1` for
 * i = 0..30 (LightGBM's `DefaultLabelGain`).
 */
export function labelGains(labelGain: readonly number[]): Float64Array {
  if (labelGain.length > 0) return Float64Array.from(labelGain);
  const g = new Float64Array(31);
  for (let i = 1; i < 31; i++) g[i] = 2 ** i - 1;
  return g;
}

/**
 * LightGBM's `CheckLabel` and `CheckMetadata` for ranking: every label an integer (to kEpsilon) in
 * [0, gains.length), every query at most {@link MAX_QUERY_ROWS} rows. `what` names the caller.
 */
export function checkRankingData(label: Float64Array, queries: Uint32Array, nGains: number, what: string): void {
  for (let i = 0; i < label.length; i++) {
    const y = label[i];
    if (!(Math.abs(y - Math.trunc(y)) <= K_EPSILON)) {
      throw new DataError(`${what}: label of row ${i} is ${y}; ranking labels must be integers (relevance grades 0, 1, 2, ...; give label_gain for other gains)`);
    }
    if (y < 0) throw new DataError(`${what}: label of row ${i} is ${y}; ranking labels must be >= 0`);
    if (Math.trunc(y) >= nGains) {
      throw new DataError(`${what}: label of row ${i} is ${y}, not below the ${nGains} label gains (label_gain); give label_gain with more values`);
    }
  }
  for (let q = 0; q + 1 < queries.length; q++) {
    const rows = queries[q + 1] - queries[q];
    if (rows > MAX_QUERY_ROWS) throw new DataError(`${what}: query ${q} has ${rows} rows; at most ${MAX_QUERY_ROWS} rows per query (as LightGBM)`);
  }
}

/**
 * The best DCG at k of the query holding rows [begin, begin + n) of `label` (LightGBM's
 * `CalMaxDCGAtK`): its labels from the highest down, at positions 0..k-1.
 */
export function maxDcgAtK(k: number, label: Float64Array, begin: number, n: number, gains: Float64Array): number {
  const counts = new Int32Array(gains.length);
  for (let i = 0; i < n; i++) counts[Math.trunc(label[begin + i])]++;
  let top = gains.length - 1;
  const kk = Math.min(k, n);
  let ret = 0;
  for (let j = 0; j < kk; j++) {
    while (top > 0 && counts[top] <= 0) top--;
    ret += DISCOUNT[j] * gains[top];
    counts[top]--;
  }
  return ret;
}

/**
 * Fills `order[0..n)` with 0..n-1 sorted by `score[begin + i]` descending, ties in row order
 * (LightGBM's `std::stable_sort` with `score[a] > score[b]`).
 */
export function sortByScoreDesc(score: Float64Array, begin: number, n: number, order: Int32Array): Int32Array {
  const o = order.subarray(0, n);
  for (let i = 0; i < n; i++) o[i] = i;
  // TypedArray sort is stable
  o.sort((a, b) => {
    const sa = score[begin + a];
    const sb = score[begin + b];
    return sa > sb ? -1 : sa < sb ? 1 : 0;
  });
  return o;
}
