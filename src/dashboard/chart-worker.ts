/**
 * The chart thread's entry (a `worker_threads` worker started by `charts.ts`): builds the plots
 * of the studies it is sent (see `chart-build.ts`) off the server's thread, so that seconds of
 * fANOVA on a large study never hold up a page's request or a live update.
 *
 * Messages in: `SyncMessage`, `{ kind: 'build', key, now }`, `{ kind: 'compare', job, keys }`,
 * `{ kind: 'drop', key }`. Out: `{ kind: 'charts', out: BuiltCharts }`, `{ kind: 'compare', job,
 * charts }` or `{ kind: 'error', key?, job?, message }`.
 */
import { parentPort } from 'node:worker_threads';
import { ChartBuilder, type SyncMessage } from './chart-build.js';

/** What the server sends the thread. */
export type ChartRequest =
  | SyncMessage
  | { kind: 'build'; key: number; now: number }
  | { kind: 'compare'; job: number; keys: number[] }
  | { kind: 'drop'; key: number };

const port = parentPort;
if (port !== null) {
  const builder = new ChartBuilder();
  port.on('message', (m: ChartRequest) => {
    try {
      if (m.kind === 'sync') builder.sync(m);
      else if (m.kind === 'drop') builder.drop(m.key);
      else if (m.kind === 'build') builder.build(m.key, m.now, (out) => port.postMessage({ kind: 'charts', out }));
      else port.postMessage({ kind: 'compare', job: m.job, charts: builder.compare(m.keys) });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      port.postMessage({ kind: 'error', key: 'key' in m ? m.key : undefined, job: 'job' in m ? m.job : undefined, message });
    }
  });
}
