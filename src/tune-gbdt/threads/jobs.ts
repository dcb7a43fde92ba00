/**
 * How a tuning study splits the machine's cores between trials at once (`nJobs`, `--jobs`) and the
 * trainer's threads inside each trial, and what `nJobs: 'auto'` picks.
 *
 * Each of `jobs` trials trains on `max(1, floor(cores / jobs))` threads, so that trials at once
 * never ask for more threads than the machine has (a user's explicit `num_threads` still wins);
 * on one thread when its trainings are too small to use threads anyway.
 *
 * `'auto'`: a trial's trainings (one per fold, on (k-1)/k of the rows) too small for the trainer's
 * threads (`threadSwitches.minTrainingWork` rows x features, below which a training never uses
 * them) run as many trials at once as there are cores; larger ones run one trial at a time on
 * every core. Trials at once scale better than threads (they share nothing but the bins), but a
 * study with fewer trials than cores, or whose trials each hold fold copies and histograms of a
 * large dataset, gains more from threads. The measured figures are in the commit that set this
 * rule (bench/tune.bench.mjs and bench/train-speed.bench.mjs on the 2-core development machine).
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
 * folds (each fold trains on (nFolds - 1) / nFolds of the rows); `cores`: the machine's
 * (default `os.availableParallelism()`).
 *
 * @example
 * ```ts
 * planJobs('auto', { rows: 569, features: 30, nFolds: 5 }, 2); // { jobs: 2, threadsPerTrial: 1 }
 * planJobs('auto', { rows: 500_000, features: 28, nFolds: 5 }, 2); // { jobs: 1, threadsPerTrial: 2 }
 * planJobs(4, { rows: 569, features: 30, nFolds: 5 }, 8); // { jobs: 4, threadsPerTrial: 1 } (too small for threads)
 * planJobs(4, { rows: 500_000, features: 28, nFolds: 5 }, 8); // { jobs: 4, threadsPerTrial: 2 }
 * ```
 */
export function planJobs(nJobs: JobsOption, data: { rows: number; features: number; nFolds: number }, cores = availableParallelism()): JobsPlan {
  const c = Math.max(1, cores);
  const foldRows = (data.rows * (data.nFolds - 1)) / Math.max(1, data.nFolds);
  const small = foldRows * data.features < threadSwitches.minTrainingWork;
  const jobs = nJobs !== 'auto' ? nJobs : small ? c : 1;
  return { jobs, threadsPerTrial: small ? 1 : Math.max(1, Math.floor(c / jobs)) };
}
