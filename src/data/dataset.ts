/**
 * A table held by columns: the features (numeric or categorical), the target, and optional row
 * weights, initial scores and ranking query groups. `readCsv`, `Dataset.fromRecords` and `Dataset.fromColumns` all
 * build one, with the same type inference and errors. The trainer bins it once
 * (`BinnedDataset`) and never reads strings again.
 */
import { DataError } from '../core/errors.js';
import type { Column, DatasetSource, Target } from './columns.js';
import { buildFromColumns, buildFromRecords, type ColumnInput } from './from-memory.js';
import { NO_ROW_META, weightProblem, type RowMeta } from './row-meta.js';
import type { TableOptions } from './table-builder.js';

export type { Column, ColumnKind, DatasetSource, InferredTask, Target } from './columns.js';
export type { ColumnInput } from './from-memory.js';
export type { TableOptions } from './table-builder.js';
export type { RowMeta } from './row-meta.js';

/**
 * A columnar table of features plus an optional target (absent for data to predict), with
 * optional row weights and initial scores ({@link RowMeta}; options `weight` and `initScore`).
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
  /** Weight per row, or null (every row weighs 1). See {@link RowMeta}. */
  readonly weights: Float64Array | null;
  /** The column the weights were read from (not among the features), or null. */
  readonly weightColumn: string | null;
  /** Initial raw score per row (class-major for multiclass), or null. See {@link RowMeta}. */
  readonly initScore: Float64Array | null;
  /** Ranking data's query groups (LightGBM's `query_boundaries`), or null. See {@link RowMeta}. */
  readonly queryBoundaries: Uint32Array | null;

  constructor(features: readonly Column[], target: Target | null, source: DatasetSource = {}, meta: RowMeta = NO_ROW_META) {
    this.features = features;
    this.target = target;
    this.nRows = features.length > 0 ? features[0].values.length : (target?.classIndex?.length ?? target?.numeric?.length ?? meta.weights?.length ?? 0);
    this.source = source;
    this.weights = meta.weights;
    this.weightColumn = meta.weightColumn;
    this.initScore = meta.initScore;
    const queryBoundaries = meta.queryBoundaries;
    if (queryBoundaries !== null && (queryBoundaries[0] !== 0 || queryBoundaries[queryBoundaries.length - 1] !== this.nRows)) {
      throw new DataError(`the query boundaries (${queryBoundaries.length - 1} queries) do not cover the ${this.nRows} rows`);
    }
    this.queryBoundaries = queryBoundaries;
  }

  /** The weights, weight column, initial scores and query boundaries as one {@link RowMeta}. */
  get meta(): RowMeta {
    return { weights: this.weights, weightColumn: this.weightColumn, initScore: this.initScore, queryBoundaries: this.queryBoundaries };
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
    const { features, target, meta } = buildFromRecords(records, options);
    return new Dataset(features, target, { file: 'records' }, meta);
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
    const { features, target, meta } = buildFromColumns(columns, options);
    return new Dataset(features, target, { file: 'columns' }, meta);
  }

  /** The column called `name`, or undefined. */
  column(name: string): Column | undefined {
    return this.features.find((c) => c.name === name);
  }

  /**
   * This dataset with feature column `column` taken out and used as the row weights (what the
   * `weight_column` param does with a dataset whose weights are still a feature; LightGBM's
   * `name:` prefix is accepted). Returns this dataset when it already is its weight column. Throws a {@link DataError} when there is no
   * such feature, when the dataset already has other weights, or naming the first row whose value
   * is missing, negative or not a number.
   *
   * @example
   * ```ts
   * const data = Dataset.fromRecords([{ x: 1, w: 2, y: 'a' }, { x: 2, w: 0.5, y: 'b' }]).withWeightColumn('w');
   * data.featureNames; // ['x']
   * data.weights; // Float64Array [2, 0.5]
   * ```
   */
  withWeightColumn(column: string, context = 'weight_column'): Dataset {
    const name = column.startsWith('name:') ? column.slice('name:'.length) : column;
    const where = this.source.file !== undefined ? `${this.source.file}: ` : '';
    if (this.weightColumn === name) return this;
    if (this.weights !== null) {
      throw new DataError(`${context}: ${where}the data already has weights${this.weightColumn !== null ? ` (column '${this.weightColumn}')` : ''}; it cannot take them from column '${name}' too`, 'DATA_BAD_WEIGHT');
    }
    const col = this.column(name);
    if (col === undefined) {
      const hint = /^\d+$/.test(name) ? '; gbtune takes the weight column by name, not by index' : '';
      throw new DataError(`${context}: ${where}no column '${name}' to take the weights from${hint}; the columns are: ${this.featureNames.join(', ')}`, 'DATA_BAD_WEIGHT');
    }
    if (col.kind === 'categorical') {
      const example = col.categories?.[0] ?? '';
      throw new DataError(`${context}: ${where}column '${name}' holds text (e.g. '${example}'); weights must be finite numbers >= 0`, 'DATA_BAD_WEIGHT');
    }
    const values = col.values;
    for (let i = 0; i < values.length; i++) {
      const problem = weightProblem(values[i]);
      if (problem !== null) throw new DataError(`${context}: ${where}column '${name}', row ${i}: the weight ${problem}`, 'DATA_BAD_WEIGHT');
    }
    const features = this.features.filter((c) => c !== col);
    return new Dataset(features, this.target, this.source, { weights: values, weightColumn: name, initScore: this.initScore, queryBoundaries: this.queryBoundaries });
  }
}
