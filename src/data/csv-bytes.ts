/**
 * `readCsv`'s fast path: the file read in blocks of bytes, rows and fields found by scanning the
 * bytes, and numeric fields parsed straight from them into the columns (`parseDecimalBytes`), so
 * that no row of a numeric CSV becomes JS strings or arrays. Text fields (categories, the first
 * spelling of a number) are decoded one by one.
 *
 * It reads the common case only: a one-byte delimiter; line ends as papaparse would split them
 * (`\n`, or `\r\n` with no lone `\n`); quotes only around whole fields with no quote or line
 * break inside (what R's write.csv and pandas' to_csv write); valid UTF-8. At the first row it
 * cannot read it stops and says where, and `readCsv` hands the rest of the file, from that row on,
 * to papaparse, which parses it exactly as it would have in a run over the whole file (the rows
 * before end outside any quotes, so that row starts a record; the line ending papaparse would
 * have guessed is passed to it). Both readers feed the same {@link TableBuilder}, so a file gives
 * the same dataset, warnings and errors whichever reads which rows.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { ByteRow } from './byte-row.js';
import { firstInvalidUtf8 } from './utf8-stream.js';
import { tableFromHeader } from './csv-header.js';
import { DEFAULT_MISSING_TOKENS, type TableBuilder, type TableOptions } from './table-builder.js';

/** Bytes read at a time (a longer line grows the buffer). */
const BLOCK = 1 << 20;
/** The first chunk papaparse sees when it streams a file: `readCsv`'s read stream's highWaterMark. */
export const FIRST_CHUNK = 65536;
/** The most rows reserved up front per column (larger files grow the columns in blocks). */
export const MAX_RESERVED_ROWS = 2 ** 27;

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Where the byte reader stopped. */
export type ByteReadResult =
  /** The whole file was read; `table` is null when the file has no non-blank row. */
  | { readonly done: true; readonly table: TableBuilder | null }
  /**
   * The row starting at byte `offset` (line `line`) and the rest are papaparse's: `table` holds the
   * rows before (null when the header itself is left), `newline` is papaparse's line ending for
   * this file (undefined when the whole file is left, for papaparse to guess).
   */
  | { readonly done: false; readonly offset: number; readonly line: number; readonly table: TableBuilder | null; readonly newline: '\n' | '\r\n' | undefined };

/**
 * The line ending papaparse guesses for a stream whose first chunk of text is `text` (the rule of
 * papaparse 5's `guessLineEndings`: `\n` when there is no `\r` or a `\n` comes first, else `\r\n`
 * when at least half the `\r`-separated pieces start with `\n`, else `\r`; text inside quotes
 * does not count).
 *
 * @example
 * ```ts
 * guessNewline('a,b\r\n1,2\r\n'); // '\r\n'
 * guessNewline('a,b\n1,2\r3\n'); // '\n'
 * ```
 */
export function guessNewline(text: string): '\n' | '\r\n' | '\r' {
  const s = text.substring(0, 1024 * 1024).replace(/"[^]*?"/g, '');
  const r = s.split('\r');
  const n = s.split('\n');
  if (r.length === 1 || (n.length > 1 && n[0].length < r[0].length)) return '\n';
  let startsWithN = 0;
  for (let i = 0; i < r.length; i++) if (r[i][0] === '\n') startsWithN++;
  return startsWithN >= r.length / 2 ? '\r\n' : '\r';
}

/** Whether the byte reader can split on `delimiter`: one ASCII byte that cannot be part of a number, a quote or a line end. */
export function byteDelimiter(delimiter: string): boolean {
  if (delimiter.length !== 1) return false;
  const c = delimiter.charCodeAt(0);
  return c < 128 && !/[0-9.+\-eE"\r\n]/.test(delimiter);
}

/** The reader's state across blocks. */
interface Cursor {
  /** File offset of buf[0]. */
  base: number;
  /** The line number of the row that starts at `p`. */
  line: number;
  table: TableBuilder | null;
  reserved: boolean;
}

/**
 * Reads as much of the CSV file at `path` (`size` bytes) as the byte reader can; see the module
 * comment. `delimiter` must pass {@link byteDelimiter}. Errors are `readCsv`'s (CsvErrors naming
 * the file and line) for the rows it reads; file-system errors are thrown as they come.
 *
 * @example
 * ```ts
 * const r = await readCsvBytes('data.csv', size, ',', {});
 * if (r.done) table = r.table; // else papaparse reads on from r.offset
 * ```
 */
export async function readCsvBytes(path: string, size: number, delimiter: string, options: TableOptions): Promise<ByteReadResult> {
  const fh = await open(path, 'r');
  try {
    return await readBlocks(fh, path, size, delimiter, options);
  } finally {
    await fh.close();
  }
}

/** Fills `buf[from ..]` from the file at `position`; returns the bytes read (fewer only at the end of the file). */
async function fill(fh: FileHandle, buf: Buffer, from: number, position: number): Promise<number> {
  let got = 0;
  while (from + got < buf.length) {
    const { bytesRead } = await fh.read(buf, from + got, buf.length - from - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** The first chunk's text as the read stream papaparse reads would decode it, or null when it is not valid UTF-8. */
function firstChunkText(buf: Buffer, filled: number): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, Math.min(filled, FIRST_CHUNK)), { stream: true });
  } catch {
    return null;
  }
}

