/**
 * The study page's plots: built in a chart thread (`chart-worker.ts`) from the watcher's reads,
 * once per change of the study however many pages show it, at most once per `minIntervalMs` per
 * study (a change during a build is built right after it), and kept as JSON text; pages hear of
 * a new set through a `charts` event and fetch `GET /api/studies/:id/charts`. Several studies'
 * histories side by side: `GET /api/compare?study=1&study=2`.
 *
 * @example
 * ```ts
 * const charts = new ChartService(watcher, (e) => broadcast(e));
 * const json = await charts.charts(studyId); // '{"studyId":1,"version":3,"charts":[...],"tips":[...]}'
 * ```
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { log, type FrozenTrial } from '../index.js';
import type { ApiContext } from './api-read.js';
import { studyOr404 } from './api-read.js';
import { ChartBuilder, trialMessage, type BuiltChart, type BuiltCharts, type SyncMessage, type TrialMessage } from './chart-build.js';
import type { ChartRequest } from './chart-worker.js';
import { HttpError, type Route } from './http.js';
import type { StorageWatcher, StudyEntry } from './watcher.js';
import { METRIC_NAMES_ATTR } from './study-stats.js';

/** A new chart set of a study is ready. */
export interface ChartsEvent {
  kind: 'charts';
  studyId: number;
  version: number;
}

/** Options of {@link ChartService}. */
export interface ChartServiceOptions {
  /** Least time between two builds of one study, in ms. Default 1000. */
  minIntervalMs?: number;
  /** A study whose charts nobody asked for this long is forgotten, in ms. Default 300,000. */
  keepMs?: number;
  /** Build in this thread instead of a chart thread (tests). Default false. */
  inline?: boolean;
}

interface StudyCharts {
  /** The trials the thread has (by number), to send only the changed ones. */
  sent: FrozenTrial[];
  version: number;
  json: string | null;
  /** The study's seq at the last build started. */
  seqBuilt: number;
  building: boolean;
  again: boolean;
  lastBuildAt: number;
  usedAt: number;
  timer: NodeJS.Timeout | null;
  waiting: (() => void)[];
}

