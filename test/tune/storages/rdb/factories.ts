/**
 * Storage factories for the conformance suite: SQLite on a fresh temp file per test, PostgreSQL
 * on a fresh schema of a throwaway cluster per test (its suite needs the service `postgres`:
 * skipped with the reason when the binaries are absent, failed under CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { openPostgresStorage } from '../../../../src/tune/storages/rdb/postgres-driver.js';
import { openSqliteStorage } from '../../../../src/tune/storages/rdb/sqlite-driver.js';
import { sharedPostgres } from '../../../helpers/postgres.js';
import type { ServiceName } from '../../../helpers/services.js';

interface Factory {
  name: string;
  /** The outside program the storage needs, if any. */
  service?: ServiceName;
  create: () => Promise<Storage>;
  dispose?: (s: Storage) => Promise<void>;
}

const dirs = new Map<Storage, string>();

/** SQLite on a temp file. */
export const sqliteFactory: Factory = {
  name: 'sqlite',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-sqlite-'));
    const s = await openSqliteStorage(join(dir, 'study.db'));
    dirs.set(s, dir);
    return s;
  },
  dispose: async (s) => {
    await s.close?.();
    const dir = dirs.get(s);
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  },
};

/** PostgreSQL on a fresh schema. */
export const postgresFactory: Factory = {
  name: 'postgresql',
  service: 'postgres',
  create: async () => {
    const pg = await sharedPostgres();
    return openPostgresStorage(pg.url('postgres', await pg.freshSchema()));
  },
};

/** The RDB factories; the PostgreSQL one needs the PostgreSQL binaries (see `describeEachWithService`). */
export const RDB_FACTORIES: Factory[] = [sqliteFactory, postgresFactory];
