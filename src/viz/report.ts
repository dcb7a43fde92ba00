/**
 * The study report: one self-contained interactive HTML page (summary table, every plot that
 * applies to the study, the trials table sortable by column) and the same plots as SVG files.
 *
 * @example
 * ```ts
 * await study.optimize(objective, { nTrials: 100 });
 * writeHtmlReport(study, 'report.html');
 * writeSvgPlots(study, 'plots/'); // plots/optimization-history.svg, plots/slice.svg, ...
 * ```
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { log } from '../core/log.js';
import type { ImportanceEvaluatorName } from '../tune/importance/registry.js';
import type { ImportanceEvaluator } from '../tune/importance/encode.js';
import { paretoFrontTrials } from '../tune/multi-objective.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';
import { formatValue, type VizStudy } from './info/common.js';
import type { ChartOption } from './render/common.js';
import { contourOption } from './render/contour.js';
import { plotEdf } from './render/edf.js';
import { buildHtmlPage, escapeHtml, type PageChart } from './render/html.js';
import { plotIntermediateValues } from './render/intermediate-values.js';
import { plotOptimizationHistory } from './render/optimization-history.js';
import { plotParallelCoordinate } from './render/parallel-coordinate.js';
import { paramImportancesOption } from './render/param-importances.js';
import { plotParetoFront } from './render/pareto-front.js';
import { plotRank } from './render/rank.js';
import { plotSlice } from './render/slice.js';
import { svgToPng } from './render/png.js';
import { renderSvg } from './render/svg.js';
import { plotTimeline } from './render/timeline.js';
import { plotTimeToBest } from './render/time-to-best.js';
import { getContourInfo } from './info/contour.js';
import { getParamImportancesInfo } from './info/param-importances.js';
import type { ModelExplanation } from './info/model-explanation.js';
import { plotFeatureImportance } from './render/feature-importance.js';
import { plotShapDependence } from './render/shap-dependence.js';
import { plotShapSummary } from './render/shap-summary.js';

/** Options of {@link reportCharts}, {@link writeHtmlReport} and {@link writeSvgPlots}. */
export interface ReportOptions {
  /** Importance evaluator for the importances plot and for choosing the contour/rank params. Default fANOVA (seed 0). */
  evaluator?: ImportanceEvaluator | ImportanceEvaluatorName;
  /** Contour and rank plots pair at most this many params (the most important). Default 4. */
  maxPairParams?: number;
  /** Page title. Default `gbtune report: <study name>`. */
  title?: string;
  /** Fix "now" (ms) for running trials in the timeline. Default `Date.now()`. */
  now?: number;
  /**
   * The tuned (refitted) model explained on a sample of its data: adds its feature importance,
   * a SHAP summary (beeswarm) and SHAP dependence plots of its top features. Default none.
   */
  model?: ModelExplanation;
}

/** A named plot of the report. */
export interface ReportChart extends PageChart {
  /** File-name stem, e.g. 'optimization-history'. */
  name: string;
}

/** Every plot that applies to the study (skipping, with a debug message, those that cannot be drawn). */
export function reportCharts(study: VizStudy, { evaluator, maxPairParams = 4, now, model }: ReportOptions = {}): ReportChart[] {
  const out: ReportChart[] = [];
  const add = (name: string, title: string, make: () => ChartOption | null): void => {
    try {
      const option = make();
      if (option !== null) out.push({ name, id: `chart-${name}`, title, option });
    } catch (e) {
      log.debug(`report: ${name} skipped: ${(e as Error).message}`);
    }
  };
  const multi = study.directions.length > 1;
  const complete = study.trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
  const names = multi ? (study.metricNames ?? study.directions.map((_, i) => `Objective ${i}`)) : null;
  const target = multi ? (t: FrozenTrial) => (t.values as readonly number[])[0] : undefined;
  const targetName = names !== null ? names[0] : undefined;
  const hasParams = complete.some((t) => Object.keys(t.params).length > 0);
  if (complete.length > 0) {
    if (multi) add('pareto-front', 'Pareto front', () => plotParetoFront(study));
    add('optimization-history', 'Optimization history', () => plotOptimizationHistory(study, { target, targetName }));
  }
  let ranked: string[] = [];
  if (complete.length >= 2 && hasParams) {
    add('param-importances', 'Hyperparameter importances', () => {
      const info = getParamImportancesInfo(study, { evaluator });
      ranked = (info.objectives[0]?.importances ?? []).map((p) => p.param);
      return info.objectives.some((o) => o.importances.length > 0) ? paramImportancesOption(info) : null;
    });
  }
  if (complete.length > 0 && hasParams) {
    add('slice', 'Slice', () => plotSlice(study, { target, targetName }));
    const pairParams = pickPairParams(study, ranked, maxPairParams);
    if (pairParams.length >= 2) {
      add('contour', 'Contour', () => contourOption(getContourInfo(study, { params: pairParams, target, targetName })));
    }
    add('parallel-coordinate', 'Parallel coordinate', () => plotParallelCoordinate(study, { target, targetName, params: commonParams(complete) }));
    if (pairParams.length >= 1) add('rank', 'Rank', () => plotRank(study, { params: pairParams, target, targetName }));
  }
  if (complete.length > 0) add('edf', 'Empirical distribution function', () => plotEdf(study, { target, targetName }));
  if (!multi && complete.some((t) => t.datetimeStart !== null && t.datetimeComplete !== null)) add('time-to-best', 'Time to best', () => plotTimeToBest(study));
  if (study.trials.some((t) => t.intermediateValues.size > 0)) add('intermediate-values', 'Intermediate values', () => plotIntermediateValues(study));
  if (study.trials.some((t) => t.datetimeStart !== null)) add('timeline', 'Timeline', () => plotTimeline(study, { now }));
  if (model !== undefined) {
    add('feature-importance', `Model: feature importance (${model.importanceType})`, () => plotFeatureImportance(model));
    add('shap-summary', 'Model: SHAP summary', () => plotShapSummary(model));
    add('shap-dependence', 'Model: SHAP dependence of the top features', () => plotShapDependence(model));
  }
  return out;
}

