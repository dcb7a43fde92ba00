/**
 * Several worker processes on one study through the public API (`createStudy` + `optimize`,
 * compiled dist/ as a user runs it): 4 processes x 50 trials on one SQLite file, and on one
 * PostgreSQL database, end with numbers 0..199 each exactly once and every trial complete.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { openPostgresStorage } from '../../../../src/tune/storages/rdb/postgres-driver.js';
import { openSqliteStorage } from '../../../../src/tune/storages/rdb/sqlite-driver.js';
import { sharedPostgres } from '../../../helpers/postgres.js';
import { describeEachWithService, type ServiceName } from '../../../helpers/services.js';

const WORKER = join(__dirname, 'fixtures', 'optimize-worker.mjs');
const DIST = join(__dirname, '..', '..', '..', '..', 'dist', 'index.js');
const N_PROC = 4;
const N_TRIALS = 50;

function runWorker(url: string, study: string, seed: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [WORKER, url, study, String(N_TRIALS), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${seed} exited with ${code}: ${err}`))));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'gbtune-mp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Target {
  name: string;
  service?: ServiceName;
  url: () => Promise<string>;
  open: (url: string) => Promise<Storage>;
}

const targets: Target[] = [
  { name: 'sqlite', url: async () => `sqlite:///${join(dir, 'shared.db')}`, open: async (u) => openSqliteStorage(u.slice('sqlite:///'.length)) },
  {
    name: 'postgresql',
    service: 'postgres',
    url: async () => {
      const pg = await sharedPostgres();
      return pg.url('postgres', await pg.freshSchema());
    },
    open: (u) => openPostgresStorage(u),
  },
];

describeEachWithService(targets, '$name: 4 worker processes x 50 trials on one study', (target) => {
  it('numbers 0..199 each exactly once, every trial COMPLETE with its value', async () => {
    if (!existsSync(DIST)) throw new Error(`build first (npx tsc -p tsconfig.build.json): ${DIST} is missing`);
    const url = await target.url();
    const outs = await Promise.all(Array.from({ length: N_PROC }, (_x, i) => runWorker(url, 'shared', i + 1)));
    expect(outs.map((o) => (JSON.parse(o) as { done: number }).done)).toEqual([50, 50, 50, 50]);
    const st = await target.open(url);
    const sid = await st.getStudyIdFromName('shared');
    const trials = await st.getAllTrials(sid);
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: N_PROC * N_TRIALS }, (_x, i) => i));
    expect(new Set(trials.map((t) => t.trialId)).size).toBe(N_PROC * N_TRIALS);
    for (const t of trials) {
      expect(t.state).toBe('COMPLETE');
      const x = t.params.x as number;
      const k = t.params.k as number;
      expect(t.values?.[0]).toBeCloseTo(x * x + k, 12);
    }
    expect((await st.getAllStudies()).map((s) => [s.studyName, s.nTrials])).toEqual([['shared', 200]]);
    await st.close?.();
  });
});
