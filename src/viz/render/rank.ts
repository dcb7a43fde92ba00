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
import {
  baseOption,
  colorBins,
  COLORS,
  gridLayout,
  LARGE_POINTS,
  paletteSteps,
  paramAxisOption,
  scatterData,
  subplotTitles,
  valueAxisOption,
  type ChartOption,
} from './common.js';

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
    ...coloring(info),
  };
}

/** Points colored by rank: a continuous scale, or (many points) binned large-mode series. */
function coloring(info: RankInfo): ChartOption {
  let total = 0;
  for (const s of info.subplots) total += s.points.length;
  if (total <= LARGE_POINTS) {
    return {
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
  const colors = paletteSteps(COLORS.rank, 6);
  const series: ChartOption[] = [];
  info.subplots.forEach((s, i) => {
    const { bins, ranges } = colorBins(s.points.length, (k) => s.points[k].rank, colors);
    // draw the worst first so the best stay on top
    for (let b = bins.length - 1; b >= 0; b--) {
      const [lo, hi] = ranges[b];
      series.push({
        name: `rank ${Math.round(lo * 100)}–${Math.round(hi * 100)}%`,
        type: 'scatter',
        xAxisIndex: i,
        yAxisIndex: i,
        symbolSize: 4,
        color: colors[b],
        ...scatterData(
          bins[b].map((k) => s.points[k]),
          true,
          s.xAxis.categories,
          s.yAxis?.categories ?? null,
        ),
      });
    }
  });
  return { legend: { top: 26, type: 'scroll' }, series };
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
