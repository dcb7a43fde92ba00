/**
 * One block of a CSV file (whole lines) split into rows of fields, with each field's number: the
 * part of the byte reader that can run on a worker thread (`csv-threads.ts`), because it needs
 * nothing but the block's bytes. The rows are then added to the table in file order on the
 * reading thread (`csv-bytes.ts`), so splitting blocks in parallel changes nothing in the result.
 *
 * A block is split up to the first row the byte reader does not take (papaparse reads on from
 * there): a row holding invalid UTF-8, a lone line feed in a CRLF file, or quotes other than
 * whole quoted fields (see {@link ByteRow.splitQuoted}).
 */
import { isUtf8 } from 'node:buffer';
import { ByteRow } from './byte-row.js';
import { firstInvalidUtf8 } from './utf8-stream.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** What {@link splitBlock} needs besides the bytes. */
export interface BlockJob {
  /** The block's rows are `bytes[from, to)`: whole lines (`to` is after a line feed, or the end of the file). */
  readonly from: number;
  readonly to: number;
  /** The delimiter byte. */
  readonly delimiter: number;
  /** Lines end with CR LF (papaparse's guess for the file), else LF. */
  readonly crlf: boolean;
  /** Fields a row has room for: the header's count. */
  readonly width: number;
  /** Split at most this many rows (then `next` is where the next row starts). Default: all. */
  readonly maxRows?: number;
  /** The first invalid UTF-8 byte at or after `from` ({@link invalidUtf8At}), when already known. */
  readonly invalidAt?: number;
}

/**
 * Where the first invalid UTF-8 byte of `bytes[from, to)` is, or `to` (a character cut short at
 * `to` counts as invalid: a block ends at a line feed or at the end of the file).
 *
 * @example
 * ```ts
 * invalidUtf8At(Buffer.from([0x61, 0xe9, 0x62]), 0, 3); // 1
 * ```
 */
export function invalidUtf8At(bytes: Buffer, from: number, to: number): number {
  return isUtf8(bytes.subarray(from, to)) ? to : from + firstInvalidUtf8(bytes.subarray(from, to), true);
}

/** The rows of a block as {@link splitBlock} split them. */
export interface BlockFields {
  /** Rows split (blank lines are not rows). */
  rows: number;
  /** Per row: its field count, and its line counted from the block's first line (0). */
  counts: Int32Array;
  lineOf: Int32Array;
  /** Per row, `width` slots: each field's start and end in the block's bytes, and its number (NaN: not a number). */
  starts: Int32Array;
  ends: Int32Array;
  numbers: Float64Array;
  /** Lines from `from` to `next`. */
  lines: number;
  /** Where splitting ended: `to`, the row after the `maxRows`th, or the first row the byte reader does not take. */
  next: number;
  /** Whether it ended at such a row (papaparse reads on from `next`). */
  stopped: boolean;
}

/** How many times `byte` occurs in `buf[from, end)`. */
function countByte(buf: Uint8Array, byte: number, from: number, end: number): number {
  let n = 0;
  let i = from < end ? buf.indexOf(byte, from) : -1;
  while (i !== -1 && i < end) {
    n++;
    i = buf.indexOf(byte, i + 1);
  }
  return n;
}

function fieldArrays(rows: number, width: number): BlockFields {
  return {
    rows: 0,
    counts: new Int32Array(rows),
    lineOf: new Int32Array(rows),
    starts: new Int32Array(rows * width),
    ends: new Int32Array(rows * width),
    numbers: new Float64Array(rows * width),
    lines: 0,
    next: 0,
    stopped: false,
  };
}

/** The index of the first `byte` in `buf[from, end)`, or `end`. */
export function nextIndex(buf: Uint8Array, byte: number, from: number, end: number): number {
  const i = from < end ? buf.indexOf(byte, from) : -1;
  return i < 0 || i >= end ? end : i;
}

/**
 * Splits the rows of `bytes[job.from, job.to)` into fields (see the module comment).
 *
 * @example
 * ```ts
 * const b = Buffer.from('1,2\n3,x\n');
 * const f = splitBlock(b, { from: 0, to: b.length, delimiter: 44, crlf: false, width: 2 });
 * [f.rows, f.numbers[2], f.numbers[3]]; // [2, 3, NaN]
 * ```
 */
export function splitBlock(bytes: Buffer, job: BlockJob, reuse?: BlockFields): BlockFields {
  const { from, to: end, delimiter, crlf, width, maxRows = Infinity } = job;
  // invalid UTF-8: its row is papaparse's, which reports it
  const stop = job.invalidAt ?? invalidUtf8At(bytes, from, end);
  const capacity = maxRows < Infinity ? maxRows : countByte(bytes, LF, from, end) + 1;
  const out = reuse !== undefined && reuse.counts.length >= capacity && reuse.starts.length >= capacity * width ? reuse : fieldArrays(capacity, width);
  out.rows = 0;
  out.lines = 0;
  out.next = end;
  out.stopped = false;
  const row = new ByteRow(width, []);
  row.over(bytes, out.starts, out.ends, out.numbers);
  let quote = nextIndex(bytes, QUOTE, from, end);
  let r = 0;
  let line = 0;
  let q = from;
  while (q < end) {
    if (r === maxRows) {
      out.next = q;
      break;
    }
    let nl = bytes.indexOf(LF, q);
    if (nl < 0 || nl >= end) nl = end; // the last line of the file, without a line feed
    const lineEnd = crlf && nl < end ? nl - 1 : nl;
    if ((nl >= stop && stop < end) || (crlf && nl < end && (lineEnd < q || bytes[lineEnd] !== CR))) {
      // this row holds invalid UTF-8, or (CRLF file) a lone line feed
      out.stopped = true;
      out.next = q;
      break;
    }
    if (lineEnd > q) {
      row.at(r, 0);
      if (quote >= lineEnd) row.split(bytes, q, lineEnd, delimiter);
      else if (!row.splitQuoted(bytes, q, lineEnd, delimiter, quote)) {
        out.stopped = true;
        out.next = q;
        break;
      }
      if (!row.isBlank()) {
        out.counts[r] = row.count;
        out.lineOf[r] = line;
        r++;
      }
    }
    line++;
    q = nl + 1;
    if (quote < q) quote = nextIndex(bytes, QUOTE, q, end);
  }
  out.rows = r;
  out.lines = line;
  return out;
}
