/**
 * Each cv fold's training rows and validation rows copied into datasets of their own
 * (BinnedDataset.takeRows): the hot loops then read a fold's row i at index i, in order, with no
 * row-index indirection — the partition, histograms, out-of-bag and validation scoring (letter,
 * 26 classes: about 10-15% less cv time). Made once per dataset and folds and reused by every cv on
 * them (a study's trials); tuning with worker threads makes them once in shared memory and hands
 * them to every worker. Models come out the same bits with or without copies.
 */
import type { BinnedDataset, BinnedDatasetOptions } from '../../data/binned-dataset.js';
import type { Fold } from '../../data/split.js';
import { DataError } from '../../core/errors.js';

/**
 * `foldCopyBudgetBytes`: folds are copied while all the copies (every fold's training and
 * validation rows) take at most this many bytes; 0 never copies. Larger data trains on the shared
 * bins through the folds' row lists.
 */
export const cvSwitches = { foldCopyBudgetBytes: 256 * 1024 * 1024 };

/** One fold's rows, copied. */
export interface FoldCopy {
  train: BinnedDataset;
  valid: BinnedDataset;
}

/** Copies per dataset and row array (a fold's train or valid). */
const copies = new WeakMap<BinnedDataset, WeakMap<Uint32Array, BinnedDataset>>();

function withinBudget(binned: BinnedDataset, nFolds: number): boolean {
  let bytesPerRow = binned.rowBins !== null ? binned.rowStride : 0;
  for (const col of binned.bins) bytesPerRow += col.BYTES_PER_ELEMENT;
  return bytesPerRow * binned.nRows * nFolds <= cvSwitches.foldCopyBudgetBytes;
}

function perDataset(binned: BinnedDataset): WeakMap<Uint32Array, BinnedDataset> {
  let m = copies.get(binned);
  if (m === undefined) {
    m = new WeakMap();
    copies.set(binned, m);
  }
  return m;
}

function copyOf(binned: BinnedDataset, rows: Uint32Array, options: BinnedDatasetOptions): BinnedDataset {
  const m = perDataset(binned);
  // a given allocator asks for new copies in its memory (shared, for workers)
  const hit = options.allocate === undefined ? m.get(rows) : undefined;
  if (hit !== undefined) return hit;
  const copy = binned.takeRows(rows, options);
  m.set(rows, copy);
  return copy;
}

/**
 * The folds' copies (cached ones, or new ones in memory from `allocate` when given), or null when
 * they would exceed `cvSwitches.foldCopyBudgetBytes`.
 *
 * @example
 * ```ts
 * const shared = foldCopiesFor(binned, folds, { allocate: (n) => new SharedArrayBuffer(n) });
 * ```
 */
export function foldCopiesFor(binned: BinnedDataset, folds: readonly Fold[], options: BinnedDatasetOptions = {}): FoldCopy[] | null {
  if (!withinBudget(binned, folds.length)) return null;
  return folds.map((f) => ({ train: copyOf(binned, f.train, options), valid: copyOf(binned, f.valid, options) }));
}

/**
 * Makes cv on `binned` with `folds` use `given` (fold i's rows copied in given[i], by
 * {@link foldCopiesFor}, e.g. in another thread over shared memory) instead of making its own.
 *
 * @example
 * ```ts
 * adoptFoldCopies(binned, settings.folds, copies); // in a worker, once
 * ```
 */
export function adoptFoldCopies(binned: BinnedDataset, folds: readonly Fold[], given: readonly FoldCopy[]): void {
  if (given.length !== folds.length) throw new DataError(`adoptFoldCopies: ${given.length} copies for ${folds.length} folds`);
  const m = perDataset(binned);
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f];
    const copy = given[f];
    for (const part of ['train', 'valid'] as const) {
      if (copy[part].nRows !== fold[part].length) {
        throw new DataError(`adoptFoldCopies: fold ${f} has ${fold[part].length} ${part} rows, its copy ${copy[part].nRows}`);
      }
      m.set(fold[part], copy[part]);
    }
  }
}
