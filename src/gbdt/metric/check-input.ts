/**
 * Shared argument checks of the metrics: a score array of `numModel * nRows`, weights of `nRows`.
 */
import { GbtuneError } from '../../core/errors.js';
import type { Objective } from '../objective/objective.js';

/**
 * Checks the shapes and returns the number of rows. `expectModels` is the number of scores per
 * row the metric needs (1 for binary/regression metrics, 0 for "any").
 */
export function checkMetricInput(
  name: string, score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null | undefined,
  expectModels: number,
): number {
  const n = label.length;
  const k = objective.numModelPerIteration;
  if (expectModels > 0 && k !== expectModels) {
    throw new GbtuneError(`metric ${name} needs ${expectModels} score per row, but objective ${objective.name} has ${k}`, 'METRIC_OBJECTIVE_MISMATCH');
  }
  if (score.length !== n * k) {
    throw new GbtuneError(`metric ${name}: ${score.length} scores for ${n} rows and ${k} score(s) per row`, 'METRIC_SHAPE');
  }
  if (weights !== null && weights !== undefined && weights.length !== n) {
    throw new GbtuneError(`metric ${name}: ${weights.length} weights for ${n} rows`, 'METRIC_SHAPE');
  }
  if (n === 0) throw new GbtuneError(`metric ${name}: no rows to evaluate`, 'METRIC_SHAPE');
  return n;
}
