/**
 * ECharts option of the SHAP summary (beeswarm) plot: one line per feature (the largest mean
 * |SHAP| on top), each row a point at its SHAP value, coloured from blue (low feature value) to red
 * (high), grey where the value is missing. Points are drawn in ECharts' large mode, one series
 * per colour band (per-point colours cost ~0.1 ms a point on a canvas; thousands of rows × ten
 * features stay fast). The labelled y axis is a category axis; the points sit on a hidden value
 * axis over it (row k at k, offsets within ±0.4), whose bands line up with the categories.
 *
 * @example
 * ```ts
 * plotShapSummary(explanation, { maxFeatures: 8 });
 * ```
 */
import type { ModelExplanation } from '../info/model-explanation.js';
import { getShapSummaryInfo, type ShapSummaryInfo, type ShapSummaryOptions } from '../info/shap-summary.js';
import { baseOption, paletteSteps, type ChartOption } from './common.js';

/** The shap package's colours: blue for low feature values, red for high. */
const SHAP_COLORS = ['#008bfb', '#ff0051'] as const;
/** Colour bands of the feature value, low to high. */
const SHAP_BANDS = ['low', 'lower', 'middle', 'higher', 'high'] as const;
const MISSING_COLOR = '#999999';

/**
 * Subtitle: what the SHAP values explain, how many rows are drawn, what the colour means.
 *
 * @example
 * ```ts
 * sampleNote('raw score', 2000, 50000); // 'impact on raw score · 2000 sampled of 50000 rows · colour: ...'
 * ```
 */
export function sampleNote(shapTarget: string, nSampled: number, nRows: number): string {
  return `impact on ${shapTarget} · ${nSampled < nRows ? `${nSampled} sampled of ${nRows} rows` : `${nRows} rows`} · colour: the row's feature value`;
}

/** The option for a summary info. */
export function shapSummaryOption(info: ShapSummaryInfo): ChartOption {
  const m = info.features.length;
  // row 0 at the bottom: the most important feature is drawn last, on top
  const top = [...info.features].reverse();
  const colors = paletteSteps(SHAP_COLORS, SHAP_BANDS.length);
  const bands: number[][] = SHAP_BANDS.map(() => []);
  const missing: number[] = [];
  top.forEach((f, k) => {
    for (const p of f.points) {
      const xy = [p.shap, k + p.offset];
      if (p.color === null) missing.push(...xy);
      else bands[Math.min(SHAP_BANDS.length - 1, Math.floor(p.color * SHAP_BANDS.length))].push(...xy);
    }
  });
  const series: ChartOption[] = SHAP_BANDS.map((band, b) => ({
    name: band,
    type: 'scatter',
    yAxisIndex: 1,
    symbolSize: 3,
    color: colors[b],
    large: true,
    largeThreshold: 0,
    dimensions: ['x', 'y'],
    data: Float64Array.from(bands[b]),
  }));
  if (missing.length > 0) {
    series.push({ name: 'missing', type: 'scatter', yAxisIndex: 1, symbolSize: 3, color: MISSING_COLOR, large: true, largeThreshold: 0, dimensions: ['x', 'y'], data: Float64Array.from(missing) });
  }
  const title = baseOption('SHAP summary');
  return {
    ...title,
    title: [title.title, { text: sampleNote(info.shapTarget, info.nSampled, info.nRows), left: 'center', top: 28, textStyle: { fontSize: 11, fontWeight: 'normal', color: '#555' } }],
    tooltip: { show: false },
    legend: { top: 50, type: 'scroll' },
    grid: { left: 160, right: 40, top: 86, bottom: 50 },
    // the axis line stays at the bottom (the hidden value axis has 0 at the lowest feature's line)
    xAxis: { type: 'value', name: 'SHAP value', nameLocation: 'middle', nameGap: 28, scale: true, axisLine: { onZero: false } },
    yAxis: [
      { type: 'category', data: top.map((f) => f.feature), axisLabel: { width: 150, overflow: 'truncate' }, splitLine: { show: true, lineStyle: { color: '#eee' } } },
      { type: 'value', min: -0.5, max: Math.max(0, m - 0.5), show: false },
    ],
    series,
  };
}

/**
 * The SHAP summary (beeswarm) plot.
 *
 * @example
 * ```ts
 * renderSvg(plotShapSummary(explanation));
 * ```
 */
export function plotShapSummary(e: ModelExplanation, options: ShapSummaryOptions = {}): ChartOption {
  return shapSummaryOption(getShapSummaryInfo(e, options));
}
