import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { DataError } from '../../../src/core/errors.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import type { Evaluation } from '../../../src/gbdt/boosting/callbacks.js';

const base = { num_leaves: 15, learning_rate: 0.1, min_data_in_leaf: 10, verbosity: -1 } as const;
const n = { breast_cancer: 569, iris: 150, diabetes: 442, wine: 178 } as const;
const seq = (len: number, f: (i: number) => number): Float64Array => Float64Array.from({ length: len }, (_, i) => f(i));
/** The fixtures' rules (test/fixtures/lightgbm/README.md), i = row in file order. */
const binaryInit = seq(n.breast_cancer, (i) => 0.3 * (i % 5) - 0.6);
const irisInit = seq(3 * n.iris, (j) => 0.2 * (((j % n.iris) + Math.floor(j / n.iris)) % 4) - 0.3); // class-major
const decimals = (len: number): Float64Array => seq(len, (i) => 0.1 + ((i * 7) % 13) / 10);

/** The `key=` line of tree `t` in a model.txt. */
function treeLine(model: string, t: number, key: string): string {
  return model.split(`Tree=${t}\n`)[1].split('\n').find((l) => l.startsWith(`${key}=`))!;
}

/** Every tree of `ours` has LightGBM's structure, counts, weights and gains exactly, leaf values to 1e-12. */
function expectLightGbmTrees(ours: string, fixture: string): void {
  const theirs = readFileSync(`test/fixtures/lightgbm/${fixture}.model.txt`, 'utf8');
  const nTrees = theirs.split('\nTree=').length - 1;
  expect(ours.split('\nTree=').length - 1).toBe(nTrees);
  for (let t = 0; t < nTrees; t++) {
    for (const key of ['num_leaves', 'split_feature', 'split_gain', 'threshold', 'left_child', 'right_child', 'leaf_weight', 'leaf_count', 'internal_weight', 'internal_count']) {
      expect(treeLine(ours, t, key), `tree ${t} ${key}`).toBe(treeLine(theirs, t, key));
    }
    const mine = treeLine(ours, t, 'leaf_value').slice(11).split(' ').map(Number);
    const lv = treeLine(theirs, t, 'leaf_value').slice(11).split(' ').map(Number);
    mine.forEach((v, l) => expect(Math.abs(v - lv[l]), `tree ${t} leaf ${l}`).toBeLessThan(1e-12));
  }
}

describe('LightGBM 4.7 models trained with weights or initial scores: the same trees (fixtures README)', () => {
  it('binary with init_score (boost_from_average skipped, the model holds no initial score)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv', { initScore: binaryInit });
    expectLightGbmTrees(train({ ...base, objective: 'binary', num_iterations: 10 }, data).modelToString(), 'breast_cancer_init_score');
  });

  it('multiclass with init_score (n x 3, class-major)', async () => {
    const data = await readCsv('datasets/iris.csv', { initScore: irisInit });
    expectLightGbmTrees(train({ ...base, objective: 'multiclass', num_iterations: 10 }, data).modelToString(), 'iris_init_score');
  });

  it('regression with weights and init_score', async () => {
    const data = await readCsv('datasets/diabetes.csv', { initScore: seq(n.diabetes, (i) => 150 + (i % 7)), weight: seq(n.diabetes, (i) => 1 + (i % 3)) });
    expectLightGbmTrees(train({ ...base, objective: 'regression', num_iterations: 10 }, data).modelToString(), 'diabetes_weighted_init_score');
  });

  it("regression_l1 with weights (LightGBM 4.7's weighted percentile for the start and the leaves)", async () => {
    const data = await readCsv('datasets/diabetes.csv', { weight: decimals(n.diabetes) });
    expectLightGbmTrees(train({ ...base, objective: 'regression_l1', num_iterations: 30 }, data).modelToString(), 'diabetes_l1_weighted');
  });

  it('multiclass with weights not exact in 32 bits', async () => {
    const data = await readCsv('datasets/wine.csv', { weight: decimals(n.wine) });
    expectLightGbmTrees(train({ ...base, objective: 'multiclass', min_data_in_leaf: 5, num_iterations: 20 }, data).modelToString(), 'wine_multiclass_weighted');
  });
});

