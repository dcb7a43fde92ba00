/**
 * A throwaway Redis for tests: `redis-server` on 127.0.0.1 at a free port, without persistence,
 * started by the test and stopped by it. `redis-server` is found on PATH by `services.ts`; a suite
 * that needs it is declared with `describeWithService('redis', ...)` (CI installs Debian's `redis-server`).
 *
 * @example
 * ```ts
 * const server = await startRedis();
 * const storage = await openJournalRedisStorage(server.url);
 * await server.stop();
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { servicePath } from './services.js';

/** A running throwaway server. */
export interface RedisHandle {
  port: number;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let buf = '';
    s.setTimeout(500);
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('PONG')) {
        s.destroy();
        resolve(true);
      }
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Starts `redis-server --port P --bind 127.0.0.1 --save '' --appendonly no` and waits until it answers. */
export async function startRedis(): Promise<RedisHandle> {
  const redisServer = servicePath('redis');
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const began = Date.now();
    while (!exited && Date.now() - began < 5000) {
      if (await ping(port)) {
        return {
          port,
          url: `redis://127.0.0.1:${port}/0`,
          process: child,
          stop: () =>
            new Promise<void>((resolve) => {
              if (exited) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!exited) child.kill('SIGKILL');
  }
  throw new Error('redis-server did not start');
}
