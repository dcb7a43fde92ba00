/**
 * Tables already in memory (an array of records, or named columns) fed through the same
 * {@link TableBuilder} as `readCsv`, so they get the same inference and the same errors, with
 * `row N` (0-based index) where a file would say `line N`.
 */
import { CsvError } from '../core/errors.js';
import { TableBuilder, type BuiltTable, type TableOptions } from './table-builder.js';

/** One column of {@link buildFromColumns}' input, e.g. `new Float64Array([1, 2])` or `['a', null, 'b']`. */
export type ColumnInput = Float64Array | Float32Array | Int32Array | readonly number[] | readonly string[] | readonly (string | number | null | undefined)[];

/**
 * Builds a table from records: the columns are the first record's keys, in their order; a later
 * record missing a key has a missing value there; a key the first record lacks is an error.
 *
 * @example
 * ```ts
 * const { features, target } = buildFromRecords([{ x: 1, y: 'a' }, { x: 2, y: 'b' }], {});
 * ```
 */
export function buildFromRecords(records: readonly Record<string, unknown>[], options: TableOptions): BuiltTable {
  const file = 'records';
  if (!Array.isArray(records)) throw new CsvError(`expected an array of records, got ${typeof records}`, { file }, 'CSV_BAD_INPUT');
  if (records.length === 0) throw new CsvError('there are no records; expected at least one object with the column names as keys', { file }, 'CSV_EMPTY');
  const first = records[0];
  if (!isRecord(first)) throw new CsvError(`expected an object, got ${describeType(first)}`, { file, row: 0 }, 'CSV_BAD_INPUT');
  const names = Object.keys(first);
  if (names.length === 0) throw new CsvError('the first record has no keys; expected the column names as keys', { file, row: 0 }, 'CSV_EMPTY');
  const table = new TableBuilder(names, options, { file, unit: 'row' });
  table.reserve(records.length);
  const known = new Set(names);
  const nCols = names.length;
  const cells: unknown[] = new Array(nCols);
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (!isRecord(rec)) throw new CsvError(`expected an object, got ${describeType(rec)}`, { file, row: i }, 'CSV_BAD_INPUT');
    for (const key in rec) {
      if (!Object.prototype.hasOwnProperty.call(rec, key)) continue;
      if (!known.has(key)) {
        throw new CsvError(`the key '${key}' is not among the first record's keys (${names.join(', ')})`, { file, row: i, column: key }, 'CSV_RAGGED_ROW');
      }
    }
    for (let j = 0; j < nCols; j++) cells[j] = rec[names[j]];
    table.addRow(cells, i);
  }
  return table.finish();
}

/**
 * Builds a table from named columns of equal length (typed arrays, numbers, strings, or strings
 * and numbers with null for missing). A `Float64Array` column of finite numbers and NaN becomes
 * the dataset's column as is (no copy, so no doubled memory): do not modify it afterwards.
 *
 * @example
 * ```ts
 * const { features, target } = buildFromColumns({ x: new Float64Array([1, 2]), y: ['a', 'b'] }, {});
 * ```
 */
export function buildFromColumns(columns: Readonly<Record<string, ColumnInput>>, options: TableOptions): BuiltTable {
  const file = 'columns';
  if (columns === null || typeof columns !== 'object') throw new CsvError(`expected an object of named columns, got ${describeType(columns)}`, { file }, 'CSV_BAD_INPUT');
  const names = Object.keys(columns);
  if (names.length === 0) throw new CsvError('there are no columns; expected an object of named columns', { file }, 'CSV_EMPTY');
  const arrays: ArrayLike<unknown>[] = [];
  for (const name of names) {
    const col = columns[name] as unknown;
    if (!(Array.isArray(col) || ArrayBuffer.isView(col))) {
      throw new CsvError(`expected an array or typed array, got ${describeType(col)}`, { file, column: name }, 'CSV_BAD_INPUT');
    }
    arrays.push(col as unknown as ArrayLike<unknown>);
  }
  const nRows = arrays[0].length;
  for (let j = 1; j < names.length; j++) {
    const len = arrays[j].length;
    if (len !== nRows) {
      throw new CsvError(`has ${len} values; expected ${nRows}, as column '${names[0]}' has`, { file, column: names[j] }, 'CSV_RAGGED_COLUMN');
    }
  }
  const table = new TableBuilder(names, options, { file, unit: 'row' });
  table.addColumns(arrays);
  return table.finish();
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function describeType(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x;
}
