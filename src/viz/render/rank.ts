/**
 * ECharts option of the rank plot (Optuna's `plot_rank`): per pair of params, the trials colored by
 * the rank of their target (red = best, blue = worst).
 *
 * @example
 * ```ts
 * plotRank(study, { params: ['x', 'y'] });
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getRankInfo, type RankInfo, type RankOptions } from '../info/rank.js';
import { baseOption, COLORS, gridLayout, paramAxisOption, subplotTitles, valueAxisOption, type ChartOption } from './common.js';

/** The option for a rank info. */
export function rankOption(info: RankInfo): ChartOption {
  const grids = gridLayout(info.subplots.length);
  return {
    ...baseOption('Rank Plot'),
    title: [
      baseOption('Rank Plot').title,
      ...subplotTitles(grids, info.subplots.map((s) => (s.yAxis === null ? s.xAxis.param : `${s.xAxis.param} × ${s.yAxis.param}`))),
    ],
    grid: grids,
    xAxis: info.subplots.map((s, i) => paramAxisOption(s.xAxis, i)),
    yAxis: info.subplots.map((s, i) => (s.yAxis === null ? valueAxisOption(info.targetName, i) : paramAxisOption(s.yAxis, i, { nameGap: 44 }))),
    visualMap: {
      type: 'continuous',
      dimension: 2,
      min: 0,
      max: 1,
      text: ['Rank (worst)', 'best'],
      right: 0,
      top: 'middle',
      itemHeight: 140,
      inRange: { color: COLORS.rank },
    },
    series: info.subplots.map((s, i) => ({
      type: 'scatter',
      name: 'Trials',
      xAxisIndex: i,
      yAxisIndex: i,
      symbolSize: 6,
      itemStyle: { borderColor: '#444', borderWidth: 0.3 },
      data: s.points.map((p) => [p.x, p.y, p.rank, p.number, p.value]),
      gbtuneTrialDim: 3,
    })),
  };
}

/**
 * The rank plot.
 *
 * @example
 * ```ts
 * plotRank(study);
 * ```
 */
export function plotRank(study: VizStudy, options: RankOptions = {}): ChartOption {
  return rankOption(getRankInfo(study, options));
}
