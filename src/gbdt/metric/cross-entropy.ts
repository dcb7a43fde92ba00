/**
 * Cross-entropy metrics for labels in [0, 1] (LightGBM's `CrossEntropyMetric`,
 * `CrossEntropyLambdaMetric` and `KullbackLeiblerDivergence`, src/metric/xentropy_metric.hpp):
 * - `cross_entropy`: the (weighted) mean of `-(y log p + (1 - y) log(1 - p))`, `p` the objective's
 *   output (a probability; logs of values below 1e-12 are taken at 1e-12);
 * - `cross_entropy_lambda`: the same loss with `p = 1 - exp(-w * lambda)`, `lambda` the output of
 *   `cross_entropy_lambda` and `w` the row's weight (1 without weights), summed and divided by the
 *   number of rows (LightGBM's: the weights are inside the loss, not a weighted mean);
 * - `kullback_leibler`: `cross_entropy` minus the labels' own (weighted mean) entropy, 0 for a perfect fit.
 *
 * @example
 * ```ts
 * new CrossEntropyMetric().eval(new Float64Array([0]), new Float64Array([1]), crossEntropyObjective); // log 2
 * ```
 */
import { DataError } from '../../core/errors.js';
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { checkLabelRange, pointwiseInput, type PointwiseInput } from './pointwise-input.js';

/** LightGBM's `log_arg_epsilon`: log arguments below it are taken at it. */
const LOG_ARG_EPSILON = 1e-12;

/** LightGBM's `XentLoss` of a (32-bit float) label and a probability. */
function xentLoss(y: number, p: number): number {
  const a = y * (p > LOG_ARG_EPSILON ? Math.log(p) : Math.log(LOG_ARG_EPSILON));
  // 1.0f - label: float arithmetic in LightGBM
  const b = Math.fround(1 - y) * (1 - p > LOG_ARG_EPSILON ? Math.log(1 - p) : Math.log(LOG_ARG_EPSILON));
  return -(a + b);
}

/** LightGBM's `YentLoss`: `y log y + (1 - y) log(1 - y)` (minus the entropy of a label). */
function yentLoss(y: number): number {
  let h = 0;
  if (y > 0) h += y * Math.log(y);
  const q = 1 - y;
  if (q > 0) h += q * Math.log(q);
  return h;
}

/** Labels in [0, 1]; weights >= 0 with a positive sum (`positive`: every weight > 0). */
function checkInput(name: string, input: PointwiseInput, positive: boolean): void {
  checkLabelRange(name, input.label, 0, 1);
  const w = input.weights;
  if (w === null) return;
  for (let i = 0; i < w.length; i++) {
    if (positive ? !(w[i] > 0) : !(w[i] >= 0)) {
      throw new DataError(`metric ${name}: weight of row ${i} is ${w[i]}; weights must be ${positive ? '> 0' : '>= 0'}`, 'METRIC_WEIGHT');
    }
  }
  if (!positive && !(input.sumW > 0)) throw new DataError(`metric ${name}: the weights sum to ${input.sumW}; they must sum to > 0`, 'METRIC_WEIGHT');
}

/** The (weighted) sum of `xentLoss` over the rows. */
function sumXent(input: PointwiseInput): number {
  const { n, out, label: y, weights: w } = input;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const loss = xentLoss(y[i], out[i]);
    sum += w === null ? loss : loss * w[i];
  }
  return sum;
}

/** Cross-entropy of labels in [0, 1] and predicted probabilities. */
export class CrossEntropyMetric implements Metric {
  readonly name = 'cross_entropy';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const input = pointwiseInput(this.name, score, label, objective, weights);
    checkInput(this.name, input, false);
    return sumXent(input) / input.sumW;
  }
}

/** Cross-entropy of labels in [0, 1] and `1 - exp(-w * lambda)`, `lambda` the `cross_entropy_lambda` output. */
export class CrossEntropyLambdaMetric implements Metric {
  readonly name = 'cross_entropy_lambda';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const input = pointwiseInput(this.name, score, label, objective, weights);
    checkInput(this.name, input, true);
    const { n, out, label: y, weights: w } = input;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += xentLoss(y[i], 1 - Math.exp(-(w === null ? 1 : w[i]) * out[i]));
    return sum / n;
  }
}

/** Kullback-Leibler divergence of the labels (in [0, 1]) from the predicted probabilities. */
export class KullbackLeiblerMetric implements Metric {
  readonly name = 'kullback_leibler';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const input = pointwiseInput(this.name, score, label, objective, weights);
    checkInput(this.name, input, false);
    const { n, label: y, weights: w, sumW } = input;
    let entropy = 0;
    for (let i = 0; i < n; i++) entropy += w === null ? yentLoss(y[i]) : yentLoss(y[i]) * w[i];
    return entropy / sumW + sumXent(input) / sumW;
  }
}
