/**
 * One column built cell by cell, with gbtune's type inference. `readCsv`, `Dataset.fromRecords`
 * and `Dataset.fromColumns` all feed their cells through a {@link ColumnBuilder}, so the three
 * infer the same types and codes for the same table.
 *
 * Inference (as pandas' `read_csv` does it): a column is numeric while every non-missing value
 * parses as a finite decimal number; the first value that does not turns it categorical. A
 * categorical column's codes index its distinct values sorted as pandas sorts categories:
 * numerically when all are numbers (only possible for a column forced categorical), else in plain
 * string order (UTF-16 code units, which equals Python's order outside the astral planes).
 */
import { parseDecimal } from './decimal.js';

export { parseDecimal } from './decimal.js';

/** Up to this many distinct numbers a numeric column remembers how they were written. */
const TEXT_CAP = 1024;
/** Slots of {@link ColumnBuilder}'s cache of numbers whose text is known (a power of two), and its hash's multiplier. */
const RECENT_SLOTS = 16;
const RECENT_HASH = 1021.5;
/** Values are stored in blocks (no copy on growth); block sizes double from 1024 up to this. */
const MAX_BLOCK = 65536;

/** What a cell held when it could not be used (reported by the caller with its location). */
export type CellProblem = { readonly kind: 'non-finite'; readonly value: number } | { readonly kind: 'bad-type'; readonly type: string };

/** A finished column: numbers, or category codes with their texts. */
export interface BuiltColumn {
  readonly kind: 'numeric' | 'categorical';
  readonly values: Float64Array;
  readonly categories?: string[];
}

const EMPTY = new Float64Array(0);
/** {@link ColumnBuilder.pushNumber}'s number, for pushNumberAt. */
const NUMBER = new Float64Array(1);

/**
 * Builds one column from cells pushed in row order. A cell is a string (CSV text or a string in
 * a record), a number, a boolean (kept as its text), or null/undefined (missing). Strings equal to
 * a missing token and NaN numbers are missing.
 *
 * Memory: values go into a list of blocks (1024 values, doubling up to 65536), so growing never
 * copies and the slack is at most one block; {@link ColumnBuilder.finish} copies the blocks into
 * one exact-length array, except when one block holds them all with little slack (after a good
 * `reserve`): then the column is a view of that block (its buffer may be up to 1/16 longer).
 *
 * A numeric column that turns categorical names its earlier numbers by the text they were first
 * written with (`'05'` stays `'05'`), for up to 1024 distinct numbers; beyond that, or when one
 * number was written two ways (`'1'`, `'1.0'`), by that first text or `String(number)`.
 *
 * @example
 * ```ts
 * const b = new ColumnBuilder(new Set(['', 'NA']));
 * b.push('1.5'); b.push('NA'); b.push('2');
 * b.finish(false); // { kind: 'numeric', values: Float64Array [1.5, NaN, 2] }
 * ```
 */
export class ColumnBuilder {
  private readonly missing: ReadonlySet<string>;
  /** Numbers (numeric mode) or first-seen category ids (categorical mode); NaN = missing. */
  private blocks: Float64Array[] = [];
  private cur: Float64Array = EMPTY;
  private pos = 0;
  private n = 0;
  private nextBlock = 1024;
  private numeric = true;
  /** Numeric mode: number → the text it was first written with, while at most TEXT_CAP. */
  private texts: Map<number, string> | null = new Map();
  /** Numbers known to be in `texts`, by a hash of their value (NaN: empty slot). */
  private readonly recent = new Float64Array(RECENT_SLOTS).fill(NaN);
  /** Categorical mode: text → first-seen id, and the texts in id order. */
  private catIds = new Map<string, number>();
  private catTexts: string[] = [];

  /** Which ASCII first characters some missing token has (skips the Set lookup for most cells). */
  private readonly tokenFirst = new Uint8Array(128);
  private tokenNonAscii = false;

  constructor(missingTokens: ReadonlySet<string>) {
    this.missing = missingTokens;
    for (const t of missingTokens) {
      if (t.length === 0) continue;
      const c = t.charCodeAt(0);
      if (c < 128) this.tokenFirst[c] = 1;
      else this.tokenNonAscii = true;
    }
  }

