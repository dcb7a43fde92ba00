// boosting=rf: LightGBM's random forest mode (src/boosting/rf.hpp).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../../src/core/errors.js';
import { readCsv } from '../../../src/data/csv.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { resolveParams } from '../../../src/params/resolve.js';
import { expectSameTrees, headerLine } from '../../helpers/lightgbm-model-text.js';

const RF = { objective: 'binary', boosting: 'rf', num_leaves: 15, min_data_in_leaf: 10, bagging_fraction: 0.7, bagging_freq: 1, feature_fraction: 0.8, seed: 1, verbosity: -1 } as const;

describe('boosting=rf', () => {
  // test/fixtures/lightgbm/wine_rf.model.txt: LightGBM 4.7.0, see the fixtures README
  it('multiclass: every class\'s trees are LightGBM 4.7\'s (no shrinkage, the class prior as bias), and the model averages them', async () => {
    const data = await readCsv('datasets/wine.csv');
    const txt = readFileSync('test/fixtures/lightgbm/wine_rf.model.txt', 'utf8');
    const b = train({ objective: 'multiclass', num_leaves: 7, min_data_in_leaf: 5, boosting: 'rf', bagging_fraction: 0.6, bagging_freq: 1, feature_fraction: 0.7, seed: 1, verbosity: -1, num_iterations: 10 }, data);
    const ours = b.modelToString();
    expectSameTrees(ours, txt, { extraExact: ['shrinkage', 'leaf_weight'] });
    expect(headerLine(ours, 'average_output')).toBe('average_output');
  });

  it('raw scores are the trees\' sum (LightGBM\'s raw_score); probabilities and values use their average over the rounds used', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const b = train({ ...RF, num_iterations: 12 }, data);
    expect(b.model.averageOutput).toBe(true);
    const raw = b.predictRaw(data);
    const p = b.predictProba(data);
    const raw5 = b.predictRaw(data, { numIteration: 5 });
    const p5 = b.predictProba(data, { numIteration: 5 });
    for (const i of [0, 7, 300]) {
      expect(p[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-raw[i] / 12)), 14);
      expect(p5[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-raw5[i] / 5)), 14);
    }
    // one tree's outputs are about the log-odds (each tree carries the initial score), so the sum is ~12 times that
    expect(Math.abs(raw[0])).toBeGreaterThan(3);
  });

  it('learning_rate is ignored: trees are not shrunk', async () => {
    const data = BinnedDataset.fromDataset(await readCsv('datasets/breast_cancer.csv'));
    const a = train({ ...RF, num_iterations: 5, learning_rate: 0.1 }, data).modelToString();
    const b = train({ ...RF, num_iterations: 5, learning_rate: 0.7 }, data).modelToString();
    expect(a.slice(0, a.indexOf('parameters:'))).toBe(b.slice(0, b.indexOf('parameters:')));
    expect(a).toContain('shrinkage=1\n');
  });

  it('average_output survives model.txt and JSON', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const b = train({ ...RF, num_iterations: 4 }, data);
    const p = b.predictProba(data);
    for (const again of [loadModel(b.modelToString()), loadModel(JSON.stringify(b))]) {
      expect(again.model.averageOutput).toBe(true);
      expect(Array.from(again.predictProba(data))).toEqual(Array.from(p));
    }
    expect(JSON.stringify(train({ ...RF, boosting: 'gbdt', num_iterations: 1 }, data))).not.toContain('averageOutput');
  });

  it('cv scores each fold with the average of its trees', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const r = cv({ ...RF, num_iterations: 6, metric: 'binary_logloss' }, data, { nfold: 3, seed: 2, returnBoosters: true });
    const without = cv({ ...RF, num_iterations: 6, metric: 'binary_logloss' }, data, { nfold: 3, seed: 2 });
    expect(without.history.binary_logloss.mean).toEqual(r.history.binary_logloss.mean);
    // the folds' boosters predict what cv scored: recompute the mean log loss from their probabilities
    const { stratifiedKFold } = await import('../../../src/data/split.js');
    const folds = stratifiedKFold(Int32Array.from(data.target!.classIndex!), 3, { shuffle: true, seed: 2 });
    let mean = 0;
    folds.forEach((fold, f) => {
      const p = r.boosters![f].predictProba(data);
      let ll = 0;
      for (const i of fold.valid) {
        const q = p[2 * i + 1];
        ll -= data.target!.classIndex![i] === 1 ? Math.log(q) : Math.log(1 - q);
      }
      mean += ll / fold.valid.length / 3;
    });
    expect(r.history.binary_logloss.mean[5]).toBeCloseTo(mean, 12);
  });

  it('needs bagging or feature_fraction < 1, as LightGBM checks', () => {
    const e = (() => {
      try {
        resolveParams({ objective: 'binary', boosting: 'random_forest' });
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ParamError);
    expect((e as Error).message).toMatch(/boosting = rf needs bagging \(bagging_freq > 0 and bagging_fraction < 1\) or feature_fraction < 1/);
    expect(resolveParams({ boosting_type: 'rf', feature_fraction: 0.9 }).boosting).toBe('rf');
    expect(resolveParams({ boost: 'rf', subsample: 0.5, subsample_freq: 1 }).boosting).toBe('rf');
  });

  it('refuses initial scores and continuing a model (LightGBM\'s RF takes no init_score)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv', { initScore: new Float64Array(569).fill(0.2) });
    expect(() => train({ ...RF, num_iterations: 3 }, data)).toThrow(/boosting = rf cannot start from initial scores/);
    const plain = await readCsv('datasets/breast_cancer.csv');
    const init = train({ objective: 'binary', num_iterations: 3, verbosity: -1 }, plain);
    expect(() => train({ ...RF, num_iterations: 3 }, plain, { initModel: init })).toThrow(/boosting = rf cannot continue a model/);
  });
});
