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
import { formatValue, type ParamAxis } from '../info/common.js';

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

/** An ECharts axis for a param (a log axis labels its ticks with {@link logTickLabel}). */
export function paramAxisOption(axis: ParamAxis, gridIndex: number, extra: ChartOption = {}): ChartOption {
  const base: ChartOption = { gridIndex, name: axis.param, nameLocation: 'middle', nameGap: 28, ...extra };
  if (axis.scale === 'category') return { ...base, type: 'category', data: axis.categories ?? [] };
  if (axis.scale === 'log') {
    return { ...base, type: 'log', min: axis.min ?? undefined, max: axis.max ?? undefined, axisLabel: { formatter: logTickLabel, hideOverlap: true } };
  }
  return { ...base, type: 'value', scale: true, min: axis.min ?? undefined, max: axis.max ?? undefined };
}

/**
 * The tick label of a log axis. ECharts computes a log axis's ticks as `10 ** k` in floating point
 * and prints them in full (`0.00000001`, `0.00001000000000000000`); this writes a power of ten as
 * `1e-8` ... `1e-4`, `0.001` ... `1000`, `1e4` ..., and any other tick (an axis end at the
 * distribution's bound) as {@link formatValue} does (6 significant digits, shortest form).
 * Closure-free: the HTML page receives its source text, so it calls nothing of ours.
 *
 * @example
 * ```ts
 * logTickLabel(1.0000000000000002e-8); // '1e-8'
 * logTickLabel(0.001); // '0.001'
 * logTickLabel(0.30000000000000004); // '0.3'
 * ```
 */
export function logTickLabel(value: number): string {
  const e = Math.round(Math.log10(value));
  const power = Math.pow(10, e);
  if (Math.abs(value - power) <= power * 1e-9) return e <= -4 || e >= 4 ? '1e' + e : String(Number(power.toPrecision(1)));
  return String(Number(value.toPrecision(6)));
}

/**
 * The end labels of a continuous color scale: its name and top value above the bar, its bottom
 * value below (as {@link formatValue} writes numbers), so a reader sees what the colors mean.
 *
 * @example
 * ```ts
 * colorScaleText('Objective Value', 0.01, 2.5); // ['Objective Value\n2.5', '0.01']
 * ```
 */
export function colorScaleText(name: string, min: number, max: number): [string, string] {
  return [name === '' ? formatValue(max) : `${name}\n${formatValue(max)}`, formatValue(min)];
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

/** Subplot titles as ECharts title components placed over each grid. */
export function subplotTitles(grids: readonly ChartOption[], texts: readonly string[]): ChartOption[] {
  return texts.map((text, i) => ({ text, top: (grids[i].top as number) - 22, left: grids[i].left, textStyle: { fontSize: 12, fontWeight: 'normal' } }));
}

/** Above this many points in one chart, scatters draw in ECharts' large mode (one path per series). */
export const LARGE_POINTS = 1500;

/**
 * Splits colored points into `colors.length` series of one color each (ECharts' large mode draws
 * one color per series, and per-point colors cost ~0.1 ms a point on a software canvas).
 * `key(i)` in [0, 1] picks the bin; each bin's series is named by `label(lo, hi)`.
 */
export function colorBins(
  n: number,
  key: (i: number) => number,
  colors: readonly string[],
): { bins: number[][]; ranges: [number, number][] } {
  const k = colors.length;
  const bins: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) {
    const u = key(i);
    const b = Math.min(k - 1, Math.max(0, Math.floor((Number.isFinite(u) ? u : 0) * k)));
    bins[b].push(i);
  }
  const ranges: [number, number][] = bins.map((_, b) => [b / k, (b + 1) / k]);
  return { bins, ranges };
}

/** `n` colors evenly interpolated along a palette of hex colors. */
export function paletteSteps(palette: readonly string[], n: number): string[] {
  const rgb = palette.map((h) => [1, 3, 5].map((o) => parseInt(h.slice(o, o + 2), 16)));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = n === 1 ? 0 : (i / (n - 1)) * (rgb.length - 1);
    const a = Math.min(rgb.length - 2, Math.floor(u));
    const f = u - a;
    const c = rgb[a].map((x, j) => Math.round(x + (rgb[a + 1][j] - x) * f));
    out.push(`#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`);
  }
  return out;
}

/** A point of a scatter: axis values (category labels on category axes) and its trial number. */
export interface ScatterPoint {
  x: number | string;
  y: number | string;
  number: number;
}

/**
 * Series data for trial points. Few points: `[x, y, number]` rows (`gbtuneTrialDim: 2` lets the
 * report's tooltips find the trial). Many (`large`): ECharts' large mode with one flat
 * `Float64Array` of x, y pairs (category labels as their index) — 3× faster to draw — and the trial
 * numbers beside it (`gbtuneTrialNumbers`, read by the report page through the data index).
 */
export function scatterData(
  points: readonly ScatterPoint[],
  large: boolean,
  xCats: readonly string[] | null = null,
  yCats: readonly string[] | null = null,
): ChartOption {
  if (!large) return { data: points.map((p) => [p.x, p.y, p.number]), gbtuneTrialDim: 2 };
  const xi = xCats === null ? null : new Map(xCats.map((c, i) => [c, i]));
  const yi = yCats === null ? null : new Map(yCats.map((c, i) => [c, i]));
  const flat = new Float64Array(points.length * 2);
  const numbers = new Array<number>(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    flat[2 * i] = xi === null ? (p.x as number) : (xi.get(p.x as string) ?? 0);
    flat[2 * i + 1] = yi === null ? (p.y as number) : (yi.get(p.y as string) ?? 0);
    numbers[i] = p.number;
  }
  return { data: flat, dimensions: ['x', 'y'], large: true, largeThreshold: 0, gbtuneTrialNumbers: numbers };
}
