/**
 * `gbtune worker` as users run it (the compiled CLI in dist/): 4 worker processes x 250 trials of one
 * study on SQLite, on a journal file, on Redis and on PostgreSQL (the last two need their servers:
 * skipped with the reason when absent, failed under CI). Every trial number 0..999 appears
 * exactly once, each trial is COMPLETE, and the workers' own trial lists are disjoint (none ran twice).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../src/tune/study/create-study.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import { sharedPostgres } from '../helpers/postgres.js';
import { startRedis, type RedisHandle } from '../helpers/redis.js';
import { describeWithService, itWithService } from '../helpers/services.js';

const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const N_WORKERS = 4;
const N_TRIALS = 250;
let dir = '';

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-worker-'));
  writeFileSync(
    join(dir, 'objective.mjs'),
    [
      "export default (trial) => { const x = trial.suggestFloat('x', -5, 5); const k = trial.suggestInt('k', 0, 3); return x * x + k; };",
      "export const named = (trial) => trial.suggestFloat('y', 0, 1);",
      "export const jittery = async (trial) => { const x = trial.suggestFloat('x', -5, 5); const k = trial.suggestInt('k', 0, 3); await new Promise((r) => setTimeout(r, Math.random() * 30)); return x * x + k; };",
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface WorkerJson {
  studyName: string;
  nTrials: number;
  trialNumbers: number[];
  states: string[];
}

function worker(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'worker', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function fourWorkers(url: string): Promise<void> {
  const study = await createStudy({ storage: url, studyName: 'shared' });
  await study.storage.close?.();
  const runs = await Promise.all(
    Array.from({ length: N_WORKERS }, () =>
      worker(['--storage', url, '--study-name', 'shared', '--objective', 'objective.mjs', '--n-trials', String(N_TRIALS), '--sampler', 'random', '--json']),
    ),
  );
  const seen = new Set<number>();
  for (const r of runs) {
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as WorkerJson;
    expect(out.studyName).toBe('shared');
    expect(out.nTrials).toBe(N_TRIALS);
    for (const n of out.trialNumbers) {
      expect(seen.has(n), `trial ${n} reported by two workers`).toBe(false);
      seen.add(n);
    }
  }
  const total = N_WORKERS * N_TRIALS;
  expect(seen.size).toBe(total);
  const st = await getStorage(url);
  try {
    const trials = await st.getAllTrials(await st.getStudyIdFromName('shared'));
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: total }, (_x, i) => i));
    expect(new Set(trials.map((t) => t.trialId)).size).toBe(total);
    for (const t of trials) {
      expect(t.state).toBe('COMPLETE');
      const x = t.params.x as number;
      const k = t.params.k as number;
      expect(t.values?.[0]).toBeCloseTo(x * x + k, 12);
    }
  } finally {
    await st.close?.();
  }
}

describe('gbtune worker: 4 processes x 250 trials on one study', () => {
  it('SQLite: trial numbers 0..999 each once, none run twice', async () => {
    await fourWorkers(`sqlite:///${join(dir, 'w.db')}`);
  });

  it('journal file: trial numbers 0..999 each once, none run twice', async () => {
    await fourWorkers(`journal:///${join(dir, 'w.log')}`);
  });

  describeWithService('redis', 'Redis', () => {
    let server: RedisHandle | null = null;
    afterAll(async () => server?.stop());
    it('trial numbers 0..999 each once', async () => {
      server = await startRedis();
      await fourWorkers(server.url);
    });
  });

  itWithService('postgres', 'PostgreSQL: trial numbers 0..999 each once', async () => {
    const pg = await sharedPostgres();
    await fourWorkers(pg.url('postgres', await pg.freshSchema()));
  });
});

describe('gbtune worker: options', () => {
  it('runs a named export and, without --json, prints a summary line', async () => {
    const url = `sqlite:///${join(dir, 'named.db')}`;
    const s = await createStudy({ storage: url, studyName: 'n', direction: 'maximize' });
    await s.storage.close?.();
    const r = await worker(['--storage', url, '--study-name', 'n', '--objective', 'objective.mjs#named', '--n-trials', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/5 trials of study 'n' \(5 complete\)/);
  });

  it('a missing export or module is a user error (exit 2) naming it', () => {
    const url = `sqlite:///${join(dir, 'bad.db')}`;
    const a = spawnSync(process.execPath, [bin, 'worker', '--storage', url, '--objective', 'objective.mjs#nope', '--n-trials', '1'], { cwd: dir, encoding: 'utf8' });
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/export 'nope'/);
    expect(a.stderr).toMatch(/named/);
    const b = spawnSync(process.execPath, [bin, 'worker', '--storage', url, '--objective', 'missing.mjs', '--n-trials', '1'], { cwd: dir, encoding: 'utf8' });
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/missing\.mjs/);
  });
});

describe('gbtune worker --seed --batch-size (deterministic mode)', () => {
  async function deterministicRun(name: string): Promise<Map<number, unknown>> {
    const url = `sqlite:///${join(dir, `${name}.db`)}`;
    const s = await createStudy({ storage: url, studyName: 'det' });
    await s.storage.close?.();
    const args = ['--storage', url, '--study-name', 'det', '--objective', 'objective.mjs#jittery', '--n-trials', '8', '--seed', '5', '--batch-size', '6', '--json'];
    const runs = await Promise.all([worker(args), worker(args), worker(args)]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const st = await getStorage(url);
    try {
      const trials = await st.getAllTrials(await st.getStudyIdFromName('det'));
      expect(trials.map((t) => t.number)).toEqual(Array.from({ length: 24 }, (_x, i) => i));
      return new Map(trials.map((t) => [t.number, t.params]));
    } finally {
      await st.close?.();
    }
  }

  it('3 workers x 8 trials, twice: the same params for every trial number (TPE, batches of 6)', async () => {
    const a = await deterministicRun('det-a');
    const b = await deterministicRun('det-b');
    for (let n = 0; n < 24; n++) expect(b.get(n)).toEqual(a.get(n));
  });
});
