// boosting=dart: LightGBM's DART (src/boosting/dart.hpp).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../src/core/log.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { readCsv } from '../../../src/data/csv.js';
import { createSession } from '../../../src/gbdt/boosting/create-session.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { predictRawColumns } from '../../../src/gbdt/boosting/predict.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { labelFor, metricsFor, modelOf, resolveForData } from '../../../src/gbdt/boosting/train-model.js';
import { createObjective } from '../../../src/gbdt/objective/registry.js';
import { expectSameTrees, treeLine } from '../../helpers/lightgbm-model-text.js';
import { FIXTURES } from '../../helpers/lightgbm-fixtures.js';

/** Folds for comparing with lgb.cv: row i validates in fold i % 5. */
function modFolds(n: number): { train: Uint32Array; valid: Uint32Array }[] {
  return Array.from({ length: 5 }, (_, f) => {
    const rows = Array.from({ length: n }, (_, i) => i);
    return { train: Uint32Array.from(rows.filter((i) => i % 5 !== f)), valid: Uint32Array.from(rows.filter((i) => i % 5 === f)) };
  });
}

describe('boosting=dart', () => {
  it("breast_cancer_dart (LightGBM 4.6): the same dropped trees, every tree's values and shrinkage after its drops", async () => {
    const fx = FIXTURES.find((f) => f.name === 'breast_cancer_dart')!;
    const data = await readCsv('datasets/breast_cancer.csv');
    const txt = readFileSync('test/fixtures/lightgbm/breast_cancer_dart.model.txt', 'utf8');
    const ours = train({ ...fx.params, num_iterations: fx.num_boost_round }, data).modelToString();
    expectSameTrees(ours, txt, { extraExact: ['split_gain', 'leaf_weight', 'internal_weight'] });
    // a dropped tree ends at k / (k + 1) of itself per drop: its shrinkage line shows it (tree 0:
    // LightGBM's AddBias resets its shrinkage to 1, gbtune's keeps the learning rate)
    const shrinkages = new Set<string>();
    for (let t = 1; t < fx.num_boost_round; t++) {
      expect(treeLine(ours, t, 'shrinkage'), `tree ${t}`).toBe(treeLine(txt, t, 'shrinkage'));
      shrinkages.add(treeLine(txt, t, 'shrinkage')!);
    }
    expect(shrinkages.size).toBeGreaterThan(5);
  });

  // test/fixtures/lightgbm/wine_dart.model.txt: LightGBM 4.7.0, see the fixtures README
  it('wine_dart (LightGBM 4.7): multiclass, xgboost_dart_mode, uniform_drop, max_drop 2 — the same 60 trees', async () => {
    const data = await readCsv('datasets/wine.csv');
    const txt = readFileSync('test/fixtures/lightgbm/wine_dart.model.txt', 'utf8');
    const b = train({
      objective: 'multiclass', num_class: 3, num_leaves: 7, min_data_in_leaf: 5, learning_rate: 0.3, boosting: 'dart', drop_rate: 0.4,
      skip_drop: 0.2, max_drop: 2, uniform_drop: true, xgboost_dart_mode: true, seed: 1, verbosity: -1, num_iterations: 20,
    }, data);
    const ours = b.modelToString();
    expectSameTrees(ours, txt, { extraExact: ['split_gain', 'leaf_weight'] });
    for (let t = 3; t < 60; t++) expect(treeLine(ours, t, 'shrinkage'), `tree ${t}`).toBe(treeLine(txt, t, 'shrinkage'));
    // a DART model is a model of ordinary trees: it saves, loads and predicts the same
    const again = loadModel(ours);
    expect(Array.from(again.predictRaw(data))).toEqual(Array.from(b.predictRaw(data)));
  });

  // The validation scores follow the drops too: per-round 5-fold log loss equals lgb.cv's.
  //   lgb.cv({objective: 'binary', num_leaves: 15, boosting: 'dart', drop_rate: 0.3, skip_drop: 0, max_drop: 3, drop_seed: 7,
  //           metric: 'binary_logloss', verbosity: -1, seed: 1, deterministic: True, num_threads: 1},
  //          lgb.Dataset(X, y), num_boost_round=40, folds=[(rows with i % 5 != f, rows with i % 5 == f) for f in range(5)])
  // (X: breast_cancer.csv without target), LightGBM 4.7.0: 'valid binary_logloss-mean' at rounds 1, 10, 25, 40
  it('cv: the fold-mean log loss of every round is lgb.cv\'s (drops weighted by tree, at most max_drop = 3)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const r = cv({ objective: 'binary', num_leaves: 15, boosting: 'dart', drop_rate: 0.3, skip_drop: 0, max_drop: 3, drop_seed: 7, seed: 1, verbosity: -1, num_iterations: 40 }, data, { folds: modFolds(data.nRows) });
    const ll = r.history.binary_logloss.mean;
    const lightgbm: [number, number][] = [[1, 0.5873506435940283], [10, 0.47092059409263215], [25, 0.43260178180830033], [40, 0.37483918462380733]];
    for (const [round, value] of lightgbm) expect(Math.abs(ll[round - 1] - value), `round ${round}`).toBeLessThan(1e-14);
  });

  it('ignores early stopping, with a warning, as LightGBM (all rounds run)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    let b: ReturnType<typeof train> | undefined;
    const logs = captureLogs(() => {
      b = train({ objective: 'binary', boosting: 'dart', num_leaves: 7, num_iterations: 30, learning_rate: 1, early_stopping_round: 1, skip_drop: 0, drop_rate: 0.5 }, data, { validSets: [data] });
    });
    expect(b!.model.trees.length).toBe(30);
    expect(b!.model.bestIteration).toBe(0);
    expect(logs.map((l) => l.message).join('\n')).toMatch(/early_stopping_round = 1 has no effect with boosting = dart/);
    const r = cv({ objective: 'binary', boosting: 'dart', num_leaves: 7, num_iterations: 30, learning_rate: 1, early_stopping_round: 1, skip_drop: 0, drop_rate: 0.5, verbosity: -1 }, data, { nfold: 3 });
    expect(r.bestIteration).toBe(30);
  });

  for (const maxBin of [255, 1023]) it(`training scores stay the model's predictions as trees are dropped and scaled (categorical, NaN; max_bin ${maxBin})`, async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const params = resolveForData({ objective: 'binary', boosting: 'dart', num_iterations: 25, drop_rate: 0.3, skip_drop: 0.1, max_bin: maxBin, min_data_in_bin: 1, verbosity: -1 }, data, 'test');
    const binned = BinnedDataset.fromDataset(data, params);
    expect(binned.rowBins === null).toBe(maxBin > 256);
    // keepTrees false (as tuning's cv): DART keeps its trees all the same
    const session = createSession(params, binned, labelFor(binned, params), null, createObjective(params), metricsFor(params, true), [], false);
    for (let i = 0; i < params.num_iterations; i++) session.trainOneIter();
    const model = modelOf(session, binned, params, 0);
    expect(model.trees.length).toBe(25);
    expect(model.trees.some((t) => t.numCat > 0)).toBe(true);
    const raw = predictRawColumns(model, data.features.map((c) => c.values));
    let maxDiff = 0;
    for (let i = 0; i < data.nRows; i++) maxDiff = Math.max(maxDiff, Math.abs(raw[i] - session.score[i]));
    expect(maxDiff).toBeLessThan(1e-9);
  });

  it('a round where no tree can split adds none, puts its dropped trees back and training goes on (regression_l1)', async () => {
    // tree 0 holds the initial score (the median, ~140); dropped, it leaves every L1 gradient one
    // sign, so nothing splits. LightGBM's lgb.train also goes on, but leaves the dropped trees
    // negated (39 trees for 40 rounds there, with tree 0 at shrinkage -0.089).
    const data = await readCsv('datasets/diabetes.csv');
    const params = resolveForData({ objective: 'regression_l1', boosting: 'dart', num_leaves: 15, skip_drop: 0, drop_rate: 0.2, num_iterations: 40, seed: 1 }, data, 'test');
    const binned = BinnedDataset.fromDataset(data, params);
    const session = createSession(params, binned, labelFor(binned, params), null, createObjective(params), metricsFor(params, false), []);
    const logs = captureLogs(() => {
      for (let i = 0; i < params.num_iterations; i++) expect(session.trainOneIter()).toBe(true);
    });
    expect(logs.map((l) => l.message).join('\n')).toMatch(/dart: no tree could split in round 3 \(after dropping 1 tree\)/);
    const model = modelOf(session, binned, params, 0);
    expect(model.trees.length).toBeGreaterThan(10);
    expect(model.trees.length).toBeLessThan(40);
    expect(model.trees.every((t) => t.shrinkage > 0)).toBe(true);
    const raw = predictRawColumns(model, data.features.map((c) => c.values));
    let maxDiff = 0;
    for (let i = 0; i < data.nRows; i++) maxDiff = Math.max(maxDiff, Math.abs(raw[i] - session.score[i]));
    expect(maxDiff).toBeLessThan(1e-9);
  });
});
