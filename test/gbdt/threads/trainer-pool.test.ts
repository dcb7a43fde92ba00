/**
 * The trainer pool: how many threads a training uses, the size below which it never starts or
 * uses workers, workers started once and reused, and a process that trained on threads exiting by
 * itself (idle workers are unref'd).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { trainModel } from '../../../src/gbdt/boosting/train-model.js';
import { closeTrainerPool, MAX_THREADS, resolveThreads, setDefaultTrainerThreads, trainerPoolStats } from '../../../src/gbdt/threads/trainer-pool.js';
import { threadSwitches } from '../../../src/gbdt/tree/parallel-plan.js';

const saved = { ...threadSwitches };

afterAll(async () => {
  Object.assign(threadSwitches, saved);
  await closeTrainerPool();
});

describe('resolveThreads', () => {
  it('is num_threads when > 0, else the machine\'s cores, capped', () => {
    const cores = Math.min(MAX_THREADS, availableParallelism());
    expect(resolveThreads(0)).toBe(cores);
    expect(resolveThreads(-1)).toBe(cores);
    expect(resolveThreads(3)).toBe(3);
    expect(resolveThreads(1000)).toBe(MAX_THREADS);
  });

  it('takes the thread\'s default when set (a tuning trial thread sets 1), explicit values still win', () => {
    setDefaultTrainerThreads(1);
    try {
      expect(resolveThreads(0)).toBe(1);
      expect(resolveThreads(2)).toBe(2);
    } finally {
      setDefaultTrainerThreads(0);
    }
    expect(resolveThreads(0)).toBe(Math.min(MAX_THREADS, availableParallelism()));
  });
});

describe('trainer pool', () => {
  const params = { objective: 'binary', num_iterations: 5, num_leaves: 7, verbosity: -1 } as const;

  it('starts no worker for a training below the size threshold, and workers for one above it; reuses them', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const work = data.nRows * data.features.length;
    Object.assign(threadSwitches, { buildWork: 0, scanBins: 0, partitionRows: 0, rootRows: 0 });
    threadSwitches.minTrainingWork = work + 1;
    trainModel({ ...params, num_threads: 3 }, data);
    expect(trainerPoolStats()).toBeNull();

    threadSwitches.minTrainingWork = work;
    trainModel({ ...params, num_threads: 3 }, data);
    const first = trainerPoolStats();
    expect(first?.started).toBe(2);
    expect(first?.phases).toBeGreaterThan(20);

    // a second training reuses the same workers
    trainModel({ ...params, num_threads: 3 }, data);
    const second = trainerPoolStats();
    expect(second?.started).toBe(2);
    expect(second!.phases).toBeGreaterThan(first!.phases);

    // below the threshold again: the pool exists but this training does not use it
    threadSwitches.minTrainingWork = work + 1;
    trainModel({ ...params, num_threads: 3 }, data);
    expect(trainerPoolStats()?.phases).toBe(second!.phases);

    // one thread: never the pool
    threadSwitches.minTrainingWork = 0;
    trainModel({ ...params, num_threads: 1 }, data);
    expect(trainerPoolStats()?.phases).toBe(second!.phases);

    // more threads: the pool grows
    trainModel({ ...params, num_threads: 4 }, data);
    expect(trainerPoolStats()?.started).toBe(3);

    // closed, then a new pool on demand
    await closeTrainerPool();
    expect(trainerPoolStats()).toBeNull();
    trainModel({ ...params, num_threads: 2 }, data);
    expect(trainerPoolStats()?.started).toBe(1);
  });

  it("frees a finished training's shared memory: the workers drop its buffers and collect their heaps", () => {
    // 100,000 x 28 (above the threads' threshold): bins and learner buffers of ~12 MB per training
    const script = `
      import { Rng } from './dist/core/rng.js';
      import { Dataset } from './dist/data/dataset.js';
      import { BinnedDataset } from './dist/data/binned-dataset.js';
      import { trainModel } from './dist/gbdt/boosting/train-model.js';
      import { trainerPoolStats } from './dist/gbdt/threads/trainer-pool.js';
      import { pooledHistogramBytes } from './dist/gbdt/tree/histogram-pool.js';
      const n = 100000;
      const rng = new Rng(3);
      const cols = Array.from({ length: 28 }, (_, j) => ({ name: 'f' + j, kind: 'numeric', values: Float64Array.from({ length: n }, () => rng.normal()) }));
      const y = Float64Array.from({ length: n }, (_, i) => (cols[0].values[i] > 0 ? 1 : 0));
      const data = new Dataset(cols, { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' });
      // a full gc finishes the previous one's array buffer sweep: after 3 nothing freed is still counted
      // (less this thread's histogram pool: a one-thread learner pools plain buffers, one on threads shared ones)
      const settle = async () => { for (let k = 0; k < 3; k++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); } return process.memoryUsage().arrayBuffers - pooledHistogramBytes(); };
      const train = (threads) => trainModel({ objective: 'binary', num_iterations: 2, num_threads: threads, verbosity: -1 }, BinnedDataset.fromDataset(data, {}));
      train(1);
      const one = await settle();
      for (let r = 0; r < 3; r++) train(2);
      // detach does not wait for the worker: wait here until it has dropped the 3 learners and collected its heap
      while (trainerPoolStats().dropped < 3) await new Promise((r) => setTimeout(r, 10));
      const two = await settle();
      const { workerTasks, dropped } = trainerPoolStats();
      process.stdout.write(JSON.stringify({ one, two, workerTasks, dropped }));
    `;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const { one, two, workerTasks, dropped } = JSON.parse(r.stdout) as { one: number; two: number; workerTasks: number; dropped: number };
    expect(workerTasks).toBeGreaterThan(10);
    expect(dropped).toBe(3);
    // without the workers' collection the last training's ~12 MB stayed alive
    expect(two - one).toBeLessThan(3e6);
  });

  it('lets a process that trained on threads exit by itself (idle workers are unref\'d)', () => {
    const script = `
      import { readCsv } from './dist/data/csv.js';
      import { trainModel } from './dist/gbdt/boosting/train-model.js';
      import { threadSwitches } from './dist/gbdt/tree/parallel-plan.js';
      import { trainerPoolStats } from './dist/gbdt/threads/trainer-pool.js';
      Object.assign(threadSwitches, { minTrainingWork: 0, buildWork: 0, scanBins: 0, partitionRows: 0, rootRows: 0 });
      const data = await readCsv('datasets/breast_cancer.csv');
      trainModel({ objective: 'binary', num_iterations: 20, num_threads: 3, verbosity: -1 }, data);
      // give the workers time to start and serve a few phases
      await new Promise((r) => setTimeout(r, 300));
      trainModel({ objective: 'binary', num_iterations: 20, num_threads: 3, verbosity: -1 }, data);
      process.stdout.write(JSON.stringify(trainerPoolStats()));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    const stats = JSON.parse(r.stdout) as { started: number; phases: number };
    expect(stats.started).toBe(2);
    expect(stats.phases).toBeGreaterThan(100);
  });
});
