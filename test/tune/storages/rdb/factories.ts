/**
 * Storage factories for the conformance suite, opened by URL through the storage registry: SQLite
 * on a fresh temp file per test, PostgreSQL on a fresh schema of a throwaway cluster per test
 * (skipped, with a printed reason, when the PostgreSQL binaries are absent).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageFactory } from '../../../../src/testing/storage-suite.js';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { getStorage } from '../../../../src/tune/storages/index.js';
import { postgresUnavailableReason, sharedPostgres } from '../../../helpers/postgres.js';

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

const reason = postgresUnavailableReason();
if (reason !== null) console.log(`PostgreSQL storage tests skipped: ${reason}`);

/** PostgreSQL on a fresh schema (skipped when the PostgreSQL binaries are absent). */
export const postgresFactory: StorageFactory = {
  name: 'postgresql',
  create: async () => {
    const pg = await sharedPostgres();
    return getStorage(pg.url('postgres', await pg.freshSchema()));
  },
  skip: reason ?? undefined,
};
