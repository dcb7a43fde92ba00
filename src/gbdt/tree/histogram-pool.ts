/**
 * A free list of per-leaf histogram buffers, shared by the learners of one thread. A learner takes
 * `num_leaves` buffers when it is built and gives them back when its session ends, so the folds of
 * a cross-validation and the trials of a tuning study reuse the same memory instead of allocating
 * (and zero-filling, and later collecting) up to `num_leaves * 2 * totalBins` doubles per fold.
 * Buffers are keyed by length (one length per binned dataset) and memory (shared with the trainer
 * threads or plain: a learner on one thread takes plain ones, whose `fill` is several times
 * faster); a learner zeroes a histogram before
 * building it, so a reused buffer needs no clearing. LightGBM keeps a histogram pool per learner
 * for the same reason (`histogram_pool_size`, anchor `src/treelearner/feature_histogram.hpp`).
 *
 * Measured on breast_cancer, 40 tuning trials x 5 folds (num_leaves up to 256): see the commit.
 */

/** The most memory the free lists keep; buffers given back beyond it are left to the collector. */
const MAX_POOLED_BYTES = 256 * 1024 * 1024;

/** Free lists by length: of plain memory, and of shared memory. */
const free = [new Map<number, Float64Array[]>(), new Map<number, Float64Array[]>()] as const;
let pooledBytes = 0;

/** Options of {@link acquireHistograms}. */
export interface AcquireHistogramsOptions {
  /**
   * Buffers over a `SharedArrayBuffer` (a learner running on threads hands its histograms to the
   * workers), else over plain memory. Default true.
   */
  shared?: boolean;
}

/**
 * `count` histogram buffers of `length` doubles each, reused when the pool has them.
 *
 * @example
 * ```ts
 * const hists = acquireHistograms(2 * totalBins, numLeaves, { shared: false });
 * // ... grow trees ...
 * releaseHistograms(hists);
 * ```
 */
export function acquireHistograms(length: number, count: number, { shared = true }: AcquireHistogramsOptions = {}): Float64Array[] {
  const list = free[shared ? 1 : 0].get(length);
  const out: Float64Array[] = [];
  while (out.length < count && list !== undefined && list.length > 0) {
    const h = list.pop() as Float64Array;
    pooledBytes -= h.byteLength;
    out.push(h);
  }
  while (out.length < count) out.push(new Float64Array(shared ? new SharedArrayBuffer(8 * length) : new ArrayBuffer(8 * length)));
  return out;
}

/** Gives buffers back to the pool (the caller must not use them afterwards). */
export function releaseHistograms(hists: readonly Float64Array[]): void {
  for (const h of hists) {
    if (pooledBytes + h.byteLength > MAX_POOLED_BYTES) return;
    const lists = free[h.buffer instanceof SharedArrayBuffer ? 1 : 0];
    let list = lists.get(h.length);
    if (list === undefined) {
      list = [];
      lists.set(h.length, list);
    }
    list.push(h);
    pooledBytes += h.byteLength;
  }
}

/** Bytes held by the free lists (for tests and benchmarks). */
export function pooledHistogramBytes(): number {
  return pooledBytes;
}
