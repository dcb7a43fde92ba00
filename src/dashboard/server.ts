/**
 * `startDashboard`: the local web UI over a storage (`node:http`, no framework): the page (built
 * assets from memory), the JSON API (`api-read.ts`, `api-write.ts`, charts), and live updates over
 * server-sent events (`GET /api/events?study=ID&list=1`), all from one {@link StorageWatcher}.
 *
 * Security: it binds 127.0.0.1 unless told otherwise (and then warns); a request whose Host
 * header is not this machine's (DNS rebinding) is refused; without `allowWrite` every write
 * route answers 403; a write must be JSON and same-origin; the page may load nothing from
 * elsewhere (Content-Security-Policy).
 *
 * @example
 * ```ts
 * const dash = await startDashboard({ storage: 'sqlite:///study.db', port: 8080 });
 * console.log(`listening on ${dash.url}`); // http://127.0.0.1:8080/
 * await dash.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { GbtuneError, log, StorageError } from '../index.js';
import { getStorage, type Storage } from '../tune/storages/index.js';
import { readRoutes, studyOr404, type ApiContext } from './api-read.js';
import { writeRoutes } from './api-write.js';
import { defaultAssetsDir, loadAssets, type Asset } from './assets.js';
import { ChartService, chartRoutes } from './charts.js';
import { CONTENT_SECURITY_POLICY, HttpError, matchRoute, SECURITY_HEADERS, sendError, sendJson, type Route } from './http.js';
import { hostAllowed, isLoopback, isWildcard, originAllowed, type HostPolicy } from './security.js';
import { StorageWatcher, type WatchEvent, type WatchTarget } from './watcher.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** A storage URL (opened, and closed by `close()`) or a storage instance (left open). */
  storage: string | Storage;
  /** TCP port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Address to listen on. Default '127.0.0.1' (this machine only); another one logs a warning. */
  host?: string;
  /** Allow the write routes (notes, create/delete/rename study, fail a trial, stop a run). Default false. */
  allowWrite?: boolean;
  /** More names accepted in the Host header (e.g. this machine's DNS name with `host: '0.0.0.0'`). Default none. */
  allowedHosts?: readonly string[];
  /** How often the storage is asked what changed, in ms. Default 500. */
  pollMs?: number;
  /** Where the built page is. Default: `dist/dashboard/assets` of this package. */
  assetsDir?: string;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://HOST:PORT/` (a wildcard bind shows as 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  /** Its storage reader (tests and the bench read its counters). */
  readonly watcher: StorageWatcher;
  /** Stops listening, ends the live connections, and closes a storage it opened. */
  close(): Promise<void>;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * A storage URL without its password, for display.
 *
 * @example
 * ```ts
 * storageLabel('postgresql://me:secret@db/optuna'); // 'postgresql://me:***@db/optuna'
 * ```
 */
