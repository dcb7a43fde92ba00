/**
 * ECharts option of the contour plot (Optuna's `plot_contour`): per pair of params, the
 * interpolated target as colored cells (a heatmap on hidden category axes aligned with the param
 * axes, so log and category axes work) and the
 * trials as points. The color scale is reversed for minimization (dark = good), as Optuna's, and
 * labelled with its name and end values.
 *
 * @example
 * ```ts
 * plotContour(study, { params: ['lr', 'num_leaves'] });
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getContourInfo, type ContourInfo, type ContourOptions } from '../info/contour.js';
import { baseOption, colorScaleText, COLORS, gridLayout, LARGE_POINTS, paramAxisOption, scatterData, subplotTitles, type ChartOption } from './common.js';

/** The option for a contour info. */
export function contourOption(info: ContourInfo): ChartOption {
  const n = info.subplots.length;
  const grids = gridLayout(n);
  const series: ChartOption[] = [];
  const cellSeries: number[] = [];
  const hiddenX: ChartOption[] = [];
  const hiddenY: ChartOption[] = [];
  let total = 0;
  for (const s of info.subplots) total += s.points.length;
  info.subplots.forEach((s, i) => {
    if (s.grid !== null) {
      // the cells: a heatmap on hidden category axes laid over the grid; their bands match the
      // visible axes' cells (evenly spaced in axis units, log units for log axes)
      const g = s.grid;
      hiddenX.push({ type: 'category', gridIndex: i, show: false, data: g.xs.map((_, k) => k) });
      hiddenY.push({ type: 'category', gridIndex: i, show: false, data: g.ys.map((_, k) => k) });
      const data: number[][] = [];
      for (let iy = 0; iy < g.ys.length; iy++) {
        for (let ix = 0; ix < g.xs.length; ix++) {
          const z = g.z[iy][ix];
          if (!Number.isNaN(z)) data.push([ix, iy, Number(z.toPrecision(6))]);
        }
      }
      cellSeries.push(series.length);
      series.push({
        type: 'heatmap',
        name: `${s.xAxis.param} × ${s.yAxis.param}`,
        xAxisIndex: n + hiddenX.length - 1,
        yAxisIndex: n + hiddenY.length - 1,
        silent: true,
        data,
      });
    }
    series.push({
      type: 'scatter',
      name: 'Trials',
      xAxisIndex: i,
      yAxisIndex: i,
      symbolSize: total > LARGE_POINTS ? 3 : 5,
      itemStyle: { color: '#000', borderColor: '#fff', borderWidth: 0.6 },
      ...scatterData(s.points, total > LARGE_POINTS, s.xAxis.categories, s.yAxis.categories),
    });
  });
  const colors = info.minimize ? [...COLORS.blues].reverse() : COLORS.blues;
  const zMin = Number.isFinite(info.zMin) ? info.zMin : 0;
  const zMax = Number.isFinite(info.zMax) ? info.zMax : 1;
  return {
    ...baseOption('Contour Plot'),
    title: [baseOption('Contour Plot').title, ...subplotTitles(grids, info.subplots.map((s) => `${s.xAxis.param} × ${s.yAxis.param}`))],
    grid: grids,
    xAxis: [...info.subplots.map((s, i) => paramAxisOption(s.xAxis, i, { z: 3 })), ...hiddenX],
    yAxis: [...info.subplots.map((s, i) => paramAxisOption(s.yAxis, i, { nameGap: 44, z: 3 })), ...hiddenY],
    visualMap: {
      type: 'continuous',
      seriesIndex: cellSeries,
      dimension: 2,
      min: zMin,
      max: zMax,
      text: colorScaleText(info.targetName, zMin, zMax),
      right: 0,
      top: 'middle',
      itemHeight: 140,
      inRange: { color: colors },
    },
    series,
  };
}

/**
 * The contour plot of every pair of params.
 *
 * @example
 * ```ts
 * plotContour(study);
 * ```
 */
export function plotContour(study: VizStudy, options: ContourOptions = {}): ChartOption {
  return contourOption(getContourInfo(study, options));
}
