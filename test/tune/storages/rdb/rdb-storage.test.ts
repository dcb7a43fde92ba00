/**
 * RDB-specific behaviour, on SQLite and PostgreSQL: the incremental trial cache (a second read
 * fetches only new and unfinished trials, and sees other connections' writes), heartbeats and
 * stale trials, and study summaries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FloatDistribution, IntDistribution } from '../../../../src/tune/distributions.js';
import type { SqlValue } from '../../../../src/tune/storages/rdb/driver.js';
import { openPostgresStorage } from '../../../../src/tune/storages/rdb/postgres-driver.js';
import type { RdbStorage } from '../../../../src/tune/storages/rdb/rdb-storage.js';
import { SqliteDriver } from '../../../../src/tune/storages/rdb/sqlite-driver.js';
import { openSqliteStorage } from '../../../../src/tune/storages/rdb/sqlite-driver.js';
import { RdbStorage as RdbStorageClass } from '../../../../src/tune/storages/rdb/rdb-storage.js';
import { sharedPostgres } from '../../../helpers/postgres.js';
import { describeEachWithService, describeWithService, type ServiceName } from '../../../helpers/services.js';
import { getStorage } from '../../../../src/tune/storages/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-rdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

interface Pair {
  /** Two storages on one database with separate caches (and, for PostgreSQL, separate connections). */
  open: () => Promise<[RdbStorage, RdbStorage]>;
}

const targets: (Pair & { name: string; service?: ServiceName })[] = [
  {
    name: 'sqlite',
    open: async () => {
      const path = join(dir, `c${++fileNo}.db`);
      const a = await openSqliteStorage(path);
      // a second storage (own cache) on the same connection, as another study object would use
      const b = new RdbStorageClass(a.driver as SqliteDriver);
      return [a, b];
    },
  },
  {
    name: 'postgresql',
    service: 'postgres',
    open: async () => {
      const pg = await sharedPostgres();
      const url = pg.url('postgres', await pg.freshSchema());
      return [await openPostgresStorage(url), await openPostgresStorage(url)];
    },
  },
];

/** Counts the trial rows a storage reads (the `FROM trials t` queries of its cache refresh). */
function countTrialRows(st: RdbStorage): { rows: number } {
  const counter = { rows: 0 };
  const drv = st.driver as { rows: (sql: string, p?: readonly SqlValue[]) => Promise<unknown[][]> };
  const orig = drv.rows.bind(drv);
  drv.rows = async (sql, p) => {
    const rows = await orig(sql, p);
    if (sql.includes('FROM trials t WHERE')) counter.rows += rows.length;
    return rows;
  };
  return counter;
}

