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
import { availableParallelism } from 'node:os';
import { ByteRow } from './byte-row.js';
import { invalidUtf8At, nextIndex, splitBlock, type BlockFields, type BlockJob } from './csv-block.js';
import { CsvThreads } from './csv-threads.js';
import { tableFromHeader } from './csv-header.js';
import { DEFAULT_MISSING_TOKENS, type TableBuilder, type TableOptions } from './table-builder.js';

/** Bytes read at a time (a longer line grows the buffer). */
const BLOCK = 1 << 20;
/** Fields split at a time before their rows go into the table (16 bytes each: they stay in the cache). */
const SPLIT_FIELDS = 16384;
/** Worker threads split a file's blocks when it has at least this many. */
const PARALLEL_BLOCKS = 8;
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

/** A block of whole lines read from the file: `buf[from, end)`, `buf[0]` at file offset `base`. */
interface Block {
  buf: Buffer;
  base: number;
  from: number;
  end: number;
  /** Bytes read into `buf` (the first block: for papaparse's first chunk). */
  filled: number;
  /** Whether the block ends the file. */
  eof: boolean;
}

/**
 * The file cut into blocks of whole lines: each block is one buffer (about {@link BLOCK} bytes,
 * more for a longer line) holding the partial line the previous one ended with and the bytes after
 * it up to its last line feed. Buffers come back through {@link BlockSource.recycle}.
 */
class BlockSource {
  private carry: Buffer = Buffer.alloc(0);
  /** File offset of the carried bytes (the next block's `base`). */
  private position = 0;
  private free: Buffer[] = [];
  done = false;

  constructor(
    private readonly fh: FileHandle,
    private readonly size: number,
    private readonly blockBytes: number,
    private readonly shared: boolean,
  ) {}

  private alloc(n: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= n);
    if (i >= 0) return this.free.splice(i, 1)[0];
    // a shared buffer when worker threads split blocks (they read it without a copy)
    return this.shared ? Buffer.from(new SharedArrayBuffer(n)) : Buffer.allocUnsafe(n);
  }

  recycle(buf: Buffer): void {
    if (this.free.length < 8) this.free.push(buf);
  }

  async next(): Promise<Block> {
    let buf = this.alloc(Math.max(16, Math.min(this.blockBytes, this.size + 1), this.carry.length * 2));
    this.carry.copy(buf, 0);
    let filled = this.carry.length + (await fill(this.fh, buf, this.carry.length, this.position + this.carry.length));
    for (;;) {
      const eof = this.position + filled >= this.size || filled < buf.length;
      const end = eof ? filled : buf.lastIndexOf(LF, filled - 1) + 1;
      if (end > 0 || eof) {
        const block = { buf, base: this.position, from: 0, end, filled, eof };
        this.carry = Buffer.from(buf.subarray(end, filled));
        this.position += end;
        this.done = eof;
        return block;
      }
      // a line longer than the buffer: grow it and read on
      const bigger = this.alloc(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      this.recycle(buf);
      buf = bigger;
      filled += await fill(this.fh, buf, filled, this.position + filled);
    }
  }
}

