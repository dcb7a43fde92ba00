/**
 * Mean absolute percentage error (LightGBM's `RegressionMAPELOSS`, src/objective/regression_objective.hpp):
 * the L1 loss of each row divided by `max(1, |label|)`, i.e. L1 with row weights
 * `1 / max(1, |label|)` (times the sample weight). Gradient `sign(score - label)` times that
 * weight, hessian 1 (or the sample weight); the model starts from the weighted median label and
 * each new tree's leaves are re-fitted to the weighted median residual of their rows. Labels below
 * 1 in absolute value count as 1 (LightGBM warns, and so does gbtune).
 *
 * @example
 * ```ts
 * const obj = new MapeObjective();
 * obj.init(new Float64Array([10, 20, 1000]), null);
 * obj.boostFromScore(0); // 10: with weights 1/10, 1/20, 1/1000 the small labels hold most of the weight
 * ```
 */
import { log } from '../../core/log.js';
import { RegressionL2Objective } from './regression.js';
import { weightedPercentile } from './percentile.js';

export class MapeObjective extends RegressionL2Objective {
  override readonly name: string = 'mape';
  readonly isRenewTreeOutput = true;
  /** Per row `1 / max(1, |label|)` (times the sample weight), as 32-bit floats (LightGBM's `label_weight_`). */
  private labelWeight = new Float64Array(0);
  /** Scratch for residuals and their weights, grown as needed. */
  private buf = new Float64Array(0);
  private wbuf = new Float64Array(0);

  override init(label: Float64Array, weights: Float64Array | null): void {
    super.init(label, weights);
    const y = this.label;
    const w = this.weights;
    const n = y.length;
    for (let i = 0; i < n; i++) {
      if (Math.abs(y[i]) < 1) {
        log.warn(`mape objective: some labels are < 1 in absolute value (row ${i}: ${y[i]}); MAPE is unstable there, so they count as 1`);
        break;
      }
    }
    const lw = new Float64Array(n);
    // LightGBM: 1.0f / max(1.0f, |label|) (* weight), in float arithmetic
    for (let i = 0; i < n; i++) {
      const inv = Math.fround(1 / Math.max(1, Math.abs(y[i])));
      lw[i] = w === null ? inv : Math.fround(inv * w[i]);
    }
    this.labelWeight = lw;
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const lw = this.labelWeight;
    const weights = this.weights;
    for (let i = begin; i < end; i++) {
      const diff = score[i] - label[i];
      grad[i] = diff > 0 ? lw[i] : diff < 0 ? -lw[i] : 0;
    }
    if (weights === null) hess.fill(1, begin, end);
    else for (let i = begin; i < end; i++) hess[i] = weights[i];
  }

  /** The median label weighted by `1 / max(1, |label|)` (times the sample weight), as a 32-bit float. */
  override boostFromScore(_classId: number): number {
    const n = this.label.length;
    if (n === 0) return 0;
    return weightedPercentile(this.label, this.labelWeight, n, 0.5, true);
  }

  /** LightGBM's MAPE says its hessian is constant (it is 1 without sample weights). */
  override isConstantHessian(): boolean {
    return true;
  }

  /** The median of `label - score` over the leaf's rows, weighted as in {@link MapeObjective.boostFromScore}. */
  renewTreeOutput(rows: Uint32Array, begin: number, count: number, score: Float64Array): number {
    if (this.buf.length < count) {
      this.buf = new Float64Array(Math.max(count, 2 * this.buf.length));
      this.wbuf = new Float64Array(this.buf.length);
    }
    const buf = this.buf;
    const wbuf = this.wbuf;
    const label = this.label;
    const lw = this.labelWeight;
    for (let j = 0; j < count; j++) {
      const r = rows[begin + j];
      buf[j] = label[r] - score[r];
      wbuf[j] = lw[r];
    }
    return weightedPercentile(buf, wbuf, count, 0.5);
  }
}
