/**
 * Tuning a binary target whose minority class is rare: when that class holds less than
 * {@link IMBALANCED_SHARE} of the rows (by weight, when the rows have weights), the default search
 * space also searches `scale_pos_weight`, log-uniform between 1 (no reweighting) and
 * `negatives / positives` (the classes weighing the same, the value XGBoost's and LightGBM's docs
 * suggest), and the run says so; tuning accuracy on such a target gets a hint naming `--metric auc`.
 *
 * Why 20%: Google's Machine Learning Crash Course ("Datasets: Class-imbalanced datasets") calls a
 * minority of 20-40% of the rows mild imbalance, 1-20% moderate and under 1% extreme; below 20% a
 * model that always predicts the majority already scores over 80% accuracy, and reweighting the
 * minority is the usual remedy. Why that range: weights above balance over-correct (the model then
 * favours the minority more than a balanced problem would), and weights below 1 would favour the
 * majority further; the log scale gives as much room to 1..3 as to 3..9.
 *
 * @example
 * ```ts
 * const info = detectImbalance(dataset, 'binary');
 * info?.minorityShare; // 0.104
 * info?.scalePosWeight; // { low: 1, high: 8.62 } (positives are the minority)
 * ```
 */
import type { Dataset } from '../data/dataset.js';

/** A binary target whose minority class holds less than this share of the rows is tuned as imbalanced. */
export const IMBALANCED_SHARE = 0.2;

/** What a run knows about an imbalanced binary target. */
export interface ImbalanceInfo {
  /** The rarer class's label, and its share of the rows (by weight when the rows have weights). */
  minorityClass: string;
  minorityShare: number;
  /** The other class. */
  majorityClass: string;
  /**
   * The `scale_pos_weight` range the default space searches (log scale): from 1 to
   * negatives / positives (3 significant digits), in increasing order (below 1 when the positive
   * class is the majority). Null when it is not searched (a space of the user's, or a fixed
   * `scale_pos_weight` or `is_unbalance`).
   */
  scalePosWeight: { low: number; high: number } | null;
}

/**
 * The imbalance of a binary target (`objective` binary, two classes), or null when the minority
 * holds at least {@link IMBALANCED_SHARE} of the rows or the task is not binary. `scalePosWeight`
 * is filled in (the caller clears it when it does not search it).
 *
 * @example
 * ```ts
 * detectImbalance(await readCsv('datasets/breast_cancer.csv'), 'binary'); // null: 37% / 63%
 * ```
 */
export function detectImbalance(data: Dataset, objective: string): ImbalanceInfo | null {
  const t = data.target;
  if (objective !== 'binary' || t === null || t.classIndex === null || t.classes === null || t.classes.length !== 2) return null;
  const cls = t.classIndex;
  const w = data.weights;
  let pos = 0;
  let all = 0;
  for (let i = 0; i < cls.length; i++) {
    const wi = w === null ? 1 : w[i];
    all += wi;
    if (cls[i] === 1) pos += wi;
  }
  const neg = all - pos;
  if (pos <= 0 || neg <= 0) return null;
  const posShare = pos / all;
  const minorityIsPositive = posShare < 0.5;
  const minorityShare = minorityIsPositive ? posShare : 1 - posShare;
  if (minorityShare >= IMBALANCED_SHARE) return null;
  const ratio = Number((neg / pos).toPrecision(3));
  return {
    minorityClass: t.classes[minorityIsPositive ? 1 : 0],
    majorityClass: t.classes[minorityIsPositive ? 0 : 1],
    minorityShare,
    scalePosWeight: { low: Math.min(1, ratio), high: Math.max(1, ratio) },
  };
}

/**
 * The hint a run tuning `metric` on an imbalanced target gets, or null when the metric is not
 * thrown off by the imbalance (`auc`, `average_precision`, `binary_logloss`).
 *
 * @example
 * ```ts
 * imbalanceHint(info, 'accuracy');
 * // "class '0' is 10.4% of the rows: accuracy may mislead on imbalanced data (always predicting '1' scores 89.6%); --metric auc or --metric average_precision rank the models by how they order the rows"
 * ```
 */
export function imbalanceHint(info: ImbalanceInfo, metric: string): string | null {
  if (metric !== 'accuracy' && metric !== 'binary_error') return null;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return (
    `class '${info.minorityClass}' is ${pct(info.minorityShare)} of the rows: ${metric} may mislead on imbalanced data ` +
    `(always predicting '${info.majorityClass}' scores ${metric === 'accuracy' ? pct(1 - info.minorityShare) : `an error of ${pct(info.minorityShare)}`}); ` +
    '--metric auc or --metric average_precision rank the models by how they order the rows'
  );
}