export function storageLabel(storage: string | Storage): string {
  if (typeof storage !== 'string') return storage.constructor.name;
  return storage.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** One SSE client. */
interface EventClient {
  res: ServerResponse;
  targets: Set<WatchTarget>;
}

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Answers `GET /api/events?study=ID&list=1`: subscribes, then streams events until the page goes. */
async function openEvents(ctx: ApiContext, clients: Set<EventClient>, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const targets = new Set<WatchTarget>();
  if (url.searchParams.get('list') === '1') targets.add('list');
  for (const id of url.searchParams.getAll('study')) targets.add((await studyOr404(ctx, id)).studyId);
  if (url.searchParams.get('list') === '1') await ctx.watcher.list();
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  const unsubscribe = [...targets].map((t) => ctx.watcher.subscribe(t));
  const client: EventClient = { res, targets };
  clients.add(client);
  res.write('retry: 1000\n\n');
  sse(res, 'hello', { generation: ctx.watcher.generation });
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  ping.unref();
  req.on('close', () => {
    clearInterval(ping);
    clients.delete(client);
    for (const u of unsubscribe) u();
  });
}

/** Sends a watcher or chart event to the clients that listen to its target. */
function broadcast(clients: Set<EventClient>, e: WatchEvent | { kind: 'charts'; studyId: number; version: number }): void {
  for (const c of clients) {
    if (e.kind === 'list' ? c.targets.has('list') : c.targets.has(e.studyId)) sse(c.res, e.kind, e);
  }
}

function errorOf(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof StorageError) {
    const status = /NOT_FOUND/.test(e.code) ? 404 : e.code === 'DUPLICATED_STUDY' || e.code === 'UPDATE_FINISHED_TRIAL' ? 409 : 400;
    return new HttpError(status, e.code, e.message);
  }
  if (e instanceof GbtuneError) return new HttpError(400, e.code, e.message);
  log.debug(`dashboard: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return new HttpError(500, 'INTERNAL', e instanceof Error ? e.message : String(e));
}

function sendAsset(req: IncomingMessage, res: ServerResponse, a: Asset): void {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'Content-Type': a.type, ETag: a.etag, 'Cache-Control': 'no-cache' };
  if (a.type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  if (req.headers['if-none-match'] === a.etag) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  headers.Vary = 'Accept-Encoding';
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.writeHead(200, { ...headers, 'Content-Encoding': 'gzip' });
    res.end(a.gzip);
    return;
  }
  res.writeHead(200, headers);
  res.end(a.body);
}

/** The request handler: Host check, then the API or an asset. */
function handler(
  policy: HostPolicy,
  allowWrite: boolean,
  routes: Route[],
  assets: Map<string, Asset>,
  events: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      try {
        if (!hostAllowed(req.headers.host, policy)) {
          throw new HttpError(403, 'HOST_NOT_ALLOWED', `Host '${req.headers.host ?? ''}' is not this dashboard's; open it by its address, or allow the name with --allow-host`);
        }
        const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
        const method = req.method ?? 'GET';
        if (url.pathname.startsWith('/api/')) {
          if (method === 'GET' && url.pathname === '/api/events') return await events(req, res, url);
          const m = matchRoute(routes, method, url.pathname);
          if (m === null) throw new HttpError(404, 'NOT_FOUND', `no API route ${url.pathname}`);
          if (m === 'method') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`);
          if (m.route.write === true) {
            if (!allowWrite) throw new HttpError(403, 'READ_ONLY', 'this dashboard is read-only; start it with --allow-write to change studies');
            if (!originAllowed(req.headers.origin, req.headers.host)) throw new HttpError(403, 'ORIGIN_NOT_ALLOWED', `a write from origin '${req.headers.origin}' is refused`);
          }
          const out = await m.route.handler({ req, res, url }, m.params);
          if (out !== undefined) sendJson(res, m.route.created === true ? 201 : 200, out);
          return;
        }
        const asset = assets.get(url.pathname);
        if (asset === undefined) throw new HttpError(404, 'NOT_FOUND', `no page ${url.pathname}`);
        if (method !== 'GET') throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`);
        sendAsset(req, res, asset);
      } catch (e) {
        sendError(res, errorOf(e));
      }
    })();
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      reject(
        e.code === 'EADDRINUSE'
          ? new GbtuneError(`port ${port} on ${host} is in use; choose another with --port (0 picks a free one)`, 'DASHBOARD_PORT_IN_USE')
          : new GbtuneError(`cannot listen on ${host}:${port}: ${e.message}`, 'DASHBOARD_LISTEN'),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : port);
    });
  });
}

/**
 * Starts the dashboard (see the module comment) and resolves once it listens.
 *
 * @example
 * ```ts
 * const { url, close } = await startDashboard({ storage: 'journal:///runs/study.log', port: 0, allowWrite: true });
 * ```
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { port = 8080, host = '127.0.0.1', allowWrite = false, allowedHosts = [], pollMs = 500 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GbtuneError(`dashboard port ${port}: an integer from 0 to 65535`, 'DASHBOARD_PORT');
  const assets = loadAssets(options.assetsDir ?? defaultAssetsDir());
  const owned = typeof options.storage === 'string';
  const storage = await getStorage(options.storage);
  const watcher = new StorageWatcher(storage, { pollMs });
  const ctx: ApiContext = { watcher, allowWrite, storageLabel: storageLabel(options.storage), version: VERSION };
  const clients = new Set<EventClient>();
  const charts = new ChartService(watcher, (e) => broadcast(clients, e));
  charts.warm();
  watcher.on((e) => broadcast(clients, e));
  const routes = [...readRoutes(ctx), ...chartRoutes(ctx, charts), ...writeRoutes(ctx)];
  const server = createServer(handler({ bound: host, allowedHosts }, allowWrite, routes, assets, (req, res, url) => openEvents(ctx, clients, req, res, url)));
  let bound: number;
  try {
    bound = await listen(server, port, host);
  } catch (e) {
    watcher.close();
    await charts.close();
    if (owned) await storage.close?.();
    throw e;
  }
  if (!isLoopback(host)) {
    log.warn(
      `the dashboard listens on ${host}: anyone who can reach this machine on port ${bound} can read the studies${allowWrite ? ' and change them (--allow-write)' : ''}; the default 127.0.0.1 keeps it to this machine`,
    );
  }
  const shown = isWildcard(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    url: `http://${shown}:${bound}/`,
    port: bound,
    watcher,
    close: async () => {
      if (closed) return;
      closed = true;
      watcher.close();
      for (const c of clients) c.res.end();
      clients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await charts.close();
      if (owned) await storage.close?.();
    },
  };
}
