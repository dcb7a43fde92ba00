/**
 * Starting gbtune's worker threads (the tuning pool's trial threads and the trainer's threads):
 * where a worker script is, and the Node options it gets.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The compiled worker script `name` of the module at `moduleUrl` (its folder, e.g.
 * `gbdt/threads`): next to that module, or under dist/ when running from the TypeScript sources
 * (tests); null when neither exists (not built yet).
 *
 * @example
 * ```ts
 * workerScript(import.meta.url, 'trainer-thread.js'); // URL of dist/gbdt/threads/trainer-thread.js
 * ```
 */
export function workerScript(moduleUrl: string, name: string): URL | null {
  const here = new URL(`./${name}`, moduleUrl);
  if (existsSync(fileURLToPath(here))) return here;
  const path = fileURLToPath(new URL(`./${name}`, moduleUrl)).replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])(.+)$/, '$1dist$2$3');
  return existsSync(path) ? pathToFileURL(path) : null;
}

/**
 * The process's Node options for a worker, without those of a `node -e`/`--input-type` main
 * script (a worker refuses them).
 *
 * @example
 * ```ts
 * workerExecArgv(['--input-type=module', '-e', 'code', '--expose-gc']); // ['--expose-gc']
 * ```
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--input-type=')) continue;
    if (a === '--input-type' || a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * Starts a worker. It inherits the process's Node options, except under
 * `node --input-type=... -e`, whose --input-type a worker refuses: then it gets the other
 * options, or none if Node rejects one of them for workers (V8 flags such as --expose-gc are
 * process-wide and apply to it anyway).
 *
 * @example
 * ```ts
 * const w = startWorker(url, { workerData: { control } });
 * ```
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  if (!process.execArgv.some((a) => a === '--input-type' || a.startsWith('--input-type='))) return new Worker(url, options);
  try {
    return new Worker(url, { ...options, execArgv: workerExecArgv() });
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    return new Worker(url, { ...options, execArgv: [] });
  }
}
