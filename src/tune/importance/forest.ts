/**
 * A small random forest of CART regression trees (squared-error criterion), the model behind the
 * fANOVA and mean-decrease-impurity importance evaluators. It follows scikit-learn's
 * `RandomForestRegressor` defaults as Optuna uses them (`optuna/importance/_fanova/_evaluator.py`):
 * bootstrap samples, every feature considered at each split, thresholds at the midpoint between
 * two consecutive distinct values, fully grown trees (limited by `maxDepth`).
 *
 * The tuner must not import the trainer (see DESIGN.md), so this is a separate, small implementation.
 * Each feature's sample order is sorted once per tree; a split stably partitions every order, so a
 * level of the tree costs O(features × samples) with no re-sorting.
 *
 * Reference: Breiman, "Random Forests", Machine Learning 45 (2001).
 *
 * @example
 * ```ts
 * const forest = fitForest(X, y, nRows, nCols, { nTrees: 16, seed: 0 });
 * forest.trees[0].predict(X.subarray(0, nCols));
 * ```
 */
import { Rng } from '../../core/rng.js';

/** Options of {@link fitForest}. */
export interface ForestOptions {
  /** Number of trees. Default 64 (Optuna's). */
  nTrees?: number;
  /** Maximum depth of a tree. Default 64 (Optuna's). */
  maxDepth?: number;
  /** A node with fewer samples is not split. Default 2. */
  minSamplesSplit?: number;
  /** Each child keeps at least this many samples. Default 1. */
  minSamplesLeaf?: number;
  /** Draw a bootstrap sample per tree. Default true. */
  bootstrap?: boolean;
  /** Seed of the bootstrap draws and of the feature order. Default 0. */
  seed?: number;
}

/** One fitted regression tree, struct of arrays; node 0 is the root, `feature[i] < 0` marks a leaf. */
export class RegressionTree {
  constructor(
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    /** Mean target of the node's samples (the prediction at a leaf). */
    readonly value: Float64Array,
    /** Number of (bootstrap) samples in the node. */
    readonly nSamples: Float64Array,
    /** Mean squared deviation of the node's targets (its impurity). */
    readonly impurity: Float64Array,
  ) {}

  /** Number of nodes. */
  get nodeCount(): number {
    return this.feature.length;
  }

  /** The prediction for one row `x` (values at `x[offset + j]`): go left when `x[f] <= threshold`. */
  predict(x: ArrayLike<number>, offset = 0): number {
    let i = 0;
    while (this.feature[i] >= 0) {
      i = x[offset + this.feature[i]] <= this.threshold[i] ? this.left[i] : this.right[i];
    }
    return this.value[i];
  }
}

/** A fitted forest. */
export interface Forest {
  readonly trees: readonly RegressionTree[];
  readonly nFeatures: number;
}

/**
 * Fits a random forest on a row-major matrix `X` (`nRows × nCols`) and targets `y`.
 *
 * @example
 * ```ts
 * const f = fitForest(new Float64Array([0, 1, 2, 3]), new Float64Array([0, 0, 1, 1]), 4, 1, { nTrees: 4 });
 * ```
 */
export function fitForest(
  X: Float64Array,
  y: Float64Array,
  nRows: number,
  nCols: number,
  { nTrees = 64, maxDepth = 64, minSamplesSplit = 2, minSamplesLeaf = 1, bootstrap = true, seed = 0 }: ForestOptions = {},
): Forest {
  const rng = new Rng(seed);
  const trees: RegressionTree[] = [];
  const builder = new TreeBuilder(X, y, nRows, nCols, Math.max(2, minSamplesSplit), Math.max(1, minSamplesLeaf), maxDepth);
  for (let t = 0; t < nTrees; t++) {
    const rows = new Int32Array(nRows);
    if (bootstrap) for (let i = 0; i < nRows; i++) rows[i] = rng.below(nRows);
    else for (let i = 0; i < nRows; i++) rows[i] = i;
    trees.push(builder.build(rows, rng));
  }
  return { trees, nFeatures: nCols };
}

/** Builds one tree; buffers are allocated once and reused by every tree. */
class TreeBuilder {
  private readonly orders: Int32Array[];
  private readonly goLeft: Uint8Array;
  private readonly tmp: Int32Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Rows sorted by each feature, once for every tree. */
  private readonly globalOrders: Int32Array[];
  /** Bootstrap positions of each row (CSR: posStart[r]..posStart[r + 1] in posList). */
  private readonly posStart: Int32Array;
  private readonly posList: Int32Array;

  constructor(
    private readonly X: Float64Array,
    private readonly y: Float64Array,
    private readonly n: number,
    private readonly d: number,
    private readonly minSplit: number,
    private readonly minLeaf: number,
    private readonly maxDepth: number,
  ) {
    this.orders = [];
    for (let j = 0; j < d; j++) this.orders.push(new Int32Array(n));
    this.goLeft = new Uint8Array(n);
    this.tmp = new Int32Array(n);
    this.xs = new Float64Array(n * d);
    this.ys = new Float64Array(n);
    this.globalOrders = [];
    for (let j = 0; j < d; j++) {
      const ord = new Int32Array(n);
      for (let r = 0; r < n; r++) ord[r] = r;
      ord.sort((a, b) => X[a * d + j] - X[b * d + j]);
      this.globalOrders.push(ord);
    }
    this.posStart = new Int32Array(n + 1);
    this.posList = new Int32Array(n);
  }

