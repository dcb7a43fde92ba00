/**
 * Gradient histograms of a leaf: one `Float64Array` holding every used feature's bins, interleaved
 * `[g, h]`, feature j's bin b at `2 * (binOffsets[j] + b)` (LightGBM's `ConstructHistograms`; the
 * larger child comes from the parent minus the smaller child, `FeatureHistogram::Subtract`).
 * Leaf rows are first gathered into ordered gradient buffers (LightGBM's ordered gradients) so the
 * per-feature loops read gradients sequentially. The loops themselves are generated, one source
 * specialised per bin width, row source and layout: see `codegen.ts` for why and for the figures.
 * Where WebAssembly SIMD runs (Node 20 does), the learner's row-major histograms are built by the
 * kernels of `wasm-kernels.ts` instead (the same sums, in the same order); these stay for the
 * column layout, sparse leaves and runtimes without it.
 */
import type { BinColumn } from '../../data/binned-dataset.js';
import { columnHistogramKernel, rowMajorKernels, sparseHistogramKernel, type RowMajorKernels } from './codegen.js';

/** Passed where a kernel takes a row list it does not read (keeps its argument types monomorphic). */
const NO_ROWS = new Uint32Array(0);

/**
 * Adds feature bins of rows 0..n-1 (all rows, row = index) to `hist`: the root with no row subset.
 * `gh` holds interleaved float32 gradient/hessian pairs (LightGBM keeps gradients in float32 too).
 *
 * @example
 * ```ts
 * hist.fill(0);
 * histogramAllRows(bins[j], off2, gh, n, hist);
 * ```
 */
export function histogramAllRows(col: BinColumn, off2: number, gh: Float32Array, n: number, hist: Float64Array): void {
  columnHistogramKernel(col instanceof Uint8Array ? 8 : 16, false)(col, NO_ROWS, gh, 0, n, hist, off2);
}

/**
 * Adds the bins of rows `rowIds[0..n)` to `hist`, with the rows' gradients already gathered in
 * order into `ogh` (ogh[2j], ogh[2j+1]: gradient and hessian of row rowIds[j]).
 *
 * @example
 * ```ts
 * histogramRows(bins[j], off2, rowIds, ogh, count, hist);
 * ```
 */
export function histogramRows(col: BinColumn, off2: number, rowIds: Uint32Array, ogh: Float32Array, n: number, hist: Float64Array): void {
  columnHistogramKernel(col instanceof Uint8Array ? 8 : 16, true)(col, rowIds, ogh, 0, n, hist, off2);
}

/**
 * Adds one column's bins of the partition's rows `idx[begin..begin+count)` to a sparse histogram:
 * a bin's first row sets it and its bit in `bm[bmBase + (bin >> 5)]` (histogram bin `hoff + b`),
 * later rows add to it — the same sums, in the same row order, as zeroing and adding every row.
 * The rows' gradient pairs are `gh[2 * local]`; `rows` (or null) maps local rows to rows of `col`.
 *
 * @example
 * ```ts
 * bitmap.fill(0);
 * histogramSparse(bins[j], offsets[j], part.indices, begin, count, null, gh, hist, bitmap, 0);
 * ```
 */
export function histogramSparse(
  col: BinColumn,
  hoff: number,
  idx: Uint32Array,
  begin: number,
  count: number,
  rows: Uint32Array | null,
  gh: Float32Array,
  hist: Float64Array,
  bm: Uint32Array,
  bmBase: number,
): void {
  const kernel = sparseHistogramKernel(col instanceof Uint8Array ? 8 : 16, rows !== null);
  kernel(col, idx, rows ?? NO_ROWS, gh, begin, begin + count, hist, hoff, bm, bmBase);
}

/**
 * `out[k] = parent[k] - child[k]` over [from, to): the larger child's histogram by subtraction (out may alias parent).
 *
 * @example
 * ```ts
 * subtractHistogram(parent, smaller, parent, 0, parent.length); // parent becomes the larger child
 * ```
 */
