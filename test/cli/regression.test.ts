// gbtune cv / train / predict / tune on regression CSVs (diabetes: 442 rows, 10 numeric features;
// ames: 2,930 houses, 40 categorical columns), as a user runs the compiled CLI.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const root = join(__dirname, '..', '..');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-regression-'));
});

interface TuneJson {
  objective: string;
  metric: string;
  direction: string;
  bestValue: number;
  bestParams: Record<string, unknown>;
  fixedParams: Record<string, unknown>;
  paths: Record<string, string>;
}

describe('gbtune tune on a regression target', () => {
  it('infers regression, minimises l2 by default, and its outputs speak of l2, not accuracy', () => {
    const out = join(dir, 'diabetes-l2');
    const r = run(['tune', 'datasets/diabetes.csv', '--trials', '2', '--folds', '3', '--seed', '1', '--out', out, '--param', 'num_iterations=40']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/objective regression \(inferred from the target; override with --param objective=\.\.\.\), metric l2 \(minimized\)/);
    const value = Number(/^best 3-fold CV l2: ([\d.]+) /m.exec(r.stdout)?.[1]);
    // the variance of diabetes' target is ~5,930: a tuned model's l2 is well below it
    expect(value).toBeGreaterThan(1000);
    expect(value).toBeLessThan(5000);
    const best = JSON.parse(readFileSync(join(out, 'best_params.json'), 'utf8')) as { metric: string; direction: string; bestValue: number; params: Record<string, unknown> };
    expect([best.metric, best.direction, best.params.objective, best.params.metric]).toEqual(['l2', 'minimize', 'regression', ['l2']]);
    expect(best.bestValue.toFixed(5)).toBe(value.toFixed(5));
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('Best 3-fold CV l2</th>');
    expect(report.toLowerCase()).not.toContain('accuracy');
  });

  it('--metric takes any regression metric with its direction; metric params come from --param', () => {
    for (const [metric, extra] of [['mape', []], ['quantile', ['--param', 'alpha=0.25']], ['huber', ['--param', 'alpha=30']], ['rmse', []]] as const) {
      const r = run(['tune', 'datasets/diabetes.csv', '--trials', '1', '--folds', '3', '--seed', '2', '--out', join(dir, `m-${metric}`), '--metric', metric, '--param', 'num_iterations=20', ...extra, '--json']);
      expect(r.code, `${metric}: ${r.stderr}`).toBe(0);
      const o = JSON.parse(r.stdout) as TuneJson;
      expect([o.metric, o.direction, o.objective], metric).toEqual([metric, 'minimize', 'regression']);
      expect(o.bestValue).toBeGreaterThan(0);
    }
  });

  it('tunes another objective with --param objective=..., by its own metric unless --metric says otherwise', () => {
    for (const [objective, metric] of [['poisson', []], ['quantile', []], ['mape', ['--metric', 'l1']]] as const) {
      const r = run(['tune', 'datasets/diabetes.csv', '--trials', '1', '--folds', '3', '--seed', '3', '--out', join(dir, objective), '--param', `objective=${objective}`, '--param', 'num_iterations=20', '--no-refit', ...metric, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout) as TuneJson;
      expect([o.objective, o.metric, o.direction]).toEqual([objective, metric.length > 0 ? 'l1' : objective, 'minimize']);
      expect(o.fixedParams).toEqual({ num_iterations: 20 });
    }
  });

  it('a target the objective or the metric cannot take is one error before any trial', () => {
    const bad = run(['tune', 'datasets/diabetes.csv', '--trials', '3', '--out', join(dir, 'bad1'), '--param', 'objective=cross_entropy']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/objective cross_entropy cannot fit the target: cross_entropy objective: label of row 0 is 151; labels must be in \[0, 1\]/);
    expect(bad.stderr).not.toMatch(/trial 0 failed/);
    const metric = run(['tune', 'datasets/diabetes.csv', '--trials', '3', '--out', join(dir, 'bad2'), '--metric', 'xentropy']);
    expect(metric.code).not.toBe(0);
    expect(metric.stderr).toMatch(/metric cross_entropy cannot score the target/);
    const accuracy = run(['tune', 'datasets/diabetes.csv', '--trials', '3', '--out', join(dir, 'bad3'), '--metric', 'accuracy']);
    expect(accuracy.stderr).toMatch(/metric accuracy needs a classification objective/);
  });

  it('ames (40 categorical columns): tunes, and the refitted model.txt predicts the CSV', () => {
    const out = join(dir, 'ames');
    const r = run(['tune', 'datasets/ames.csv', '--trials', '1', '--folds', '3', '--seed', '1', '--out', out, '--param', 'num_iterations=15', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as TuneJson;
    expect([o.objective, o.metric, o.direction]).toEqual(['regression', 'l2', 'minimize']);
    const preds = join(out, 'preds.csv');
    const p = run(['predict', o.paths.modelTxt, 'datasets/ames.csv', '--out', preds]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stderr).not.toMatch(/pandas_categorical/);
    const lines = readFileSync(preds, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('prediction');
    expect(lines.length).toBe(2931);
    const prices = lines.slice(1).map(Number);
    expect(Math.min(...prices)).toBeGreaterThan(10000);
    expect(Math.max(...prices)).toBeLessThan(800000);
  });
});

describe('gbtune cv and train on a regression target', () => {
  it('cv reports the objective\'s own metric and the ones asked for', () => {
    const r = run(['cv', 'datasets/diabetes.csv', '--folds', '3', '--param', 'num_iterations=20', '--param', 'objective=quantile', '--param', 'alpha=0.5', '--param', 'metric=quantile,l1,mape', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { objective: string; metrics: Record<string, { mean: number }> };
    expect(o.objective).toBe('quantile');
    expect(Object.keys(o.metrics)).toEqual(['quantile', 'l1', 'mape']);
    // the pinball loss of the median is half the absolute error
    expect(o.metrics.quantile.mean).toBeCloseTo(o.metrics.l1.mean / 2, 10);
  });

  it('train --param objective=tweedie writes a model whose predictions are exp(raw)', () => {
    const model = join(dir, 'tweedie.txt');
    const t = run(['train', 'datasets/diabetes.csv', '--param', 'objective=tweedie', '--param', 'num_iterations=20', '--out', model]);
    expect(t.code, t.stderr).toBe(0);
    expect(readFileSync(model, 'utf8')).toMatch(/^objective=tweedie$/m);
    const preds = join(dir, 'tweedie.csv');
    expect(run(['predict', model, 'datasets/diabetes.csv', '--out', preds]).code).toBe(0);
    const raw = join(dir, 'tweedie-raw.csv');
    expect(run(['predict', model, 'datasets/diabetes.csv', '--raw', '--out', raw]).code).toBe(0);
    const p = readFileSync(preds, 'utf8').trim().split('\n').slice(1).map(Number);
    const s = readFileSync(raw, 'utf8').trim().split('\n').slice(1).map(Number);
    expect(p.length).toBe(442);
    for (let i = 0; i < p.length; i++) expect(p[i]).toBeCloseTo(Math.exp(s[i]), 6);
  });
});
