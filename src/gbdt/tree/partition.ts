/**
 * The rows of every leaf in one `Uint32Array`: leaf l holds `indices[leafBegin[l] .. + leafCount[l])`
 * (anchor: LightGBM `src/treelearner/data_partition.hpp`). A split partitions the leaf's range in
 * place, stably: rows going left first (they keep the leaf id), then rows going right (the new leaf).
 * Indices are local training-row indices; `rows` (when not null) maps them to rows of the bins.
 * The rows' gradient pairs travel with them (`gh`, LightGBM's ordered gradients kept ordered), so a
 * leaf's gradients are always the contiguous range `gh[2 * leafBegin .. 2 * (leafBegin + leafCount))`
 * and building its histogram needs no scattered gather.
 */
import type { BinColumn } from '../../data/binned-dataset.js';

/**
 * @example
 * ```ts
 * const p = new DataPartition(n, 31);
 * p.init(null, n, grad, hess);           // all rows in leaf 0, with their gradient pairs
 * p.split(0, 1, col, 1, 0, null, goLeft);  // goLeft[bin] = 1 for bins going left
 * ```
 */
export class DataPartition {
  readonly indices: Uint32Array;
  readonly leafBegin: Int32Array;
  readonly leafCount: Int32Array;
  /** Gradient/hessian pairs in partition order. */
  readonly gh: Float32Array;
  private readonly tmp: Uint32Array;
  private readonly tmpGh: Float32Array;

  constructor(nRows: number, numLeaves: number) {
    this.indices = new Uint32Array(nRows);
    this.tmp = new Uint32Array(nRows);
    this.gh = new Float32Array(2 * nRows);
    this.tmpGh = new Float32Array(2 * nRows);
    this.leafBegin = new Int32Array(numLeaves);
    this.leafCount = new Int32Array(numLeaves);
  }

  /**
   * Puts rows 0..count-1 (bag null) or bag[0..count) in leaf 0, with their gradients and hessians
   * (by row) stored as float32 pairs — LightGBM keeps gradients in float32 (score_t) too.
   */
  init(bag: Uint32Array | null, count: number, grad: Float32Array, hess: Float32Array): void {
    const idx = this.indices;
    const pg = this.gh;
    if (bag === null) {
      for (let i = 0; i < count; i++) {
        idx[i] = i;
        pg[2 * i] = grad[i] as number;
        pg[2 * i + 1] = hess[i] as number;
      }
    } else {
      for (let k = 0; k < count; k++) {
        const i = bag[k] as number;
        idx[k] = i;
        pg[2 * k] = grad[i] as number;
        pg[2 * k + 1] = hess[i] as number;
      }
    }
    this.leafBegin.fill(0);
    this.leafCount.fill(0);
    this.leafCount[0] = count;
  }

  /**
   * Splits `leaf`: rows whose bin b (`col[row * stride + off]`) has goLeft[b] = 1 stay, the others
   * move to `newLeaf`. Returns the left count.
   */
  split(leaf: number, newLeaf: number, col: BinColumn, stride: number, off: number, rows: Uint32Array | null, goLeft: Uint8Array): number {
    const begin = this.leafBegin[leaf] as number;
    const cnt = this.leafCount[leaf] as number;
    const idx = this.indices;
    const tmp = this.tmp;
    const pg = this.gh;
    const tg = this.tmpGh;
    let l = begin;
    let r = 0;
    const end = begin + cnt;
    if (rows === null) {
      // branch-free (the side is data): loads of later rows are not held up by mispredictions
      for (let j = begin; j < end; j++) {
        const i = idx[j] as number;
        const left = goLeft[col[i * stride + off] as number] as number;
        const g = pg[2 * j] as number;
        const h = pg[2 * j + 1] as number;
        idx[l] = i;
        pg[2 * l] = g;
        pg[2 * l + 1] = h;
        tmp[r] = i;
        tg[2 * r] = g;
        tg[2 * r + 1] = h;
        l += left;
        r += 1 - left;
      }
    } else {
      for (let j = begin; j < end; j++) {
        const i = idx[j] as number;
        const left = goLeft[col[(rows[i] as number) * stride + off] as number] as number;
        const g = pg[2 * j] as number;
        const h = pg[2 * j + 1] as number;
        idx[l] = i;
        pg[2 * l] = g;
        pg[2 * l + 1] = h;
        tmp[r] = i;
        tg[2 * r] = g;
        tg[2 * r + 1] = h;
        l += left;
        r += 1 - left;
      }
    }
    idx.set(tmp.subarray(0, r), l);
    pg.set(tg.subarray(0, 2 * r), 2 * l);
    const leftCount = l - begin;
    this.leafCount[leaf] = leftCount;
    this.leafBegin[newLeaf] = l;
    this.leafCount[newLeaf] = r;
    return leftCount;
  }
}
