/**
 * One row of a CSV file as the byte reader (`csv-bytes.ts`) sees it: where each field starts and
 * ends in the reader's buffer and, where the field is a decimal number, its value. Texts are
 * decoded only when a column asks for them, short ones through a per-column dictionary keyed by
 * their bytes (a categorical column repeats a few texts in row after row: decoding each cell
 * again would cost more than reading the row).
 */
import { parseDecimal, readDecimalField } from './decimal.js';

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
  /** The same numbers, field j at index `base + j`. */
  readonly numbers: Float64Array;
  /** Index of field 0 in {@link ParsedRow.numbers}. */
  readonly base: number;
  /** Field j's text. */
  text(j: number): string;
  /** Field j's text when it is a number (cheaper than {@link ParsedRow.text}). */
  numberText(j: number): string;
  /** Whether a number may be a missing token (`-999`): then {@link ParsedRow.isMissing} is asked first. */
  readonly numericTokens: boolean;
}

const QUOTE = 34;
/** A surrogate half without its other half (a string that is not well-formed UTF-16). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Texts up to this many bytes go through a column's {@link FieldTexts}. */
const DICTIONARY_TEXT_BYTES = 64;
/** Distinct texts a column's dictionary holds (beyond, texts are decoded each time). */
const DICTIONARY_SIZE = 1024;

/**
 * Decoded texts by their UTF-8 bytes: an open-addressing table with linear probing. A text of at
 * most 8 bytes (most categories) is keyed by its length and its bytes as two 32-bit words, so a
 * lookup is two loads, a hash and three compares; a longer one by an FNV-1a hash of its bytes,
 * copied into an arena so that the reader's buffer can be reused. The same bytes give the same
 * string object each time, so later `Map` lookups by that string hit its cached hash.
 *
 * @example
 * ```ts
 * const texts = new FieldTexts();
 * const b = Buffer.from('red,red');
 * texts.text(b, 0, 3) === texts.text(b, 4, 7); // true: one string
 * ```
 */
export class FieldTexts {
  /** Slot → entry index + 1 (0: empty); twice the entries, so probes stay short. */
  private readonly slots = new Int32Array(DICTIONARY_SIZE * 2);
  private readonly hashes = new Int32Array(DICTIONARY_SIZE);
  private readonly lengths = new Int32Array(DICTIONARY_SIZE);
  /** A short text's two words, or a long one's start in the arena (in `word0`). */
  private readonly word0 = new Int32Array(DICTIONARY_SIZE);
  private readonly word1 = new Int32Array(DICTIONARY_SIZE);
  private readonly texts: string[] = [];
  private arena = new Uint8Array(0);
  private used = 0;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
  private viewOf: Uint8Array | null = null;

