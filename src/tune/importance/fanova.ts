/**
 * fANOVA importance (Hutter, Hoos & Leyton-Brown, "An Efficient Approach for Assessing
 * Hyperparameter Importance", ICML 2014), as Optuna's default `FanovaImportanceEvaluator`
 * (`optuna/importance/_fanova/`): fit a random forest on the trials, and for each tree compute the
 * variance of the marginal prediction of each param (its columns) over the search space box,
 * divided by the tree's total variance; the importance is the mean over trees.
 *
 * Each tree is a piecewise-constant function on boxes (its leaves). The marginal of a column group
 * S at `x_S` is `Σ_leaf value · [x_S in leaf_S] · vol(leaf without S) / vol(space without S)`,
 * constant on the cells cut by the tree's thresholds on S; its variance is a weighted sum over those
 * cells. One column (numeric param) uses a sweep over the sorted cells; several (one-hot) the cells' product.
 *
 * @example
 * ```ts
 * const imp = new FanovaImportanceEvaluator({ seed: 0 }).evaluate(study); // { lr: 0.71, depth: 0.2, ... }
 * ```
 */
import type { RegressionTree } from './forest.js';
import { fitImportanceForest } from './forest-fit.js';
import {
  sortByImportance,
  type EvaluateOptions,
  type ImportanceEvaluator,
  type ImportanceStudy,
} from './encode.js';

/** Options of {@link FanovaImportanceEvaluator}. */
export interface FanovaOptions {
  /** Trees in the forest. Default 64 (Optuna's). */
  nTrees?: number;
  /** Maximum tree depth. Default 64 (Optuna's). */
  maxDepth?: number;
  /** Seed of the forest. Default 0. */
  seed?: number;
}

/** See the module comment. */
export class FanovaImportanceEvaluator implements ImportanceEvaluator {
  private readonly nTrees: number;
  private readonly maxDepth: number;
  private readonly seed: number;

  constructor({ nTrees = 64, maxDepth = 64, seed = 0 }: FanovaOptions = {}) {
    this.nTrees = nTrees;
    this.maxDepth = maxDepth;
    this.seed = seed;
  }

  /** Importance per param (not normalized; mean share of each tree's variance), sorted decreasing. */
  evaluate(study: ImportanceStudy, options: EvaluateOptions = {}): Record<string, number> {
    const r = fitImportanceForest(study, options, { nTrees: this.nTrees, maxDepth: this.maxDepth, seed: this.seed });
    if (r === null) return {};
    const { space, fit } = r;
    const out: Record<string, number> = {};
    if (fit === null) {
      for (const p of space) out[p.name] = 0;
      return out;
    }
    const { enc, forest } = fit;
    const sums = new Float64Array(space.length);
    let used = 0;
    for (const tree of forest.trees) {
      const boxes = leafBoxes(tree, enc.colLow, enc.colHigh);
      if (boxes.variance <= 0) continue;
      used++;
      for (let i = 0; i < space.length; i++) {
        sums[i] = sums[i] + marginalVariance(tree, boxes, enc.groups[i], enc.colLow, enc.colHigh) / boxes.variance;
      }
    }
    for (let i = 0; i < space.length; i++) out[space[i].name] = used > 0 ? sums[i] / used : 0;
    return sortByImportance(out);
  }
}

/** A tree's leaves as boxes clipped to the search space, with volume fractions. */
export interface LeafBoxes {
  /** Leaf count. */
  n: number;
  /** Per leaf and column (row-major n × nCols), the box's bounds. */
  lo: Float64Array;
  hi: Float64Array;
  /** Per leaf and column, the fraction of the column's range the box covers. */
  frac: Float64Array;
  value: Float64Array;
  /** Volume fraction of each leaf. */
  volume: Float64Array;
  mean: number;
  variance: number;
  nCols: number;
}

