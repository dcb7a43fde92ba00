/**
 * TreeSHAP: exact path-dependent SHAP values of one tree for one row (Lundberg, Erion and Lee
 * 2018, "Consistent individualized feature attribution for tree ensembles", Algorithm 2), as
 * LightGBM computes them for `pred_contrib` (`Tree::TreeSHAP`, `ExtendPath`, `UnwindPath`,
 * `UnwoundPathSum` and `ExpectedValue` in `src/io/tree.cpp`). The conditional expectation of a
 * feature left out is the tree's own training cover: a node's children are weighted by their
 * row counts (`internal_count` / `leaf_count`). The row follows the prediction route
 * ({@link decide}: missing values, zero-as-missing and categorical splits as `predict` does).
 */
import { decide } from '../tree/tree-predict.js';
import type { Tree } from '../tree/tree.js';

/**
 * The expected value of the tree's output over its training rows: the leaf values weighted by
 * their counts (LightGBM's `Tree::ExpectedValue`), the tree's share of the bias column.
 *
 * @example
 * ```ts
 * let bias = 0;
 * for (const tree of model.trees) bias += treeExpectedValue(tree);
 * ```
 */
export function treeExpectedValue(tree: Tree): number {
  if (tree.numLeaves <= 1) return tree.leafValue[0];
  const total = tree.internalCount[0];
  let e = 0;
  for (let l = 0; l < tree.numLeaves; l++) e += (tree.leafCount[l] / total) * tree.leafValue[l];
  return e;
}

/**
 * The depth of the deepest leaf (0 for a single leaf): what a {@link ShapPath} must hold.
 *
 * @example
 * ```ts
 * path.ensure(treeMaxDepth(tree));
 * ```
 */
export function treeMaxDepth(tree: Tree): number {
  if (tree.numLeaves <= 1) return 0;
  let max = 0;
  const stackNode: number[] = [0];
  const stackDepth: number[] = [0];
  while (stackNode.length > 0) {
    const node = stackNode.pop() as number;
    const d = (stackDepth.pop() as number) + 1;
    for (const child of [tree.leftChild[node], tree.rightChild[node]]) {
      if (child >= 0) {
        stackNode.push(child);
        stackDepth.push(d);
      } else if (d > max) max = d;
    }
  }
  return max;
}

/**
 * The unique-path scratch of Algorithm 2, as parallel arrays: every recursion level keeps its own
 * copy of the path right after its parent's (LightGBM's `unique_path_data`, (D+1)(D+2)/2
 * elements for a tree of depth D), so nothing is allocated per row.
 *
 * @example
 * ```ts
 * const path = new ShapPath();
 * for (const tree of trees) path.ensure(treeMaxDepth(tree));
 * ```
 */
export class ShapPath {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;

  constructor(maxDepth = 0) {
    const n = ShapPath.size(maxDepth);
    this.feature = new Int32Array(n);
    this.zero = new Float64Array(n);
    this.one = new Float64Array(n);
    this.weight = new Float64Array(n);
  }

  /** Elements needed for a tree of depth `maxDepth`. */
  static size(maxDepth: number): number {
    const len = maxDepth + 1;
    return (len * (len + 1)) / 2 + 1;
  }

  /** Grows the buffers (never shrinks) to hold a tree of depth `maxDepth`. */
  ensure(maxDepth: number): void {
    const n = ShapPath.size(maxDepth);
    if (this.feature.length >= n) return;
    this.feature = new Int32Array(n);
    this.zero = new Float64Array(n);
    this.one = new Float64Array(n);
    this.weight = new Float64Array(n);
  }
}

/** LightGBM's ExtendPath: adds a feature with its zero / one fractions at `depth` of the path at `p`. */
function extendPath(path: ShapPath, p: number, depth: number, zeroFraction: number, oneFraction: number, feature: number): void {
  const w = path.weight;
  path.feature[p + depth] = feature;
  path.zero[p + depth] = zeroFraction;
  path.one[p + depth] = oneFraction;
  w[p + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    w[p + i + 1] += (oneFraction * w[p + i] * (i + 1)) / (depth + 1);
    w[p + i] = (zeroFraction * w[p + i] * (depth - i)) / (depth + 1);
  }
}

