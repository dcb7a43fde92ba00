/**
 * DART boosting (`boosting=dart`; Rashmi & Gilad-Bachrach, "DART: Dropouts meet Multiple Additive
 * Regression Trees", AISTATS 2015), as LightGBM's `DART` (anchor `src/boosting/dart.hpp`). Each
 * round, before the gradients are taken, some earlier rounds' trees are dropped: subtracted from the
 * training scores. The new tree is shrunk by `learning_rate / (k + 1)` for k dropped rounds (XGBoost
 * mode: `learning_rate / (learning_rate + k)`), then each dropped tree is scaled to `k / (k + 1)` of
 * itself (XGBoost mode: `k / (k + learning_rate)`) and added back. The rounds to drop come from
 * LightGBM's generator seeded with `drop_seed`, one draw to skip the round (`skip_drop`) and one
 * per earlier round, so the same params drop LightGBM's trees. Every step changes the trees and the
 * scores in LightGBM's order, with its arithmetic, so the model is LightGBM's tree for tree: the
 * saved trees carry their final scaling (a DART model predicts as any other).
 */
import { LightGbmRandom } from '../../core/lightgbm-random.js';
import { log } from '../../core/log.js';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Metric } from '../metric/metric.js';
import type { Objective } from '../objective/objective.js';
import { ScorePartition, type BinSplits } from '../tree/score-partition.js';
import type { Tree } from '../tree/tree.js';
import { BoostingSession, shrink, type SessionRowData, type SessionStart, type ValidBins } from './session.js';

/** C++'s `std::min(a, b)`: `b` only when `b < a` (so a NaN `b` gives `a`). */
function stdMin(a: number, b: number): number {
  return b < a ? b : a;
}

/**
 * @example
 * ```ts
 * const s = new DartSession(resolveParams({ objective: 'binary', boosting: 'dart' }), binned, binned.label!, null, objective, metrics, []);
 * for (let i = 0; i < 100; i++) s.trainOneIter();
 * ```
 */
export class DartSession extends BoostingSession {
  private readonly dropRand: LightGbmRandom;
  /** Per round (not uniform_drop): the weight that decides how likely its trees are dropped. */
  private readonly treeWeight: number[] = [];
  private sumWeight = 0;
  /** This round's dropped rounds (indices into the session's rounds). */
  private dropIndex: number[] = [];
  /** Per tree: its splits at bin level, to add it to the scores again when dropped. */
  private readonly treeSplits: BinSplits[] = [];
  /** The splits of this round's trees, kept once the round is. */
  private readonly newSplits: BinSplits[] = [];
  private readonly scoring: ScorePartition;
  /** Rounds that added no tree (none could split). */
  private emptyRounds = 0;

  constructor(
    params: GbdtParams,
    data: BinnedDataset,
    fullLabel: Float64Array,
    rows: Uint32Array | null,
    objective: Objective,
    metrics: Metric[],
    valids: ValidBins[],
    _keepTrees = true,
    start: SessionStart | null = null,
    rowData: SessionRowData = {},
  ) {
    // DART changes earlier trees every round: it always keeps them
    super(params, data, fullLabel, rows, objective, metrics, valids, true, start, rowData);
    this.dropRand = new LightGbmRandom(params.drop_seed);
    this.scoring = new ScorePartition(Math.max(2, params.num_leaves));
  }

  /**
   * One DART round (LightGBM's `DART::TrainOneIter`): drop, boost, normalize. A round where no
   * tree can split (say the dropped trees held the initial score, and an L1 loss's gradients all
   * have one sign without it) adds no tree: its dropped trees are put back and training goes on,
   * as LightGBM's `lgb.train` goes on (LightGBM itself leaves those trees negated in the model and
   * the scores, a bug gbtune does not copy: from there on its trees differ). Always true.
   */
  override trainOneIter(): boolean {
    const p = this.params;
    this.dropTrees();
    this.newSplits.length = 0;
    if (!super.trainOneIter()) {
      for (const i of this.dropIndex) this.forEachTreeOf(i, (tree, k, t) => {
        shrink(tree, -1);
        this.addToTraining(tree, k, t);
      });
      if (this.emptyRounds++ === 0 && p.verbosity >= 0) {
        const k = this.dropIndex.length;
        log.warn(`dart: no tree could split in round ${this.iteration + this.emptyRounds} (after dropping ${k} tree${k === 1 ? '' : 's'}); such rounds add no tree and training goes on`);
      }
      return true;
    }
    for (const splits of this.newSplits) this.treeSplits.push(splits);
    this.normalize();
    if (!p.uniform_drop) {
      this.treeWeight.push(this.shrinkageRate);
      this.sumWeight += this.shrinkageRate;
    }
    return true;
  }

