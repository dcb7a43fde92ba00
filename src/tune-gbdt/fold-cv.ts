/**
 * A trial's CV with its first folds first (fold-level pruning, after Optuna's WilcoxonPruner,
 * which stops a trial whose first instances are clearly worse than the best trial's same ones):
 * the first `firstFolds` folds train in lockstep, with early stopping on their own mean (after
 * `lockstepRounds` rounds the other folds catch up and those rounds' k-fold means are reported,
 * as `cv`'s: the pruner judges the k-fold mean there first), and `stopAfterFirst` sees their values at their best round (the
 * caller compares them with the best trial's same folds) and may stop the trial there, at about
 * `firstFolds / k` of its cost. Otherwise every fold runs in lockstep on from there as `cv` runs
 * them — the first folds' rounds already trained are reused, the others train, and the first folds
 * go on past where they stopped when the k-fold
 * mean needs them — so the trial's value, best round and every reported round's mean are
 * `cv`'s, bit for bit, with one exception: when a fold finds no more leaves that meet the split
 * requirements, training stops there (as `cv`'s) and, with early stopping, the trial takes the best
 * round early stopping saw, where `cv` takes the last round trained. LightGBM's Python `cv` (which
 * Optuna's LightGBM examples run) does not stop there: it trains on with the next rounds' bagging
 * draws and its early stopping picks the best round, never a later, worse one. Taking the last
 * round scored such trials below LightGBM's value for the same params (on breast_cancer, 15 of the
 * 64 COMPLETE trials of Optuna + LightGBM 4.7 studies of seeds 0-2, by 0.2 to 0.7 points, each
 * of them a stop for want of leaves); the best round seen takes back all but what LightGBM's further
 * rounds gained, with no more training, and the refit (that many rounds) never reaches the stop.
 * Each fold's session is independent of the others (its own data rows, seed and buffers), so the
 * order in which folds train does not change them.
 */
import { TunerError } from '../core/errors.js';
import { log } from '../core/log.js';
import type { BinnedDataset } from '../data/binned-dataset.js';
import { EarlyStopping } from '../gbdt/boosting/callbacks.js';
import { foldSessions } from '../gbdt/boosting/cv.js';
import type { BoostingSession } from '../gbdt/boosting/session.js';
import { binnedFor, labelFor, resolveForData, warnRareClassStart, withGroupsOf } from '../gbdt/boosting/train-model.js';
import { isClassificationObjective } from '../params/objectives.js';
import { checkMonotoneData } from '../gbdt/tree/monotone-constraints.js';
import type { Fold } from '../data/split.js';

/** What the fold-by-fold CV of one trial yields. */
export interface FoldCvResult {
  /** The metric's k-fold mean at the best round (`cv`'s). */
  value: number;
  /** The best round (1-based; `cv`'s bestIteration). */
  bestIteration: number;
  /** Each fold's value at the best round (the first folds' at their own best round when stopped after them). */
  foldValues: number[];
  /** The most rounds any fold trained. */
  rounds: number;
  /** Folds trained: `firstFolds` when stopped after them, else all. */
  folds: number;
  /** True when `stopAfterFirst` stopped the trial after its first folds. */
  stoppedAfterFirst: boolean;
  /** When stopped after the first folds: their mean at each round they trained, else null. */
  firstMeans: number[] | null;
}

/** Hooks of {@link runFoldCv}. */
export interface FoldCvHooks {
  /** Every round's k-fold mean of the metric, in order (report; throw to stop the trial). */
  onRound: (iteration: number, value: number) => void;
  /** Folds trained first (0 or >= k: all folds in lockstep from the start). Default 0. */
  firstFolds?: number;
  /** A round of the first folds alone, their mean (throw to stop the trial, e.g. pruned). */
  onFirstRound?: (iteration: number, value: number) => void;
  /** The first folds' values at their best round; true stops the trial there. */
  stopAfterFirst?: (values: readonly number[]) => boolean;
  /**
   * With `firstFolds`: the first folds train this many rounds, then the other folds catch up and
   * these rounds' k-fold means are reported to `onRound` before the first folds go on alone (e.g.
   * up to the pruner's first check, where most pruned trials stop). Default 0.
   */
  lockstepRounds?: number;
}

/**
 * Runs the CV of `params` (the study's base params and the trial's, as `runCvTrial` merges them)
 * on `folds`, watching `metric`.
 *
 * @example
 * ```ts
 * const r = runFoldCv(binned, params, 'accuracy', folds, {
 *   onRound: (it, v) => trial.report(v, it),
 *   firstFolds: 2,
 *   stopAfterFirst: (v) => v[0] < best[0] && v[1] < best[1],
 * });
 * ```
 */
