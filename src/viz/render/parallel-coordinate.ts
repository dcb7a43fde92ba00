/**
 * ECharts option of the parallel coordinate plot (Optuna's `plot_parallel_coordinate`): the target
 * axis first, then one axis per param (log and category axes as the distribution), lines colored
 * by the target (dark = good). Drag on an axis to filter the lines.
 *
 * @example
 * ```ts
 * plotParallelCoordinate(study, { params: ['lr', 'depth'] });
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getParallelCoordinateInfo, type ParallelCoordinateInfo, type ParallelCoordinateOptions } from '../info/parallel-coordinate.js';
import { baseOption, COLORS, type ChartOption } from './common.js';

/** The option for a parallel coordinate info. */
export function parallelCoordinateOption(info: ParallelCoordinateInfo): ChartOption {
  const axes = info.dimensions.map((d, i) => {
    const base: ChartOption = { dim: i, name: d.name, nameTextStyle: { fontSize: 11 } };
    if (d.axis === null) return { ...base, type: 'value', scale: true };
    if (d.axis.scale === 'category') return { ...base, type: 'category', data: d.axis.categories ?? [] };
    if (d.axis.scale === 'log') return { ...base, type: 'log', min: d.min ?? undefined, max: d.max ?? undefined };
    return { ...base, type: 'value', min: d.min ?? undefined, max: d.max ?? undefined };
  });
  const colors = info.minimize ? [...COLORS.blues].reverse() : COLORS.blues;
  const many = info.lines.length > 2000;
  return {
    ...baseOption('Parallel Coordinate Plot'),
    tooltip: { show: false },
    parallel: { left: 60, right: 110, top: 80, bottom: 40 },
    parallelAxis: axes,
    visualMap: {
      type: 'continuous',
      dimension: 0,
      min: info.dimensions[0]!.min ?? 0,
      max: info.dimensions[0]!.max ?? 1,
      text: [info.targetName, ''],
      right: 0,
      top: 'middle',
      itemHeight: 140,
      inRange: { color: colors.slice(1) },
    },
    series: [
      {
        type: 'parallel',
        name: 'Trials',
        smooth: false,
        lineStyle: { width: 1, opacity: many ? 0.25 : 0.6 },
        progressive: many ? 2000 : undefined,
        data: info.lines.map((l) => l.values),
      },
    ],
  };
}

/**
 * The parallel coordinate plot.
 *
 * @example
 * ```ts
 * plotParallelCoordinate(study);
 * ```
 */
export function plotParallelCoordinate(study: VizStudy, options: ParallelCoordinateOptions = {}): ChartOption {
  return parallelCoordinateOption(getParallelCoordinateInfo(study, options));
}
