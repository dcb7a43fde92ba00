/**
 * The growing tree as the monotone constraints' walks read it, and the walk of the intermediate
 * method: after a split, go up from the new node and down into the subtrees beside the path to find
 * the leaves whose bounds the two new leaves' outputs tighten. Anchor: LightGBM's
 * `IntermediateLeafConstraints` (`src/treelearner/monotone_constraints.hpp`: `GoUpToFindLeavesToUpdate`,
 * `GoDownToFindLeavesToUpdate`, `ShouldKeepGoingLeftRight`, `OppositeChildShouldBeUpdated`).
 */
import type { SplitInfo } from './split-info.js';
import type { Tree } from './tree.js';

/**
 * The splits of a tree at bin level, with parents and depths, kept up to date by
 * {@link MonotoneTree.split}; children and leaf outputs are read from the {@link Tree} itself
 * (a child `c < 0` is leaf `~c`, as in LightGBM).
 *
 * @example
 * ```ts
 * const t = new MonotoneTree(types, 31);
 * t.reset(tree);
 * t.split(0, 1, feature, thresholdBin, true);
 * ```
 */
export class MonotoneTree {
  /** Monotone direction per inner feature. */
  readonly types: Int8Array;
  /** LightGBM's node_parent_: the node above each node (-1 for the root). */
  readonly nodeParent: Int32Array;
  readonly leafParent: Int32Array;
  readonly leafDepth: Int32Array;
  /** Per node: inner feature, threshold bin, 1 when numerical. */
  readonly nodeFeature: Int32Array;
  readonly nodeThreshold: Int32Array;
  readonly nodeNumerical: Uint8Array;
  private tree: Tree | null = null;

  constructor(types: Int8Array, numLeaves: number) {
    this.types = types;
    this.nodeParent = new Int32Array(numLeaves);
    this.leafParent = new Int32Array(numLeaves);
    this.leafDepth = new Int32Array(numLeaves);
    this.nodeFeature = new Int32Array(numLeaves);
    this.nodeThreshold = new Int32Array(numLeaves);
    this.nodeNumerical = new Uint8Array(numLeaves);
  }

  /** Starts a tree: one leaf. */
  reset(tree: Tree): void {
    this.tree = tree;
    this.nodeParent.fill(-1);
    this.leafParent[0] = -1;
    this.leafDepth[0] = 0;
  }

  /** Records the split of `leaf` into `leaf` (left) and `newLeaf` (right) by node `newLeaf - 1`. */
  split(leaf: number, newLeaf: number, feature: number, threshold: number, numerical: boolean): void {
    const node = newLeaf - 1;
    this.nodeParent[node] = this.leafParent[leaf];
    this.nodeFeature[node] = feature;
    this.nodeThreshold[node] = threshold;
    this.nodeNumerical[node] = numerical ? 1 : 0;
    this.leafParent[leaf] = node;
    this.leafParent[newLeaf] = node;
    const depth = this.leafDepth[leaf] + 1;
    this.leafDepth[leaf] = depth;
    this.leafDepth[newLeaf] = depth;
  }

  left(node: number): number {
    return (this.tree as Tree).leftChild[node];
  }

  right(node: number): number {
    return (this.tree as Tree).rightChild[node];
  }

  /** The current (unshrunk) output of a leaf. */
  output(leaf: number): number {
    return (this.tree as Tree).leafValue[leaf];
  }
}

/**
 * The splits passed going up from a leaf that matter going down (LightGBM's three vectors
 * `features_of_splits_going_up_from_original_leaf`, `thresholds_...`, `was_original_leaf_right_child_of_split`).
 */
export class UpPath {
  readonly features: number[] = [];
  readonly thresholds: number[] = [];
  readonly wasRight: boolean[] = [];

  clear(): void {
    this.features.length = 0;
    this.thresholds.length = 0;
    this.wasRight.length = 0;
  }

  push(inRight: boolean, threshold: number, feature: number): void {
    this.wasRight.push(inRight);
    this.thresholds.push(threshold);
    this.features.push(feature);
  }
}

/**
 * LightGBM's OppositeChildShouldBeUpdated: going up through a numerical split on `feature`, the
 * other child can only hold leaves next to the original one unless the path already went up on the
 * same side of a split on that feature. Categorical splits: never.
 */
export function oppositeChildMatters(numerical: boolean, path: UpPath, feature: number, inRight: boolean): boolean {
  if (!numerical) return false;
  for (let i = 0; i < path.features.length; i++) if (path.features[i] === feature && path.wasRight[i] === inRight) return false;
  return true;
}

/** Bit 1: go left, bit 2: go right (LightGBM's ShouldKeepGoingLeftRight). */
export const KEEP_LEFT = 1;
export const KEEP_RIGHT = 2;

/**
 * LightGBM's ShouldKeepGoingLeftRight: which children of `node` can hold leaves next to the
 * original leaf, given the splits passed going up (a split on the same feature bounds the side).
 */
