import { describe, expect, it } from 'vitest';
import { groupKFold, kFold, stratifiedKFold, type Fold } from '../../src/data/split.js';
import { queriesFromSizes } from '../../src/data/queries.js';
import { DataError, ParamError } from '../../src/core/errors.js';
import { captureLogs } from '../../src/core/log.js';
import { Rng } from '../../src/core/rng.js';

/** Every fold's train and valid are sorted, disjoint, cover all rows; valid sets partition the rows. */
function checkPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const { train, valid } of folds) {
    expect(train.length + valid.length).toBe(n);
    for (let i = 1; i < valid.length; i++) expect(valid[i]).toBeGreaterThan(valid[i - 1]);
    for (let i = 1; i < train.length; i++) expect(train[i]).toBeGreaterThan(train[i - 1]);
    const inValid = new Set(valid);
    for (const r of train) expect(inValid.has(r)).toBe(false);
    for (const r of valid) seen[r]++;
  }
  expect(seen.every((c) => c === 1)).toBe(true);
}

describe('kFold', () => {
  it('unshuffled: contiguous blocks, first n % k folds one larger (as sklearn KFold(4) on 10 rows)', () => {
    const folds = kFold(10, 4, { shuffle: false });
    expect(folds.map((f) => Array.from(f.valid))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]);
    checkPartition(folds, 10);
  });

  it('shuffled: a partition with balanced sizes, the same for the same seed', () => {
    const a = kFold(103, 5, { seed: 7 });
    checkPartition(a, 103);
    expect(a.map((f) => f.valid.length)).toEqual([21, 21, 21, 20, 20]);
    const b = kFold(103, 5, { seed: 7 });
    expect(b.map((f) => Array.from(f.valid))).toEqual(a.map((f) => Array.from(f.valid)));
    const c = kFold(103, 5, { seed: 8 });
    expect(c.map((f) => Array.from(f.valid))).not.toEqual(a.map((f) => Array.from(f.valid)));
  });

  it('rejects nFolds < 2, non-integer, or more folds than rows', () => {
    expect(() => kFold(10, 1)).toThrow(ParamError);
    expect(() => kFold(10, 2.5)).toThrow('nFolds must be an integer >= 2, got 2.5');
    expect(() => kFold(3, 4)).toThrow('nFolds (4) must be at most the number of rows (3)');
  });
});

describe('stratifiedKFold', () => {
  it('unshuffled folds equal scikit-learn StratifiedKFold(4) (values from sklearn 1.2.1)', () => {
    const y = Int32Array.from([2, 0, 0, 1, 2, 2, 0, 1, 1, 2, 2, 0, 2, 1, 0, 2, 2, 1, 0, 2, 1, 1, 2]);
    const folds = stratifiedKFold(y, 4, { shuffle: false });
    expect(folds.map((f) => Array.from(f.valid))).toEqual([
      [0, 1, 3, 4, 5, 7],
      [2, 8, 9, 10, 12, 13],
      [6, 11, 15, 16, 17, 20],
      [14, 18, 19, 21, 22],
    ]);
    checkPartition(folds, y.length);
  });

  it('a class with fewer rows than folds: warns as sklearn does, and matches its folds', () => {
    const y = Int32Array.from([...Array(7).fill(0), 1, 1, ...Array(11).fill(2)]);
    let folds: Fold[] = [];
    const logs = captureLogs(() => {
      folds = stratifiedKFold(y, 3, { shuffle: false });
    });
    expect(logs).toEqual([{ level: 'warn', message: 'stratifiedKFold: the least populated class has only 2 rows, fewer than nFolds (3); some folds will lack it' }]);
    expect(folds.map((f) => Array.from(f.valid))).toEqual([
      [0, 1, 2, 9, 10, 11, 12],
      [3, 4, 7, 13, 14, 15, 16],
      [5, 6, 8, 17, 18, 19],
    ]);
  });

  it('shuffled: every class spread over folds within one row, seeded', () => {
    const rng = new Rng(11);
    const n = 997;
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) y[i] = rng.random() < 0.7 ? 1 : rng.random() < 0.5 ? 0 : 3;
    const k = 5;
    const folds = stratifiedKFold(y, k, { seed: 5 });
    checkPartition(folds, n);
    for (const cls of [0, 1, 3]) {
      const perFold = folds.map((f) => f.valid.reduce((s, r) => s + (y[r] === cls ? 1 : 0), 0));
      const total = y.reduce((s, v) => s + (v === cls ? 1 : 0), 0);
      expect(perFold.reduce((s, c) => s + c, 0)).toBe(total);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    const sizes = folds.map((f) => f.valid.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const again = stratifiedKFold(y, k, { seed: 5 });
    expect(again.map((f) => Array.from(f.valid))).toEqual(folds.map((f) => Array.from(f.valid)));
    const other = stratifiedKFold(y, k, { seed: 6 });
    expect(other.map((f) => Array.from(f.valid))).not.toEqual(folds.map((f) => Array.from(f.valid)));
  });

  it('errors: too many folds for every class, negative class, bad nFolds', () => {
    expect(() => stratifiedKFold(Int32Array.from([0, 0, 1, 1, 2, 2]), 3)).toThrow(DataError);
    expect(() => stratifiedKFold(Int32Array.from([0, 0, 1, 1, 2, 2]), 3)).toThrow('greater than the number of rows of every class (largest class: 2 rows)');
    expect(() => stratifiedKFold(Int32Array.from([0, -1, 1]), 2)).toThrow('class index -1 at row 1 is negative');
    expect(() => stratifiedKFold(Int32Array.from([0, 1]), 3)).toThrow(ParamError);
  });
});

describe('groupKFold', () => {
  it("equals scikit-learn's GroupKFold (1.9.1, as lgb.cv uses for ranking), ties included", () => {
    // GroupKFold(3).split(groups=np.repeat(range(11), sizes)): the queries of each fold's valid rows
    const sizes = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const queries = queriesFromSizes(sizes, sizes.reduce((a, b) => a + b, 0));
    const folds = groupKFold(queries, 3);
    checkPartition(folds, queries[sizes.length]!);
    const queryOf = (row: number): number => queries.findIndex((b, q) => q < sizes.length && row >= b && row < queries[q + 1]!);
    expect(folds.map((f) => [...new Set(Array.from(f.valid, queryOf))])).toEqual([
      [2, 5, 6],
      [0, 1, 4, 7],
      [3, 8, 9, 10],
    ]);
    // every query whole in one fold
    for (const f of folds) for (const r of f.valid) expect(f.train.includes(r)).toBe(false);
  });

  it('needs at least as many queries as folds', () => {
    expect(() => groupKFold(queriesFromSizes([2, 2], 4), 3)).toThrow('nFolds (3) must be at most the number of queries (2)');
    expect(() => groupKFold(queriesFromSizes([2, 2], 4), 1)).toThrow(ParamError);
  });
});
