/**
 * Batch prediction as trainer-pool tasks: task t adds the packed trees' outputs of rows
 * `[t * rowsPerTask, (t + 1) * rowsPerTask)` to a shared output. Every row is summed over the
 * trees in model order by one thread, so the result is the same bits at any thread count.
 */
import { addForestOutput, type PackedForest } from '../boosting/packed-forest.js';

/** What a prediction's tasks read and write; every array over a `SharedArrayBuffer`. */
export interface PredictParts {
  forest: PackedForest;
  /** The model's input columns, in feature order. */
  columns: Float64Array[];
  /** Raw scores, row-major, `forest.k` per row (zeros before the phase). */
  out: Float64Array;
  nRows: number;
  rowsPerTask: number;
}

/**
 * Runs the tasks of one prediction (see the module doc) on the thread that holds it.
 *
 * @example
 * ```ts
 * const tasks = new PredictTasks(parts);
 * for (let t = 0; t < Math.ceil(parts.nRows / parts.rowsPerTask); t++) tasks.run(0, t);
 * ```
 */
export class PredictTasks {
  private readonly parts: PredictParts;

  constructor(parts: PredictParts) {
    this.parts = parts;
  }

  /** Runs task `task` (`kind` is ignored: a prediction has one kind of task). */
  run(_kind: number, task: number): void {
    const { forest, columns, out, nRows, rowsPerTask } = this.parts;
    const r0 = task * rowsPerTask;
    addForestOutput(forest, columns, r0, Math.min(nRows, r0 + rowsPerTask), out);
  }
}
