import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { Dataset } from '../../../src/data/dataset.js';
import { Booster } from '../../../src/gbdt/boosting/booster.js';
import type { BoosterModel } from '../../../src/gbdt/boosting/model.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { convertRawScores, predictRawColumns, roundsToUse } from '../../../src/gbdt/boosting/predict.js';
import { treePredictRow } from '../../../src/gbdt/tree/tree-predict.js';

const DIR = 'test/fixtures/lightgbm';
const iris = (): Booster => loadModel(`${DIR}/iris_multiclass.model.txt`);

function columns(nFeatures: number, nRows: number, seed: number, lo = 0, hi = 8): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: nFeatures }, () => Float64Array.from({ length: nRows }, () => (rng.random() < 0.05 ? NaN : lo + (hi - lo) * rng.random())));
}

describe('raw scores', () => {
  it('sum each class’s trees over the first numIteration rounds (naive reference)', () => {
    const model = iris().model;
    const cols = columns(4, 200, 1);
    for (const n of [1, 3, 17, 30]) {
      const raw = predictRawColumns(model, cols, { numIteration: n });
      for (let i = 0; i < 200; i++) {
        for (let c = 0; c < 3; c++) {
          let s = 0;
          for (let r = 0; r < n; r++) s += treePredictRow(model.trees[r * 3 + c], cols, i);
          expect(raw[i * 3 + c]).toBe(s);
        }
      }
    }
  });

  it('numIteration defaults to bestIteration when > 0, else all; values past the end are clamped', () => {
    const model = iris().model;
    expect(roundsToUse(model)).toBe(30);
    expect(roundsToUse(model, 0)).toBe(30);
    expect(roundsToUse(model, 99)).toBe(30);
    expect(roundsToUse({ ...model, bestIteration: 8 })).toBe(8);
    expect(roundsToUse({ ...model, bestIteration: 8 }, 12)).toBe(12);
    const cols = columns(4, 20, 2);
    expect(Array.from(predictRawColumns({ ...model, bestIteration: 8 }, cols))).toEqual(Array.from(predictRawColumns(model, cols, { numIteration: 8 })));
  });

  it('rejects columns that do not fit the model', () => {
    const b = iris();
    expect(() => b.predictRaw(columns(3, 5, 1))).toThrow(DataError);
    expect(() => b.predictRaw(columns(3, 5, 1))).toThrow(/3 columns; the model has 4 features/);
    const cols = columns(4, 5, 1);
    cols[2] = new Float64Array(4);
    expect(() => b.predictRaw(cols)).toThrow(/column 2 \('petal_length_\(cm\)'\) has 4 rows; column 0 has 5/);
    expect(() => b.predictRaw([new Float64Array(2), [1, 2]] as unknown as Float64Array[])).toThrow(/column 1 is not a Float64Array/);
    expect(() => b.predictRaw(42 as unknown as Float64Array[])).toThrow(DataError);
    expect(() => b.predictRaw([[1, 2], [3, 4], [5, 6], [7, 8]] as unknown as Float64Array[])).toThrow(/columns must be Float64Arrays/);
    expect(() => b.predictRaw([new Float32Array(2)] as unknown as Float64Array[])).toThrow(/columns must be Float64Arrays/);
  });
});

