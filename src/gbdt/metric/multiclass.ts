/**
 * Multiclass metrics on softmax probabilities (LightGBM's `MultiSoftmaxLoglossMetric` and
 * `MultiErrorMetric`, src/metric/multiclass_metric.hpp). Labels are class indices; scores are
 * class-major (`score[k * nRows + i]`).
 *
 * @example
 * ```ts
 * new MultiLoglossMetric().eval(score, label, multiclassObjective);
 * ```
 */
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { K_EPSILON } from '../../core/constants.js';
import { checkMetricInput } from './check-input.js';
import { predictedClassOfRow } from './predicted-class.js';

/** Mean of `-log p[label]`, with p at least 1e-15. */
export class MultiLoglossMetric implements Metric {
  readonly name = 'multi_logloss';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const n = checkMetricInput(this.name, score, label, objective, weights, 0);
    const k = objective.numModelPerIteration;
    const raw = new Float64Array(k);
    const prob = new Float64Array(k);
    let sum = 0;
    let sumW = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) raw[c] = score[c * n + i];
      objective.convertOutput(raw, prob);
      const p = prob[label[i]];
      const loss = p > K_EPSILON ? -Math.log(p) : -Math.log(K_EPSILON);
      const w = weights === null ? 1 : weights[i];
      sum += loss * w;
      sumW += w;
    }
    return sum / sumW;
  }
}

/**
 * Share of rows (by weight) whose predicted class (the most probable, the first on ties: the label
 * `predict` gives) is not the true class. LightGBM's `multi_error` (top-k 1) also counts a row
 * whose true class only ties for the highest probability as wrong; gbtune scores the label
 * `predict` gives, so the two differ only on such ties (e.g. all-stump models where every class
 * has the same score: LightGBM 1, gbtune the share of rows not in class 0).
 */
export class MultiErrorMetric implements Metric {
  readonly name = 'multi_error';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    return multiErrorRate(this.name, score, label, objective, weights);
  }
}

/**
 * The (weighted) multiclass error rate: the share of rows whose {@link predictedClassOfRow} is not
 * the label. Shared with `accuracy`.
 *
 * @example
 * ```ts
 * multiErrorRate('multi_error', score, label, multiclassObjective, null); // e.g. 0.04
 * ```
 */
export function multiErrorRate(
  name: string, score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null,
): number {
  const n = checkMetricInput(name, score, label, objective, weights, 0);
  const k = objective.numModelPerIteration;
  const raw = new Float64Array(k);
  const prob = new Float64Array(k);
  let sum = 0;
  let sumW = 0;
  for (let i = 0; i < n; i++) {
    const wrong = predictedClassOfRow(score, n, i, k, objective, raw, prob) !== label[i];
    const w = weights === null ? 1 : weights[i];
    if (wrong) sum += w;
    sumW += w;
  }
  return sum / sumW;
}
