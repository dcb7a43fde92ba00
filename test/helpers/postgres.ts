/**
 * A throwaway PostgreSQL cluster for tests (Debian `postgresql`): `initdb` into a temp dir (as the
 * user `postgres` when running as root), `pg_ctl start` on a free port with the socket in /tmp and
 * TCP on 127.0.0.1 only, trust auth, fsync off; stopped and removed with `stop()` or at process
 * exit (a detached watchdog does it if the test process dies without exit handlers). The binaries
 * are found by `services.ts` (PATH, then /usr/lib/postgresql/<version>/bin); a suite that needs
 * them is declared with `describeWithService('postgres', ...)`.
 *
 * @example
 * ```ts
 * const pg = await startPostgres();
 * const url = pg.url('postgres', await pg.freshSchema());
 * ```
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servicePath } from './services.js';

/** A running throwaway cluster. */
export interface PgCluster {
  port: number;
  /** A connection URL; with `schema`, the connection's search_path is that schema. */
  url(db?: string, schema?: string): string;
  /** Creates an empty schema with a fresh name and returns it. */
  freshSchema(): Promise<string>;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

let schemaCounter = 0;

/** Starts a cluster (see the module comment). */
export async function startPostgres(): Promise<PgCluster> {
  const bin = servicePath('postgres');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'gbtune-pg-'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]): void => {
    if (root) execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' });
    else execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-o',
    `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    '-l',
    join(dir, 'log'),
    '-w',
    'start',
  ]);
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', stop);
  // a test worker may be killed without running exit handlers: a detached watchdog stops the
  // cluster and removes its directory once this process is gone
  const stopCmd = root
    ? `runuser -u postgres -- ${join(bin, 'pg_ctl')} -D ${data} -m immediate -w stop`
    : `${join(bin, 'pg_ctl')} -D ${data} -m immediate -w stop`;
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopCmd} >/dev/null 2>&1; rm -rf ${dir}`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  const url = (db = 'postgres', schema?: string): string =>
    `postgresql://postgres@127.0.0.1:${port}/${db}` + (schema === undefined ? '' : `?options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  return {
    port,
    url,
    stop,
    async freshSchema(): Promise<string> {
      const name = `s${process.pid}_${++schemaCounter}`;
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      await c.query(`CREATE SCHEMA ${name}`);
      await c.end();
      return name;
    },
  };
}

let shared: Promise<PgCluster> | null = null;

/** One cluster per test process, started on first use and stopped at exit. */
export function sharedPostgres(): Promise<PgCluster> {
  shared ??= startPostgres();
  return shared;
}