export function runFoldCv(binned: BinnedDataset, userParams: Record<string, unknown>, metric: string, folds: readonly Fold[], hooks: FoldCvHooks): FoldCvResult {
  const data = withGroupsOf(userParams, binned, 'cv()');
  const params = resolveForData(userParams, data, 'cv()');
  const bins = binnedFor(data, params, 'cv()');
  const label = labelFor(bins, params);
  warnRareClassStart(params, bins, label);
  checkMonotoneData(params, bins);
  const { metrics, requested, sessions } = foldSessions(params, bins, label, folds, isClassificationObjective(params.objective), false);
  try {
    const k = metrics.findIndex((m) => m.name === metric);
    if (k < 0 || k >= requested) throw new TunerError(`tuneGbdt: metric '${metric}' is not the one early stopping watches; evaluated: ${metrics.map((m) => m.name).join(', ')}`);
    // early stopping as cv's: on the one requested metric, never with DART (see checkConflicts)
    const patience = requested === 1 && params.boosting !== 'dart' ? params.early_stopping_round : 0;
    const run = new FoldRun(sessions, k, metrics[k].higherIsBetter, params.num_iterations, patience, params.verbosity);
    const nf = sessions.length;
    const g = hooks.firstFolds ?? 0;
    if (g > 0 && g < nf) {
      // the first folds up to the pruner's first check, then the others catch up and the pruner
      // judges the k-fold mean there before the first folds go on alone (a trial pruned there has
      // not trained its first folds to their early stop for nothing); ended there: cv's result
      const lead = hooks.lockstepRounds ?? 0;
      let first = lead > 0 ? run.first(g, hooks.onFirstRound, lead) : null;
      if (lead > 0 && first === null && run.lockstep(hooks.onRound, lead)) {
        return { ...run.all(hooks.onRound), rounds: run.maxRounds(), folds: nf, stoppedAfterFirst: false, firstMeans: null };
      }
      first ??= run.first(g, hooks.onFirstRound) as number[];
      if (hooks.stopAfterFirst?.(first) === true) {
        return { value: NaN, bestIteration: 0, foldValues: first, rounds: run.maxRounds(), folds: g, stoppedAfterFirst: true, firstMeans: run.firstMeans(g) };
      }
    }
    const r = run.all(hooks.onRound);
    return { ...r, rounds: run.maxRounds(), folds: nf, stoppedAfterFirst: false, firstMeans: null };
  } finally {
    for (const s of sessions) s.dispose();
  }
}

/** The sessions of one trial and each fold's metric value per round trained. */
class FoldRun {
  /** values[f][it]: fold f's metric after round it + 1. */
  private readonly values: number[][];
  /** The round at which a first fold found no more leaves (the lockstep run stops there), or -1. */
  private failedAt = -1;
  /** The number of folds trained first (0: none). */
  private g = 0;

  constructor(
    private readonly sessions: BoostingSession[],
    private readonly k: number,
    private readonly higher: boolean,
    private readonly nIter: number,
    private readonly patience: number,
    private readonly verbosity: number,
  ) {
    this.values = sessions.map(() => []);
  }

  maxRounds(): number {
    let m = 0;
    for (const v of this.values) m = Math.max(m, v.length);
    return this.failedAt >= 0 ? Math.max(m, this.failedAt + 1) : m;
  }

  /** Trains fold f one round (if not yet) and records its value; false when it found no leaves. */
  private step(f: number, it: number): boolean {
    const v = this.values[f];
    if (v.length > it) return true;
    if (!this.sessions[f].trainOneIter()) return false;
    v.push(this.sessions[f].evaluate()[this.k].value);
    return true;
  }

  /** The first g folds' mean at each round they all trained. */
  firstMeans(g: number): number[] {
    let n = Infinity;
    for (let f = 0; f < g; f++) n = Math.min(n, this.values[f].length);
    return Array.from({ length: Number.isFinite(n) ? n : 0 }, (_, it) => this.mean(0, g, it));
  }

  private mean(from: number, to: number, it: number): number {
    let s = 0;
    for (let f = from; f < to; f++) s += this.values[f][it];
    return s / (to - from);
  }

  private stopper(): EarlyStopping | null {
    return this.patience > 0 ? new EarlyStopping(this.patience, [this.higher]) : null;
  }

