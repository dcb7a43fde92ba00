/**
 * What the chart thread does (`chart-worker.ts`; in-process when the thread cannot start): keeps
 * each study's trials (sent as {@link TrialMessage}s, only the changed ones), builds the report's
 * plots with `reportCharts` (gbtune/viz) and writes them as JSON for the page
 * (`chartOptionToJson`, gbtune/viz/browser).
 *
 * Param importances (fANOVA, seed 0, as the report) take seconds on thousands of trials, so they
 * are cached per study and recomputed only when trials were added and the last result is older
 * than five times its computing time (at least 2 s): a build first draws every plot with the
 * cached importances (none yet: the importance plot is left out and the contour and rank plots
 * take their params by name), sends that, and then, when the cache is stale, computes them anew and
 * sends the full set.
 *
 * @example
 * ```ts
 * const charts = new ChartBuilder();
 * charts.sync({ kind: 'sync', key: 1, studyName: 's', directions: ['MINIMIZE'], metricNames: null, nTrials: 1, updates: [[0, trialMessage(t)]] });
 * charts.build(1, Date.now(), (out) => send(out));
 * ```
 */
import type { FrozenTrial, StudyDirection, TrialState } from '../index.js';
import { FanovaImportanceEvaluator, distributionFromJson, distributionToJson, type Distribution, type ImportanceEvaluator, type ParamValue } from '../tune/index.js';
import { plotEdf, plotOptimizationHistory, reportCharts, type VizStudy } from '../viz/index.js';
import { chartOptionToJson } from '../viz/browser/index.js';

/** A trial as sent to the chart thread. */
export interface TrialMessage {
  number: number;
  trialId: number;
  state: TrialState;
  values: number[] | null;
  params: Record<string, ParamValue>;
  /** `distribution_json` per param. */
  dists: Record<string, string>;
  start: number | null;
  complete: number | null;
  /** `[step, value, step, value, ...]`. */
  iv: number[];
}

/** Brings the thread's copy of a study up to date. */
export interface SyncMessage {
  kind: 'sync';
  key: number;
  studyName: string;
  directions: StudyDirection[];
  metricNames: string[] | null;
  nTrials: number;
  /** `[number, trial]` of the trials that changed since the last sync. */
  updates: [number, TrialMessage][];
}

/** One built chart. */
export interface BuiltChart {
  name: string;
  title: string;
  /** `chartOptionToJson` of the option. */
  json: string;
}

/** A build's result. */
export interface BuiltCharts {
  key: number;
  charts: BuiltChart[];
  /** Tooltip HTML per trial number. */
  tips: string[];
  /** 'ready': fresh importances; 'stale': older ones shown, newer coming; 'pending': none yet, coming; 'none': not applicable. */
  importance: 'ready' | 'stale' | 'pending' | 'none';
  /** COMPLETE trials the shown importances were computed on. */
  importanceTrials: number | null;
  /** Trials in the study when built. */
  nTrials: number;
  ms: number;
  /** The build's last result (another follows when false). */
  final: boolean;
}

/**
 * A trial as the chart thread takes it.
 *
 * @example
 * ```ts
 * postMessage({ kind: 'sync', ..., updates: [[t.number, trialMessage(t)]] });
 * ```
 */
export function trialMessage(t: FrozenTrial): TrialMessage {
  const dists: Record<string, string> = {};
  for (const [k, d] of Object.entries(t.distributions)) dists[k] = distributionToJson(d);
  const iv: number[] = [];
  for (const [s, v] of t.intermediateValues) iv.push(s, v);
  return {
    number: t.number,
    trialId: t.trialId,
    state: t.state,
    values: t.values === null ? null : [...t.values],
    params: { ...t.params },
    dists,
    start: t.datetimeStart?.getTime() ?? null,
    complete: t.datetimeComplete?.getTime() ?? null,
    iv,
  };
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function short(v: ParamValue | number): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
}

/** The tooltip of a trial: number, state, values, params (escaped HTML). */
function tip(t: FrozenTrial, names: readonly string[]): string {
  const lines = [`<b>Trial ${t.number}</b> (${t.state})`];
  if (t.values !== null) t.values.forEach((v, i) => lines.push(`${escapeHtml(names[i] ?? (t.values?.length === 1 ? 'value' : `value ${i}`))}: ${short(v)}`));
  for (const [k, v] of Object.entries(t.params)) lines.push(`${escapeHtml(k)}: ${escapeHtml(short(v))}`);
  return lines.join('<br>');
}

/** One study as the thread keeps it, and its importance cache. */
interface StudyCopy {
  study: { studyName: string; directions: StudyDirection[]; metricNames: string[] | null; trials: FrozenTrial[] };
  importance: { values: Record<string, number>[]; nComplete: number; at: number; ms: number } | null;
}

/** See the module comment. */
export class ChartBuilder {
  private readonly studies = new Map<number, StudyCopy>();
  private readonly dists = new Map<string, Distribution>();
  private readonly base: ImportanceEvaluator = new FanovaImportanceEvaluator({ seed: 0 });

