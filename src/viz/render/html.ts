/**
 * One self-contained interactive HTML page of ECharts charts: ECharts itself is inlined (read at
 * run time from the installed `echarts/dist/echarts.min.js`), so the page needs no network. Each
 * chart's tooltip shows the hovered trial (number, state, values, params) from a per-page table.
 * When every chart has drawn, the page sets `window.__gbtuneReady = true` (used by tests and the bench).
 *
 * @example
 * ```ts
 * const html = buildHtmlPage({ title: 'study', bodyHtml: '<h1>study</h1>', charts: [{ id: 'h', title: 'History', option }] });
 * ```
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chartHeight, type ChartOption } from './common.js';

/** One chart of a page. */
export interface PageChart {
  /** Element id (letters, digits, '-'). */
  id: string;
  title: string;
  option: ChartOption;
  /** Pixels. Default {@link chartHeight}. */
  height?: number;
}

/** Options of {@link buildHtmlPage}. */
export interface HtmlPageOptions {
  title: string;
  /** HTML placed before the charts (already escaped by the caller). */
  bodyHtml?: string;
  charts: readonly PageChart[];
  /** HTML placed after the charts. */
  afterHtml?: string;
  /** Tooltip HTML per trial number (shown when hovering a point that carries the trial's number). */
  trialTips?: readonly (string | null)[];
  /** JSON-serializable data for `script`, readable there as `GBTUNE_DATA`. */
  data?: Record<string, unknown>;
  /** Extra page script (runs after the charts are set up). */
  script?: string;
}

let echartsSource: string | null = null;

/** The minified ECharts bundle, read once from node_modules. */
export function echartsBundle(): string {
  if (echartsSource === null) {
    const require = createRequire(import.meta.url);
    echartsSource = readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
  }
  return echartsSource;
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JavaScript source of a value: JSON for data, source text for (closure-free) functions. */
export function toJsSource(v: unknown): string {
  if (typeof v === 'function') return `(${String(v)})`;
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return jsonScriptSafe(v);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const arr = v as unknown as ArrayLike<number> & { constructor: { name: string } };
    const parts = new Array<string>(arr.length);
    for (let i = 0; i < arr.length; i++) parts[i] = String(roundForPlot(arr[i]));
    return `new ${arr.constructor.name}([${parts.join(',')}])`;
  }
  if (Array.isArray(v)) {
    // fast path: arrays without functions go through JSON, numbers to 7 significant digits
    // (plenty for positions on a chart; tooltips read exact values from the trial table)
    if (!containsFunction(v)) return jsonScriptSafe(v, true);
    return `[${v.map(toJsSource).join(',')}]`;
  }
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === undefined) continue;
    parts.push(`${JSON.stringify(k)}:${toJsSource(x)}`);
  }
  return `{${parts.join(',')}}`;
}

function containsFunction(v: unknown, depth = 0): boolean {
  if (typeof v === 'function') return true;
  if (v === null || typeof v !== 'object' || depth > 3) return false;
  if (Array.isArray(v)) {
    // data arrays hold numbers, strings or small arrays/objects: sample the first items only
    for (let i = 0; i < Math.min(v.length, 3); i++) if (containsFunction(v[i], depth + 1)) return true;
    return false;
  }
  for (const x of Object.values(v)) if (containsFunction(x, depth + 1)) return true;
  return false;
}

/** A number with at most 7 significant digits (integers unchanged). */
function roundForPlot(x: number): number {
  return Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(7));
}

function roundReplacer(_k: string, x: unknown): unknown {
  return typeof x === 'number' ? roundForPlot(x) : x;
}

