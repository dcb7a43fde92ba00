/**
 * The journal storages for the storage conformance suite: a journal file in a fresh temporary
 * folder, and a Redis journal on a throwaway `redis-server` (its suite needs the service `redis`:
 * skipped with the reason when redis-server is absent, failed under CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { openJournalFileStorage } from '../../../../src/tune/storages/journal/file-backend.js';
import { openJournalRedisStorage } from '../../../../src/tune/storages/journal/redis-backend.js';
import { startRedis, type RedisHandle } from '../../../helpers/redis.js';
import type { ServiceName } from '../../../helpers/services.js';

interface Factory {
  name: string;
  /** The outside program the storage needs, if any. */
  service?: ServiceName;
  create: () => Promise<Storage>;
  dispose?: (s: Storage) => Promise<void>;
}

const dirs = new Map<Storage, string>();
const servers = new Map<Storage, RedisHandle>();

const fileFactory: Factory = {
  name: 'journal-file',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-journal-'));
    const s = await openJournalFileStorage(`journal://${join(dir, 'study.log')}`);
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

const redisFactory: Factory = {
  name: 'journal-redis',
  service: 'redis',
  create: async () => {
    const server = await startRedis();
    const s = await openJournalRedisStorage(server.url);
    servers.set(s, server);
    return s;
  },
  dispose: async (s) => {
    await s.close?.();
    const server = servers.get(s);
    servers.delete(s);
    await server?.stop();
  },
};

/** The journal factories; the Redis one needs redis-server (see `describeEachWithService`). */
export const JOURNAL_FACTORIES: Factory[] = [fileFactory, redisFactory];