  private dist(json: string): Distribution {
    let d = this.dists.get(json);
    if (d === undefined) {
      d = distributionFromJson(json);
      this.dists.set(json, d);
    }
    return d;
  }

  private trial(m: TrialMessage): FrozenTrial {
    const distributions: Record<string, Distribution> = {};
    for (const [k, j] of Object.entries(m.dists)) distributions[k] = this.dist(j);
    const iv = new Map<number, number>();
    for (let i = 0; i < m.iv.length; i += 2) iv.set(m.iv[i], m.iv[i + 1]);
    return {
      number: m.number,
      trialId: m.trialId,
      state: m.state,
      values: m.values,
      value: m.values !== null && m.values.length === 1 ? m.values[0] : null,
      datetimeStart: m.start === null ? null : new Date(m.start),
      datetimeComplete: m.complete === null ? null : new Date(m.complete),
      params: m.params,
      distributions,
      userAttrs: EMPTY,
      systemAttrs: EMPTY,
      intermediateValues: iv,
    };
  }

  /** Applies a sync. */
  sync(m: SyncMessage): void {
    let c = this.studies.get(m.key);
    if (c === undefined) {
      c = { study: { studyName: m.studyName, directions: m.directions, metricNames: m.metricNames, trials: [] }, importance: null };
      this.studies.set(m.key, c);
    }
    c.study.studyName = m.studyName;
    c.study.directions = m.directions;
    c.study.metricNames = m.metricNames;
    c.study.trials.length = Math.min(c.study.trials.length, m.nTrials);
    for (const [n, t] of m.updates) c.study.trials[n] = this.trial(t);
  }

  /** Forgets a study. */
  drop(key: number): void {
    this.studies.delete(key);
  }

  /** The evaluator of one `reportCharts` pass: cached importances by call order, or computed and cached. */
  private evaluator(c: StudyCopy, compute: boolean): ImportanceEvaluator {
    let call = 0;
    const fresh: Record<string, number>[] = [];
    const t0 = performance.now();
    return {
      evaluate: (study, options) => {
        const i = call++;
        if (!compute) {
          const v = c.importance?.values[i];
          if (v === undefined) throw new Error('param importances are being computed');
          return v;
        }
        const v = this.base.evaluate(study, options);
        fresh[i] = v;
        const nComplete = study.trials.filter((t) => t.state === 'COMPLETE').length;
        c.importance = { values: fresh, nComplete, at: Date.now(), ms: performance.now() - t0 };
        return v;
      },
    };
  }

  private pass(key: number, c: StudyCopy, now: number, compute: boolean, importance: BuiltCharts['importance'], final: boolean): BuiltCharts {
    const t0 = performance.now();
    const study = c.study as VizStudy;
    const charts = reportCharts(study, { evaluator: this.evaluator(c, compute), now }).map((r) => ({ name: r.name, title: r.title, json: chartOptionToJson(r.option) }));
    const names = c.study.metricNames ?? [];
    return {
      key,
      charts,
      tips: c.study.trials.map((t) => tip(t, names)),
      importance,
      importanceTrials: c.importance?.nComplete ?? null,
      nTrials: c.study.trials.length,
      ms: performance.now() - t0,
      final,
    };
  }

  /**
   * Builds a study's charts, handing each result to `send`: once with the cached importances,
   * and again when they had to be computed anew (see the module comment).
   */
  build(key: number, now: number, send: (out: BuiltCharts) => void): void {
    const c = this.studies.get(key);
    if (c === undefined) throw new Error(`chart thread: study ${key} was not synced`);
    const trials = c.study.trials;
    const nComplete = trials.filter((t) => t.state === 'COMPLETE').length;
    const hasParams = trials.some((t) => t.state === 'COMPLETE' && Object.keys(t.params).length > 0);
    if (nComplete < 2 || !hasParams) {
      send(this.pass(key, c, now, false, 'none', true));
      return;
    }
    const imp = c.importance;
    const stale = imp === null || (imp.nComplete !== nComplete && Date.now() - imp.at >= Math.max(2000, 5 * imp.ms));
    if (!stale) {
      send(this.pass(key, c, now, false, 'ready', true));
      return;
    }
    send(this.pass(key, c, now, false, imp === null ? 'pending' : 'stale', false));
    send(this.pass(key, c, now, true, 'ready', true));
  }

  /** The optimization history and EDF of several studies overlaid (their first objective). */
  compare(keys: readonly number[]): BuiltChart[] {
    const studies = keys.map((k) => {
      const c = this.studies.get(k);
      if (c === undefined) throw new Error(`chart thread: study ${k} was not synced`);
      return c.study as VizStudy;
    });
    const multi = studies.some((s) => s.directions.length > 1);
    const target = multi ? (t: FrozenTrial) => (t.values as readonly number[])[0] : undefined;
    const opts = target === undefined ? {} : { target, targetName: 'Objective 0' };
    return [
      { name: 'optimization-history', title: 'Optimization history', json: chartOptionToJson(plotOptimizationHistory(studies, opts)) },
      { name: 'edf', title: 'Empirical distribution function', json: chartOptionToJson(plotEdf(studies, opts)) },
    ];
  }
}
