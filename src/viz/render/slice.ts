/**
 * ECharts option of the slice plot (Optuna's `plot_slice`): one scatter per param (log and category
 * axes as the param's distribution), target on y, points colored by trial number.
 *
 * @example
 * ```ts
 * plotSlice(study, { params: ['lr', 'booster'] });
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getSliceInfo, type SliceInfo, type SliceOptions } from '../info/slice.js';
import {
  baseOption,
  colorBins,
  colorScaleText,
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

/** The option for a slice info. */
export function sliceOption(info: SliceInfo): ChartOption {
  const n = info.subplots.length;
  const grids = gridLayout(n);
  let maxNumber = 0;
  for (const s of info.subplots) for (const p of s.points) maxNumber = Math.max(maxNumber, p.number);
  return {
    ...baseOption('Slice Plot'),
    title: [baseOption('Slice Plot').title, ...subplotTitles(grids, info.subplots.map((s) => s.axis.param))],
    grid: grids,
    xAxis: info.subplots.map((s, i) => paramAxisOption(s.axis, i)),
    yAxis: info.subplots.map((_, i) => valueAxisOption(i % 3 === 0 ? info.targetName : '', i)),
    ...coloring(info, maxNumber),
  };
}

/** Points colored by trial number: a continuous color scale, or (many points) binned large-mode series. */
function coloring(info: SliceInfo, maxNumber: number): ChartOption {
  let total = 0;
  for (const s of info.subplots) total += s.points.length;
  if (total <= LARGE_POINTS) {
    return {
      visualMap: {
        type: 'continuous',
        dimension: 2,
        min: 0,
        max: Math.max(1, maxNumber),
        text: colorScaleText('Trial', 0, Math.max(1, maxNumber)),
        calculable: false,
        right: 0,
        top: 'middle',
        itemHeight: 120,
        inRange: { color: COLORS.blues.slice(1) },
      },
      series: info.subplots.map((s, i) => ({
        name: s.axis.param,
        type: 'scatter',
        xAxisIndex: i,
        yAxisIndex: i,
        symbolSize: 6,
        itemStyle: { borderColor: '#555', borderWidth: 0.3 },
        data: s.points.map((p) => [p.x, p.y, p.number]),
        gbtuneTrialDim: 2,
      })),
    };
  }
  const colors = paletteSteps(COLORS.blues.slice(1), 6);
  const span = Math.max(1, maxNumber + 1);
  const series: ChartOption[] = [];
  info.subplots.forEach((s, i) => {
    const { bins } = colorBins(s.points.length, (k) => s.points[k].number / span, colors);
    bins.forEach((idx, b) => {
      series.push({
        name: `Trial ${Math.ceil((b * span) / colors.length)}–${Math.ceil(((b + 1) * span) / colors.length) - 1}`,
        type: 'scatter',
        xAxisIndex: i,
        yAxisIndex: i,
        symbolSize: 4,
        color: colors[b],
        ...scatterData(
          idx.map((k) => s.points[k]),
          true,
          s.axis.categories,
        ),
      });
    });
  });
  return { legend: { top: 26, type: 'scroll' }, series };
}

/**
 * The slice plot.
 *
 * @example
 * ```ts
 * plotSlice(study);
 * ```
 */
export function plotSlice(study: VizStudy, options: SliceOptions = {}): ChartOption {
  return sliceOption(getSliceInfo(study, options));
}
