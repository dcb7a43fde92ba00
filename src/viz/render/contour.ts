/**
 * ECharts option of the contour plot (Optuna's `plot_contour`): per pair of params, the
 * interpolated target as colored cells (custom series, so log and category axes work) and the
 * trials as points. The color scale is reversed for minimization (dark = good), as Optuna's.
 *
 * @example
 * ```ts
 * plotContour(study, { params: ['lr', 'num_leaves'] });
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getContourInfo, type ContourInfo, type ContourOptions } from '../info/contour.js';
import { baseOption, cellEdges, COLORS, gridLayout, paramAxisOption, renderCell, subplotTitles, type ChartOption } from './common.js';

/** The option for a contour info. */
export function contourOption(info: ContourInfo): ChartOption {
  const grids = gridLayout(info.subplots.length);
  const series: ChartOption[] = [];
  const cellSeries: number[] = [];
  info.subplots.forEach((s, i) => {
    if (s.grid !== null) {
      const g = s.grid;
      const xe = s.xAxis.scale === 'category' ? null : cellEdges(s.xAxis, g.xs.length);
      const ye = s.yAxis.scale === 'category' ? null : cellEdges(s.yAxis, g.ys.length);
      const data: number[][] = [];
      for (let iy = 0; iy < g.ys.length; iy++) {
        for (let ix = 0; ix < g.xs.length; ix++) {
          if (Number.isNaN(g.z[iy]![ix]!)) continue;
          data.push([
            xe === null ? ix : xe[ix]!,
            xe === null ? ix : xe[ix + 1]!,
            ye === null ? iy : ye[iy]!,
            ye === null ? iy : ye[iy + 1]!,
            g.z[iy]![ix]!,
          ]);
        }
      }
      cellSeries.push(series.length);
      series.push({
        type: 'custom',
        name: `${s.xAxis.param} × ${s.yAxis.param}`,
        xAxisIndex: i,
        yAxisIndex: i,
        renderItem: renderCell,
        encode: { x: [0, 1], y: [2, 3] },
        silent: true,
        data,
      });
    }
    series.push({
      type: 'scatter',
      name: 'Trials',
      xAxisIndex: i,
      yAxisIndex: i,
      symbolSize: 5,
      itemStyle: { color: '#000', borderColor: '#fff', borderWidth: 0.6 },
      data: s.points.map((p) => [p.x, p.y, p.number, p.value]),
      gbtuneTrialDim: 2,
    });
  });
  const colors = info.minimize ? [...COLORS.blues].reverse() : COLORS.blues;
  return {
    ...baseOption('Contour Plot'),
    title: [baseOption('Contour Plot').title, ...subplotTitles(grids, info.subplots.map((s) => `${s.xAxis.param} × ${s.yAxis.param}`))],
    grid: grids,
    xAxis: info.subplots.map((s, i) => paramAxisOption(s.xAxis, i)),
    yAxis: info.subplots.map((s, i) => paramAxisOption(s.yAxis, i, { nameGap: 44 })),
    visualMap: {
      type: 'continuous',
      seriesIndex: cellSeries,
      dimension: 4,
      min: Number.isFinite(info.zMin) ? info.zMin : 0,
      max: Number.isFinite(info.zMax) ? info.zMax : 1,
      text: [info.targetName, ''],
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
