/**
 * ECharts option of the param importances plot (Optuna's `plot_param_importances`): horizontal
 * bars, the most important param on top; one bar set per objective.
 *
 * @example
 * ```ts
 * plotParamImportances(study, { evaluator: 'ped-anova' });
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getParamImportancesInfo, type ParamImportancesInfo, type ParamImportancesPlotOptions } from '../info/param-importances.js';
import { baseOption, type ChartOption } from './common.js';

/** The option for an importances info. */
export function paramImportancesOption(info: ParamImportancesInfo): ChartOption {
  const first = info.objectives[0]?.importances ?? [];
  const params = first.map((p) => p.param).reverse();
  return {
    ...baseOption('Hyperparameter Importances'),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: info.objectives.length > 1 ? { top: 28 } : undefined,
    grid: { left: 140, right: 60, top: 60, bottom: 50 },
    xAxis: { type: 'value', name: 'Hyperparameter Importance', nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: { type: 'category', name: 'Hyperparameter', data: params },
    series: info.objectives.map((o) => {
      const byParam = new Map(o.importances.map((p) => [p.param, p.importance]));
      return {
        name: o.targetName,
        type: 'bar',
        data: params.map((p) => Number((byParam.get(p) ?? 0).toFixed(4))),
        label: { show: true, position: 'right', formatter: '{c}' },
      };
    }),
  };
}

/**
 * Param importances as bars.
 *
 * @example
 * ```ts
 * plotParamImportances(study, { params: ['lr', 'num_leaves'] });
 * ```
 */
export function plotParamImportances(study: VizStudy, options: ParamImportancesPlotOptions = {}): ChartOption {
  return paramImportancesOption(getParamImportancesInfo(study, options));
}
