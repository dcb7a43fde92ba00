/**
 * ECharts option of the empirical distribution function plot (Optuna's `plot_edf`), one line per study.
 *
 * @example
 * ```ts
 * plotEdf([studyA, studyB]);
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getEdfInfo, type EdfInfo, type EdfOptions } from '../info/edf.js';
import { baseOption, valueAxisOption, type ChartOption } from './common.js';

/** The option for an EDF info. */
export function edfOption(info: EdfInfo): ChartOption {
  return {
    ...baseOption('Empirical Distribution Function Plot'),
    tooltip: { trigger: 'axis' },
    legend: { top: 28, type: 'scroll' },
    grid: { left: 80, right: 40, top: 70, bottom: 60 },
    xAxis: valueAxisOption(info.targetName, 0, { nameGap: 28 }),
    yAxis: { type: 'value', name: 'Cumulative Probability', nameLocation: 'middle', nameGap: 48, min: 0, max: 1 },
    series: info.lines.map((l) => ({
      name: l.studyName,
      type: 'line',
      step: 'end',
      showSymbol: false,
      data: info.xs.map((x, i) => [x, l.ys[i]]),
    })),
  };
}

/**
 * The EDF plot of one study or several.
 *
 * @example
 * ```ts
 * plotEdf(study);
 * ```
 */
export function plotEdf(studies: VizStudy | readonly VizStudy[], options: EdfOptions = {}): ChartOption {
  return edfOption(getEdfInfo(studies, options));
}
