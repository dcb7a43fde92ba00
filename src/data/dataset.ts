/**
 * A table held by columns: the features (numeric or categorical) and the target. `readCsv`,
 * `Dataset.fromRecords` and `Dataset.fromColumns` all build one, with the same type inference
 * and errors. The trainer bins it once (`BinnedDataset`) and never reads strings again.
 */
import type { Column, DatasetSource, Target } from './columns.js';
import { buildFromColumns, buildFromRecords, type ColumnInput } from './from-memory.js';
import type { TableOptions } from './table-builder.js';
import { DataError } from '../core/errors.js';

export type { Column, ColumnKind, DatasetSource, InferredTask, Target } from './columns.js';
export type { ColumnInput } from './from-memory.js';
export type { TableOptions } from './table-builder.js';

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
  /**
   * Ranking data's query groups (LightGBM's `query_boundaries`): query q holds rows
   * `[queryBoundaries[q], queryBoundaries[q + 1])`; null when the data has none (the `group` option).
   */
  readonly queryBoundaries: Uint32Array | null;

  constructor(features: readonly Column[], target: Target | null, source: DatasetSource = {}, queryBoundaries: Uint32Array | null = null) {
    this.features = features;
    this.target = target;
    this.nRows = features.length > 0 ? features[0].values.length : (target?.classIndex?.length ?? target?.numeric?.length ?? 0);
    this.source = source;
    if (queryBoundaries !== null && (queryBoundaries[0] !== 0 || queryBoundaries[queryBoundaries.length - 1] !== this.nRows)) {
      throw new DataError(`the query boundaries (${queryBoundaries.length - 1} queries) do not cover the ${this.nRows} rows`);
    }
    this.queryBoundaries = queryBoundaries;
  }

  /** Number of query groups (0 when the data has none). */
  get nQueries(): number {
    return this.queryBoundaries === null ? 0 : this.queryBoundaries.length - 1;
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
   * (missing); NaN and the missing tokens are missing too. Ranking data: `group` names the column of
   * query ids (or gives the group sizes), see {@link TableOptions.group}.
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
    const { features, target, queryBoundaries } = buildFromRecords(records, options);
    return new Dataset(features, target, { file: 'records' }, queryBoundaries);
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
    const { features, target, queryBoundaries } = buildFromColumns(columns, options);
    return new Dataset(features, target, { file: 'columns' }, queryBoundaries);
  }

  /** The column called `name`, or undefined. */
  column(name: string): Column | undefined {
    return this.features.find((c) => c.name === name);
  }
}
