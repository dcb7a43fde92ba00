/**
 * The dashboard's read API (JSON), served from the {@link StorageWatcher}'s reads:
 *
 * - `GET /api/info`: version, storage, whether writes are allowed
 * - `GET /api/studies`: every study's stats (trials by state, best value, last activity, ...)
 * - `GET /api/studies/:id`: one study: stats, attributes, note, params, tuning extras
 * - `GET /api/studies/:id/trials?...`: one page of its trials, filtered and sorted (`trial-query.ts`)
 * - `GET /api/studies/:id/trials/:number`: one trial in full, with its note
 * - `GET /api/studies/:id/files/:name`: a file the tuning run wrote (model.txt, report.html, ...)
 *
 * @example
 * ```ts
 * const routes = readRoutes(ctx); // handed to the server's route table
 * ```
 */
import { createReadStream } from 'node:fs';
import { StorageError, type FrozenTrial } from '../index.js';
import { distributionToJson, STOP_REQUEST_ATTR } from '../tune/index.js';
import { HttpError, intParam, SECURITY_HEADERS, type Route } from './http.js';
import { isNoteKey, readNote } from './notes.js';
import { bestTrial } from './study-stats.js';
import { trialDetail, trialRow } from './trial-json.js';
import { filterAndSort, orderKey, parseTrialQuery, QueryError } from './trial-query.js';
import { OUTPUT_FILES, servableOutput, tuningInfo, type OutputFileName } from './tuning-info.js';
import type { StorageWatcher, StudyEntry } from './watcher.js';
import { OUTPUTS_ATTR } from '../tune-gbdt/index.js';

/** What the routes share. */
export interface ApiContext {
  watcher: StorageWatcher;
  allowWrite: boolean;
  /** The storage as shown to users (a URL without its password). */
  storageLabel: string;
  version: string;
}

/**
 * The study of an id, or 404.
 *
 * @example
 * ```ts
 * const entry = await studyOr404(ctx, '3');
 * ```
 */
export async function studyOr404(ctx: ApiContext, idText: string): Promise<StudyEntry> {
  const id = intParam(idText, 'study id');
  try {
    return await ctx.watcher.study(id);
  } catch (e) {
    if (e instanceof StorageError && e.code === 'STUDY_NOT_FOUND') throw new HttpError(404, 'STUDY_NOT_FOUND', `no study with id ${id}`);
    throw e;
  }
}

/**
 * A trial of a study by number, or 404.
 *
 * @example
 * ```ts
 * const t = trialOr404(entry, '7');
 * ```
 */
export function trialOr404(entry: StudyEntry, numberText: string): FrozenTrial {
  const n = intParam(numberText, 'trial number');
  const t = entry.trials[n];
  if (t === undefined) throw new HttpError(404, 'TRIAL_NOT_FOUND', `study '${entry.studyName}' has no trial number ${n} (it has ${entry.trials.length})`);
  return t;
}

