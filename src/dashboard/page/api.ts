/**
 * The page's calls to the dashboard's API: JSON in and out, errors as {@link ApiError} with the
 * server's message, and live events over one `EventSource` per page.
 */

/** An answer other than 2xx: its status, code and message (and the body, e.g. a 409's current note). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body ?? {});
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let data: Record<string, unknown> = {};
  try {
    data = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    throw new ApiError(res.status, 'BAD_ANSWER', `${method} ${path}: not JSON (${res.status})`, {});
  }
  if (!res.ok) {
    const e = (data.error ?? {}) as { code?: string; message?: string };
    throw new ApiError(res.status, e.code ?? 'ERROR', e.message ?? `${method} ${path}: ${res.status}`, data);
  }
  return data as T;
}

/** GET a JSON answer. */
export function get<T>(path: string): Promise<T> {
  return call<T>('GET', path);
}

/** Sends a write (JSON body). */
export function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown = {}): Promise<T> {
  return call<T>(method, path, body);
}

/** What the server tells a page about itself. */
export interface Info {
  version: string;
  storage: string;
  allowWrite: boolean;
  pollMs: number;
}

/**
 * Listens to the server's events for the page; `onOpen` runs on every (re)connection (the page
 * reloads its data then, so that nothing between two connections is missed). Returns the
 * function that stops listening.
 */
export function listen(query: string, handlers: Record<string, (data: Record<string, unknown>) => void>, onOpen: () => void): () => void {
  const es = new EventSource(`/api/events?${query}`);
  es.addEventListener('hello', () => onOpen());
  for (const [name, fn] of Object.entries(handlers)) {
    es.addEventListener(name, (ev) => fn(JSON.parse((ev as MessageEvent<string>).data) as Record<string, unknown>));
  }
  return () => es.close();
}

/** Runs `fn` at most once per `ms`, the last call last. */
export function throttle(fn: () => void, ms: number): () => void {
  let timer: number | null = null;
  let last = 0;
  return () => {
    if (timer !== null) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = window.setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
}
