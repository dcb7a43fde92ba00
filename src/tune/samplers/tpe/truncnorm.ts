/**
 * The truncated normal distribution, computed in log space so that kernels far in the tails (a
 * truncation interval many sigmas away from the mean) still get a finite, accurate log-normaliser.
 * Pure numerics on top of the normal CDF, log-CDF and log-space quantile of `core/stats.ts`.
 *
 * Follows the structure of Optuna's `samplers/_tpe/_truncnorm.py` (itself after SciPy's
 * `truncnorm`): `logGaussMass(a, b) = log(Phi(b) - Phi(a))` works in the left tail and mirrors the
 * right tail onto it; the quantile inverts the log-CDF (`normalPpfFromLog`) at the target mass.
 *
 * @example
 * ```ts
 * logGaussMass(-1, 1);        // log(0.6826894921370859)
 * logGaussMass(30, 31);       // -454.321... (finite, no underflow)
 * ppf(0.5, -1, 1);            // 0 (median of the symmetric truncation)
 * ```
 */
import { erf, LOG_SQRT_2PI, normalCdf, normalLogCdf, normalPpfFromLog } from '../../../core/stats.js';

const SQRT1_2 = Math.SQRT1_2;

/** `log(exp(p) - exp(q))` for p >= q. */
function logDiff(p: number, q: number): number {
  if (q === -Infinity) return p;
  return p + Math.log1p(-Math.exp(q - p));
}

/** `log(exp(p) + exp(q))`. */
export function logAddExp(p: number, q: number): number {
  const m = p > q ? p : q;
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  return m + Math.log1p(Math.exp(-Math.abs(p - q)));
}

/** `log(Phi(b) - Phi(a))` for a <= b: the log probability mass of [a, b] under N(0, 1). */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(normalLogCdf(b), normalLogCdf(a));
  if (a > 0) return logDiff(normalLogCdf(-a), normalLogCdf(-b));
  // central case (a <= 0 < b): when the mass is large, 1 - Phi(a) - Phi(-b) avoids the
  // cancellation of Phi(b) - Phi(a) near 1; when it is small, the two erf halves are summed
  // (both non-negative, so no cancellation either)
  const tails = normalCdf(a) + normalCdf(-b);
  if (tails < 0.5) return Math.log1p(-tails);
  return Math.log(0.5 * (erf(b * SQRT1_2) + erf(-a * SQRT1_2)));
}

/**
 * The q-quantile (0 <= q <= 1) of N(0, 1) truncated to [a, b] (a < b), in standard units.
 * Works far in either tail (it flips the right tail onto the left one).
 */
export function ppf(q: number, a: number, b: number): number {
  if (q <= 0) return a;
  if (q >= 1) return b;
  const logMass = logGaussMass(a, b);
  let x: number;
  if (a < 0) {
    x = normalPpfFromLog(logAddExp(normalLogCdf(a), Math.log(q) + logMass));
  } else {
    x = -normalPpfFromLog(logAddExp(normalLogCdf(-b), Math.log1p(-q) + logMass));
  }
  return x < a ? a : x > b ? b : x;
}

/**
 * The log density at x of N(loc, scale^2) truncated to [loc + a*scale, loc + b*scale]
 * (a, b in standard units, as SciPy's truncnorm); -Infinity outside.
 */
export function logPdf(x: number, a: number, b: number, loc: number, scale: number): number {
  const z = (x - loc) / scale;
  if (z < a || z > b) return -Infinity;
  return -0.5 * z * z - LOG_SQRT_2PI - logGaussMass(a, b) - Math.log(scale);
}
