/**
 * Batch prediction over the trainer's threads: the raw scores are the same bits at 1, 2 and 3
 * threads (the workers running every task), and the same as the tree-by-tree naive sum, on
 * LightGBM models with categorical splits, missing values, several classes and a random forest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import type { BoosterModel } from '../../../src/gbdt/boosting/model.js';
import { predictRawColumns, roundsToUse } from '../../../src/gbdt/boosting/predict.js';
import { predictTaskRows, predictThreadSwitches } from '../../../src/gbdt/boosting/predict-threads.js';
import { MAX_TASKS, closeTrainerPool, trainerPoolStats, trainerPoolSwitches } from '../../../src/gbdt/threads/trainer-pool.js';
import { treePredictRow } from '../../../src/gbdt/tree/tree-predict.js';

const DIR = 'test/fixtures/lightgbm';
const saved = { ...predictThreadSwitches };
const savedSpin = trainerPoolSwitches.spinMicros;

beforeAll(() => {
  // every batch on the threads, in many small tasks, all run by the workers
  Object.assign(predictThreadSwitches, { minWork: 0, taskWork: 1 });
  trainerPoolSwitches.callerRunsTasks = false;
  trainerPoolSwitches.spinMicros = 0;
});

afterAll(async () => {
  Object.assign(predictThreadSwitches, saved);
  trainerPoolSwitches.callerRunsTasks = true;
  trainerPoolSwitches.spinMicros = savedSpin;
  await closeTrainerPool();
});

/** Seeded columns mixing NaN, zeros, values within kZeroThreshold of 0, negatives, category codes and reals. */
function columns(nFeatures: number, nRows: number, seed: number, shared = false): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: nFeatures }, () => {
    const c = new Float64Array(shared ? new SharedArrayBuffer(8 * nRows) : new ArrayBuffer(8 * nRows));
    for (let i = 0; i < nRows; i++) {
      const u = rng.random();
      const x = -3 + 40 * rng.random();
      c[i] = u < 0.05 ? NaN : u < 0.1 ? 0 : u < 0.12 ? 1e-36 : u < 0.5 ? Math.round(x / 4) : u < 0.6 ? x * 1000 : x / 10;
    }
    return c;
  });
}

/** The raw scores summed tree by tree with treePredictRow (the reference). */
function naive(model: BoosterModel, cols: Float64Array[], nRows: number): Float64Array {
  const k = Math.max(1, model.numTreePerIteration);
  const nTrees = roundsToUse(model) * k;
  const out = new Float64Array(nRows * k);
  for (let i = 0; i < nRows; i++) for (let t = 0; t < nTrees; t++) out[i * k + (t % k)] += treePredictRow(model.trees[t], cols, i);
  return out;
}

/** Bytes of a Float64Array (bit-for-bit comparisons: NaN, -0). */
const bytes = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe.each(['iris_multiclass', 'credit_categorical_missing', 'ames_categorical', 'breast_cancer_rf', 'breast_cancer_dart'])('predictRawColumns on threads: %s', (name) => {
  const model = loadModel(`${DIR}/${name}.model.txt`).model;
  const nRows = 1500;
  const cols = columns(model.features.length, nRows, 11);

  it('is the naive sum on one thread, and the same bits at 2 and 3 threads, the workers running the tasks', () => {
    const one = predictRawColumns(model, cols, { numThreads: 1 });
    expect(bytes(one).equals(bytes(naive(model, cols, nRows)))).toBe(true);
    for (const threads of [2, 3]) {
      const before = trainerPoolStats()?.workerTasks ?? 0;
      const many = predictRawColumns(model, cols, { numThreads: threads });
      const ran = (trainerPoolStats()?.workerTasks ?? 0) - before;
      expect(ran).toBeGreaterThanOrEqual(nRows / 256 - 1);
      expect(many.buffer).toBeInstanceOf(ArrayBuffer);
      expect(bytes(many).equals(bytes(one))).toBe(true);
    }
  });
});

describe('predictRawColumns on threads: inputs and switches', () => {
  const model = loadModel(`${DIR}/credit_categorical_missing.model.txt`).model;

  it('reads columns already in shared memory as they are, with the same result', () => {
    const plain = columns(model.features.length, 900, 5);
    const shared = columns(model.features.length, 900, 5, true);
    const a = predictRawColumns(model, plain, { numThreads: 2, numIteration: 4 });
    const b = predictRawColumns(model, shared, { numThreads: 2, numIteration: 4 });
    expect(bytes(a).equals(bytes(b))).toBe(true);
    expect(bytes(a).equals(bytes(predictRawColumns(model, plain, { numThreads: 1, numIteration: 4 })))).toBe(true);
  });

  it('cuts the rows into tasks of about taskWork rows x trees, never more tasks than a phase holds', () => {
    const saved = predictThreadSwitches.taskWork;
    predictThreadSwitches.taskWork = 200_000; // the default (this file's beforeAll sets 1)
    try {
      expect(predictTaskRows(1_000_000, 100, 2)).toBe(2000);
      expect(predictTaskRows(10_000, 100, 2)).toBe(1250);
      expect(predictTaskRows(1_000_000, 10_000, 2)).toBe(256);
      // 20M rows of a 1,000-tree model: 256-row tasks would be 78,125, over the 65,535 a phase holds
      const rows = predictTaskRows(20_000_000, 1000, 2);
      expect(Math.ceil(20_000_000 / rows)).toBeLessThanOrEqual(MAX_TASKS);
      expect(rows).toBe(Math.ceil(20_000_000 / MAX_TASKS));
    } finally {
      predictThreadSwitches.taskWork = saved;
    }
  });

  it('keeps a batch under minWork rows x trees on the calling thread', () => {
    predictThreadSwitches.minWork = 1e12;
    try {
      const before = trainerPoolStats()?.workerTasks ?? 0;
      predictRawColumns(model, columns(model.features.length, 900, 6), { numThreads: 2 });
      expect((trainerPoolStats()?.workerTasks ?? 0) - before).toBe(0);
    } finally {
      predictThreadSwitches.minWork = 0;
    }
  });

  it('Booster.predict passes numThreads on: the same labels and values at 1 and 2 threads', () => {
    const booster = loadModel(`${DIR}/breast_cancer_binary.model.txt`);
    const cols = columns(booster.featureNames.length, 700, 8);
    const before = trainerPoolStats()?.workerTasks ?? 0;
    const two = booster.predict(cols, { numThreads: 2 });
    expect((trainerPoolStats()?.workerTasks ?? 0) - before).toBeGreaterThan(0);
    expect(two).toEqual(booster.predict(cols, { numThreads: 1 }));
  });
});
