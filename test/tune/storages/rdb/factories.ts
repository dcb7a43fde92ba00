/**
 * Storage factories for the conformance suite, opened by URL through the storage registry: SQLite
 * on a fresh temp file per test, PostgreSQL on a fresh schema of a throwaway cluster per test
 * (when the PostgreSQL binaries are absent: skipped with the reason, failed under CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageFactory } from '../../../../src/testing/storage-suite.js';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { getStorage } from '../../../../src/tune/storages/registry.js';
import { sharedPostgres } from '../../../helpers/postgres.js';
import { factorySkip, needService } from '../../../helpers/services.js';

const dirs = new Map<Storage, string>();

/** SQLite on a temp file. */
export const sqliteFactory: StorageFactory = {
  name: 'sqlite',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-sqlite-'));
    const s = await getStorage(`sqlite:///${join(dir, 'study.db')}`);
    dirs.set(s, dir);
    return s;
  },
  dispose: async (s) => {
    await s.close?.();
    const dir = dirs.get(s);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  },
};

/** PostgreSQL on a fresh schema (needs the service `postgres`). */
export const postgresFactory: StorageFactory = {
  name: 'postgresql',
  create: async () => {
    needService('postgres');
    const pg = await sharedPostgres();
    return getStorage(pg.url('postgres', await pg.freshSchema()));
  },
  skip: factorySkip('postgres'),
};
