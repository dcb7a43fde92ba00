/**
 * Every label-scoring metric cv reports (accuracy, binary_error, multi_error) scores the labels
 * `Booster.predict` gives on the same fold: over seeded random params, degenerate ones included
 * (min_child_samples above the fold size so every tree is a stump, split gains nobody reaches,
 * one round), so ties between classes (and p = 0.5 exactly) are exercised.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { readCsv } from '../../../src/data/csv.js';
import { Dataset } from '../../../src/data/dataset.js';
import { stratifiedKFold } from '../../../src/data/split.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';

/** Seeded random booster params; about a third of them degenerate. */
function randomParams(rng: Rng): Record<string, unknown> {
  const p: Record<string, unknown> = {
    verbosity: -1,
    num_iterations: rng.int(1, 12),
    learning_rate: Math.exp(rng.uniform(Math.log(1e-4), Math.log(1))),
    num_leaves: rng.int(2, 31),
    min_child_samples: rng.int(1, 40),
    lambda_l2: rng.random() < 0.5 ? 0 : Math.exp(rng.uniform(Math.log(1e-3), Math.log(10))),
    feature_fraction: rng.uniform(0.3, 1),
    seed: rng.int(0, 1000),
  };
  if (rng.random() < 0.3) p.max_depth = rng.int(1, 4);
  if (rng.random() < 0.3) Object.assign(p, { bagging_fraction: rng.uniform(0.3, 1), bagging_freq: rng.int(1, 3) });
  switch (rng.below(6)) {
    case 0:
      p.min_child_samples = 10_000; // larger than any fold: every tree a stump
      break;
    case 1:
      p.min_gain_to_split = 1e6; // no split ever pays
      break;
    case 2:
      p.min_sum_hessian_in_leaf = 1e6;
      break;
  }
  return p;
}

/**
 * For `nConfigs` random params: each fold's cv accuracy (and error metric) equals the accuracy of
 * `predict`'s labels on that fold's validation rows. Returns how many folds had tied classes.
 */
function checkAgreement(
  data: Dataset, errorMetric: 'binary_error' | 'multi_error', nFolds: number, nConfigs: number, seed: number,
): { folds: number; tied: number } {
  const rng = new Rng(seed);
  const target = data.target!;
  const folds = stratifiedKFold(target.classIndex!, nFolds, { seed });
  let checked = 0;
  let tied = 0;
  for (let c = 0; c < nConfigs; c++) {
    const params = { ...randomParams(rng), metric: errorMetric };
    for (const fold of folds) {
      const r = cv(params, data, { folds: [fold], returnBoosters: true });
      const booster = r.boosters![0];
      const columns = data.features.map((col) => Float64Array.from(fold.valid, (i) => col.values[i]));
      const labels = booster.predict(columns) as string[];
      let correct = 0;
      fold.valid.forEach((row, j) => {
        if (labels[j] === target.classes![target.classIndex![row]]) correct++;
      });
      const acc = correct / fold.valid.length;
      const where = `params ${JSON.stringify(params)}, fold of ${fold.valid.length} rows`;
      expect(r.best.accuracy.mean, where).toBeCloseTo(acc, 12);
      expect(r.best[errorMetric].mean, where).toBeCloseTo(1 - acc, 12);
      // count folds whose predictions include a tie for the top probability
      const proba = booster.predictProba(columns);
      const k = booster.classes!.length;
      for (let i = 0; i < fold.valid.length; i++) {
        const row = Array.from(proba.subarray(i * k, (i + 1) * k));
        const max = Math.max(...row);
        if (row.filter((v) => v === max).length > 1) {
          tied++;
          break;
        }
      }
      checked++;
    }
  }
  return { folds: checked, tied };
}

describe('cv scores the labels predict gives', () => {
  it('multiclass (iris, wine): random and degenerate params, ties included', async () => {
    // iris in 5 folds: 40 training rows of each class, so a stump gives every class one score
    const iris = checkAgreement(await readCsv('datasets/iris.csv'), 'multi_error', 5, 10, 1);
    expect(iris.folds).toBe(50);
    expect(iris.tied).toBeGreaterThan(5);
    expect(checkAgreement(await readCsv('datasets/wine.csv'), 'multi_error', 3, 10, 2).folds).toBe(30);
  });

  it('binary (breast_cancer, credit_data with categoricals and missing values): random and degenerate params', async () => {
    for (const [file, seed] of [['datasets/breast_cancer.csv', 3], ['datasets/credit_data.csv', 4]] as const) {
      const data = await readCsv(file);
      expect(checkAgreement(data, 'binary_error', 3, 8, seed).folds).toBe(24);
    }
  });

  it('binary with balanced folds: a stump predicts p = 0.5 exactly, which is the first class for both', async () => {
    // iris classes 0 and 1 only (50 rows each); 2 stratified folds → 25/25 training rows, init score 0
    const iris = await readCsv('datasets/iris.csv');
    const keep = Array.from({ length: iris.nRows }, (_, i) => i).filter((i) => iris.target!.classIndex![i] < 2);
    const columns: Record<string, Float64Array | string[]> = {};
    for (const f of iris.features) columns[f.name] = Float64Array.from(keep, (i) => f.values[i]);
    columns.target = keep.map((i) => (iris.target!.classIndex![i] === 0 ? 'setosa' : 'versicolor'));
    const data = Dataset.fromColumns(columns, { target: 'target' });
    const folds = stratifiedKFold(data.target!.classIndex!, 2, { seed: 0 });
    for (const fold of folds) {
      const r = cv({ verbosity: -1, min_child_samples: 1000, metric: 'binary_error' }, data, { folds: [fold], returnBoosters: true });
      const columnsOf = data.features.map((col) => Float64Array.from(fold.valid, (i) => col.values[i]));
      expect(Array.from(r.boosters![0].predictProba(columnsOf).subarray(0, 2))).toEqual([0.5, 0.5]);
      expect(new Set(r.boosters![0].predict(columnsOf) as string[])).toEqual(new Set(['setosa']));
      expect(r.best.accuracy.mean).toBe(0.5);
      expect(r.best.binary_error.mean).toBe(0.5);
    }
  });

  it('gbtune cv iris.csv --param min_child_samples=70: accuracy 1/3 (every row predicted class 0), not 0', async () => {
    const data = await readCsv('datasets/iris.csv');
    const r = cv({ verbosity: -1, min_child_samples: 70 }, data, { nfold: 5, returnBoosters: true });
    expect(r.best.accuracy.mean).toBeCloseTo(1 / 3, 12);
    for (const b of r.boosters!) expect(new Set(b.predict(data) as string[])).toEqual(new Set(['0']));
  });
});
