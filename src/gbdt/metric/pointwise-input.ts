/**
 * What LightGBM's pointwise metrics (`RegressionMetric`, `CrossEntropyMetric`, ...:
 * src/metric/regression_metric.hpp, xentropy_metric.hpp) read: each row's output (the raw score
 * converted by the objective's `ConvertOutput`), its label and its weight, labels and weights as
 * 32-bit floats (LightGBM's `label_t`), and the sum of the weights (in double, as LightGBM sums them).
 *
 * @example
 * ```ts
 * const { n, out, label, weights, sumW } = pointwiseInput('poisson', score, y, poissonObjective, null);
 * ```
 */
import { DataError } from '../../core/errors.js';
import type { Objective } from '../objective/objective.js';
import { roundedToFloat32 } from '../objective/float32.js';
import { checkMetricInput } from './check-input.js';

/** One metric evaluation's rows. */
export interface PointwiseInput {
  readonly n: number;
  /** The objective's output of each row (e.g. `exp(score)` for poisson). */
  readonly out: Float64Array;
  /** Labels rounded to 32-bit floats. */
  readonly label: Float64Array;
  /** Weights rounded to 32-bit floats, or null. */
  readonly weights: Float64Array | null;
  /** The sum of the weights (n without weights). */
  readonly sumW: number;
}

/**
 * Checks the shapes (one score per row) and returns the rows as LightGBM's metrics see them.
 *
 * @example
 * ```ts
 * pointwiseInput('l2', new Float64Array([1, 2]), new Float64Array([0.1, 2]), l2Objective, null).label[0]; // 0.10000000149011612
 * ```
 */
export function pointwiseInput(
  name: string, score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null | undefined,
): PointwiseInput {
  const n = checkMetricInput(name, score, label, objective, weights, 1);
  const out = new Float64Array(n);
  const raw = new Float64Array(1);
  const one = new Float64Array(1);
  for (let i = 0; i < n; i++) {
    raw[0] = score[i];
    objective.convertOutput(raw, one);
    out[i] = one[0];
  }
  const w = weights === null || weights === undefined ? null : roundedToFloat32(weights);
  let sumW = n;
  if (w !== null) {
    sumW = 0;
    for (let i = 0; i < n; i++) sumW += w[i];
  }
  return { n, out, label: roundedToFloat32(label), weights: w, sumW };
}

/**
 * Throws a {@link DataError} naming the metric and the first row whose label is outside
 * `[low, high]` (`lowOpen`: `low` itself is outside too), as LightGBM's metrics refuse such labels.
 *
 * @example
 * ```ts
 * checkLabelRange('gamma', label, 0, Infinity, true); // labels must be > 0
 * ```
 */
export function checkLabelRange(name: string, label: Float64Array, low: number, high: number, lowOpen = false): void {
  for (let i = 0; i < label.length; i++) {
    const y = label[i];
    if (!(lowOpen ? y > low : y >= low) || !(y <= high)) {
      const range = high === Infinity ? `${lowOpen ? '>' : '>='} ${low}` : `in ${lowOpen ? '(' : '['}${low}, ${high}]`;
      throw new DataError(`metric ${name}: label of row ${i} is ${y}; labels must be ${range}`, 'METRIC_LABEL');
    }
  }
}
