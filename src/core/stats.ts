/**
 * The error function and the standard normal distribution in float64: the one home of this math
 * for the whole package (TPE, GP, CMA-ES, the Wilcoxon pruner and PED-ANOVA all read it here).
 * Pure numerics, no dependencies.
 *
 * - `erf` / `erfc`: the rational approximations of Sun's fdlibm `s_erf.c` (also FreeBSD msun), which
 *   Optuna's `samplers/_tpe/_erf.py` follows too: a polynomial ratio on [0, 0.84375), a shifted one
 *   around 1 on [0.84375, 1.25), and `exp(-x^2 - 0.5625 + R(1/x^2)/S(1/x^2)) / x` for the tails,
 *   with the `x^2` split into an exact high part and a small correction so the tail keeps full
 *   precision; a few ulps over the whole line, including the far tails of `erfc`.
 * - `normalCdf` follows Cephes' `ndtr` (as SciPy's `norm.cdf`): `erf` in the middle, `erfc` in both
 *   tails, so `Phi(-8)` does not cancel to 0 or noise; `normalSf(x) = normalCdf(-x)`.
 * - `normalLogCdf` is `log(Phi)` with SciPy's asymptotic series below -20 (finite to -1e150).
 * - `normalPpf` starts from Acklam's rational approximation (relative error 1.2e-9) and takes one
 *   Halley step on the CDF; `normalPpfFromLog` solves `log Phi(x) = y` by Newton's method, for
 *   quantiles whose probability underflows or sits within 1e-16 of 1 (SciPy's `ndtri_exp`).
 *
 * @example
 * ```ts
 * erf(0.5);          // 0.5204998778130465
 * erfc(10);          // 2.088487583762545e-45
 * normalCdf(-8);     // 6.220960574271756e-16 (mpmath: ...784e-16)
 * normalPpf(0.975);  // 1.9599639845400538
 * ```
 */

const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
// [0, 0.84375): erf(x) = x + x * P(x^2) / Q(x^2)
const PP0 = 1.28379167095512558561e-1;
const PP1 = -3.25042107247001499370e-1;
const PP2 = -2.84817495755985104766e-2;
const PP3 = -5.77027029648944159157e-3;
const PP4 = -2.37630166566501626084e-5;
const QQ1 = 3.97917223959155352819e-1;
const QQ2 = 6.50222499887672944485e-2;
const QQ3 = 5.08130628187576562776e-3;
const QQ4 = 1.32494738004321644526e-4;
const QQ5 = -3.96022827877536812320e-6;
// [0.84375, 1.25): erf(x) = erx + P(x - 1) / Q(x - 1)
const PA0 = -2.36211856075265944077e-3;
const PA1 = 4.14856118683748331666e-1;
const PA2 = -3.72207876035701323847e-1;
const PA3 = 3.18346619901161753674e-1;
const PA4 = -1.10894694282396677476e-1;
const PA5 = 3.54783043256182359371e-2;
const PA6 = -2.16637559486879084300e-3;
const QA1 = 1.06420880400844228286e-1;
const QA2 = 5.40397917702171048937e-1;
const QA3 = 7.18286544141962662868e-2;
const QA4 = 1.26171219808761642112e-1;
const QA5 = 1.36370839120290507362e-2;
const QA6 = 1.19844998467991074170e-2;
// [1.25, 1/0.35): erfc(x) = exp(-x^2 - 0.5625 + R(1/x^2) / S(1/x^2)) / x
const RA0 = -9.86494403484714822705e-3;
const RA1 = -6.93858572707181764372e-1;
const RA2 = -1.05586262253232909814e1;
const RA3 = -6.23753324503260060396e1;
const RA4 = -1.62396669462573470355e2;
const RA5 = -1.84605092906711035994e2;
const RA6 = -8.12874355063065934246e1;
const RA7 = -9.81432934416914548592;
const SA1 = 1.96512716674392571292e1;
const SA2 = 1.37657754143519042600e2;
const SA3 = 4.34565877475229228821e2;
const SA4 = 6.45387271733267880336e2;
const SA5 = 4.29008140027567833386e2;
const SA6 = 1.08635005541779435134e2;
const SA7 = 6.57024977031928170135;
const SA8 = -6.04244152148580987438e-2;
// [1/0.35, 28): same form, other coefficients
const RB0 = -9.86494292470009928597e-3;
const RB1 = -7.99283237680523006574e-1;
const RB2 = -1.77579549177547519889e1;
const RB3 = -1.60636384855821916062e2;
const RB4 = -6.37566443368389627722e2;
const RB5 = -1.02509513161107724954e3;
const RB6 = -4.83519191608651397019e2;
const SB1 = 3.03380607434824582924e1;
const SB2 = 3.25792512996573918826e2;
const SB3 = 1.53672958608443695994e3;
const SB4 = 3.19985821950859553908e3;
const SB5 = 2.55305040643316442583e3;
const SB6 = 4.74528541206955367215e2;
const SB7 = -2.24409524465858183362e1;

