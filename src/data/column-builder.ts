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

/** Up to this many distinct texts a numeric column remembers how its numbers were written. */
const DICT_CAP = 1024;
const NO_CODE = 0xffff;

// A decimal number as pandas' C parser reads it: optional sign, digits with an optional point,
// optional exponent, surrounding blanks allowed. Hex, `Infinity`, `1_000` are not numbers.
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * `text` as a finite number, or NaN when it is not a decimal number (or overflows to infinity).
 *
 * @example
 * ```ts
 * parseDecimal('3.0'); // 3
 * parseDecimal('0x10'); // NaN
 * ```
 */
export function parseDecimal(text: string): number {
  if (!DECIMAL.test(text)) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN;
}

/** What a cell held when it could not be used (reported by the caller with its location). */
export type CellProblem = { readonly kind: 'non-finite'; readonly value: number } | { readonly kind: 'bad-type'; readonly type: string };

/** A finished column: numbers, or category codes with their texts. */
export interface BuiltColumn {
  readonly kind: 'numeric' | 'categorical';
  readonly values: Float64Array;
  readonly categories?: string[];
}

/** Grows a Float64Array by doubling; `length` is the used part. */
function grow(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  let cap = a.length > 0 ? a.length : 16;
  while (cap < need) cap *= 2;
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

/**
 * Builds one column from cells pushed in row order. A cell is a string (CSV text or a string in
 * a record), a number, a boolean (kept as its text), or null/undefined (missing). Strings equal to
 * a missing token and NaN numbers are missing.
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
  private values: Float64Array = new Float64Array(0);
  private n = 0;
  private numeric = true;
  /** Numeric mode: text → id of each distinct written form, while at most DICT_CAP. */
  private dict: Map<string, number> | null = new Map();
  private dictCodes: Uint16Array | null = new Uint16Array(0);
  /** Categorical mode: text → first-seen id, and the texts in id order. */
  private catIds = new Map<string, number>();
  private catTexts: string[] = [];

  constructor(missingTokens: ReadonlySet<string>) {
    this.missing = missingTokens;
  }

  /** Rows pushed so far. */
  get length(): number {
    return this.n;
  }

  /** Whether every value so far is a number (or missing). */
  get isNumeric(): boolean {
    return this.numeric;
  }

  /** Whether a cell counts as missing under this builder's tokens. */
  isMissing(cell: unknown): boolean {
    if (cell === null || cell === undefined) return true;
    if (typeof cell === 'string') return cell.length === 0 || this.missing.has(cell);
    if (typeof cell === 'number') return Number.isNaN(cell);
    return false;
  }

  /**
   * Appends one cell. Returns null, or the problem with the cell (a non-finite number, an
   * object) for the caller to report with its location; nothing is appended then.
   */
  push(cell: unknown): CellProblem | null {
    if (cell === null || cell === undefined) {
      this.pushNumber(NaN, null);
      return null;
    }
    switch (typeof cell) {
      case 'string':
        this.pushText(cell);
        return null;
      case 'number':
        if (Number.isNaN(cell)) this.pushNumber(NaN, null);
        else if (!Number.isFinite(cell)) return { kind: 'non-finite', value: cell };
        else if (this.numeric) this.pushNumber(cell, null);
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

  private pushText(text: string): void {
    if (text.length === 0 || this.missing.has(text)) {
      this.pushNumber(NaN, null);
      return;
    }
    if (this.numeric) {
      const v = parseDecimal(text);
      if (!Number.isNaN(v)) {
        this.pushNumber(v, text);
        return;
      }
      this.toCategorical();
    }
    this.pushCategory(text);
  }

  private pushNumber(v: number, text: string | null): void {
    const i = this.n;
    if (i >= this.values.length) this.values = grow(this.values, i + 1);
    this.values[i] = v;
    this.n = i + 1;
    if (!this.numeric || this.dict === null) return;
    let codes = this.dictCodes as Uint16Array;
    if (i >= codes.length) {
      const c = new Uint16Array(this.values.length);
      c.set(codes);
      codes = c;
      this.dictCodes = c;
    }
    if (Number.isNaN(v)) {
      codes[i] = NO_CODE;
      return;
    }
    const key = text ?? String(v);
    let id = this.dict.get(key);
    if (id === undefined) {
      if (this.dict.size >= DICT_CAP) {
        // too many written forms: forget them (a later switch to categorical uses String(number))
        this.dict = null;
        this.dictCodes = null;
        return;
      }
      id = this.dict.size;
      this.dict.set(key, id);
    }
    codes[i] = id;
  }

  private pushCategory(text: string): void {
    let id = this.catIds.get(text);
    if (id === undefined) {
      id = this.catTexts.length;
      this.catIds.set(text, id);
      this.catTexts.push(text);
    }
    const i = this.n;
    if (i >= this.values.length) this.values = grow(this.values, i + 1);
    this.values[i] = id;
    this.n = i + 1;
  }

  /** Switches to categorical: the numbers so far become categories named as they were written. */
  private toCategorical(): void {
    this.numeric = false;
    const values = this.values;
    const n = this.n;
    if (this.dict !== null) {
      const codes = this.dictCodes as Uint16Array;
      for (const text of this.dict.keys()) {
        this.catIds.set(text, this.catTexts.length);
        this.catTexts.push(text);
      }
      for (let i = 0; i < n; i++) if (!Number.isNaN(values[i] as number)) values[i] = codes[i] as number;
    } else {
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        if (Number.isNaN(v)) continue;
        const text = String(v);
        let id = this.catIds.get(text);
        if (id === undefined) {
          id = this.catTexts.length;
          this.catIds.set(text, id);
          this.catTexts.push(text);
        }
        values[i] = id;
      }
    }
    this.dict = null;
    this.dictCodes = null;
  }

  /**
   * The finished column. `forceCategorical` turns a numeric column into categories: its distinct
   * numbers sorted numerically, each named by its shortest text (`String(number)`).
   */
  finish(forceCategorical: boolean): BuiltColumn {
    const n = this.n;
    const values = this.values.length === n ? this.values : this.values.slice(0, n);
    this.values = new Float64Array(0);
    this.dict = null;
    this.dictCodes = null;
    if (this.numeric && !forceCategorical) return { kind: 'numeric', values };
    if (this.numeric) {
      const distinct = distinctSorted(values);
      const index = new Map<number, number>();
      for (let k = 0; k < distinct.length; k++) index.set(distinct[k] as number, k);
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        if (!Number.isNaN(v)) values[i] = index.get(v === 0 ? 0 : v) as number;
      }
      return { kind: 'categorical', values, categories: Array.from(distinct, (v) => String(v)) };
    }
    const texts = this.catTexts;
    const order = texts.map((_, k) => k).sort((a, b) => compareText(texts[a] as string, texts[b] as string));
    const remap = new Float64Array(texts.length);
    for (let k = 0; k < order.length; k++) remap[order[k] as number] = k;
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (!Number.isNaN(v)) values[i] = remap[v] as number;
    }
    return { kind: 'categorical', values, categories: order.map((k) => texts[k] as string) };
  }
}

/** Plain string order (UTF-16 code units), as `sorted()` orders ASCII/BMP strings in Python. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The distinct non-NaN values of `values`, ascending (-0 counted as 0). */
export function distinctSorted(values: Float64Array): Float64Array {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) seen.add(v === 0 ? 0 : v);
  }
  return Float64Array.from(seen).sort();
}
