/**
 * ECharts option of the time-to-best plot: the best value so far as a step line against the
 * seconds since the study's first trial started, a marker where each new best was reached.
 *
 * @example
 * ```ts
 * const svg = renderSvg(plotTimeToBest(study));
 * ```
 */
import type { TargetOptions, VizStudy } from '../info/common.js';
import { getTimeToBestInfo, type TimeToBestInfo } from '../info/time-to-best.js';
import { baseOption, COLORS, valueAxisOption, type ChartOption } from './common.js';

/** The option for a time-to-best info. */
export function timeToBestOption(info: TimeToBestInfo): ChartOption {
  const line = info.points.filter((p) => p.best !== null).map((p) => [p.seconds, p.best as number]);
  return {
    ...baseOption('Time to Best Plot'),
    legend: { top: 28 },
    grid: { left: 80, right: 40, top: 70, bottom: 80 },
    xAxis: { type: 'value', name: 'Seconds since the first trial started', nameLocation: 'middle', nameGap: 28, min: 0 },
    yAxis: valueAxisOption(info.targetName),
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series: [
      { name: 'Best Value', type: 'line', step: 'end', showSymbol: false, color: COLORS.palette[3], data: line, tooltip: { show: false } },
      {
        name: 'New best',
        type: 'scatter',
        symbolSize: 7,
        color: COLORS.palette[0],
        data: info.improvements.map((p) => [p.seconds, p.value, p.trial]),
        gbtuneTrialDim: 2,
      },
    ],
  };
}

/**
 * The time-to-best plot.
 *
 * @example
 * ```ts
 * plotTimeToBest(study);
 * ```
 */
export function plotTimeToBest(study: VizStudy, options: TargetOptions = {}): ChartOption {
  return timeToBestOption(getTimeToBestInfo(study, options));
}