// scratch view to clear the low 32 bits of a double (fdlibm's SET_LOW_WORD(z, 0))
const scratchF = new Float64Array(1);
const scratchU = new Uint32Array(scratchF.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

function clearLowWord(x: number): number {
  scratchF[0] = x;
  scratchU[LOW_WORD] = 0;
  return scratchF[0];
}

/** erfc(ax) for ax >= 1.25 (ax < 28), via the tail form with the split square. */
function erfcTail(ax: number): number {
  const s = 1 / (ax * ax);
  let r: number;
  let q: number;
  if (ax < 1 / 0.35) {
    r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
    q = 1 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
  } else {
    r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
    q = 1 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
  }
  const z = clearLowWord(ax);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + r / q)) / ax;
}

/**
 * The error function `erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt`.
 *
 * @example
 * ```ts
 * erf(0.5); // 0.5204998778130465
 * ```
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 3.725290298461914e-9) return x + EFX * x; // |x| < 2^-28
    const z = x * x;
    const r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
    const s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
    return x + x * (r / s);
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
    const q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
    return x >= 0 ? ERX + p / q : -ERX - p / q;
  }
  if (ax >= 6) return x >= 0 ? 1 : -1;
  const v = 1 - erfcTail(ax);
  return x >= 0 ? v : -v;
}

/**
 * The complementary error function `erfc(x) = 1 - erf(x)`, accurate in the right tail.
 *
 * @example
 * ```ts
 * erfc(10); // 2.088487583762545e-45
 * ```
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 1.3877787807814457e-17) return 1 - x; // |x| < 2^-56
    const z = x * x;
    const r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
    const s = 1 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
    const y = r / s;
    if (x < 0.25) return 1 - (x + x * y);
    return 0.5 - (x - 0.5 + x * y);
  }
  if (ax < 1.25) {
    const s = ax - 1;
    const p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
    const q = 1 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
    return x >= 0 ? 1 - ERX - p / q : 1 + ERX + p / q;
  }
  if (ax < 28) {
    if (x < -6) return 2;
    const t = erfcTail(ax);
    return x > 0 ? t : 2 - t;
  }
  return x > 0 ? 0 : 2;
}

/** `log(sqrt(2 pi))`, the log normaliser of the standard normal density. */
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
/** `1 / sqrt(2 pi)`, the standard normal density at 0. */
export const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;

/**
 * The standard normal density `phi(x) = exp(-x^2/2) / sqrt(2 pi)`.
 *
 * @example
 * ```ts
 * normalPdf(0); // 0.3989422804014327
 * ```
 */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * `log(phi(x))`, the standard normal log density (finite for every finite x).
 *
 * @example
 * ```ts
 * normalLogPdf(40); // -800.9189385332047
 * ```
 */
export function normalLogPdf(x: number): number {
  return -0.5 * x * x - LOG_SQRT_2PI;
}

/**
 * The standard normal CDF `Phi(x) = P(Z <= x)`: a few ulps for |x| < 3; in the far tails the
 * rounding of x / sqrt(2) grows with x^2 (relative error about x^2 * 1e-16, 2e-13 at x = -37), as
 * in SciPy's `ndtr`; never the cancellation of `1 - erf`.
 *
 * @example
 * ```ts
 * normalCdf(1.959963984540054); // 0.975
 * normalCdf(-8); // 6.220960574271756e-16
 * ```
 */
export function normalCdf(x: number): number {
  const t = x * SQRT1_2;
  if (t < -SQRT1_2) return 0.5 * erfc(-t);
  if (t < SQRT1_2) return 0.5 + 0.5 * erf(t);
  return 1 - 0.5 * erfc(t);
}

