import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { TrialPruned } from '../../../src/core/errors.js';
import { prepareContext, releaseContext } from '../../../src/tune-gbdt/context.js';
import { runCvTrial } from '../../../src/tune-gbdt/cv-trial.js';
import { acquirePool, closeIdlePool, releasePool, workerExecArgv } from '../../../src/tune-gbdt/threads/pool.js';

const opts = { nFolds: 3, maxRounds: 40, earlyStoppingRounds: 10 };
const params = { num_leaves: 7, learning_rate: 0.2, min_child_samples: 10, feature_fraction: 0.8, bagging_fraction: 0.8, bagging_freq: 1 };

afterAll(async () => {
  await closeIdlePool();
});

describe('reusable worker pool', () => {
  it('a released pool serves the next study: same workers, the new data, values equal to the main thread', async () => {
    const bc = await readCsv('datasets/breast_cancer.csv');
    const digits = await readCsv('datasets/digits.csv');
    const a = await prepareContext(bc, { ...opts, seed: 1 }, 2);
    const poolA = a.pool!;
    const ra = await poolA.run(params, () => false);
    const mainA = runCvTrial(a.binned, params, a.settings, () => {});
    expect(ra.value).toBe(mainA.value);
    expect(ra.bestIteration).toBe(mainA.bestIteration);
    // a trial pruned at round 3 may still be running in its worker when the study ends; its hook
    // saw rounds 0, 1, 2 and no later one, though the worker posts rounds in batches
    const seen: number[] = [];
    const pruned = poolA.run(params, (it) => {
      seen.push(it);
      return it >= 2;
    });
    await expect(pruned).rejects.toThrow(new TrialPruned('pruned at round 3'));
    expect(seen).toEqual([0, 1, 2]);
    releaseContext(a);

    const b = await prepareContext(digits, { ...opts, seed: 2, params: { max_bin: 31 } }, 2);
    expect(b.pool).toBe(poolA);
    const rounds: [number, number][] = [];
    const rb = await b.pool!.run(params, (it, v) => {
      rounds.push([it, v]);
      return false;
    });
    const mainRounds: [number, number][] = [];
    const mainB = runCvTrial(b.binned, params, b.settings, (it, v) => mainRounds.push([it, v]));
    expect(rounds.length).toBeGreaterThan(10);
    expect(rb.value).toBe(mainB.value);
    expect(rb.bestIteration).toBe(mainB.bestIteration);
    expect(rounds).toEqual(mainRounds);
    releaseContext(b);
  }, 60_000);

  it('row weights and initial scores reach the workers: a weighted trial equals the main thread, and differs from the unweighted one', async () => {
    const n = 569;
    const weighted = await readCsv('datasets/breast_cancer.csv', {
      weight: Float64Array.from({ length: n }, (_, i) => 0.1 + ((i * 7) % 13) / 10),
      initScore: Float64Array.from({ length: n }, (_, i) => 0.3 * (i % 5) - 0.6),
    });
    const ctx = await prepareContext(weighted, { ...opts, seed: 1, metric: 'binary_logloss' }, 2);
    const r = await ctx.pool!.run(params, () => false);
    const main = runCvTrial(ctx.binned, params, ctx.settings, () => {});
    expect(r.value).toBe(main.value);
    expect(r.bestIteration).toBe(main.bestIteration);
    releaseContext(ctx);
    const plain = await prepareContext(await readCsv('datasets/breast_cancer.csv'), { ...opts, seed: 1, metric: 'binary_logloss' }, 1);
    expect(runCvTrial(plain.binned, params, plain.settings, () => {}).value).not.toBe(main.value);
  }, 60_000);

  it('a task pruning itself against thresholds: stops at the first failed step, every round reported, equal to the main thread', async () => {
    const bc = await readCsv('datasets/breast_cancer.csv');
    const ctx = await prepareContext(bc, { ...opts, seed: 3 }, 2);
    const pool = ctx.pool!;
    const mainRounds: [number, number][] = [];
    const main = runCvTrial(ctx.binned, params, ctx.settings, (it, v) => mainRounds.push([it, v]));
    const n = 40;
    const never = new Float64Array(n).fill(NaN);
    const seen: [number, number][] = [];
    const done = await pool.run(params, (it, v) => (seen.push([it, v]), false), { thresholds: never, refresh: () => never, maximize: true });
    expect(done).toEqual(main);
    expect(seen).toEqual(mainRounds);

    // prune where the best accuracy so far is below 2 (always) from step 5 on: the task reports
    // steps 0..5 and stops at round 6
    const from5 = new Float64Array(n).fill(NaN).fill(2, 5);
    const seen5: [number, number][] = [];
    const p5 = pool.run(params, (it, v) => (seen5.push([it, v]), false), { thresholds: from5, refresh: () => from5, maximize: true });
    await expect(p5).rejects.toThrow(new TrialPruned('pruned at round 6'));
    expect(seen5).toEqual(mainRounds.slice(0, 6));
    // the same task's best so far beats a threshold just under it: not pruned there
    const best5 = Math.max(...mainRounds.slice(0, 6).map(([, v]) => v));
    const under = new Float64Array(n).fill(NaN).fill(best5 - 1e-9, 5, 6);
    await expect(pool.run(params, () => false, { thresholds: under, refresh: () => under, maximize: true })).resolves.toEqual(main);
    // the study can still stop a self-pruning task from its round hook
    const stopped = pool.run(params, (it) => it >= 1, { thresholds: never, refresh: () => never, maximize: true });
    await expect(stopped).rejects.toThrow(new TrialPruned('pruned at round 2'));
    releaseContext(ctx);
  }, 60_000);

  it('refreshPruning rewrites a running task\'s thresholds in its worker', async () => {
    const digits = await readCsv('datasets/digits.csv');
    const ctx = await prepareContext(digits, { nFolds: 3, maxRounds: 1000, earlyStoppingRounds: 1000, seed: 4 }, 2);
    const pool = ctx.pool!;
    const n = 1000;
    const never = new Float64Array(n).fill(NaN);
    let current = never;
    const seen: number[] = [];
    const task = pool.run({ num_leaves: 15, learning_rate: 0.05 }, (it) => (seen.push(it), false), { thresholds: never, refresh: () => current, maximize: true });
    // once the worker is past some rounds (a 1000-round multiclass CV takes far longer), every later step prunes
    await new Promise((res) => setTimeout(res, 300));
    current = new Float64Array(n).fill(2);
    pool.refreshPruning();
    const err = await task.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TrialPruned);
    const round = Number(/pruned at round (\d+)/.exec((err as Error).message)?.[1]);
    expect(round).toBeGreaterThan(0);
    expect(round).toBeLessThan(n);
    expect(seen).toEqual(Array.from({ length: round }, (_, i) => i));
    releaseContext(ctx);
  }, 60_000);

  it('a different size gets a new pool; a pool is never handed out twice', async () => {
    const p2 = acquirePool(2);
    const other = acquirePool(2);
    expect(other).not.toBe(p2);
    releasePool(p2);
    const p3 = acquirePool(3);
    expect(p3).not.toBe(p2);
    expect(p3.size).toBe(3);
    releasePool(other);
    await p3.close();
  });

  it('workers get the Node options of the process but not those of a `node -e` script', () => {
    expect(workerExecArgv(['--max-old-space-size=4096', '--input-type=module', '-e', 'x', '--no-warnings'])).toEqual(['--max-old-space-size=4096', '--no-warnings']);
    expect(workerExecArgv(['--input-type', 'module', '--eval', 'x'])).toEqual([]);
  });

  it('a process (a `node -e` script) whose study used workers exits by itself: the idle pool does not keep it alive', () => {
    const tune = pathToFileURL('dist/tune-gbdt/tune.js').href;
    const script = `const { tuneGbdt } = await import(${JSON.stringify(tune)});
const r = await tuneGbdt('datasets/breast_cancer.csv', { nTrials: 4, nFolds: 3, maxRounds: 20, nJobs: 2, refit: false });
console.log(r.nTrials);`;
    for (const flags of [['--input-type=module'], ['--expose-gc', '--input-type=module']]) {
      const out = spawnSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8', timeout: 30_000 });
      expect(out.error).toBeUndefined();
      expect(out.stderr).not.toMatch(/failed|Error/);
      expect(out.status).toBe(0);
      expect(out.stdout.trim()).toBe('4');
    }
    // a worker-invalid flag without --input-type: the workers inherit the options as they are
    const file = join(mkdtempSync(join(tmpdir(), 'gbtune-exit-')), 'run.mjs');
    writeFileSync(file, script);
    const out = spawnSync(process.execPath, ['--expose-gc', file], { encoding: 'utf8', timeout: 30_000 });
    expect(out.error).toBeUndefined();
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe('4');
  }, 90_000);
});
