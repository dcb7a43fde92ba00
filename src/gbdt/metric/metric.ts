import type { Objective } from '../objective/objective.js';

/**
 * The metric contract (LightGBM's `Metric`): one number from raw scores (class-major) and labels.
 */
export interface Metric {
  /** The canonical name, e.g. `'binary_logloss'`. */
  readonly name: string;
  readonly higherIsBetter: boolean;
  /**
   * Evaluates raw scores against labels (class index or value), converting through `objective`.
   * `queries`: the query boundaries of the rows (query q holds rows `[queries[q], queries[q + 1])`,
   * LightGBM's `query_boundaries`), which the ranking metrics need and the others ignore.
   */
  eval(score: Float64Array, label: Float64Array, objective: Objective, weights?: Float64Array | null, queries?: Uint32Array | null): number;
}
