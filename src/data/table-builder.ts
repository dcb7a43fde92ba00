/**
 * Turns a header and rows of cells into a dataset's columns and target. The one place where
 * `readCsv`, `Dataset.fromRecords` and `Dataset.fromColumns` validate names, pick the target,
 * skip rows whose target is missing, and infer the target's task, so all three behave the same.
 */
import { CsvError, type CsvLocation } from '../core/errors.js';
import { log } from '../core/log.js';
import { ColumnBuilder, type CellProblem, type BuiltColumn, distinctSorted } from './column-builder.js';
import type { Column, Target } from './columns.js';
import { warnMemorizingColumns } from './column-warnings.js';

/** The missing-value tokens used when none are given. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'NaN', 'null', '?'];

/** Most distinct integers a numeric target may have to be read as classes. */
export const MAX_INTEGER_CLASSES = 50;

/** Options shared by every way of building a dataset. */
export interface TableOptions {
  /**
   * The target column's name; `false` for no target (data to predict). Default: the column named
   * `target`, else the last column.
   */
  target?: string | false;
  /** Columns to read as categorical even when all their values are numbers. Default none. */
  categorical?: readonly string[];
  /** Texts that mean "missing". Default `['', 'NA', 'NaN', 'null', '?']`. */
  missingTokens?: readonly string[];
  /** A row whose target is missing is an error (default false: skipped, with one warning). */
  strict?: boolean;
  /**
   * Columns to leave out (not read into features), e.g. an identifier; LightGBM's `ignore_column`.
   * The target cannot be one of them. Default none.
   */
  ignoreColumns?: readonly string[];
}

/** How rows are named in messages: lines of a file (header = line 1) or 0-based rows of a table. */
export interface RowNaming {
  /** The file path, or `'records'` / `'columns'`. */
  readonly file: string;
  readonly unit: 'line' | 'row';
}

/**
 * One row of a CSV file read straight from its bytes (`csv-bytes.ts`): the fields and, where a
 * field is a decimal number, its value, so that numeric cells never become strings.
 */
export interface ParsedRow {
  /** How many fields the row has. */
  readonly count: number;
  /** Whether field j is empty or one of the missing tokens. */
  isMissing(j: number): boolean;
  /** Field j as a number (as `parseDecimal` reads it), or NaN when it is not a decimal number. */
  number(j: number): number;
  /** Field j's text. */
  text(j: number): string;
  /** Field j's text when it is a number (cheaper than {@link ParsedRow.text}). */
  numberText(j: number): string;
  /** Whether a number may be a missing token (`-999`): then {@link ParsedRow.isMissing} is asked first. */
  readonly numericTokens: boolean;
}

/** The built parts of a dataset. */
export interface BuiltTable {
  readonly features: Column[];
  readonly target: Target | null;
}

/**
 * Validates a header and collects rows; {@link TableBuilder.finish} returns the columns.
 *
 * @example
 * ```ts
 * const t = new TableBuilder(['x', 'y'], { target: 'y' }, { file: 'records', unit: 'row' });
 * t.addRow(['1', 'a'], 0); t.addRow(['2', 'b'], 1);
 * t.finish(); // features: [x numeric], target: classes ['a', 'b']
 * ```
 */
export class TableBuilder {
  readonly names: readonly string[];
  private readonly naming: RowNaming;
  private readonly targetIndex: number;
  private readonly builders: ColumnBuilder[];
  private readonly forced: boolean[];
  private readonly ignored: boolean[];
  /** A column that is read (the target, or the first column not ignored): it counts the rows. */
  private readonly counter: number;
  private readonly strict: boolean;
  private skipped = 0;
  private firstSkipped = -1;

