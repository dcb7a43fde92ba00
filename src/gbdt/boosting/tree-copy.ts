/**
 * A deep copy of a {@link Tree} (LightGBM's `Tree` copy constructor), for models built from another
 * model's trees (continued training, refit) so that no two boosters share a mutable tree.
 */
import { Tree } from '../tree/tree.js';

/**
 * A new tree with the same structure, values and counts.
 *
 * @example
 * ```ts
 * const trees = booster.model.trees.map(copyTree);
 * ```
 */
export function copyTree(tree: Tree): Tree {
  const n = tree.numLeaves;
  const t = new Tree(Math.max(2, n));
  t.numLeaves = n;
  t.numCat = tree.numCat;
  t.shrinkage = tree.shrinkage;
  const ni = Math.max(0, n - 1);
  t.splitFeature.set(tree.splitFeature.subarray(0, ni));
  t.splitGain.set(tree.splitGain.subarray(0, ni));
  t.threshold.set(tree.threshold.subarray(0, ni));
  t.decisionType.set(tree.decisionType.subarray(0, ni));
  t.leftChild.set(tree.leftChild.subarray(0, ni));
  t.rightChild.set(tree.rightChild.subarray(0, ni));
  t.internalValue.set(tree.internalValue.subarray(0, ni));
  t.internalWeight.set(tree.internalWeight.subarray(0, ni));
  t.internalCount.set(tree.internalCount.subarray(0, ni));
  t.leafValue.set(tree.leafValue.subarray(0, n));
  t.leafWeight.set(tree.leafWeight.subarray(0, n));
  t.leafCount.set(tree.leafCount.subarray(0, n));
  t.catBoundaries = Int32Array.from(tree.catBoundaries);
  t.catThreshold = Uint32Array.from(tree.catThreshold);
  return t;
}
