/**
 * ECharts option of the optimization history plot (Optuna's `plot_optimization_history`): the
 * objective value of each COMPLETE trial, the best value so far as a step line, several studies
 * overlaid, or their mean ± std band (`errorBar`). Zoom with the mouse wheel or the slider.
 *
 * @example
 * ```ts
 * const option = plotOptimizationHistory(study);
 * const svg = renderSvg(option);
 * ```
 */
import {
  getOptimizationHistoryInfo,
  type OptimizationHistoryInfo,
  type OptimizationHistoryOptions,
} from '../info/optimization-history.js';
import type { VizStudy } from '../info/common.js';
import { baseOption, COLORS, LARGE_POINTS, scatterData, valueAxisOption, type ChartOption } from './common.js';

/** The option for a history info. */
export function optimizationHistoryOption(info: OptimizationHistoryInfo): ChartOption {
  const series: ChartOption[] = [];
  const multi = info.series.length > 1;
  if (info.errorBar !== null) {
    const e = info.errorBar;
    series.push(
      { name: 'Objective Value', type: 'scatter', symbolSize: 5, data: e.numbers.map((n, i) => [n, e.mean[i]]) },
      band('Objective Value ± std', e.numbers, e.mean, e.std, COLORS.palette[0]),
    );
    if (e.bestMean.length > 0) {
      series.push(
        { name: 'Best Value', type: 'line', step: 'end', showSymbol: false, data: e.numbers.map((n, i) => [n, e.bestMean[i]]), color: COLORS.palette[3] },
        band('Best Value ± std', e.numbers, e.bestMean, e.bestStd, COLORS.palette[3]),
      );
    }
  } else {
    info.series.forEach((s, k) => {
      const color = COLORS.palette[(2 * k) % COLORS.palette.length];
      const prefix = multi ? `${s.studyName}: ` : '';
      series.push({
        name: `${prefix}Objective Value`,
        type: 'scatter',
        symbolSize: 5,
        color,
        ...scatterData(
          s.numbers.map((n, i) => ({ x: n, y: s.values[i], number: n })),
          s.numbers.length > LARGE_POINTS,
        ),
      });
      if (s.bestValues.length > 0) {
        series.push({
          name: `${prefix}Best Value`,
          type: 'line',
          step: 'end',
          showSymbol: false,
          color: COLORS.palette[(2 * k + 3) % COLORS.palette.length],
          data: changePoints(s.numbers, s.bestValues),
          tooltip: { show: false },
        });
      }
    });
  }
  return {
    ...baseOption('Optimization History Plot'),
    legend: { top: 28, type: 'scroll' },
    grid: { left: 80, right: 40, top: 70, bottom: 80 },
    xAxis: { type: 'value', name: 'Trial', nameLocation: 'middle', nameGap: 28, min: 'dataMin', max: 'dataMax' },
    yAxis: valueAxisOption(info.targetName),
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series,
  };
}

function band(name: string, xs: number[], mean: number[], std: number[], color: string): ChartOption {
  // error bars as vertical segments (a 'lines' series needs no custom renderer)
  return {
    name,
    type: 'lines',
    coordinateSystem: 'cartesian2d',
    silent: true,
    lineStyle: { color, width: 1, opacity: 0.6 },
    data: xs.map((x, i) => ({ coords: [[x, mean[i] - std[i]], [x, mean[i] + std[i]]] })),
  };
}

/** The step line's points where the best value changes, and the last point (a step line holds each value). */
function changePoints(xs: readonly number[], ys: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < xs.length; i++) {
    if (i === 0 || ys[i] !== ys[i - 1] || i === xs.length - 1) out.push([xs[i], ys[i]]);
  }
  return out;
}

/**
 * The optimization history of one study or several overlaid.
 *
 * @example
 * ```ts
 * plotOptimizationHistory([studyA, studyB], { errorBar: true });
 * ```
 */
export function plotOptimizationHistory(studies: VizStudy | readonly VizStudy[], options: OptimizationHistoryOptions = {}): ChartOption {
  return optimizationHistoryOption(getOptimizationHistoryInfo(studies, options));
}
