/**
 * The model is the same bits at 1, 2 and 4 trainer threads: every phase of the learner cut into
 * tasks that run on the worker threads (the calling thread running none, so the workers run every
 * task), small row blocks so that histograms are summed from many partial ones, against the same
 * training on the calling thread alone. Also the LightGBM fixtures at 2 threads.
 */
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import type { Dataset } from '../../../src/data/dataset.js';
import { Booster } from '../../../src/gbdt/boosting/booster.js';
import { trainModel } from '../../../src/gbdt/boosting/train-model.js';
import { closeTrainerPool, trainerPoolStats, trainerPoolSwitches } from '../../../src/gbdt/threads/trainer-pool.js';
import { threadSwitches } from '../../../src/gbdt/tree/parallel-plan.js';
import { rowBlockSwitches } from '../../../src/gbdt/tree/row-blocks.js';
import { simdSwitches } from '../../../src/gbdt/tree/wasm-kernels.js';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';
import { FIXTURES, fixtureWeights } from '../../helpers/lightgbm-fixtures.js';

const savedThreads = { ...threadSwitches };
const savedBlocks = { ...rowBlockSwitches };
const savedSpin = trainerPoolSwitches.spinMicros;
const savedWasmRows = simdSwitches.minDataRows;

beforeAll(() => {
  // every phase on the threads, however small; many row blocks and partition blocks
  Object.assign(threadSwitches, { minTrainingWork: 0, buildWork: 0, scanBins: 0, partitionRows: 0, rootRows: 0, partitionBlockRows: 40, gradientWork: 0, gradientBlockWork: 40, scoreRows: 0 });
  Object.assign(rowBlockSwitches, { minRows: 50, binsPerRow: 0 });
  // the WebAssembly kernels on small data too (the learner decides, the workers follow)
  simdSwitches.minDataRows = 0;
  trainerPoolSwitches.callerRunsTasks = false;
  // the workers run every task while this thread waits: no polling on a machine of few cores
  trainerPoolSwitches.spinMicros = 0;
});

afterAll(async () => {
  Object.assign(threadSwitches, savedThreads);
  Object.assign(rowBlockSwitches, savedBlocks);
  trainerPoolSwitches.callerRunsTasks = true;
  trainerPoolSwitches.spinMicros = savedSpin;
  simdSwitches.minDataRows = savedWasmRows;
  await closeTrainerPool();
});

/** The model text of a training at `threads`, and the tasks the workers ran for it. */
function modelAt(params: GbdtParamsInput, data: Dataset, threads: number, rows?: Uint32Array, initModel?: Booster): { text: string; workerTasks: number } {
  const before = trainerPoolStats()?.workerTasks ?? 0;
  const model = trainModel({ verbosity: -1, ...params, num_threads: threads }, data, { ...(rows === undefined ? {} : { rows }), ...(initModel === undefined ? {} : { initModel }) });
  return { text: new Booster(model).modelToString(), workerTasks: (trainerPoolStats()?.workerTasks ?? 0) - before };
}