async function readBlocks(fh: FileHandle, path: string, size: number, delimiter: string, options: TableOptions): Promise<ByteReadResult> {
  let buf = Buffer.allocUnsafe(Math.max(16, Math.min(BLOCK, size + 1)));
  let filled = await fill(fh, buf, 0, 0);
  const whole = { done: false, offset: 0, line: 1, table: null, newline: undefined } as const;
  const first = firstChunkText(buf, filled);
  if (first === null) return whole;
  const newline = guessNewline(first);
  if (newline === '\r') return whole;
  const crlf = newline === '\r\n';
  const delim = delimiter.charCodeAt(0);
  const tokens = options.missingTokens ?? DEFAULT_MISSING_TOKENS;
  const cur: Cursor = { base: 0, line: 1, table: null, reserved: false };
  let row = new ByteRow(0, tokens);
  // a UTF-8 byte order mark is not part of the header (the decoder papaparse reads through drops it)
  let p = filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  for (;;) {
    const eof = cur.base + filled >= size || filled < buf.length;
    // the complete lines in buf[p, end): up to the last line feed, or all at the end of the file
    let end = eof ? filled : buf.lastIndexOf(LF, filled - 1) + 1;
    if (end <= p && !eof) {
      // a line longer than the buffer: grow it and read on
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
      filled += await fill(fh, buf, filled, cur.base + filled);
      continue;
    }
    // invalid UTF-8: its row goes to papaparse, which reports it (what follows the lines is a
    // line feed or the end of the file: a character cut short at their end is invalid too)
    let stop = end;
    if (!isUtf8(buf.subarray(p, end))) stop = p + firstInvalidUtf8(buf.subarray(p, end), true);
    let quote = nextIndex(buf, QUOTE, p, end);
    let q = p;
    while (q < end) {
      let nl = buf.indexOf(LF, q);
      if (nl < 0 || nl >= end) nl = end; // the last line, without a line feed
      const lineEnd = crlf && nl < end ? nl - 1 : nl;
      if ((nl >= stop && stop < end) || (crlf && nl < end && (lineEnd < q || buf[lineEnd] !== CR))) {
        // this row holds invalid UTF-8, or (CRLF file) a lone line feed
        return handOver(cur, q, newline);
      }
      if (lineEnd > q) {
        if (cur.table === null) {
          // the header: at most one field more than it has delimiters
          const header = new ByteRow(countByte(buf, delim, q, lineEnd) + 1, tokens);
          if (quote >= lineEnd) header.split(buf, q, lineEnd, delim);
          else if (!header.splitQuoted(buf, q, lineEnd, delim, quote)) return handOver(cur, q, newline);
          if (header.isBlank()) {
            cur.line++;
            q = nl + 1;
            continue;
          }
          const names: string[] = [];
          for (let j = 0; j < header.count; j++) names.push(header.text(j));
          cur.table = tableFromHeader(path, names, delimiter, options);
          row = new ByteRow(names.length, tokens);
        } else {
          if (quote < lineEnd) {
            if (!row.splitQuoted(buf, q, lineEnd, delim, quote)) return handOver(cur, q, newline);
          } else row.split(buf, q, lineEnd, delim);
          if (!row.isBlank()) cur.table.addParsedRow(row, cur.line);
          if (!cur.reserved && cur.base + q >= FIRST_CHUNK) reserve(cur, cur.base + nl + 1, cur.line, size);
        }
      }
      cur.line++;
      q = nl + 1;
      if (quote < q) quote = nextIndex(buf, QUOTE, q, end);
    }
    if (eof) return { done: true, table: cur.table };
    // keep the partial last line, read on
    buf.copy(buf, 0, end, filled);
    cur.base += end;
    filled -= end;
    p = 0;
    filled += await fill(fh, buf, filled, cur.base + filled);
  }
}

/** The index of the first `byte` in `buf[from, end)`, or `end`. */
function nextIndex(buf: Buffer, byte: number, from: number, end: number): number {
  const i = from < end ? buf.indexOf(byte, from) : -1;
  return i < 0 || i >= end ? end : i;
}

/** How many times `byte` occurs in `buf[from, end)`. */
function countByte(buf: Buffer, byte: number, from: number, end: number): number {
  let n = 0;
  for (let i = from; i < end; i++) if (buf[i] === byte) n++;
  return n;
}

/** papaparse reads on from the row at `buf[q]`; from the start of the file when that row is the header. */
function handOver(cur: Cursor, q: number, newline: '\n' | '\r\n'): ByteReadResult {
  if (cur.table === null) return { done: false, offset: 0, line: 1, table: null, newline: undefined };
  return { done: false, offset: cur.base + q, line: cur.line, table: cur.table, newline };
}

/**
 * Sizes the columns once, from the bytes per row of the first 64 KiB (few enough rows to be in the
 * columns' first small block), so that they neither grow nor get copied when the rows are of
 * similar length (as `readCsv`'s papaparse path does).
 */
function reserve(cur: Cursor, bytesRead: number, lines: number, size: number): void {
  const table = cur.table;
  if (cur.reserved || table === null || table.rowCount === 0) return;
  cur.reserved = true;
  const perLine = bytesRead / lines;
  const estimate = Math.min(Math.ceil((size / perLine) * 1.02) + 16, MAX_RESERVED_ROWS);
  try {
    table.reserve(estimate - table.rowCount);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e; // too large to reserve: grow in blocks instead
  }
}
