/**
 * The objective contract (LightGBM's `ObjectiveFunction`). Scores are raw (before the link
 * function) and laid out class-major: `score[k * nRows + i]` is class k's score of row i.
 */
export interface Objective {
  /** The canonical name, e.g. `'binary'`. */
  readonly name: string;
  /** Trees per boosting round (num_class for multiclass, else 1). */
  readonly numModelPerIteration: number;
  /** Binds the training labels (class index or value per row) and optional row weights. */
  init(label: Float64Array, weights: Float64Array | null): void;
  /** Writes the first and second derivatives of the loss at `score` for every row. */
  getGradients(score: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** The initial score of class `classId` (boost_from_average), 0 when not applicable. */
  boostFromScore(classId: number): number;
  /** Turns one row's raw scores (`numModelPerIteration` of them) into outputs (probabilities, values). */
  convertOutput(raw: ArrayLike<number>, out: Float64Array): void;
  /** The `objective=` line of LightGBM's model.txt, e.g. `'binary sigmoid:1'`. */
  toString(): string;
}
