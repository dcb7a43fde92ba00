/**
 * Data of the SHAP summary plot (the `shap` package's beeswarm `summary_plot`, Lundberg et al.
 * 2020, "From local explanations to global understanding with explainable AI for trees"): the
 * features with the largest mean |SHAP value|, and for each, every sampled row as a point at its
 * SHAP value, stacked vertically where points crowd (a beeswarm), coloured by the row's value of
 * the feature relative to the other rows (0 = low, 1 = high; null = missing).
 *
 * @example
 * ```ts
 * const info = getShapSummaryInfo(explanation, { maxFeatures: 10 });
 * info.features[0].points[0]; // { shap: 0.42, offset: -0.12, color: 0.9 }
 * ```
 */
import { checkModelExplanation, type ModelExplanation } from './model-explanation.js';

/** Options of {@link getShapSummaryInfo}. */
export interface ShapSummaryOptions {
  /** Keep the features with the largest mean |SHAP value|, at most this many. Default 10. */
  maxFeatures?: number;
  /** Bins along the SHAP axis within which crowded points are stacked. Default 100. */
  bins?: number;
}

/** One row of one feature. */
export interface ShapSummaryPoint {
  shap: number;
  /** Vertical offset from the feature's line, in (-0.4, 0.4). */
  offset: number;
  /** The row's feature value scaled to [0, 1] (numeric: between its 5th and 95th percentiles), null when missing. */
  color: number | null;
}

/** See {@link getShapSummaryInfo}. */
export interface ShapSummaryInfo {
  shapTarget: string;
  nRows: number;
  nSampled: number;
  /** Largest mean |SHAP| first. */
  features: { feature: string; meanAbs: number; points: ShapSummaryPoint[] }[];
}

/** Linear-interpolation percentile (numpy's default) of sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Each value scaled to [0, 1] for colouring: categorical codes over the category range; numeric
 * values clipped to their 5th-95th percentiles (1st-99th, then min-max, when those are equal), as
 * the shap package does so that outliers do not wash out the colours. NaN gives null.
 *
 * @example
 * ```ts
 * colorScale(Float64Array.of(0, 2, 1, NaN), 3); // [0, 1, 0.5, null] (category codes of 3)
 * ```
 */
export function colorScale(values: Float64Array, nCategories: number | null): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  if (nCategories !== null) {
    for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(values[i]) ? null : values[i] / Math.max(1, nCategories - 1);
    return out;
  }
  const finite = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  let lo = 0;
  let hi = 0;
  if (finite.length > 0) {
    lo = percentile(finite, 5);
    hi = percentile(finite, 95);
    if (lo === hi) [lo, hi] = [percentile(finite, 1), percentile(finite, 99)];
    if (lo === hi) [lo, hi] = [finite[0], finite[finite.length - 1]];
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isNaN(v) ? null : hi === lo ? 0.5 : Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
  }
  return out;
}

/**
 * Beeswarm offsets: the SHAP axis is cut into `bins` bins; within a bin, points (in SHAP order)
 * take the layers 0, +1, -1, +2, -2, ...; layers are scaled so the tallest stack fits in ±0.4.
 *
 * @example
 * ```ts
 * beeswarmOffsets(Float64Array.of(1, 1, 1), 100); // [0, 0.2, -0.2]
 * ```
 */
export function beeswarmOffsets(shap: Float64Array, bins: number): Float64Array {
  const n = shap.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (shap[i] < lo) lo = shap[i];
    if (shap[i] > hi) hi = shap[i];
  }
  const bin = new Int32Array(n);
  for (let i = 0; i < n; i++) bin[i] = hi > lo ? Math.round((bins * (shap[i] - lo)) / (hi - lo)) : 0;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => bin[a] - bin[b] || shap[a] - shap[b] || a - b);
  const layer = new Float64Array(n);
  let maxLayer = 0;
  let last = -1;
  let k = 0;
  for (const i of order) {
    if (bin[i] !== last) k = 0;
    layer[i] = Math.ceil(k / 2) * (k % 2 === 1 ? 1 : -1);
    maxLayer = Math.max(maxLayer, Math.abs(layer[i]));
    k++;
    last = bin[i];
  }
  const scale = 0.4 / (maxLayer + 1);
  for (let i = 0; i < n; i++) layer[i] = layer[i] === 0 ? 0 : layer[i] * scale;
  return layer;
}

/** The summary plot's features and points (see the module doc). */
export function getShapSummaryInfo(e: ModelExplanation, { maxFeatures = 10, bins = 100 }: ShapSummaryOptions = {}): ShapSummaryInfo {
  const n = checkModelExplanation(e, 'getShapSummaryInfo');
  const ranked = e.featureNames
    .map((feature, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(e.shap[j][i]);
      return { feature, j, meanAbs: n > 0 ? s / n : 0 };
    })
    .filter((r) => r.meanAbs > 0)
    .sort((a, b) => b.meanAbs - a.meanAbs || a.j - b.j)
    .slice(0, Math.max(0, maxFeatures));
  return {
    shapTarget: e.shapTarget,
    nRows: e.nRows,
    nSampled: n,
    features: ranked.map(({ feature, j, meanAbs }) => {
      const offsets = beeswarmOffsets(e.shap[j], bins);
      const cats = e.categories[j];
      const colors = colorScale(e.values[j], cats === null ? null : cats.length);
      const points: ShapSummaryPoint[] = new Array(n);
      for (let i = 0; i < n; i++) points[i] = { shap: e.shap[j][i], offset: offsets[i], color: colors[i] };
      return { feature, meanAbs, points };
    }),
  };
}