  /** Records the bin-level splits of each new tree (none for a single leaf). */
  protected override treeGrown(tree: Tree): void {
    this.newSplits.push(this.learner.copyLastSplits(Math.max(0, tree.numLeaves - 1)));
  }

  /** LightGBM's `DroppingTrees`: choose this round's dropped rounds, take their trees out of the training scores, set the shrinkage. */
  private dropTrees(): void {
    const p = this.params;
    const drops: number[] = [];
    const iter = this.iteration;
    const isSkip = this.dropRand.nextFloat() < p.skip_drop;
    if (!isSkip) {
      let dropRate = p.drop_rate;
      if (!p.uniform_drop) {
        const invAverageWeight = this.treeWeight.length / this.sumWeight;
        if (p.max_drop > 0) dropRate = stdMin(dropRate, (p.max_drop * invAverageWeight) / this.sumWeight);
        for (let i = 0; i < iter; i++) {
          if (this.dropRand.nextFloat() < dropRate * this.treeWeight[i] * invAverageWeight) {
            drops.push(i);
            // as LightGBM (a size_t comparison): max_drop < 0 never stops, 0 stops after one
            if (p.max_drop >= 0 && drops.length >= p.max_drop) break;
          }
        }
      } else {
        if (p.max_drop > 0) dropRate = stdMin(dropRate, p.max_drop / iter);
        for (let i = 0; i < iter; i++) {
          if (this.dropRand.nextFloat() < dropRate) {
            drops.push(i);
            if (p.max_drop >= 0 && drops.length >= p.max_drop) break;
          }
        }
      }
    }
    this.dropIndex = drops;
    for (const i of drops) this.forEachTreeOf(i, (tree, k, t) => {
      shrink(tree, -1);
      this.addToTraining(tree, k, t);
    });
    const k = drops.length;
    const lr = p.learning_rate;
    if (!p.xgboost_dart_mode) this.shrinkageRate = lr / (1 + k);
    else this.shrinkageRate = k === 0 ? lr : lr / (lr + k);
  }

  /**
   * LightGBM's `Normalize`: each dropped tree (now negated) scaled by 1 / (k + 1) and added to the
   * validation scores, then by -k and added to the training scores — it ends at k / (k + 1) of
   * itself in both; the rounds' drop weights shrink alike. XGBoost mode: by the shrinkage rate,
   * then by -k / learning_rate.
   */
  private normalize(): void {
    const p = this.params;
    const k = this.dropIndex.length;
    const lr = p.learning_rate;
    const xgb = p.xgboost_dart_mode;
    for (const i of this.dropIndex) {
      this.forEachTreeOf(i, (tree, c, t) => {
        shrink(tree, xgb ? this.shrinkageRate : 1 / (k + 1));
        this.addToValid(tree, c, t);
        shrink(tree, xgb ? -k / lr : -k);
        this.addToTraining(tree, c, t);
      });
      if (!p.uniform_drop) {
        this.sumWeight -= this.treeWeight[i] * (1 / (k + (xgb ? lr : 1)));
        this.treeWeight[i] *= k / (k + (xgb ? lr : 1));
      }
    }
  }

  /** Calls `fn(tree, class, treeIndex)` for each tree of round `round`. */
  private forEachTreeOf(round: number, fn: (tree: Tree, k: number, t: number) => void): void {
    for (let k = 0; k < this.nModel; k++) {
      const t = round * this.nModel + k;
      fn(this.trees[t], k, t);
    }
  }

  /** Adds tree `t` (class `k`) to every training row's score. */
  private addToTraining(tree: Tree, k: number, t: number): void {
    this.scoring.add(tree, this.treeSplits[t], this.data.view, null, this.rows, this.n, this.score, k * this.n);
  }

  /** Adds tree `t` (class `k`) to every validation row's score. */
  private addToValid(tree: Tree, k: number, t: number): void {
    for (let v = 0; v < this.valids.length; v++) {
      const vd = this.valids[v];
      this.scoring.add(tree, this.treeSplits[t], vd.bins, null, vd.rows, vd.count, this.validScores[v], k * vd.count);
    }
  }
}
