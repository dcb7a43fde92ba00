/**
 * Metrics of the log-link objectives (LightGBM's `PoissonMetric`, `GammaMetric`,
 * `GammaDevianceMetric`, `TweedieMetric`, src/metric/regression_metric.hpp): negative
 * log-likelihoods (up to terms of the label alone) of the objective's output `mu` (e.g.
 * `exp(score)` for poisson), labels and weights as 32-bit floats, in LightGBM's arithmetic.
 * `gamma_deviance` is, as in LightGBM, twice the (weighted) SUM of the unit deviances, not a mean.
 *
 * @example
 * ```ts
 * new PoissonMetric().eval(new Float64Array([0]), new Float64Array([1]), poissonObjective); // exp(0) - 1 * 0 = 1
 * ```
 */
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { checkLabelRange, pointwiseInput } from './pointwise-input.js';

/** LightGBM's `1e-10f`: outputs below it are raised to it before their log is taken. */
const MIN_OUTPUT = Math.fround(1e-10);

/** LightGBM's `Common::SafeLog`: log(x) for x > 0, else -Infinity. */
function safeLog(x: number): number {
  return x > 0 ? Math.log(x) : -Infinity;
}

/** Poisson negative log-likelihood `mu - y log(mu)`. */
export class PoissonMetric implements Metric {
  readonly name = 'poisson';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const { n, out, label: y, weights: w, sumW } = pointwiseInput(this.name, score, label, objective, weights);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const mu = out[i] < MIN_OUTPUT ? MIN_OUTPUT : out[i];
      const loss = mu - y[i] * Math.log(mu);
      sum += w === null ? loss : loss * w[i];
    }
    return sum / sumW;
  }
}

/** Gamma negative log-likelihood (shape 1) `y / mu + log(mu)`; labels must be > 0. */
export class GammaMetric implements Metric {
  readonly name = 'gamma';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const { n, out, label: y, weights: w, sumW } = pointwiseInput(this.name, score, label, objective, weights);
    checkLabelRange(this.name, y, 0, Infinity, true);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      // LightGBM's terms with psi = 1: theta = -1/mu, b = -log(-theta), c = log(y / psi) - log(y), where
      // the second log is of the float label, in float (SafeLog<label_t>): c is not quite 0
      const theta = -1 / out[i];
      const b = -safeLog(-theta);
      const c = safeLog(y[i]) - Math.fround(safeLog(y[i]));
      const loss = -((y[i] * theta - b) + c);
      sum += w === null ? loss : loss * w[i];
    }
    return sum / sumW;
  }
}

/** Gamma deviance `2 * sum(y / mu - log(y / mu) - 1)` (weighted, summed, not averaged: LightGBM's); labels must be > 0. */
export class GammaDevianceMetric implements Metric {
  readonly name = 'gamma_deviance';
  readonly higherIsBetter = false;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const { n, out, label: y, weights: w } = pointwiseInput(this.name, score, label, objective, weights);
    checkLabelRange(this.name, y, 0, Infinity, true);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const t = y[i] / (out[i] + 1e-9);
      const loss = t - safeLog(t) - 1;
      sum += w === null ? loss : loss * w[i];
    }
    return sum * 2;
  }
}

/** Tweedie negative log-likelihood `-y mu^(1-rho) / (1-rho) + mu^(2-rho) / (2-rho)` (`rho` = tweedie_variance_power). */
export class TweedieMetric implements Metric {
  readonly name = 'tweedie';
  readonly higherIsBetter = false;
  /** @param rho the variance power (LightGBM's `tweedie_variance_power`, default 1.5). */
  constructor(readonly rho = 1.5) {}

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const { n, out, label: y, weights: w, sumW } = pointwiseInput(this.name, score, label, objective, weights);
    const rho = this.rho;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const mu = out[i] < MIN_OUTPUT ? MIN_OUTPUT : out[i];
      const logMu = Math.log(mu);
      const a = (y[i] * Math.exp((1 - rho) * logMu)) / (1 - rho);
      const b = Math.exp((2 - rho) * logMu) / (2 - rho);
      const loss = -a + b;
      sum += w === null ? loss : loss * w[i];
    }
    return sum / sumW;
  }
}
