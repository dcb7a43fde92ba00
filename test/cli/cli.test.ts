import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The CLI is tested as a user runs it: the compiled binary (npm test builds dist/ first).
const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const root = join(__dirname, '..', '..');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-'));
});

describe('gbtune cv', () => {
  it('prints one JSON object with accuracy for a classification run', () => {
    const r = run(['cv', 'datasets/iris.csv', '--folds', '3', '--param', 'num_iterations=20', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { metrics: Record<string, { mean: number; std: number }>; bestIteration: number; objective: string };
    expect(out.objective).toBe('multiclass');
    expect(out.bestIteration).toBe(20);
    expect(out.metrics.accuracy.mean).toBeGreaterThan(0.9);
    expect(out.metrics.multi_logloss.mean).toBeLessThan(0.4);
  });

  it('says which objective it inferred, and the override works', () => {
    const r = run(['cv', 'datasets/wine.csv', '--folds', '3', '--param', 'num_iterations=10', '--param', 'objective=regression']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/objective regression/);
    expect(r.stdout).toMatch(/l2/);
    const inferred = run(['cv', 'datasets/wine.csv', '--folds', '3', '--param', 'num_iterations=5']);
    expect(inferred.stderr).toMatch(/objective: multiclass \(inferred from 3 classes/);
  });

  it('rejects an unknown param naming it, with exit code 2', () => {
    const r = run(['cv', 'datasets/iris.csv', '--param', 'num_leavs=8']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/num_leavs/);
    expect(r.stderr).toMatch(/num_leaves/);
  });

  it('rejects an out-of-range value naming the key, the value and the range', () => {
    const r = run(['cv', 'datasets/iris.csv', '--param', 'num_leaves=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/num_leaves/);
    expect(r.stderr).toMatch(/\b1\b/);
  });

  it('names a missing target column', () => {
    const r = run(['cv', 'datasets/iris.csv', '--target', 'species']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/species/);
  });
});

describe('gbtune train and predict', () => {
  it('trains, saves model.txt, and predicts labels and probabilities in input order', () => {
    const model = join(dir, 'model.txt');
    const t = run(['train', 'datasets/breast_cancer.csv', '--param', 'num_iterations=30', '--out', model, '--json']);
    expect(t.code).toBe(0);
    const tj = JSON.parse(t.stdout) as { numTrees: number; seconds: { read: number; bin: number; train: number } };
    expect(tj.numTrees).toBe(30);
    expect(tj.seconds.train).toBeGreaterThan(0);
    expect(readFileSync(model, 'utf8')).toMatch(/^tree\nversion=v4/);

    const preds = join(dir, 'preds.csv');
    const p = run(['predict', model, 'datasets/breast_cancer.csv', '--out', preds]);
    expect(p.code).toBe(0);
    const lines = readFileSync(preds, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('prediction,proba_0,proba_1');
    expect(lines.length).toBe(570);
    const truth = readFileSync(join(root, 'datasets/breast_cancer.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').pop());
    let correct = 0;
    for (let i = 1; i < lines.length; i++) {
      const [label, p0, p1] = lines[i].split(',');
      expect(Number(p0) + Number(p1)).toBeCloseTo(1, 12);
      expect(label).toBe(Number(p1) > 0.5 ? '1' : '0');
      if (label === truth[i - 1]) correct++;
    }
    expect(correct / 569).toBeGreaterThan(0.97); // training accuracy

    const raw = run(['predict', model, 'datasets/breast_cancer.csv', '--raw', '--json']);
    expect(raw.code).toBe(0);
    const rj = JSON.parse(raw.stdout) as { columns: string[]; predictions: { name: string; values: number[] }[] };
    expect(rj.columns).toEqual(['raw_score']);
    expect(rj.predictions[0].values.length).toBe(569);
  });

  it('trains with --param use_quantized_grad=true (quantized gradients), and the model predicts', () => {
    const model = join(dir, 'quantized.txt');
    const t = run(['train', 'datasets/breast_cancer.csv', '--param', 'num_iterations=30', '--param', 'use_quantized_grad=true', '--param', 'quant_train_renew_leaf=true', '--param', 'seed=3', '--out', model]);
    expect(t.code, t.stderr).toBe(0);
    const text = readFileSync(model, 'utf8');
    expect(text).toContain('[use_quantized_grad: 1]');
    expect(text).toContain('[num_grad_quant_bins: 4]');
    expect(text).toContain('[quant_train_renew_leaf: 1]');
    const p = run(['predict', model, 'datasets/breast_cancer.csv', '--json']);
    expect(p.code).toBe(0);
    const labels = (JSON.parse(p.stdout) as { predictions: { name: string; values: (string | number)[] }[] }).predictions[0].values;
    const truth = readFileSync(join(root, 'datasets/breast_cancer.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').pop());
    expect(labels.filter((v, i) => String(v) === truth[i]).length / 569).toBeGreaterThan(0.97); // training accuracy
  });

  it('keeps string class labels in predictions (JSON model)', () => {
    const model = join(dir, 'credit.json');
    expect(run(['train', 'datasets/credit_data.csv', '--param', 'num_iterations=10', '--out', model]).code).toBe(0);
    const p = run(['predict', model, 'datasets/credit_data.csv']);
    expect(p.code).toBe(0);
    const lines = p.stdout.trim().split('\n');
    expect(lines[0]).toBe('prediction,proba_bad,proba_good');
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(['bad', 'good']));
  });

  it('reports a corrupt model file clearly', () => {
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'tree\nversion=v4\nnum_class=1\n');
    const p = run(['predict', bad, 'datasets/iris.csv']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/bad\.txt/);
  });
});
