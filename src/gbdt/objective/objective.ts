/**
 * The objective contract (LightGBM's `ObjectiveFunction`). Scores are raw (before the link
 * function) and laid out class-major: `score[k * nRows + i]` is class k's score of row i.
 */
export interface Objective {
  /** The canonical name, e.g. `'binary'`. */
  readonly name: string;
  /** Trees per boosting round (num_class for multiclass, else 1). */
  readonly numModelPerIteration: number;
  /**
   * Binds the training labels (class index or value per row) and optional row weights. `queries`:
   * the query boundaries (query q holds rows `[queries[q], queries[q + 1])`, LightGBM's
   * `query_boundaries`), which the ranking objectives need and the others ignore.
   */
  init(label: Float64Array, weights: Float64Array | null, queries?: Uint32Array | null): void;
  /** Writes the first and second derivatives of the loss at `score` for every row, rounded to float32 (LightGBM's score_t). */
  getGradients(score: Float64Array, grad: Float32Array, hess: Float32Array): void;
  /**
   * Optional: {@link Objective.getGradients} for rows `begin..end` only (every class of those rows),
   * the same values. An objective that has it computes each row from that row alone and is rebuilt
   * identically by `createObjective(params)` and `init` with the same labels and weights: the
   * trainer's threads rebuild it so and compute the gradients in row blocks.
   */
  getGradientsRange?(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void;
  /**
   * Optional: {@link Objective.getGradients} for rows `rows[0..count)` only (every class of those
   * rows), the same values; the other rows' gradients are left as they were. A bagged round needs
   * only its in-bag rows' gradients (the session computes those alone when it can).
   */
  getGradientsRows?(score: Float64Array, grad: Float32Array, hess: Float32Array, rows: Uint32Array, count: number): void;
  /** The initial score of class `classId` (boost_from_average), 0 when not applicable. */
  boostFromScore(classId: number): number;
  /** Turns one row's raw scores (`numModelPerIteration` of them) into outputs (probabilities, values). */
  convertOutput(raw: ArrayLike<number>, out: Float64Array): void;
  /** The `objective=` line of LightGBM's model.txt, e.g. `'binary sigmoid:1'`. */
  toString(): string;

  /**
   * Optional (LightGBM's `ClassNeedTrain`): false when class `classId` needs no tree, e.g. a binary
   * target with one class only, or a multiclass class with (almost) no rows or all rows. After
   * `init`. Absent means true. LightGBM then adds a constant tree (the `boostFromScore` value in
   * the first round, 0 later) instead of training one.
   */
  classNeedTrain?(classId: number): boolean;
  /**
   * Optional (LightGBM's `IsConstantHessian`): true when every hessian is the same constant (L2
   * with no weights), so a learner may skip summing hessians. After `init`. Absent means false.
   */
  isConstantHessian?(): boolean;
  /**
   * Optional (LightGBM's `IsRenewTreeOutput`): true when each new tree's leaf values must be
   * re-fitted by {@link Objective.renewTreeOutput} after the tree is grown (`regression_l1`).
   */
  readonly isRenewTreeOutput?: boolean;
  /**
   * Optional (LightGBM's `RenewTreeOutput`, called by `SerialTreeLearner::RenewTreeOutput`): the
   * re-fitted output of one leaf, from the rows in it. `rows[begin .. begin+count)` are the
   * ORIGINAL row indices (into the labels given to `init`) of the leaf's rows — for a bagged tree,
   * only the in-bag rows, mapped back to original indices. `score` is the current raw score of the
   * tree's class, indexed by original row (for single-model objectives the whole score array),
   * BEFORE this tree is added. regression_l1 returns the (weighted) median of `label - score`.
   * Call it for every leaf with `count > 0`, before shrinkage: the returned value replaces the
   * leaf's value, and then the tree is shrunk by `learning_rate` as usual.
   */
  renewTreeOutput?(rows: Uint32Array, begin: number, count: number, score: Float64Array): number;
}
