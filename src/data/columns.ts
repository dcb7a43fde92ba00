/**
 * The parts of a `Dataset`: its feature columns and its target, as plain data. They live
 * apart from `dataset.ts` so that the code building them (`table-builder.ts`, `from-memory.ts`)
 * and the `Dataset` class that holds them import in one direction only:
 * `dataset.ts -> from-memory.ts -> table-builder.ts -> columns.ts`.
 *
 * @example
 * ```ts
 * const col: Column = { name: 'x', kind: 'numeric', values: new Float64Array([1, NaN, 3]) };
 * ```
 */
/** How a feature column is held. */
export type ColumnKind = 'numeric' | 'categorical';

/**
 * One feature column. For a numeric column `values` holds the numbers (NaN = missing). For a
 * categorical column `values` holds the category code (index into `categories`, which is sorted as
 * pandas sorts categories: numerically when all are numbers, else by string) or NaN when missing.
 */
export interface Column {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly values: Float64Array;
  /** Categorical only: code → the category's text. */
  readonly categories?: readonly string[];
}

/** The objective that the target suggests when the user names none. */
export type InferredTask = 'binary' | 'multiclass' | 'regression';

/**
 * The target column. Classification targets have `classes` (distinct values, sorted numerically
 * when all are numbers, else as strings) and `classIndex`; numeric targets also have `numeric`.
 */
export interface Target {
  readonly name: string;
  /** The target as numbers (NaN never occurs: rows with a missing target are skipped), or null when it holds strings. */
  readonly numeric: Float64Array | null;
  /** Distinct values as text, or null for a regression target with too many distinct values to be classes. */
  readonly classes: readonly string[] | null;
  /** Per row: index into `classes`, or null when `classes` is null. */
  readonly classIndex: Int32Array | null;
  /** Strings, or at most 50 distinct integers → classification (binary for 2 classes); else regression. */
  readonly inferredTask: InferredTask;
}

/** Where a dataset came from, for error messages. */
export interface DatasetSource {
  /** The CSV path, or a description such as `'records'`. */
  readonly file?: string;
}
