/**
 * Shared pieces of the ECharts option builders: the option type, the layout of several subplots in
 * one chart (grids), param axes (value, log or category), colors, and the closure-free render
 * functions of the custom series (they are serialized into the HTML page as source text).
 *
 * @example
 * ```ts
 * const grids = gridLayout(4); // 3 columns, 2 rows
 * ```
 */
import type { ParamAxis } from '../info/common.js';

/** An ECharts option object (plain data, plus closure-free functions for custom series). */
export type ChartOption = Record<string, unknown>;

/** Height in pixels a chart needs to draw its option. */
export function chartHeight(option: ChartOption): number {
  const grid = option.grid;
  const n = Array.isArray(grid) ? grid.length : 1;
  const rows = Math.ceil(n / Math.min(n, 3));
  return Math.max(420, rows * 300 + 90);
}

/** Columns of a subplot layout. */
export function gridColumns(n: number): number {
  return Math.min(Math.max(1, n), 3);
}

/** Grid boxes (percent of the chart) for `n` subplots, up to three per row. */
export function gridLayout(
  n: number,
  { top = 70, bottomPad = 60, reserveRight = 8 }: { top?: number; bottomPad?: number; reserveRight?: number } = {},
): ChartOption[] {
  const cols = gridColumns(n);
  const span = 100 - reserveRight;
  const rows = Math.ceil(Math.max(1, n) / cols);
  const height = rows * 300 + 90;
  const out: ChartOption[] = [];
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const w = span / cols;
    out.push({
      left: `${(c * w + 7).toFixed(2)}%`,
      width: `${(w - 11).toFixed(2)}%`,
      top: top + ((height - top) / rows) * r,
      height: (height - top) / rows - bottomPad,
      containLabel: false,
    });
  }
  return out;
}

/** An ECharts axis for a param. */
export function paramAxisOption(axis: ParamAxis, gridIndex: number, extra: ChartOption = {}): ChartOption {
  const base: ChartOption = { gridIndex, name: axis.param, nameLocation: 'middle', nameGap: 28, ...extra };
  if (axis.scale === 'category') return { ...base, type: 'category', data: axis.categories ?? [] };
  if (axis.scale === 'log') return { ...base, type: 'log', min: axis.min ?? undefined, max: axis.max ?? undefined };
  return { ...base, type: 'value', scale: true, min: axis.min ?? undefined, max: axis.max ?? undefined };
}

/** A value axis for the target. */
export function valueAxisOption(name: string, gridIndex = 0, extra: ChartOption = {}): ChartOption {
  return { type: 'value', gridIndex, name, nameLocation: 'middle', nameGap: 48, scale: true, ...extra };
}

/** Optuna-like colors: blues for the objective, a palette for series. */
export const COLORS = {
  blues: ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'],
  rank: ['#d73027', '#fc8d59', '#fee090', '#e0f3f8', '#91bfdb', '#4575b4'],
  state: { COMPLETE: '#1f77b4', PRUNED: '#ff7f0e', FAIL: '#d62728', RUNNING: '#2ca02c', WAITING: '#7f7f7f' } as Record<string, string>,
  palette: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'],
};

/** Common top-level settings: a title, no animation (fast, deterministic SVG), tooltips. */
export function baseOption(title: string): ChartOption {
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    animation: false,
    tooltip: { trigger: 'item', confine: true },
    color: COLORS.palette,
  };
}

/**
 * Custom-series renderer of a rectangle cell `[x0, x1, y0, y1, z]`; on a category axis x0 = x1 (the
 * index) and the cell spans the category's band. Closure-free: serialized into the HTML page.
 */
export function renderCell(_params: unknown, api: any): unknown {
  const a = api.coord([api.value(0), api.value(2)]);
  const b = api.coord([api.value(1), api.value(3)]);
  const s = api.size([1, 1]);
  let xa = a[0];
  let xb = b[0];
  if (api.value(0) === api.value(1)) {
    xa -= s[0] / 2;
    xb += s[0] / 2;
  }
  let ya = a[1];
  let yb = b[1];
  if (api.value(2) === api.value(3)) {
    ya -= s[1] / 2;
    yb += s[1] / 2;
  }
  return {
    type: 'rect',
    shape: { x: Math.min(xa, xb), y: Math.min(ya, yb), width: Math.abs(xb - xa) + 0.5, height: Math.abs(yb - ya) + 0.5 },
    style: { fill: api.visual('color') },
  };
}

/** Custom-series renderer of a timeline bar `[start, end, number]`. Closure-free. */
export function renderBar(_params: unknown, api: any): unknown {
  const a = api.coord([api.value(0), api.value(2)]);
  const b = api.coord([api.value(1), api.value(2)]);
  const h = Math.max(1, Math.min(18, api.size([0, 1])[1] * 0.8));
  return {
    type: 'rect',
    shape: { x: a[0], y: a[1] - h / 2, width: Math.max(1, b[0] - a[0]), height: h },
    style: { fill: api.visual('color') },
  };
}

/** Cell edges of a grid of `n` cells over a numeric axis (geometric for log axes). */
export function cellEdges(axis: ParamAxis, n: number): number[] {
  const log = axis.scale === 'log';
  const a = log ? Math.log(axis.min!) : axis.min!;
  const b = log ? Math.log(axis.max!) : axis.max!;
  const out: number[] = [];
  for (let k = 0; k <= n; k++) {
    const z = a + ((b - a) * k) / n;
    out.push(log ? Math.exp(z) : z);
  }
  return out;
}

/** Subplot titles as ECharts title components placed over each grid. */
export function subplotTitles(grids: readonly ChartOption[], texts: readonly string[]): ChartOption[] {
  return texts.map((text, i) => ({ text, top: (grids[i]!.top as number) - 22, left: grids[i]!.left, textStyle: { fontSize: 12, fontWeight: 'normal' } }));
}
