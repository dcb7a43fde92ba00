/**
 * The rows of every leaf in one `Uint32Array`: leaf l holds `indices[leafBegin[l] .. + leafCount[l])`
 * (anchor: LightGBM `src/treelearner/data_partition.hpp`). A split partitions the leaf's range in
 * place, stably: rows going left first (they keep the leaf id), then rows going right (the new leaf).
 * Indices are local training-row indices; `rows` (when not null) maps them to rows of the bins.
 * Only the indices move: the learner gathers a leaf's gradients in order when it builds the leaf's
 * histogram (LightGBM's ordered gradients). Moving the gradient pairs with the rows, as this class
 * did before, wrote three times the bytes per row and split; the gather reads only the smaller
 * child's rows (letter, 26 classes: partition plus histograms about 15% less time).
 *
 * Segments (a learner on T threads has T): the root's entries are cut into T contiguous segments,
 * and a leaf's rows live in one piece per segment (`pieceBegin[l * T + s]`, `pieceCount[...]`); a
 * split partitions each piece within its segment, so the thread that owns a segment only ever
 * writes entries (and reads gradient pairs of rows) that it wrote itself. On a host whose two
 * vCPUs do not share a cache, a line the other core wrote costs ~3x a local one; a partition
 * whose leaves were single ranges moved about half the entries across segments at every split.
 * A leaf's rows in segment order are the rows in the order one range would hold them (every
 * segment's rows come before the next segment's, and a split keeps each piece's order), so
 * `leafBegin`/`leafCount` stay the leaf's range in that logical order, and every result (row
 * blocks, sums) is the same bits at any number of segments. With one segment the pieces are the
 * leaf ranges themselves (`pieceBegin === leafBegin`).
 */
import type { BinColumn } from '../../data/binned-dataset.js';

/**
 * @example
 * ```ts
 * const p = new DataPartition(n, 31);
 * p.init(null, n);                      // all rows in leaf 0
 * p.split(0, 1, col, 1, 0, null, goLeft);  // goLeft[bin] = 1 for bins going left
 * ```
 */
export class DataPartition {
  readonly indices: Uint32Array;
  /** Leaf l's rows: positions leafBegin[l] .. + leafCount[l] in segment order (the entries themselves with one segment). */
  readonly leafBegin: Int32Array;
  readonly leafCount: Int32Array;
  /** Scratch of a split (the rows going right); also a parallel split's left rows. */
  readonly tmp: Uint32Array;
  /** Segments of the entries (1: every leaf one range). */
  readonly segments: number;
  /** Leaf l's entries in segment s: `indices[pieceBegin[l * segments + s] .. + pieceCount[...])`. */
  readonly pieceBegin: Int32Array;
  readonly pieceCount: Int32Array;

