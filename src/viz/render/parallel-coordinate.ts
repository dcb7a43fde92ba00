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
import { baseOption, colorBins, colorScaleText, COLORS, LARGE_POINTS, logTickLabel, paletteSteps, type ChartOption } from './common.js';

const BOX = { left: 60, right: 110, top: 80, bottom: 40 };

/** The option for a parallel coordinate info. */
export function parallelCoordinateOption(info: ParallelCoordinateInfo): ChartOption {
  const many = info.lines.length > LARGE_POINTS;
  const axes = info.dimensions.map((d, i) => {
    const base: ChartOption = { dim: i, name: d.name, nameTextStyle: { fontSize: 11 } };
    if (d.axis === null) return { ...base, type: 'value', min: d.min ?? undefined, max: d.max ?? undefined };
    if (d.axis.scale === 'category') return { ...base, type: 'category', boundaryGap: false, data: d.axis.categories ?? [] };
    if (d.axis.scale === 'log') return { ...base, type: 'log', min: d.min ?? undefined, max: d.max ?? undefined, axisLabel: { formatter: logTickLabel, hideOverlap: true } };
    return { ...base, type: 'value', min: d.min ?? undefined, max: d.max ?? undefined };
  });
  const catIndex = info.dimensions.map((d) =>
    d.axis !== null && d.axis.scale === 'category' ? new Map((d.axis.categories ?? []).map((c, i) => [c, i])) : null,
  );
  // category labels as their index: ECharts reads a number on a category axis as the index
  const rows = info.lines.map((l) => l.values.map((v, i) => (catIndex[i] === null ? v : (catIndex[i].get(v as string) ?? 0))));
  const colors = info.minimize ? [...COLORS.blues].reverse() : COLORS.blues;
  const option: ChartOption = {
    ...baseOption('Parallel Coordinate Plot'),
    tooltip: { show: false },
    parallel: BOX,
    parallelAxis: axes,
  };
  if (!many) {
    return {
      ...option,
      visualMap: {
        type: 'continuous',
        dimension: 0,
        min: info.dimensions[0].min ?? 0,
        max: info.dimensions[0].max ?? 1,
        text: colorScaleText(info.targetName, info.dimensions[0].min ?? 0, info.dimensions[0].max ?? 1),
        right: 0,
        top: 'middle',
        itemHeight: 140,
        inRange: { color: colors.slice(1) },
      },
      series: [{ type: 'parallel', name: 'Trials', smooth: false, lineStyle: { width: 1, opacity: 0.6 }, data: rows }],
    };
  }
  // thousands of lines: the parallel series draws one element per line (~0.09 ms each); instead the
  // lines go, in one large path per color bin, on a hidden cartesian grid laid exactly over the
  // parallel box (x = axis index, y = position on the axis in [0, 1]); the parallel axes stay
  const unit = info.dimensions.map((d, i) => axisUnit(d.axis === null ? 'linear' : d.axis.scale, d.min, d.max, d.axis?.categories?.length ?? 0, i));
  const lo = info.dimensions[0].min ?? 0;
  const hi = info.dimensions[0].max ?? 1;
  const steps = paletteSteps(colors.slice(1), 6);
  const { bins, ranges } = colorBins(rows.length, (k) => (hi > lo ? ((rows[k][0] as number) - lo) / (hi - lo) : 0), steps);
  const series: ChartOption[] = [{ type: 'parallel', name: 'axes', data: [], silent: true }];
  for (let b = bins.length - 1; b >= 0; b--) {
    const [u0, u1] = ranges[b];
    series.push({
      type: 'lines',
      name: `${info.targetName} ${fmt(lo + u0 * (hi - lo))}–${fmt(lo + u1 * (hi - lo))}`,
      coordinateSystem: 'cartesian2d',
      polyline: true,
      large: true,
      largeThreshold: 0,
      silent: true,
      color: steps[b],
      lineStyle: { color: steps[b], width: 1, opacity: 0.3 },
      data: bins[b].map((k) => ({ coords: rows[k].map((v, i) => [i, unit[i](v as number)]) })),
    });
  }
  return {
    ...option,
    legend: { top: 26, type: 'scroll', data: series.slice(1).map((x) => x.name as string).reverse() },
    grid: { ...BOX, show: false },
    xAxis: { type: 'value', min: 0, max: info.dimensions.length - 1, show: false },
    yAxis: { type: 'value', min: 0, max: 1, show: false },
    series,
  };
}

/** Position in [0, 1] of a value on a parallel axis (category: index over the evenly spaced labels). */
function axisUnit(scale: string, min: number | null, max: number | null, nCats: number, _i: number): (v: number) => number {
  if (scale === 'category') return (v) => (nCats > 1 ? v / (nCats - 1) : 0.5);
  const log = scale === 'log';
  const a = min === null ? 0 : log ? Math.log(min) : min;
  const b = max === null ? 1 : log ? Math.log(max) : max;
  return (v) => (b > a ? ((log ? Math.log(v) : v) - a) / (b - a) : 0.5);
}

function fmt(x: number): string {
  return Number(x.toPrecision(3)).toString();
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
