/**
 * ECharts option of the Pareto front plot (Optuna's `plot_pareto_front`): the best trials in red
 * and the dominated ones in blue; with three or more objectives, one scatter per pair of objectives.
 *
 * @example
 * ```ts
 * plotParetoFront(study, { targetNames: ['accuracy', 'latency'] });
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getParetoFrontInfo, type ParetoFrontInfo, type ParetoFrontOptions } from '../info/pareto-front.js';
import { baseOption, gridLayout, LARGE_POINTS, scatterData, subplotTitles, valueAxisOption, type ChartOption } from './common.js';

/** The option for a Pareto front info. */
export function paretoFrontOption(info: ParetoFrontInfo): ChartOption {
  const pairs: [number, number][] = [];
  const m = info.targetNames.length;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) pairs.push([i, j]);
  const grids = pairs.length === 1 ? [{ left: 90, right: 40, top: 70, bottom: 60 }] : gridLayout(pairs.length);
  const series: ChartOption[] = [];
  pairs.forEach(([a, b], g) => {
    series.push(
      {
        type: 'scatter',
        name: 'Trial',
        xAxisIndex: g,
        yAxisIndex: g,
        symbolSize: 5,
        color: '#6baed6',
        ...scatterData(
          info.dominated.map((p) => ({ x: p.values[a], y: p.values[b], number: p.number })),
          info.dominated.length > LARGE_POINTS,
        ),
      },
      {
        type: 'scatter',
        name: 'Best Trial',
        xAxisIndex: g,
        yAxisIndex: g,
        symbolSize: 7,
        color: '#d62728',
        data: info.best.map((p) => [p.values[a], p.values[b], p.number]),
        gbtuneTrialDim: 2,
      },
    );
  });
  const titles = pairs.length > 1 ? subplotTitles(grids, pairs.map(([a, b]) => `${info.targetNames[a]} × ${info.targetNames[b]}`)) : [];
  return {
    ...baseOption('Pareto-front Plot'),
    title: [baseOption('Pareto-front Plot').title, ...titles],
    legend: { top: 28, data: ['Trial', 'Best Trial'] },
    grid: grids,
    xAxis: pairs.map(([a], g) => valueAxisOption(info.targetNames[a], g, { nameGap: 28 })),
    yAxis: pairs.map(([, b], g) => valueAxisOption(info.targetNames[b], g)),
    series,
  };
}

/**
 * The Pareto front of a multi-objective study.
 *
 * @example
 * ```ts
 * plotParetoFront(study);
 * ```
 */
export function plotParetoFront(study: VizStudy, options: ParetoFrontOptions = {}): ChartOption {
  return paretoFrontOption(getParetoFrontInfo(study, options));
}