/** JSON that is safe inside a <script> element (no '</script>', no U+2028/2029). */
function jsonScriptSafe(v: unknown, round = false): string {
  return (JSON.stringify(v, round ? roundReplacer : undefined) ?? 'null').replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const PAGE_SCRIPT = String.raw`
(function () {
  var ready = 0;
  var charts = [];
  function tip(n) {
    var t = TRIAL_TIPS[n];
    return t == null ? 'Trial ' + n : t;
  }
  function patch(option) {
    var series = Array.isArray(option.series) ? option.series : [];
    series.forEach(function (s) {
      // draw each chart in one pass: progressive chunks wait for animation frames and delay the last chart
      if (s.progressive === undefined) s.progressive = 0;
      if (Array.isArray(s.gbtuneTrialNumbers)) {
        var numbers = s.gbtuneTrialNumbers;
        s.tooltip = { formatter: function (p) { return tip(numbers[p.dataIndex]); } };
        delete s.gbtuneTrialNumbers;
      } else if (typeof s.gbtuneTrialDim === 'number') {
        var dim = s.gbtuneTrialDim;
        s.tooltip = { formatter: function (p) { var v = p.value || p.data; return tip(Array.isArray(v) ? v[dim] : v); } };
        delete s.gbtuneTrialDim;
      }
    });
    return option;
  }
  function done(c) {
    if (c.done) return;
    c.done = true;
    ready++;
    var el = document.getElementById(c.id);
    if (el) el.setAttribute('data-drawn', 'true');
    if (ready === CHARTS.length) {
      window.__gbtuneReady = true;
      window.__gbtuneReadyAt = performance.now();
    }
  }
  var timings = (window.__gbtuneTimings = {});
  CHARTS.forEach(function (c) {
    var el = document.getElementById(c.id);
    var t0 = performance.now();
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    charts.push(chart);
    chart.on('finished', function () { if (!c.done) timings[c.id + ':finished'] = performance.now() - t0; done(c); });
    chart.setOption(patch(c.option));
    timings[c.id] = performance.now() - t0;
  });
  if (CHARTS.length === 0) window.__gbtuneReady = true;
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  window.__gbtuneCharts = charts;
})();
`;

const STYLE = `
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0 auto; max-width: 1280px; padding: 16px 24px; color: #222; }
h1 { font-size: 22px; margin: 8px 0 16px; } h2 { font-size: 17px; margin: 28px 0 8px; }
table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
th { background: #f3f5f8; } table.sortable th { cursor: pointer; user-select: none; } table.sortable th:hover { background: #e4e9f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { width: 100%; border: 1px solid #eee; margin: 6px 0 18px; }
nav a { margin-right: 12px; font-size: 13px; } .muted { color: #777; font-size: 12px; }
.pager { margin: 6px 0; font-size: 13px; } .pager button { margin: 0 4px; }
`;

/**
 * The page's chart options as JSON (parsed by the browser with JSON.parse, ~20× faster than a
 * JavaScript literal of the same size): functions become `{"__gbtuneFn": i}` (their source goes into
 * `functions`), typed arrays `{"__gbtuneTyped": "Float64Array", "values": [...]}`, and numbers in
 * arrays keep 7 significant digits (chart positions; tooltips read the trials' exact values).
 */
export function chartsToJson(charts: readonly { id: string; option: ChartOption }[]): { json: string; functions: string[] } {
  const functions: string[] = [];
  const fnIndex = new Map<unknown, number>();
  const json = JSON.stringify(
    charts.map((c) => ({ id: c.id, option: c.option })),
    function (this: unknown, _key: string, value: unknown): unknown {
      if (typeof value === 'number') return Array.isArray(this) ? roundForPlot(value) : value;
      if (typeof value === 'function') {
        let i = fnIndex.get(value);
        if (i === undefined) {
          i = functions.length;
          fnIndex.set(value, i);
          functions.push(`(${String(value)})`);
        }
        return { __gbtuneFn: i };
      }
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        const arr = value as unknown as ArrayLike<number> & { constructor: { name: string } };
        return { __gbtuneTyped: arr.constructor.name, values: Array.from(arr) };
      }
      return value;
    },
  );
  return { json: scriptSafe(json), functions };
}

/** Escapes JSON text for a <script> element. */
function scriptSafe(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const REVIVE_SCRIPT = String.raw`
function gbtuneReadJson(id) { return JSON.parse(document.getElementById(id).textContent); }
function gbtuneRevive(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    // data arrays of numbers or of number arrays hold nothing to revive
    var f = v[0];
    if (v.length === 0 || f === null || typeof f !== 'object' || Array.isArray(f) && typeof f[0] !== 'object') return v;
    for (var i = 0; i < v.length; i++) v[i] = gbtuneRevive(v[i]);
    return v;
  }
  if (typeof v.__gbtuneFn === 'number') return GBTUNE_FUNCTIONS[v.__gbtuneFn];
  if (typeof v.__gbtuneTyped === 'string') return new window[v.__gbtuneTyped](v.values);
  for (var k in v) v[k] = gbtuneRevive(v[k]);
  return v;
}
`;

/** Builds the page's HTML text. */
export function buildHtmlPage({ title, bodyHtml = '', charts, afterHtml = '', trialTips = [], data = {}, script = '' }: HtmlPageOptions): string {
  const nav = charts.map((c) => `<a href="#${c.id}-section">${escapeHtml(c.title)}</a>`).join('');
  const sections = charts
    .map(
      (c) =>
        `<section id="${c.id}-section"><h2>${escapeHtml(c.title)}</h2><div class="chart" id="${c.id}" style="height:${c.height ?? chartHeight(c.option)}px"></div></section>`,
    )
    .join('\n');
  const { json, functions } = chartsToJson(charts);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
<script>${echartsBundle().replace(/<\/script/gi, '<\\/script')}</script>
</head>
<body>
${bodyHtml}
${charts.length > 0 ? `<nav>${nav}</nav>` : ''}
${sections}
${afterHtml}
<script type="application/json" id="gbtune-charts">${json}</script>
<script type="application/json" id="gbtune-tips">${jsonScriptSafe(trialTips)}</script>
<script type="application/json" id="gbtune-data">${jsonScriptSafe(data)}</script>
<script>
var GBTUNE_FUNCTIONS = [${functions.join(',\n')}];
${REVIVE_SCRIPT}
var TRIAL_TIPS = gbtuneReadJson('gbtune-tips');
var GBTUNE_DATA = gbtuneReadJson('gbtune-data');
var CHARTS = gbtuneRevive(gbtuneReadJson('gbtune-charts'));
${PAGE_SCRIPT}
${script}
</script>
</body>
</html>
`;
}
