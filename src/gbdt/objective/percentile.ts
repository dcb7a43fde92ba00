/**
 * The percentiles LightGBM uses for `regression_l1` (initial score and leaf re-fitting): the
 * `PercentileFun` / `WeightedPercentileFun` macros of src/objective/regression_objective.hpp,
 * reimplemented on typed arrays. For alpha = 0.5 the unweighted one is the usual median (the
 * middle value, or the two middle values interpolated).
 */

/**
 * The `alpha`-quantile of `values[0..n)` counted from the top, as LightGBM interpolates it:
 * with `d` sorted descending, `pos = floor((n-1)(1-alpha)) + 1`, the result is
 * `d[pos-1] - (d[pos-1] - d[pos]) * bias`. `values` is reordered (sorted) in place.
 *
 * @example
 * ```ts
 * percentile(new Float64Array([3, 1, 2, 10]), 4, 0.5); // 2.5
 * ```
 */
export function percentile(values: Float64Array, n: number, alpha: number): number {
  if (n <= 1) return values[0];
  const floatPos = (n - 1) * (1 - alpha);
  const pos = Math.floor(floatPos) + 1;
  const view = values.subarray(0, n);
  view.sort(); // ascending; d[j] (descending) = view[n - 1 - j]
  if (pos < 1) return view[n - 1];
  if (pos >= n) return view[0];
  const bias = floatPos - (pos - 1);
  const v1 = view[n - pos]; // d[pos - 1]
  const v2 = view[n - 1 - pos]; // d[pos]
  return v1 - (v1 - v2) * bias;
}

/**
 * The weighted `alpha`-quantile of `values[0..n)` with weights `weights[0..n)`, as LightGBM 4.7's
 * `WeightedPercentileFun` (fixed in LightGBM PR #7224, lightgbm-org/LightGBM, after 4.6 interpolated
 * on the wrong segment): values sorted ascending (stable), weighted CDF, `pos` the first position
 * whose CDF exceeds `alpha * total`; the result is interpolated between the values at `pos - 1` and
 * `pos` when that step of the CDF is at least 1, else the value at `pos - 1`. `float32`: the values
 * are LightGBM `label_t` (32-bit floats), so their difference is rounded to one. `values` and
 * `weights` are not changed.
 *
 * @example
 * ```ts
 * weightedPercentile(new Float64Array([1, 2, 3]), new Float64Array([1, 1, 1]), 3, 0.5); // 2
 * ```
 */
export function weightedPercentile(values: Float64Array, weights: Float64Array, n: number, alpha: number, float32 = false): number {
  if (n <= 1) return values[0];
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // stable ascending sort by value (ties keep their order)
  order.sort((a, b) => values[a] - values[b] || a - b);
  const cdf = new Float64Array(n);
  cdf[0] = weights[order[0]];
  for (let i = 1; i < n; i++) cdf[i] = cdf[i - 1] + weights[order[i]];
  const threshold = cdf[n - 1] * alpha;
  // first position with cdf > threshold (upper_bound)
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= threshold) lo = mid + 1;
    else hi = mid;
  }
  const pos = Math.min(lo, n - 1);
  if (pos === 0 || pos === n - 1) return values[order[pos]];
  // the threshold lies in (cdf[pos - 1], cdf[pos]]: interpolate on that segment
  const v1 = values[order[pos - 1]];
  const v2 = values[order[pos]];
  const step = cdf[pos] - cdf[pos - 1];
  if (step >= 1) return ((threshold - cdf[pos - 1]) / step) * (float32 ? Math.fround(v2 - v1) : v2 - v1) + v1;
  return v1;
}
