/**
 * The journal storages for the storage conformance suite, opened by URL through the storage
 * registry: a journal file in a fresh temporary folder, and a Redis journal on a throwaway
 * `redis-server` (skipped, with the reason printed, when redis-server is not installed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageFactory } from '../../../../src/testing/storage-suite.js';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { getStorage } from '../../../../src/tune/storages/index.js';
import { REDIS_SKIP_REASON, startRedis, type RedisHandle } from '../../../helpers/redis.js';

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

/** A Redis journal on a throwaway redis-server (skipped when redis-server is not installed). */
export const journalRedisFactory: StorageFactory = {
  name: 'redis',
  create: async () => {
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
  skip: REDIS_SKIP_REASON ?? undefined,
};

if (REDIS_SKIP_REASON !== null) console.log(`[journal-redis conformance] ${REDIS_SKIP_REASON}`);
