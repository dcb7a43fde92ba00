/**
 * Objectives that gbtune cannot train but whose models it can still load and predict with:
 * LightGBM's ranking objectives (`lambdarank`, `rank_xendcg`), `custom`, and `regression` /
 * `regression_l1` fitted to `sqrt(label)` (`reg_sqrt`), by the output transform of each
 * (src/objective/*.hpp `ConvertOutput`). Training with one throws.
 *
 * @example
 * ```ts
 * const obj = new PredictOnlyObjective('regression', 'signed_square', 'regression sqrt');
 * const out = new Float64Array(1);
 * obj.convertOutput([-3], out); // out[0] = -9
 * ```
 */
import { GbtuneError } from '../../core/errors.js';
import type { Objective } from './objective.js';

/** How raw scores become outputs: as they are, or `sign(x) * x^2` (the inverse of `reg_sqrt`). */
export type OutputTransform = 'identity' | 'signed_square';

export class PredictOnlyObjective implements Objective {
  readonly numModelPerIteration: number;

  /**
   * @param name LightGBM's objective name, e.g. `'lambdarank'`.
   * @param transform the output transform.
   * @param line the model.txt objective line to write back.
   */
  constructor(
    readonly name: string,
    readonly transform: OutputTransform,
    private readonly line: string,
  ) {
    this.numModelPerIteration = 1;
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
    out[0] = this.transform === 'signed_square' ? (x > 0 ? 1 : x < 0 ? -1 : 0) * x * x : x;
  }

  toString(): string {
    return this.line;
  }
}
