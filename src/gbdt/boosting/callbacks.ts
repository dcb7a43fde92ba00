/**
 * What `train` and `cv` tell callbacks after each boosting round, and LightGBM's early-stopping rule
 * (anchor: LightGBM `python-package/lightgbm/callback.py`, `_EarlyStoppingCallback`): for each
 * (dataset, metric) pair in order, remember the best value and its round; stop when a pair has not
 * strictly improved for `early_stopping_round` rounds, the best round being that pair's best.
 */

/** One metric on one validation set after a round of `train`. */
export interface Evaluation {
  dataName: string;
  metricName: string;
  value: number;
  higherIsBetter: boolean;
}

/** What a `train` callback receives after each round. */
export interface TrainCallbackEnv {
  /** 0-based round just finished (LightGBM's `env.iteration`). */
  iteration: number;
  /** Total rounds requested. */
  endIteration: number;
  evaluations: Evaluation[];
}

/**
 * Called after every round of `train`. Return `true` to stop training after this round; throw to
 * abort it (the error propagates out of `train`, e.g. `TrialPruned`).
 */
export type TrainCallback = (env: TrainCallbackEnv) => boolean | void;

/** One metric's mean and standard deviation over the folds after a round of `cv`. */
export interface CvEvaluation {
  metricName: string;
  mean: number;
  std: number;
  higherIsBetter: boolean;
}

/** What a `cv` callback receives after each round (all folds have finished that round). */
export interface CvCallbackEnv {
  iteration: number;
  endIteration: number;
  evaluations: CvEvaluation[];
}

/** Called after every round of `cv`; return `true` to stop, throw to abort (e.g. pruning). */
export type CvCallback = (env: CvCallbackEnv) => boolean | void;

/**
 * LightGBM's early stopping over a fixed list of (dataset, metric) pairs.
 *
 * @example
 * ```ts
 * const es = new EarlyStopping(10, [true]);
 * es.update(0, [0.91]); // false: keep going
 * es.bestIteration;      // 1 (1-based)
 * ```
 */
export class EarlyStopping {
  private readonly rounds: number;
  private readonly higher: boolean[];
  private readonly checked: boolean[];
  private readonly bestScore: number[];
  private readonly bestIter: number[];
  /** 1-based best round once stopped (or at the end), 0 before. */
  bestIteration = 0;

  /**
   * `higherIsBetter[k]` for each pair k; pairs are checked in order; `checked[k]` false leaves pair k
   * out of the stopping rule (first_metric_only). Default: all checked.
   */
  constructor(rounds: number, higherIsBetter: boolean[], checked: boolean[] = higherIsBetter.map(() => true)) {
    this.rounds = rounds;
    this.higher = higherIsBetter;
    this.checked = checked;
    this.bestScore = higherIsBetter.map((h) => (h ? -Infinity : Infinity));
    this.bestIter = higherIsBetter.map(() => 0);
  }

  /** Feeds round `iteration`'s values (same order as the pairs); true when training must stop. */
  update(iteration: number, values: ArrayLike<number>, isLast = false): boolean {
    for (let k = 0; k < this.higher.length; k++) {
      const v = values[k];
      if (this.higher[k] ? v > this.bestScore[k] : v < this.bestScore[k]) {
        this.bestScore[k] = v;
        this.bestIter[k] = iteration;
      }
    }
    for (let k = 0; k < this.higher.length; k++) {
      if (!this.checked[k]) continue;
      if (iteration - this.bestIter[k] >= this.rounds || isLast) {
        this.bestIteration = this.bestIter[k] + 1;
        return true;
      }
    }
    return false;
  }
}
