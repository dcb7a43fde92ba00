/**
 * How a tuning study splits the machine's cores between trials at once (`nJobs`, `--jobs`) and the
 * trainer's threads inside each trial, and what `nJobs: 'auto'` picks.
 *
 * Each of `jobs` trials trains on `max(1, floor(cores / jobs))` threads, so that trials at once
 * never ask for more threads than the machine has (a user's explicit `num_threads` still wins);
 * on one thread when its trainings are too small to use threads anyway.
 *
 * `'auto'`: as many trials at once as there are cores, or as there are trials when fewer (a
 * study's trial count, when known); the cores left over become trainer threads of each trial.
 * Measured on the 2-core development machine (own scheduler group at nice -20 under load, wall
 * time of tuneGbdt from the Dataset, 3 folds, 60 rounds, pruner off): on 150,000 x 28 rows, whose
 * folds' trainings use threads, 2 trials at once took 0.65x the time of one trial at a time on 2
 * threads for 6 trials (2 repeats) and 0.69x for 2 trials (4 repeats): trials at once share
 * nothing but the bins and scale better than the trainer's threads (1.5x to 1.75x on 2 cores);
 * on breast_cancer, too small for threads, `--jobs 2` takes 0.56x the time of `--jobs 1` (README).
 * Threads win only with fewer trials than cores.
 *
 * The default ({@link defaultJobs}): `'auto'` in a run with a time budget, else 1. A study of a
 * number of trials on one job is the same study on every run with the same seed (the sampler
 * sees each trial finish in order); with trials at once, the order they finish in varies from run
 * to run, and so do the trials the sampler draws. A run with a time budget is not repeatable
 * anyway (how many trials fit in it depends on the machine and its load), so it uses every core.
 * Measured (bench/tune-time.bench.mjs, seeds 0-2, 2026-12-07, quiet): with `'auto'` instead of
 * 1, ames reached the reference's best at 0.26x / 0.32x / 0.05x of its time (seed 1: never with
 * one job, best 6.24e8 vs 6.17e8; with two, 6.10e8), credit_data seed 2 0.31x -> 0.13x; digits
 * seed 0 0.09x -> 0.16x (its first trials on one thread each instead of two), the others within
 * their noise.
 */
import { availableParallelism } from 'node:os';
import { TunerError } from '../../core/errors.js';
import { threadSwitches } from '../../gbdt/tree/parallel-plan.js';

/** Trials at once: a count, or `'auto'` (see the module doc). */
export type JobsOption = number | 'auto';

/** What a study runs with. */
export interface JobsPlan {
  /** Trials at once. */
  jobs: number;
  /**
   * Trainer threads of each trial's trainings (their `num_threads` when the params leave it at
   * 0): 1 when a fold's training is too small for threads, else `max(1, floor(cores / jobs))`.
   */
  threadsPerTrial: number;
}

/**
 * Checks an `nJobs` option: a positive integer or `'auto'`.
 *
 * @example
 * ```ts
 * checkJobs(2, 'tuneGbdt'); // ok
 * checkJobs(0, 'tuneGbdt'); // throws TunerError
 * ```
 */
export function checkJobs(nJobs: JobsOption, context: string): void {
  if (nJobs === 'auto') return;
  if (!Number.isInteger(nJobs) || nJobs < 1) throw new TunerError(`${context}: nJobs (${String(nJobs)}) must be a positive integer or 'auto'`);
}

/**
 * The jobs and threads per trial of a study over `rows` x `features` binned data with `nFolds`
 * folds (each fold trains on (nFolds - 1) / nFolds of the rows) and `nTrials` trials (undefined:
 * not known, a timeout bounds the study); `cores`: the machine's (default
 * `os.availableParallelism()`).
 *
 * @example
 * ```ts
 * planJobs('auto', { rows: 569, features: 30, nFolds: 5 }, 100, 2); // { jobs: 2, threadsPerTrial: 1 }
 * planJobs('auto', { rows: 500_000, features: 28, nFolds: 5 }, 100, 2); // { jobs: 2, threadsPerTrial: 1 }
 * planJobs('auto', { rows: 500_000, features: 28, nFolds: 5 }, 1, 8); // { jobs: 1, threadsPerTrial: 8 }
 * planJobs(4, { rows: 569, features: 30, nFolds: 5 }, 100, 8); // { jobs: 4, threadsPerTrial: 1 } (too small for threads)
 * planJobs(4, { rows: 500_000, features: 28, nFolds: 5 }, 100, 8); // { jobs: 4, threadsPerTrial: 2 }
 * ```
 */
export function planJobs(nJobs: JobsOption, data: { rows: number; features: number; nFolds: number }, nTrials?: number, cores = availableParallelism()): JobsPlan {
  const c = Math.max(1, cores);
  const foldRows = (data.rows * (data.nFolds - 1)) / Math.max(1, data.nFolds);
  const small = foldRows * data.features < threadSwitches.minTrainingWork;
  const jobs = trialsAtOnce(nJobs, nTrials, c);
  return { jobs, threadsPerTrial: small ? 1 : Math.max(1, Math.floor(c / jobs)) };
}

/**
 * The `nJobs` of a tuning run that leaves it unset: `'auto'` with a time budget (`timeout`), else 1
 * (see the module doc).
 *
 * @example
 * ```ts
 * defaultJobs(300); // 'auto'
 * defaultJobs(undefined); // 1
 * ```
 */
export function defaultJobs(timeout: number | undefined): JobsOption {
  return timeout !== undefined ? 'auto' : 1;
}

/**
 * The trials at once of `nJobs` (`'auto'`: the cores, or the trials when fewer); see {@link planJobs}.
 *
 * @example
 * ```ts
 * trialsAtOnce('auto', 1, 8); // 1
 * trialsAtOnce('auto', undefined, 8); // 8
 * ```
 */
export function trialsAtOnce(nJobs: JobsOption, nTrials?: number, cores = availableParallelism()): number {
  const c = Math.max(1, cores);
  return nJobs !== 'auto' ? nJobs : Math.max(1, Math.min(c, nTrials ?? c));
}
