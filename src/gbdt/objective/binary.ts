/**
 * Binary log loss with a sigmoid link (LightGBM's `BinaryLogloss`, src/objective/binary_objective.hpp).
 * A label > 0 is the positive class. `p = 1 / (1 + exp(-sigmoid * score))`.
 *
 * @example
 * ```ts
 * const obj = new BinaryObjective({ sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 });
 * obj.init(new Float64Array([0, 1, 1]), null);
 * obj.boostFromScore(0); // log(2/3 / (1/3)) = log 2
 * ```
 */
import { K_EPSILON } from '../../core/constants.js';
import { DataError } from '../../core/errors.js';
import { exactLog } from '../../core/exact-log.js';
import { formatG } from '../../core/format.js';
import { log } from '../../core/log.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Objective } from './objective.js';
import { checkWeights } from './check-weights.js';
import { roundedToFloat32 } from './float32.js';
import { fastExp } from './fast-exp.js';

/** The params the binary objective uses. */
export type BinaryObjectiveParams = Pick<GbdtParams, 'sigmoid' | 'is_unbalance' | 'scale_pos_weight'>;

export class BinaryObjective implements Objective {
  readonly name = 'binary';
  readonly numModelPerIteration = 1;
  readonly sigmoid: number;
  private readonly isUnbalance: boolean;
  private readonly scalePosWeight: number;
  private label: Float64Array = new Float64Array(0);
  private weights: Float64Array | null = null;
  /** Label weight of the negative (0) and positive (1) class. */
  private readonly labelWeights = new Float64Array([1, 1]);
  private needTrain = true;

  constructor({ sigmoid, is_unbalance, scale_pos_weight }: BinaryObjectiveParams) {
    if (!(sigmoid > 0)) throw new DataError(`binary objective: sigmoid = ${sigmoid} must be > 0`);
    this.sigmoid = sigmoid;
    this.isUnbalance = is_unbalance;
    this.scalePosWeight = scale_pos_weight;
  }

  init(label: Float64Array, weights: Float64Array | null): void {
    checkWeights(weights, label.length, this.name);
    let nPos = 0;
    for (let i = 0; i < label.length; i++) {
      const y = label[i];
      if (y !== 0 && y !== 1) {
        throw new DataError(`binary objective: label of row ${i} is ${y}; binary labels must be 0 or 1`);
      }
      nPos += y;
    }
    const nNeg = label.length - nPos;
    this.label = label;
    this.weights = weights === null ? null : roundedToFloat32(weights); // LightGBM's label_t
    this.needTrain = nPos > 0 && nNeg > 0;
    if (!this.needTrain) log.warn('binary objective: the training labels contain only one class');
    this.labelWeights[0] = 1;
    this.labelWeights[1] = 1;
    if (this.isUnbalance && this.needTrain) {
      if (nPos > nNeg) this.labelWeights[0] = nPos / nNeg;
      else this.labelWeights[1] = nNeg / nPos;
    }
    this.labelWeights[1] *= this.scalePosWeight;
  }

  getGradients(score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    this.getGradientsRange(score, grad, hess, 0, this.label.length);
  }

  getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    if (!this.needTrain) {
      grad.fill(0, begin, end);
      hess.fill(0, begin, end);
      return;
    }
    const s = this.sigmoid;
    const w0 = this.labelWeights[0];
    const w1 = this.labelWeights[1];
    const weights = this.weights;
    // d/dscore of the log loss with y in {-1, +1}: -y*s / (1 + exp(y*s*score)); hessian |r|(s - |r|)
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const pos = label[i] > 0;
        const y = pos ? 1 : -1;
        const lw = pos ? w1 : w0;
        const response = (-y * s) / (1 + fastExp(y * s * score[i]));
        const abs = Math.abs(response);
        grad[i] = response * lw;
        hess[i] = abs * (s - abs) * lw;
      }
    } else {
      // label weight times row weight, multiplied in LightGBM's order ((response * label weight) * weight)
      for (let i = begin; i < end; i++) {
        const pos = label[i] > 0;
        const y = pos ? 1 : -1;
        const lw = pos ? w1 : w0;
        const w = weights[i];
        const response = (-y * s) / (1 + fastExp(y * s * score[i]));
        const abs = Math.abs(response);
        grad[i] = response * lw * w;
        hess[i] = abs * (s - abs) * lw * w;
      }
    }
  }

  /** {@link getGradientsRange}'s values for rows `rows[0..count)` only (a bagged round's in-bag rows). */
  getGradientsRows(score: Float64Array, grad: Float32Array, hess: Float32Array, rows: Uint32Array, count: number): void {
    const label = this.label;
    if (!this.needTrain) {
      for (let k = 0; k < count; k++) {
        grad[rows[k]] = 0;
        hess[rows[k]] = 0;
      }
      return;
    }
    const s = this.sigmoid;
    const w0 = this.labelWeights[0];
    const w1 = this.labelWeights[1];
    const weights = this.weights;
    // the loops of getGradientsRange, row i = rows[k]
    if (weights === null) {
      for (let k = 0; k < count; k++) {
        const i = rows[k];
        const pos = label[i] > 0;
        const y = pos ? 1 : -1;
        const lw = pos ? w1 : w0;
        const response = (-y * s) / (1 + fastExp(y * s * score[i]));
        const abs = Math.abs(response);
        grad[i] = response * lw;
        hess[i] = abs * (s - abs) * lw;
      }
    } else {
      for (let k = 0; k < count; k++) {
        const i = rows[k];
        const pos = label[i] > 0;
        const y = pos ? 1 : -1;
        const lw = pos ? w1 : w0;
        const w = weights[i];
        const response = (-y * s) / (1 + fastExp(y * s * score[i]));
        const abs = Math.abs(response);
        grad[i] = response * lw * w;
        hess[i] = abs * (s - abs) * lw * w;
      }
    }
  }

  /** log(p / (1 - p)) / sigmoid of the (weighted) positive rate p, clamped to [1e-15, 1 - 1e-15]. */
  boostFromScore(_classId: number): number {
    const label = this.label;
    const weights = this.weights;
    let sumPos = 0;
    let sumW = 0;
    if (weights === null) {
      for (let i = 0; i < label.length; i++) if (label[i] > 0) sumPos += 1;
      sumW = label.length;
    } else {
      for (let i = 0; i < label.length; i++) {
        const w = weights[i];
        if (label[i] > 0) sumPos += w;
        sumW += w;
      }
    }
    if (sumW === 0) return 0;
    let p = sumPos / sumW;
    p = Math.min(p, 1 - K_EPSILON);
    p = Math.max(p, K_EPSILON);
    // correctly rounded, as the C library's log LightGBM calls (see exact-log.ts)
    return exactLog(p / (1 - p)) / this.sigmoid;
  }

  classNeedTrain(_classId: number): boolean {
    return this.needTrain;
  }

  convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    out[0] = 1 / (1 + Math.exp(-this.sigmoid * raw[0]));
  }

  toString(): string {
    return `binary sigmoid:${formatG(this.sigmoid, 6)}`; // C++ ostream's default %g, as LightGBM
  }
}
