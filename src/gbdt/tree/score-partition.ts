/**
 * Adds a just-grown tree's output to the scores of rows that did not train it (out-of-bag rows,
 * validation rows): the rows are partitioned by the tree's splits in the order they were made, with
 * the training rows' {@link DataPartition}, then each leaf's value is added to its rows. Every step is
 * a branch-free pass over one leaf's rows with the node's column and bin table fixed; walking the
 * tree row by row was a chain of dependent loads per level, twice as slow on letter (26 classes).
 * LightGBM walks the tree (`Tree::AddPredictionToScore`); the sums are the same.
 */
import type { BinColumn, BinView } from '../../data/binned-dataset.js';
import { DataPartition } from './partition.js';
import type { Tree } from './tree.js';

/** The learner's record of the last tree's splits, at bin level. */
export interface BinSplits {
  /** node → the leaf it split (the new right leaf is node + 1) */
  nodeLeaf: Int32Array;
  /** node → inner feature */
  nodeFeature: Int32Array;
  /** node → its bin table: 1 = the bin goes left */
  nodeTables: Uint8Array[];
}

/**
 * @example
 * ```ts
 * const scoring = new ScorePartition(numLeaves);
 * scoring.add(tree, splits, valid.view, null, null, valid.nRows, score, 0);
 * ```
 */
export class ScorePartition {
  private readonly numLeaves: number;
  private part: DataPartition | null = null;

  constructor(numLeaves: number) {
    this.numLeaves = numLeaves;
  }

  /**
   * Adds the tree's output to `score[offset + which[k]]` for rows `which[k]` (k < count; `which`
   * null: 0..count-1) of `bins`, mapped to rows of `bins` through `rowMap` when not null.
   */
  add(tree: Tree, splits: BinSplits, bins: BinView, which: Uint32Array | null, rowMap: Uint32Array | null, count: number, score: Float64Array, offset: number): void {
    let part = this.part;
    if (part === null || part.indices.length < count) {
      part = new DataPartition(count, this.numLeaves);
      this.part = part;
    }
    part.init(which, count);
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      const f = splits.nodeFeature[node];
      part.split(splits.nodeLeaf[node], node + 1, bins.cols[f], bins.stride, bins.offsets[f], rowMap, splits.nodeTables[node]);
    }
    const idx = part.indices;
    const lv = tree.leafValue;
    for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
      const v = lv[leaf];
      const b0 = part.leafBegin[leaf];
      const end = b0 + part.leafCount[leaf];
      for (let j = b0; j < end; j++) {
        const s = offset + idx[j];
        score[s] = score[s] + v;
      }
    }
  }
}
