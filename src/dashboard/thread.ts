/**
 * `startDashboardThread`: the dashboard in a thread of its own, for a process whose main thread is
 * busy — `gbtune tune --dashboard` trains trials on the main thread, which would hold up every
 * page request for a trial's duration. The thread opens the storage by its URL (its own
 * connection) and serves as `startDashboard` does.
 *
 * @example
 * ```ts
 * const dash = await startDashboardThread({ storage: 'sqlite:///out/study.db', port: 0 });
 * await tuneGbdt('data.csv', { storage: 'sqlite:///out/study.db' });
 * await dash.close();
 * ```
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { GbtuneError } from '../index.js';
import type { DashboardOptions } from './server.js';

/** Options of {@link startDashboardThread}: those of `startDashboard`, with the storage as a URL. */
export interface DashboardThreadOptions extends Omit<DashboardOptions, 'storage'> {
  /** A storage URL (the thread opens its own connection). */
  storage: string;
}

/** A dashboard running in a thread. */
export interface DashboardThread {
  readonly url: string;
  readonly port: number;
  /** Closes the dashboard and ends its thread. */
  close(): Promise<void>;
}

function threadUrl(): URL {
  const here = new URL('./dashboard-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const path = fileURLToPath(import.meta.url).replace(/([\\/])src([\\/])dashboard([\\/])[^\\/]+$/, '$1dist$2dashboard$3dashboard-thread.js');
  if (!existsSync(path)) throw new GbtuneError(`the dashboard thread needs the compiled ${path}; run \`npm run build\` first`, 'DASHBOARD_ASSETS');
  return pathToFileURL(path);
}

/**
 * Starts the dashboard in a new thread and resolves once it listens (see the module comment).
 *
 * @example
 * ```ts
 * const { url } = await startDashboardThread({ storage: 'journal:///runs/study.log' });
 * ```
 */
export async function startDashboardThread(options: DashboardThreadOptions): Promise<DashboardThread> {
  const worker = new Worker(threadUrl(), { workerData: { ...options, allowedHosts: [...(options.allowedHosts ?? [])] }, execArgv: [] });
  const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    worker.once('message', (m: { kind: string; url: string; port: number; message: string; code: string }) => {
      if (m.kind === 'ready') resolve(m);
      else reject(new GbtuneError(m.message, m.code));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new GbtuneError(`the dashboard thread ended (exit code ${code}) before it listened`, 'DASHBOARD_LISTEN')));
  });
  worker.unref();
  let closed = false;
  return {
    url: ready.url,
    port: ready.port,
    close: async () => {
      if (closed) return;
      closed = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
