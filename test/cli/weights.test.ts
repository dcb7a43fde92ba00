import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// --weight-column on train, cv and predict (tune: test/cli/tune.test.ts), run as a user runs gbtune (build dist/ first)
let dir = '';
let weighted = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-w-'));
  // breast_cancer with a column w = 1 + (row mod 3) before the target, as the breast_cancer_weighted fixture's weights
  const [header, ...rows] = readFileSync('datasets/breast_cancer.csv', 'utf8').trim().split('\n');
  const cut = (l: string): [string, string] => [l.slice(0, l.lastIndexOf(',')), l.slice(l.lastIndexOf(',') + 1)];
  const [hf, ht] = cut(header);
  weighted = join(dir, 'weighted.csv');
  writeFileSync(weighted, [`${hf},w,${ht}`, ...rows.map((r, i) => `${cut(r)[0]},${1 + (i % 3)},${cut(r)[1]}`)].join('\n') + '\n');
});

/** The `key=` lines of every tree of a model.txt. */
function treeLines(model: string, key: string): string[] {
  return model.split('\nTree=').slice(1).map((b) => b.split('\n').find((l) => l.startsWith(`${key}=`)) as string);
}

const shape = ['--param', 'num_leaves=15', '--param', 'learning_rate=0.1', '--param', 'min_data_in_leaf=10'];
const fixtureParams = [...shape, '--param', 'num_iterations=40'];

describe('gbtune train/cv/predict --weight-column', () => {
  it("train --weight-column grows the breast_cancer_weighted fixture's trees (LightGBM 4.6); --param weight_column does the same", () => {
    const fixture = readFileSync('test/fixtures/lightgbm/breast_cancer_weighted.model.txt', 'utf8');
    for (const how of [['--weight-column', 'w'], ['--param', 'weight_column=w']]) {
      const out = join(dir, `m${how[0]}.txt`);
      const r = runCli(['train', weighted, ...how, ...fixtureParams, '--out', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { features: number }).features).toBe(30); // w is not a feature
      const model = readFileSync(out, 'utf8');
      expect(model).not.toMatch(/feature_names=.* w /);
      for (const key of ['split_feature', 'threshold', 'leaf_count', 'internal_weight']) expect(treeLines(model, key), `${how.join(' ')} ${key}`).toEqual(treeLines(fixture, key));
    }
  });

  // lgb.cv on gbtune's folds (LightGBM 4.7, values and script in test/gbdt/boosting/weights.test.ts): breast_cancer, weights 1 + i % 3, 20 rounds
  it("cv --weight-column weighs the folds' metrics as lgb.cv", () => {
    const r = runCli(['cv', weighted, '--weight-column', 'w', ...shape, '--param', 'num_iterations=20', '--param', 'metric=binary_logloss,auc,average_precision', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = (JSON.parse(r.stdout) as { metrics: Record<string, { mean: number }> }).metrics;
    expect(m.binary_logloss.mean).toBeCloseTo(0.17223729581243147, 10);
    expect(m.auc.mean).toBeCloseTo(0.9856937431496323, 10);
    expect(m.average_precision.mean).toBeCloseTo(0.9842553584402733, 10);
  });

  it('predict skips the weight column (given or not); a model feature is not a weight column', () => {
    const model = join(dir, 'p.txt');
    expect(runCli(['train', weighted, '--weight-column', 'w', '--param', 'num_iterations=5', '--out', model]).code).toBe(0);
    const a = runCli(['predict', model, weighted, '--weight-column', 'w']);
    const b = runCli(['predict', model, weighted]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim().split('\n').length).toBe(570);
    const bad = runCli(['predict', model, weighted, '--weight-column', 'mean radius']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--weight-column mean radius: 'mean radius' is a feature of the model/);
  });

  it('a negative or missing weight fails naming the file, line and column', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x,w,target\n1,1,a\n2,-0.5,b\n3,1,a\n4,1,b\n');
    const r = runCli(['train', bad, '--weight-column', 'w', '--out', join(dir, 'never.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.csv, line 3, column 'w': the weight is -0\.5; weights must be finite numbers >= 0/);
    const none = runCli(['cv', bad, '--weight-column', 'weight']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no weight column 'weight'; the columns are: x, w, target/);
  });
});
