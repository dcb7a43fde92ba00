/**
 * The one rule that turns a classifier's output into a class, shared by `Booster.predict` and by
 * every metric that scores labels (`binary_error`, `multi_error`, `accuracy`), so a metric never
 * scores labels other than the ones `predict` gives:
 * - binary: the positive class when its probability is > 0.5 (p = 0.5 exactly is negative, as
 *   LightGBM's `binary_error` and scikit-learn's `predict`);
 * - multiclass: the most probable class, the first one on ties (numpy's `argmax`, as LightGBM's
 *   scikit-learn `predict`).
 *
 * @example
 * ```ts
 * isPositiveClass(0.5); // false
 * argmaxFirst(new Float64Array([0.2, 0.4, 0.4]), 0, 1, 3); // 1
 * ```
 */
import type { Objective } from '../objective/objective.js';

/**
 * Whether a binary classifier's probability of the positive class predicts that class: p > 0.5.
 *
 * @example
 * ```ts
 * isPositiveClass(0.5000001); // true
 * ```
 */
export function isPositiveClass(p: number): boolean {
  return p > 0.5;
}

/**
 * The index c in [0, k) of the largest `values[offset + c * stride]`: the first such c on ties
 * (numpy's `argmax`); a NaN never wins over a number (0 when every value is NaN).
 *
 * @example
 * ```ts
 * // row 1 of row-major probabilities with 3 columns
 * argmaxFirst(proba, 1 * 3, 1, 3);
 * // row 1 of class-major scores of n rows
 * argmaxFirst(score, 1, n, 3);
 * ```
 */
export function argmaxFirst(values: ArrayLike<number>, offset: number, stride: number, k: number): number {
  let best = 0;
  let bestValue = values[offset];
  for (let c = 1; c < k; c++) {
    const v = values[offset + c * stride];
    // `!(bestValue >= v)` would let a NaN win; this lets a number replace a NaN and nothing else tie-break
    if (v > bestValue || (Number.isNaN(bestValue) && !Number.isNaN(v))) {
      best = c;
      bestValue = v;
    }
  }
  return best;
}

/**
 * Raw scores this far apart (relative to the largest, at least 1) give distinct softmax
 * probabilities in the same order: the shift, exp and division each round by about 1e-16 relative.
 */
const TIE_MARGIN = 1e-9;

/**
 * The predicted class of row `i` of class-major raw scores (`score[c * n + i]`, `k` classes): the
 * {@link argmaxFirst} of the row's probabilities under `objective` (what `predict` labels). For
 * softmax the raw scores keep the probabilities' order, so only a row whose top two raw scores
 * are within rounding of each other needs the probabilities (they may tie where the scores do
 * not). `raw` and `prob` are scratch buffers of length k.
 *
 * @example
 * ```ts
 * const raw = new Float64Array(3), prob = new Float64Array(3);
 * predictedClassOfRow(score, n, 0, 3, multiclassObjective, raw, prob); // e.g. 2
 * ```
 */
export function predictedClassOfRow(
  score: Float64Array, n: number, i: number, k: number, objective: Objective, raw: Float64Array, prob: Float64Array,
): number {
  if (objective.name === 'multiclass') {
    const top = argmaxFirst(score, i, n, k);
    const sTop = score[top * n + i];
    let rival = -Infinity;
    let maxAbs = Math.abs(sTop);
    for (let c = 0; c < k; c++) {
      if (c === top) continue;
      const v = score[c * n + i];
      if (v > rival) rival = v;
      const a = Math.abs(v);
      if (a > maxAbs) maxAbs = a;
    }
    if (sTop - rival > TIE_MARGIN * Math.max(1, maxAbs)) return top;
  }
  for (let c = 0; c < k; c++) raw[c] = score[c * n + i];
  objective.convertOutput(raw, prob);
  return argmaxFirst(prob, 0, 1, k);
}
