// data_sample_strategy=goss: LightGBM 4.x's GOSS (src/boosting/goss.hpp).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../src/core/log.js';
import { ParamError } from '../../../src/core/errors.js';
import { readCsv } from '../../../src/data/csv.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { Goss } from '../../../src/gbdt/boosting/goss.js';
import { resolveParams } from '../../../src/params/resolve.js';
import { expectSameTrees } from '../../helpers/lightgbm-model-text.js';
import { FIXTURES } from '../../helpers/lightgbm-fixtures.js';

/** Folds for comparing with lgb.cv: row i validates in fold i % 5. */
function modFolds(n: number): { train: Uint32Array; valid: Uint32Array }[] {
  return Array.from({ length: 5 }, (_, f) => {
    const rows = Array.from({ length: n }, (_, i) => i);
    return { train: Uint32Array.from(rows.filter((i) => i % 5 !== f)), valid: Uint32Array.from(rows.filter((i) => i % 5 === f)) };
  });
}

function paramError(fn: () => unknown): ParamError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParamError) return e;
    throw e;
  }
  throw new Error('no ParamError');
}

describe('data_sample_strategy=goss', () => {
  // test/fixtures/lightgbm/breast_cancer_goss.model.txt: LightGBM 4.7.0, see the fixtures README
  it("samples LightGBM's rows and scales their gradients: LightGBM 4.7's 30 trees (GOSS from round 5 at learning_rate 0.2)", async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const txt = readFileSync('test/fixtures/lightgbm/breast_cancer_goss.model.txt', 'utf8');
    const b = train({ objective: 'binary', num_leaves: 15, min_data_in_leaf: 10, data_sample_strategy: 'goss', top_rate: 0.2, other_rate: 0.1, learning_rate: 0.2, seed: 1, verbosity: -1, num_iterations: 30 }, data);
    expectSameTrees(b.modelToString(), txt, { extraExact: ['split_gain', 'leaf_weight', 'internal_weight'] });
    // the first 1 / learning_rate = 5 rounds see every row; then the top 113 (20%) by |g·h| and 56
    // (10% of all rows) of the rest — in round 5 every row tied with the 113th largest weight stays
    // (rows in the same leaves of trees 0-4 share their score), so LightGBM's tree 5 saw 265 rows
    const rows = (t: number): number => Array.from(b.model.trees[t].leafCount.subarray(0, b.model.trees[t].numLeaves)).reduce((a, c) => a + c, 0);
    expect(rows(4)).toBe(569);
    expect(rows(5)).toBe(265);
    for (let t = 6; t < 30; t++) expect(rows(t)).toBeGreaterThanOrEqual(113 + 56);
  });

  // test/fixtures/lightgbm/digits_goss.model.txt: LightGBM 4.7.0, see the fixtures README
  it("digits_goss: |g·h| summed over the 10 classes' trees, rows drawn by two generators (1,797 rows): LightGBM 4.7's 80 trees", async () => {
    const data = await readCsv('datasets/digits.csv');
    const txt = readFileSync('test/fixtures/lightgbm/digits_goss.model.txt', 'utf8');
    const b = train({ objective: 'multiclass', num_class: 10, num_leaves: 7, learning_rate: 0.5, data_sample_strategy: 'goss', top_rate: 0.2, other_rate: 0.2, seed: 1, verbosity: -1, num_iterations: 8 }, data);
    expectSameTrees(b.modelToString(), txt, { extraExact: ['split_gain', 'leaf_weight', 'internal_weight'] });
  });

  it('keeps the top_rate rows by |g·h|, draws other_rate of all rows from the rest and multiplies their g and h by (n - top) / other', () => {
    const n = 1000;
    const grad = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (i + 1) / n);
    const hess = new Float32Array(n).fill(0.25);
    const g0 = Float32Array.from(grad);
    const goss = new Goss({ top_rate: 0.1, other_rate: 0.2, learning_rate: 0.5, bagging_seed: 3 }, n, 1);
    goss.sample(1, grad, hess);
    expect(goss.active).toBe(false);
    goss.sample(2, grad, hess);
    expect(goss.active).toBe(true);
    expect(goss.bagCount).toBe(100 + 200);
    expect(goss.bagCount + goss.oobCount).toBe(n);
    const inBag = new Set(goss.bag.subarray(0, goss.bagCount));
    for (let i = 900; i < n; i++) expect(inBag.has(i)).toBe(true);
    const mult = Math.fround(900 / 200);
    for (const i of goss.bag.subarray(0, goss.bagCount)) {
      if (i >= 900) expect(grad[i]).toBe(g0[i]);
      else {
        expect(grad[i]).toBe(Math.fround(g0[i] * mult));
        expect(hess[i]).toBe(Math.fround(0.25 * mult));
      }
    }
  });

  it('boosting=goss is read as gbdt with data_sample_strategy=goss, with a warning; GOSS cannot bag; rates are checked', () => {
    const logs = captureLogs(() => {
      const p = resolveParams({ boosting: 'goss' });
      expect(p.boosting).toBe('gbdt');
      expect(p.data_sample_strategy).toBe('goss');
    });
    expect(logs.map((l) => l.message).join('\n')).toMatch(/boosting = goss is read as boosting = gbdt with data_sample_strategy = goss/);
    expect(paramError(() => resolveParams({ data_sample_strategy: 'goss', bagging_fraction: 0.8, bagging_freq: 1 })).message).toMatch(/cannot be used with bagging/);
    expect(paramError(() => resolveParams({ data_sample_strategy: 'goss', top_rate: 0.7, other_rate: 0.4 })).message).toMatch(/top_rate \+ other_rate <= 1/);
    expect(paramError(() => resolveParams({ data_sample_strategy: 'goss', other_rate: 0 })).message).toMatch(/other_rate > 0/);
    // bagging_fraction < 1 without bagging_freq does not bag: allowed (with the usual warning)
    const bagLogs = captureLogs(() => expect(resolveParams({ data_sample_strategy: 'goss', bagging_fraction: 0.8 }).data_sample_strategy).toBe('goss'));
    expect(bagLogs.map((l) => l.message).join('\n')).toMatch(/has no effect while bagging_freq = 0/);
  });

  // credit_goss trains tree for tree (test/gbdt/boosting/train.test.ts); its 5-fold CV is lgb.cv's too:
  //   lgb.cv({**params, metric: 'binary_error', verbosity: -1, deterministic: True, num_threads: 1, seed: 1},
  //          lgb.Dataset(X, y, categorical_feature=['Home', 'Marital', 'Records', 'Job']), num_boost_round=60,
  //          folds=[(rows with i % 5 != f, rows with i % 5 == f) for f in range(5)])
  // (X: credit_data.csv without target, the four columns pandas categoricals with sorted categories; y: bad=0, good=1),
  // LightGBM 4.7.0: accuracy at round 60 = 1 - binary_error-mean = 0.7902992471531798
  it('credit_goss: 5-fold CV accuracy is lgb.cv\'s with the same params and folds (3,563 training rows a fold: four generator blocks; categorical and missing values)', async () => {
    const fx = FIXTURES.find((f) => f.name === 'credit_goss')!;
    const data = await readCsv('datasets/credit_data.csv');
    const r = cv({ ...fx.params, num_iterations: fx.num_boost_round }, data, { folds: modFolds(data.nRows) });
    const acc = r.history.accuracy.mean;
    expect(acc.length).toBe(60);
    expect(Math.abs(acc[59] - 0.7902992471531798)).toBeLessThan(1e-12);
  });
});
