/**
 * A table held by columns: the features (numeric or categorical) and the target. `readCsv`,
 * `Dataset.fromRecords` and `Dataset.fromColumns` all build one, with the same type inference
 * and errors. The trainer bins it once (`BinnedDataset`) and never reads strings again.
 */
import { buildFromColumns, buildFromRecords, type ColumnInput } from './from-memory.js';
import type { TableOptions } from './table-builder.js';

export type { ColumnInput } from './from-memory.js';
export type { TableOptions } from './table-builder.js';

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

/**
 * A columnar table of features plus an optional target (absent for data to predict).
 *
 * @example
 * ```ts
 * const data = await readCsv('datasets/iris.csv');
 * data.nRows; // 150
 * data.featureNames; // ['sepal length (cm)', ...]
 * ```
 */
export class Dataset {
  readonly features: readonly Column[];
  readonly target: Target | null;
  readonly nRows: number;
  readonly source: DatasetSource;

  constructor(features: readonly Column[], target: Target | null, source: DatasetSource = {}) {
    this.features = features;
    this.target = target;
    this.nRows = features.length > 0 ? (features[0] as Column).values.length : (target?.classIndex?.length ?? target?.numeric?.length ?? 0);
    this.source = source;
  }

  get nFeatures(): number {
    return this.features.length;
  }

  get featureNames(): string[] {
    return this.features.map((c) => c.name);
  }

  /**
   * Builds a dataset from an array of records, exactly as `readCsv` builds it from the same table
   * (same inference, same errors, with `row N` = record index where a file says `line N`). The
   * columns are the first record's keys in order; a later record may omit a key (missing value)
   * but may not add one. Cells may be numbers, strings, booleans (read as text), or null/undefined
   * (missing); NaN and the missing tokens are missing too.
   *
   * @example
   * ```ts
   * const data = Dataset.fromRecords(
   *   [{ age: 31, home: 'rent', target: 'good' }, { age: 45, home: 'owner', target: 'bad' }],
   *   { categorical: [] },
   * );
   * data.column('home')?.categories; // ['owner', 'rent']
   * ```
   */
  static fromRecords(records: readonly Record<string, unknown>[], options: TableOptions = {}): Dataset {
    const { features, target } = buildFromRecords(records, options);
    return new Dataset(features, target, { file: 'records' });
  }

  /**
   * Builds a dataset from named columns of equal length, exactly as `readCsv` builds it from the
   * same table (same inference and errors, with `row N` where a file says `line N`). A
   * `Float64Array` column of finite numbers and NaN is used as is, not copied (so a large table
   * does not take twice its memory): do not modify it afterwards.
   *
   * @example
   * ```ts
   * const data = Dataset.fromColumns({ x: new Float64Array([1, 2, 3]), y: ['a', 'b', 'a'] }, { target: 'y' });
   * data.target?.classes; // ['a', 'b']
   * ```
   */
  static fromColumns(columns: Readonly<Record<string, ColumnInput>>, options: TableOptions = {}): Dataset {
    const { features, target } = buildFromColumns(columns, options);
    return new Dataset(features, target, { file: 'columns' });
  }

  /** The column called `name`, or undefined. */
  column(name: string): Column | undefined {
    return this.features.find((c) => c.name === name);
  }
}
