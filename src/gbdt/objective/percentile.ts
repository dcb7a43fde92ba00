/**
 * The percentiles LightGBM uses for `regression_l1`, `quantile` and `mape` (initial score and leaf
 * re-fitting): the `PercentileFun` / `WeightedPercentileFun` macros of
 * src/objective/regression_objective.hpp, reimplemented on typed arrays. For alpha = 0.5 the
 * unweighted one is the usual median (the middle value, or the two middle values interpolated).
 *
 * LightGBM instantiates them with `T = label_t` (float) for the initial score and `T = double` for
 * the leaves; with `float32` the difference of the two neighbours is taken in float arithmetic
 * and the result rounded to float, as the `label_t` instantiation does.
 */

/**
 * The `alpha`-quantile of `values[0..n)` counted from the top, as LightGBM interpolates it:
 * with `d` sorted descending, `pos = floor((n-1)(1-alpha)) + 1`, the result is
 * `d[pos-1] - (d[pos-1] - d[pos]) * bias`. `values` is reordered (sorted) in place. `float32`:
 * as LightGBM's `label_t` instantiation (see the module comment).
 *
 * @example
 * ```ts
 * percentile(new Float64Array([3, 1, 2, 10]), 4, 0.5); // 2.5
 * ```
 */
export function percentile(values: Float64Array, n: number, alpha: number, float32 = false): number {
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
  return float32 ? Math.fround(v1 - Math.fround(v1 - v2) * bias) : v1 - (v1 - v2) * bias;
}

/**
 * The weighted `alpha`-quantile of `values[0..n)` with weights `weights[0..n)`, as LightGBM 4.7's
 * `WeightedPercentileFun`: values sorted ascending (stable), weighted CDF, `pos` the first position
 * whose CDF exceeds `t = alpha * total`; the first or last value when `pos` is either end, else the
 * value before `pos`, interpolated towards the value at `pos` by `(t - cdf[pos-1]) / w[pos]` when
 * that step's weight `w[pos]` is at least 1. (LightGBM 4.6 and earlier interpolated on the next
 * step instead and could return values outside the data's range: lightgbm-org/LightGBM#7151,
 * fixed in 4.7 by #7224; gbtune follows 4.7.) `values` and `weights` are not changed. `float32`:
 * as LightGBM's `label_t` instantiation (see the module comment).
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
  const round = float32 ? Math.fround : (x: number): number => x;
  if (pos === 0 || pos === n - 1) return round(values[order[pos]]);
  // the threshold lies in (cdf[pos - 1], cdf[pos]]: interpolate on that step when it weighs at least 1
  const v1 = values[order[pos - 1]];
  const v2 = values[order[pos]];
  const step = cdf[pos] - cdf[pos - 1];
  if (step >= 1) return round(((threshold - cdf[pos - 1]) / step) * round(v2 - v1) + v1);
  return round(v1);
}
