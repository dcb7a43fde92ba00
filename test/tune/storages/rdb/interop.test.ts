/**
 * Interop with Optuna 3.1 (Debian python3-optuna, its python3 found by `services.ts`): Optuna reads a
 * gbtune SQLite study file and sees the same trials, params, values, states and attributes;
 * gbtune reads a study Optuna wrote; each appends to the other's study. The codec tests run always.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CategoricalDistribution, distributionFromJson, FloatDistribution, IntDistribution } from '../../../../src/tune/distributions.js';
import type { FrozenTrial } from '../../../../src/tune/trial/frozen-trial.js';
import { decodeValue, encodeValue, formatDatetime, parseDatetime } from '../../../../src/tune/storages/rdb/codec.js';
import type { RdbStorage } from '../../../../src/tune/storages/rdb/rdb-storage.js';
import { openSqliteStorage } from '../../../../src/tune/storages/rdb/sqlite-driver.js';
import { openPostgresStorage } from '../../../../src/tune/storages/rdb/postgres-driver.js';
import { sharedPostgres } from '../../../helpers/postgres.js';
import { describeWithService, itWithService, servicePath } from '../../../helpers/services.js';
import { createRequire } from 'node:module';

const SCRIPT = join(__dirname, 'optuna_interop.py');

function py(...args: string[]): unknown {
  const r = spawnSync(servicePath('python-optuna'), [SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`optuna_interop.py ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

interface PyTrial {
  number: number;
  state: string;
  values: (number | string)[] | null;
  params: Record<string, unknown>;
  distributions: Record<string, string>;
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  intermediate_values: Record<string, number | string>;
  datetime_start: string | null;
  datetime_complete: string | null;
}
interface PyStudy {
  name: string;
  directions: string[];
  user_attrs: Record<string, unknown>;
  system_attrs: Record<string, unknown>;
  trials: PyTrial[];
}

const num = (v: number | string): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v));

/** Asserts that Optuna's view of a trial equals gbtune's. */
function expectSameTrial(p: PyTrial, g: FrozenTrial): void {
  expect(p.number).toBe(g.number);
  expect(p.state).toBe(g.state);
  expect(p.values === null ? null : p.values.map(num)).toEqual(g.values === null ? null : [...g.values]);
  expect(p.params).toEqual(g.params);
  const dists = Object.fromEntries(Object.entries(p.distributions).map(([k, j]) => [k, distributionFromJson(j)]));
  expect(dists).toEqual(g.distributions);
  expect(p.user_attrs).toEqual(g.userAttrs);
  expect(p.system_attrs).toEqual(g.systemAttrs);
  const iv = Object.entries(p.intermediate_values).map(([k, v]) => [Number(k), num(v)]);
  expect(iv.sort((a, b) => a[0] - b[0])).toEqual([...g.intermediateValues].sort((a, b) => a[0] - b[0]));
  expect(p.datetime_start === null ? null : parseDatetime(p.datetime_start)?.getTime()).toBe(g.datetimeStart?.getTime() ?? null);
  expect(p.datetime_complete === null ? null : parseDatetime(p.datetime_complete)?.getTime()).toBe(g.datetimeComplete?.getTime() ?? null);
}

describe('Optuna value and datetime encodings', () => {
  it('encodes values as Optuna does and decodes them back', () => {
    expect(encodeValue(Infinity)).toEqual({ value: null, type: 'INF_POS' });
    expect(encodeValue(-Infinity)).toEqual({ value: null, type: 'INF_NEG' });
    expect(encodeValue(NaN)).toEqual({ value: null, type: 'NAN' });
    expect(encodeValue(-0.5)).toEqual({ value: -0.5, type: 'FINITE' });
    for (const x of [Infinity, -Infinity, 0.1 + 0.2, -0, 5e-324]) {
      const e = encodeValue(x);
      expect(decodeValue(e.value, e.type)).toBe(x);
    }
    expect(decodeValue(null, 'NAN')).toBeNaN();
  });

  it('writes naive local datetimes with microseconds and reads them (and shorter fractions) back', () => {
    const d = new Date(2024, 0, 2, 3, 4, 5, 678);
    expect(formatDatetime(d)).toBe('2024-01-02 03:04:05.678000');
    expect(parseDatetime('2024-01-02 03:04:05.678000')?.getTime()).toBe(d.getTime());
    expect(parseDatetime('2024-01-02 03:04:05.6789')?.getTime()).toBe(d.getTime());
    expect(parseDatetime('2024-01-02 03:04:05')?.getTime()).toBe(new Date(2024, 0, 2, 3, 4, 5).getTime());
    expect(parseDatetime(null)).toBeNull();
  });
});

