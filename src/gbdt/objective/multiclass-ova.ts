/**
 * One-vs-all multiclass (LightGBM's `MulticlassOVA`, src/objective/multiclass_objective.hpp):
 * `num_class` independent binary log-loss problems, class k's trees learning "label is k" against
 * the rest, each with the binary objective's `sigmoid`, `is_unbalance` and `scale_pos_weight`. Each
 * class's output is its own sigmoid (the outputs of a row do not sum to 1, as LightGBM's); the
 * predicted class is the most probable one. A class with no rows (or all rows) needs no trees.
 *
 * @example
 * ```ts
 * const obj = new MulticlassOvaObjective({ num_class: 3, sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 });
 * obj.init(new Float64Array([0, 1, 2, 2]), null);
 * obj.boostFromScore(2); // log(0.5 / 0.5) = 0
 * obj.toString(); // 'multiclassova num_class:3 sigmoid:1'
 * ```
 */
import { DataError } from '../../core/errors.js';
import { formatG } from '../../core/format.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Objective } from './objective.js';
import { BinaryObjective } from './binary.js';
import { checkWeights } from './check-weights.js';

/** The params the one-vs-all objective uses. */
export type MulticlassOvaObjectiveParams = Pick<GbdtParams, 'num_class' | 'sigmoid' | 'is_unbalance' | 'scale_pos_weight'>;

export class MulticlassOvaObjective implements Objective {
  readonly name = 'multiclassova';
  readonly numModelPerIteration: number;
  readonly numClass: number;
  readonly sigmoid: number;
  /** One binary problem per class. */
  private readonly binaries: BinaryObjective[];

  constructor({ num_class, sigmoid, is_unbalance, scale_pos_weight }: MulticlassOvaObjectiveParams) {
    if (!Number.isInteger(num_class) || num_class < 2) {
      throw new DataError(`multiclassova objective: num_class = ${num_class} must be an integer > 1`);
    }
    this.numClass = num_class;
    this.numModelPerIteration = num_class;
    this.sigmoid = sigmoid;
    this.binaries = Array.from({ length: num_class }, () => new BinaryObjective({ sigmoid, is_unbalance, scale_pos_weight }));
  }

  /** Binds class indices in [0, num_class) (and weights): class k's problem gets labels `label == k`. */
  init(label: Float64Array, weights: Float64Array | null): void {
    checkWeights(weights, label.length, this.name);
    const k = this.numClass;
    for (let i = 0; i < label.length; i++) {
      const y = label[i];
      if (!Number.isInteger(y) || y < 0 || y >= k) {
        throw new DataError(`multiclassova objective: label of row ${i} is ${y}; labels must be class indices in [0, ${k})`);
      }
    }
    for (let c = 0; c < k; c++) {
      // each binary problem keeps its labels
      const isClass = new Float64Array(label.length);
      for (let i = 0; i < label.length; i++) isClass[i] = label[i] === c ? 1 : 0;
      this.binaries[c].init(isClass, weights);
    }
  }

  getGradients(score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    const n = score.length / this.numClass;
    for (let c = 0; c < this.numClass; c++) {
      const from = c * n;
      this.binaries[c].getGradients(score.subarray(from, from + n), grad.subarray(from, from + n), hess.subarray(from, from + n));
    }
  }

  getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    const n = score.length / this.numClass;
    for (let c = 0; c < this.numClass; c++) {
      const from = c * n;
      this.binaries[c].getGradientsRange(score.subarray(from, from + n), grad.subarray(from, from + n), hess.subarray(from, from + n), begin, end);
    }
  }

  /** Class `classId`'s binary start: the log-odds of its (weighted) share of the rows, over `sigmoid`. */
  boostFromScore(classId: number): number {
    return this.binaries[classId].boostFromScore(0);
  }

  /** False for a class with no rows or all rows (LightGBM's binary `need_train_`). */
  classNeedTrain(classId: number): boolean {
    return this.binaries[classId].classNeedTrain(0);
  }

  convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    const s = this.sigmoid;
    for (let c = 0; c < this.numClass; c++) out[c] = 1 / (1 + Math.exp(-s * raw[c]));
  }

  toString(): string {
    return `multiclassova num_class:${this.numClass} sigmoid:${formatG(this.sigmoid, 6)}`;
  }
}
