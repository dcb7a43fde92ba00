/**
 * `gbtune dashboard --storage URL`: serves the dashboard (gbtune/dashboard) over a storage until
 * Ctrl-C, printing `listening on http://127.0.0.1:PORT/` when ready. Read-only unless
 * `--allow-write`; this machine only unless `--host` (then a warning). `--open` opens the page in
 * the system's browser.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { GbtuneError, log } from '../../index.js';
import { startDashboard } from '../../dashboard/index.js';
import { openExistingStorage, storageUrl } from '../storage.js';
import { collect, integer } from '../util.js';

interface DashboardCliOptions {
  storage?: string;
  port: number;
  host: string;
  allowWrite?: boolean;
  allowHost: string[];
  open?: boolean;
  pollMs: number;
}

/** A TCP port option (0 to 65535), naming the option on error. */
export function portNumber(name: string): (value: string) => number {
  const int = integer(name);
  return (value) => {
    const n = int(value);
    if (n < 0 || n > 65535) throw new GbtuneError(`${name} must be from 0 to 65535 (0 picks a free port), got '${value}'`, 'CLI_ARG');
    return n;
  };
}

/** Opens `url` in the system's browser (xdg-open, open or start); a failure is a warning. */
export function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', (e) => log.warn(`--open: cannot start ${cmd} (${e.message}); open ${url} yourself`));
    child.unref();
  } catch (e) {
    log.warn(`--open: cannot start ${cmd} (${(e as Error).message}); open ${url} yourself`);
  }
}

/** Registers `gbtune dashboard`. */
export function registerDashboard(program: Command): void {
  program
    .command('dashboard')
    .description('serve a web dashboard of the studies in a storage: live plots, trials, notes (read-only unless --allow-write)')
    .option('--storage <url>', 'storage URL: sqlite:///study.db, journal:///study.log, postgresql://..., redis://... (or GBTUNE_STORAGE)')
    .option('--port <n>', 'TCP port (0 picks a free one)', portNumber('--port'), 8080)
    .option('--host <address>', 'address to listen on; anything but 127.0.0.1 / localhost lets other machines in (a warning says so)', '127.0.0.1')
    .option('--allow-write', 'allow notes, creating/renaming/deleting studies, failing trials and stopping runs')
    .option('--allow-host <name>', 'also accept this name in the Host header (e.g. the machine\'s DNS name with --host 0.0.0.0; repeatable)', collect, [])
    .option('--poll-ms <ms>', 'how often the storage is asked what changed', portNumber('--poll-ms'), 500)
    .option('--open', 'open the dashboard in the browser')
    .action(async (opts: DashboardCliOptions) => {
      const url = storageUrl(opts.storage);
      const storage = await openExistingStorage(url);
      let dash;
      try {
        dash = await startDashboard({
          storage,
          port: opts.port,
          host: opts.host,
          allowWrite: opts.allowWrite === true,
          allowedHosts: opts.allowHost,
          pollMs: Math.max(50, opts.pollMs),
        });
      } catch (e) {
        await storage.close?.();
        throw e;
      }
      const d = dash;
      // The handlers go in before the `listening on` line and the browser: a script that waits for
      // the line (or for the opener) and then sends SIGINT must find them installed.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void d.close().then(async () => {
            await storage.close?.();
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write(`listening on ${dash.url}\n`);
      if (opts.open === true) openBrowser(dash.url);
      await stopped;
    });
}