/**
 * The standard normal survival function `P(Z > x) = Phi(-x)`, accurate far in the right tail.
 *
 * @example
 * ```ts
 * normalSf(10); // 7.619853024160498e-24
 * ```
 */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/**
 * `log(Phi(x))`, finite down to x = -1e150 or so (SciPy's asymptotic series below -20) and
 * accurate where `Phi(x)` is within 1e-16 of 1 (`log1p(-Phi(-x))`).
 *
 * @example
 * ```ts
 * normalLogCdf(-40); // -804.6084420137538
 * normalLogCdf(8);   // -6.220960574271758e-16
 * ```
 */
export function normalLogCdf(x: number): number {
  if (x > 0) return Math.log1p(-normalCdf(-x)); // keeps the digits of 1 - Phi(x) when it is tiny
  if (x > -20) return Math.log(normalCdf(x));
  if (x === -Infinity) return -Infinity;
  // log Phi(x) = -x^2/2 - log(-x) - log sqrt(2 pi) + log(1 - 1/x^2 + 3/x^4 - 15/x^6 + ...)
  const logLhs = -0.5 * x * x - Math.log(-x) - LOG_SQRT_2PI;
  const inv2 = 1 / (x * x);
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

/**
 * The standard normal quantile (inverse CDF): the x with `Phi(x) = p`; -Infinity at 0, Infinity
 * at 1, NaN outside [0, 1]. Acklam's approximation refined by one Halley step on the CDF (computed
 * from the upper tail above the median), which brings it to double precision.
 *
 * @example
 * ```ts
 * normalPpf(0.975); // 1.9599639845400538
 * normalPpf(1e-10); // -6.361340902404057
 * ```
 */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // below ~1e-300 the Halley step's 1 / pdf(x) overflows: solve in log space instead
  if (p < 1e-300) return normalPpfFromLog(Math.log(p));
  const x = acklam(p);
  // the error of the start, e = Phi(x) - p, from whichever form keeps its digits: erf with the
  // exact p - 0.5 around the median, the lower tail below it, the upper tail above it
  let e: number;
  if (p >= 0.25 && p <= 0.75) e = 0.5 * erf(x * SQRT1_2) - (p - 0.5);
  else if (p < 0.5) e = normalCdf(x) - p;
  else e = 1 - p - normalSf(x);
  const u = e * Math.exp(0.5 * x * x + LOG_SQRT_2PI);
  return x - u / (1 + 0.5 * x * u);
}

/** x with `log(Phi(x)) = z`, for z <= log(0.99) (Newton on normalLogCdf). */
function ppfFromLogLeft(z: number): number {
  let x = z > -700 ? acklam(Math.exp(z)) : -Math.sqrt(-2 * (z + LOG_SQRT_2PI));
  for (let it = 0; it < 100; it++) {
    const l = normalLogCdf(x);
    // d/dx log Phi(x) = pdf(x) / Phi(x); the Newton step in log space
    const dx = (l - z) * Math.exp(l + 0.5 * x * x + LOG_SQRT_2PI);
    x -= dx;
    if (!(Math.abs(dx) > 1e-12 * Math.abs(x) + 1e-15)) break;
  }
  return x;
}

/**
 * The normal quantile of `exp(logP)`: the x with `log(Phi(x)) = logP` (logP <= 0), accurate when
 * `exp(logP)` underflows or is within 1e-16 of 1 (SciPy's `ndtri_exp`).
 *
 * @example
 * ```ts
 * normalPpfFromLog(Math.log(0.975)); // 1.9599639845400536
 * normalPpfFromLog(-1000);           // -44.6157477319694 (exp(-1000) underflows)
 * ```
 */
export function normalPpfFromLog(logP: number): number {
  if (logP === 0) return Infinity;
  if (logP === -Infinity) return -Infinity;
  if (logP > -1e-2) {
    // Phi(x) close to 1: solve for -x in the left tail, log Phi(-x) = log(1 - exp(logP))
    return -ppfFromLogLeft(Math.log(-Math.expm1(logP)));
  }
  return ppfFromLogLeft(logP);
}

/**
 * The `q`-quantile of the chi-squared distribution with one degree of freedom, `normalPpf((1 + q) / 2)^2`
 * (CMA-ES with margin reads it).
 *
 * @example
 * ```ts
 * chi2Ppf1(0.95); // 3.8414588206941245
 * ```
 */
export function chi2Ppf1(q: number): number {
  const z = normalPpf((1 + q) / 2);
  return z * z;
}
