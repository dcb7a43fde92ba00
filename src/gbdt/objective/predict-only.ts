/**
 * Objectives that gbtune cannot train but whose models it can still load and predict with:
 * LightGBM's other objectives, by the output transform of each (src/objective/*.hpp
 * `ConvertOutput`). Training with one throws.
 *
 * @example
 * ```ts
 * const obj = new PredictOnlyObjective('poisson', 'exp', 'poisson', 1);
 * const out = new Float64Array(1);
 * obj.convertOutput([0], out); // out[0] = 1
 * ```
 */
import { GbtuneError } from '../../core/errors.js';
import type { Objective } from './objective.js';

/** How raw scores become outputs. */
export type OutputTransform = 'identity' | 'exp' | 'sigmoid' | 'signed_square' | 'log1p_exp' | 'sigmoid_each';

export class PredictOnlyObjective implements Objective {
  readonly numModelPerIteration: number;

  /**
   * @param name LightGBM's objective name, e.g. `'poisson'`.
   * @param transform the output transform.
   * @param line the model.txt objective line to write back.
   * @param numModelPerIteration trees per round (num_class for `multiclassova`).
   * @param sigmoid the slope for `sigmoid_each` (multiclassova).
   */
  constructor(
    readonly name: string,
    readonly transform: OutputTransform,
    private readonly line: string,
    numModelPerIteration = 1,
    private readonly sigmoid = 1,
  ) {
    this.numModelPerIteration = numModelPerIteration;
  }

  init(): void {
    throw new GbtuneError(`objective '${this.name}' comes from a LightGBM model and can only predict in gbtune, not train`, 'OBJECTIVE_PREDICT_ONLY');
  }

  getGradients(): void {
    this.init();
  }

  boostFromScore(): number {
    return 0;
  }

  convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    const x = raw[0];
    switch (this.transform) {
      case 'identity':
        out[0] = x;
        return;
      case 'exp':
        out[0] = Math.exp(x);
        return;
      case 'sigmoid':
        out[0] = 1 / (1 + Math.exp(-x));
        return;
      case 'signed_square':
        out[0] = (x > 0 ? 1 : x < 0 ? -1 : 0) * x * x;
        return;
      case 'log1p_exp':
        out[0] = Math.log1p(Math.exp(x));
        return;
      case 'sigmoid_each':
        for (let k = 0; k < this.numModelPerIteration; k++) out[k] = 1 / (1 + Math.exp(-this.sigmoid * raw[k]));
        return;
    }
  }

  toString(): string {
    return this.line;
  }
}