  /**
   * `allocate`: the memory of the arrays (a SharedArrayBuffer to share them with threads);
   * `entries`: the entry and scratch arrays (at least nRows each) when they live elsewhere (a
   * learner's shared kernel memory); `segments`: see the class.
   */
  constructor(nRows: number, numLeaves: number, allocate: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes), entries: { indices: Uint32Array; tmp: Uint32Array } | null = null, segments = 1) {
    this.indices = entries?.indices ?? new Uint32Array(allocate(4 * nRows));
    this.tmp = entries?.tmp ?? new Uint32Array(allocate(4 * nRows));
    this.leafBegin = new Int32Array(allocate(4 * numLeaves));
    this.leafCount = new Int32Array(allocate(4 * numLeaves));
    this.segments = Math.max(1, segments);
    this.pieceBegin = this.segments === 1 ? this.leafBegin : new Int32Array(allocate(4 * numLeaves * this.segments));
    this.pieceCount = this.segments === 1 ? this.leafCount : new Int32Array(allocate(4 * numLeaves * this.segments));
  }

  /**
   * Puts rows 0..count-1 (bag null) or bag[0..count) in leaf 0. `rowsWritten`: the caller writes
   * entry i = i (bag null) itself (the learner's root fill does, in row blocks on its threads).
   */
  init(bag: Uint32Array | null, count: number, rowsWritten = false): void {
    const idx = this.indices;
    if (bag !== null) idx.set(bag.subarray(0, count));
    else if (!rowsWritten) for (let i = 0; i < count; i++) idx[i] = i;
    this.leafBegin.fill(0);
    this.leafCount.fill(0);
    this.leafCount[0] = count;
    const n = this.segments;
    if (n === 1) return;
    this.pieceBegin.fill(0);
    this.pieceCount.fill(0);
    for (let s = 0; s < n; s++) {
      const b = segmentStart(count, n, s);
      this.pieceBegin[s] = b;
      this.pieceCount[s] = segmentStart(count, n, s + 1) - b;
    }
  }

  /**
   * Splits `leaf`: rows whose bin b (`col[row * stride + off]`) has goLeft[b] = 1 stay, the others
   * move to `newLeaf` (in each segment). Returns the left count.
   */
  split(leaf: number, newLeaf: number, col: BinColumn, stride: number, off: number, rows: Uint32Array | null, goLeft: Uint8Array): number {
    const n = this.segments;
    let left = 0;
    for (let q = leaf * n, r = newLeaf * n; q < (leaf + 1) * n; q++, r++) {
      const begin = this.pieceBegin[q];
      const cnt = this.pieceCount[q];
      const l = this.splitRange(begin, cnt, col, stride, off, rows, goLeft);
      this.splitPiece(q, r, l);
      left += l;
    }
    this.setCounts(leaf, newLeaf, left);
    return left;
  }

  /**
   * Piece `q` (leaf * segments + s) split in place: its first `left` entries stay, the others
   * become piece `r` (newLeaf * segments + s).
   */
  splitPiece(q: number, r: number, left: number): void {
    const begin = this.pieceBegin[q];
    const count = this.pieceCount[q];
    this.pieceCount[q] = left;
    this.pieceBegin[r] = begin + left;
    this.pieceCount[r] = count - left;
  }

  /**
   * After the pieces of `leaf` were split (`left` rows staying, the others now `newLeaf`'s pieces):
   * the two leaves' ranges in segment order (with one segment the pieces are them).
   */
  setCounts(leaf: number, newLeaf: number, left: number): void {
    if (this.segments === 1) return;
    const count = this.leafCount[leaf];
    this.leafCount[leaf] = left;
    this.leafBegin[newLeaf] = this.leafBegin[leaf] + left;
    this.leafCount[newLeaf] = count - left;
  }

  /** The stable split of entries begin..begin+cnt in place: lefts first, then rights; the left count. */
  private splitRange(begin: number, cnt: number, col: BinColumn, stride: number, off: number, rows: Uint32Array | null, goLeft: Uint8Array): number {
    const idx = this.indices;
    const tmp = this.tmp;
    let l = begin;
    let r = 0;
    const end = begin + cnt;
    if (rows === null) {
      // branch-free (the side is data): loads of later rows are not held up by mispredictions
      for (let j = begin; j < end; j++) {
        const i = idx[j];
        const left = goLeft[col[i * stride + off]];
        idx[l] = i;
        tmp[r] = i;
        l += left;
        r += 1 - left;
      }
    } else {
      for (let j = begin; j < end; j++) {
        const i = idx[j];
        const left = goLeft[col[rows[i] * stride + off]];
        idx[l] = i;
        tmp[r] = i;
        l += left;
        r += 1 - left;
      }
    }
    idx.set(tmp.subarray(0, r), l);
    return l - begin;
  }

  /**
   * Leaf l's rows in order (segment by segment) into `out` from 0; returns their number.
   *
   * @example
   * ```ts
   * const n = part.leafRows(3, scratch); // scratch[0..n): leaf 3's rows
   * ```
   */
  leafRows(l: number, out: Uint32Array): number {
    const n = this.segments;
    let at = 0;
    for (let q = l * n; q < (l + 1) * n; q++) {
      const b = this.pieceBegin[q];
      const c = this.pieceCount[q];
      out.set(this.indices.subarray(b, b + c), at);
      at += c;
    }
    return at;
  }
}

/**
 * The first entry of segment s of `n` over entries 0..count (s = n: count): near-equal ranges
 * whose inner bounds fall on multiples of 16 entries (a 64-byte line of the entries, and of the
 * rows' gradient pairs when the rows are the entries), so that two segments never share a line.
 *
 * @example
 * ```ts
 * segmentStart(1000, 2, 1); // 496
 * ```
 */
export function segmentStart(count: number, n: number, s: number): number {
  if (s >= n) return count;
  return Math.min(count, 16 * Math.round(Math.floor((s * count) / n) / 16));
}