  build(rows: Int32Array, rng: Rng): RegressionTree {
    const { n, d, X, y, xs, ys } = this;
    // copy the sample (position p holds a bootstrap row) into column-major buffers
    for (let p = 0; p < n; p++) {
      const r = rows[p];
      ys[p] = y[r];
      for (let j = 0; j < d; j++) xs[j * n + p] = X[r * d + j];
    }
    // each feature's sample order from the rows' global order (no sort per tree): the positions
    // holding a row, bucketed by row, emitted in the row's sorted order
    const { posStart, posList } = this;
    posStart.fill(0);
    for (let p = 0; p < n; p++) posStart[rows[p] + 1]++;
    for (let r = 0; r < n; r++) posStart[r + 1] += posStart[r];
    const fillAt = this.tmp;
    for (let r = 0; r < n; r++) fillAt[r] = posStart[r];
    for (let p = 0; p < n; p++) posList[fillAt[rows[p]]++] = p;
    for (let j = 0; j < d; j++) {
      const ord = this.orders[j];
      const g = this.globalOrders[j];
      let k = 0;
      for (let i = 0; i < n; i++) {
        const r = g[i];
        for (let q = posStart[r]; q < posStart[r + 1]; q++) ord[k++] = posList[q];
      }
    }
    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const value: number[] = [];
    const count: number[] = [];
    const impurity: number[] = [];
    const featOrder = new Int32Array(d);
    for (let j = 0; j < d; j++) featOrder[j] = j;
    // stack of [node, begin, end, depth]
    const stack: number[] = [];
    const newNode = (begin: number, end: number): number => {
      let s = 0;
      let s2 = 0;
      const ord = this.orders[0];
      for (let i = begin; i < end; i++) {
        const v = ys[ord[i]];
        s += v;
        s2 += v * v;
      }
      const cnt = end - begin;
      const mean = s / cnt;
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      value.push(mean);
      count.push(cnt);
      impurity.push(Math.max(0, s2 / cnt - mean * mean));
      return feature.length - 1;
    };
    stack.push(newNode(0, n), 0, n, 0);
    while (stack.length > 0) {
      const depth = stack.pop()!;
      const end = stack.pop()!;
      const begin = stack.pop()!;
      const node = stack.pop()!;
      const cnt = end - begin;
      if (depth >= this.maxDepth || cnt < this.minSplit || cnt < 2 * this.minLeaf) continue;
      const total = value[node] * cnt;
      if (impurity[node] <= 1e-14 * Math.max(1, Math.abs(value[node]) ** 2)) continue;
      rng.shuffle(featOrder);
      let bestGain = total * total / cnt + 1e-12 * Math.max(1, Math.abs(total * total / cnt));
      let bestF = -1;
      let bestThr = 0;
      let bestPos = -1;
      for (let k = 0; k < d; k++) {
        const j = featOrder[k];
        const ord = this.orders[j];
        const base = j * n;
        let sl = 0;
        for (let i = begin; i < end - 1; i++) {
          const p = ord[i];
          sl += ys[p];
          const nl = i - begin + 1;
          if (nl < this.minLeaf) continue;
          const nr = cnt - nl;
          if (nr < this.minLeaf) break;
          const xv = xs[base + p];
          const xn = xs[base + ord[i + 1]];
          if (!(xn > xv)) continue;
          const sr = total - sl;
          const gain = (sl * sl) / nl + (sr * sr) / nr;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = j;
            let thr = 0.5 * (xv + xn);
            if (thr >= xn || thr < xv) thr = xv;
            bestThr = thr;
            bestPos = nl;
          }
        }
      }
      if (bestF < 0) continue;
      // mark the samples that go left, then stably partition every feature's order
      const gl = this.goLeft;
      const bb = bestF * n;
      {
        const ord = this.orders[bestF];
        for (let i = begin; i < end; i++) {
          const p = ord[i];
          gl[p] = xs[bb + p] <= bestThr ? 1 : 0;
        }
      }
      const tmp = this.tmp;
      for (let j = 0; j < d; j++) {
        const ord = this.orders[j];
        let a = begin;
        let b = 0;
        for (let i = begin; i < end; i++) {
          const p = ord[i];
          if (gl[p] === 1) ord[a++] = p;
          else tmp[b++] = p;
        }
        for (let i = 0; i < b; i++) ord[a + i] = tmp[i];
      }
      const mid = begin + bestPos;
      feature[node] = bestF;
      threshold[node] = bestThr;
      const l = newNode(begin, mid);
      const r = newNode(mid, end);
      left[node] = l;
      right[node] = r;
      stack.push(r, mid, end, depth + 1);
      stack.push(l, begin, mid, depth + 1);
    }
    return new RegressionTree(
      Int32Array.from(feature),
      Float64Array.from(threshold),
      Int32Array.from(left),
      Int32Array.from(right),
      Float64Array.from(value),
      Float64Array.from(count),
      Float64Array.from(impurity),
    );
  }
}
