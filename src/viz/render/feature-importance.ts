/**
 * ECharts option of the feature importance plot (LightGBM's `plot_importance`): horizontal bars,
 * the most important feature on top.
 *
 * @example
 * ```ts
 * plotFeatureImportance(explanation, { maxFeatures: 15 });
 * ```
 */
import { getFeatureImportanceInfo, type FeatureImportanceInfo, type FeatureImportanceInfoOptions } from '../info/feature-importance.js';
import type { ModelExplanation } from '../info/model-explanation.js';
import { baseOption, type ChartOption } from './common.js';

/** The option for a feature importance info. */
export function featureImportanceOption(info: FeatureImportanceInfo): ChartOption {
  const rows = [...info.features].reverse();
  const name = info.importanceType === 'gain' ? 'Total gain of the splits on the feature' : 'Number of splits on the feature';
  const shown = info.features.length < info.nUsed ? ` (top ${info.features.length} of ${info.nUsed} used)` : '';
  return {
    ...baseOption(`Feature importance (${info.importanceType})${shown}`),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 160, right: 80, top: 50, bottom: 50 },
    xAxis: { type: 'value', name, nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { type: 'category', data: rows.map((r) => r.feature), axisLabel: { width: 150, overflow: 'truncate' } },
    series: [
      {
        name: info.importanceType,
        type: 'bar',
        data: rows.map((r) => Number(r.importance.toPrecision(6))),
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/**
 * Feature importance as bars.
 *
 * @example
 * ```ts
 * renderSvg(plotFeatureImportance(explanation));
 * ```
 */
export function plotFeatureImportance(e: ModelExplanation, options: FeatureImportanceInfoOptions = {}): ChartOption {
  return featureImportanceOption(getFeatureImportanceInfo(e, options));
}
