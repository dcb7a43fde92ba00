/**
 * SQLite study files: a new file gets Optuna 3.1's schema in WAL mode; a corrupt, truncated,
 * foreign, newer or older file is refused with a StorageError naming the file and the fault, and
 * the file is left byte-for-byte unchanged.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../../../src/core/errors.js';
import { Rng } from '../../../../src/core/rng.js';
import { FloatDistribution } from '../../../../src/tune/distributions.js';
import { getStorage } from '../../../../src/tune/storages/registry.js';
import { EXTRA_INDEX, SCHEMA_TABLES } from '../../../../src/tune/storages/rdb/schema.js';
import { openSqliteStorage, sqlitePathFromUrl } from '../../../../src/tune/storages/rdb/sqlite-driver.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-sqlite-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A closed gbtune study file with `n` finished trials. */
async function makeStudyFile(name: string, n = 40): Promise<string> {
  const path = join(dir, name);
  const st = await openSqliteStorage(path);
  const sid = await st.createNewStudy(['MINIMIZE'], 'a');
  for (let i = 0; i < n; i++) {
    const id = await st.createNewTrial(sid);
    await st.setTrialParam(id, 'x', i / n, new FloatDistribution(0, 1));
    await st.setTrialUserAttr(id, 'note', 'x'.repeat(200));
    await st.setTrialStateValues(id, 'COMPLETE', [i]);
  }
  await st.close();
  return path;
}

async function expectRefused(path: string, code: string, text: RegExp): Promise<void> {
  const before = sha(path);
  const e = await openSqliteStorage(path).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StorageError);
  expect((e as StorageError).code).toBe(code);
  expect((e as StorageError).message).toContain(path);
  expect((e as StorageError).message).toMatch(text);
  expect(sha(path)).toBe(before);
}

describe('SQLite study files', () => {
  it('creates Optuna 3.1 schema in a new file, in WAL mode, with version rows', async () => {
    const path = join(dir, 'new.db');
    const st = await getStorage(`sqlite:///${path}`);
    await st.createNewStudy(['MINIMIZE'], 's');
    const db = new Database(path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables.sort()).toEqual([...SCHEMA_TABLES].sort());
    expect(db.prepare('SELECT * FROM version_info').all()).toEqual([{ version_info_id: 1, schema_version: 12, library_version: '3.1.0' }]);
    expect(db.prepare('SELECT version_num FROM alembic_version').all()).toEqual([{ version_num: 'v3.0.0.d' }]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const idx = (db.prepare("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL").all() as { name: string }[]).map((r) => r.name);
    expect(idx.sort()).toEqual([EXTRA_INDEX, 'ix_studies_study_name'].sort());
    db.close();
    await st.close?.();
  });

  it('parses sqlite URLs as SQLAlchemy does', () => {
    expect(sqlitePathFromUrl('sqlite:///rel/a.db')).toBe('rel/a.db');
    expect(sqlitePathFromUrl('sqlite:////abs/a.db')).toBe('/abs/a.db');
    expect(() => sqlitePathFromUrl('sqlite://')).toThrow(/sqlite:\/\/\//);
  });

  it('reopens its own file and shares one connection per file in a process', async () => {
    const path = await makeStudyFile('reopen.db', 5);
    const a = await openSqliteStorage(path);
    const b = await openSqliteStorage(path);
    expect(a.driver).toBe(b.driver);
    // interleaved writers through both storages: unique, gapless numbers
    const sid = await a.getStudyIdFromName('a');
    await Promise.all(Array.from({ length: 40 }, (_x, i) => (i % 2 === 0 ? a : b).createNewTrial(sid)));
    const numbers = (await b.getAllTrials(sid)).map((t) => t.number);
    expect(numbers).toEqual(Array.from({ length: 45 }, (_x, i) => i));
    await a.close();
    expect((await b.getAllTrials(sid)).length).toBe(45); // b still open
    await b.close();
  });

  it('refuses a file that is not SQLite', async () => {
    const path = join(dir, 'text.db');
    writeFileSync(path, 'number,value\n1,2\n'.repeat(50));
    await expectRefused(path, 'NOT_SQLITE', /not an SQLite database/);
  });

  it('refuses a truncated file', async () => {
    const path = await makeStudyFile('truncated.db');
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(8192);
    truncateSync(path, Math.floor(size / 2));
    await expectRefused(path, 'CORRUPT_STORAGE', /truncated SQLite database/);
  });

  it('opens a file another process is checkpointing: the header already counts pages the file does not have yet', async () => {
    const path = await makeStudyFile('checkpointing.db');
    // another connection holds new pages in its write-ahead log (no automatic checkpoint)
    const other = new Database(path);
    other.pragma('wal_autocheckpoint = 0');
    other.exec("CREATE TABLE IF NOT EXISTS pad (x TEXT); INSERT INTO pad SELECT hex(randomblob(900)) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 200) SELECT i FROM c);");
    try {
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      // a checkpoint writes page 1 (the new page count) before the pages that grow the file:
      // open the file as it is at that moment
      const size = statSync(path).size;
      const fd = openSync(path, 'r+');
      const count = Buffer.alloc(4);
      count.writeUInt32BE(size / 4096 + 60);
      writeSync(fd, count, 0, 4, 28);
      closeSync(fd);
      const st = await openSqliteStorage(path);
      const sid = await st.getStudyIdFromName('a');
      expect((await st.getAllTrials(sid)).length).toBe(40);
      await st.close();
    } finally {
      other.close();
    }
  });

  it('still refuses a truncated file beside a stale write-ahead log (SQLite finds the missing pages)', async () => {
    const path = await makeStudyFile('truncated-wal.db');
    truncateSync(path, Math.floor(statSync(path).size / 2));
    writeFileSync(`${path}-wal`, Buffer.alloc(4096, 7)); // not a valid log: SQLite ignores it
    await expectRefused(path, 'CORRUPT_STORAGE', /corrupt|malformed|cannot be read|truncated/);
  });

  it('refuses a file with corrupt pages', async () => {
    const path = await makeStudyFile('corrupt.db');
    const rng = new Rng(7);
    const junk = Buffer.alloc(3 * 4096);
    for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(rng.random() * 256);
    const fd = openSync(path, 'r+');
    writeSync(fd, junk, 0, junk.length, 4096); // pages 2-4: b-tree headers and cells
    closeSync(fd);
    await expectRefused(path, 'CORRUPT_STORAGE', /corrupt|malformed|cannot be read/);
  });

  it('refuses a file written by a newer schema, an unknown alembic revision, or an older one', async () => {
    const cases: [string, string, string, RegExp][] = [
      ['UPDATE version_info SET schema_version = 13', 'NEWER_SCHEMA', 'newer.db', /newer schema \(version_info.schema_version 13/],
      ["UPDATE alembic_version SET version_num = 'v4.0.0.a'", 'NEWER_SCHEMA', 'unknown.db', /unknown schema revision \(alembic_version 'v4.0.0.a'/],
      ["UPDATE alembic_version SET version_num = 'v2.6.0.a'", 'OLD_SCHEMA', 'older.db', /older Optuna schema \(alembic v2.6.0.a.*optuna storage upgrade/],
      ['DROP TABLE trial_heartbeats', 'BAD_SCHEMA', 'missing.db', /table\(s\) trial_heartbeats missing/],
    ];
    for (const [sql, code, name, text] of cases) {
      const path = await makeStudyFile(name, 3);
      const db = new Database(path);
      db.exec(sql);
      db.close();
      await expectRefused(path, code, text);
    }
  });
});
