/**
 * One boosting run, stepped round by round (LightGBM's `GBDT::TrainOneIter`, anchor
 * `src/boosting/gbdt.cpp`): gradients from the objective, bagging (or, when the objective can,
 * the bag first and the gradients of its rows alone: see `bagFirst`), one tree per class grown by the
 * {@link LeafwiseLearner}, leaf re-fit for `regression_l1`, shrinkage, score updates (training rows
 * through the partition, out-of-bag and validation rows by walking the tree on bins), the initial
 * score folded into the first round's trees as LightGBM does (`AddBias`). Row weights go to the
 * objective (gradients, hessians, initial score) and to the metrics; initial scores per row
 * (`init_score`) start the scores and skip `boost_from_average`, as LightGBM's
 * `GBDT::BoostFromAverage`. `train` runs one session; `cv` runs one per fold in lockstep.
 */
import { K_EPSILON, K_ZERO_THRESHOLD } from '../../core/constants.js';
import { DataError } from '../../core/errors.js';
import type { BinnedDataset, BinView } from '../../data/binned-dataset.js';
import type { Metric } from '../metric/metric.js';
import type { Objective } from '../objective/objective.js';
import { roundedToFloat32 } from '../objective/float32.js';
import type { GbdtParams } from '../../params/resolved.js';
import { LeafwiseLearner } from '../tree/leafwise-learner.js';
import { renewLeafOutputs } from '../tree/quantized-renew.js';
import { Tree } from '../tree/tree.js';
import { learnerPool } from '../tree/learner-phases.js';
import { threadSwitches } from '../tree/parallel-plan.js';
import { Bagging } from './bagging.js';
import { createSampleStrategy } from './create-sample-strategy.js';
import { GradientQuantizer } from './gradient-quantizer.js';
import type { SampleStrategy } from './sample-strategy.js';

/** Validation rows in training-bin layout. */
export interface ValidBins {
  name: string;
  bins: BinView;
  /** Rows of `bins` to score (null: all `count` rows, in order). */
  rows: Uint32Array | null;
  count: number;
  /** Label per validation row (class index or value). */
  label: Float64Array;
  /** Weight per validation row (the metrics are weighted), or null. */
  weights: Float64Array | null;
  /** Initial raw score per validation row and model (class-major over `count`), or null. */
  initScore: Float64Array | null;
  /** The validation rows' query groups (ranking metrics), or null/absent. */
  queries?: Uint32Array | null;
}

/**
 * A session's training rows' weights and initial scores, indexed like its full labels, and its
 * query groups (see {@link BoostingSession}).
 */
export interface SessionRowData {
  /** Weight per row of the full labels, or null. Default null. */
  weights?: Float64Array | null;
  /** Initial raw score per row of the full labels and model (class-major), or null. Default null. */
  initScore?: Float64Array | null;
  /** The training rows' query groups (over the session's rows, in order), for ranking; null for none. Default null. */
  queries?: Uint32Array | null;
}

/**
 * Row `rows[i]` of each of `blocks` class-major blocks of `full` (`full.length / blocks` rows
 * each), or `full` itself when `rows` is null: a fold's or a row subset's weights (1 block) or
 * initial scores (one block per model).
 *
 * @example
 * ```ts
 * subsetRows(new Float64Array([1, 2, 3, 10, 20, 30]), Uint32Array.of(2, 0), 2); // [3, 1, 30, 10]
 * ```
 */
export function subsetRows(full: Float64Array, rows: Uint32Array | null, blocks: number): Float64Array {
  if (rows === null) return full;
  const n = rows.length;
  const stride = full.length / blocks;
  const out = new Float64Array(n * blocks);
  for (let k = 0; k < blocks; k++) for (let i = 0; i < n; i++) out[k * n + i] = full[k * stride + rows[i]];
  return out;
}

/**
 * Raw scores to start from instead of zero (LightGBM's `init_model`: the init model's raw
 * predictions), class-major like {@link BoostingSession.score}: `score[k * n + i]` for session
 * row i, and one array per validation set laid out the same way over its rows. A session so
 * started continues a model: no boost_from_average, and a round where no tree splits ends
 * training without adding trees (LightGBM: the model is not empty, so no constant first trees).
 */