describeWithService('python-optuna', 'interop with Optuna 3.1 on SQLite', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gbtune-interop-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('Optuna reads a gbtune file: same studies, trials, params, values, states, attrs; and appends to it', async () => {
    const path = join(dir, 'gbtune.db');
    const st: RdbStorage = await openSqliteStorage(path);
    const sid = await st.createNewStudy(['MINIMIZE'], 'from-gbtune');
    await st.setStudyUserAttr(sid, 'owner', { team: 'b', n: [3] });
    await st.setStudySystemAttr(sid, 'sys', 'x');
    const dists = {
      x: new FloatDistribution(1e-3, 1, { log: true }),
      n: new IntDistribution(1, 10, { step: 3 }),
      c: new CategoricalDistribution([null, true, 2, 'three']),
      f: new FloatDistribution(0, 1, { step: 0.25 }),
    };
    const states = ['COMPLETE', 'PRUNED', 'FAIL', 'COMPLETE', 'RUNNING'] as const;
    for (let i = 0; i < states.length; i++) {
      const id = await st.createNewTrial(sid);
      await st.setTrialParam(id, 'x', 0.001 * 3 ** i, dists.x);
      await st.setTrialParam(id, 'n', 1 + 3 * (i % 4), dists.n);
      await st.setTrialParam(id, 'c', i % 4, dists.c);
      await st.setTrialParam(id, 'f', 0.25 * (i % 5), dists.f);
      await st.setTrialIntermediateValue(id, 0, NaN);
      await st.setTrialIntermediateValue(id, 1, -Infinity);
      await st.setTrialIntermediateValue(id, 5, 0.1 * i);
      await st.setTrialUserAttr(id, 'acc', { i, tags: ['a', null] });
      await st.setTrialSystemAttr(id, 'grid_id', i);
      const s = states[i];
      if (s !== 'RUNNING') await st.setTrialStateValues(id, s, s === 'FAIL' ? null : [i === 3 ? Infinity : 0.1 * i + 1]);
    }
    await st.createNewTrial(sid, { state: 'WAITING', systemAttrs: { fixed_params: { x: 0.5 } } });
    const mo = await st.createNewStudy(['MAXIMIZE', 'MINIMIZE'], 'multi');
    const m0 = await st.createNewTrial(mo);
    await st.setTrialStateValues(m0, 'COMPLETE', [1.5, -Infinity]);
    await st.close();

    const seen = py('dump', `sqlite:///${path}`) as PyStudy[];
    const again = await openSqliteStorage(path);
    expect(seen.map((s) => s.name)).toEqual(['from-gbtune', 'multi']);
    for (const p of seen) {
      const id = await again.getStudyIdFromName(p.name);
      expect(p.directions).toEqual(await again.getStudyDirections(id));
      expect(p.user_attrs).toEqual(await again.getStudyUserAttrs(id));
      expect(p.system_attrs).toEqual(await again.getStudySystemAttrs(id));
      const trials = await again.getAllTrials(id);
      expect(p.trials).toHaveLength(trials.length);
      for (let i = 0; i < trials.length; i++) expectSameTrial(p.trials[i], trials[i]);
    }
    expect(seen[0]?.trials.map((t) => t.state)).toEqual([...states, 'WAITING']);

    // Optuna appends trials to gbtune's study (it pops the WAITING one first); gbtune's cache sees them
    expect((py('append', `sqlite:///${path}`, 'from-gbtune', '3') as { n_trials: number }).n_trials).toBe(8);
    const after = await again.getAllTrials(await again.getStudyIdFromName('from-gbtune'));
    expect(after.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(after[5]?.state).toBe('COMPLETE');
    expect(after[5]?.params).toEqual({ x: 0.5 });
    for (const t of after.slice(6)) {
      expect(t.state).toBe('COMPLETE');
      expect(t.values?.[0]).toBeCloseTo((t.params.x as number) ** 2, 15);
    }
    await again.close();
  });

  it('gbtune reads a study Optuna wrote, and Optuna reads what gbtune adds to it', async () => {
    const path = join(dir, 'optuna.db');
    py('write', `sqlite:///${path}`);
    const before = py('dump', `sqlite:///${path}`) as PyStudy[];
    const st = await openSqliteStorage(path);
    const id = await st.getStudyIdFromName('from-optuna');
    const p = before[0];
    expect(await st.getStudyDirections(id)).toEqual(['MAXIMIZE']);
    expect(await st.getStudyUserAttrs(id)).toEqual(p.user_attrs);
    const trials = await st.getAllTrials(id);
    expect(trials.map((t) => t.state)).toEqual(['COMPLETE', 'PRUNED', 'COMPLETE', 'COMPLETE', 'RUNNING', 'WAITING']);
    for (let i = 0; i < trials.length; i++) expectSameTrial(p.trials[i], trials[i]);
    expect(trials[2]?.values).toEqual([Infinity]);
    expect(trials[0]?.intermediateValues.get(0)).toBeNaN();

    // gbtune finishes Optuna's RUNNING trial and adds one; Optuna sees both
    await st.setTrialStateValues(trials[4]?.trialId, 'COMPLETE', [0.75]);
    const nid = await st.createNewTrial(id);
    await st.setTrialParam(nid, 'x', 0.5, new FloatDistribution(1e-3, 1, { log: true }));
    await st.setTrialStateValues(nid, 'COMPLETE', [2]);
    const after = (py('dump', `sqlite:///${path}`) as PyStudy[])[0];
    const mine = await st.getAllTrials(id);
    expect(after.trials).toHaveLength(7);
    for (let i = 0; i < mine.length; i++) expectSameTrial(after.trials[i], mine[i]);
    await st.close();
  });

  it('creates the same SQLite tables, columns, types, keys and unique indexes as Optuna 3.1', async () => {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
    const theirs = join(dir, 'optuna-empty.db');
    const ours = join(dir, 'gbtune-empty.db');
    py('create', `sqlite:///${theirs}`);
    await (await openSqliteStorage(ours)).close();
    const describeDb = (path: string): unknown => {
      const db = new Database(path, { readonly: true });
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      const out = tables.map((t) => ({
        table: t,
        columns: db.prepare(`PRAGMA table_info(${t})`).all(),
        unique: (db.prepare(`PRAGMA index_list(${t})`).all() as { name: string; unique: number }[])
          .filter((i) => i.unique === 1)
          .map((i) => (db.prepare(`PRAGMA index_info(${i.name})`).all() as { name: string }[]).map((c) => c.name).join(','))
          .sort(),
        fks: db.prepare(`PRAGMA foreign_key_list(${t})`).all(),
      }));
      const versions = [db.prepare('SELECT * FROM version_info').all(), db.prepare('SELECT * FROM alembic_version').all()];
      db.close();
      return { out, versions };
    };
    expect(describeDb(ours)).toEqual(describeDb(theirs));
  });

  itWithService('postgres', 'creates the same PostgreSQL columns and types as Optuna 3.1 models compiled for PostgreSQL', async () => {
    const expected = py('pg-columns') as Record<string, [string, string, boolean][]>;
    const pg = await sharedPostgres();
    const schema = await pg.freshSchema();
    const st = await openPostgresStorage(pg.url('postgres', schema));
    const rows = await st.driver.all(
      'SELECT table_name, column_name, data_type, udt_name, character_maximum_length, is_nullable FROM information_schema.columns WHERE table_schema = ? ORDER BY table_name, ordinal_position',
      [schema],
    );
    const norm = (r: Record<string, unknown>): string => {
      switch (r.data_type) {
        case 'integer':
          return 'INTEGER';
        case 'character varying':
          return `VARCHAR(${String(r.character_maximum_length)})`;
        case 'text':
          return 'TEXT';
        case 'double precision':
          return 'FLOAT(53)';
        case 'timestamp without time zone':
          return 'TIMESTAMP WITHOUT TIME ZONE';
        case 'USER-DEFINED':
          return String(r.udt_name).toUpperCase();
        default:
          return String(r.data_type);
      }
    };
    const got: Record<string, [string, string, boolean][]> = {};
    for (const r of rows) {
      const t = String(r.table_name);
      if (t === 'alembic_version') continue; // alembic's own table, not in Optuna's models
      (got[t] ??= []).push([String(r.column_name), norm(r), r.is_nullable === 'YES']);
    }
    const upper = Object.fromEntries(
      Object.entries(expected).map(([t, cols]) => [t, cols.map(([c, ty, n]) => [c, ty.toUpperCase(), n] as [string, string, boolean])]),
    );
    expect(got).toEqual(upper);
    await st.close();
  });
});