  /** The UTF-8 text of `bytes[start, end)` (valid UTF-8). */
  text(bytes: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > 8) return this.longText(bytes, start, end);
    let w0: number;
    let w1: number;
    if (start + 8 <= bytes.length) {
      if (this.viewOf !== bytes) {
        this.viewOf = bytes;
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      }
      // both words loaded whole, the bytes past the text masked off
      w0 = this.view.getInt32(start, true);
      w1 = this.view.getInt32(start + 4, true);
      if (length <= 4) {
        w1 = 0;
        if (length < 4) w0 &= (1 << (8 * length)) - 1;
      } else if (length < 8) w1 &= (1 << (8 * (length - 4))) - 1;
    } else {
      w0 = 0;
      w1 = 0;
      for (let i = end - 1; i >= start; i--) {
        if (i - start >= 4) w1 = (w1 << 8) | bytes[i];
        else w0 = (w0 << 8) | bytes[i];
      }
    }
    const h = Math.imul(w0 ^ Math.imul(w1 ^ length, 0x9e3779b1), 0x85ebca6b);
    const mask = this.slots.length - 1;
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const k = this.slots[slot] - 1;
      if (k < 0) break;
      if (this.lengths[k] === length && this.word0[k] === w0 && this.word1[k] === w1 && this.hashes[k] === h) return this.texts[k];
      slot = (slot + 1) & mask;
    }
    const text = bytes.toString('utf8', start, end);
    this.insert(slot, h, length, w0, w1, text);
    return text;
  }

  /** A text of more than 8 bytes: keyed by an FNV-1a hash of its bytes, held in the arena (its length tells it from a short key). */
  private longText(bytes: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length > DICTIONARY_TEXT_BYTES) return bytes.toString('utf8', start, end);
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    const mask = this.slots.length - 1;
    let slot = (h ^ (h >>> 16)) & mask;
    for (;;) {
      const k = this.slots[slot] - 1;
      if (k < 0) break;
      if (this.lengths[k] === length && this.hashes[k] === h && this.sameBytes(this.word0[k], bytes, start, length)) return this.texts[k];
      slot = (slot + 1) & mask;
    }
    const text = bytes.toString('utf8', start, end);
    if (this.texts.length === DICTIONARY_SIZE) return text;
    if (this.used + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + length, 1024));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    this.insert(slot, h, length, this.used, 0, text);
    this.used += length;
    return text;
  }

  private insert(slot: number, h: number, length: number, w0: number, w1: number, text: string): void {
    const k = this.texts.length;
    if (k === DICTIONARY_SIZE) return; // full: decode from now on
    this.slots[slot] = k + 1;
    this.hashes[k] = h;
    this.lengths[k] = length;
    this.word0[k] = w0;
    this.word1[k] = w1;
    this.texts.push(text);
  }

  private sameBytes(at: number, bytes: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < length; i++) if (arena[at + i] !== bytes[start + i]) return false;
    return true;
  }
}

/**
 * A row of a CSV file over the reader's buffer: where each field starts and ends and the number
 * it reads as (NaN when it is not a decimal number), in arrays that may hold many rows: field j
 * of the current row is at `base + j`, each row has room for `width` fields. {@link ByteRow.split}
 * fills the current row's place; {@link ByteRow.at} moves to another row of the same arrays (a
 * block split by a worker thread, or by this thread, and then read row by row).
 *
 * @example
 * ```ts
 * const row = new ByteRow(3, ['', 'NA']);
 * const b = Buffer.from('1.5,NA,red');
 * row.split(b, 0, b.length, 44);
 * [row.count, row.number(0), row.isMissing(1), row.text(2)]; // [3, 1.5, true, 'red']
 * ```
 */
export class ByteRow implements ParsedRow {
  bytes: Buffer = Buffer.alloc(0);
  count = 0;
  /** Index of the current row's first field in the arrays. */
  base = 0;
  /** Fields a row has room for (the header's count; more are only counted: the row is an error). */
  readonly width: number;
  starts: Int32Array;
  ends: Int32Array;
  numbers: Float64Array;
  /** Where the numbers of fields beyond the width go (unused). */
  private readonly spare = new Float64Array(1);
  /** Whether some missing token is itself a number (`-999`): then numbers are checked against the tokens too. */
  readonly numericTokens: boolean;
  /** Missing tokens as bytes, and which first bytes they start with. */
  private readonly tokens: Uint8Array[];
  private readonly tokenFirst = new Uint8Array(256);
  private readonly dictionaries: (FieldTexts | undefined)[];

  /** A row of `width` fields in arrays of its own (one row); `missingTokens` for {@link ByteRow.isMissing}. */
  constructor(width: number, missingTokens: readonly string[]) {
    this.width = width;
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.numbers = new Float64Array(width);
    this.dictionaries = new Array<FieldTexts | undefined>(width).fill(undefined);
    // a token that is not well-formed UTF-16 can equal no text of a valid UTF-8 file (its bytes
    // would be those of U+FFFD, which can)
    const tokens = missingTokens.filter((t) => t.length > 0 && !LONE_SURROGATE.test(t));
    this.tokens = tokens.map((t) => Buffer.from(t, 'utf8'));
    for (const t of this.tokens) this.tokenFirst[t[0]] = 1;
    this.numericTokens = tokens.some((t) => !Number.isNaN(parseDecimal(t)));
  }