export interface SessionStart {
  score: Float64Array;
  validScores: readonly Float64Array[];
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
  /** The training rows' weights (rounded to 32-bit floats as LightGBM's `label_t`), or null. */
  readonly weights: Float64Array | null;
  /** True when the training rows had initial scores (then boost_from_average was skipped). */
  readonly hasInitScore: boolean;
  iteration = 0;
  protected readonly learner: LeafwiseLearner;
  protected readonly grad: Float32Array;
  protected readonly hess: Float32Array;
  protected readonly initScores: Float64Array;
  /** bagging (or GOSS): each round's training rows, null when every row trains every tree */
  protected readonly sampler: SampleStrategy | null;
  protected readonly renewRows: Uint32Array | null;
  /**
   * True when each round draws its bag first and computes the gradients of the in-bag rows alone
   * (bagging with an objective that computes a row list's gradients, no quantization, gradients on this thread).
   */
  private readonly bagFirst: boolean;
  /**
   * False (cv without boosters, as in tuning): the trees are not kept, one scratch tree is grown
   * again every time — a 1,000-round 10-class 5-fold cv otherwise allocates 50,000 trees.
   */
  protected readonly keepTrees: boolean;
  protected scratchTree: Tree | null = null;
  /** A leaf's rows copied out of a partition in segments (renewLeaves), allocated once. */
  private leafRowsScratch: Uint32Array | null = null;
  /**
   * use_quantized_grad: the quantizer and the tree's quantized gradients and hessians, in the
   * same shared memory as `grad` and `hess` (after their nModel * n values), where the learner's
   * threads already read; null without quantization.
   */
  private readonly quantizer: { q: GradientQuantizer; grad: Float32Array; hess: Float32Array } | null;
  /** The rate new trees are shrunk by: learning_rate (DART changes it every round). */
  protected shrinkageRate: number;
  /** Continuing a model (see {@link SessionStart}): its first round is not the model's first. */
  protected readonly continued: boolean;

  constructor(
    params: GbdtParams,
    data: BinnedDataset,
    fullLabel: Float64Array,
    rows: Uint32Array | null,
    objective: Objective,
    metrics: Metric[],
    valids: ValidBins[],
    keepTrees = true,
    start: SessionStart | null = null,
    { weights = null, initScore = null, queries = null }: SessionRowData = {},
  ) {
    this.keepTrees = keepTrees;
    this.continued = start !== null;
    this.params = params;
    this.shrinkageRate = params.learning_rate;
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
    if (weights !== null && weights.length !== full.length) throw new DataError(`${weights.length} weights for ${full.length} rows`);
    this.weights = weights === null ? null : roundedToFloat32(subsetRows(weights, rows, 1));
    objective.init(this.label, this.weights, queries);
    this.learner = new LeafwiseLearner(data, rows, params);
    // in shared memory: the learner's trainer threads compute the gradients of a large training
    // and update its scores (see LeafwiseLearner.shareRound)
    this.score = new Float64Array(new SharedArrayBuffer(8 * this.nModel * n));
    const quantRows = params.use_quantized_grad ? n : 0;
    const gradMemory = new SharedArrayBuffer(4 * (this.nModel * n + quantRows));
    const hessMemory = new SharedArrayBuffer(4 * (this.nModel * n + quantRows));
    this.grad = new Float32Array(gradMemory, 0, this.nModel * n);
    this.hess = new Float32Array(hessMemory, 0, this.nModel * n);
    this.quantizer = params.use_quantized_grad ? {
      q: new GradientQuantizer(n, {
        bins: params.num_grad_quant_bins,
        stochastic: params.stochastic_rounding,
        seed: params.seed ?? 0,
        // LightGBM: GOSS changes the hessians of the rows it samples
        constantHessian: objective.isConstantHessian?.() === true && params.data_sample_strategy !== 'goss',
      }),
      grad: new Float32Array(gradMemory, 4 * this.nModel * n, n),
      hess: new Float32Array(hessMemory, 4 * this.nModel * n, n),
    } : null;
    // (a ranking objective's gradients need its query groups: it computes them on this thread)
    if (queries === null) this.learner.shareRound(objective, { ...params }, this.label, this.weights, this.score);
    this.validScores = valids.map((v) => new Float64Array(this.nModel * v.count));
    this.hasInitScore = initScore !== null;
    if (initScore !== null) this.score.set(subsetRows(checkInitScore(initScore, full.length, this.nModel, 'the training data'), rows, this.nModel));
    for (let v = 0; v < valids.length; v++) {
      const vi = valids[v].initScore;
      if (vi !== null) this.validScores[v].set(checkInitScore(vi, valids[v].count, this.nModel, `validation set '${valids[v].name}'`));
    }
    this.initScores = new Float64Array(this.nModel);
    if (start !== null) {
      if (start.score.length !== this.score.length || start.validScores.length !== valids.length) {
        throw new RangeError(`SessionStart: ${start.score.length} training scores for ${this.score.length}, ${start.validScores.length} validation sets for ${valids.length}`);
      }
      this.score.set(start.score);
      for (let v = 0; v < valids.length; v++) this.validScores[v].set(start.validScores[v]);
    } else if (params.boost_from_average && !this.hasInitScore) {
      // LightGBM (GBDT::BoostFromAverage): no boost from average when the training data has initial scores
      for (let k = 0; k < this.nModel; k++) {
        const s = objective.boostFromScore(k);
        if (Math.abs(s) > K_EPSILON) {
          this.initScores[k] = s;
          this.score.fill(s, k * n, (k + 1) * n);
          for (let v = 0; v < valids.length; v++) addTo(this.validScores[v], s, k * valids[v].count, (k + 1) * valids[v].count);
        }
      }
    }
    this.sampler = createSampleStrategy(params, n, this.nModel);
    // bagging draws its rows without the gradients; quantization (its scale is the largest gradient
    // of all rows) and GOSS (it samples by gradient) need every row's; a learner on threads
    // (the pool it was given: the process's, the same one again) computes the gradients of all
    // rows in blocks there when they are many (see LearnerPhases.gradients)
    const threadedGradients = n * this.nModel >= threadSwitches.gradientWork && learnerPool(n, data.nUsed, params.num_threads) !== null;
    this.bagFirst = this.sampler instanceof Bagging && this.quantizer === null && objective.getGradientsRows !== undefined && !threadedGradients;
    this.renewRows = objective.isRenewTreeOutput === true ? new Uint32Array(n) : null;
  }

