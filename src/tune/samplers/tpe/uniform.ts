/**
 * TPE's start-up draws: one uniform sample from a distribution as Optuna's `RandomSampler` draws
 * it (through `_SearchSpaceTransform`): uniform over `[low, high]` (in log space for log params),
 * and for int/stepped params uniform over `[low - step/2, high + step/2]` then rounded to the
 * grid, so every grid point gets the same mass (its log-space cell for log ints).
 *
 * @example
 * ```ts
 * drawUniform(new Rng(3), new IntDistribution(1, 100, { log: true })); // e.g. 7
 * ```
 */
import type { Rng } from '../../../core/rng.js';
import type { Distribution, ParamValue } from '../../distributions.js';

/** One uniform draw (external value). */
export function drawUniform(rng: Rng, d: Distribution): ParamValue {
  if (d.kind === 'categorical') return d.choices[rng.below(d.choices.length)];
  const step = d.kind === 'int' ? d.step : (d.step ?? 0);
  let lo = d.low - step / 2;
  let hi = d.high + step / 2;
  if (d.log) {
    lo = Math.log(lo);
    hi = Math.log(hi);
  }
  let v = rng.uniform(lo, hi);
  if (d.log) v = Math.exp(v);
  if (step > 0) v = d.low + Math.round((v - d.low) / step) * step;
  v = v < d.low ? d.low : v > d.high ? d.high : v;
  return d.kind === 'int' ? Math.round(v) : v;
}
