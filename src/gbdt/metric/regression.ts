/**
 * Regression metrics on converted scores (LightGBM's `L1Metric`, `L2Metric`, `RMSEMetric`,
 * `HuberLossMetric`, src/metric/regression_metric.hpp): the (weighted) mean of a pointwise loss;
 * rmse is the square root of l2.
 *
 * @example
 * ```ts
 * new RmseMetric().eval(new Float64Array([1, 3]), new Float64Array([0, 0]), l2Objective); // sqrt(5)
 * ```
 */
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { checkMetricInput } from './check-input.js';

const LossKind = { L1: 0, L2: 1, HUBER: 2 } as const;
type LossKind = (typeof LossKind)[keyof typeof LossKind];

/** The (weighted) mean pointwise loss, one specialised loop per loss. */
function meanLoss(
  name: string, kind: LossKind, alpha: number,
  score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null,
): number {
  const n = checkMetricInput(name, score, label, objective, weights, 1);
  const raw = new Float64Array(1);
  const out = new Float64Array(1);
  let sum = 0;
  let sumW = 0;
  for (let i = 0; i < n; i++) {
    raw[0] = score[i];
    objective.convertOutput(raw, out);
    const diff = out[0] - label[i];
    let loss: number;
    if (kind === LossKind.L2) loss = diff * diff;
    else if (kind === LossKind.L1) loss = Math.abs(diff);
    else loss = Math.abs(diff) <= alpha ? 0.5 * diff * diff : alpha * (Math.abs(diff) - 0.5 * alpha);
    const w = weights === null ? 1 : weights[i];
    sum += loss * w;
    sumW += w;
  }
  return sum / sumW;
}

/** Mean absolute error. */
export class L1Metric implements Metric {
  readonly name = 'l1';
  readonly higherIsBetter = false;
  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    return meanLoss(this.name, LossKind.L1, 0, score, label, objective, weights);
  }
}

/** Mean squared error. */
export class L2Metric implements Metric {
  readonly name = 'l2';
  readonly higherIsBetter = false;
  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    return meanLoss(this.name, LossKind.L2, 0, score, label, objective, weights);
  }
}

/** Root mean squared error. */
export class RmseMetric implements Metric {
  readonly name = 'rmse';
  readonly higherIsBetter = false;
  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    return Math.sqrt(meanLoss(this.name, LossKind.L2, 0, score, label, objective, weights));
  }
}

/** Mean Huber loss with threshold `alpha` (default 0.9, LightGBM's). */
export class HuberMetric implements Metric {
  readonly name = 'huber';
  readonly higherIsBetter = false;
  constructor(readonly alpha = 0.9) {}
  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    return meanLoss(this.name, LossKind.HUBER, this.alpha, score, label, objective, weights);
  }
}