/** LightGBM's UnwindPath: removes element `index` from the path at `p` of length `depth + 1`. */
function unwindPath(path: ShapPath, p: number, depth: number, index: number): void {
  const w = path.weight;
  const one = path.one[p + index];
  const zero = path.zero[p + index];
  let nextOne = w[p + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[p + i];
      w[p + i] = (nextOne * (depth + 1)) / ((i + 1) * one);
      nextOne = tmp - (w[p + i] * zero * (depth - i)) / (depth + 1);
    } else {
      w[p + i] = (w[p + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    path.feature[p + i] = path.feature[p + i + 1];
    path.zero[p + i] = path.zero[p + i + 1];
    path.one[p + i] = path.one[p + i + 1];
  }
}

/** LightGBM's UnwoundPathSum: the total weight of the path at `p` with element `index` removed. */
function unwoundPathSum(path: ShapPath, p: number, depth: number, index: number): number {
  const w = path.weight;
  const one = path.one[p + index];
  const zero = path.zero[p + index];
  let nextOne = w[p + depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (nextOne * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      nextOne = w[p + i] - tmp * zero * ((depth - i) / (depth + 1));
    } else {
      total += w[p + i] / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

/** A node's training rows: internal_count for a node, leaf_count for `~leaf`. */
function cover(tree: Tree, node: number): number {
  return node >= 0 ? tree.internalCount[node] : tree.leafCount[~node];
}

/** One level of Algorithm 2's RECURSE; the path of this level starts at `parent + depth`. */
function recurse(
  tree: Tree,
  columns: readonly Float64Array[],
  row: number,
  phi: Float64Array,
  offset: number,
  node: number,
  depth: number,
  path: ShapPath,
  parent: number,
  zeroFraction: number,
  oneFraction: number,
  feature: number,
): void {
  const p = parent + depth;
  if (depth > 0) {
    // copy the parent's path (plain loops: copyWithin's call costs more than these few elements)
    const pf = path.feature;
    const pz = path.zero;
    const po = path.one;
    const pw = path.weight;
    for (let j = 0; j < depth; j++) {
      pf[p + j] = pf[parent + j];
      pz[p + j] = pz[parent + j];
      po[p + j] = po[parent + j];
      pw[p + j] = pw[parent + j];
    }
  }
  extendPath(path, p, depth, zeroFraction, oneFraction, feature);
  if (node < 0) {
    const value = tree.leafValue[~node];
    for (let i = 1; i <= depth; i++) {
      const w = unwoundPathSum(path, p, depth, i);
      phi[offset + path.feature[p + i]] += w * (path.one[p + i] - path.zero[p + i]) * value;
    }
    return;
  }
  const split = tree.splitFeature[node];
  const hot = decide(tree, node, columns[split][row]);
  const cold = hot === tree.leftChild[node] ? tree.rightChild[node] : tree.leftChild[node];
  const w = cover(tree, node);
  const hotZero = cover(tree, hot) / w;
  const coldZero = cover(tree, cold) / w;
  let inZero = 1;
  let inOne = 1;
  // a feature split on before: undo that split so that this node redoes it
  let k = 0;
  for (; k <= depth; k++) if (path.feature[p + k] === split) break;
  let d = depth;
  if (k !== depth + 1) {
    inZero = path.zero[p + k];
    inOne = path.one[p + k];
    unwindPath(path, p, depth, k);
    d -= 1;
  }
  recurse(tree, columns, row, phi, offset, hot, d + 1, path, p, hotZero * inZero, inOne, split);
  recurse(tree, columns, row, phi, offset, cold, d + 1, path, p, coldZero * inZero, 0, split);
}

/**
 * Adds the tree's SHAP values for row `row` of `columns` to `phi[offset + f]` (f = feature index)
 * and its expected value to `phi[offset + nFeatures]` (LightGBM's `Tree::PredictContrib`).
 * `path` must hold the tree's depth ({@link ShapPath.ensure} with {@link treeMaxDepth}).
 *
 * @example
 * ```ts
 * const path = new ShapPath(treeMaxDepth(tree));
 * const phi = new Float64Array(nFeatures + 1);
 * treeShap(tree, columns, 0, phi, 0, nFeatures, path);
 * ```
 */
export function treeShap(tree: Tree, columns: readonly Float64Array[], row: number, phi: Float64Array, offset: number, nFeatures: number, path: ShapPath): void {
  phi[offset + nFeatures] += treeExpectedValue(tree);
  addFeatureShap(tree, columns, row, phi, offset, path);
}

/**
 * {@link treeShap} without the bias: only the features' SHAP values (so that a caller looping
 * over rows adds the tree's expected value, computed once, itself).
 *
 * @example
 * ```ts
 * const e = treeExpectedValue(tree);
 * for (let i = 0; i < nRows; i++) {
 *   addFeatureShap(tree, columns, i, phi, i * (nFeatures + 1), path);
 *   phi[i * (nFeatures + 1) + nFeatures] += e;
 * }
 * ```
 */
export function addFeatureShap(tree: Tree, columns: readonly Float64Array[], row: number, phi: Float64Array, offset: number, path: ShapPath): void {
  if (tree.numLeaves <= 1) return;
  recurse(tree, columns, row, phi, offset, 0, 0, path, 0, 1, 1, -1);
}