/** The reader's state: the table and the line the next block starts on. */
interface Cursor {
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
export async function readCsvBytes(path: string, size: number, delimiter: string, options: TableOptions, reader: ByteReaderOptions = {}): Promise<ByteReadResult> {
  const { threads = defaultThreads(), blockBytes = BLOCK } = reader;
  // worker threads split the blocks when the file has enough of them to share out
  const pool = threads > 0 && size >= PARALLEL_BLOCKS * blockBytes ? CsvThreads.acquire(threads) : null;
  const fh = await open(path, 'r');
  try {
    return await readBlocks(new BlockSource(fh, size, blockBytes, pool !== null), path, size, delimiter, options, pool, threads);
  } finally {
    await fh.close();
  }
}

/** How the byte reader reads a file (its defaults suit every file; tests make blocks small). */
export interface ByteReaderOptions {
  /**
   * Worker threads splitting blocks into fields while this thread adds their rows to the table,
   * for files of at least 8 blocks; 0: none. Default: the machine's cores less one, at most 3
   * (see {@link defaultThreads}).
   */
  threads?: number;
  /** Bytes per block (a longer line makes its block longer). Default 1 MiB. */
  blockBytes?: number;
}

/**
 * The default number of CSV threads: the machine's cores less one (the reading thread's), at
 * most 3. Adding rows to the table takes about a fifth of a read on one thread and stays on the
 * reading thread, so beyond 3 threads it is what the read waits for. Measured on 2 cores (1M x 28
 * CSV, 480 MB): 1 thread 0.70x the wall time of none, 2 threads 0.66x.
 *
 * @example
 * ```ts
 * defaultThreads(); // 1 on a 2-core machine, 3 on 8 cores
 * ```
 */
export function defaultThreads(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
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

/** papaparse reads the whole file. */
const WHOLE: ByteReadResult = { done: false, offset: 0, line: 1, table: null, newline: undefined };

async function readBlocks(source: BlockSource, path: string, size: number, delimiter: string, options: TableOptions, pool: CsvThreads | null, threads: number): Promise<ByteReadResult> {
  let block = await source.next();
  const first = firstChunkText(block.buf, block.filled);
  if (first === null) return WHOLE;
  const newline = guessNewline(first);
  if (newline === '\r') return WHOLE;
  const crlf = newline === '\r\n';
  const delim = delimiter.charCodeAt(0);
  const tokens = options.missingTokens ?? DEFAULT_MISSING_TOKENS;
  const cur: Cursor = { line: 1, table: null, reserved: false };
  // a UTF-8 byte order mark is not part of the header (the decoder papaparse reads through drops it)
  const buf0 = block.buf;
  block.from = block.end >= 3 && buf0[0] === 0xef && buf0[1] === 0xbb && buf0[2] === 0xbf ? 3 : 0;
  // the header: the first non-blank line, in the first block or after blank lines in a later one
  let width = 0;
  for (;;) {
    const found = readHeader(block, path, delimiter, delim, crlf, tokens, options, cur);
    if (found === 'whole') return WHOLE;
    if (found > 0) {
      width = found;
      break;
    }
    if (block.eof) return { done: true, table: null };
    block = await source.next();
  }
  const table = cur.table as TableBuilder;
  const row = new ByteRow(width, tokens);
  const job = { delimiter: delim, crlf, width };
  if (pool !== null) {
    const stop = await readInParallel(source, block, pool, threads, job, row, table, cur, size);
    return stop === null ? { done: true, table } : { done: false, offset: stop, line: cur.line, table, newline };
  }
  // rows are split a few at a time, into the same arrays, which stay in the cache for commit
  const maxRows = Math.max(16, Math.floor(SPLIT_FIELDS / width));
  let fields: BlockFields | undefined;
  for (;;) {
    const invalidAt = invalidUtf8At(block.buf, block.from, block.end);
    while (block.from < block.end) {
      fields = splitBlock(block.buf, { ...job, from: block.from, to: block.end, maxRows, invalidAt }, fields);
      const stop = commit(block, fields, row, table, cur, size);
      if (stop !== null) return { done: false, offset: stop, line: cur.line, table, newline };
      block.from = fields.next;
    }
    if (block.eof) return { done: true, table };
    source.recycle(block.buf);
    block = await source.next();
  }
}

/**
 * The blocks from `first` on, split by the pool's threads (a few blocks ahead) and added to the
 * table here in file order. Returns the file offset of the row papaparse must read on from, or
 * null at the end of the file.
 */
async function readInParallel(
  source: BlockSource,
  first: Block,
  pool: CsvThreads,
  threads: number,
  job: Omit<BlockJob, 'from' | 'to'>,
  row: ByteRow,
  table: TableBuilder,
  cur: Cursor,
  size: number,
): Promise<number | null> {
  const queue: { block: Block; fields: Promise<BlockFields> }[] = [];
  // the arrays of blocks done with go back to the threads to be filled again
  const spare: BlockFields[] = [];
  // a block goes to a free thread; when all are busy this thread splits it (it adds rows faster
  // than a thread splits them, so it would wait anyway): the work balances itself
  const send = (b: Block): void => {
    const blockJob = { ...job, from: b.from, to: b.end };
    const fields = pool.idle(threads) ? pool.split(b.buf, b.end, blockJob, threads, spare.pop() ?? null) : Promise.resolve(splitBlock(b.buf, blockJob, spare.pop()));
    queue.push({ block: b, fields });
  };
  send(first);
  const ahead = 2 * threads + 1;
  try {
    for (;;) {
      while (queue.length < ahead && !source.done) send(await source.next());
      const head = queue.shift();
      if (head === undefined) return null;
      const fields = await head.fields;
      const stop = commit(head.block, fields, row, table, cur, size);
      if (stop !== null) return stop;
      source.recycle(head.block.buf);
      spare.push(fields);
    }
  } finally {
    // blocks split for nothing (papaparse reads on, or a row was an error): their results, or
    // errors, are dropped
    for (const q of queue) q.fields.catch(() => undefined);
  }
}

/**
 * Looks for the header in `block`'s lines from `block.from`: skips blank lines, then makes the
 * table from the first other one and moves `block.from` past it. Returns the header's field
 * count, 0 when the block holds only blank lines, or 'whole' when papaparse must read the whole
 * file (the header holds invalid UTF-8, quotes other than whole quoted fields, a lone LF).
 */
function readHeader(block: Block, path: string, delimiter: string, delim: number, crlf: boolean, tokens: readonly string[], options: TableOptions, cur: Cursor): number | 'whole' {
  const { buf, end } = block;
  let q = block.from;
  while (q < end) {
    let nl = buf.indexOf(LF, q);
    if (nl < 0 || nl >= end) nl = end; // the last line, without a line feed
    const lineEnd = crlf && nl < end ? nl - 1 : nl;
    if (!isUtf8(buf.subarray(q, Math.min(nl + 1, end))) || (crlf && nl < end && (lineEnd < q || buf[lineEnd] !== CR))) return 'whole';
    if (lineEnd > q) {
      // at most one field more than it has delimiters
      const header = new ByteRow(countByte(buf, delim, q, lineEnd) + 1, tokens);
      const quote = nextIndex(buf, QUOTE, q, lineEnd);
      if (quote >= lineEnd) header.split(buf, q, lineEnd, delim);
      else if (!header.splitQuoted(buf, q, lineEnd, delim, quote)) return 'whole';
      if (!header.isBlank()) {
        const names: string[] = [];
        for (let j = 0; j < header.count; j++) names.push(header.text(j));
        cur.table = tableFromHeader(path, names, delimiter, options);
        cur.line++;
        block.from = nl + 1;
        return names.length;
      }
    }
    cur.line++;
    q = nl + 1;
  }
  block.from = end;
  return 0;
}

/**
 * Adds a block's rows to the table in order (each names its line in errors), and sizes the
 * columns once early on. Returns the file offset of the row papaparse must read on from, or null.
 */
function commit(block: Block, fields: BlockFields, row: ByteRow, table: TableBuilder, cur: Cursor, size: number): number | null {
  row.over(block.buf, fields.starts, fields.ends, fields.numbers);
  const { rows, counts, lineOf } = fields;
  for (let r = 0; r < rows; r++) {
    row.at(r, counts[r]);
    table.addParsedRow(row, cur.line + lineOf[r]);
    if (!cur.reserved && (r & 255) === 255) reserve(cur, block.base + fields.ends[r * row.width], cur.line + lineOf[r], size);
  }
  if (!cur.reserved && rows > 0) reserve(cur, block.base + fields.next, cur.line + fields.lines, size);
  cur.line += fields.lines;
  return fields.stopped ? block.base + fields.next : null;
}

/** How many times `byte` occurs in `buf[from, end)`. */
function countByte(buf: Buffer, byte: number, from: number, end: number): number {
  let n = 0;
  for (let i = from; i < end; i++) if (buf[i] === byte) n++;
  return n;
}

/**
 * Sizes the columns once, from the bytes per line read so far, early (while the columns hold
 * their first rows in one small block), so that they neither grow nor get copied when the rows
 * are of similar length (as `readCsv`'s papaparse path does).
 */
function reserve(cur: Cursor, bytesRead: number, lines: number, size: number): void {
  const table = cur.table;
  if (cur.reserved || table === null || table.rowCount === 0) return;
  cur.reserved = true;
  const perLine = bytesRead / Math.max(1, lines);
  const estimate = Math.min(Math.ceil((size / perLine) * 1.02) + 16, MAX_RESERVED_ROWS);
  try {
    table.reserve(estimate - table.rowCount);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e; // too large to reserve: grow in blocks instead
  }
}