/** The leaves of `tree` as boxes inside `[colLow, colHigh]`, and the tree's mean and variance over the box. */
export function leafBoxes(tree: RegressionTree, colLow: Float64Array, colHigh: Float64Array): LeafBoxes {
  const d = colLow.length;
  const leaves: number[] = [];
  const los: number[][] = [];
  const his: number[][] = [];
  const stack: { node: number; lo: number[]; hi: number[] }[] = [{ node: 0, lo: Array.from(colLow), hi: Array.from(colHigh) }];
  while (stack.length > 0) {
    const { node, lo, hi } = stack.pop()!;
    const f = tree.feature[node];
    if (f < 0) {
      leaves.push(node);
      los.push(lo);
      his.push(hi);
      continue;
    }
    const thr = tree.threshold[node];
    const lhi = hi.slice();
    lhi[f] = Math.min(hi[f], thr);
    const rlo = lo.slice();
    rlo[f] = Math.max(lo[f], thr);
    stack.push({ node: tree.right[node], lo: rlo, hi });
    stack.push({ node: tree.left[node], lo, hi: lhi });
  }
  const n = leaves.length;
  const lo = new Float64Array(n * d);
  const hi = new Float64Array(n * d);
  const frac = new Float64Array(n * d);
  const value = new Float64Array(n);
  const volume = new Float64Array(n);
  let mean = 0;
  for (let l = 0; l < n; l++) {
    let vol = 1;
    for (let j = 0; j < d; j++) {
      const a = los[l][j];
      const b = his[l][j];
      lo[l * d + j] = a;
      hi[l * d + j] = b;
      const w = colHigh[j] - colLow[j];
      const fr = w > 0 ? Math.max(0, b - a) / w : 1;
      frac[l * d + j] = fr;
      vol *= fr;
    }
    value[l] = tree.value[leaves[l]];
    volume[l] = vol;
    mean += vol * value[l];
  }
  let variance = 0;
  for (let l = 0; l < n; l++) variance += volume[l] * (value[l] - mean) ** 2;
  return { n, lo, hi, frac, value, volume, mean, variance, nCols: d };
}

/** The variance of the tree's marginal over the columns `group` (uniform over the search space box). */
export function marginalVariance(
  tree: RegressionTree,
  b: LeafBoxes,
  group: readonly number[],
  colLow: Float64Array,
  colHigh: Float64Array,
): number {
  const d = b.nCols;
  // cut points per column of the group: the tree's thresholds inside the range, plus the bounds
  const cuts: number[][] = group.map((j) => {
    const s = new Set<number>([colLow[j], colHigh[j]]);
    for (let i = 0; i < tree.feature.length; i++) {
      if (tree.feature[i] === j) {
        const t = tree.threshold[i];
        if (t > colLow[j] && t < colHigh[j]) s.add(t);
      }
    }
    return [...s].sort((x, y) => x - y);
  });
  // each leaf's weight outside the group: value × product of the other columns' fractions
  const inGroup = new Uint8Array(d);
  for (const j of group) inGroup[j] = 1;
  const outside = new Float64Array(b.n);
  for (let l = 0; l < b.n; l++) {
    let w = b.value[l];
    for (let j = 0; j < d; j++) if (inGroup[j] === 0) w *= b.frac[l * d + j];
    outside[l] = w;
  }
  if (group.length === 1) {
    const j = group[0];
    const c = cuts[0];
    const nCells = c.length - 1;
    if (nCells <= 0) return 0;
    const diff = new Float64Array(nCells + 1);
    for (let l = 0; l < b.n; l++) {
      const a = b.lo[l * d + j];
      const z = b.hi[l * d + j];
      if (!(z > a)) continue;
      diff[lowerBound(c, a)] += outside[l];
      diff[lowerBound(c, z)] -= outside[l];
    }
    const width = colHigh[j] - colLow[j];
    let acc = 0;
    let v = 0;
    for (let k = 0; k < nCells; k++) {
      acc += diff[k];
      v += ((c[k + 1] - c[k]) / width) * (acc - b.mean) ** 2;
    }
    return v;
  }
  // several columns: enumerate the product of the cells
  const dims = cuts.map((c) => c.length - 1);
  if (dims.some((x) => x <= 0)) return 0;
  const idx = new Array<number>(group.length).fill(0);
  let v = 0;
  for (;;) {
    let w = 1;
    const mid: number[] = [];
    for (let g = 0; g < group.length; g++) {
      const c = cuts[g];
      const j = group[g];
      const k = idx[g];
      w *= (c[k + 1] - c[k]) / (colHigh[j] - colLow[j]);
      mid.push(0.5 * (c[k] + c[k + 1]));
    }
    let a = 0;
    for (let l = 0; l < b.n; l++) {
      let inside = true;
      for (let g = 0; g < group.length && inside; g++) {
        const j = group[g];
        const m = mid[g];
        if (!(b.lo[l * d + j] <= m && m < b.hi[l * d + j])) inside = false;
      }
      if (inside) a += outside[l];
    }
    v += w * (a - b.mean) ** 2;
    let g = 0;
    while (g < group.length) {
      idx[g] = idx[g] + 1;
      if (idx[g] < dims[g]) break;
      idx[g] = 0;
      g++;
    }
    if (g === group.length) break;
  }
  return v;
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
