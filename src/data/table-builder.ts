/**
 * Turns a header and rows of cells into a dataset's columns and target. The one place where
 * `readCsv`, `Dataset.fromRecords` and `Dataset.fromColumns` validate names, pick the target,
 * skip rows whose target is missing, and infer the target's task, so all three behave the same.
 */
import { CsvError, type CsvLocation } from '../core/errors.js';
import { log } from '../core/log.js';
import { ColumnBuilder, type CellProblem, parseDecimal } from './column-builder.js';
import { buildTarget } from './target-column.js';
import type { ParsedRow } from './byte-row.js';
import type { Column, Target } from './columns.js';
import { warnMemorizingColumns } from './column-warnings.js';
import { isNumberArray, NO_ROW_META, weightProblem, type RowMeta } from './row-meta.js';
import { queriesFromIds } from './queries.js';

/** The missing-value tokens used when none are given. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NA', 'NaN', 'null', '?'];

export { MAX_INTEGER_CLASSES } from './target-column.js';

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
  /**
   * Row weights (LightGBM's `weight`): the name of a numeric column, which then is not a feature
   * (`--weight-column`), or one weight per input row (an array, in input order; the weights of
   * rows skipped for a missing target are dropped with them). Weights must be finite numbers
   * >= 0; a missing, negative or non-numeric weight is an error naming its column and row.
   * Default none (every row weighs 1).
   */
  weight?: string | ArrayLike<number>;
  /**
   * An initial raw score per input row (LightGBM's `init_score`), e.g. another model's output:
   * `nRows` numbers, or `nRows * numClass` class-major (`initScore[k * nRows + i]`) for multiclass.
   * Training starts from it instead of `boost_from_average`; the model does not contain it and
   * predictions do not add it (add it yourself, as with LightGBM). Default none.
   */
  initScore?: ArrayLike<number>;
  /**
   * Ranking data's query groups (LightGBM's `group` / `group_column`): the name of a column of
   * query ids (taken out of the features; the rows of a query must follow each other), or the
   * group sizes in row order (summing to the number of rows given, skipped rows included). A row
   * skipped for its missing target leaves its query. Default none.
   */
  group?: string | readonly number[];
}

/** How rows are named in messages: lines of a file (header = line 1) or 0-based rows of a table. */
export interface RowNaming {
  /** The file path, or `'records'` / `'columns'`. */
  readonly file: string;
  readonly unit: 'line' | 'row';
}

/** The built parts of a dataset. */
export interface BuiltTable {
  readonly features: Column[];
  readonly target: Target | null;
  /** Weights, initial scores and query boundaries (none unless the options give them). */
  readonly meta: RowMeta;
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
  /** The weight column's index, or -1. */
  private readonly weightIndex: number;
  /** Weights or initial scores given as arrays (one per input row), or null. */
  private readonly weightArray: ArrayLike<number> | null;
  private readonly initScoreArray: ArrayLike<number> | null;
  /** Input rows seen (kept or skipped), and the skipped ones' ordinals when arrays need them dropped. */
  private seen = 0;
  private readonly skippedOrdinals: number[] | null;

  /** The group column's index, or -1. */
  private readonly groupIndex: number;
  /** Group sizes given as the `group` option, or null. */
  private readonly groupSizes: readonly number[] | null;
  /** Per kept row: its query id (group column) or query number (group sizes); its `at`. */
  private readonly groupKeys: unknown[] = [];
  private readonly groupAt: number[] = [];
  private sizeQuery = 0;
  private sizeEnd = 0;

