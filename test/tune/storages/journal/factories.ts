/**
 * The journal storages for the storage conformance suite, opened by URL through the storage
 * registry: a journal file in a fresh temporary folder, and a Redis journal on a throwaway
 * `redis-server` (when redis-server is absent: skipped with the reason, failed under CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageFactory } from '../../../../src/testing/storage-suite.js';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { getStorage } from '../../../../src/tune/storages/registry.js';
import { startRedis, type RedisHandle } from '../../../helpers/redis.js';
import { factorySkip, needService } from '../../../helpers/services.js';

const dirs = new Map<Storage, string>();
const servers = new Map<Storage, RedisHandle>();

/** A journal file in a fresh temporary folder. */
export const journalFileFactory: StorageFactory = {
  name: 'journal',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-journal-'));
    const s = await getStorage(`journal://${join(dir, 'study.log')}`);
    dirs.set(s, dir);
    return s;
  },
  dispose: async (s) => {
    await s.close?.();
    const dir = dirs.get(s);
    dirs.delete(s);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  },
};

/** A Redis journal on a throwaway redis-server (needs the service `redis`). */
export const journalRedisFactory: StorageFactory = {
  name: 'redis',
  create: async () => {
    needService('redis');
    const server = await startRedis();
    const s = await getStorage(server.url);
    servers.set(s, server);
    return s;
  },
  dispose: async (s) => {
    await s.close?.();
    const server = servers.get(s);
    servers.delete(s);
    await server?.stop();
  },
  skip: factorySkip('redis'),
};
