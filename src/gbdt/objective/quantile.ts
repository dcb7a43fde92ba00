/**
 * Quantile regression (LightGBM's `RegressionQuantileloss`, src/objective/regression_objective.hpp):
 * the pinball loss of the `alpha` quantile, `alpha * (label - score)` above the label's side and
 * `(1 - alpha) * (score - label)` below. Its gradient is a constant per side, so (as for L1) each
 * new tree's leaves are re-fitted to the `alpha` quantile of the residuals of their rows, and the
 * model starts from the `alpha` quantile of the labels. LightGBM holds `alpha` as a 32-bit float
 * (`score_t`) here, and so does this class, so that percentiles and gradients match.
 *
 * @example
 * ```ts
 * const obj = new QuantileObjective({ alpha: 0.5 });
 * obj.init(new Float64Array([1, 2, 9]), null);
 * obj.boostFromScore(0); // 2 (the median)
 * ```
 */
import { DataError } from '../../core/errors.js';
import type { GbdtParams } from '../../params/resolved.js';
import { RegressionL2Objective } from './regression.js';
import { percentile, weightedPercentile } from './percentile.js';

/** The params the quantile objective uses. */
export type QuantileObjectiveParams = Pick<GbdtParams, 'alpha'>;

export class QuantileObjective extends RegressionL2Objective {
  override readonly name: string = 'quantile';
  readonly isRenewTreeOutput = true;
  /** `alpha` rounded to a 32-bit float (LightGBM's `score_t alpha_`). */
  readonly alpha: number;
  /** Scratch for residuals (and their weights), grown as needed. */
  private buf = new Float64Array(0);
  private wbuf = new Float64Array(0);

  constructor({ alpha }: QuantileObjectiveParams) {
    super();
    if (!(alpha > 0 && alpha < 1)) throw new DataError(`quantile objective: alpha = ${alpha} must be in (0, 1)`);
    this.alpha = Math.fround(alpha);
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    // LightGBM computes these in float: 1.0f - alpha_, and the sign of the float residual
    const above = Math.fround(1 - this.alpha);
    const below = -this.alpha;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        grad[i] = Math.fround(score[i] - label[i]) >= 0 ? above : below;
        hess[i] = 1;
      }
    } else {
      for (let i = begin; i < end; i++) {
        const w = weights[i];
        grad[i] = Math.fround(score[i] - label[i]) >= 0 ? above * w : below * w;
        hess[i] = w;
      }
    }
  }

  /** The (weighted) `alpha` quantile of the labels, as a 32-bit float (LightGBM computes it in `label_t`). */
  override boostFromScore(_classId: number): number {
    const n = this.label.length;
    if (n === 0) return 0;
    if (this.weights === null) return percentile(Float64Array.from(this.label), n, this.alpha, true);
    return weightedPercentile(this.label, this.weights, n, this.alpha, true);
  }

  /** The (weighted) `alpha` quantile of `label - score` over the leaf's rows. */
  renewTreeOutput(rows: Uint32Array, begin: number, count: number, score: Float64Array): number {
    if (this.buf.length < count) {
      this.buf = new Float64Array(Math.max(count, 2 * this.buf.length));
      this.wbuf = new Float64Array(this.buf.length);
    }
    const buf = this.buf;
    const label = this.label;
    const weights = this.weights;
    for (let j = 0; j < count; j++) {
      const r = rows[begin + j];
      buf[j] = label[r] - score[r];
    }
    if (weights === null) return percentile(buf, count, this.alpha);
    const wbuf = this.wbuf;
    for (let j = 0; j < count; j++) wbuf[j] = weights[rows[begin + j]];
    return weightedPercentile(buf, wbuf, count, this.alpha);
  }
}
