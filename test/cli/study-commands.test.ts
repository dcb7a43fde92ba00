/**
 * Optuna's study subcommands on a temporary SQLite storage: each with --json prints exactly one JSON
 * object on stdout. The commands run in this process through the CLI's `main` (stdout and stderr
 * captured) to keep the test fast; one check runs the compiled binary in dist/ as users do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/program.js';

const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
let dir = '';
let url = '';

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-studycli-'));
  url = `sqlite:///${join(dir, 's.db')}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `gbtune ...args` in this process; returns the exit code and what it wrote. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    stdout += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  });
  process.exitCode = undefined;
  try {
    await main(['node', 'gbtune', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, stdout, stderr };
}

async function json<T>(args: string[]): Promise<T> {
  const r = await await run([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T; // throws unless stdout is exactly one JSON document
}

const space = JSON.stringify({
  x: { name: 'FloatDistribution', attributes: { low: 0, high: 10, step: null, log: false } },
  n: { name: 'IntDistribution', attributes: { low: 1, high: 4, step: 1, log: false } },
});

describe('study subcommands with --json', () => {
  it('create-study, ask, tell, trials, best-trial, studies, set-user-attr, delete-study', async () => {
    expect(await json(['create-study', '--storage', url, '--study-name', 'single', '--direction', 'maximize'])).toEqual({
      study_name: 'single',
      directions: ['MAXIMIZE'],
    });
    // the name is taken: an error (exit 2) unless --skip-if-exists
    const dup = await run(['create-study', '--storage', url, '--study-name', 'single']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/single/);
    expect((await json<{ study_name: string }>(['create-study', '--storage', url, '--study-name', 'single', '--skip-if-exists'])).study_name).toBe('single');

    const asked: { number: number; params: { x: number; n: number } }[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await json<{ number: number; params: { x: number; n: number } }>(['ask', '--storage', url, '--study-name', 'single', '--search-space', space, '--sampler', 'random']);
      expect(a.number).toBe(i);
      expect(a.params.x).toBeGreaterThanOrEqual(0);
      expect(a.params.x).toBeLessThanOrEqual(10);
      expect([1, 2, 3, 4]).toContain(a.params.n);
      asked.push(a);
    }
    const told = await json<{ number: number; value: number; state: string; params: unknown }>([
      'tell', '--storage', url, '--study-name', 'single', '--trial-number', '0', '--values', String(asked[0].params.x),
    ]);
    expect(told).toMatchObject({ number: 0, value: asked[0].params.x, state: 'COMPLETE', params: asked[0].params });
    await json(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '1', '--values', '100']);
    expect((await json<{ state: string }>(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '2', '--state', 'pruned'])).state).toBe('PRUNED');
    // telling a finished trial: an error, or nothing with --skip-if-finished
    expect((await run(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '2', '--values', '1'])).code).toBe(2);
    expect((await json<{ state: string }>(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '2', '--values', '1', '--skip-if-finished'])).state).toBe('PRUNED');

    const trials = await json<{ trials: { number: number; state: string; value: number | null; params: unknown }[] }>(['trials', '--storage', url, '--study-name', 'single']);
    expect(trials.trials.map((t) => [t.number, t.state, t.value])).toEqual([
      [0, 'COMPLETE', asked[0].params.x],
      [1, 'COMPLETE', 100],
      [2, 'PRUNED', null],
    ]);
    const best = await json<Record<string, unknown>>(['best-trial', '--storage', url, '--study-name', 'single']);
    expect(best).toMatchObject({ number: 1, value: 100, params: asked[1].params, state: 'COMPLETE' });
    expect(best.values).toBeUndefined();

    expect(await json(['study', 'set-user-attr', '--storage', url, '--study-name', 'single', '--key', 'owner', '--value', 'ann'])).toEqual({
      study_name: 'single',
      key: 'owner',
      value: 'ann',
    });
    const studies = await json<{ studies: { name: string; direction: string; n_trials: number }[] }>(['studies', '--storage', url]);
    expect(studies.studies).toEqual([expect.objectContaining({ name: 'single', direction: 'MAXIMIZE', n_trials: 3 })]);

    // -f json gives Optuna's shape (a bare list); the table names the columns
    const list = JSON.parse((await run(['trials', '--storage', url, '--study-name', 'single', '-f', 'json'])).stdout) as unknown[];
    expect(list).toHaveLength(3);
    const table = await run(['trials', '--storage', url, '--study-name', 'single']);
    expect(table.stdout).toMatch(/\| number \| value/);
    expect(table.stdout).toMatch(/PRUNED/);

    expect(await json(['delete-study', '--storage', url, '--study-name', 'single'])).toEqual({ deleted: 'single' });
    expect(await json(['studies', '--storage', url])).toEqual({ studies: [] });
  });

  it('best-trials on a two-objective study gives the Pareto front with values', async () => {
    await json(['create-study', '--storage', url, '--study-name', 'mo', '--directions', 'minimize', 'minimize']);
    const pts = [
      [1, 5],
      [2, 2],
      [3, 3],
    ];
    for (const [i, p] of pts.entries()) {
      await json(['ask', '--storage', url, '--study-name', 'mo', '--sampler', 'random']);
      await json(['tell', '--storage', url, '--study-name', 'mo', '--trial-number', String(i), '--values', String(p[0]), String(p[1])]);
    }
    const front = await json<{ trials: { number: number; values: number[] }[] }>(['best-trials', '--storage', url, '--study-name', 'mo']);
    expect(front.trials.map((t) => t.number).sort()).toEqual([0, 1]);
    expect(front.trials.find((t) => t.number === 1)?.values).toEqual([2, 2]);
    const bt = await run(['best-trial', '--storage', url, '--study-name', 'mo', '--json']);
    expect(bt.code).toBe(2);
    expect(bt.stderr).toMatch(/multi-objective/);
  });

  it('ask: a seeded sampler from --sampler (class name) and --sampler-kwargs (snake_case) repeats its params', async () => {
    await json(['create-study', '--storage', url, '--study-name', 'seeded']);
    const args = ['ask', '--storage', url, '--study-name', 'seeded', '--search-space', space, '--sampler', 'TPESampler', '--sampler-kwargs', '{"seed": 3, "n_startup_trials": 5}'];
    const a = await json<{ number: number; params: unknown }>(args);
    await json(['tell', '--storage', url, '--study-name', 'seeded', '--trial-number', '0', '--state', 'fail']);
    await json(['delete-study', '--storage', url, '--study-name', 'seeded']);
    await json(['create-study', '--storage', url, '--study-name', 'seeded']);
    const b = await json<{ number: number; params: unknown }>(args);
    expect(b).toEqual(a);
    await json(['delete-study', '--storage', url, '--study-name', 'seeded']);
    const bad = await run(['ask', '--storage', url, '--study-name', 'mo', '--sampler-kwargs', '[1]']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--sampler-kwargs/);
  });

  it('user errors exit with code 2 and name the fault', async () => {
    const noStorage = await run(['studies']);
    expect(noStorage.code).toBe(2);
    expect(noStorage.stderr).toMatch(/--storage/);
    const badSpace = await run(['ask', '--storage', url, '--study-name', 'mo', '--search-space', '{x']);
    expect(badSpace.code).toBe(2);
    expect(badSpace.stderr).toMatch(/--search-space/);
    const noValues = await run(['tell', '--storage', url, '--study-name', 'mo', '--trial-number', '0']);
    expect(noValues.code).toBe(2);
    expect(noValues.stderr).toMatch(/--values/);
    const unknown = await run(['trials', '--storage', url, '--study-name', 'nope', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/nope/);
  });
});

describe('the compiled binary', () => {
  it('prints one JSON object for studies --json, and for the error of an unknown study (exit code 2)', () => {
    const env = { ...process.env, GBTUNE_STORAGE: '', OPTUNA_STORAGE: '' };
    const ok = spawnSync(process.execPath, [bin, 'studies', '--storage', url, '--json'], { cwd: dir, encoding: 'utf8', env });
    expect(ok.status, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as { studies: { name: string }[] };
    expect(out.studies.map((x) => x.name)).toEqual(['mo']);
    const bad = spawnSync(process.execPath, [bin, 'best-trial', '--storage', url, '--study-name', 'nope', '--json'], { cwd: dir, encoding: 'utf8', env });
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: { type: 'StorageError', code: 'STUDY_NOT_FOUND' } });
    expect(bad.stderr).toMatch(/nope/);
  });
});