const cases: { name: string; file: string; params: GbdtParamsInput; rows?: (n: number) => Uint32Array; weight?: (n: number) => Float64Array }[] = [
  { name: 'binary', file: 'breast_cancer.csv', params: { objective: 'binary', num_iterations: 8, num_leaves: 15 } },
  { name: 'multiclass', file: 'iris.csv', params: { objective: 'multiclass', num_iterations: 5, num_leaves: 7, min_data_in_leaf: 3 } },
  { name: 'regression, 16-bit bins (column layout)', file: 'diabetes.csv', params: { objective: 'regression', num_iterations: 6, max_bin: 1023, min_data_in_bin: 1 } },
  { name: 'categorical + missing values', file: 'credit_data.csv', params: { objective: 'binary', num_iterations: 6, num_leaves: 31, max_cat_to_onehot: 2 } },
  { name: 'bagging', file: 'breast_cancer.csv', params: { objective: 'binary', num_iterations: 8, bagging_fraction: 0.6, bagging_freq: 1, seed: 3 } },
  { name: 'feature_fraction and bynode', file: 'digits.csv', params: { objective: 'multiclass', num_iterations: 3, feature_fraction: 0.5, feature_fraction_bynode: 0.7, seed: 5 } },
  { name: 'extra_trees, L1, path smoothing', file: 'breast_cancer.csv', params: { objective: 'binary', num_iterations: 6, extra_trees: true, lambda_l1: 0.5, path_smooth: 1, seed: 9 } },
  { name: 'regression with large gradients, categorical features', file: 'ames.csv', params: { objective: 'regression', num_iterations: 10, num_leaves: 31 } },
  { name: 'binary, many rounds', file: 'spam.csv', params: { objective: 'binary', num_iterations: 25, num_leaves: 31 } },
  { name: 'multiclass, 20,000 rows', file: 'letter.csv', params: { objective: 'multiclass', num_iterations: 2, num_leaves: 31 } },
  { name: 'dart', file: 'breast_cancer.csv', params: { objective: 'binary', boosting: 'dart', num_iterations: 10, drop_rate: 0.3, skip_drop: 0.2, seed: 4 } },
  {
    name: 'goss, categorical + missing values',
    file: 'credit_data.csv',
    params: { objective: 'binary', data_sample_strategy: 'goss', num_iterations: 8, top_rate: 0.3, other_rate: 0.2, learning_rate: 0.3, seed: 6 },
  },
  {
    name: 'row weights, poisson (its gradients on the threads)',
    file: 'diabetes.csv',
    params: { objective: 'poisson', num_iterations: 8, num_leaves: 15 },
    weight: (n) => Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 4)),
  },
  {
    name: 'monotone (advanced) and interaction constraints: scans on the calling thread, the rest on the threads',
    file: 'diabetes.csv',
    params: { objective: 'regression', num_iterations: 6, num_leaves: 15, monotone_constraints: [0, 0, 1, 1, 0, 0, -1, 0, 1, 0], monotone_constraints_method: 'advanced' },
  },
  {
    name: 'interaction constraints and feature_fraction_bynode (scans on the threads)',
    file: 'breast_cancer.csv',
    params: { objective: 'binary', num_iterations: 6, interaction_constraints: [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [20, 21, 22, 23]], feature_fraction_bynode: 0.8, seed: 2 },
  },
  {
    name: 'use_quantized_grad: stochastic rounding, renewed leaves, bagging',
    file: 'breast_cancer.csv',
    params: { objective: 'binary', num_iterations: 8, num_leaves: 15, use_quantized_grad: true, quant_train_renew_leaf: true, bagging_fraction: 0.7, bagging_freq: 1, seed: 7 },
  },
  {
    name: 'use_quantized_grad: 16 bins, categorical + missing values',
    file: 'credit_data.csv',
    params: { objective: 'binary', num_iterations: 6, use_quantized_grad: true, num_grad_quant_bins: 16, seed: 2 },
  },
  {
    name: 'use_quantized_grad: multiclass (its gradients on the threads, beside the quantized ones)',
    file: 'iris.csv',
    params: { objective: 'multiclass', num_iterations: 5, num_leaves: 7, min_data_in_leaf: 3, use_quantized_grad: true, seed: 4 },
  },
  {
    name: 'use_quantized_grad: regression (constant hessian), round to nearest',
    file: 'diabetes.csv',
    params: { objective: 'regression', num_iterations: 6, num_leaves: 15, use_quantized_grad: true, stochastic_rounding: false },
  },
  {
    name: 'a row subset (cv fold rows)',
    file: 'breast_cancer.csv',
    params: { objective: 'binary', num_iterations: 6, num_leaves: 15 },
    rows: (n) => Uint32Array.from({ length: Math.floor(n * 0.8) }, (_, i) => (i * 5 + 3) % n).sort(),
  },
];

