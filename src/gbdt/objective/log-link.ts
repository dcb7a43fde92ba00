/**
 * Regression with a log link (LightGBM's `RegressionPoissonLoss`, `RegressionGammaLoss`,
 * `RegressionTweedieLoss`, src/objective/regression_objective.hpp): the model's raw score `f` is the
 * log of the predicted mean, so predictions are `exp(f)`, and it starts from the log of the
 * (weighted) mean label. Labels must be >= 0 and not all 0 (LightGBM's check, for all three).
 * - poisson: loss `exp(f) - y f`, gradient `exp(f) - y`, hessian `exp(f) * exp(poisson_max_delta_step)`
 *   (LightGBM's safeguard);
 * - gamma: loss `y exp(-f) + f`, gradient `1 - y exp(-f)`, hessian `y exp(-f)`;
 * - tweedie (variance power `rho` in [1, 2)): loss `-y exp((1-rho) f) / (1-rho) + exp((2-rho) f) / (2-rho)`.
 * Gradients use `Math.exp` (not the table-driven one of binary/multiclass), as LightGBM's `std::exp`.
 *
 * @example
 * ```ts
 * const obj = new PoissonObjective({ poisson_max_delta_step: 0.7 });
 * obj.init(new Float64Array([0, 2, 4]), null);
 * obj.boostFromScore(0); // log 2
 * ```
 */
import { DataError } from '../../core/errors.js';
import { exactLog } from '../../core/exact-log.js';
import type { GbdtParams } from '../../params/resolved.js';
import { RegressionL2Objective } from './regression.js';

/** The params the poisson objective uses. */
export type PoissonObjectiveParams = Pick<GbdtParams, 'poisson_max_delta_step'>;

export class PoissonObjective extends RegressionL2Objective {
  override readonly name: string = 'poisson';
  readonly maxDeltaStep: number;

  constructor({ poisson_max_delta_step }: PoissonObjectiveParams) {
    super();
    this.maxDeltaStep = poisson_max_delta_step;
  }

  /** Binds labels (>= 0, not all 0) and weights, as LightGBM's `RegressionPoissonLoss::Init`. */
  override init(label: Float64Array, weights: Float64Array | null): void {
    super.init(label, weights);
    const y = this.label;
    let sum = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] < 0) throw new DataError(`${this.name} objective: label of row ${i} is ${y[i]}; labels must be >= 0`);
      sum += y[i];
    }
    if (sum === 0) throw new DataError(`${this.name} objective: every label is 0; at least one must be > 0`);
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    const expStep = Math.exp(this.maxDeltaStep);
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const e = Math.exp(score[i]);
        grad[i] = e - label[i];
        hess[i] = e * expStep;
      }
    } else {
      for (let i = begin; i < end; i++) {
        const e = Math.exp(score[i]);
        const w = weights[i];
        grad[i] = (e - label[i]) * w;
        hess[i] = e * expStep * w;
      }
    }
  }

  /** The log of the (weighted) mean label (LightGBM's `SafeLog`: -Infinity for 0). */
  override boostFromScore(classId: number): number {
    const mean = super.boostFromScore(classId);
    return mean > 0 ? exactLog(mean) : -Infinity;
  }

  override isConstantHessian(): boolean {
    return false;
  }

  override convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    out[0] = Math.exp(raw[0]);
  }
}

/** Gamma regression (log link): gradient `1 - y exp(-f)`, hessian `y exp(-f)`. */
export class GammaObjective extends PoissonObjective {
  override readonly name: string = 'gamma';

  constructor() {
    super({ poisson_max_delta_step: 0.7 }); // LightGBM's gamma does not use it
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const e = Math.exp(-score[i]);
        grad[i] = 1 - label[i] * e;
        hess[i] = label[i] * e;
      }
    } else {
      for (let i = begin; i < end; i++) {
        const e = Math.exp(-score[i]);
        const w = weights[i];
        grad[i] = (1 - label[i] * e) * w;
        hess[i] = label[i] * e * w;
      }
    }
  }
}

/** The params the tweedie objective uses. */
export type TweedieObjectiveParams = Pick<GbdtParams, 'tweedie_variance_power'>;

/** Tweedie regression (log link) with variance power `rho` = tweedie_variance_power in [1, 2). */
export class TweedieObjective extends PoissonObjective {
  override readonly name: string = 'tweedie';
  readonly rho: number;

  constructor({ tweedie_variance_power }: TweedieObjectiveParams) {
    super({ poisson_max_delta_step: 0.7 }); // LightGBM's tweedie does not use it
    if (!(tweedie_variance_power >= 1 && tweedie_variance_power < 2)) {
      throw new DataError(`tweedie objective: tweedie_variance_power = ${tweedie_variance_power} must be in [1, 2)`);
    }
    this.rho = tweedie_variance_power;
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    const a = 1 - this.rho;
    const b = 2 - this.rho;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const e1 = Math.exp(a * score[i]);
        const e2 = Math.exp(b * score[i]);
        grad[i] = -label[i] * e1 + e2;
        hess[i] = -label[i] * a * e1 + b * e2;
      }
    } else {
      for (let i = begin; i < end; i++) {
        const e1 = Math.exp(a * score[i]);
        const e2 = Math.exp(b * score[i]);
        const w = weights[i];
        grad[i] = (-label[i] * e1 + e2) * w;
        hess[i] = (-label[i] * a * e1 + b * e2) * w;
      }
    }
  }
}