// LightGBM 4.7 (X, y = breast_cancer without / with its target; init = 0.3 * (i % 5) - 0.6):
//   b = lgb.train(dict(objective='binary', num_leaves=15, learning_rate=0.1, min_data_in_leaf=10, verbosity=-1), lgb.Dataset(X, y, init_score=init), 10)
//   b.predict(X.iloc[:3], raw_score=True) -> [-0.5269572162620343, -1.5290380952670768, -1.552547534312464]
//   tr = lgb.Dataset(X, y, init_score=init); va = lgb.Dataset(X, y, init_score=-init, reference=tr)
//   lgb.train(dict(..., metric=['binary_logloss', 'auc']), tr, 10, valid_sets=[va], callbacks=[lgb.record_evaluation(ev)])
//   -> binary_logloss 0.24392117949922223, auc 0.9938692458115321
//   lgb.cv(dict(..., metric=['binary_logloss', 'auc']), lgb.Dataset(X, y, init_score=init), 10, folds=<gbtune's stratifiedKFold(5, seed 0)>)
//   -> binary_logloss 0.29202335778176675 ± 0.011136766333856388, auc 0.9725642182119417 ± 0.00881141734975301
//   and iris (init as above, multiclass): multi_logloss 0.37178969104642573 ± 0.12758830136728935, multi_error 0.06666666666666668 ± 0.06992058987801011
describe('init_score as LightGBM uses it', () => {
  it('predictions do not add the initial score', async () => {
    const data = await readCsv('datasets/breast_cancer.csv', { initScore: binaryInit });
    const raw = train({ ...base, objective: 'binary', num_iterations: 10 }, data).predictRaw(data);
    expect(raw[0]).toBeCloseTo(-0.5269572162620343, 13);
    expect(raw[1]).toBeCloseTo(-1.5290380952670768, 13);
    expect(raw[2]).toBeCloseTo(-1.552547534312464, 13);
  });

  it("a validation set's metrics start from its own initial scores", async () => {
    const data = await readCsv('datasets/breast_cancer.csv', { initScore: binaryInit });
    const valid = await readCsv('datasets/breast_cancer.csv', { initScore: binaryInit.map((v) => -v) });
    let last: Evaluation[] = [];
    train({ ...base, objective: 'binary', metric: ['binary_logloss', 'auc'], num_iterations: 10 }, data, { validSets: [valid], callbacks: [(e) => void (last = e.evaluations)] });
    expect(last[0].value).toBeCloseTo(0.24392117949922223, 13);
    expect(last[1].value).toBeCloseTo(0.9938692458115321, 13);
  });

  it("cv folds take their rows' initial scores, as lgb.cv", async () => {
    const bc = await readCsv('datasets/breast_cancer.csv', { initScore: binaryInit });
    const r = cv({ ...base, objective: 'binary', metric: ['binary_logloss', 'auc'], num_iterations: 10 }, bc, { nfold: 5, seed: 0 });
    expect(r.best.binary_logloss.mean).toBeCloseTo(0.29202335778176675, 12);
    expect(r.best.binary_logloss.std).toBeCloseTo(0.011136766333856388, 12);
    expect(r.best.auc.mean).toBeCloseTo(0.9725642182119417, 12);
    expect(r.best.auc.std).toBeCloseTo(0.00881141734975301, 12);
    const iris = await readCsv('datasets/iris.csv', { initScore: irisInit });
    const m = cv({ ...base, objective: 'multiclass', metric: ['multi_logloss', 'multi_error'], num_iterations: 10 }, iris, { nfold: 5, seed: 0 });
    expect(m.best.multi_logloss.mean).toBeCloseTo(0.37178969104642573, 12);
    expect(m.best.multi_logloss.std).toBeCloseTo(0.12758830136728935, 12);
    expect(m.best.multi_error.mean).toBeCloseTo(0.06666666666666668, 12);
  });

  it('an initial score per row for a multiclass objective (or the other way round) is a DataError naming the count', async () => {
    const one = await readCsv('datasets/iris.csv', { initScore: seq(n.iris, () => 0) });
    expect(() => train({ objective: 'multiclass', verbosity: -1, num_iterations: 1 }, one)).toThrow(DataError);
    expect(() => train({ objective: 'multiclass', verbosity: -1, num_iterations: 1 }, one)).toThrow(/the training data has 1 initial score per row; the objective needs 3 per row \(one per class, class-major\)/);
    expect(() => cv({ objective: 'multiclass', verbosity: -1, num_iterations: 1 }, one)).toThrow(/the data has 1 initial score per row; the objective needs 3/);
    const three = await readCsv('datasets/breast_cancer.csv', { initScore: seq(3 * n.breast_cancer, () => 0) });
    expect(() => train({ objective: 'binary', verbosity: -1, num_iterations: 1 }, three)).toThrow(/has 3 initial scores per row; the objective needs 1 per row \(one\)/);
  });
});