export function keepGoing(t: MonotoneTree, node: number, path: UpPath): number {
  let left = true;
  let right = true;
  if (t.nodeNumerical[node] === 1) {
    const feature = t.nodeFeature[node];
    const thr = t.nodeThreshold[node];
    for (let i = 0; i < path.features.length; i++) {
      if (path.features[i] !== feature) continue;
      if (thr >= path.thresholds[i] && !path.wasRight[i]) {
        right = false;
        if (!left) break;
      }
      if (thr <= path.thresholds[i] && path.wasRight[i]) {
        left = false;
        if (!right) break;
      }
    }
  }
  return (left ? KEEP_LEFT : 0) | (right ? KEEP_RIGHT : 0);
}

/** What a leaf's bounds are updated by: a new bound, and whether it moved (LightGBM's entries). */
export interface BoundUpdates {
  /** Raises the leaf's lower bound to `v` when higher; true when the leaf must be searched again. */
  updateMinChanged(leaf: number, v: number): boolean;
  /** Lowers the leaf's upper bound to `v` when lower; true when the leaf must be searched again. */
  updateMaxChanged(leaf: number, v: number): boolean;
}

/** The split just made, as the walk reads it. */
interface NewSplit {
  feature: number;
  threshold: number;
  leftOutput: number;
  rightOutput: number;
}

/**
 * The leaves whose bounds the split just made at node `newLeaf - 1` tightens (pushed to `out`, each
 * once per bound that moved), their bounds updated (LightGBM's GoUpToFindLeavesToUpdate).
 * `best[leaf].gain` -Infinity marks a leaf that will not be split (left alone).
 *
 * @example
 * ```ts
 * const leaves: number[] = [];
 * leavesToUpdate(t, entries, right, split, bests, path, leaves);
 * ```
 */
export function leavesToUpdate(
  t: MonotoneTree,
  entries: BoundUpdates,
  newLeaf: number,
  split: Readonly<SplitInfo>,
  feature: number,
  best: readonly SplitInfo[],
  path: UpPath,
  out: number[],
): void {
  path.clear();
  const s: NewSplit = { feature, threshold: split.threshold, leftOutput: split.leftOutput, rightOutput: split.rightOutput };
  let node = t.leafParent[newLeaf];
  for (;;) {
    const parent = t.nodeParent[node];
    if (parent === -1) return;
    const inner = t.nodeFeature[parent];
    const type = t.types[inner];
    const inRight = t.right(parent) === node;
    if (oppositeChildMatters(t.nodeNumerical[parent] === 1, path, inner, inRight)) {
      if (type !== 0) {
        const leftIsCurrent = t.left(parent) === node;
        const opposite = leftIsCurrent ? t.right(parent) : t.left(parent);
        const updateMax = type < 0 ? leftIsCurrent : !leftIsCurrent;
        goDown(t, entries, opposite, path, updateMax, s, true, true, best, out);
      }
      path.push(inRight, t.nodeThreshold[parent], inner);
    }
    node = parent;
  }
}

/** LightGBM's GoDownToFindLeavesToUpdate. */
function goDown(
  t: MonotoneTree,
  entries: BoundUpdates,
  node: number,
  path: UpPath,
  updateMax: boolean,
  s: NewSplit,
  useLeft: boolean,
  useRight: boolean,
  best: readonly SplitInfo[],
  out: number[],
): void {
  if (node < 0) {
    const leaf = ~node;
    if (best[leaf].gain === -Infinity) return;
    // next to both new leaves: beyond both outputs; next to one: beyond its output
    let lo: number;
    let hi: number;
    if (useRight && useLeft) {
      lo = s.leftOutput < s.rightOutput ? s.leftOutput : s.rightOutput;
      hi = s.leftOutput < s.rightOutput ? s.rightOutput : s.leftOutput;
    } else if (useRight) {
      lo = s.rightOutput;
      hi = s.rightOutput;
    } else {
      lo = s.leftOutput;
      hi = s.leftOutput;
    }
    const changed = updateMax ? entries.updateMaxChanged(leaf, lo) : entries.updateMinChanged(leaf, hi);
    if (changed) out.push(leaf);
    return;
  }
  const keep = keepGoing(t, node, path);
  let leftForRight = true;
  let rightForLeft = true;
  // a split on the new split's feature: its children are next to one new leaf only
  if (t.nodeNumerical[node] === 1 && t.nodeFeature[node] === s.feature) {
    const thr = t.nodeThreshold[node];
    if (thr >= s.threshold) leftForRight = false;
    if (thr <= s.threshold) rightForLeft = false;
  }
  if ((keep & KEEP_LEFT) !== 0) goDown(t, entries, t.left(node), path, updateMax, s, useLeft, rightForLeft && useRight, best, out);
  if ((keep & KEEP_RIGHT) !== 0) goDown(t, entries, t.right(node), path, updateMax, s, leftForRight && useLeft, useRight, best, out);
}