export function subtractHistogram(parent: Float64Array, child: Float64Array, out: Float64Array, from: number, to: number): void {
  for (let k = from; k < to; k++) out[k] = parent[k] - child[k];
}

/**
 * `parent -= child` over the child's non-empty bins, the set bits of `bm[base .. base + nWords)`
 * (the child is 0 elsewhere, so the rest of the parent stays).
 *
 * @example
 * ```ts
 * subtractSparseHistogram(parent, smaller, bitmap, 0, bitmap.length);
 * ```
 */
export function subtractSparseHistogram(hp: Float64Array, hs: Float64Array, bm: Uint32Array, base: number, nWords: number): void {
  for (let w = 0; w < nWords; w++) {
    let word = bm[base + w] | 0;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      const k = 2 * ((w << 5) + 31 - Math.clz32(low));
      hp[k] = hp[k] - hs[k];
      hp[k + 1] = hp[k + 1] - hs[k + 1];
    }
  }
}

/** Rows copied per chunk before their histogram pass (chunk of 28-byte rows: 112 KB, in L2). */
const CHUNK = 4096;
/** The chunk buffer, shared by every row-major histogram of this thread (used synchronously). */
let chunkWords = new Uint32Array(0);
let chunkBytes = new Uint8Array(0);

/**
 * Histogram builders over row-major bins for one dataset layout (`rowMajorHistogram`): every
 * feature in one pass over a row's bytes, features unrolled with literal histogram offsets.
 * For a leaf's rows (scattered in memory), rows are first copied in chunks into a small contiguous
 * buffer by a loop without dependencies (many loads in flight), then counted sequentially: without
 * the copy, each scattered row costs a cache miss inside the dependent update chain (4.5 ns per
 * row-feature on 1M x 28 with a 10% leaf, vs 1.1 ns sequential).
 *
 * @example
 * ```ts
 * const h = rowMajorHistogram(nF, data.rowStride, off2);
 * h.rows(rowWords, leafRows, orderedGh, leafRows.length, hist);
 * ```
 */
export class RowMajorHistogram {
  private readonly kernels: RowMajorKernels;
  private readonly words: number;

  constructor(kernels: RowMajorKernels, stride: number) {
    this.kernels = kernels;
    this.words = stride >> 2;
  }

  /** Adds rows 0..n-1 (row = index) to `hist`: the root with no row subset. */
  all(rowBins: Uint8Array, gh: Float32Array, n: number, hist: Float64Array): void {
    const blocks = this.kernels.all;
    for (let b = 0; b < blocks.length; b++) blocks[b](rowBins, NO_ROWS, gh, 0, n, hist, 0);
  }

  /**
   * Adds rows `rowIds[0..n)`, their gradient pairs gathered in order into `ogh`. `rowWords` is
   * `rowBins` seen as 32-bit words (the row stride is a multiple of 4 bytes).
   */
  rows(rowWords: Uint32Array, rowIds: Uint32Array, ogh: Float32Array, n: number, hist: Float64Array): void {
    if (chunkWords.length < CHUNK * this.words) {
      chunkWords = new Uint32Array(CHUNK * this.words);
      chunkBytes = new Uint8Array(chunkWords.buffer);
    }
    const { seq, copy } = this.kernels;
    for (let j0 = 0; j0 < n; j0 += CHUNK) {
      const j1 = Math.min(n, j0 + CHUNK);
      copy(rowWords, rowIds, j0, j1, chunkWords);
      for (let b = 0; b < seq.length; b++) seq[b](chunkBytes, NO_ROWS, ogh, j0, j1, hist, 0);
    }
  }
}

/**
 * The row-major histogram builder of a layout: `nF` features, row i's feature f at byte
 * `i * stride + f`, feature f's first histogram slot `off2[f] / 2`.
 *
 * @example
 * ```ts
 * const h = rowMajorHistogram(nF, stride, off2);
 * h.all(rowBins, gh, n, hist);
 * ```
 */
export function rowMajorHistogram(nF: number, stride: number, off2: Int32Array): RowMajorHistogram {
  return new RowMajorHistogram(rowMajorKernels(nF, stride, off2), stride);
}