  constructor(names: readonly string[], options: TableOptions, naming: RowNaming) {
    const { target, categorical = [], missingTokens = DEFAULT_MISSING_TOKENS, strict = false, ignoreColumns = [] } = options;
    this.names = names;
    this.naming = naming;
    this.strict = strict;
    const headerAt = naming.unit === 'line' ? 1 : undefined;
    const firstAt = new Map<string, number>();
    for (let j = 0; j < names.length; j++) {
      const name = names[j];
      if (name.trim().length === 0) {
        throw new CsvError(`column ${j + 1} of ${names.length} has an empty name; every column needs a name`, this.loc(headerAt), 'CSV_EMPTY_NAME');
      }
      const prev = firstAt.get(name);
      if (prev !== undefined) {
        throw new CsvError(`columns ${prev + 1} and ${j + 1} are both named '${name}'; column names must be unique`, this.loc(headerAt, name), 'CSV_DUPLICATE_COLUMN');
      }
      firstAt.set(name, j);
    }
    if (target === false) this.targetIndex = -1;
    else if (target === undefined) this.targetIndex = firstAt.get('target') ?? names.length - 1;
    else {
      const t = firstAt.get(target);
      if (t === undefined) {
        throw new CsvError(`no target column '${target}'; the columns are: ${names.join(', ')}`, this.loc(headerAt), 'CSV_NO_TARGET');
      }
      this.targetIndex = t;
    }
    this.forced = names.map(() => false);
    for (const name of categorical) {
      const j = firstAt.get(name);
      if (j === undefined) {
        throw new CsvError(`'${name}' is listed as categorical but there is no such column; the columns are: ${names.join(', ')}`, this.loc(headerAt), 'CSV_NO_COLUMN');
      }
      this.forced[j] = true;
    }
    this.ignored = names.map(() => false);
    for (const name of ignoreColumns) {
      const j = firstAt.get(name);
      if (j === undefined) {
        throw new CsvError(`'${name}' is listed to be ignored but there is no such column; the columns are: ${names.join(', ')}`, this.loc(headerAt), 'CSV_NO_COLUMN');
      }
      if (j === this.targetIndex) throw new CsvError(`'${name}' is the target; it cannot be ignored`, this.loc(headerAt, name), 'CSV_BAD_OPTION');
      this.ignored[j] = true;
    }
    const counter = this.targetIndex >= 0 ? this.targetIndex : this.ignored.indexOf(false);
    if (counter < 0) throw new CsvError('every column is ignored; no data left', this.loc(headerAt), 'CSV_BAD_OPTION');
    this.counter = counter;
    const tokens = new Set(missingTokens);
    this.builders = names.map(() => new ColumnBuilder(tokens));
  }

  /** The target column's name, or null. */
  get targetName(): string | null {
    return this.targetIndex < 0 ? null : this.names[this.targetIndex];
  }

  /** Rows kept so far. */
  get rowCount(): number {
    return this.builders.length > 0 ? this.builders[this.counter].length : 0;
  }

  /** A location for messages: `at` is a line (files) or a row index (tables). */
  loc(at: number | undefined, column?: string): CsvLocation {
    if (at === undefined) return { file: this.naming.file, column };
    return this.naming.unit === 'line' ? { file: this.naming.file, line: at, column } : { file: this.naming.file, row: at, column };
  }

  /** Adds one row of cells (one per column, in header order); `at` names it in messages. */
  addRow(cells: ArrayLike<unknown>, at: number): void {
    const nCols = this.builders.length;
    if (cells.length !== nCols) {
      throw new CsvError(`expected ${nCols} fields (as in the header), got ${cells.length}`, this.loc(at), 'CSV_RAGGED_ROW');
    }
    const t = this.targetIndex;
    if (t >= 0 && this.builders[t].isMissing(cells[t])) {
      this.skipRow(cells[t], at);
      return;
    }
    for (let j = 0; j < nCols; j++) {
      if (this.ignored[j] === true) continue;
      const problem = this.builders[j].push(cells[j]);
      if (problem !== null) this.fail(problem, at, j);
    }
  }

