import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The CLI as a user runs it: the compiled binary (npm test builds dist/ first).
const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const root = join(__dirname, '..', '..');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-tune-'));
});

describe('gbtune tune', () => {
  it('--json prints one object with the best value, params, rounds, counts, seconds and paths; a second run resumes', () => {
    const out = join(dir, 'out1');
    const args = ['tune', 'datasets/breast_cancer.csv', '--trials', '3', '--folds', '3', '--seed', '1', '--out', out, '--param', 'num_iterations=50', '--json'];
    const r = run(args);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as {
      bestValue: number;
      bestParams: Record<string, unknown>;
      bestIteration: number;
      nTrials: number;
      nTrialsRun: number;
      seconds: number;
      metric: string;
      paths: Record<string, string>;
    };
    expect(o.metric).toBe('accuracy');
    expect(o.bestValue).toBeGreaterThan(0.85);
    expect(o.bestParams.num_leaves).toBeTypeOf('number');
    expect(o.bestIteration).toBeGreaterThan(0);
    expect(o.nTrials).toBe(3);
    expect(o.seconds).toBeGreaterThan(0);
    expect(o.paths.storage).toBe(`sqlite:///${join(out, 'study.db')}`);
    for (const k of ['bestParams', 'modelJson', 'modelTxt', 'trialsCsv', 'report']) expect(existsSync(o.paths[k]!)).toBe(true);
    expect(existsSync(join(out, 'study.db'))).toBe(true);
    expect(readFileSync(o.paths.modelTxt!, 'utf8')).toMatch(/^tree\n/);
    const again = JSON.parse(run(args).stdout) as { nTrials: number; nTrialsRun: number };
    expect(again.nTrialsRun).toBe(3);
    expect(again.nTrials).toBe(6);
  });

  it('--space reads a JSON spec; a bad spec is one error line naming the key', () => {
    const good = join(dir, 'space.json');
    writeFileSync(good, JSON.stringify({ num_leaves: { type: 'int', low: 4, high: 8 }, learning_rate: { fixed: 0.2 } }));
    const r = run(['tune', 'datasets/breast_cancer.csv', '--trials', '2', '--folds', '3', '--out', join(dir, 'out2'), '--space', good, '--sampler', 'random', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { bestParams: Record<string, number> };
    expect(o.bestParams.learning_rate).toBe(0.2);
    expect(o.bestParams.num_leaves).toBeGreaterThanOrEqual(4);
    expect(o.bestParams.num_leaves).toBeLessThanOrEqual(8);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ num_leaves: { type: 'int', low: 4 } }));
    const e = run(['tune', 'datasets/breast_cancer.csv', '--trials', '2', '--out', join(dir, 'out3'), '--space', bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/gbtune: error: --space \S+bad.json: search space: 'num_leaves' needs a finite number 'high'/);
  });

  it('rejects a bad --timeout and an unknown sampler', () => {
    const t = run(['tune', 'datasets/breast_cancer.csv', '--timeout', '10 minutes']);
    expect(t.code).not.toBe(0);
    expect(t.stderr).toMatch(/--timeout must be a duration like 90, 30s, 10m or 1h/);
    const s = run(['tune', 'datasets/breast_cancer.csv', '--trials', '1', '--out', join(dir, 'out4'), '--sampler', 'nope']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/unknown sampler 'nope'/);
  });
});