  /** Rounds of the first folds already handed to `first`'s `onRound` (a later call goes on from there). */
  private firstSeen = 0;

  /**
   * Folds 0..g-1 in lockstep with early stopping on their mean; their values at their best round,
   * or null when they did not stop within `upTo` rounds (a later call goes on, reusing the rounds).
   */
  first(g: number, onRound: ((it: number, v: number) => void) | undefined, upTo = this.nIter): number[] | null {
    this.g = g;
    const es = this.stopper();
    let best = 0;
    let ended = false;
    const m = [0];
    const last = Math.min(upTo, this.nIter);
    for (let it = 0; it < last; it++) {
      let ok = true;
      for (let f = 0; f < g; f++) if (!this.step(f, it)) ok = false;
      if (!ok) {
        this.failedAt = it;
        // no more leaves: the best round early stopping saw, not the last one trained (see the module comment)
        if (es !== null && it > 0) best = bestRound(this.firstMeans(g).slice(0, it), this.higher);
        ended = true;
        break;
      }
      best = it + 1;
      m[0] = this.mean(0, g, it);
      if (it >= this.firstSeen) {
        this.firstSeen = it + 1;
        onRound?.(it, m[0]);
      }
      if (es !== null && es.update(it, m, it === this.nIter - 1)) {
        best = es.bestIteration;
        ended = true;
        break;
      }
    }
    if (!ended && last < this.nIter) return null;
    if (best === 0) return this.values.slice(0, g).map(() => NaN);
    return this.values.slice(0, g).map((v) => v[best - 1]);
  }

  /** The lockstep run's state (see {@link lockstep}): the early stopping, each round's k-fold mean, the next round, the best round once done. */
  private es: EarlyStopping | null | undefined = undefined;
  private readonly history: number[] = [];
  private next = 0;
  private done = false;
  private bestIteration = 0;

  /**
   * Every fold in lockstep (`cv`'s loop), reusing the rounds trained, from where the last call
   * left off up to round `upTo` (exclusive); true once the run has ended (early stopping, no more
   * leaves, the last round).
   */
  lockstep(onRound: (it: number, v: number) => void, upTo = this.nIter): boolean {
    if (this.es === undefined) this.es = this.stopper();
    const es = this.es;
    const nf = this.sessions.length;
    const history = this.history;
    const m = [0];
    for (let it = this.next; it < Math.min(upTo, this.nIter) && !this.done; it++) {
      this.next = it + 1;
      let ok = true;
      // every fold trains each round, as cv's loop, even after one of them found no leaves
      for (let f = 0; f < nf; f++) {
        // the first folds trained the round where one of them found no leaves already
        if (it === this.failedAt && f < this.g) continue;
        if (!this.step(f, it)) ok = false;
      }
      if (it === this.failedAt) ok = false;
      if (!ok) {
        if (this.verbosity >= 0) log.warn(`cv stopped at round ${it + 1}: no more leaves meet the split requirements`);
        // the best round early stopping saw, not the last one trained (see the module comment)
        if (es !== null && history.length > 0) this.bestIteration = bestRound(history, this.higher);
        this.done = true;
        break;
      }
      m[0] = this.mean(0, nf, it);
      history.push(m[0]);
      onRound(it, m[0]);
      if (es !== null && es.update(it, m, it === this.nIter - 1)) {
        this.bestIteration = es.bestIteration;
        this.done = true;
      }
    }
    if (this.next >= this.nIter) this.done = true;
    return this.done;
  }

  /** Every fold in lockstep to the end (see {@link lockstep}): the k-fold value at the best round. */
  all(onRound: (it: number, v: number) => void): { value: number; bestIteration: number; foldValues: number[] } {
    this.lockstep(onRound);
    const bestIteration = this.bestIteration === 0 ? this.history.length : this.bestIteration;
    const at = bestIteration - 1;
    return { value: this.history[at] ?? NaN, bestIteration, foldValues: this.values.map((v) => v[at] ?? NaN) };
  }
}

/**
 * The 1-based round of the best value of `history` as `EarlyStopping` finds it: the first round
 * strictly better than every earlier one and not bettered later (round 1 when none is a number).
 */
function bestRound(history: readonly number[], higher: boolean): number {
  let best = 0;
  let score = higher ? -Infinity : Infinity;
  for (let i = 0; i < history.length; i++) {
    if (higher ? history[i] > score : history[i] < score) {
      score = history[i];
      best = i;
    }
  }
  return best + 1;
}