/** The compiled worker: next to this module, or under dist/ when running from the TypeScript sources. */
function workerUrl(): URL | null {
  const here = new URL('./chart-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const path = fileURLToPath(import.meta.url).replace(/([\\/])src([\\/])dashboard([\\/])[^\\/]+$/, '$1dist$2dashboard$3chart-worker.js');
  return existsSync(path) ? pathToFileURL(path) : null;
}

function chartsJson(studyId: number, version: number, out: BuiltCharts): string {
  const charts = out.charts.map((c) => `{"name":${JSON.stringify(c.name)},"title":${JSON.stringify(c.title)},"option":${c.json}}`);
  const head = JSON.stringify({ studyId, version, nTrials: out.nTrials, importance: out.importance, importanceTrials: out.importanceTrials, ms: Math.round(out.ms), final: out.final });
  return `${head.slice(0, -1)},"charts":[${charts.join(',')}],"tips":${JSON.stringify(out.tips)}}`;
}

/** See the module comment. */
export class ChartService {
  private readonly watcher: StorageWatcher;
  private readonly emit: (e: ChartsEvent) => void;
  private readonly minIntervalMs: number;
  private readonly keepMs: number;
  private readonly studies = new Map<number, StudyCharts>();
  private worker: Worker | null = null;
  private inline: ChartBuilder | null = null;
  private readonly jobs = new Map<number, { resolve: (c: BuiltChart[]) => void; reject: (e: Error) => void }>();
  private nextJob = 0;
  private closed = false;
  private readonly unlisten: () => void;

  constructor(watcher: StorageWatcher, emit: (e: ChartsEvent) => void, { minIntervalMs = 1000, keepMs = 300_000, inline = false }: ChartServiceOptions = {}) {
    this.watcher = watcher;
    this.emit = emit;
    this.minIntervalMs = minIntervalMs;
    this.keepMs = keepMs;
    if (inline) this.inline = new ChartBuilder();
    this.unlisten = watcher.on((e) => {
      if (e.kind === 'study' && this.studies.has(e.studyId)) this.schedule(e.studyId);
      if (e.kind === 'study-deleted') this.forget(e.studyId);
    });
  }

  /** Builds run so far (tests and the bench). */
  builds = 0;

  /** Starts the chart thread now (loading the plot code takes seconds), so the first page does not wait for it. */
  warm(): void {
    if (this.inline === null && this.worker === null && !this.closed) this.startWorker();
  }

  private post(m: ChartRequest): void {
    if (this.inline !== null) {
      this.runInline(m);
      return;
    }
    if (this.worker === null) this.startWorker();
    if (this.worker === null) {
      this.runInline(m);
      return;
    }
    this.worker.postMessage(m);
  }

  private startWorker(): void {
    const url = workerUrl();
    if (url === null) {
      log.debug('dashboard: no compiled chart worker; building charts in the server thread');
      this.inline = new ChartBuilder();
      return;
    }
    this.worker = new Worker(url, { execArgv: [] });
    this.worker.unref();
    this.worker.on('message', (msg: { kind: string; out?: BuiltCharts; job?: number; charts?: BuiltChart[]; key?: number; message?: string }) => this.onMessage(msg));
    this.worker.on('error', (e) => {
      log.warn(`dashboard: the chart thread failed (${e.message}); building charts in the server thread`);
      this.worker = null;
      this.inline = new ChartBuilder();
      for (const s of this.studies.values()) {
        s.sent = [];
        s.building = false;
      }
      for (const j of this.jobs.values()) j.reject(e);
      this.jobs.clear();
    });
  }

  private runInline(m: ChartRequest): void {
    const b = this.inline as ChartBuilder;
    try {
      if (m.kind === 'sync') b.sync(m);
      else if (m.kind === 'drop') b.drop(m.key);
      else if (m.kind === 'build') b.build(m.key, m.now, (out) => this.onMessage({ kind: 'charts', out }));
      else this.onMessage({ kind: 'compare', job: m.job, charts: b.compare(m.keys) });
    } catch (e) {
      this.onMessage({ kind: 'error', key: 'key' in m ? m.key : undefined, job: 'job' in m ? m.job : undefined, message: (e as Error).message });
    }
  }

  private onMessage(msg: { kind: string; out?: BuiltCharts; job?: number; charts?: BuiltChart[]; key?: number; message?: string }): void {
    if (msg.kind === 'charts' && msg.out !== undefined) {
      const s = this.studies.get(msg.out.key);
      if (s === undefined) return;
      s.version++;
      s.json = chartsJson(msg.out.key, s.version, msg.out);
      for (const w of s.waiting.splice(0)) w();
      this.emit({ kind: 'charts', studyId: msg.out.key, version: s.version });
      if (msg.out.final) this.finished(msg.out.key);
      return;
    }
    if (msg.job !== undefined) {
      const j = this.jobs.get(msg.job);
      this.jobs.delete(msg.job);
      if (msg.kind === 'compare') j?.resolve(msg.charts ?? []);
      else j?.reject(new HttpError(400, 'CHARTS', msg.message ?? 'chart error'));
      return;
    }
    if (msg.kind === 'error' && msg.key !== undefined) {
      log.debug(`dashboard: charts of study ${msg.key}: ${msg.message}`);
      const s = this.studies.get(msg.key);
      if (s !== undefined) {
        s.json ??= JSON.stringify({ studyId: msg.key, version: s.version, charts: [], tips: [], error: msg.message });
        for (const w of s.waiting.splice(0)) w();
      }
      this.finished(msg.key);
    }
  }

  private finished(key: number): void {
    const s = this.studies.get(key);
    if (s === undefined) return;
    s.building = false;
    s.lastBuildAt = performance.now();
    if (s.again) {
      s.again = false;
      this.schedule(key);
    }
  }

  private state(studyId: number): StudyCharts {
    let s = this.studies.get(studyId);
    if (s === undefined) {
      s = { sent: [], version: 0, json: null, seqBuilt: -1, building: false, again: false, lastBuildAt: -Infinity, usedAt: performance.now(), timer: null, waiting: [] };
      this.studies.set(studyId, s);
    }
    return s;
  }

  /** Sends the thread the trials of `entry` that changed since the last sync. */
  private sync(entry: StudyEntry, s: StudyCharts): void {
    const updates: [number, TrialMessage][] = [];
    for (let i = 0; i < entry.trials.length; i++) if (s.sent[i] !== entry.trials[i]) updates.push([i, trialMessage(entry.trials[i])]);
    const names = entry.systemAttrs[METRIC_NAMES_ATTR];
    const m: SyncMessage = {
      kind: 'sync',
      key: entry.studyId,
      studyName: entry.studyName,
      directions: [...entry.directions],
      metricNames: Array.isArray(names) ? names.map(String) : null,
      nTrials: entry.trials.length,
      updates,
    };
    this.post(m);
    s.sent = [...entry.trials];
  }

  /** Builds the study's charts now, or when its last build is `minIntervalMs` old, or right after the running one. */
  private schedule(studyId: number): void {
    const s = this.studies.get(studyId);
    if (s === undefined || this.closed) return;
    if (s.building) {
      s.again = true;
      return;
    }
    if (s.timer !== null) return;
    const wait = s.lastBuildAt + this.minIntervalMs - performance.now();
    s.timer = setTimeout(() => {
      s.timer = null;
      void this.start(studyId);
    }, Math.max(0, wait));
    s.timer.unref();
  }

  private async start(studyId: number): Promise<void> {
    const s = this.studies.get(studyId);
    if (s === undefined || s.building || this.closed) return;
    let entry: StudyEntry;
    try {
      entry = await this.watcher.study(studyId);
    } catch {
      this.forget(studyId);
      return;
    }
    if (s.json !== null && entry.seq === s.seqBuilt) return;
    s.building = true;
    s.seqBuilt = entry.seq;
    this.builds++;
    this.sync(entry, s);
    this.post({ kind: 'build', key: studyId, now: Date.now() });
  }

  private forget(studyId: number): void {
    const s = this.studies.get(studyId);
    if (s === undefined) return;
    if (s.timer !== null) clearTimeout(s.timer);
    for (const w of s.waiting.splice(0)) w();
    this.studies.delete(studyId);
    if (this.worker !== null || this.inline !== null) this.post({ kind: 'drop', key: studyId });
  }

  /** The latest chart set of a study as JSON (waits for the first build; a newer one is announced by a `charts` event). */
  async charts(studyId: number): Promise<string> {
    const entry = await this.watcher.study(studyId);
    const now = performance.now();
    for (const [id, other] of this.studies) if (id !== studyId && now - other.usedAt > this.keepMs) this.forget(id);
    const s = this.state(studyId);
    s.usedAt = now;
    if (s.json === null || s.seqBuilt !== entry.seq) this.schedule(studyId);
    if (s.json === null) await new Promise<void>((resolve) => s.waiting.push(resolve));
    return s.json ?? JSON.stringify({ studyId, version: 0, charts: [], tips: [], error: 'the study was deleted' });
  }

  /** The optimization histories and EDFs of several studies overlaid, as JSON. */
  async compare(studyIds: readonly number[]): Promise<string> {
    for (const id of studyIds) {
      const entry = await this.watcher.study(id);
      const s = this.state(id);
      s.usedAt = performance.now();
      this.sync(entry, s);
    }
    const job = this.nextJob++;
    const charts = await new Promise<BuiltChart[]>((resolve, reject) => {
      this.jobs.set(job, { resolve, reject });
      this.post({ kind: 'compare', job, keys: [...studyIds] });
    });
    return `{"charts":[${charts.map((c) => `{"name":${JSON.stringify(c.name)},"title":${JSON.stringify(c.title)},"option":${c.json}}`).join(',')}]}`;
  }

  /** Ends the chart thread. */
  async close(): Promise<void> {
    this.closed = true;
    this.unlisten();
    for (const s of this.studies.values()) {
      if (s.timer !== null) clearTimeout(s.timer);
      for (const w of s.waiting.splice(0)) w();
    }
    for (const j of this.jobs.values()) j.reject(new HttpError(503, 'CLOSED', 'the dashboard is closing'));
    this.jobs.clear();
    const w = this.worker;
    this.worker = null;
    if (w !== null) await w.terminate();
  }
}

/**
 * The chart routes: `GET /api/studies/:id/charts` and `GET /api/compare?study=1&study=2`.
 *
 * @example
 * ```ts
 * const routes = chartRoutes(ctx, charts);
 * ```
 */
export function chartRoutes(ctx: ApiContext, charts: ChartService): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/api\/studies\/([^/]+)\/charts$/,
      handler: async (_c, [id]) => charts.charts((await studyOr404(ctx, id)).studyId),
    },
    {
      method: 'GET',
      path: /^\/api\/compare$/,
      handler: async (c) => {
        const ids = c.url.searchParams.getAll('study');
        if (ids.length < 1 || ids.length > 10) throw new HttpError(400, 'BAD_COMPARE', 'compare 1 to 10 studies: /api/compare?study=1&study=2');
        const entries = [];
        for (const id of ids) entries.push(await studyOr404(ctx, id));
        return charts.compare(entries.map((e) => e.studyId));
      },
    },
  ];
}
