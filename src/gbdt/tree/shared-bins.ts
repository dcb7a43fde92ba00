/**
 * A binned dataset's bins in shared memory, for the trainer threads: the dataset's own arrays when
 * they already are (bins built with a SharedArrayBuffer allocator, as tuning and the CLI build
 * them), else a copy made once per dataset and kept while the dataset lives.
 */
import type { BinColumn, BinnedDataset } from '../../data/binned-dataset.js';

/** The bins a trainer thread reads. */
export interface SharedBins {
  rowBins: Uint8Array | null;
  cols: BinColumn[];
}

const copies = new WeakMap<BinnedDataset, SharedBins>();

const isShared = (a: ArrayBufferView): boolean => a.buffer instanceof SharedArrayBuffer;

function sharedCopy<T extends Uint8Array | Uint16Array>(a: T): T {
  const out = (a instanceof Uint8Array ? new Uint8Array(new SharedArrayBuffer(a.byteLength)) : new Uint16Array(new SharedArrayBuffer(a.byteLength))) as T;
  out.set(a);
  return out;
}

/**
 * `data`'s bins in shared memory (copied once when they are not).
 *
 * @example
 * ```ts
 * const { rowBins, cols } = sharedBins(binned);
 * ```
 */
export function sharedBins(data: BinnedDataset): SharedBins {
  const rb = data.rowBins;
  if ((rb === null || isShared(rb)) && data.bins.every(isShared)) return { rowBins: rb, cols: data.bins };
  let hit = copies.get(data);
  if (hit === undefined) {
    hit = { rowBins: rb === null ? null : sharedCopy(rb), cols: data.bins.map((c) => sharedCopy(c)) };
    copies.set(data, hit);
  }
  return hit;
}
