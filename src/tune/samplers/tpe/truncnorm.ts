/**
 * The standard normal CDF and the truncated normal distribution, computed in log space so that
 * kernels far in the tails (a truncation interval many sigmas away from the mean) still get a
 * finite, accurate log-normaliser. Pure numerics, no dependencies besides {@link erf}/{@link erfc}.
 *
 * Follows the structure of Optuna's `samplers/_tpe/_truncnorm.py` (itself after SciPy's
 * `truncnorm`): `logGaussMass(a, b) = log(Phi(b) - Phi(a))` works in the left tail and mirrors the
 * right tail onto it; `logNdtr` switches to the asymptotic series below -20; the quantile is found
 * by Newton's method on `logNdtr(x) = y` (here started from Acklam's rational approximation of the
 * normal quantile, so one or two steps suffice).
 *
 * @example
 * ```ts
 * logGaussMass(-1, 1);        // log(0.6826894921370859)
 * logGaussMass(30, 31);       // -454.321... (finite, no underflow)
 * ppf(0.5, -1, 1);            // 0 (median of the symmetric truncation)
 * ```
 */
import { erf, erfc } from '../../../core/stats.js';

/** log(sqrt(2 pi)). */
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;

/** The standard normal CDF `Phi(a)`, accurate in both tails. */
export function ndtr(a: number): number {
  const x = a * SQRT1_2;
  if (x < -SQRT1_2) return 0.5 * erfc(-x);
  if (x < SQRT1_2) return 0.5 + 0.5 * erf(x);
  return 1 - 0.5 * erfc(x);
}

/** `log(Phi(a))`, finite down to a = -1e150 or so (asymptotic series below -20). */
export function logNdtr(a: number): number {
  if (a > 0) return Math.log1p(-ndtr(-a)); // keeps the digits of 1 - Phi(a) when it is tiny
  if (a > -20) return Math.log(ndtr(a));
  if (a === -Infinity) return -Infinity;
  // log Phi(a) = -a^2/2 - log(-a) - log sqrt(2 pi) + log(1 - 1/a^2 + 3/a^4 - 15/a^6 + ...)
  const logLhs = -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI;
  const inv2 = 1 / (a * a);
  let total = 1;
  let last = 0;
  let term = 1;
  let sign = 1;
  for (let i = 1; i < 100 && Math.abs(last - total) > Number.EPSILON; i++) {
    last = total;
    sign = -sign;
    term *= (2 * i - 1) * inv2;
    total += sign * term;
  }
  return logLhs + Math.log(total);
}

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
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  // central case (a <= 0 < b): when the mass is large, 1 - Phi(a) - Phi(-b) avoids the
  // cancellation of Phi(b) - Phi(a) near 1; when it is small, the two erf halves are summed
  // (both non-negative, so no cancellation either)
  const tails = ndtr(a) + ndtr(-b);
  if (tails < 0.5) return Math.log1p(-tails);
  return Math.log(0.5 * (erf(b * SQRT1_2) + erf(-a * SQRT1_2)));
}

// Acklam's rational approximation of the normal quantile (relative error < 1.2e-9)
const A0 = -3.969683028665376e1;
const A1 = 2.209460984245205e2;
const A2 = -2.759285104469687e2;
const A3 = 1.38357751867269e2;
const A4 = -3.066479806614716e1;
const A5 = 2.506628277459239;
const B0 = -5.447609879822406e1;
const B1 = 1.615858368580409e2;
const B2 = -1.556989798598866e2;
const B3 = 6.680131188771972e1;
const B4 = -1.328068155288572e1;
const C0 = -7.784894002430293e-3;
const C1 = -3.223964580411365e-1;
const C2 = -2.400758277161838;
const C3 = -2.549732539343734;
const C4 = 4.374664141464968;
const C5 = 2.938163982698783;
const D0 = 7.784695709041462e-3;
const D1 = 3.224671290700398e-1;
const D2 = 2.445134137142996;
const D3 = 3.754408661907416;

/** An approximate normal quantile `Phi^-1(p)` for 0 < p < 1 (Acklam, ~1e-9 relative). */
function acklam(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
  }
  if (p <= 0.97575) {
    const q = p - 0.5;
    const r = q * q;
    return ((((((A0 * r + A1) * r + A2) * r + A3) * r + A4) * r + A5) * q) / (((((B0 * r + B1) * r + B2) * r + B3) * r + B4) * r + 1);
  }
  const q = Math.sqrt(-2 * Math.log1p(-p));
  return -(((((C0 * q + C1) * q + C2) * q + C3) * q + C4) * q + C5) / ((((D0 * q + D1) * q + D2) * q + D3) * q + 1);
}

/** x with `log(Phi(x)) = z`, for z <= log(0.99) (Newton on logNdtr). */
function ndtriLog(z: number): number {
  let x = z > -700 ? acklam(Math.exp(z)) : -Math.sqrt(-2 * (z + LOG_SQRT_2PI));
  for (let it = 0; it < 100; it++) {
    const l = logNdtr(x);
    // d/dx log Phi(x) = pdf(x) / Phi(x); the Newton step in log space
    const dx = (l - z) * Math.exp(l + 0.5 * x * x + LOG_SQRT_2PI);
    x -= dx;
    if (!(Math.abs(dx) > 1e-12 * Math.abs(x) + 1e-15)) break;
  }
  return x;
}

/**
 * The x with `log(Phi(x)) = y` (y <= 0): the normal quantile of `exp(y)`, accurate when
 * `exp(y)` underflows or is within 1e-16 of 1.
 */
export function ndtriExp(y: number): number {
  if (y === 0) return Infinity;
  if (y === -Infinity) return -Infinity;
  if (y > -1e-2) {
    // Phi(x) close to 1: solve for -x in the left tail, log Phi(-x) = log(1 - exp(y))
    return -ndtriLog(Math.log(-Math.expm1(y)));
  }
  return ndtriLog(y);
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
    x = ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass));
  } else {
    x = -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
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
