/**
 * Regression metrics for the robust objectives (LightGBM's `QuantileMetric`, `MAPEMetric` and
 * `FairLossMetric`, src/metric/regression_metric.hpp): the (weighted) mean of a pointwise loss of
 * the objective's output, labels and weights as 32-bit floats, as LightGBM computes them.
 *
 * @example
 * ```ts
 * new QuantileMetric(0.9).eval(new Float64Array([1, 3]), new Float64Array([2, 2]), l2Objective); // (0.9 + 0.1) / 2
 * ```
 */
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { pointwiseInput } from './pointwise-input.js';

/** Pinball loss of the `alpha` quantile: `alpha * (y - s)` when `y >= s`, else `(1 - alpha) * (s - y)`. */
export class QuantileMetric implements Metric {
  readonly name = 'quantile';
  readonly higherIsBetter = false;
  /** @param alpha the quantile (LightGBM's `alpha`, default 0.9). */
  constructor(readonly alpha = 0.9) {}

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const { n, out, label: y, weights: w, sumW } = pointwiseInput(this.name, score, label, objective, weights);
    const alpha = this.alpha;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const delta = y[i] - out[i];
      const loss = delta < 0 ? (alpha - 1) * delta : alpha * delta;
      sum += w === null ? loss : loss * w[i];
    }
    return sum / sumW;
  }
}

/** Mean absolute percentage error `|y - s| / max(1, |y|)` (labels below 1 in absolute value count as 1). */
export class MapeMetric implements Metric {
  readonly name = 'mape';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const { n, out, label: y, weights: w, sumW } = pointwiseInput(this.name, score, label, objective, weights);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const loss = Math.abs(y[i] - out[i]) / Math.max(1, Math.abs(y[i]));
      sum += w === null ? loss : loss * w[i];
    }
    return sum / sumW;
  }
}

/** Fair loss `c |x| - c^2 log(1 + |x| / c)` of the residual `x` (LightGBM's `fair_c`, default 1). */
export class FairMetric implements Metric {
  readonly name = 'fair';
  readonly higherIsBetter = false;
  /** @param c the residual scale (LightGBM's `fair_c`, default 1). */
  constructor(readonly c = 1) {}

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const { n, out, label: y, weights: w, sumW } = pointwiseInput(this.name, score, label, objective, weights);
    const c = this.c;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x = Math.abs(out[i] - y[i]);
      const loss = c * x - c * c * Math.log1p(x / c);
      sum += w === null ? loss : loss * w[i];
    }
    return sum / sumW;
  }
}
