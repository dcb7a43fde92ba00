import { afterEach, describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';
import { scanSwitches } from '../../../src/gbdt/tree/node-tasks.js';

describe('NodeTasks scan: what it skips', () => {
  afterEach(() => {
    scanSwitches.skipUnsplittable = true;
  });

  it('writes the model bytes of the full scan (leaves under 2 * min_data_in_leaf rows, features the parent could not split)', async () => {
    // ames: 40 categorical and 31 numerical features; 2,930 rows in 40-70 leaves leave many small ones
    const data = await readCsv('datasets/ames.csv');
    const cases: (GbdtParamsInput & { min_data_in_leaf: number })[] = [
      { objective: 'regression', num_leaves: 70, min_data_in_leaf: 20, feature_fraction: 0.6, bagging_fraction: 0.8, bagging_freq: 1, lambda_l2: 1e-3, num_iterations: 12 },
      { objective: 'huber', num_leaves: 40, min_data_in_leaf: 7, lambda_l1: 0.5, max_bin: 63, cat_smooth: 5, max_cat_to_onehot: 8, min_gain_to_split: 0.01, num_iterations: 8 },
    ];
    for (const p of cases) {
      const params = { ...p, verbosity: -1, num_threads: 1, seed: 5 };
      scanSwitches.skipUnsplittable = false;
      const full = train(params, data).modelToString();
      scanSwitches.skipUnsplittable = true;
      const model = train(params, data);
      expect(model.modelToString()).toBe(full);
      // the skips were taken: leaves too small to split were grown (their scans skipped)
      const counts = [...model.modelToString().matchAll(/^leaf_count=(.*)$/gm)].flatMap((m) => m[1].split(' ').map(Number));
      expect(counts.filter((c) => c < 2 * p.min_data_in_leaf).length).toBeGreaterThan(10);
    }
  });
});
