/**
 * Sharing one copy of a {@link BinnedDataset} with worker threads: bins are built into
 * `SharedArrayBuffer`s (BinnedDataset.fromDataset's `allocate` option), the parts are posted to a
 * worker (typed arrays over shared memory are shared, not copied, by `postMessage`), and the worker
 * rebuilds a BinnedDataset over the same memory.
 *
 * Workaround: BinnedDataset has no public constructor from parts, so {@link binnedFromParts}
 * calls its private constructor and restores the BinMapper prototype after structured cloning.
 * A public `BinnedDataset.fromParts(parts)` in the trainer would replace it.
 */
import { BinMapper } from '../../data/bin-mapper.js';
import { BinnedDataset, type BinColumn } from '../../data/binned-dataset.js';
import type { Dataset } from '../../data/dataset.js';
import type { BinningParams } from '../../data/binned-dataset.js';
import type { RowMeta } from '../../data/row-meta.js';

/** What a worker needs to rebuild the bins (structured-cloneable; bins stay shared). */
export interface BinnedParts {
  nRows: number;
  features: BinnedDataset['features'];
  mappers: BinMapper[];
  usedFeatures: Int32Array;
  bins: BinColumn[];
  rowBins: Uint8Array | null;
  target: BinnedDataset['target'];
  binning: BinnedDataset['binning'];
  /** Row weights, initial scores and query boundaries (copied to the worker: one number per row, small beside the bins). */
  meta: RowMeta;
  lightgbmOrder: Int32Array | null;
}

/**
 * Bins a dataset into shared memory.
 *
 * @example
 * ```ts
 * const binned = sharedBinnedDataset(data, { feature_pre_filter: false });
 * worker.postMessage(binnedParts(binned));
 * ```
 */
export function sharedBinnedDataset(data: Dataset, params: BinningParams): BinnedDataset {
  return BinnedDataset.fromDataset(data, params, { allocate: (bytes) => new SharedArrayBuffer(bytes) });
}

/** The parts of a binned dataset to post to a worker. */
export function binnedParts(b: BinnedDataset): BinnedParts {
  return {
    nRows: b.nRows,
    features: b.features,
    mappers: b.mappers,
    usedFeatures: b.usedFeatures,
    bins: b.bins,
    rowBins: b.rowBins,
    target: b.target,
    binning: b.binning,
    meta: { weights: b.weights, weightColumn: b.weightColumn, initScore: b.initScore, queryBoundaries: b.queryBoundaries },
    lightgbmOrder: b.lightgbmOrder,
  };
}

type BinnedCtor = new (
  nRows: number,
  features: BinnedParts['features'],
  mappers: BinMapper[],
  usedFeatures: Int32Array,
  bins: BinColumn[],
  rowBins: Uint8Array | null,
  target: BinnedParts['target'],
  binning: BinnedParts['binning'],
  meta: RowMeta,
  lightgbmOrder: Int32Array | null,
) => BinnedDataset;

/** Rebuilds a BinnedDataset from posted parts (in a worker), over the same shared bins. */
export function binnedFromParts(p: BinnedParts): BinnedDataset {
  const mappers = p.mappers.map((m) => Object.setPrototypeOf(m, BinMapper.prototype) as BinMapper);
  const Ctor = BinnedDataset as unknown as BinnedCtor;
  return new Ctor(p.nRows, p.features, mappers, p.usedFeatures, p.bins, p.rowBins, p.target, p.binning, p.meta, p.lightgbmOrder);
}
