/**
 * Gradient histograms of a leaf: one `Float64Array` holding every used feature's bins, interleaved
 * `[g, h]`, feature j's bin b at `2 * (binOffsets[j] + b)` (LightGBM's `ConstructHistograms`; the
 * larger child comes from the parent minus the smaller child, `FeatureHistogram::Subtract`).
 * Leaf rows are first gathered into ordered gradient buffers (LightGBM's ordered gradients) so the
 * per-feature loops read gradients sequentially. Loops are split by bin width (Uint8/Uint16) so that
 * each call site stays monomorphic.
 */
import type { BinColumn } from '../../data/binned-dataset.js';

/**
 * Adds feature bins of rows 0..n-1 (all rows, row = index) to `hist`: the root with no row subset.
 *
 * @example
 * ```ts
 * hist.fill(0);
 * histogramAllRows(bins[j], off2, grad, hess, n, hist);
 * ```
 */
export function histogramAllRows(col: BinColumn, off2: number, grad: Float64Array, hess: Float64Array, n: number, hist: Float64Array): void {
  if (col instanceof Uint8Array) allRows8(col, off2, grad, hess, n, hist);
  else allRows16(col, off2, grad, hess, n, hist);
}

function allRows8(col: Uint8Array, off2: number, grad: Float64Array, hess: Float64Array, n: number, hist: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const s = off2 + ((col[i] as number) << 1);
    hist[s] = (hist[s] as number) + (grad[i] as number);
    hist[s + 1] = (hist[s + 1] as number) + (hess[i] as number);
  }
}

function allRows16(col: Uint16Array, off2: number, grad: Float64Array, hess: Float64Array, n: number, hist: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const s = off2 + ((col[i] as number) << 1);
    hist[s] = (hist[s] as number) + (grad[i] as number);
    hist[s + 1] = (hist[s + 1] as number) + (hess[i] as number);
  }
}

/**
 * Adds the bins of rows `rowIds[0..n)` to `hist`, with the rows' gradients already gathered in
 * order into `og`/`oh` (og[j] is the gradient of row rowIds[j]).
 */
export function histogramRows(col: BinColumn, off2: number, rowIds: Uint32Array, og: Float64Array, oh: Float64Array, n: number, hist: Float64Array): void {
  if (col instanceof Uint8Array) rows8(col, off2, rowIds, og, oh, n, hist);
  else rows16(col, off2, rowIds, og, oh, n, hist);
}

function rows8(col: Uint8Array, off2: number, rowIds: Uint32Array, og: Float64Array, oh: Float64Array, n: number, hist: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const s = off2 + ((col[rowIds[j] as number] as number) << 1);
    hist[s] = (hist[s] as number) + (og[j] as number);
    hist[s + 1] = (hist[s + 1] as number) + (oh[j] as number);
  }
}

function rows16(col: Uint16Array, off2: number, rowIds: Uint32Array, og: Float64Array, oh: Float64Array, n: number, hist: Float64Array): void {
  for (let j = 0; j < n; j++) {
    const s = off2 + ((col[rowIds[j] as number] as number) << 1);
    hist[s] = (hist[s] as number) + (og[j] as number);
    hist[s + 1] = (hist[s + 1] as number) + (oh[j] as number);
  }
}

/** `out[k] = parent[k] - child[k]` over [from, to): the larger child's histogram by subtraction (out may alias parent). */
export function subtractHistogram(parent: Float64Array, child: Float64Array, out: Float64Array, from: number, to: number): void {
  for (let k = from; k < to; k++) out[k] = (parent[k] as number) - (child[k] as number);
}
