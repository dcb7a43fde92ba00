/**
 * Shared pieces of the dashboard tests: the built page (built here with esbuild when missing or
 * older than its sources — `npx tsc -p tsconfig.build.json && npx vitest run` does not run `npm
 * run build`), a seeded study written into any storage, a raw HTTP request (the request line
 * sent byte for byte, which `fetch` would normalize), and an SSE reader.
 *
 * @example
 * ```ts
 * const assetsDir = ensureDashboardAssets();
 * const dash = await startDashboard({ storage: url, port: 0, assetsDir });
 * const r = await rawRequest(dash.port, 'GET /assets/../../etc/passwd HTTP/1.1');
 * ```
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../src/tune/distributions.js';
import type { Storage } from '../../src/tune/storages/base.js';
import { createTrial } from '../../src/tune/trial/create-trial.js';
import type { TrialState } from '../../src/tune/trial/frozen-trial.js';
import { createStudy } from '../../src/tune/study/create-study.js';

export const repoRoot = join(__dirname, '..', '..');
const assetsDir = join(repoRoot, 'dist', 'dashboard', 'assets');
const pageDir = join(repoRoot, 'src', 'dashboard', 'page');

function newest(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir)) t = Math.max(t, statSync(join(dir, f)).mtimeMs);
  return t;
}

/**
 * The built page's folder, built first when missing or older than `src/dashboard/page` (into a
 * temporary folder, then renamed file by file, so that test files building at once never read a
 * half-written bundle).
 *
 * @example
 * ```ts
 * startDashboard({ storage, port: 0, assetsDir: ensureDashboardAssets() });
 * ```
 */
export function ensureDashboardAssets(): string {
  const app = join(assetsDir, 'app.js');
  if (existsSync(app) && existsSync(join(assetsDir, 'index.html')) && statSync(app).mtimeMs >= newest(pageDir)) return assetsDir;
  mkdirSync(assetsDir, { recursive: true });
  const tmp = mkdtempSync(join(assetsDir, '..', 'assets-build-'));
  try {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build-dashboard.mjs'), '--out', tmp, '--quiet'], { stdio: 'pipe' });
    for (const f of readdirSync(tmp)) renameSync(join(tmp, f), join(assetsDir, f));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return assetsDir;
}

export const DASH_DISTS = {
  lr: new FloatDistribution(1e-4, 1, { log: true }),
  depth: new IntDistribution(1, 8),
  booster: new CategoricalDistribution(['gbdt', 'dart']),
};

/**
 * Adds `n` seeded trials to a new study `name` in `storage`: params lr (log), depth (int), booster
 * (categorical); every 7th trial PRUNED, every 11th FAIL, else COMPLETE with value
 * (log10(lr) + 2)² + 0.1·depth; 3 intermediate values each; trial i starts at t0 + 10 s·i and
 * lasts 5 s. Returns the study id and the values by trial number (null when not COMPLETE).
 *
 * @example
 * ```ts
 * const { studyId, values } = await seedStudy(storage, 'a', 40);
 * ```
 */
export async function seedStudy(storage: Storage, name: string, n: number, { seed = 0, direction = 'minimize' as 'minimize' | 'maximize', t0 = Date.UTC(2026, 0, 1) } = {}): Promise<{ studyId: number; values: (number | null)[]; states: TrialState[] }> {
  const study = await createStudy({ storage, studyName: name, direction });
  const rng = new Rng(seed);
  const trials = [];
  const values: (number | null)[] = [];
  const states: TrialState[] = [];
  for (let i = 0; i < n; i++) {
    const lr = Math.exp(rng.uniform(Math.log(1e-4), 0));
    const depth = rng.int(1, 8);
    const booster = rng.choice(['gbdt', 'dart'] as const);
    const value = (Math.log10(lr) + 2) ** 2 + 0.1 * depth;
    const state: TrialState = i % 11 === 10 ? 'FAIL' : i % 7 === 6 ? 'PRUNED' : 'COMPLETE';
    values.push(state === 'COMPLETE' ? value : null);
    states.push(state);
    trials.push(
      createTrial({
        state,
        value: state === 'COMPLETE' ? value : undefined,
        params: { lr, depth, booster },
        distributions: DASH_DISTS,
        intermediateValues: state === 'FAIL' ? undefined : { 0: value + 1, 1: value + 0.5, 2: value },
        datetimeStart: new Date(t0 + 10_000 * i),
        datetimeComplete: new Date(t0 + 10_000 * i + 5_000),
      }),
    );
  }
  await study.addTrials(trials);
  return { studyId: study.studyId, values, states };
}

/**
 * Sends `head` (a request line and headers, `\r\n` added) as is and returns the status and body.
 * A `Host: 127.0.0.1:PORT` header is added unless `head` has one.
 *
 * @example
 * ```ts
 * await rawRequest(port, 'GET /%2e%2e/etc/passwd HTTP/1.1'); // { status: 404, body: '...' }
 * ```
 */
export function rawRequest(port: number, head: string): Promise<{ status: number; body: string; headers: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (data += d));
    sock.on('error', reject);
    sock.on('end', () => {
      const [headers, ...body] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0);
      resolve({ status, headers, body: body.join('\r\n\r\n') });
    });
    const host = /\r\nhost:/i.test(`\r\n${head}`) ? '' : `\r\nHost: 127.0.0.1:${port}`;
    sock.write(`${head}${host}\r\nConnection: close\r\n\r\n`);
  });
}

/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
  at: number;
}

/**
 * Reads a server-sent event stream into `events` until `close()`; `next(name)` takes the oldest
 * event of that name not taken yet (waiting for one).
 *
 * @example
 * ```ts
 * const sse = await openSse(`${dash.url}api/events?study=1`);
 * await sse.next('study');
 * sse.close();
 * ```
 */
export async function openSse(url: string): Promise<{ events: SseEvent[]; next: (event: string, timeoutMs?: number) => Promise<SseEvent>; close: () => void }> {
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal, headers: { Accept: 'text/event-stream' } });
  if (res.status !== 200 || res.body === null) throw new Error(`SSE ${url}: ${res.status} ${await res.text()}`);
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const taken = new Set<number>();
  void (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev !== undefined && data !== undefined) {
            events.push({ event: ev, data: JSON.parse(data) as Record<string, unknown>, at: performance.now() });
            for (const w of waiters.splice(0)) w();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  const next = async (event: string, timeoutMs = 20_000): Promise<SseEvent> => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // the first event of that name not taken yet (events of other names stay for their readers)
      for (let i = 0; i < events.length; i++) {
        if (!taken.has(i) && events[i].event === event) {
          taken.add(i);
          return events[i];
        }
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no '${event}' event within ${timeoutMs} ms; got ${events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  };
  return { events, next, close: () => ac.abort() };
}