describe('trainer threads: the same model bytes at 1, 2 and 4 threads', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const plain = await readCsv(`datasets/${c.file}`);
      const data = c.weight === undefined ? plain : await readCsv(`datasets/${c.file}`, { weight: c.weight(plain.nRows) });
      const rows = c.rows?.(data.nRows);
      const one = modelAt(c.params, data, 1, rows);
      expect(one.workerTasks).toBe(0);
      for (const threads of [2, 4]) {
        const many = modelAt(c.params, data, threads, rows);
        // the workers ran every phase's tasks
        expect(many.workerTasks).toBeGreaterThan(100);
        expect(many.text).toBe(one.text);
      }
      expect(one.text).toContain('[num_threads: 0]');
    });
  }
});

describe('trainer threads: the calling thread claiming its own range of each phase too', () => {
  // each thread runs its own range of a phase's tasks first, then the others' (trainer-pool.ts):
  // with the calling thread claiming, the threads split every phase (the score update by row
  // ranges of a bagged partition too) and the model is the same bits
  for (const c of cases.filter((k) => ['binary', 'bagging', 'goss, categorical + missing values', 'a row subset (cv fold rows)'].includes(k.name))) {
    it(c.name, async () => {
      const data = await readCsv(`datasets/${c.file}`);
      const rows = c.rows?.(data.nRows);
      const one = modelAt(c.params, data, 1, rows);
      trainerPoolSwitches.callerRunsTasks = true;
      // the workers poll for phases (as in a real training), so they take their ranges in time;
      // the calling thread leaves theirs to them (on a loaded machine it could run them all first)
      trainerPoolSwitches.callerSteals = false;
      trainerPoolSwitches.spinMicros = 5000;
      try {
        const two = modelAt(c.params, data, 2, rows);
        expect(two.text).toBe(one.text);
        if (availableParallelism() > 1) expect(two.workerTasks).toBeGreaterThan(0);
        expect(modelAt(c.params, data, 4, rows).text).toBe(one.text);
      } finally {
        trainerPoolSwitches.callerRunsTasks = false;
        trainerPoolSwitches.callerSteals = true;
        trainerPoolSwitches.spinMicros = 0;
      }
    });
  }
});

describe('trainer threads: the LightGBM fixtures at 2 threads', () => {
  it('every trainable fixture gives the model it gives on one thread (which test/gbdt/boosting/train.test.ts compares with LightGBM)', async () => {
    // one row block per leaf, as at the default rule on these sizes: the models are LightGBM's
    Object.assign(rowBlockSwitches, savedBlocks);
    try {
      // objectives (each computing gradients on the threads), weights, constraints, continued training
      expect(FIXTURES.length).toBeGreaterThan(20);
      for (const fx of FIXTURES) {
        const weight = fixtureWeights(fx);
        const data = await readCsv(`datasets/${fx.data}`, weight !== undefined ? { weight } : {});
        const params = { ...fx.params, num_iterations: fx.num_boost_round } as GbdtParamsInput;
        const initModel = fx.init_model === undefined ? undefined : new Booster(trainModel({ ...fx.params, ...fx.init_model.params, num_iterations: fx.init_model.num_boost_round, num_threads: 1 }, data));
        const one = modelAt(params, data, 1, undefined, initModel);
        const two = modelAt(params, data, 2, undefined, initModel);
        expect(two.workerTasks, fx.name).toBeGreaterThan(0);
        expect(two.text, fx.name).toBe(one.text);
      }
    } finally {
      Object.assign(rowBlockSwitches, { minRows: 50, binsPerRow: 0 });
    }
  });

  it('ranking (lambdarank: gradients per query on the calling thread, the rest on the threads)', async () => {
    const data = await readCsv('test/fixtures/lightgbm/rank_queries.csv', { group: 'qid' });
    const params: GbdtParamsInput = { objective: 'lambdarank', num_leaves: 15, min_data_in_leaf: 10, num_iterations: 8, seed: 1 };
    const one = modelAt(params, data, 1);
    const two = modelAt(params, data, 2);
    expect(two.workerTasks).toBeGreaterThan(100);
    expect(two.text).toBe(one.text);
  });
});