/** Params for the pair plots: the most important first (or all, sorted), at most `max`. */
function pickPairParams(study: VizStudy, ranked: readonly string[], max: number): string[] {
  const all = new Set<string>();
  for (const t of study.trials) if (t.state === 'COMPLETE') for (const k of Object.keys(t.params)) all.add(k);
  const order = [...ranked.filter((p) => all.has(p)), ...[...all].sort().filter((p) => !ranked.includes(p))];
  return order.slice(0, Math.max(0, max));
}

/** Params every COMPLETE trial has (the parallel coordinate plot draws trials that have all its params). */
function commonParams(complete: readonly FrozenTrial[]): string[] | undefined {
  if (complete.length === 0) return undefined;
  const names = Object.keys(complete[0].params).filter((k) => complete.every((t) => k in t.params));
  return names.length > 0 ? names.sort() : undefined;
}

/** The summary table and the trials table's data, as HTML and JSON. */
function summaryHtml(study: VizStudy, title: string, evaluatorNote: string): string {
  const counts: Record<string, number> = {};
  for (const t of study.trials) counts[t.state] = (counts[t.state] ?? 0) + 1;
  const rows: [string, string][] = [
    ['Study', escapeHtml(study.studyName ?? '')],
    ['Directions', study.directions.join(', ')],
    ['Trials', `${study.trials.length} (${Object.entries(counts).map(([k, v]) => `${k}: ${v}`).join(', ')})`],
  ];
  const complete = study.trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
  const valueName = study.metricNames?.[0] ?? 'Objective value';
  if (study.directions.length === 1 && complete.length > 0) {
    const max = study.directions[0] === 'MAXIMIZE';
    let best = complete[0];
    for (const t of complete) if (max ? t.values![0] > best.values![0] : t.values![0] < best.values![0]) best = t;
    rows.push(['Best trial', `#${best.number}`], [`Best ${escapeHtml(valueName)}`, formatValue(best.values![0])]);
    for (const [k, v] of Object.entries(best.params)) rows.push([`&nbsp;&nbsp;${escapeHtml(k)}`, escapeHtml(formatValue(v))]);
  } else if (complete.length > 0) {
    const front = paretoFrontTrials(study.trials, study.directions);
    rows.push(['Pareto-front trials', `${front.length}: ${front.map((t) => `#${t.number}`).join(', ')}`]);
  }
  const starts = study.trials.flatMap((t) => (t.datetimeStart !== null ? [t.datetimeStart.getTime()] : []));
  const ends = study.trials.flatMap((t) => (t.datetimeComplete !== null ? [t.datetimeComplete.getTime()] : []));
  if (starts.length > 0) {
    const first = Math.min(...starts);
    rows.push(['Started', new Date(first).toISOString()]);
    if (ends.length > 0) {
      const last = Math.max(...ends);
      rows.push(['Last completed', new Date(last).toISOString()], ['Wall time', formatDuration(last - first)]);
      const durs = study.trials.flatMap((t) =>
        t.datetimeStart !== null && t.datetimeComplete !== null ? [t.datetimeComplete.getTime() - t.datetimeStart.getTime()] : [],
      );
      rows.push(['Mean trial time', formatDuration(durs.reduce((a, b) => a + b, 0) / Math.max(1, durs.length))]);
    }
  }
  // keys and values are escaped where they are built
  const table = rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('');
  return `<h1>${escapeHtml(title)}</h1><h2>Summary</h2><table class="summary">${table}</table><p class="muted">${escapeHtml(evaluatorNote)}</p>`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(1)} s`;
  const m = s / 60;
  if (m < 120) return `${m.toFixed(1)} min`;
  return `${(m / 60).toFixed(2)} h`;
}

/**
 * Columns and rows of the trials table: number, state, values, duration, the user attrs whose
 * values are numbers, strings or booleans in every trial that has them (e.g. a tuning trial's
 * rounds run, folds evaluated, seconds; not an object such as its booster params), then the params.
 */
function trialsTable(study: VizStudy): { columns: string[]; numeric: boolean[]; rows: (string | number | null)[][] } {
  const params = new Set<string>();
  for (const t of study.trials) for (const k of Object.keys(t.params)) params.add(k);
  const pnames = [...params].sort();
  const attrs = scalarAttrs(study);
  const m = study.directions.length;
  const vnames = m === 1 ? [study.metricNames?.[0] ?? 'value'] : (study.metricNames ?? Array.from({ length: m }, (_, i) => `values_${i}`));
  const anames = attrs.map((a) => (params.has(a) ? `attr ${a}` : a));
  const columns = ['number', 'state', ...vnames, 'duration (s)', ...anames, ...pnames];
  const nAttr = attrs.length;
  const numeric = columns.map((c, i) => i === 0 || (i >= 2 && i < 3 + m + nAttr) || (i >= 3 + m + nAttr && pnames.includes(c)));
  const rows = study.trials.map((t) => {
    const vals = Array.from({ length: m }, (_, i) => (t.values !== null ? (t.values[i] ?? null) : null));
    const dur = t.datetimeStart !== null && t.datetimeComplete !== null ? (t.datetimeComplete.getTime() - t.datetimeStart.getTime()) / 1000 : null;
    const as = attrs.map((a) => {
      const v = t.userAttrs[a];
      return v === undefined ? null : typeof v === 'number' ? v : String(v);
    });
    const ps = pnames.map((p) => {
      const v = t.params[p];
      if (v === undefined) return null;
      return typeof v === 'number' ? v : formatValue(v);
    });
    return [t.number, t.state, ...vals, dur, ...as, ...ps];
  });
  for (let c = 0; c < columns.length; c++) if (numeric[c] && rows.some((r) => typeof r[c] === 'string')) numeric[c] = false;
  return { columns, numeric, rows };
}

/** User attr keys whose every value is a number, a string or a boolean, in first-seen order. */
function scalarAttrs(study: VizStudy): string[] {
  const ok = new Map<string, boolean>();
  for (const t of study.trials) {
    for (const [k, v] of Object.entries(t.userAttrs)) {
      const scalar = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
      ok.set(k, (ok.get(k) ?? true) && scalar);
    }
  }
  return [...ok].filter(([, s]) => s).map(([k]) => k);
}

const TABLE_SCRIPT = String.raw`
(function () {
  var PAGE = 100;
  var el = document.getElementById('trials-table');
  var TRIALS = GBTUNE_DATA.trials;
  if (!el || !TRIALS) return;
  var order = TRIALS.rows.map(function (_, i) { return i; });
  var sortCol = 0, asc = true, page = 0;
  function fmt(v) {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
    return String(v).replace(/[&<>]/g, function (c) { return c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'; });
  }
  function cmp(a, b) {
    var x = TRIALS.rows[a][sortCol], y = TRIALS.rows[b][sortCol];
    if (x === null && y === null) return a - b;
    if (x === null) return 1;
    if (y === null) return -1;
    var r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (asc ? r : -r) || a - b;
  }
  function draw() {
    var n = TRIALS.rows.length, pages = Math.max(1, Math.ceil(n / PAGE));
    page = Math.min(page, pages - 1);
    var head = '<tr>' + TRIALS.columns.map(function (c, i) {
      return '<th data-col="' + i + '">' + fmt(c) + (i === sortCol ? (asc ? ' \u25b2' : ' \u25bc') : '') + '</th>';
    }).join('') + '</tr>';
    var body = '';
    for (var k = page * PAGE; k < Math.min(n, (page + 1) * PAGE); k++) {
      var r = TRIALS.rows[order[k]];
      body += '<tr>' + r.map(function (v, i) { return '<td' + (TRIALS.numeric[i] ? ' class="num"' : '') + '>' + fmt(v) + '</td>'; }).join('') + '</tr>';
    }
    el.innerHTML = '<thead>' + head + '</thead><tbody>' + body + '</tbody>';
    document.getElementById('trials-pager').innerHTML = n > PAGE
      ? '<button data-p="-1">&lt;</button> page ' + (page + 1) + ' / ' + pages + ' <button data-p="1">&gt;</button>' : '';
  }
  el.addEventListener('click', function (e) {
    var th = e.target.closest('th');
    if (!th) return;
    var c = Number(th.getAttribute('data-col'));
    if (c === sortCol) asc = !asc; else { sortCol = c; asc = true; }
    order.sort(cmp);
    page = 0;
    draw();
  });
  document.getElementById('trials-pager').addEventListener('click', function (e) {
    var p = e.target.getAttribute && e.target.getAttribute('data-p');
    if (p) { page += Number(p); if (page < 0) page = 0; draw(); }
  });
  window.__gbtuneSortTrials = function (col, ascending) { sortCol = col; asc = ascending; order.sort(cmp); page = 0; draw(); };
  draw();
})();
`;

/** Tooltip HTML per trial number. */
function trialTips(study: VizStudy): (string | null)[] {
  const tips: (string | null)[] = [];
  for (const t of study.trials) {
    const vals = t.values === null ? '' : `<br>${t.values.length === 1 ? 'value' : 'values'}: ${t.values.map((v) => formatValue(v)).join(', ')}`;
    const ps = Object.entries(t.params)
      .map(([k, v]) => `<br>${escapeHtml(k)}: ${escapeHtml(formatValue(v))}`)
      .join('');
    tips[t.number] = `<b>Trial ${t.number}</b> (${t.state})${vals}${ps}`;
  }
  return tips;
}

/** The report page's HTML text. */
export function buildHtmlReport(study: VizStudy, options: ReportOptions = {}): string {
  return buildReport(study, options).html;
}

function buildReport(study: VizStudy, options: ReportOptions): { html: string; plots: string[] } {
  const title = options.title ?? `gbtune report: ${study.studyName ?? 'study'}`;
  const charts = reportCharts(study, options);
  const evaluator = options.evaluator;
  const evName = evaluator === undefined ? 'fanova' : typeof evaluator === 'string' ? evaluator : evaluator.constructor.name;
  const note = `Importances by ${evName}. Hover a point for its trial; scroll to zoom; drag on a parallel axis to filter.`;
  const table = trialsTable(study);
  const after = `<section id="trials-section"><h2>Trials</h2><p class="muted">Click a column header to sort.</p><div id="trials-pager" class="pager"></div><table id="trials-table" class="sortable"></table></section>`;
  const html = buildHtmlPage({
    title,
    bodyHtml: summaryHtml(study, title, note),
    charts,
    afterHtml: after,
    trialTips: trialTips(study),
    data: { trials: table },
    script: TABLE_SCRIPT,
  });
  return { html, plots: charts.map((c) => c.name) };
}

/**
 * Writes the HTML report (atomically). Returns the plots it holds.
 *
 * @example
 * ```ts
 * writeHtmlReport(study, 'out/report.html', { evaluator: 'ped-anova' });
 * ```
 */
export function writeHtmlReport(study: VizStudy, path: string, options: ReportOptions = {}): { path: string; plots: string[] } {
  const { html, plots } = buildReport(study, options);
  writeFileAtomic(path, html);
  return { path, plots };
}

/** Options of {@link writeSvgPlots}. */
export interface SvgPlotsOptions extends ReportOptions {
  /** Pixels. Default 900. */
  width?: number;
}

/**
 * Writes every applicable plot as `<dir>/<plot>.svg` (atomically; creates `dir`). Returns the paths.
 *
 * @example
 * ```ts
 * writeSvgPlots(study, 'plots'); // ['plots/optimization-history.svg', ...]
 * ```
 */
export function writeSvgPlots(study: VizStudy, dir: string, options: SvgPlotsOptions = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const c of reportCharts(study, options)) {
    const path = join(dir, `${c.name}.svg`);
    writeFileAtomic(path, renderSvg(c.option, { width: options.width }));
    paths.push(path);
  }
  return paths;
}

/**
 * Writes every applicable plot as `<dir>/<plot>.png` (rendered through SVG; atomically; creates
 * `dir`). Returns the paths.
 *
 * @example
 * ```ts
 * writePngPlots(study, 'plots'); // ['plots/optimization-history.png', ...]
 * ```
 */
export function writePngPlots(study: VizStudy, dir: string, options: SvgPlotsOptions = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const c of reportCharts(study, options)) {
    const path = join(dir, `${c.name}.png`);
    writeFileAtomic(path, svgToPng(renderSvg(c.option, { width: options.width }), { width: options.width }));
    paths.push(path);
  }
  return paths;
}
