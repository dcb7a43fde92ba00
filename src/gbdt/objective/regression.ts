/**
 * Regression objectives (LightGBM's `RegressionL2loss`, `RegressionL1loss`, `RegressionHuberLoss`,
 * `RegressionFairLoss`, src/objective/regression_objective.hpp): L2 (`regression`), L1
 * (`regression_l1`, whose leaves are re-fitted to the median residual), Huber (`huber`, quadratic
 * within `alpha`, linear beyond) and Fair (`fair`). The output is the raw score. Labels and weights are rounded to 32-bit floats, as
 * LightGBM stores them, so gradients and initial scores match LightGBM's.
 *
 * @example
 * ```ts
 * const obj = new RegressionL2Objective();
 * obj.init(new Float64Array([1, 2, 6]), null);
 * obj.boostFromScore(0); // 3
 * ```
 */
import { DataError } from '../../core/errors.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Objective } from './objective.js';
import { checkWeights } from './check-weights.js';
import { roundedToFloat32 } from './float32.js';
import { percentile, weightedPercentile } from './percentile.js';

/** L2 loss `(score - label)^2 / 2`: gradient `score - label`, hessian 1 (times the row weight). */
export class RegressionL2Objective implements Objective {
  readonly name: string = 'regression';
  readonly numModelPerIteration = 1;
  protected label: Float64Array = new Float64Array(0);
  protected weights: Float64Array | null = null;

  init(label: Float64Array, weights: Float64Array | null): void {
    checkWeights(weights, label.length, this.name);
    for (let i = 0; i < label.length; i++) {
      const y = label[i];
      if (!Number.isFinite(y)) throw new DataError(`${this.name} objective: label of row ${i} is ${y}; labels must be finite numbers`);
    }
    // LightGBM's label_t: labels and weights as 32-bit floats
    this.label = roundedToFloat32(label);
    this.weights = weights === null ? null : roundedToFloat32(weights);
  }

  getGradients(score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    this.getGradientsRange(score, grad, hess, 0, this.label.length);
  }

  getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        grad[i] = score[i] - label[i];
        hess[i] = 1;
      }
    } else {
      for (let i = begin; i < end; i++) {
        const w = weights[i];
        // LightGBM rounds the residual to float (score_t) before weighting it, then the product
        grad[i] = Math.fround(score[i] - label[i]) * w;
        hess[i] = w;
      }
    }
  }

  /** The (weighted) mean label. */
  boostFromScore(_classId: number): number {
    const label = this.label;
    const weights = this.weights;
    let sum = 0;
    let sumW = 0;
    if (weights === null) {
      for (let i = 0; i < label.length; i++) sum += label[i];
      sumW = label.length;
    } else {
      for (let i = 0; i < label.length; i++) {
        sum += label[i] * weights[i];
        sumW += weights[i];
      }
    }
    return sumW > 0 ? sum / sumW : 0;
  }

  isConstantHessian(): boolean {
    return this.weights === null;
  }

  convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    out[0] = raw[0];
  }

  toString(): string {
    return this.name;
  }
}

/**
 * L1 loss `|score - label|`: gradient `sign(score - label)`, hessian 1 (times the row weight);
 * starts from the (weighted) median label and re-fits each leaf to the median residual.
 */
export class RegressionL1Objective extends RegressionL2Objective {
  override readonly name: string = 'regression_l1';
  readonly isRenewTreeOutput = true;
  /** Scratch for residuals (and their weights), grown as needed. */
  private buf = new Float64Array(0);
  private wbuf = new Float64Array(0);

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const diff = score[i] - label[i];
        grad[i] = diff > 0 ? 1 : diff < 0 ? -1 : 0;
        hess[i] = 1;
      }
    } else {
      for (let i = begin; i < end; i++) {
        const diff = score[i] - label[i];
        const w = weights[i];
        grad[i] = diff > 0 ? w : diff < 0 ? -w : 0;
        hess[i] = w;
      }
    }
  }

  /** The (weighted) median label, as a 32-bit float (LightGBM computes it in `label_t`). */
  override boostFromScore(_classId: number): number {
    const n = this.label.length;
    if (n === 0) return 0;
    if (this.weights === null) return percentile(Float64Array.from(this.label), n, 0.5, true);
    return weightedPercentile(this.label, this.weights, n, 0.5, true);
  }

  override isConstantHessian(): boolean {
    return false;
  }

  /** The (weighted) median of `label - score` over the leaf's rows. */
  renewTreeOutput(rows: Uint32Array, begin: number, count: number, score: Float64Array): number {
    if (this.buf.length < count) {
      this.buf = new Float64Array(Math.max(count, 2 * this.buf.length));
      if (this.weights !== null) this.wbuf = new Float64Array(this.buf.length);
    }
    const buf = this.buf;
    const label = this.label;
    const weights = this.weights;
    for (let j = 0; j < count; j++) {
      const r = rows[begin + j];
      buf[j] = label[r] - score[r];
    }
    if (weights === null) return percentile(buf, count, 0.5);
    const wbuf = this.wbuf;
    for (let j = 0; j < count; j++) wbuf[j] = weights[rows[begin + j]];
    return weightedPercentile(buf, wbuf, count, 0.5);
  }
}

/** The params the Huber objective uses. */
export type HuberObjectiveParams = Pick<GbdtParams, 'alpha'>;

/**
 * Huber loss with threshold `alpha`: gradient `score - label` clipped to `[-alpha, alpha]`,
 * hessian 1 (times the row weight), as LightGBM. Starts from the mean label.
 */
export class HuberObjective extends RegressionL2Objective {
  override readonly name: string = 'huber';
  readonly alpha: number;

  constructor({ alpha }: HuberObjectiveParams) {
    super();
    if (!(alpha > 0)) throw new DataError(`huber objective: alpha = ${alpha} must be > 0`);
    this.alpha = alpha;
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    const alpha = this.alpha;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const diff = score[i] - label[i];
        grad[i] = Math.abs(diff) <= alpha ? diff : diff > 0 ? alpha : -alpha;
        hess[i] = 1;
      }
    } else {
      for (let i = begin; i < end; i++) {
        const diff = score[i] - label[i];
        const w = weights[i];
        grad[i] = (Math.abs(diff) <= alpha ? diff : diff > 0 ? alpha : -alpha) * w;
        hess[i] = w;
      }
    }
  }
}

/** The params the Fair objective uses. */
export type FairObjectiveParams = Pick<GbdtParams, 'fair_c'>;

/**
 * Fair loss `c * |x| - c^2 * log(1 + |x| / c)` with `x = score - label` and `c = fair_c`:
 * gradient `c x / (|x| + c)`, hessian `c^2 / (|x| + c)^2` (times the row weight), as LightGBM.
 * Starts from the (weighted) mean label.
 */
export class FairObjective extends RegressionL2Objective {
  override readonly name: string = 'fair';
  readonly c: number;

  constructor({ fair_c }: FairObjectiveParams) {
    super();
    if (!(fair_c > 0)) throw new DataError(`fair objective: fair_c = ${fair_c} must be > 0`);
    this.c = fair_c;
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    const c = this.c;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const x = score[i] - label[i];
        const d = Math.abs(x) + c;
        grad[i] = (c * x) / d;
        hess[i] = (c * c) / (d * d);
      }
    } else {
      for (let i = begin; i < end; i++) {
        const x = score[i] - label[i];
        const d = Math.abs(x) + c;
        const w = weights[i];
        grad[i] = ((c * x) / d) * w;
        hess[i] = ((c * c) / (d * d)) * w;
      }
    }
  }

  override isConstantHessian(): boolean {
    return false;
  }
}