  /**
   * Adds one row read from bytes, exactly as {@link TableBuilder.addRow} adds the same row's
   * texts: a number cell of a numeric column goes in as its value (its text is decoded only when
   * the column wants it), every other cell as its text.
   */
  addParsedRow(row: ParsedRow, at: number): void {
    const nCols = this.builders.length;
    if (row.count !== nCols) {
      throw new CsvError(`expected ${nCols} fields (as in the header), got ${row.count}`, this.loc(at), 'CSV_RAGGED_ROW');
    }
    const t = this.targetIndex;
    if (t >= 0 && row.isMissing(t)) {
      this.skipRow(row.text(t), at);
      return;
    }
    const builders = this.builders;
    const ignored = this.ignored;
    const checkTokens = row.numericTokens;
    for (let j = 0; j < nCols; j++) {
      if (ignored[j]) continue;
      const b = builders[j];
      const v = row.number(j);
      // most cells: a number in a numeric column (no token looks like a number)
      if (v === v && !checkTokens && b.isNumeric) {
        if (b.pushNumber(v)) b.noteText(v, row.numberText(j));
      } else if (row.isMissing(j)) b.pushMissing();
      else if (v === v && b.isNumeric) {
        if (b.pushNumber(v)) b.noteText(v, row.numberText(j));
      } else b.push(row.text(j));
    }
  }

  /** A row whose target is missing: an error under `strict`, else counted and left out. */
  private skipRow(targetCell: unknown, at: number): void {
    if (this.strict) {
      const t = this.targetIndex;
      throw new CsvError(`the target is missing (${describe(targetCell)}); with strict, every row needs a target`, this.loc(at, this.names[t]), 'CSV_MISSING_TARGET');
    }
    if (this.skipped === 0) this.firstSkipped = at;
    this.skipped++;
  }

  /** Makes room for `rows` rows in every column read (when the row count is known up front). */
  reserve(rows: number): void {
    for (let j = 0; j < this.builders.length; j++) if (this.ignored[j] !== true) this.builders[j].reserve(rows);
  }

  /**
   * Adds whole columns of equal length (one per header name), with the same checks as
   * {@link TableBuilder.addRow} (`at` = row index). A `Float64Array` feature column of finite
   * numbers and NaN is taken as is, without a copy, when no row is skipped and the column is not
   * forced categorical. Problems are found column by column, so with several the first reported
   * may differ from the row-by-row order.
   */
  addColumns(arrays: readonly ArrayLike<unknown>[]): void {
    const nCols = this.builders.length;
    const nRows = nCols > 0 ? arrays[0].length : 0;
    let keep: Uint8Array | null = null;
    let kept = nRows;
    const t = this.targetIndex;
    if (t >= 0) {
      const tb = this.builders[t];
      const col = arrays[t];
      for (let i = 0; i < nRows; i++) {
        if (!tb.isMissing(col[i])) continue;
        if (this.strict) {
          throw new CsvError(`the target is missing (${describe(col[i])}); with strict, every row needs a target`, this.loc(i, this.names[t]), 'CSV_MISSING_TARGET');
        }
        if (keep === null) keep = new Uint8Array(nRows).fill(1);
        keep[i] = 0;
        kept--;
        if (this.skipped === 0) this.firstSkipped = i;
        this.skipped++;
      }
    }
    for (let j = 0; j < nCols; j++) {
      if (this.ignored[j] === true) continue;
      const b = this.builders[j];
      const col = arrays[j];
      if (keep === null && col instanceof Float64Array && !this.forced[j] && b.adopt(col)) continue;
      b.reserve(kept);
      for (let i = 0; i < nRows; i++) {
        if (keep !== null && keep[i] === 0) continue;
        const problem = b.push(col[i]);
        if (problem !== null) this.fail(problem, i, j);
      }
    }
  }