  constructor(names: readonly string[], options: TableOptions, naming: RowNaming) {
    const { target, categorical = [], missingTokens = DEFAULT_MISSING_TOKENS, strict = false, ignoreColumns = [], weight, initScore, group } = options;
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
    this.weightIndex = -1;
    this.weightArray = null;
    if (typeof weight === 'string') this.weightIndex = this.weightColumnIndex(weight, firstAt, headerAt);
    else if (weight !== undefined) {
      if (!isNumberArray(weight)) throw new CsvError(`weight must be a column name or an array of numbers, got ${typeof weight}`, this.loc(headerAt), 'CSV_BAD_OPTION');
      this.weightArray = weight;
    }
    this.initScoreArray = null;
    if (initScore !== undefined) {
      if (!isNumberArray(initScore)) throw new CsvError(`initScore must be an array of numbers, got ${typeof initScore}`, this.loc(headerAt), 'CSV_BAD_OPTION');
      this.initScoreArray = initScore;
    }
    this.skippedOrdinals = this.weightArray !== null || this.initScoreArray !== null ? [] : null;
    this.groupIndex = -1;
    this.groupSizes = null;
    if (typeof group === 'string') {
      const j = firstAt.get(group);
      if (j === undefined) {
        throw new CsvError(`no group column '${group}'; the columns are: ${names.join(', ')}`, this.loc(headerAt), 'CSV_NO_COLUMN');
      }
      if (j === this.targetIndex) throw new CsvError(`'${group}' is the target; it cannot be the group column too`, this.loc(headerAt, group), 'CSV_BAD_OPTION');
      if (j === this.weightIndex) throw new CsvError(`'${group}' is the weight column; it cannot be the group column too`, this.loc(headerAt, group), 'CSV_BAD_OPTION');
      if (this.ignored[j] === true) throw new CsvError(`'${group}' is both ignored and the group column; choose one`, this.loc(headerAt, group), 'CSV_BAD_OPTION');
      this.groupIndex = j;
      // read as query ids, not as a feature
      this.ignored[j] = true;
    } else if (group !== undefined) {
      if (!Array.isArray(group)) throw new CsvError(`the group option must be a column name or an array of group sizes, got ${typeof group}`, this.loc(undefined), 'CSV_BAD_OPTION');
      for (let q = 0; q < group.length; q++) {
        const size = group[q] as unknown;
        if (!(typeof size === 'number' && Number.isInteger(size) && size > 0)) {
          throw new CsvError(`group size ${q} is ${String(size)}; group sizes must be positive integers`, this.loc(undefined), 'CSV_BAD_OPTION');
        }
      }
      this.groupSizes = group;
    }
    const counter = this.targetIndex >= 0 ? this.targetIndex : this.ignored.findIndex((ig, j) => !ig && j !== this.weightIndex);
    if (counter < 0) throw new CsvError('every column is ignored; no data left', this.loc(headerAt), 'CSV_BAD_OPTION');
    this.counter = counter;
    const tokens = new Set(missingTokens);
    this.builders = names.map(() => new ColumnBuilder(tokens));
  }

  /** The index of weight column `name`, checked: it exists and is not the target, categorical or ignored. */
  private weightColumnIndex(name: string, firstAt: ReadonlyMap<string, number>, headerAt: number | undefined): number {
    const j = firstAt.get(name);
    if (j === undefined) {
      throw new CsvError(`no weight column '${name}'; the columns are: ${this.names.join(', ')}`, this.loc(headerAt), 'CSV_NO_COLUMN');
    }
    const clash = j === this.targetIndex ? 'the target' : this.forced[j] ? 'listed as categorical' : this.ignored[j] ? 'listed to be ignored' : null;
    if (clash !== null) throw new CsvError(`the weight column is ${clash}; a weight column holds numbers and is not a feature`, this.loc(headerAt, name), 'CSV_BAD_OPTION');
    return j;
  }

  /** A weight cell as a number, or a CsvError naming its column and row. */
  private weightOf(cell: unknown, at: number): number {
    let w: number;
    if (typeof cell === 'number') w = cell;
    else if (typeof cell === 'string' && !this.builders[this.weightIndex].isMissing(cell)) {
      w = parseDecimal(cell);
      if (Number.isNaN(w)) throw new CsvError(`the weight '${cell}' is not a number; weights must be finite numbers >= 0`, this.loc(at, this.names[this.weightIndex]), 'CSV_BAD_WEIGHT');
    } else if (cell === null || cell === undefined || typeof cell === 'string') w = NaN;
    else throw new CsvError(`the weight is a ${typeof cell}; weights must be finite numbers >= 0`, this.loc(at, this.names[this.weightIndex]), 'CSV_BAD_WEIGHT');
    const problem = weightProblem(w);
    if (problem !== null) throw new CsvError(`the weight ${problem}`, this.loc(at, this.names[this.weightIndex]), 'CSV_BAD_WEIGHT');
    return w;
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
    const ordinal = this.seen++;
    const key = this.groupIndex >= 0 || this.groupSizes !== null ? this.groupKey(this.groupIndex >= 0 ? cells[this.groupIndex] : undefined, at, ordinal) : undefined;
    const t = this.targetIndex;
    if (t >= 0 && this.builders[t].isMissing(cells[t])) {
      this.skipRow(cells[t], at, ordinal);
      return;
    }
    for (let j = 0; j < nCols; j++) {
      if (this.ignored[j] === true) continue;
      if (j === this.weightIndex) {
        this.builders[j].push(this.weightOf(cells[j], at));
        continue;
      }
      const problem = this.builders[j].push(cells[j]);
      if (problem !== null) this.fail(problem, at, j);
    }
    if (key !== undefined) {
      this.groupKeys.push(key);
      this.groupAt.push(at);
    }
  }

