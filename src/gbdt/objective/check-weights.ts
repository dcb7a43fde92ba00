/** Row-weight validation shared by the objectives. */
import { DataError } from '../../core/errors.js';

/**
 * Throws a DataError unless `weights` is null or has `n` finite non-negative entries.
 *
 * @example
 * ```ts
 * checkWeights(new Float64Array([1, -1]), 2, 'binary'); // DataError: binary objective: weight of row 1 is -1; ...
 * ```
 */
export function checkWeights(weights: Float64Array | null, n: number, objective: string): void {
  if (weights === null) return;
  if (weights.length !== n) {
    throw new DataError(`${objective} objective: ${weights.length} weights for ${n} rows`);
  }
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (!(w >= 0) || w === Infinity) throw new DataError(`${objective} objective: weight of row ${i} is ${w}; weights must be finite and >= 0`);
  }
}
