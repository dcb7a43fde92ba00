/**
 * Chart options over the wire: a server builds a plot's ECharts option with the `plot*`
 * functions (Node), sends it as JSON, and a page draws it — without evaluating code sent as text,
 * so a page may forbid `eval` (Content-Security-Policy). An option holds, besides plain data,
 * a few of gbtune's own functions (a log axis's tick labels, the timeline's bar renderer) and
 * typed arrays (large scatters): {@link chartOptionToJson} writes a function as its name,
 * `{"$gbtuneFn": "logTickLabel"}`, and a typed array as `{"$gbtuneTyped": "Float64Array",
 * "values": [...]}`; {@link chartOptionFromJson} puts back the same functions (this module holds
 * them) and arrays. The `gbtuneTrialNumbers` / `gbtuneTrialDim` keys the option builders put on
 * series to find a point's trial are read by {@link trialNumberAt}.
 *
 * This module imports nothing that needs Node: it is the browser-safe part of `gbtune/viz`
 * (entry `gbtune/viz/browser`).
 *
 * @example
 * ```ts
 * // server
 * const json = chartOptionToJson(plotSlice(study));
 * // page
 * chart.setOption(withTrialTooltips(chartOptionFromJson(json), (n) => `Trial ${n}`));
 * ```
 */
import { logTickLabel, renderBar, type ChartOption } from './common.js';

/** The functions an option may hold, by name. */
const CHART_FUNCTIONS: Record<string, (...args: never[]) => unknown> = { logTickLabel, renderBar };

/** A number with at most 7 significant digits (chart positions; integers unchanged). */
function roundForPlot(x: number): number {
  return Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(7));
}

/**
 * An option as JSON text (numbers in data arrays to 7 significant digits). A function that is not
 * one of gbtune's chart functions is an error naming it.
 *
 * @example
 * ```ts
 * chartOptionToJson({ xAxis: { type: 'log', axisLabel: { formatter: logTickLabel } } });
 * // '{"xAxis":{"type":"log","axisLabel":{"formatter":{"$gbtuneFn":"logTickLabel"}}}}'
 * ```
 */
export function chartOptionToJson(option: ChartOption): string {
  return JSON.stringify(option, function (this: unknown, key: string, value: unknown): unknown {
    if (typeof value === 'number') return Array.isArray(this) ? roundForPlot(value) : Number.isFinite(value) ? value : null;
    if (typeof value === 'function') {
      const name = (value as { name: string }).name;
      if (CHART_FUNCTIONS[name] !== value) throw new Error(`chartOptionToJson: '${key}' holds a function (${name || 'anonymous'}) that is not one of gbtune's chart functions (${Object.keys(CHART_FUNCTIONS).join(', ')})`);
      return { $gbtuneFn: name };
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const arr = value as unknown as ArrayLike<number> & { constructor: { name: string } };
      const values = new Array<number>(arr.length);
      for (let i = 0; i < arr.length; i++) values[i] = roundForPlot(arr[i]);
      return { $gbtuneTyped: arr.constructor.name, values };
    }
    return value;
  });
}

const TYPED: Record<string, new (values: number[]) => ArrayLike<number>> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
};

function revive(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    // data arrays of numbers (or of number arrays) hold nothing to revive
    const f = v[0] as unknown;
    if (v.length === 0 || f === null || typeof f !== 'object' || (Array.isArray(f) && typeof f[0] !== 'object')) return v;
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.$gbtuneFn === 'string') {
    const fn = CHART_FUNCTIONS[o.$gbtuneFn];
    if (fn === undefined) throw new Error(`chartOptionFromJson: unknown chart function '${o.$gbtuneFn}'`);
    return fn;
  }
  if (typeof o.$gbtuneTyped === 'string') {
    const T = TYPED[o.$gbtuneTyped];
    if (T === undefined) throw new Error(`chartOptionFromJson: unknown typed array '${o.$gbtuneTyped}'`);
    return new T(o.values as number[]);
  }
  for (const k of Object.keys(o)) o[k] = revive(o[k]);
  return o;
}

/**
 * An option from its JSON text (or from the value `JSON.parse` made of it), with its functions
 * and typed arrays back.
 *
 * @example
 * ```ts
 * chartOptionFromJson('{"series":[{"type":"scatter","data":{"$gbtuneTyped":"Float64Array","values":[1,2]}}]}');
 * ```
 */
export function chartOptionFromJson(json: string | unknown): ChartOption {
  return revive(typeof json === 'string' ? JSON.parse(json) : json) as ChartOption;
}

/** What ECharts hands an event or tooltip formatter about a point. */
export interface ChartPoint {
  seriesIndex?: number;
  dataIndex?: number;
  value?: unknown;
  data?: unknown;
}

/**
 * The trial number of a point of an option built by gbtune (null when the series does not say),
 * from its series' `gbtuneTrialNumbers` (by data index) or `gbtuneTrialDim` (the value's dimension).
 *
 * @example
 * ```ts
 * trialNumberAt(option, { seriesIndex: 0, dataIndex: 3, value: [0.1, 0.5, 17] }); // 17
 * ```
 */
export function trialNumberAt(option: ChartOption, p: ChartPoint): number | null {
  const series = Array.isArray(option.series) ? (option.series as Record<string, unknown>[]) : [];
  const s = series[p.seriesIndex ?? 0];
  if (s === undefined) return null;
  const numbers = s.gbtuneTrialNumbers;
  if (Array.isArray(numbers) && p.dataIndex !== undefined) return typeof numbers[p.dataIndex] === 'number' ? (numbers[p.dataIndex] as number) : null;
  if (typeof s.gbtuneTrialDim === 'number') {
    const v = Array.isArray(p.value) ? p.value : p.data;
    const n = Array.isArray(v) ? (v[s.gbtuneTrialDim] as unknown) : undefined;
    return typeof n === 'number' ? n : null;
  }
  return null;
}

/**
 * A copy of the option whose trial series show `tip(trialNumber)` as their tooltip (series
 * without trial numbers keep theirs); the series keep their `gbtuneTrial*` keys for
 * {@link trialNumberAt}.
 *
 * @example
 * ```ts
 * chart.setOption(withTrialTooltips(option, (n) => `Trial ${n}`));
 * ```
 */
export function withTrialTooltips(option: ChartOption, tip: (trialNumber: number) => string): ChartOption {
  if (!Array.isArray(option.series)) return option;
  const series = (option.series as Record<string, unknown>[]).map((s, seriesIndex) => {
    if (!Array.isArray(s.gbtuneTrialNumbers) && typeof s.gbtuneTrialDim !== 'number') return s;
    return {
      ...s,
      tooltip: {
        formatter: (p: ChartPoint) => {
          const n = trialNumberAt(option, { ...p, seriesIndex });
          return n === null ? '' : tip(n);
        },
      },
    };
  });
  return { ...option, series };
}
