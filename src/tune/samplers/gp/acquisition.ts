/**
 * Log expected improvement, computed stably (Ament et al., "Unexpected Improvements to Expected
 * Improvement for Bayesian Optimization", NeurIPS 2023, eq. 9; Optuna's `standard_logei` in
 * `optuna/_gp/acqf.py`). For `y ~ N(μ, σ²)` and a threshold `f0`,
 * `EI = E[max(0, y − f0)] = σ · h(z)` with `z = (μ − f0)/σ` and `h(z) = z Φ(z) + φ(z)`.
 *
 * `h` is computed without cancellation: directly for `z ≥ −2`, and for `z < −2` as
 * `h(z) = φ(z) · g(t)`, `t = −z`, where `g(t) = 1 − t R(t)` (R is Mills' ratio) is evaluated from
 * the continued fraction `R(t) = 1/(t + 1/(t + 2/(t + 3/(t + …))))` as `g = c/(t + c)` with
 * `c = 1/(t + 2/(t + 3/(t + …)))`; so `log h` stays finite and accurate far in the tail.
 *
 * @example
 * ```ts
 * standardLogEI(0);            // log(1/sqrt(2π)) ≈ -0.9189
 * standardLogEI(-40);          // ≈ -807.4, finite
 * ```
 */

import { LOG_SQRT_2PI, normalCdf, normalPdf } from '../../../core/stats.js';
import type { GPRegressor } from './gp.js';

/** `g(t) = 1 − t·R(t)` for t ≥ 2 by the continued fraction (relative error < 1e-15). */
function tailFactor(t: number): number {
  const depth = t >= 5 ? 30 : t >= 3 ? 60 : 160;
  let v = 0;
  for (let k = depth; k >= 2; k--) v = k / (t + v);
  const c = 1 / (t + v);
  return c / (t + c);
}

/** `log h(z)` with `h(z) = E_{x~N(0,1)}[max(0, x + z)] = z Φ(z) + φ(z)`. */
export function standardLogEI(z: number): number {
  if (z >= -2) return Math.log(z * normalCdf(z) + normalPdf(z));
  const t = -z;
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(tailFactor(t));
}

/**
 * `log h(z)` and its derivative `Φ(z)/h(z)`; writes the derivative into `out[0]` and returns the
 * value.
 */
export function standardLogEIWithGrad(z: number, out: Float64Array): number {
  if (z >= -2) {
    const cdf = normalCdf(z);
    const h = z * cdf + normalPdf(z);
    out[0] = cdf / h;
    return Math.log(h);
  }
  const t = -z;
  const g = tailFactor(t);
  out[0] = (1 - g) / (t * g);
  return -0.5 * z * z - LOG_SQRT_2PI + Math.log(g);
}

/** `log E[max(0, y − f0)]` for `y ~ N(mean, variance)` (variance > 0). */
export function logEI(mean: number, variance: number, f0: number): number {
  const sigma = Math.sqrt(variance);
  return standardLogEI((mean - f0) / sigma) + Math.log(sigma);
}

/** Optuna's `stabilizing_noise`, added to the posterior variance inside logEI. */
const STABILIZING_NOISE = 1e-12;

/**
 * The logEI acquisition function of a fitted GP for maximization: `log E[max(0, f(x) − best)]`.
 * `evaluate` and `evaluateWithGrad` reuse internal buffers (not re-entrant).
 */
export class LogEIAcquisition {
  readonly gp: GPRegressor;
  readonly threshold: number;
  readonly dim: number;
  private readonly post = new Float64Array(2);
  private readonly dz = new Float64Array(1);
  private readonly dMean: Float64Array;
  private readonly dVar: Float64Array;
  private batchVar: Float64Array | null = null;

  constructor(gp: GPRegressor, threshold: number) {
    this.gp = gp;
    this.threshold = threshold;
    this.dim = gp.d;
    this.dMean = new Float64Array(gp.d);
    this.dVar = new Float64Array(gp.d);
  }

  /** logEI at the normalized point `x`. */
  evaluate(x: Float64Array): number {
    this.gp.posterior(x, this.post);
    return logEI(this.post[0], this.post[1] + STABILIZING_NOISE, this.threshold);
  }

  /** logEI at the `m` points of `xs` (m × d row-major) into `out`. */
  evaluateBatch(xs: Float64Array, m: number, out: Float64Array): void {
    if (this.batchVar === null || this.batchVar.length < m) this.batchVar = new Float64Array(m);
    const variance = this.batchVar;
    this.gp.posteriorBatch(xs, m, out, variance);
    for (let i = 0; i < m; i++) out[i] = logEI(out[i], variance[i] + STABILIZING_NOISE, this.threshold);
  }

  /** logEI at `x`; writes ∂logEI/∂x into `grad` (zero for categorical dimensions). */
  evaluateWithGrad(x: Float64Array, grad: Float64Array): number {
    const { post, dMean, dVar, dz } = this;
    this.gp.posteriorWithGrad(x, post, dMean, dVar);
    const variance = post[1] + STABILIZING_NOISE;
    const sigma = Math.sqrt(variance);
    const z = (post[0] - this.threshold) / sigma;
    const value = standardLogEIWithGrad(z, dz) + Math.log(sigma);
    const s = dz[0];
    // logEI = s(z) + ½ log v with z = (μ − f0)/√v
    for (let k = 0; k < this.dim; k++) {
      const dv = dVar[k];
      grad[k] = s * (dMean[k] / sigma - (z * dv) / (2 * variance)) + dv / (2 * variance);
    }
    return value;
  }
}
