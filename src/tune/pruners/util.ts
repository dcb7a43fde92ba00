/**
 * Helpers shared by the pruners: the study's single direction, the warmup/interval gate, option
 * checks, and a NaN-aware percentile. Follows `optuna/pruners/_percentile.py`.
 *
 * @example
 * ```ts
 * nanPercentile([3, 1, NaN, 2, 10], 50); // 2.5
 * isFirstInIntervalStep(5, [0, 1, 2, 3, 4, 5], 2, 3); // true: checks at 2, 5, 8, ...
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { StudyView } from '../study/study-view.js';
import type { StudyDirection } from '../trial/frozen-trial.js';

/** The direction of a single-objective study; pruning is not defined for several objectives (as in Optuna). */
export function singleDirection(study: StudyView, pruner: string): StudyDirection {
  if (study.directions.length !== 1) {
    throw new TunerError(
      `${pruner}: pruning needs a single-objective study, but study '${study.studyName}' has ${study.directions.length} directions`,
    );
  }
  return study.directions[0];
}

/**
 * True when `step` is the first reported step at or after the latest pruning check point
 * `nWarmupSteps + k * intervalSteps` (Optuna's `_is_first_in_interval_step`): a check that found no
 * report is postponed to the next reported step.
 */
export function isFirstInIntervalStep(
  step: number,
  steps: Iterable<number>,
  nWarmupSteps: number,
  intervalSteps: number,
): boolean {
  const nearestLowerPruningStep = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLowerPruningStep;
}

/** Throws unless `value` is an integer >= `min`. */
export function checkInt(owner: string, key: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new TunerError(`${owner}: ${key} (${value}) must be an integer >= ${min}`);
  }
}

/**
 * The `q`-th percentile (0..100) of the non-NaN values, interpolated linearly between order
 * statistics (numpy's `nanpercentile`, method 'linear'); NaN when every value is NaN.
 */
export function nanPercentile(values: readonly number[], q: number): number {
  const xs: number[] = [];
  for (const v of values) if (!Number.isNaN(v)) xs.push(v);
  xs.sort((a, b) => a - b);
  return sortedPercentile(xs, q);
}

/** {@link nanPercentile} of values sorted ascending, without NaN (NaN when there are none). */
export function sortedPercentile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const h = ((xs.length - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  const a = xs[lo];
  const b = xs[hi];
  const f = h - lo;
  if (f === 0) return a;
  // numpy's _lerp: a + (b - a) * f, evaluated from the nearer end for f >= 0.5
  return f >= 0.5 ? b - (b - a) * (1 - f) : a + (b - a) * f;
}

/** The smallest (`'min'`) or largest non-NaN value; NaN when all are NaN or there are none. */
export function nanExtreme(values: Iterable<number>, which: 'min' | 'max'): number {
  let best = NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(best) || (which === 'min' ? v < best : v > best)) best = v;
  }
  return best;
}
