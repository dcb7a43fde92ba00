/**
 * ECharts option of SHAP dependence plots: one subplot per feature, its value on x (a category
 * axis for a categorical feature) and its SHAP value on y. Many points are drawn in ECharts' large
 * mode.
 *
 * @example
 * ```ts
 * plotShapDependence(explanation, { features: ['income', 'age'] });
 * ```
 */
import type { ModelExplanation } from '../info/model-explanation.js';
import { getShapDependenceInfo, type ShapDependenceInfo, type ShapDependenceOptions } from '../info/shap-dependence.js';
import { baseOption, gridLayout, LARGE_POINTS, subplotTitles, valueAxisOption, type ChartOption } from './common.js';

/** The option for a dependence info. */
export function shapDependenceOption(info: ShapDependenceInfo): ChartOption {
  const grids = gridLayout(info.subplots.length);
  const title = baseOption('SHAP dependence');
  return {
    ...title,
    title: [
      title.title,
      ...subplotTitles(
        grids,
        info.subplots.map((s) => (s.nMissing > 0 ? `${s.feature} (${s.nMissing} missing not shown)` : s.feature)),
      ),
    ],
    tooltip: { trigger: 'item', confine: true },
    grid: grids,
    xAxis: info.subplots.map((s, i) =>
      s.categories !== null
        ? { type: 'category', gridIndex: i, data: s.categories, name: s.feature, nameLocation: 'middle', nameGap: 28, axisLine: { onZero: false } }
        : { type: 'value', gridIndex: i, scale: true, name: s.feature, nameLocation: 'middle', nameGap: 28, axisLine: { onZero: false }, axisLabel: { hideOverlap: true } },
    ),
    yAxis: info.subplots.map((_, i) => valueAxisOption(i % 3 === 0 ? `SHAP value (${info.shapTarget})` : '', i)),
    series: info.subplots.map((s, i) => {
      const base = { name: s.feature, type: 'scatter', xAxisIndex: i, yAxisIndex: i, symbolSize: 4, itemStyle: { opacity: 0.7 } };
      if (s.points.length <= LARGE_POINTS) return { ...base, data: s.points.map((p) => [p.x, p.y]) };
      const index = s.categories === null ? null : new Map(s.categories.map((c, k) => [c, k]));
      const flat = new Float64Array(2 * s.points.length);
      s.points.forEach((p, k) => {
        flat[2 * k] = index === null ? (p.x as number) : (index.get(p.x as string) ?? 0);
        flat[2 * k + 1] = p.y;
      });
      return { ...base, large: true, largeThreshold: 0, dimensions: ['x', 'y'], data: flat };
    }),
  };
}

/**
 * SHAP dependence plots of the most important features (or of `features`).
 *
 * @example
 * ```ts
 * renderSvg(plotShapDependence(explanation));
 * ```
 */
export function plotShapDependence(e: ModelExplanation, options: ShapDependenceOptions = {}): ChartOption {
  return shapDependenceOption(getShapDependenceInfo(e, options));
}
