/**
 * Random forest mode (`boosting=rf`), as LightGBM's `RF` (anchor `src/boosting/rf.hpp`): the
 * gradients are computed once, at the initial score (boost_from_average's constant, or 0), and
 * every tree is fit to them on its own bag or feature sample — trees are not boosted. A tree is not
 * shrunk (`learning_rate` is ignored) and carries the initial score as a bias; the scores are the
 * running average of the trees (multiply by the rounds so far, add the tree, divide by one more),
 * and the model is marked `average_output`.
 */
import { K_EPSILON } from '../../core/constants.js';
import { ParamError } from '../../core/errors.js';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Metric } from '../metric/metric.js';
import type { Objective } from '../objective/objective.js';
import { Tree } from '../tree/tree.js';
import { addBias, BoostingSession, type SessionRowData, type SessionStart, type ValidBins } from './session.js';

/**
 * @example
 * ```ts
 * const s = new RandomForestSession(params, binned, binned.label!, null, objective, metrics, []);
 * for (let i = 0; i < params.num_iterations; i++) s.trainOneIter();
 * ```
 */
export class RandomForestSession extends BoostingSession {
  /** The initial score of every row and class (what the gradients were taken at; the residuals of regression_l1's leaf re-fit). */
  private readonly initRowScores: Float64Array;

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
    rowData: SessionRowData = {},
  ) {
    // LightGBM's RF::Init: no initial scores unless continuing a model (whose averaged scores gbtune does not restart from)
    if (start !== null) throw new ParamError('boosting', 'rf', 'boosting = rf cannot continue a model (initModel): gbtune does not continue random forests', 'PARAM_CONFLICT');
    if ((rowData.initScore ?? null) !== null) {
      throw new ParamError('boosting', 'rf', 'boosting = rf cannot start from initial scores (init_score), as in LightGBM', 'PARAM_CONFLICT');
    }
    super(params, data, fullLabel, rows, objective, metrics, valids, keepTrees, start, rowData);
    // the scores start at 0 (the initial score comes in through every tree's bias)
    this.score.fill(0);
    for (const v of this.validScores) v.fill(0);
    const n = this.n;
    this.initRowScores = new Float64Array(this.nModel * n);
    for (let k = 0; k < this.nModel; k++) this.initRowScores.fill(this.initScores[k], k * n, (k + 1) * n);
    // LightGBM's RF::Init: boosting only once
    objective.getGradients(this.initRowScores, this.grad, this.hess);
  }

  /** One tree per class on this round's bag; never stops early (as LightGBM's RF). */
  override trainOneIter(): boolean {
    const n = this.n;
    const it = this.iteration;
    const sampler = this.sampler;
    sampler?.sample(it, this.grad, this.hess);
    const bag = sampler !== null && sampler.active ? sampler.bag : null;
    const bagCount = bag !== null ? sampler!.bagCount : n;
    for (let k = 0; k < this.nModel; k++) {
      const needTrain = this.objective.classNeedTrain === undefined || this.objective.classNeedTrain(k);
      let tree = new Tree(2);
      if (needTrain) tree = this.growTree(k, bag, bagCount);
      if (tree.numLeaves > 1) {
        if (this.renewRows !== null) this.renewLeaves(tree, k, this.initRowScores);
        const init = this.initScores[k];
        if (Math.abs(init) > K_EPSILON) addBias(tree, init);
        this.multiplyScores(k, it);
        this.updateScores(tree, k);
        this.multiplyScores(k, 1 / (it + 1));
      } else {
        const t = new Tree(2);
        t.numLeaves = 1;
        // LightGBM: only the first round's constant tree counts in the scores (a class that needs
        // no training gets its prior there); later ones are kept with value 0
        t.leafValue[0] = it === 0 && !needTrain ? this.objective.boostFromScore(k) : 0;
        if (it === 0) {
          this.multiplyScores(k, it);
          this.addConstant(k, t.leafValue[0]);
          this.multiplyScores(k, 1 / (it + 1));
        }
        tree = t;
      }
      if (this.keepTrees) this.trees.push(tree);
    }
    this.iteration++;
    return true;
  }

  /** Class k's training and validation scores times `factor` (LightGBM's RF::MultiplyScore). */
  private multiplyScores(k: number, factor: number): void {
    multiplyRange(this.score, k * this.n, (k + 1) * this.n, factor);
    for (let v = 0; v < this.valids.length; v++) {
      const c = this.valids[v].count;
      multiplyRange(this.validScores[v], k * c, (k + 1) * c, factor);
    }
  }

  /** Adds a constant tree's value to class k's training and validation scores. */
  private addConstant(k: number, value: number): void {
    addRange(this.score, k * this.n, (k + 1) * this.n, value);
    for (let v = 0; v < this.valids.length; v++) {
      const c = this.valids[v].count;
      addRange(this.validScores[v], k * c, (k + 1) * c, value);
    }
  }
}

function multiplyRange(a: Float64Array, begin: number, end: number, factor: number): void {
  for (let i = begin; i < end; i++) a[i] = a[i] * factor;
}

function addRange(a: Float64Array, begin: number, end: number, value: number): void {
  for (let i = begin; i < end; i++) a[i] = a[i] + value;
}