  private isMissingText(text: string): boolean {
    if (text.length === 0) return true;
    const c = text.charCodeAt(0);
    if (c < 128 ? this.tokenFirst[c] === 0 : !this.tokenNonAscii) return false;
    return this.missing.has(text);
  }

  /** Rows pushed so far. */
  get length(): number {
    return this.n;
  }

  /** Makes room for `rows` more rows in one block (call before pushing when the count is known). */
  reserve(rows: number): void {
    if (rows <= 0 || this.cur.length - this.pos >= rows) return;
    if (this.blocks.length <= 1) {
      // one block for everything: move the few rows so far into it
      const block = new Float64Array(this.n + rows);
      block.set(this.cur.subarray(0, this.pos));
      this.blocks = [block];
      this.cur = block;
      return;
    }
    this.nextBlock = rows - (this.cur.length - this.pos);
  }

  /**
   * Takes `values` as this (empty) column's numbers without copying, when all are finite or NaN.
   * Returns false (and takes nothing) otherwise.
   */
  adopt(values: Float64Array): boolean {
    if (this.n !== 0) return false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === Infinity || v === -Infinity) return false;
    }
    this.blocks = [values];
    this.cur = values;
    this.pos = values.length;
    this.n = values.length;
    this.texts = null;
    return true;
  }

  /** Whether a cell counts as missing under this builder's tokens. */
  isMissing(cell: unknown): boolean {
    if (cell === null || cell === undefined) return true;
    if (typeof cell === 'string') return this.isMissingText(cell);
    if (typeof cell === 'number') return Number.isNaN(cell);
    return false;
  }

  /**
   * Appends one cell. Returns null, or the problem with the cell (a non-finite number, an
   * object) for the caller to report with its location; nothing is appended then.
   */
  push(cell: unknown): CellProblem | null {
    if (cell === null || cell === undefined) {
      this.append(NaN);
      return null;
    }
    switch (typeof cell) {
      case 'string':
        this.pushText(cell);
        return null;
      case 'number':
        if (Number.isNaN(cell)) this.append(NaN);
        else if (!Number.isFinite(cell)) return { kind: 'non-finite', value: cell };
        else if (this.numeric) this.append(cell);
        else this.pushCategory(String(cell));
        return null;
      case 'bigint':
        return this.push(Number(cell));
      case 'boolean':
        this.pushText(String(cell));
        return null;
      default:
        return { kind: 'bad-type', type: cell instanceof Date ? 'Date' : typeof cell };
    }
  }

  private append(v: number): void {
    if (this.pos === this.cur.length) {
      this.cur = new Float64Array(this.nextBlock);
      this.blocks.push(this.cur);
      this.pos = 0;
      this.nextBlock = Math.min(Math.max(this.nextBlock * 2, 1024), MAX_BLOCK);
    }
    this.cur[this.pos++] = v;
    this.n++;
  }

  private pushText(text: string): void {
    if (this.isMissingText(text)) {
      this.append(NaN);
      return;
    }
    if (this.numeric) {
      const v = parseDecimal(text);
      if (!Number.isNaN(v)) {
        if (this.pushNumber(v)) this.noteText(v, text);
        return;
      }
      this.toCategorical();
    }
    this.pushCategory(text);
  }

  /** Whether every value so far was a number or missing (a reader of raw bytes parses such a column's cells itself). */
  get isNumeric(): boolean {
    return this.numeric;
  }

  /**
   * Appends a missing value (for a reader that matched the missing tokens itself).
   */
  pushMissing(): void {
    this.append(NaN);
  }

  /**
   * Appends the finite number a cell of a numeric column was read as (by {@link parseDecimal} or
   * the byte reader). Returns true when the column wants the cell's text too: then call
   * {@link ColumnBuilder.noteText} (the text is needed only for the first 1024 distinct numbers,
   * so a reader of bytes decodes it only then).
   */
  pushNumber(v: number): boolean {
    NUMBER[0] = v;
    return this.pushNumberAt(NUMBER, 0);
  }

  /**
   * {@link ColumnBuilder.pushNumber} of `values[i]`: for a reader's hot loop (a double passed to a
   * function that is not inlined is a heap object; an array and an index are not).
   */
  pushNumberAt(values: Float64Array, i: number): boolean {
    const v = values[i];
    this.append(v);
    const texts = this.texts;
    if (texts === null) return false;
    // a column with few distinct numbers asks about the same ones in row after row: a small
    // direct-mapped cache of numbers already in `texts` skips most Map lookups (-0 and 0 share a
    // slot and are equal, as they are one Map key)
    const slot = (v * RECENT_HASH) & (RECENT_SLOTS - 1);
    if (this.recent[slot] === v) return false;
    if (!texts.has(v)) return true;
    this.recent[slot] = v;
    return false;
  }

  /** Remembers how the number `v` just pushed was written (see {@link ColumnBuilder.pushNumber}). */
  noteText(v: number, text: string): void {
    const texts = this.texts;
    if (texts === null) return;
    if (texts.size < TEXT_CAP) {
      texts.set(v, text);
      this.recent[(v * RECENT_HASH) & (RECENT_SLOTS - 1)] = v;
    } else this.texts = null; // too many: later fall back to String(number)
  }

  private categoryId(text: string): number {
    let id = this.catIds.get(text);
    if (id === undefined) {
      id = this.catTexts.length;
      this.catIds.set(text, id);
      this.catTexts.push(text);
    }
    return id;
  }

  private pushCategory(text: string): void {
    this.append(this.categoryId(text));
  }

  /** Switches to categorical: the numbers so far become categories named as they were written. */
  private toCategorical(): void {
    this.numeric = false;
    const texts = this.texts;
    const ids = new Map<number, number>();
    for (const block of this.blocks) {
      const used = block === this.cur ? this.pos : block.length;
      for (let i = 0; i < used; i++) {
        const v = block[i];
        if (Number.isNaN(v)) continue;
        let id = ids.get(v);
        if (id === undefined) {
          id = this.categoryId(texts?.get(v) ?? String(v));
          ids.set(v, id);
        }
        block[i] = id;
      }
    }
    this.texts = null;
  }

  /** All values in one exact-length array; the builder is emptied. */
  private take(): Float64Array {
    const n = this.n;
    let values: Float64Array;
    if (this.blocks.length === 1 && this.cur.length - n <= Math.max(1024, n >>> 4)) {
      // one block with little slack (e.g. sized by `reserve`): keep it, no copy
      values = this.cur.length === n ? this.cur : this.cur.subarray(0, n);
    } else {
      values = new Float64Array(n);
      let at = 0;
      for (const block of this.blocks) {
        const used = block === this.cur ? this.pos : block.length;
        values.set(used === block.length ? block : block.subarray(0, used), at);
        at += used;
      }
    }
    this.blocks = [];
    this.cur = EMPTY;
    this.pos = 0;
    this.n = 0;
    this.texts = null;
    return values;
  }

  /**
   * The finished column. `forceCategorical` turns a numeric column into categories: its distinct
   * numbers sorted numerically, each named by its shortest text (`String(number)`).
   */
  finish(forceCategorical: boolean): BuiltColumn {
    const values = this.take();
    const n = values.length;
    if (this.numeric && !forceCategorical) return { kind: 'numeric', values };
    if (this.numeric) {
      const distinct = distinctSorted(values);
      const index = new Map<number, number>();
      for (let k = 0; k < distinct.length; k++) index.set(distinct[k], k);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!Number.isNaN(v)) values[i] = index.get(v) as number;
      }
      return { kind: 'categorical', values, categories: Array.from(distinct, (v) => String(v)) };
    }
    const texts = this.catTexts;
    const order = texts.map((_, k) => k).sort((a, b) => compareText(texts[a], texts[b]));
    const remap = new Float64Array(texts.length);
    for (let k = 0; k < order.length; k++) remap[order[k]] = k;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (!Number.isNaN(v)) values[i] = remap[v];
    }
    return { kind: 'categorical', values, categories: order.map((k) => texts[k]) };
  }
}

/**
 * Plain string order (UTF-16 code units), as `sorted()` orders ASCII/BMP strings in Python.
 *
 * @example
 * ```ts
 * ['b', 'B', 'a'].sort(compareText); // ['B', 'a', 'b']
 * ```
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The distinct non-NaN values of `values`, ascending (-0 counted as 0).
 *
 * @example
 * ```ts
 * distinctSorted(Float64Array.from([3, NaN, 1, 3])); // Float64Array [1, 3]
 * ```
 */
export function distinctSorted(values: Float64Array): Float64Array {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isNaN(v)) seen.add(v === 0 ? 0 : v);
  }
  return Float64Array.from(seen).sort();
}
