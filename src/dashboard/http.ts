/**
 * The few HTTP pieces the dashboard needs over `node:http`: a route table matched on method and
 * path pattern, JSON responses with the security headers on every one, a bounded JSON body
 * reader, and {@link HttpError} for answers other than 200.
 *
 * @example
 * ```ts
 * const routes: Route[] = [{ method: 'GET', path: /^\/api\/studies\/(\d+)$/, handler: async (ctx, [id]) => ({ id: Number(id) }) }];
 * ```
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GbtuneError } from '../index.js';

/** An answer other than 200: status, machine code and message (sent as `{ error: { code, message } }`). */
export class HttpError extends GbtuneError {
  readonly status: number;
  readonly body: Record<string, unknown> | undefined;
  constructor(status: number, code: string, message: string, body?: Record<string, unknown>) {
    super(message, code);
    this.status = status;
    this.body = body;
  }
}

/** One request as a handler sees it. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}

/** What a handler returns: a JSON-able value (200, or `status`), or `undefined` when it answered itself. */
export type Handler = (ctx: RequestContext, params: string[]) => Promise<unknown>;

/** One route: method, a path pattern whose groups become `params` (decoded), the handler. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  /** Writes a storage: refused with 403 unless the dashboard allows writes. */
  write?: boolean;
  /** Answer 201 Created instead of 200. */
  created?: boolean;
  handler: Handler;
}

/** Headers every answer carries (no sniffing, no framing, no referrer, same-origin only). */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The page's Content-Security-Policy: everything from the dashboard itself, nothing from
 * elsewhere (inline styles allowed: ECharts' tooltips carry them).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Sends a JSON answer (a string is sent as already-serialized JSON).
 *
 * @example
 * ```ts
 * sendJson(res, 200, { ok: true });
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

/**
 * Sends an error answer.
 *
 * @example
 * ```ts
 * sendError(res, new HttpError(404, 'NOT_FOUND', 'no such study'));
 * ```
 */
export function sendError(res: ServerResponse, e: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, e.status, { error: { code: e.code, message: e.message }, ...(e.body ?? {}) });
}

/** The largest request body accepted (a long note fits). */
export const MAX_BODY_BYTES = 1 << 20;

/**
 * Reads a JSON object body: `Content-Type: application/json` (which a cross-site form cannot
 * send), at most {@link MAX_BODY_BYTES}; else 415, 413 or 400.
 *
 * @example
 * ```ts
 * const { body } = (await readJsonBody(req)) as { body: string };
 * ```
 */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `a write request must send Content-Type: application/json (got '${type}')`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `the request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let v: unknown;
  try {
    v = text === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, 'BAD_JSON', `the request body is not JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'BAD_JSON', 'the request body must be a JSON object');
  return v as Record<string, unknown>;
}

/**
 * Finds the route of a request: the route and its decoded path params, `'method'` when the path
 * exists with another method, or null.
 *
 * @example
 * ```ts
 * matchRoute(routes, 'GET', '/api/studies/3'); // { route, params: ['3'] }
 * ```
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: string[] } | 'method' | null {
  let other = false;
  for (const route of routes) {
    const m = route.path.exec(path);
    if (m === null) continue;
    if (route.method !== method) {
      other = true;
      continue;
    }
    try {
      return { route, params: m.slice(1).map((p) => decodeURIComponent(p ?? '')) };
    } catch {
      throw new HttpError(400, 'BAD_PATH', `the path ${path} is not validly percent-encoded`);
    }
  }
  return other ? 'method' : null;
}

/**
 * A path param that must be an integer id.
 *
 * @example
 * ```ts
 * intParam('12', 'study id'); // 12
 * ```
 */
export function intParam(text: string, what: string): number {
  const x = Number(text);
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(x)) throw new HttpError(400, 'BAD_PATH', `${what} '${text}' is not an integer`);
  return x;
}
