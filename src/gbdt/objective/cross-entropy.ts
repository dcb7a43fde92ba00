/**
 * Cross-entropy objectives for labels in [0, 1] (LightGBM's `CrossEntropy` and
 * `CrossEntropyLambda`, src/objective/xentropy_objective.hpp), e.g. 0/1 classes or observed rates:
 * - `cross_entropy`: loss `-(y log p + (1 - y) log(1 - p))` with `p = sigmoid(f)`; starts from the
 *   log-odds of the (weighted) mean label; predicts `p`. Weights multiply the loss.
 * - `cross_entropy_lambda`: the same loss with `p = 1 - exp(-w * lambda)`, `lambda = log(1 + exp(f))`
 *   and `w` the row's weight (weights are part of the model, not of the average: they must be > 0);
 *   starts from `log(expm1(mean label))`; predicts `lambda`. Without weights it is `cross_entropy`
 *   with another output.
 * Labels and weights are 32-bit floats (LightGBM's `label_t`), and so is LightGBM's `1 - label`.
 *
 * @example
 * ```ts
 * const obj = new CrossEntropyObjective();
 * obj.init(new Float64Array([0, 0.5, 1, 1]), null);
 * obj.boostFromScore(0); // log(0.625 / 0.375)
 * ```
 */
import { K_EPSILON } from '../../core/constants.js';
import { DataError } from '../../core/errors.js';
import { exactLog } from '../../core/exact-log.js';
import type { Objective } from './objective.js';
import { checkWeights } from './check-weights.js';
import { roundedToFloat32 } from './float32.js';

/** Labels in [0, 1] as 32-bit floats; the DataError names the objective and the row. */
function probabilityLabels(name: string, label: Float64Array): Float64Array {
  for (let i = 0; i < label.length; i++) {
    const y = label[i];
    if (!(y >= 0 && y <= 1)) throw new DataError(`${name} objective: label of row ${i} is ${y}; labels must be in [0, 1]`);
  }
  return roundedToFloat32(label);
}

/** The (weighted) mean label, summed in double as LightGBM. */
function meanLabel(label: Float64Array, weights: Float64Array | null): number {
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
  return sum / sumW;
}

export class CrossEntropyObjective implements Objective {
  readonly name: string = 'cross_entropy';
  readonly numModelPerIteration = 1;
  protected label: Float64Array = new Float64Array(0);
  protected weights: Float64Array | null = null;

  init(label: Float64Array, weights: Float64Array | null): void {
    checkWeights(weights, label.length, this.name);
    this.label = probabilityLabels(this.name, label);
    this.weights = weights === null ? null : roundedToFloat32(weights);
    if (this.weights !== null) {
      let sumW = 0;
      for (let i = 0; i < this.weights.length; i++) sumW += this.weights[i];
      if (sumW === 0) throw new DataError(`${this.name} objective: the weights sum to 0`);
    }
  }

  getGradients(score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    this.getGradientsRange(score, grad, hess, 0, this.label.length);
  }

  getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    // LightGBM's two forms (the second for accuracy far into the negative scores); 1.0f - label in float
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const y = label[i];
        const s = score[i];
        if (s > -37) {
          const e = Math.exp(-s);
          grad[i] = (Math.fround(1 - y) - y * e) / (1 + e);
          hess[i] = e / ((1 + e) * (1 + e));
        } else {
          const e = Math.exp(s);
          grad[i] = e - y;
          hess[i] = e;
        }
      }
    } else {
      for (let i = begin; i < end; i++) {
        const y = label[i];
        const s = score[i];
        const w = weights[i];
        if (s > -37) {
          const e = Math.exp(-s);
          grad[i] = ((Math.fround(1 - y) - y * e) / (1 + e)) * w;
          hess[i] = (e / ((1 + e) * (1 + e))) * w;
        } else {
          const e = Math.exp(s);
          grad[i] = (e - y) * w;
          hess[i] = e * w;
        }
      }
    }
  }

  /** log(p / (1 - p)) of the (weighted) mean label p, clamped to [1e-15, 1 - 1e-15]. */
  boostFromScore(_classId: number): number {
    let p = meanLabel(this.label, this.weights);
    p = Math.min(p, 1 - K_EPSILON);
    p = Math.max(p, K_EPSILON);
    return exactLog(p / (1 - p));
  }

  convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    out[0] = 1 / (1 + Math.exp(-raw[0]));
  }

  toString(): string {
    return this.name;
  }
}

export class CrossEntropyLambdaObjective extends CrossEntropyObjective {
  override readonly name: string = 'cross_entropy_lambda';

  override init(label: Float64Array, weights: Float64Array | null): void {
    checkWeights(weights, label.length, this.name);
    this.label = probabilityLabels(this.name, label);
    this.weights = weights === null ? null : roundedToFloat32(weights);
    const w = this.weights;
    if (w !== null) {
      for (let i = 0; i < w.length; i++) {
        if (!(w[i] > 0)) throw new DataError(`${this.name} objective: weight of row ${i} is ${w[i]}; weights must be > 0`);
      }
    }
  }

  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const label = this.label;
    const weights = this.weights;
    if (weights === null) {
      for (let i = begin; i < end; i++) {
        const z = 1 / (1 + Math.exp(-score[i]));
        grad[i] = z - label[i];
        hess[i] = z * (1 - z);
      }
      return;
    }
    // LightGBM's weighted form, term by term
    for (let i = begin; i < end; i++) {
      const w = weights[i];
      const y = label[i];
      const epf = Math.exp(score[i]);
      const hhat = Math.log1p(epf);
      const z = 1 - Math.exp(-w * hhat);
      const enf = 1 / epf;
      grad[i] = ((1 - y / z) * w) / (1 + enf);
      const c = 1 / (1 - z);
      let d = 1 + epf;
      const a = (w * epf) / (d * d);
      d = c - 1;
      const b = (c / (d * d)) * (1 + w * epf - c);
      hess[i] = a * (1 + y * b);
    }
  }

  /** log(expm1(mean label)): lambda = log(1 + exp(f)) starts at the (weighted) mean label. */
  override boostFromScore(_classId: number): number {
    return exactLog(Math.expm1(meanLabel(this.label, this.weights)));
  }

  override convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    out[0] = Math.log1p(Math.exp(raw[0]));
  }
}
