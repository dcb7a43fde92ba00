/**
 * Optuna's study subcommands on a temporary SQLite storage, as users run them (the compiled CLI in
 * dist/): each with --json prints exactly one JSON object on stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
let dir = '';
let url = '';

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-studycli-'));
  url = `sqlite:///${join(dir, 's.db')}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, GBTUNE_STORAGE: '', OPTUNA_STORAGE: '' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(args: string[]): T {
  const r = run([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T; // throws unless stdout is exactly one JSON document
}

const space = JSON.stringify({
  x: { name: 'FloatDistribution', attributes: { low: 0, high: 10, step: null, log: false } },
  n: { name: 'IntDistribution', attributes: { low: 1, high: 4, step: 1, log: false } },
});

describe('study subcommands with --json', () => {
  it('create-study, ask, tell, trials, best-trial, studies, set-user-attr, delete-study', () => {
    expect(json(['create-study', '--storage', url, '--study-name', 'single', '--direction', 'maximize'])).toEqual({
      study_name: 'single',
      directions: ['MAXIMIZE'],
    });
    // the name is taken: an error (exit 2) unless --skip-if-exists
    const dup = run(['create-study', '--storage', url, '--study-name', 'single']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/single/);
    expect(json<{ study_name: string }>(['create-study', '--storage', url, '--study-name', 'single', '--skip-if-exists']).study_name).toBe('single');

    const asked: { number: number; params: { x: number; n: number } }[] = [];
    for (let i = 0; i < 3; i++) {
      const a = json<{ number: number; params: { x: number; n: number } }>(['ask', '--storage', url, '--study-name', 'single', '--search-space', space, '--sampler', 'random']);
      expect(a.number).toBe(i);
      expect(a.params.x).toBeGreaterThanOrEqual(0);
      expect(a.params.x).toBeLessThanOrEqual(10);
      expect([1, 2, 3, 4]).toContain(a.params.n);
      asked.push(a);
    }
    const told = json<{ number: number; value: number; state: string; params: unknown }>([
      'tell', '--storage', url, '--study-name', 'single', '--trial-number', '0', '--values', String(asked[0]!.params.x),
    ]);
    expect(told).toMatchObject({ number: 0, value: asked[0]!.params.x, state: 'COMPLETE', params: asked[0]!.params });
    json(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '1', '--values', '100']);
    expect(json<{ state: string }>(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '2', '--state', 'pruned']).state).toBe('PRUNED');
    // telling a finished trial: an error, or nothing with --skip-if-finished
    expect(run(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '2', '--values', '1']).code).toBe(2);
    expect(json<{ state: string }>(['tell', '--storage', url, '--study-name', 'single', '--trial-number', '2', '--values', '1', '--skip-if-finished']).state).toBe('PRUNED');

    const trials = json<{ trials: { number: number; state: string; value: number | null; params: unknown }[] }>(['trials', '--storage', url, '--study-name', 'single']);
    expect(trials.trials.map((t) => [t.number, t.state, t.value])).toEqual([
      [0, 'COMPLETE', asked[0]!.params.x],
      [1, 'COMPLETE', 100],
      [2, 'PRUNED', null],
    ]);
    const best = json<Record<string, unknown>>(['best-trial', '--storage', url, '--study-name', 'single']);
    expect(best).toMatchObject({ number: 1, value: 100, params: asked[1]!.params, state: 'COMPLETE' });
    expect(best.values).toBeUndefined();

    expect(json(['study', 'set-user-attr', '--storage', url, '--study-name', 'single', '--key', 'owner', '--value', 'ann'])).toEqual({
      study_name: 'single',
      key: 'owner',
      value: 'ann',
    });
    const studies = json<{ studies: { name: string; direction: string; n_trials: number }[] }>(['studies', '--storage', url]);
    expect(studies.studies).toEqual([expect.objectContaining({ name: 'single', direction: 'MAXIMIZE', n_trials: 3 })]);

    // -f json gives Optuna's shape (a bare list); the table names the columns
    const list = JSON.parse(run(['trials', '--storage', url, '--study-name', 'single', '-f', 'json']).stdout) as unknown[];
    expect(list).toHaveLength(3);
    const table = run(['trials', '--storage', url, '--study-name', 'single']);
    expect(table.stdout).toMatch(/\| number \| value/);
    expect(table.stdout).toMatch(/PRUNED/);

    expect(json(['delete-study', '--storage', url, '--study-name', 'single'])).toEqual({ deleted: 'single' });
    expect(json(['studies', '--storage', url])).toEqual({ studies: [] });
  });

  it('best-trials on a two-objective study gives the Pareto front with values', () => {
    json(['create-study', '--storage', url, '--study-name', 'mo', '--directions', 'minimize', 'minimize']);
    const pts = [
      [1, 5],
      [2, 2],
      [3, 3],
    ];
    for (const [i, p] of pts.entries()) {
      json(['ask', '--storage', url, '--study-name', 'mo', '--sampler', 'random']);
      json(['tell', '--storage', url, '--study-name', 'mo', '--trial-number', String(i), '--values', String(p[0]), String(p[1])]);
    }
    const front = json<{ trials: { number: number; values: number[] }[] }>(['best-trials', '--storage', url, '--study-name', 'mo']);
    expect(front.trials.map((t) => t.number).sort()).toEqual([0, 1]);
    expect(front.trials.find((t) => t.number === 1)?.values).toEqual([2, 2]);
    const bt = run(['best-trial', '--storage', url, '--study-name', 'mo', '--json']);
    expect(bt.code).toBe(2);
    expect(bt.stderr).toMatch(/multi-objective/);
  });

  it('user errors exit with code 2 and name the fault', () => {
    const noStorage = run(['studies']);
    expect(noStorage.code).toBe(2);
    expect(noStorage.stderr).toMatch(/--storage/);
    const badSpace = run(['ask', '--storage', url, '--study-name', 'mo', '--search-space', '{x']);
    expect(badSpace.code).toBe(2);
    expect(badSpace.stderr).toMatch(/--search-space/);
    const noValues = run(['tell', '--storage', url, '--study-name', 'mo', '--trial-number', '0']);
    expect(noValues.code).toBe(2);
    expect(noValues.stderr).toMatch(/--values/);
    const unknown = run(['trials', '--storage', url, '--study-name', 'nope', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/nope/);
  });
});