  private fail(problem: CellProblem, at: number, j: number): never {
    const what = problem.kind === 'non-finite' ? `the number ${problem.value} is not finite` : `a value of type ${problem.type} is not a number, a string or missing`;
    throw new CsvError(`${what}; expected a finite number, a string, or null for missing`, this.loc(at, this.names[j]), 'CSV_BAD_VALUE');
  }

  /** The columns and target; warns once about skipped rows. Throws when no row is left. */
  finish(): BuiltTable {
    const { file, unit } = this.naming;
    const targetName = this.targetName;
    if (this.skipped > 0) {
      const noun = this.skipped === 1 ? 'row' : 'rows';
      log.warn(`${file}: skipped ${this.skipped} ${noun} whose target '${targetName}' is missing (first at ${unit} ${this.firstSkipped})`);
    }
    if (this.rowCount === 0) {
      if (this.skipped > 0) {
        throw new CsvError(`every row (${this.skipped}) has a missing target; no data left`, this.loc(undefined, targetName ?? undefined), 'CSV_NO_ROWS');
      }
      const msg = unit === 'line' ? 'has a header but no data rows' : 'has no rows';
      throw new CsvError(msg, this.loc(undefined), 'CSV_NO_ROWS');
    }
    const features: Column[] = [];
    let target: Target | null = null;
    for (let j = 0; j < this.builders.length; j++) {
      if (this.ignored[j] === true) continue;
      const name = this.names[j];
      const b = this.builders[j];
      if (j === this.targetIndex) {
        target = buildTarget(name, b.finish(false), this.forced[j], this.loc(undefined, name));
      } else {
        const col = b.finish(this.forced[j]);
        features.push(col.categories !== undefined ? { name, kind: col.kind, values: col.values, categories: col.categories } : { name, kind: col.kind, values: col.values });
      }
    }
    warnMemorizingColumns(file, features, new Set(this.names.filter((_, j) => this.forced[j] === true)));
    return { features, target };
  }
}

function describe(cell: unknown): string {
  return typeof cell === 'string' ? (cell.length === 0 ? 'empty' : `'${cell}'`) : String(cell);
}

/**
 * The target from its built column: texts → classes; numbers → classes when all are integers
 * with at most {@link MAX_INTEGER_CLASSES} distinct values (or `asClasses`), else regression.
 */
function buildTarget(name: string, col: BuiltColumn, asClasses: boolean, where: CsvLocation): Target {
  let numeric: Float64Array | null = null;
  let classes: string[] | null = null;
  let classIndex: Int32Array | null = null;
  const n = col.values.length;
  if (col.kind === 'categorical') {
    classes = col.categories as string[];
    classIndex = Int32Array.from(col.values);
  } else {
    numeric = col.values;
    let integers = true;
    for (let i = 0; i < n && integers; i++) integers = Number.isInteger(numeric[i]);
    const few = integers && countDistinctUpTo(numeric, MAX_INTEGER_CLASSES + 1) <= MAX_INTEGER_CLASSES;
    if (asClasses || few) {
      const distinct = distinctSorted(numeric);
      const index = new Map<number, number>();
      for (let k = 0; k < distinct.length; k++) index.set(distinct[k], k);
      classIndex = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = numeric[i];
        classIndex[i] = index.get(v === 0 ? 0 : v) as number;
      }
      classes = Array.from(distinct, (v) => String(v));
    }
  }
  if (classes !== null && classes.length < 2) {
    throw new CsvError(
      `the target has one class ('${classes[0]}') in all ${n} rows; classification needs at least two classes`,
      where,
      'CSV_ONE_CLASS',
    );
  }
  const inferredTask = classes === null ? 'regression' : classes.length === 2 ? 'binary' : 'multiclass';
  return { name, numeric, classes, classIndex, inferredTask };
}

function countDistinctUpTo(values: Float64Array, limit: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size < limit; i++) seen.add(values[i]);
  return seen.size;
}