/** The params of a study's trials with the distribution of the latest trial that has each. */
function paramSpace(trials: readonly FrozenTrial[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = trials.length - 1; i >= 0; i--) {
    for (const [k, d] of Object.entries(trials[i].distributions)) if (!(k in out)) out[k] = distributionToJson(d);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function withoutNotes(attrs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) if (!isNoteKey(k)) out[k] = v;
  return out;
}

async function studyDetail(ctx: ApiContext, idText: string): Promise<unknown> {
  const e = await studyOr404(ctx, idText);
  return {
    seq: e.seq,
    study: e.stats,
    userAttrs: e.userAttrs,
    systemAttrs: withoutNotes(e.systemAttrs),
    note: readNote(e.systemAttrs, null),
    params: paramSpace(e.trials),
    tuning: tuningInfo(e.userAttrs, bestTrial(e.trials, e.directions)),
    stopRequest: e.systemAttrs[STOP_REQUEST_ATTR] ?? null,
  };
}

/** The ordered trials of the last few queries (by study, its seq and the query without its page): paging through them costs a slice. */
class OrderCache {
  private readonly m = new Map<string, FrozenTrial[]>();
  get(key: string, make: () => FrozenTrial[]): FrozenTrial[] {
    let v = this.m.get(key);
    if (v === undefined) {
      v = make();
      this.m.set(key, v);
      if (this.m.size > 8) this.m.delete(this.m.keys().next().value as string);
    } else {
      this.m.delete(key);
      this.m.set(key, v); // most recently used last
    }
    return v;
  }
}

async function trialsPage(ctx: ApiContext, orders: OrderCache, idText: string, url: URL): Promise<unknown> {
  const e = await studyOr404(ctx, idText);
  let q;
  try {
    q = parseTrialQuery(url.searchParams);
  } catch (err) {
    if (err instanceof QueryError) throw new HttpError(400, err.code, err.message);
    throw err;
  }
  const all = orders.get(`${e.studyId}:${e.seq}:${orderKey(q)}`, () => filterAndSort(e.trials, q));
  const rows = all.slice(q.offset, q.offset + q.limit);
  return { seq: e.seq, total: all.length, offset: q.offset, limit: q.limit, rows: rows.map(trialRow) };
}

async function oneTrial(ctx: ApiContext, idText: string, numberText: string): Promise<unknown> {
  const e = await studyOr404(ctx, idText);
  const t = trialOr404(e, numberText);
  return { seq: e.seq, studyName: e.studyName, directions: e.directions, trial: trialDetail(t), note: readNote(e.systemAttrs, t.trialId), metricNames: e.stats.metricNames };
}

/**
 * The read routes.
 *
 * @example
 * ```ts
 * readRoutes({ watcher, allowWrite: false, storageLabel: 'sqlite:///study.db', version: '0.1.0' });
 * ```
 */
export function readRoutes(ctx: ApiContext): Route[] {
  const orders = new OrderCache();
  return [
    {
      method: 'GET',
      path: /^\/api\/info$/,
      handler: async () => ({ version: ctx.version, storage: ctx.storageLabel, allowWrite: ctx.allowWrite, pollMs: ctx.watcher.pollMs }),
    },
    { method: 'GET', path: /^\/api\/studies$/, handler: async () => ({ generation: ctx.watcher.generation, studies: await ctx.watcher.list() }) },
    { method: 'GET', path: /^\/api\/studies\/([^/]+)$/, handler: async (_c, [id]) => studyDetail(ctx, id) },
    { method: 'GET', path: /^\/api\/studies\/([^/]+)\/trials$/, handler: async (c, [id]) => trialsPage(ctx, orders, id, c.url) },
    { method: 'GET', path: /^\/api\/studies\/([^/]+)\/trials\/([^/]+)$/, handler: async (_c, [id, n]) => oneTrial(ctx, id, n) },
    {
      method: 'GET',
      path: /^\/api\/studies\/([^/]+)\/files\/([^/]+)$/,
      handler: async (c, [id, name]) => {
        const e = await studyOr404(ctx, id);
        if (!Object.hasOwn(OUTPUT_FILES, name)) throw new HttpError(404, 'FILE_NOT_FOUND', `no file '${name}'; a tuning run writes ${Object.keys(OUTPUT_FILES).join(', ')}`);
        const rec = (e.userAttrs[OUTPUTS_ATTR] ?? {}) as Record<string, unknown>;
        const path = servableOutput(rec, name as OutputFileName);
        if (path === null) throw new HttpError(404, 'FILE_NOT_FOUND', `study '${e.studyName}' has no ${name} on this machine`);
        c.res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': `attachment; filename="${e.studyName.replace(/[^A-Za-z0-9._-]/g, '_')}-${name}"`,
          'Cache-Control': 'no-store',
        });
        await new Promise<void>((resolve, reject) => {
          createReadStream(path).on('error', reject).on('end', resolve).pipe(c.res);
        });
        return undefined;
      },
    },
  ];
}
