import type { Objective } from '../objective/objective.js';

/**
 * The metric contract (LightGBM's `Metric`): one number from raw scores (class-major) and labels.
 */
export interface Metric {
  /** The canonical name, e.g. `'binary_logloss'`. */
  readonly name: string;
  readonly higherIsBetter: boolean;
  /** Evaluates raw scores against labels (class index or value), converting through `objective`. */
  eval(score: Float64Array, label: Float64Array, objective: Objective, weights?: Float64Array | null): number;
}
