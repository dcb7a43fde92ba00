/**
 * Explaining and continuing a model from the command line: `predict --contrib / --leaf`,
 * `importance`, `train --init-model`. Runs the compiled CLI (build dist/ first).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/gbdt/boosting/model-io.js';
import { jsonError, root, runCli } from './run-cli.js';

const FX = 'test/fixtures/lightgbm';
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-explain-'));
});

function csv(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trim().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

const fixtureMatrix = (name: string): number[][] => csv(`h\n${readFileSync(join(root, FX, name), 'utf8')}`).rows;

describe('gbtune predict --contrib / --leaf', () => {
  it("--contrib prints LightGBM's SHAP values: one column per feature, then bias", () => {
    const r = runCli(['predict', `${FX}/breast_cancer_binary.model.txt`, 'datasets/breast_cancer.csv', '--contrib']);
    expect(r.code).toBe(0);
    const { header, rows } = csv(r.stdout);
    const booster = loadModel(join(root, FX, 'breast_cancer_binary.model.txt'));
    expect(header).toEqual([...booster.featureNames, 'bias']);
    const expected = fixtureMatrix('breast_cancer_binary.contrib.csv');
    expect(rows.length).toBe(569);
    for (let i = 0; i < 569; i++) for (let c = 0; c < header.length; c++) expect(Math.abs(rows[i][c] - expected[i][c])).toBeLessThanOrEqual(1e-9);
  });

  it('--contrib names multiclass columns <class>:<feature> and <class>:bias, class by class', () => {
    const r = runCli(['predict', `${FX}/iris_multiclass.model.txt`, 'datasets/iris.csv', '--contrib', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { columns: string[]; predictions: { name: string; values: number[] }[] };
    const f = loadModel(join(root, FX, 'iris_multiclass.model.txt')).featureNames;
    expect(out.columns).toEqual(['0', '1', '2'].flatMap((k) => [...f, 'bias'].map((n) => `${k}:${n}`)));
    const expected = fixtureMatrix('iris_multiclass.contrib.csv');
    out.predictions.forEach((col, c) => col.values.forEach((v, i) => expect(Math.abs(v - expected[i][c])).toBeLessThanOrEqual(1e-9)));
  });

  it('--leaf prints the leaf of every tree (tree_0, tree_1, ...), as LightGBM; --num-iteration keeps the first rounds', () => {
    const r = runCli(['predict', `${FX}/iris_multiclass.model.txt`, 'datasets/iris.csv', '--leaf']);
    expect(r.code).toBe(0);
    const { header, rows } = csv(r.stdout);
    expect(header).toEqual(Array.from({ length: 90 }, (_, t) => `tree_${t}`));
    expect(rows).toEqual(fixtureMatrix('iris_multiclass.leaf.csv'));
    const few = csv(runCli(['predict', `${FX}/iris_multiclass.model.txt`, 'datasets/iris.csv', '--leaf', '--num-iteration', '2']).stdout);
    expect(few.header.length).toBe(6);
    expect(few.rows).toEqual(rows.map((row) => row.slice(0, 6)));
  });

  it('--num-threads 2 prints the same raw scores as --num-threads 1 (one thread below 2,000,000 rows x trees either way); 0 is refused', () => {
    const args = ['predict', `${FX}/credit_categorical_missing.model.txt`, 'datasets/credit_data.csv', '--raw'];
    const one = runCli([...args, '--num-threads', '1']);
    expect(one.code).toBe(0);
    expect(runCli([...args, '--num-threads', '2']).stdout).toBe(one.stdout);
    expect(runCli([...args, '--num-threads', '0']).code).toBe(2);
  });

  it('refuses two outputs at once, naming both options', () => {
    const r = runCli(['predict', `${FX}/iris_multiclass.model.txt`, 'datasets/iris.csv', '--contrib', '--leaf', '--json']);
    expect(r.code).toBe(2);
    expect(jsonError(r).message).toMatch(/--contrib and --leaf cannot be used together/);
  });
});

describe('gbtune importance', () => {
  it('prints split counts as a table sorted largest first, with each feature\'s share', () => {
    const r = runCli(['importance', `${FX}/breast_cancer_binary.model.txt`]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^feature\s+split\s+share$/);
    const booster = loadModel(join(root, FX, 'breast_cancer_binary.model.txt'));
    const imp = booster.featureImportance();
    const values = lines.slice(1).map((l) => Number(l.trim().split(/\s+/)[1]));
    expect(values.length).toBe(booster.featureNames.length);
    expect(values).toEqual([...imp].sort((a, b) => b - a));
    const top = lines[1].trim().split(/\s+/);
    expect(top[0]).toBe(booster.featureNames[imp.indexOf(Math.max(...imp))]);
    const total = imp.reduce((a, b) => a + b, 0);
    expect(top[2]).toBe(`${((100 * Math.max(...imp)) / total).toFixed(1)}%`);
  });

  it('--type gain --json gives every feature with its gain, sorted', () => {
    const r = runCli(['importance', `${FX}/iris_multiclass.model.txt`, '--type', 'gain', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { type: string; importance: { feature: string; importance: number }[] };
    const booster = loadModel(join(root, FX, 'iris_multiclass.model.txt'));
    const gain = booster.featureImportance({ importanceType: 'gain' });
    expect(out.type).toBe('gain');
    expect(out.importance.map((r) => r.importance)).toEqual([...gain].sort((a, b) => b - a));
    for (const row of out.importance) expect(row.importance).toBe(gain[booster.featureNames.indexOf(row.feature)]);
  });

  it('rejects an unknown --type', () => {
    const r = runCli(['importance', `${FX}/iris_multiclass.model.txt`, '--type', 'cover']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--type must be 'split' or 'gain', got 'cover'/);
  });
});

describe('gbtune train --init-model', () => {
  it("continues a model: its trees, then num_iterations new ones (LightGBM's init_model)", () => {
    const first = join(dir, 'first.txt');
    const next = join(dir, 'next.json');
    expect(runCli(['train', 'datasets/breast_cancer.csv', '--param', 'num_iterations=10', '--out', first]).code).toBe(0);
    const r = runCli(['train', 'datasets/breast_cancer.csv', '--init-model', first, '--param', 'num_iterations=5', '--param', 'learning_rate=0.05', '--out', next, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { numTrees: number; initIterations: number; initModel: string };
    expect(out).toMatchObject({ numTrees: 15, initIterations: 10, initModel: first });
    const a = loadModel(first);
    const b = loadModel(next);
    const trees = (text: string): string => text.slice(text.indexOf('Tree=0'), text.indexOf('end of trees'));
    expect(trees(b.modelToString({ numIteration: 10 }))).toBe(trees(a.modelToString()));
    const text = runCli(['train', 'datasets/breast_cancer.csv', '--init-model', first, '--param', 'num_iterations=2', '--out', join(dir, 'n2.json')]);
    expect(text.stdout).toMatch(/^trained 2 trees after the 10 of .*first\.txt/);
  });

  it('refuses a model for other data, naming what differs', () => {
    const r = runCli(['train', 'datasets/iris.csv', '--init-model', `${FX}/breast_cancer_binary.model.txt`, '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/initModel: the model has 30 features/);
  });
});

describe('gbtune report --model --data', () => {
  it('adds the model plots to the study report, as SVG files too', async () => {
    const { createStudy } = await import('../../src/index.js');
    const { FloatDistribution, createTrial } = await import('../../src/tune/index.js');
    const url = `sqlite:///${join(dir, 'study.db')}`;
    const study = await createStudy({ storage: url, studyName: 'q', direction: 'minimize' });
    for (let i = 0; i < 6; i++) await study.addTrial(createTrial({ params: { x: i / 2 }, distributions: { x: new FloatDistribution(0, 3) }, value: (i / 2 - 1) ** 2 }));
    const svgDir = join(dir, 'model-svg');
    const r = runCli(['report', '--storage', url, '--format', 'svg', '--out', svgDir, '--model', `${FX}/iris_multiclass.model.txt`, '--data', 'datasets/iris.csv', '--json']);
    expect(r.code).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: string[] }).files.map((f) => f.slice(svgDir.length + 1));
    expect(files).toEqual(expect.arrayContaining(['optimization-history.svg', 'feature-importance.svg', 'shap-summary.svg', 'shap-dependence.svg']));
    expect(readFileSync(join(svgDir, 'shap-summary.svg'), 'utf8')).toContain('150 rows');
    const html = join(dir, 'model-report.html');
    expect(runCli(['report', '--storage', url, '--out', html, '--model', `${FX}/iris_multiclass.model.txt`, '--data', 'datasets/iris.csv']).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('chart-shap-dependence');
    const half = runCli(['report', '--storage', url, '--out', html, '--model', `${FX}/iris_multiclass.model.txt`]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--model needs --data/);
  });
});
