/**
 * Adds a just-grown tree's output to the scores of rows that did not train it (out-of-bag rows,
 * validation rows): the rows are partitioned by the tree's splits in the order they were made, as
 * the training rows were (partition.ts), then each leaf's value is added to its rows. Every step is
 * a branch-free pass over one leaf's rows with the node's column and bin table fixed; walking the
 * tree row by row was a chain of dependent loads per level, twice as slow on letter (26 classes).
 * LightGBM walks the tree (`Tree::AddPredictionToScore`); the sums are the same.
 */
import type { BinColumn, BinView } from '../../data/binned-dataset.js';
import type { Tree } from './tree.js';

/** The learner's record of the last tree's splits, at bin level. */
export interface BinSplits {
  /** node → the leaf it split (the new right leaf is node + 1) */
  nodeLeaf: Int32Array;
  /** node → inner feature */
  nodeFeature: Int32Array;
  /** node's bin table at node * maxNumBin: 1 = the bin goes left */
  nodeTable: Uint8Array;
  maxNumBin: number;
}

interface Buffers {
  idx: Uint32Array;
  tmp: Uint32Array;
  pos: Uint32Array;
  slot: Uint32Array;
  begin: Int32Array;
  cnt: Int32Array;
}

/**
 * @example
 * ```ts
 * const scoring = new ScorePartition(numLeaves);
 * scoring.add(tree, splits, valid.view, null, null, valid.nRows, score, 0, true);
 * ```
 */
export class ScorePartition {
  private readonly numLeaves: number;
  private bufs: Buffers | null = null;

  constructor(numLeaves: number) {
    this.numLeaves = numLeaves;
  }

  /**
   * Adds the tree's output to `score[offset + k]` (`score[offset + which[k]]` when
   * `scoreIndexIsRow`) for rows `which[k]` (k < count; `which` null: 0..count-1) of `bins`,
   * mapped through `rowMap` when not null.
   */
  add(tree: Tree, splits: BinSplits, bins: BinView, which: Uint32Array | null, rowMap: Uint32Array | null, count: number, score: Float64Array, offset: number, scoreIndexIsRow: boolean): void {
    const lv = tree.leafValue;
    if (tree.numLeaves <= 1) {
      const v = lv[0] as number;
      for (let k = 0; k < count; k++) {
        const local = which === null ? k : (which[k] as number);
        const s = offset + (scoreIndexIsRow ? local : k);
        score[s] = (score[s] as number) + v;
      }
      return;
    }
    const sp = this.buffers(count);
    const idx = sp.idx;
    const tmp = sp.tmp;
    const pos = sp.pos;
    const slot = sp.slot;
    const begin = sp.begin;
    const cnt = sp.cnt;
    const stride = bins.stride;
    // direct: the partition holds the rows themselves (bins row = score index), no per-row tables
    const direct = rowMap === null && scoreIndexIsRow;
    for (let k = 0; k < count; k++) {
      const local = which === null ? k : (which[k] as number);
      if (direct) idx[k] = local;
      else {
        pos[k] = (rowMap === null ? local : (rowMap[local] as number)) * stride;
        slot[k] = offset + (scoreIndexIsRow ? local : k);
        idx[k] = k;
      }
    }
    begin[0] = 0;
    cnt[0] = count;
    const mnb = splits.maxNumBin;
    const tbl = splits.nodeTable;
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      const leaf = splits.nodeLeaf[node] as number;
      const right = node + 1;
      const f = splits.nodeFeature[node] as number;
      const col = bins.cols[f] as BinColumn;
      const off = bins.offsets[f] as number;
      const tb = node * mnb;
      const b0 = begin[leaf] as number;
      const end = b0 + (cnt[leaf] as number);
      let l = b0;
      let r = 0;
      if (direct) {
        for (let j = b0; j < end; j++) {
          const i = idx[j] as number;
          const left = tbl[tb + (col[i * stride + off] as number)] as number;
          idx[l] = i;
          tmp[r] = i;
          l += left;
          r += 1 - left;
        }
      } else {
        for (let j = b0; j < end; j++) {
          const k = idx[j] as number;
          const left = tbl[tb + (col[(pos[k] as number) + off] as number)] as number;
          idx[l] = k;
          tmp[r] = k;
          l += left;
          r += 1 - left;
        }
      }
      idx.set(tmp.subarray(0, r), l);
      cnt[leaf] = l - b0;
      begin[right] = l;
      cnt[right] = r;
    }
    for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
      const v = lv[leaf] as number;
      const b0 = begin[leaf] as number;
      const end = b0 + (cnt[leaf] as number);
      if (direct) {
        for (let j = b0; j < end; j++) {
          const s = offset + (idx[j] as number);
          score[s] = (score[s] as number) + v;
        }
      } else {
        for (let j = b0; j < end; j++) {
          const s = slot[idx[j] as number] as number;
          score[s] = (score[s] as number) + v;
        }
      }
    }
  }

  /** Buffers for `count` rows, grown when too small. */
  private buffers(count: number): Buffers {
    const b = this.bufs;
    if (b !== null && b.idx.length >= count) return b;
    const L = this.numLeaves;
    const fresh = { idx: new Uint32Array(count), tmp: new Uint32Array(count), pos: new Uint32Array(count), slot: new Uint32Array(count), begin: new Int32Array(L), cnt: new Int32Array(L) };
    this.bufs = fresh;
    return fresh;
  }
}
