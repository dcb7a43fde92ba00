/**
 * Multiclass softmax log loss (LightGBM's `MulticlassSoftmax`, src/objective/multiclass_objective.hpp).
 * Labels are class indices 0..num_class-1; one tree per class and round. The hessian carries
 * LightGBM's factor `K / (K - 1)` (Friedman's rescaling of the redundant K-class form).
 *
 * @example
 * ```ts
 * const obj = new MulticlassObjective({ num_class: 3 });
 * obj.init(new Float64Array([0, 1, 2, 2]), null);
 * obj.boostFromScore(2); // log(0.5)
 * ```
 */
import { DataError } from '../../core/errors.js';
import { exactLog } from '../../core/exact-log.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Objective } from './objective.js';
import { checkWeights } from './check-weights.js';
import { roundedToFloat32 } from './float32.js';
import { K_EPSILON } from '../../core/constants.js';
import { fastExp } from './fast-exp.js';

/** The params the multiclass objective uses. */
export type MulticlassObjectiveParams = Pick<GbdtParams, 'num_class'>;

export class MulticlassObjective implements Objective {
  readonly name = 'multiclass';
  readonly numModelPerIteration: number;
  readonly numClass: number;
  private readonly factor: number;
  private label: Float64Array = new Float64Array(0);
  private weights: Float64Array | null = null;
  private readonly classInitProbs: Float64Array;
  /** One row's class scores, reused (allocated once). */
  private readonly rec: Float64Array;

  constructor({ num_class }: MulticlassObjectiveParams) {
    if (!Number.isInteger(num_class) || num_class < 2) {
      throw new DataError(`multiclass objective: num_class = ${num_class} must be an integer > 1`);
    }
    this.numClass = num_class;
    this.numModelPerIteration = num_class;
    this.factor = num_class / (num_class - 1);
    this.classInitProbs = new Float64Array(num_class);
    this.rec = new Float64Array(num_class);
  }

  init(label: Float64Array, rawWeights: Float64Array | null): void {
    checkWeights(rawWeights, label.length, this.name);
    const weights = rawWeights === null ? null : roundedToFloat32(rawWeights); // LightGBM's label_t
    const k = this.numClass;
    const probs = this.classInitProbs;
    probs.fill(0);
    let sumW = 0;
    for (let i = 0; i < label.length; i++) {
      const y = label[i];
      if (!Number.isInteger(y) || y < 0 || y >= k) {
        throw new DataError(`multiclass objective: label of row ${i} is ${y}; labels must be class indices in [0, ${k})`);
      }
      const w = weights === null ? 1 : weights[i];
      probs[y] = probs[y] + w;
      sumW += w;
    }
    if (sumW > 0) for (let c = 0; c < k; c++) probs[c] = probs[c] / sumW;
    this.label = label;
    this.weights = weights;
  }

  getGradients(score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    this.getGradientsRange(score, grad, hess, 0, this.label.length);
  }

  getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const n = label.length;
    const k = this.numClass;
    const rec = this.rec;
    const factor = this.factor;
    const weights = this.weights;
    for (let i = begin; i < end; i++) {
      // softmax of the row's K scores, shifted by the max for stability
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        const v = score[c * n + i];
        rec[c] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        const e = fastExp(rec[c] - max);
        rec[c] = e;
        sum += e;
      }
      const y = label[i];
      if (weights === null) {
        for (let c = 0; c < k; c++) {
          const p = rec[c] / sum;
          const idx = c * n + i;
          grad[idx] = c === y ? p - 1 : p;
          hess[idx] = factor * p * (1 - p);
        }
      } else {
        const w = weights[i];
        for (let c = 0; c < k; c++) {
          const p = rec[c] / sum;
          const idx = c * n + i;
          grad[idx] = (c === y ? p - 1 : p) * w;
          hess[idx] = factor * p * (1 - p) * w;
        }
      }
    }
  }

  /** log of class `classId`'s (weighted) share of the training rows, at least 1e-15. */
  boostFromScore(classId: number): number {
    return exactLog(Math.max(K_EPSILON, this.classInitProbs[classId]));
  }

  /** False for a class with (almost) no rows or (almost) all rows. */
  classNeedTrain(classId: number): boolean {
    const p = Math.abs(this.classInitProbs[classId]);
    return !(p <= K_EPSILON || p >= 1 - K_EPSILON);
  }

  convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    softmax(raw, out, this.numClass);
  }

  toString(): string {
    return `multiclass num_class:${this.numClass}`;
  }
}

/** out[0..k) = softmax(raw[0..k)) (shifted by the max, as LightGBM's `Common::Softmax`). */
export function softmax(raw: ArrayLike<number>, out: Float64Array, k: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) if (raw[c] > max) max = raw[c];
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(raw[c] - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) out[c] = out[c] / sum;
}
