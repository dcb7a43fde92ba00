/**
 * One boosting run, stepped round by round (LightGBM's `GBDT::TrainOneIter`, anchor
 * `src/boosting/gbdt.cpp`): gradients from the objective, bagging, one tree per class grown by the
 * {@link LeafwiseLearner}, leaf re-fit for `regression_l1`, shrinkage, score updates (training rows
 * through the partition, out-of-bag and validation rows by walking the tree on bins), the initial
 * score folded into the first round's trees as LightGBM does (`AddBias`). `train` runs one
 * session; `cv` runs one per fold in lockstep.
 */
import { K_EPSILON } from '../../core/constants.js';
import { Rng } from '../../core/rng.js';
import type { BinnedDataset, BinView } from '../../data/binned-dataset.js';
import type { Metric } from '../metric/metric.js';
import type { Objective } from '../objective/objective.js';
import type { GbdtParams } from '../../params/resolved.js';
import { LeafwiseLearner } from '../tree/leafwise-learner.js';
import { Tree } from '../tree/tree.js';

/** Validation rows in training-bin layout. */
export interface ValidBins {
  name: string;
  bins: BinView;
  /** Rows of `bins` to score (null: all `count` rows, in order). */
  rows: Uint32Array | null;
  count: number;
  /** Label per validation row (class index or value). */
  label: Float64Array;
}

/**
 * @example
 * ```ts
 * const s = new BoostingSession(params, binned, binned.label!, null, objective, metrics, []);
 * while (s.iteration < params.num_iterations && s.trainOneIter()) s.evaluate();
 * ```
 */
export class BoostingSession {
  readonly params: GbdtParams;
  readonly data: BinnedDataset;
  readonly rows: Uint32Array | null;
  readonly n: number;
  readonly objective: Objective;
  readonly metrics: Metric[];
  readonly valids: ValidBins[];
  readonly nModel: number;
  readonly trees: Tree[] = [];
  readonly score: Float64Array;
  readonly validScores: Float64Array[];
  readonly label: Float64Array;
  iteration = 0;
  private readonly learner: LeafwiseLearner;
  private readonly grad: Float32Array;
  private readonly hess: Float32Array;
  private readonly initScores: Float64Array;
  private readonly bagging: boolean;
  private readonly bag: Uint32Array;
  private readonly oob: Uint32Array;
  private bagCount: number;
  private oobCount = 0;
  private readonly bagRng: Rng;
  private readonly renewRows: Uint32Array | null;
  /**
   * False (cv without boosters, as in tuning): the trees are not kept, one scratch tree is grown
   * again every time — a 1,000-round 10-class 5-fold cv otherwise allocates 50,000 trees.
   */
  private readonly keepTrees: boolean;
  private scratchTree: Tree | null = null;

  constructor(
    params: GbdtParams,
    data: BinnedDataset,
    fullLabel: Float64Array,
    rows: Uint32Array | null,
    objective: Objective,
    metrics: Metric[],
    valids: ValidBins[],
    keepTrees = true,
  ) {
    this.keepTrees = keepTrees;
    this.params = params;
    this.data = data;
    this.rows = rows;
    this.n = rows === null ? data.nRows : rows.length;
    this.objective = objective;
    this.metrics = metrics;
    this.valids = valids;
    this.nModel = objective.numModelPerIteration;
    const n = this.n;
    const full = fullLabel;
    if (rows === null) this.label = full;
    else {
      this.label = new Float64Array(n);
      for (let i = 0; i < n; i++) this.label[i] = full[rows[i]];
    }
    objective.init(this.label, null);
    this.learner = new LeafwiseLearner(data, rows, params);
    // in shared memory: the learner's trainer threads compute the gradients of a large training
    // and update its scores (see LeafwiseLearner.shareRound)
    this.score = new Float64Array(new SharedArrayBuffer(8 * this.nModel * n));
    this.grad = new Float32Array(new SharedArrayBuffer(4 * this.nModel * n));
    this.hess = new Float32Array(new SharedArrayBuffer(4 * this.nModel * n));
    this.learner.shareRound(objective, { ...params }, this.label, null, this.score);
    this.validScores = valids.map((v) => new Float64Array(this.nModel * v.count));
    this.initScores = new Float64Array(this.nModel);
    if (params.boost_from_average) {
      for (let k = 0; k < this.nModel; k++) {
        const s = objective.boostFromScore(k);
        if (Math.abs(s) > K_EPSILON) {
          this.initScores[k] = s;
          this.score.fill(s, k * n, (k + 1) * n);
          for (let v = 0; v < valids.length; v++) this.validScores[v].fill(s, k * valids[v].count, (k + 1) * valids[v].count);
        }
      }
    }
    this.bagging = params.bagging_fraction < 1 && params.bagging_freq > 0;
    this.bag = new Uint32Array(this.bagging ? n : 0);
    this.oob = new Uint32Array(this.bagging ? n : 0);
    this.bagCount = n;
    this.bagRng = new Rng(params.bagging_seed);
    this.renewRows = objective.isRenewTreeOutput === true ? new Uint32Array(n) : null;
  }