  /**
   * The query key of input row `row` (0-based, skipped rows included): its group column cell
   * (text or number; a missing one is an error), or its query number under the group sizes.
   */
  private groupKey(cell: unknown, at: number, row: number): unknown {
    if (this.groupSizes !== null) {
      while (row >= this.sizeEnd && this.sizeQuery < this.groupSizes.length) this.sizeEnd += this.groupSizes[this.sizeQuery++] as number;
      if (row >= this.sizeEnd) throw new CsvError(`the group sizes sum to ${this.sizeEnd} rows, but there are more rows`, this.loc(at), 'CSV_BAD_OPTION');
      return this.sizeQuery - 1;
    }
    const name = this.names[this.groupIndex];
    if (this.builders[this.groupIndex].isMissing(cell)) {
      throw new CsvError(`the query id is missing (${describe(cell)}); every row needs its query id in the group column`, this.loc(at, name), 'CSV_BAD_VALUE');
    }
    return typeof cell === 'string' ? cell.trim() : cell;
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
    const ordinal = this.seen++;
    const g = this.groupIndex;
    const key = g >= 0 || this.groupSizes !== null ? this.groupKey(g >= 0 ? row.text(g) : undefined, at, ordinal) : undefined;
    const t = this.targetIndex;
    if (t >= 0 && row.isMissing(t)) {
      this.skipRow(row.text(t), at, ordinal);
      return;
    }
    const builders = this.builders;
    const ignored = this.ignored;
    const checkTokens = row.numericTokens;
    const numbers = row.numbers;
    const base = row.base;
    for (let j = 0; j < nCols; j++) {
      if (ignored[j]) continue;
      const b = builders[j];
      const v = numbers[base + j];
      if (j === this.weightIndex) b.push(this.weightOf(v === v && !checkTokens ? v : row.text(j), at));
      // most cells: a number in a numeric column (no token looks like a number)
      else if (v === v && !checkTokens && b.isNumeric) {
        if (b.pushNumberAt(numbers, base + j)) b.noteText(v, row.numberText(j));
      } else if (row.isMissing(j)) b.pushMissing();
      else if (v === v && b.isNumeric) {
        if (b.pushNumberAt(numbers, base + j)) b.noteText(v, row.numberText(j));
      } else b.push(row.text(j));
    }
    if (key !== undefined) {
      this.groupKeys.push(key);
      this.groupAt.push(at);
    }
  }