  /** Runs one round; false when no tree could split (training should stop, as LightGBM). */
  /** Releases the learner's pooled buffers (histograms); call once, when the session is done. */
  dispose(): void {
    this.learner.dispose();
  }

  trainOneIter(): boolean {
    const p = this.params;
    const n = this.n;
    const firstRound = this.iteration === 0 && !this.continued;
    const sampler = this.sampler;
    if (this.bagFirst && sampler !== null) {
      // the bag first, then the gradients of its rows alone: no tree reads an out-of-bag row's
      // gradient (the learner gathers the bag's), and the next round computes them again
      sampler.sample(this.iteration, this.grad, this.hess);
      if (sampler.active) this.objective.getGradientsRows!(this.score, this.grad, this.hess, sampler.bag, sampler.bagCount);
      else this.learner.gradients(this.objective, this.score, this.grad, this.hess, this.nModel);
    } else {
      this.learner.gradients(this.objective, this.score, this.grad, this.hess, this.nModel);
      sampler?.sample(this.iteration, this.grad, this.hess);
    }
    const bag = sampler !== null && sampler.active ? sampler.bag : null;
    const bagCount = bag !== null ? sampler!.bagCount : n;
    let shouldContinue = false;
    const newTrees: Tree[] = [];
    for (let k = 0; k < this.nModel; k++) {
      const needTrain = this.objective.classNeedTrain === undefined || this.objective.classNeedTrain(k);
      let tree: Tree;
      if (needTrain) {
        tree = this.growTree(k, bag, bagCount);
      } else {
        tree = new Tree(2);
      }
      if (tree.numLeaves > 1) {
        shouldContinue = true;
        if (this.renewRows !== null) this.renewLeaves(tree, k);
        shrink(tree, this.shrinkageRate);
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
      this.treeGrown(tree);
      if (this.keepTrees) newTrees.push(tree);
    }
    if (!shouldContinue && !firstRound) return false;
    for (const t of newTrees) this.trees.push(t);
    this.iteration++;
    return shouldContinue || firstRound;
  }

  /**
   * Grows class `k`'s tree on this round's gradients (rows `bag[0..bagCount)`, bag null: all) into
   * the scratch tree when trees are not kept. use_quantized_grad: on the quantized gradients, the
   * leaves renewed from the true ones with quant_train_renew_leaf.
   */
  protected growTree(k: number, bag: Uint32Array | null, bagCount: number): Tree {
    const n = this.n;
    const p = this.params;
    if (!this.keepTrees) this.scratchTree ??= new Tree(Math.max(2, p.num_leaves));
    const into = this.keepTrees ? null : this.scratchTree;
    const grad = this.grad.subarray(k * n, (k + 1) * n);
    const hess = this.hess.subarray(k * n, (k + 1) * n);
    const quant = this.quantizer;
    if (quant === null) return this.learner.train(grad, hess, bag, bagCount, into);
    quant.q.quantize(grad, hess, quant.grad, quant.hess);
    const tree = this.learner.train(quant.grad, quant.hess, bag, bagCount, into);
    if (p.quant_train_renew_leaf && tree.numLeaves > 1) renewLeafOutputs(tree, this.learner.partition, grad, hess, p);
    return tree;
  }

  /**
   * Called with each round's final tree of each class, right after it is grown (before the next
   * class's): a boosting type that must add trees to scores again later (DART) records their splits.
   */
  protected treeGrown(_tree: Tree): void {}

  /** regression_l1: each leaf's value becomes the objective's re-fit from its in-bag rows (residuals from `scores`). */
  protected renewLeaves(tree: Tree, k: number, scores: Float64Array = this.score): void {
    const obj = this.objective;
    const part = this.learner.partition;
    const score = scores.subarray(k * this.n, (k + 1) * this.n);
    // a partition in segments (on threads) has each leaf's rows in pieces: copied out in order
    const rows = part.segments === 1 ? null : (this.leafRowsScratch ??= new Uint32Array(part.indices.length));
    for (let l = 0; l < tree.numLeaves; l++) {
      const cnt = part.leafCount[l];
      if (cnt === 0) continue;
      tree.leafValue[l] = rows === null ? obj.renewTreeOutput!(part.indices, part.leafBegin[l], cnt, score) : obj.renewTreeOutput!(rows, 0, part.leafRows(l, rows), score);
    }
  }

  /** Adds the just-grown `tree` (class `k`) to the training scores (in-bag and out-of-bag rows) and the validation scores. */
  protected updateScores(tree: Tree, k: number): void {
    const n = this.n;
    this.learner.addLeafValuesToScore(tree, this.score, k * n);
    const s = this.sampler;
    if (s !== null && s.active && s.oobCount > 0) {
      this.learner.addToScores(tree, this.data.view, s.oob, this.rows, s.oobCount, this.score, k * n);
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
        out.push({ dataName: vd.name, metricName: m.name, value: m.eval(this.validScores[v], vd.label, this.objective, vd.weights, vd.queries ?? null), higherIsBetter: m.higherIsBetter });
      }
    }
    return out;
  }
}