  /** Uses the given arrays (rows of {@link ByteRow.width} fields) over `bytes`; the current row is row 0. */
  over(bytes: Buffer, starts: Int32Array, ends: Int32Array, numbers: Float64Array): void {
    this.bytes = bytes;
    this.starts = starts;
    this.ends = ends;
    this.numbers = numbers;
    this.base = 0;
  }

  /** Makes row `r` of the arrays, with `count` fields, the current row. */
  at(r: number, count: number): void {
    this.base = r * this.width;
    this.count = count;
  }

  /** Splits `bytes[start, end)` (one line, without its line ending, no quote in it) into the current row's fields. */
  split(bytes: Buffer, start: number, end: number, delimiter: number): void {
    this.bytes = bytes;
    const cap = this.width;
    const base = this.base;
    let k = 0;
    let p = start;
    for (;;) {
      const e = readDecimalField(bytes, p, end, delimiter, k < cap ? this.numbers : this.spare, k < cap ? base + k : 0);
      if (k < cap) {
        this.starts[base + k] = p;
        this.ends[base + k] = e;
      }
      k++;
      if (e >= end) break;
      p = e + 1;
    }
    this.count = k;
  }

  /**
   * Splits a line holding quotes (the first at `quote`), taking only quoted fields papaparse
   * reads as their inner text: the quote opens the field, the next quote closes it and the
   * delimiter or the line end follows at once (as R's write.csv quotes every text). Returns false
   * (papaparse must read the row) for anything else: an escaped quote, a line break inside
   * quotes, a quote inside an unquoted field, text after the closing quote.
   */
  splitQuoted(bytes: Buffer, start: number, end: number, delimiter: number, quote: number): boolean {
    this.bytes = bytes;
    const cap = this.width;
    const base = this.base;
    let nextQuote = quote;
    let k = 0;
    let p = start;
    for (;;) {
      let s = p;
      let e: number;
      const out = k < cap ? this.numbers : this.spare;
      const at = k < cap ? base + k : 0;
      if (p === nextQuote) {
        const close = bytes.indexOf(QUOTE, p + 1);
        if (close < 0 || close >= end) return false;
        e = close + 1;
        if (e < end && bytes[e] !== delimiter) return false;
        s = p + 1;
        if (readDecimalField(bytes, s, close, delimiter, out, at) !== close) out[at] = NaN; // a delimiter inside the quotes: text
        if (k < cap) this.ends[base + k] = close;
        nextQuote = e < end ? bytes.indexOf(QUOTE, e) : -1;
        if (nextQuote < 0 || nextQuote >= end) nextQuote = end;
      } else {
        e = readDecimalField(bytes, p, end, delimiter, out, at);
        if (nextQuote < e) return false;
        if (k < cap) this.ends[base + k] = e;
      }
      if (k < cap) this.starts[base + k] = s;
      k++;
      if (e >= end) break;
      p = e + 1;
    }
    this.count = k;
    return true;
  }

  /** Whether the row is one empty field (a line `""`: papaparse's empty row, skipped as a blank line). */
  isBlank(): boolean {
    return this.count === 1 && this.starts[this.base] === this.ends[this.base];
  }

  isMissing(j: number): boolean {
    const s = this.starts[this.base + j];
    const e = this.ends[this.base + j];
    if (s === e) return true;
    const b = this.bytes;
    if (this.tokenFirst[b[s]] === 0) return false;
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.length !== e - s) continue;
      let k = 0;
      while (k < t.length && t[k] === b[s + k]) k++;
      if (k === t.length) return true;
    }
    return false;
  }

  number(j: number): number {
    return this.numbers[this.base + j];
  }

  numberText(j: number): string {
    // a field read as a number holds only ASCII (digits, sign, point, exponent, blanks)
    return this.bytes.toString('latin1', this.starts[this.base + j], this.ends[this.base + j]);
  }

  text(j: number): string {
    let d = this.dictionaries[j];
    if (d === undefined) {
      d = new FieldTexts();
      this.dictionaries[j] = d;
    }
    return d.text(this.bytes, this.starts[this.base + j], this.ends[this.base + j]);
  }
}