describe('Booster outputs', () => {
  it('multiclass: labels are the most probable class, probabilities sum to 1', () => {
    const model: BoosterModel = { ...iris().model, classes: ['setosa', 'versicolor', 'virginica'] };
    const b = new Booster(model);
    const cols = columns(4, 300, 4, 0, 7);
    const proba = b.predictProba(cols);
    const labels = b.predict(cols) as string[];
    const raw = b.predict(cols, { raw: true });
    expect(raw).toEqual(b.predictRaw(cols));
    for (let i = 0; i < 300; i++) {
      const p = [proba[3 * i], proba[3 * i + 1], proba[3 * i + 2]];
      expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 12);
      expect(labels[i]).toBe(model.classes![p.indexOf(Math.max(...p))]);
      const r = [raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]];
      const e = r.map((x) => Math.exp(x - Math.max(...r)));
      expect(p[1]).toBeCloseTo(e[1] / (e[0] + e[1] + e[2]), 14);
    }
    expect(new Set(labels).size).toBe(3);
  });

  it('binary: two probability columns, label classes[1] when its probability > 0.5', () => {
    const b = new Booster({ ...loadModel(`${DIR}/breast_cancer_binary.model.txt`).model, classes: ['benign', 'malignant'] });
    const cols = columns(30, 200, 6, 0, 30);
    const proba = b.predictProba(cols);
    const raw = b.predictRaw(cols);
    const labels = b.predict(cols) as string[];
    for (let i = 0; i < 200; i++) {
      expect(proba[2 * i + 1]).toBeCloseTo(1 / (1 + Math.exp(-raw[i])), 15);
      expect(proba[2 * i] + proba[2 * i + 1]).toBeCloseTo(1, 15);
      expect(labels[i]).toBe(raw[i] > 0 ? 'malignant' : 'benign');
    }
  });

  it('predictWithProba: the labels of predict and the probabilities of predictProba, from one pass (binary, multiclass, numIteration)', () => {
    const bin = new Booster({ ...loadModel(`${DIR}/breast_cancer_binary.model.txt`).model, classes: ['benign', 'malignant'] });
    const multi = new Booster({ ...iris().model, classes: ['setosa', 'versicolor', 'virginica'] });
    for (const [b, cols] of [[bin, columns(30, 200, 6, 0, 30)], [multi, columns(4, 300, 4, 0, 7)]] as const) {
      for (const opts of [{}, { numIteration: 3 }]) {
        const both = b.predictWithProba(cols, opts);
        expect(both.labels).toEqual(b.predict(cols, opts));
        expect(both.proba).toEqual(b.predictProba(cols, opts));
      }
    }
    expect(() => loadModel(`${DIR}/wine_regression_l2.model.txt`).predictWithProba(columns(13, 5, 8, 0, 100))).toThrow(/not a classification objective/);
  });

  it('regression: values; a model without an objective line outputs raw scores', () => {
    const b = loadModel(`${DIR}/wine_regression_l2.model.txt`);
    const cols = columns(13, 50, 8, 0, 100);
    expect(b.predict(cols)).toEqual(b.predictRaw(cols));
    expect(b.classes).toBeNull();
    const none = new Booster({ ...b.model, objective: '' });
    expect(convertRawScores(none.model, Float64Array.from([1, -2]), null)).toEqual(Float64Array.from([1, -2]));
    expect(none.predict(cols)).toEqual(b.predictRaw(cols));
  });

  it('accepts a Dataset, records and columns alike; extra columns are ignored', () => {
    const b = iris();
    const rng = new Rng(9);
    const records = Array.from({ length: 30 }, () => ({
      'sepal length (cm)': 4 + 4 * rng.random(),
      'sepal width (cm)': 2 + 2 * rng.random(),
      'petal length (cm)': 1 + 6 * rng.random(),
      'petal width (cm)': 2.5 * rng.random(),
      note: 'x',
    }));
    const keys = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'] as const;
    const cols = keys.map((k) => Float64Array.from(records, (r) => r[k]));
    const ds = Dataset.fromColumns(Object.fromEntries(keys.map((k, j) => [k, cols[j]])), { target: false });
    const expected = Array.from(b.predictRaw(cols));
    expect(Array.from(b.predictRaw(records))).toEqual(expected);
    expect(Array.from(b.predictRaw(ds))).toEqual(expected);
    expect(b.predict([])).toEqual([]);
    expect(() => b.predict([{ 'sepal length (cm)': 1 }])).toThrow(/needs feature/);
  });

  it('getters describe the model', () => {
    const b = iris();
    expect([b.numTrees, b.numIterations, b.numClass, b.numTreePerIteration, b.bestIteration]).toEqual([90, 30, 3, 3, 0]);
    expect(b.objective).toBe('multiclass num_class:3');
    expect(b.featureNames).toEqual(['sepal_length_(cm)', 'sepal_width_(cm)', 'petal_length_(cm)', 'petal_width_(cm)']);
    expect(b.classes).toEqual(['0', '1', '2']);
    expect(b.targetName).toBeNull();
    expect(JSON.parse(JSON.stringify(b)).format).toBe('gbtune-model');
  });
});
