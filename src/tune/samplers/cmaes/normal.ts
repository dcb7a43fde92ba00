/**
 * Standard normal CDF and quantile, and the chi-squared quantile with one degree of freedom, for
 * CMA-ES with margin. The quantile is Acklam's rational approximation (relative error 1.2e-9)
 * refined by one Halley step on the CDF, which brings it to double precision.
 *
 * @example
 * ```ts
 * normalPpf(0.975); // 1.959963984540054
 * chi2Ppf1(0.95);   // 3.841458820694124
 * ```
 */
import { normalSf } from '../../pruners/wilcoxon-test.js';

/** P(X <= x) for X ~ N(loc, scale^2). */
export function normalCdf(x: number, loc = 0, scale = 1): number {
  return normalSf(-(x - loc) / scale);
}

const A = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The standard normal quantile: x with P(X <= x) = p (±Infinity at 0 and 1). */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
      (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  // one Halley step on e = CDF(x) - p; in the upper half computed as (1 - p) - SF(x) for precision
  const e = p > 0.5 ? 1 - p - normalSf(x) : normalSf(-x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** The `q`-quantile of the chi-squared distribution with one degree of freedom. */
export function chi2Ppf1(q: number): number {
  const z = normalPpf((1 + q) / 2);
  return z * z;
}
