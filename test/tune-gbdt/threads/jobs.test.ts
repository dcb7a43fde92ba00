/**
 * Trials at once and trainer threads per trial: the rule (planJobs), what a study's context
 * resolves `nJobs` to, and a trial thread training on its share of the cores (no trainer workers
 * of its own when the cores are all taken by trials at once).
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { readCsv } from '../../../src/data/csv.js';
import { Dataset } from '../../../src/data/dataset.js';
import { threadSwitches } from '../../../src/gbdt/tree/parallel-plan.js';
import { prepareContext, releaseContext } from '../../../src/tune-gbdt/context.js';
import { checkJobs, defaultJobs, planJobs, trialsAtOnce } from '../../../src/tune-gbdt/threads/jobs.js';
import { closeIdlePool } from '../../../src/tune-gbdt/threads/pool.js';

afterAll(async () => {
  await closeIdlePool();
});

describe('planJobs', () => {
  const small = { rows: 569, features: 30, nFolds: 5 };
  const large = { rows: 500_000, features: 28, nFolds: 5 };

  it("'auto': a trial per core, or per trial when fewer; the cores left over are each trial's threads", () => {
    expect(planJobs('auto', small, 100, 2)).toEqual({ jobs: 2, threadsPerTrial: 1 });
    expect(planJobs('auto', small, undefined, 8)).toEqual({ jobs: 8, threadsPerTrial: 1 });
    expect(planJobs('auto', large, 100, 2)).toEqual({ jobs: 2, threadsPerTrial: 1 });
    expect(planJobs('auto', large, 3, 8)).toEqual({ jobs: 3, threadsPerTrial: 2 });
    expect(planJobs('auto', large, 1, 8)).toEqual({ jobs: 1, threadsPerTrial: 8 });
    // too small for the trainer's threads (a fold's rows x features under minTrainingWork): one thread
    expect(planJobs('auto', small, 1, 8)).toEqual({ jobs: 1, threadsPerTrial: 1 });
    const rows = Math.ceil((threadSwitches.minTrainingWork / 10) * 1.25);
    expect(planJobs('auto', { rows, features: 10, nFolds: 5 }, 1, 4).threadsPerTrial).toBe(4);
    expect(planJobs('auto', { rows: rows - 2, features: 10, nFolds: 5 }, 1, 4).threadsPerTrial).toBe(1);
    expect(trialsAtOnce('auto', 1, 8)).toBe(1);
    expect(trialsAtOnce('auto', undefined, 8)).toBe(8);
    expect(trialsAtOnce(3, 100, 8)).toBe(3);
  });

  it('n jobs: each trial trains on floor(cores / n) threads, at least 1; 1 when too small for threads', () => {
    expect(planJobs(1, large, 100, 8)).toEqual({ jobs: 1, threadsPerTrial: 8 });
    expect(planJobs(2, large, 100, 8)).toEqual({ jobs: 2, threadsPerTrial: 4 });
    expect(planJobs(3, large, 100, 8)).toEqual({ jobs: 3, threadsPerTrial: 2 });
    expect(planJobs(4, large, 100, 2)).toEqual({ jobs: 4, threadsPerTrial: 1 });
    expect(planJobs(2, small, 100, 8)).toEqual({ jobs: 2, threadsPerTrial: 1 });
  });

  it("the default: 'auto' in a run with a time budget, else 1", () => {
    expect(defaultJobs(300)).toBe('auto');
    expect(defaultJobs(0.5)).toBe('auto');
    expect(defaultJobs(undefined)).toBe(1);
  });

  it("checkJobs takes positive integers and 'auto'", () => {
    expect(() => checkJobs('auto', 'tuneGbdt')).not.toThrow();
    expect(() => checkJobs(3, 'tuneGbdt')).not.toThrow();
    expect(() => checkJobs(0, 'tuneGbdt')).toThrow("tuneGbdt: nJobs (0) must be a positive integer or 'auto'");
    expect(() => checkJobs(1.5, 'tuneGbdt')).toThrow('nJobs (1.5)');
  });
});

describe('a study context', () => {
  it("resolves 'auto' (breast_cancer, 100 trials: a trial per core) and makes a pool only for more than one trial at once", async () => {
    const bc = await readCsv('datasets/breast_cancer.csv');
    const cores = availableParallelism();
    const ctx = await prepareContext(bc, { nFolds: 3 }, 'auto', 100);
    try {
      expect(ctx.jobs).toEqual({ jobs: cores, threadsPerTrial: 1 });
      expect(ctx.pool === null).toBe(cores === 1);
      if (ctx.pool !== null) expect(ctx.pool.size).toBe(cores);
    } finally {
      releaseContext(ctx);
    }
  });
});

/** This process's threads (Linux), or -1 elsewhere. */
function threadCount(): number {
  try {
    return readdirSync('/proc/self/task').length;
  } catch {
    return -1;
  }
}

describe('trial threads share the cores', () => {
  it.skipIf(availableParallelism() < 2 || threadCount() < 0)(
    'with as many trials at once as cores, a trial large enough for threads starts no trainer workers',
    async () => {
      // 3 folds of 2/3 x 240,000 rows x 28 features: above the trainer's threshold
      const n = 240_000;
      const rng = new Rng(7);
      const cols = Array.from({ length: 28 }, (_, j) => ({ name: `f${j}`, kind: 'numeric' as const, values: Float64Array.from({ length: n }, () => rng.normal() + j) }));
      const y = Float64Array.from({ length: n }, (_, i) => (cols[0].values[i] + 0.5 * rng.normal() > 0 ? 1 : 0));
      const data = new Dataset(cols, { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' });
      expect((n * 2 * 28) / 3).toBeGreaterThan(threadSwitches.minTrainingWork);
      const cores = availableParallelism();
      const ctx = await prepareContext(data, { nFolds: 3, maxRounds: 2, earlyStoppingRounds: 2 }, cores);
      try {
        expect(ctx.jobs).toEqual({ jobs: cores, threadsPerTrial: 1 });
        // the trial workers exist (started by prepareContext) and libuv's thread pool is up
        await readFile('datasets/iris.csv');
        const before = threadCount();
        const r = await Promise.all(Array.from({ length: cores }, () => ctx.pool!.run({ num_leaves: 7 }, () => false)));
        expect(r.every((x) => Number.isFinite(x.value))).toBe(true);
        // a trial thread training on every core would have started cores - 1 trainer workers of its own
        expect(threadCount()).toBe(before);
      } finally {
        releaseContext(ctx);
      }
    },
    120_000,
  );
});