  /** Draws a new bag (LightGBM: every row in with probability bagging_fraction). */
  private resample(): void {
    const n = this.n;
    const frac = this.params.bagging_fraction;
    const rng = this.bagRng;
    let b = 0;
    let o = 0;
    for (let i = 0; i < n; i++) {
      if (rng.random() < frac) this.bag[b++] = i;
      else this.oob[o++] = i;
    }
    this.bagCount = b;
    this.oobCount = o;
  }

  /** Runs one round; false when no tree could split (training should stop, as LightGBM). */
  /** Releases the learner's pooled buffers (histograms); call once, when the session is done. */
  dispose(): void {
    this.learner.dispose();
  }

  trainOneIter(): boolean {
    const p = this.params;
    const n = this.n;
    const firstRound = this.iteration === 0;
    this.learner.gradients(this.objective, this.score, this.grad, this.hess, this.nModel);
    if (this.bagging && this.iteration % p.bagging_freq === 0) this.resample();
    const bag = this.bagging ? this.bag : null;
    let shouldContinue = false;
    const newTrees: Tree[] = [];
    for (let k = 0; k < this.nModel; k++) {
      const needTrain = this.objective.classNeedTrain === undefined || this.objective.classNeedTrain(k);
      let tree: Tree;
      if (needTrain) {
        if (!this.keepTrees) this.scratchTree ??= new Tree(Math.max(2, p.num_leaves));
        tree = this.learner.train(this.grad.subarray(k * n, (k + 1) * n), this.hess.subarray(k * n, (k + 1) * n), bag, this.bagCount, this.keepTrees ? null : this.scratchTree);
      } else {
        tree = new Tree(2);
      }
      if (tree.numLeaves > 1) {
        shouldContinue = true;
        if (this.renewRows !== null) this.renewLeaves(tree, k);
        shrink(tree, p.learning_rate);
        this.updateScores(tree, k);
        const init = this.initScores[k];
        if (firstRound && Math.abs(init) > K_EPSILON) addBias(tree, init);
      } else {
        const t = new Tree(2);
        t.numLeaves = 1;
        // LightGBM: only the first round keeps a constant tree (the initial score)
        t.leafValue[0] = firstRound ? this.initScores[k] : 0;
        tree = t;
      }
      if (this.keepTrees) newTrees.push(tree);
    }
    if (!shouldContinue && !firstRound) return false;
    for (const t of newTrees) this.trees.push(t);
    this.iteration++;
    return shouldContinue || firstRound;
  }

  /** regression_l1: each leaf's value becomes the objective's re-fit from its in-bag rows. */
  private renewLeaves(tree: Tree, k: number): void {
    const obj = this.objective;
    const part = this.learner.partition;
    const score = this.score.subarray(k * this.n, (k + 1) * this.n);
    for (let l = 0; l < tree.numLeaves; l++) {
      const cnt = part.leafCount[l];
      if (cnt > 0) tree.leafValue[l] = obj.renewTreeOutput!(part.indices, part.leafBegin[l], cnt, score);
    }
  }

  private updateScores(tree: Tree, k: number): void {
    const n = this.n;
    this.learner.addLeafValuesToScore(tree, this.score, k * n);
    if (this.bagging && this.oobCount > 0) {
      this.learner.addToScores(tree, this.data.view, this.oob, this.rows, this.oobCount, this.score, k * n);
    }
    for (let v = 0; v < this.valids.length; v++) {
      const vd = this.valids[v];
      this.learner.addToScores(tree, vd.bins, null, vd.rows, vd.count, this.validScores[v], k * vd.count);
    }
  }

  /** Every metric on every validation set, in (set, metric) order. */
  evaluate(): { dataName: string; metricName: string; value: number; higherIsBetter: boolean }[] {
    const out: { dataName: string; metricName: string; value: number; higherIsBetter: boolean }[] = [];
    for (let v = 0; v < this.valids.length; v++) {
      const vd = this.valids[v];
      for (const m of this.metrics) {
        out.push({ dataName: vd.name, metricName: m.name, value: m.eval(this.validScores[v], vd.label, this.objective), higherIsBetter: m.higherIsBetter });
      }
    }
    return out;
  }
}

/** LightGBM Tree::Shrinkage: leaf and internal values times rate. */
export function shrink(tree: Tree, rate: number): void {
  for (let l = 0; l < tree.numLeaves; l++) tree.leafValue[l] = tree.leafValue[l] * rate;
  for (let i = 0; i < tree.numLeaves - 1; i++) tree.internalValue[i] = tree.internalValue[i] * rate;
  tree.shrinkage *= rate;
}

/** LightGBM Tree::AddBias: the initial score folded into a tree. */
export function addBias(tree: Tree, bias: number): void {
  for (let l = 0; l < tree.numLeaves; l++) tree.leafValue[l] = tree.leafValue[l] + bias;
  for (let i = 0; i < tree.numLeaves - 1; i++) tree.internalValue[i] = tree.internalValue[i] + bias;
}
