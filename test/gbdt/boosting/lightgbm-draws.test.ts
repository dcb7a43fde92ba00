// Training where LightGBM draws random numbers: gbtune draws LightGBM's (its Random LCG, seeded as
// LightGBM seeds it), so the same params give LightGBM's trees. Bagging: one generator per block of
// 1024 rows seeded bagging_seed + block; feature_fraction(_bynode): one generator seeded
// feature_fraction_seed that draws once when the learner gets the data and then before every tree;
// extra_trees: one generator per feature seeded extra_seed + LightGBM's inner feature index.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { expectSameTrees } from '../../helpers/lightgbm-model-text.js';

describe('train() draws LightGBM\'s random numbers', () => {
  // test/fixtures/lightgbm/breast_cancer_bagging.model.txt: LightGBM 4.7.0, see the fixtures README
  it('bagging every 2 rounds, feature_fraction and feature_fraction_bynode: LightGBM 4.7\'s 30 trees', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const params = { objective: 'binary', num_leaves: 15, min_data_in_leaf: 10, bagging_fraction: 0.7, bagging_freq: 2, feature_fraction: 0.8, feature_fraction_bynode: 0.7, seed: 1, verbosity: -1 } as const;
    const txt = readFileSync('test/fixtures/lightgbm/breast_cancer_bagging.model.txt', 'utf8');
    expectSameTrees(train({ ...params, num_iterations: 30 }, data).modelToString(), txt, { extraExact: ['split_gain', 'leaf_weight', 'internal_weight'] });
  });

  it('bagging: each row in the bag when its block generator draws below the fraction (leaf counts add up to the bag)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const b = train({ objective: 'binary', num_leaves: 4, num_iterations: 1, bagging_fraction: 0.5, bagging_freq: 1, bagging_seed: 3, verbosity: -1 }, data);
    const t = b.model.trees[0];
    let inBag = 0;
    for (let l = 0; l < t.numLeaves; l++) inBag += t.leafCount[l];
    // LightGBM's Random(3): row i (one block) in the bag when its i-th nextFloat < 0.5
    let x = 3;
    let expected = 0;
    for (let i = 0; i < data.nRows; i++) {
      x = (Math.imul(214013, x) + 2531011) >>> 0;
      if (((x >>> 16) & 0x7fff) / 32768 < 0.5) expected++;
    }
    expect(inBag).toBe(expected);
  });
});
