/**
 * Accuracy, gbtune's own metric: `1 - binary_error` for a binary objective, `1 - multi_error` for
 * a multiclass one: the share of rows (by weight) whose label as `predict` gives it (see
 * `predicted-class.ts`: p > 0.5; the most probable class, the first on ties) is right. Higher is better.
 *
 * @example
 * ```ts
 * new AccuracyMetric().eval(score, label, objective); // e.g. 0.96
 * ```
 */
import { GbtuneError } from '../../core/errors.js';
import { objectiveLineTask, TaskKind } from '../../params/objectives.js';
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { binaryErrorRate } from './binary.js';
import { multiErrorRate } from './multiclass.js';

export class AccuracyMetric implements Metric {
  readonly name = 'accuracy';
  readonly higherIsBetter = true;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    if (objective.numModelPerIteration > 1) return 1 - multiErrorRate(this.name, score, label, objective, weights);
    if (objectiveLineTask(objective.name) !== TaskKind.BINARY) {
      throw new GbtuneError(`metric accuracy needs a classification objective (binary or multiclass), not ${objective.name}`, 'METRIC_OBJECTIVE_MISMATCH');
    }
    return 1 - binaryErrorRate(this.name, score, label, objective, weights);
  }
}