describeEachWithService(targets, 'RDB storage on $name', (target) => {
  it('reads a study incrementally: only new and unfinished trials are fetched again, and others see every write', async () => {
    const [a, b] = await target.open();
    const sid = await a.createNewStudy(['MINIMIZE'], 'inc');
    const d = new FloatDistribution(0, 1);
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const id = await a.createNewTrial(sid);
      ids.push(id);
      await a.setTrialParam(id, 'x', i / 30, d);
      if (i % 10 !== 9) await a.setTrialStateValues(id, 'COMPLETE', [i]); // 3 stay RUNNING
    }
    const counter = countTrialRows(b);
    const first = await b.getAllTrials(sid);
    expect(first).toHaveLength(30);
    expect(counter.rows).toBe(30);
    // writes through the other storage: finish one running trial, report on another, add 2 trials
    await a.setTrialStateValues(ids[9], 'COMPLETE', [-1]);
    await a.setTrialIntermediateValue(ids[19], 3, 0.5);
    await a.setTrialUserAttr(ids[29], 'note', 'still running');
    for (let i = 0; i < 2; i++) await a.createNewTrial(sid, { state: 'WAITING' });
    counter.rows = 0;
    const second = await b.getAllTrials(sid);
    expect(counter.rows).toBe(3 + 2); // the 3 unfinished + 2 new, not 32
    expect(second.map((t) => t.number)).toEqual(Array.from({ length: 32 }, (_x, i) => i));
    expect(second[9]?.state).toBe('COMPLETE');
    expect(second[9]?.values).toEqual([-1]);
    expect(second[19]?.intermediateValues.get(3)).toBe(0.5);
    expect(second[29]?.userAttrs).toEqual({ note: 'still running' });
    expect(second.slice(30).map((t) => t.state)).toEqual(['WAITING', 'WAITING']);
    // finished trials are the same snapshot objects (cached), and equal to a fresh read
    expect(second[0]).toBe(first[0]);
    expect(second).toEqual(await a.getAllTrials(sid));
    // the first read's array and snapshots are untouched
    expect(first[9]?.state).toBe('RUNNING');
    expect(first).toHaveLength(30);
    counter.rows = 0;
    await b.getAllTrials(sid, { states: ['WAITING'] });
    expect(counter.rows).toBe(4); // only the still-unfinished ones (2 running, 2 waiting)
    await b.close();
    await a.close();
  });

  it('records heartbeats and finds RUNNING trials whose heartbeat is older than the grace period', async () => {
    const [a, b] = await target.open();
    const sid = await a.createNewStudy(['MINIMIZE'], 'hb');
    const stale = await a.createNewTrial(sid);
    const alive = await a.createNewTrial(sid);
    const done = await a.createNewTrial(sid);
    const silent = await a.createNewTrial(sid); // never sent a heartbeat: not judged
    for (const id of [stale, alive, done]) await a.recordHeartbeat(id);
    await a.setTrialStateValues(done, 'COMPLETE', [1]);
    expect(await b.getStaleTrialIds(sid, 60)).toEqual([]);
    // age two heartbeats by a day (as if their workers died yesterday)
    await a.driver.transaction(async (tx) => {
      await tx.all("UPDATE trial_heartbeats SET heartbeat = '2000-01-01 00:00:00' WHERE trial_id IN (?, ?)", [stale, done]);
    });
    expect(await b.getStaleTrialIds(sid, 60)).toEqual([stale]);
    await a.recordHeartbeat(stale); // it came back
    expect(await b.getStaleTrialIds(sid, 60)).toEqual([]);
    expect(silent).toBeGreaterThan(0);
    await b.close();
    await a.close();
  });

  it('summarizes studies: trial count, earliest start, directions, attrs; deleting one leaves the others', async () => {
    const [a, b] = await target.open();
    const s1 = await a.createNewStudy(['MAXIMIZE', 'MINIMIZE'], 'one');
    const s2 = await a.createNewStudy(['MINIMIZE'], 'two');
    await a.setStudyUserAttr(s1, 'k', [1, 'v']);
    await a.setStudySystemAttr(s2, 'sys', { a: null });
    const start = new Date(2024, 4, 6, 7, 8, 9, 123);
    await a.createNewTrial(s1, { state: 'COMPLETE', values: [1, 2], datetimeStart: start, datetimeComplete: start });
    await a.createNewTrial(s1);
    await a.createNewTrial(s2, {
      state: 'COMPLETE',
      values: [3],
      params: { n: 4 },
      distributions: { n: new IntDistribution(0, 9) },
    });
    const sums = new Map((await b.getAllStudies()).map((s) => [s.studyName, s]));
    expect(sums.get('one')).toMatchObject({ studyId: s1, nTrials: 2, directions: ['MAXIMIZE', 'MINIMIZE'], userAttrs: { k: [1, 'v'] } });
    expect(sums.get('one')?.datetimeStart?.getTime()).toBe(start.getTime());
    expect(sums.get('two')).toMatchObject({ nTrials: 1, systemAttrs: { sys: { a: null } } });
    await b.deleteStudy(s1);
    expect((await a.getAllStudies()).map((s) => s.studyName)).toEqual(['two']);
    expect((await a.getAllTrials(s2))[0]?.params).toEqual({ n: 4 });
    await b.close();
    await a.close();
  });
});

describeWithService('postgres', 'storage URLs for PostgreSQL', () => {
  it('opens postgresql://, postgres:// and postgresql+psycopg2:// URLs through the registry, all on one database', async () => {
    const pg = await sharedPostgres();
    const schema = await pg.freshSchema();
    const url = pg.url('postgres', schema);
    const a = await getStorage(url);
    const b = await getStorage(url.replace('postgresql://', 'postgres://'));
    const c = await getStorage(url.replace('postgresql://', 'postgresql+psycopg2://'));
    const id = await a.createNewStudy(['MINIMIZE'], 'via-url');
    expect(await b.getStudyIdFromName('via-url')).toBe(id);
    expect(await c.getStudyNameFromId(id)).toBe('via-url');
    for (const s of [a, b, c]) await s.close?.();
  });
});