  /** A row whose target is missing (input row `ordinal`): an error under `strict`, else counted and left out. */
  private skipRow(targetCell: unknown, at: number, ordinal: number): void {
    if (this.strict) {
      const t = this.targetIndex;
      throw new CsvError(`the target is missing (${describe(targetCell)}); with strict, every row needs a target`, this.loc(at, this.names[t]), 'CSV_MISSING_TARGET');
    }
    if (this.skipped === 0) this.firstSkipped = at;
    this.skipped++;
    this.skippedOrdinals?.push(ordinal);
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
    if (this.groupIndex >= 0 || this.groupSizes !== null) {
      const gcol = this.groupIndex >= 0 ? arrays[this.groupIndex] : null;
      for (let i = 0; i < nRows; i++) {
        const key = this.groupKey(gcol === null ? undefined : gcol[i], i, this.seen + i);
        if (this.targetIndex >= 0 && this.builders[this.targetIndex].isMissing(arrays[this.targetIndex][i])) continue;
        this.groupKeys.push(key);
        this.groupAt.push(i);
      }
    }
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
        this.skippedOrdinals?.push(this.seen + i);
      }
    }
    this.seen += nRows;
    for (let j = 0; j < nCols; j++) {
      if (this.ignored[j] === true) continue;
      const b = this.builders[j];
      const col = arrays[j];
      if (j === this.weightIndex) {
        b.reserve(kept);
        for (let i = 0; i < nRows; i++) if (keep === null || keep[i] === 1) b.push(this.weightOf(col[i], i));
        continue;
      }
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
    let weights: Float64Array | null = null;
    for (let j = 0; j < this.builders.length; j++) {
      if (this.ignored[j] === true) continue;
      const name = this.names[j];
      const b = this.builders[j];
      if (j === this.weightIndex) {
        weights = b.finish(false).values;
      } else if (j === this.targetIndex) {
        target = buildTarget(name, b.finish(false), this.forced[j], this.loc(undefined, name));
      } else {
        const col = b.finish(this.forced[j]);
        features.push(col.categories !== undefined ? { name, kind: col.kind, values: col.values, categories: col.categories } : { name, kind: col.kind, values: col.values });
      }
    }
    warnMemorizingColumns(file, features, new Set(this.names.filter((_, j) => this.forced[j] === true)));
    if (this.weightArray !== null) weights = this.keptWeights(this.weightArray);
    const initScore = this.initScoreArray === null ? null : this.keptInitScores(this.initScoreArray);
    const queryBoundaries = this.queryBoundaries();
    const meta: RowMeta =
      weights === null && initScore === null && queryBoundaries === null
        ? NO_ROW_META
        : { weights, weightColumn: this.weightIndex >= 0 ? this.names[this.weightIndex] : null, initScore, queryBoundaries };
    return { features, target, meta };
  }

  /** Rows of an array given per input row (`perRow` blocks of `seen` values) without the skipped rows. */
  private keptRows(values: ArrayLike<number>, blocks: number): Float64Array {
    const n = this.seen;
    const kept = n - this.skipped;
    const out = new Float64Array(kept * blocks);
    const skipped = this.skippedOrdinals ?? [];
    for (let k = 0; k < blocks; k++) {
      let s = 0;
      let o = k * kept;
      for (let i = 0; i < n; i++) {
        if (s < skipped.length && skipped[s] === i) {
          s++;
          continue;
        }
        out[o++] = values[k * n + i];
      }
    }
    return out;
  }

  /** The weight array checked (length, values) and without the skipped rows. */
  private keptWeights(values: ArrayLike<number>): Float64Array {
    const { file, unit } = this.naming;
    if (values.length !== this.seen) {
      throw new CsvError(`weight has ${values.length} values; expected one per input row (${this.seen})`, { file }, 'CSV_BAD_WEIGHT');
    }
    for (let i = 0; i < values.length; i++) {
      const problem = weightProblem(values[i]);
      if (problem !== null) throw new CsvError(`weight[${i}] (the weight of input ${unit === 'line' ? 'data row' : 'row'} ${i}, 0-based) ${problem}`, { file }, 'CSV_BAD_WEIGHT');
    }
    return this.keptRows(values, 1);
  }

  /** The init-score array checked (a whole number of blocks of one per input row, finite) and without the skipped rows. */
  private keptInitScores(values: ArrayLike<number>): Float64Array {
    const { file } = this.naming;
    const n = this.seen;
    if (values.length === 0 || values.length % n !== 0) {
      throw new CsvError(`initScore has ${values.length} values; expected one per input row (${n}), or numClass * ${n} class-major for multiclass`, { file }, 'CSV_BAD_INIT_SCORE');
    }
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new CsvError(`initScore[${i}] (row ${i % n}, block ${Math.floor(i / n)}) is ${String(v)}; initial scores must be finite numbers`, { file }, 'CSV_BAD_INIT_SCORE');
      }
    }
    return this.keptRows(values, values.length / n);
  }

  /** The query boundaries of the kept rows, or null without the group option. */
  private queryBoundaries(): Uint32Array | null {
    if (this.groupSizes !== null) {
      const total = this.groupSizes.reduce((a, b) => a + b, 0);
      if (total !== this.seen) {
        throw new CsvError(`the group sizes sum to ${total} rows, but there are ${this.seen}`, this.loc(undefined), 'CSV_BAD_OPTION');
      }
    } else if (this.groupIndex < 0) return null;
    const column = this.groupIndex >= 0 ? this.names[this.groupIndex] : 'group';
    const where = (i: number): string => `${this.naming.unit} ${this.groupAt[i]}`;
    return queriesFromIds(this.groupKeys, where, column);
  }
}

function describe(cell: unknown): string {
  return typeof cell === 'string' ? (cell.length === 0 ? 'empty' : `'${cell}'`) : String(cell);
}