/** Adds `s` to `scores[begin..end)` (LightGBM's ScoreUpdater::AddScore: on top of a validation set's initial scores). */
function addTo(scores: Float64Array, s: number, begin: number, end: number): void {
  for (let i = begin; i < end; i++) scores[i] += s;
}

/**
 * `initScore` when it holds `nModel` blocks of `nRows` scores, else a DataError naming `what` and
 * the count the objective needs.
 *
 * @example
 * ```ts
 * checkInitScore(scores, data.nRows, 3, 'the training data'); // multiclass, 3 classes
 * ```
 */
export function checkInitScore(initScore: Float64Array, nRows: number, nModel: number, what: string): Float64Array {
  if (initScore.length !== nRows * nModel) {
    const per = initScore.length / nRows;
    throw new DataError(
      `${what} has ${Number.isInteger(per) ? `${per} initial score${per === 1 ? '' : 's'} per row` : `${initScore.length} initial scores for ${nRows} rows`}; the objective needs ${nModel} per row (${nModel > 1 ? 'one per class, class-major' : 'one'})`,
      'DATA_BAD_INIT_SCORE',
    );
  }
  return initScore;
}

/**
 * LightGBM's Tree::MaybeRoundToZero: |v| <= kZeroThreshold becomes +0 (so a leaf whose L1-shrunk
 * output is -0 is written `0`, as LightGBM writes it).
 */
function roundToZero(v: number): number {
  return v >= -K_ZERO_THRESHOLD && v <= K_ZERO_THRESHOLD ? 0 : v;
}

/** LightGBM Tree::Shrinkage: leaf and internal values times rate (rounded to zero as LightGBM). */
export function shrink(tree: Tree, rate: number): void {
  for (let l = 0; l < tree.numLeaves; l++) tree.leafValue[l] = roundToZero(tree.leafValue[l] * rate);
  for (let i = 0; i < tree.numLeaves - 1; i++) tree.internalValue[i] = roundToZero(tree.internalValue[i] * rate);
  tree.shrinkage *= rate;
}

/**
 * LightGBM Tree::AddBias: the initial score folded into a tree (rounded to zero as LightGBM), whose
 * shrinkage LightGBM then sets to 1 (the `shrinkage=1` of its first tree).
 */
export function addBias(tree: Tree, bias: number): void {
  for (let l = 0; l < tree.numLeaves; l++) tree.leafValue[l] = roundToZero(tree.leafValue[l] + bias);
  for (let i = 0; i < tree.numLeaves - 1; i++) tree.internalValue[i] = roundToZero(tree.internalValue[i] + bias);
  tree.shrinkage = 1;
}
