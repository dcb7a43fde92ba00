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
      for (let c = 0; c < k; c++) raw[c] = score[c * n + i] as number;
      objective.convertOutput(raw, prob);
      const p = prob[label[i] as number] as number;
      const loss = p > K_EPSILON ? -Math.log(p) : -Math.log(K_EPSILON);
      const w = weights === null ? 1 : (weights[i] as number);
      sum += loss * w;
      sumW += w;
    }
    return sum / sumW;
  }
}

/** Share of rows (by weight) where some other class scores at least as high as the true class. */
export class MultiErrorMetric implements Metric {
  readonly name = 'multi_error';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    return multiErrorRate(this.name, score, label, objective, weights);
  }
}

/**
 * The (weighted) multiclass error rate, LightGBM's rule with top-k = 1: a row is wrong when more
 * than one class (counting the true one) has a probability >= the true class's. Shared with `accuracy`.
 */
export function multiErrorRate(
  name: string, score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null,
): number {
  const n = checkMetricInput(name, score, label, objective, weights, 0);
  const k = objective.numModelPerIteration;
  const raw = new Float64Array(k);
  const prob = new Float64Array(k);
  // softmax keeps the order of the raw scores: only a row whose nearest rival is within rounding
  // of the true class's raw score needs the probabilities (they may tie where the scores do not)
  const softmax = objective.name === 'multiclass';
  let sum = 0;
  let sumW = 0;
  for (let i = 0; i < n; i++) {
    const y = label[i] as number;
    let wrong: boolean;
    if (softmax) {
      const sTrue = score[y * n + i] as number;
      let rival = -Infinity;
      let maxAbs = Math.abs(sTrue);
      for (let c = 0; c < k; c++) {
        if (c === y) continue;
        const v = score[c * n + i] as number;
        if (v > rival) rival = v;
        const a = Math.abs(v);
        if (a > maxAbs) maxAbs = a;
      }
      if (rival >= sTrue) wrong = true;
      else if (sTrue - rival > TIE_MARGIN * Math.max(1, maxAbs)) wrong = false;
      else wrong = errorByProbability(score, n, i, y, k, objective, raw, prob);
    } else wrong = errorByProbability(score, n, i, y, k, objective, raw, prob);
    const w = weights === null ? 1 : (weights[i] as number);
    if (wrong) sum += w;
    sumW += w;
  }
  return sum / sumW;
}

/**
 * Raw scores this far apart (relative to the largest, at least 1) give distinct softmax
 * probabilities: the shift, exp and division each round by about 1e-16 relative.
 */
const TIE_MARGIN = 1e-9;

/** LightGBM's rule on the row's probabilities: more than one class >= the true class's. */
function errorByProbability(
  score: Float64Array, n: number, i: number, y: number, k: number, objective: Objective, raw: Float64Array, prob: Float64Array,
): boolean {
  for (let c = 0; c < k; c++) raw[c] = score[c * n + i] as number;
  objective.convertOutput(raw, prob);
  const pTrue = prob[y] as number;
  let atLeast = 0;
  for (let c = 0; c < k; c++) if ((prob[c] as number) >= pTrue) atLeast++;
  return atLeast > 1;
}
