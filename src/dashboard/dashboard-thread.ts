/**
 * The entry of a dashboard run in its own thread (`startDashboardThread`): starts the dashboard
 * with the options it is given, says `{ kind: 'ready', url, port }` (or `{ kind: 'error', ... }`),
 * and closes it when told `'close'`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startDashboard, type DashboardOptions } from './server.js';

const port = parentPort;
if (port !== null) {
  const options = workerData as DashboardOptions;
  startDashboard(options).then(
    (dash) => {
      port.postMessage({ kind: 'ready', url: dash.url, port: dash.port });
      port.on('message', (m: unknown) => {
        if (m === 'close') void dash.close().then(() => port.close());
      });
    },
    (e: unknown) => {
      const err = e as { message?: string; code?: string };
      port.postMessage({ kind: 'error', message: err.message ?? String(e), code: err.code ?? 'DASHBOARD_ERROR' });
      port.close();
    },
  );
}
