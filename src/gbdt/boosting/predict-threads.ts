/**
 * Batch prediction over the trainer's threads (threads/trainer-pool.ts, started once per process
 * and shared with training): the rows are cut into ranges, each range summed over the trees by
 * one thread (threads/predict-tasks.ts), so the raw scores are the same bits at any thread count.
 * Workers read shared memory only: the packed trees and the output are made shared, and input
 * columns not already over a `SharedArrayBuffer` are copied into one (~0.1 s per 1M x 28 float64,
 * against ~5 s of prediction on one thread for 100 trees of 31 leaves).
 */
import { PredictTasks, type PredictParts } from '../threads/predict-tasks.js';
import { MAX_TASKS, trainerPool } from '../threads/trainer-pool.js';
import { packForest } from './packed-forest.js';
import type { BoosterModel } from './model.js';

/**
 * `minWork`: the fewest rows x trees a prediction runs on threads; below, the calling thread alone
 * (a phase costs tens of µs to wake the workers, the copy of the columns ~1 ns per value).
 * Measured on 100 trees x 31 leaves, 28 features, 2 threads: see bench/predict-speed.bench.mjs.
 * `taskWork`: rows x trees per task (about 10 ms on one thread), so that a worker that starts late
 * (its first use in the process) still takes a share.
 */
export const predictThreadSwitches = { minWork: 2_000_000, taskWork: 200_000 };

/**
 * The rows of one prediction task: about {@link predictThreadSwitches}.taskWork rows x trees, at
 * least 256 rows, at most a quarter of a thread's share, and never so few that a phase holds more
 * than the pool's MAX_TASKS tasks (17M rows of a 1,000-tree model would have made 78,125 tasks
 * of 256 rows: a trainer phase holds at most 65,535).
 *
 * @example
 * ```ts
 * predictTaskRows(1_000_000, 100, 2); // 2000
 * predictTaskRows(20_000_000, 1000, 2); // 306 (65,360 tasks)
 * ```
 */
export function predictTaskRows(nRows: number, nTrees: number, threads: number): number {
  const perTask = Math.ceil(predictThreadSwitches.taskWork / Math.max(1, nTrees));
  const rows = Math.max(256, Math.min(perTask, Math.ceil(nRows / (4 * threads))));
  return Math.max(rows, Math.ceil(nRows / MAX_TASKS));
}

/** Is this array over a `SharedArrayBuffer` (readable by the workers as it is)? */
const isShared = (a: Float64Array): boolean => a.buffer instanceof SharedArrayBuffer;

/**
 * Raw scores of `trees[0..nTrees)` on `nRows` rows of `columns` (checked by the caller), computed
 * on `threads` threads (the calling thread and the pool's workers), row-major with
 * `numTreePerIteration` scores per row; null when the pool cannot start (worker script not built).
 *
 * @example
 * ```ts
 * const raw = predictRawOnThreads(model, columns, nRows, nTrees, 2) ?? predictRawColumns(model, columns);
 * ```
 */
export function predictRawOnThreads(
  model: BoosterModel,
  columns: readonly Float64Array[],
  nRows: number,
  nTrees: number,
  threads: number,
): Float64Array | null {
  const pool = trainerPool(threads);
  if (pool === null) return null;
  const forest = packForest(model.trees, nTrees, model.numTreePerIteration, { shared: true });
  const used = new Uint8Array(columns.length);
  for (const f of forest.feature) used[f] = 1;
  // only the columns a split reads are copied; the others stay empty
  const shared = columns.map((c, f) => {
    if (used[f] === 0) return new Float64Array(0);
    if (isShared(c)) return c;
    const s = new Float64Array(new SharedArrayBuffer(8 * nRows));
    s.set(c.subarray(0, nRows));
    return s;
  });
  const out = new Float64Array(new SharedArrayBuffer(8 * nRows * forest.k));
  const rowsPerTask = predictTaskRows(nRows, nTrees, threads);
  const parts: PredictParts = { forest, columns: shared, out, nRows, rowsPerTask };
  const id = pool.attachPrediction(parts);
  try {
    pool.run(id, 0, Math.ceil(nRows / rowsPerTask), threads - 1, new PredictTasks(parts));
  } finally {
    pool.detach(id);
  }
  // a private copy: the workers let go of the shared output only when they next collect
  return out.slice();
}
