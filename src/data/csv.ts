/**
 * Reading a CSV file into a {@link Dataset}, streaming. Two readers feed the same
 * {@link TableBuilder}: the byte reader (`csv-bytes.ts`) takes plain files (no quotes) straight
 * from their bytes, numbers parsed without becoming strings; papaparse takes the general case
 * (quoted fields, odd line ends, multi-character delimiters) from the first row the byte reader
 * cannot take, its text decoded chunk by chunk (strict UTF-8). Either way each cell goes straight
 * into its column's growing `Float64Array`, and the file is never held whole.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import Papa from 'papaparse';
import { CsvError, GbtuneError } from '../core/errors.js';
import { Dataset } from './dataset.js';
import { byteDelimiter, FIRST_CHUNK, MAX_RESERVED_ROWS, readCsvBytes, type ByteReaderOptions } from './csv-bytes.js';
import { tableFromHeader } from './csv-header.js';
import type { BuiltTable, TableBuilder, TableOptions } from './table-builder.js';
import { Utf8DecodeStream } from './utf8-stream.js';


/** Which reader {@link readCsv} uses. */
export const CsvParser = { AUTO: 'auto', PAPAPARSE: 'papaparse' } as const;
/** One of {@link CsvParser}'s values. */
export type CsvParser = (typeof CsvParser)[keyof typeof CsvParser];

/** Options of {@link readCsv}. */
export interface ReadCsvOptions extends TableOptions {
  /** The field delimiter. Default `','`. */
  delimiter?: string;
  /**
   * `'auto'` (default): plain rows are read straight from the bytes, and papaparse reads on from
   * the first row that needs it (a quote, a lone line feed in a CRLF file, ...); a one-character
   * ASCII delimiter other than a digit, `.`, `+`, `-`, `e`, `E` is needed for that, else papaparse
   * reads it all. `'papaparse'`: papaparse reads every row. Both give the same dataset.
   */
  parser?: CsvParser;
  /**
   * Worker threads splitting a large file's rows into numbers while the calling thread adds them
   * to the columns (byte reader only; files of 8 MiB or more); 0 for none. Default: the
   * machine's cores less one, at most 3. The dataset is the same with any number. The threads
   * are started once per process and reused; idle, they do not keep the process alive.
   */
  threads?: number;
}

/**
 * Reads a CSV file (header row required) into a {@link Dataset}.
 *
 * Columns are numeric when every non-missing value is a finite number, else categorical (codes
 * into the sorted distinct values). The target (option `target`; default the column named
 * `target`, else the last column; `false` for none) gives classes when it holds strings, or at
 * most 50 distinct integers; otherwise it is a regression target. Rows whose target is missing
 * are skipped with one warning (an error with `strict`). Blank lines are skipped.
 *
 * Errors are {@link CsvError}s naming the file, the line (header = line 1, counting the lines
 * inside quoted fields) and the column: missing file, empty file, header only, ragged row,
 * malformed quotes, absent target column, a target with one class, duplicate or empty column
 * names, non-UTF-8 bytes.
 *
 * @example
 * ```ts
 * const data = await readCsv('datasets/credit_data.csv', { target: 'target' });
 * data.column('Home')?.categories; // ['ignore', 'other', 'owner', 'parents', 'priv', 'rent']
 * data.target?.classes; // ['bad', 'good']
 * ```
 */
export async function readCsv(path: string, options: ReadCsvOptions = {}): Promise<Dataset> {
  return readCsvWith(path, options, {});
}

/**
 * {@link readCsv} with the byte reader's settings (`threads` from the options, unless given here;
 * tests make its blocks small to read many of them in a small file).
 *
 * @example
 * ```ts
 * const data = await readCsvWith('data.csv', {}, { threads: 2, blockBytes: 4096 });
 * ```
 */
export async function readCsvWith(path: string, options: ReadCsvOptions, reader: ByteReaderOptions): Promise<Dataset> {
  const { delimiter = ',', parser = 'auto', threads, ...tableOptions } = options;
  if (delimiter.length === 0) throw new CsvError(`the delimiter is empty; expected a character such as ','`, { file: path }, 'CSV_BAD_OPTION');
  if (parser !== 'auto' && parser !== 'papaparse') {
    throw new CsvError(`parser '${String(parser)}' is not one of 'auto', 'papaparse'`, { file: path }, 'CSV_BAD_OPTION');
  }
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0)) {
    throw new CsvError(`threads is ${String(threads)}; expected an integer >= 0`, { file: path }, 'CSV_BAD_OPTION');
  }
  const size = await checkFile(path);
  let table: BuiltTable;
  if (parser === 'papaparse' || !byteDelimiter(delimiter)) table = await parseFile(path, size, delimiter, tableOptions, null);
  else {
    let read;
    try {
      read = await readCsvBytes(path, size, delimiter, tableOptions, { threads, ...reader });
    } catch (e) {
      throw e instanceof GbtuneError ? e : fileError(path, e);
    }
    table = read.done ? finishTable(path, read.table) : await parseFile(path, size, delimiter, tableOptions, read);
  }
  return new Dataset(table.features, table.target, { file: path }, table.meta);
}

/** Where papaparse starts when the byte reader hands a file over: that row and the rows before. */
interface Resume {
  readonly offset: number;
  readonly line: number;
  readonly table: TableBuilder | null;
  readonly newline: '\n' | '\r\n' | undefined;
}

function finishTable(path: string, table: TableBuilder | null): BuiltTable {
  if (table === null) throw new CsvError('the file is empty; expected a header row and data rows', { file: path }, 'CSV_EMPTY');
  return table.finish();
}

/** The file's size in bytes; throws a CsvError when it cannot be read. */
async function checkFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw fileError(path, e);
  }
  if (info.isDirectory()) throw new CsvError('is a directory, not a CSV file', { file: path }, 'CSV_NOT_A_FILE');
  return info.size;
}

function fileError(path: string, e: unknown): CsvError {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return new CsvError('file not found', { file: path }, 'CSV_NOT_FOUND');
  if (code === 'EACCES' || code === 'EPERM') return new CsvError('permission denied', { file: path }, 'CSV_UNREADABLE');
  return new CsvError(`cannot read the file: ${(e as Error).message ?? String(e)}`, { file: path }, 'CSV_UNREADABLE');
}

function isBlank(row: string[]): boolean {
  return row.length === 1 && row[0].length === 0;
}

/** How many line breaks a row's fields hold (quoted fields may span lines). */
function breaksInside(row: string[], linebreak: string): number {
  const ch = linebreak === '\r' ? '\r' : '\n';
  let count = 0;
  for (let j = 0; j < row.length; j++) {
    const field = row[j];
    let k = field.indexOf(ch);
    while (k !== -1) {
      count++;
      k = field.indexOf(ch, k + 1);
    }
  }
  return count;
}

/**
 * papaparse over the file, or (`resume`) over the rest of it from the byte reader's stopping row,
 * with the byte reader's table and line count and the line ending papaparse guessed for the file.
 */
function parseFile(path: string, size: number, delimiter: string, options: TableOptions, resume: Resume | null) {
  return new Promise<BuiltTable>((resolve, reject) => {
    const start = resume?.offset ?? 0;
    // (the first chunk's size fixes the text papaparse guesses the line ending from)
    const bytes = createReadStream(path, { start, highWaterMark: FIRST_CHUNK });
    const text = new Utf8DecodeStream(path, { firstLine: resume?.line ?? 1, keepBom: start > 0 });
    let settled = false;
    let parser: Papa.Parser | null = null;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      parser?.abort();
      bytes.destroy();
      text.destroy();
      if (e instanceof GbtuneError) reject(e);
      else if ((e as { code?: string }).code !== undefined) reject(fileError(path, e));
      else reject(new CsvError(`cannot parse: ${(e as Error).message ?? String(e)}`, { file: path }, 'CSV_PARSE'));
    };
    bytes.on('error', fail);
    text.on('error', fail);
    bytes.pipe(text);

    let table: TableBuilder | null = resume?.table ?? null;
    const firstLine = resume?.line ?? 1;
    let line = firstLine; // the line where the next row starts
    let reserved = table !== null && table.rowCount > 0;
    Papa.parse<string[]>(text, {
      delimiter,
      ...(resume?.newline !== undefined ? { newline: resume.newline } : {}),
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false,
      chunk(results, p) {
        parser = p;
        if (settled) return;
        try {
          const rows = results.data;
          const errors = results.errors;
          const linebreak = results.meta.linebreak;
          let nextError = 0;
          for (let r = 0; r < rows.length; r++) {
            const row = rows[r];
            const at = line;
            const breaks = breaksInside(row, linebreak);
            line += 1 + breaks;
            while (nextError < errors.length && (errors[nextError].row ?? -1) < r) nextError++;
            const err = errors[nextError]?.row === r ? errors[nextError] : undefined;
            // a row that reaches the first invalid byte's line is cut short there (the text
            // ends before that byte): its problem is the encoding, unless a quote before that
            // byte is already malformed (an unterminated quote is the cut's doing)
            const problem = text.problem;
            if (problem !== null && at + breaks >= (problem.line ?? 0) && err?.code !== 'InvalidQuotes') throw problem;
            if (err !== undefined) {
              if (err.type === 'Quotes') {
                throw new CsvError(`malformed quotes (${err.message}); a quoted field must end with a quote followed by a delimiter or line end`, { file: path, line: at }, 'CSV_BAD_QUOTES');
              }
              throw new CsvError(`cannot parse the row: ${err.message}`, { file: path, line: at }, 'CSV_PARSE');
            }
            if (isBlank(row)) continue;
            if (table === null) table = tableFromHeader(path, row, delimiter, options);
            else table.addRow(row, at);
          }
          if (!reserved && table !== null && text.bytesIn > 0) {
            // size the columns once from the first chunk's bytes per line, so that they
            // neither grow nor get copied when the rows are of similar length
            // (an overestimate costs little: untouched pages of a large zero-filled buffer are
            // not resident, and a column with much slack is copied to its exact length at the end)
            reserved = true;
            const perLine = text.bytesIn / Math.max(1, line - firstLine);
            const estimate = Math.min(Math.ceil((size / perLine) * 1.02) + 16, MAX_RESERVED_ROWS);
            try {
              table.reserve(estimate - table.rowCount);
            } catch (e) {
              if (!(e instanceof RangeError)) throw e; // too large to reserve: grow in blocks instead
            }
          }
        } catch (e) {
          fail(e);
        }
      },
      complete() {
        if (settled) return;
        try {
          if (text.problem !== null) throw text.problem;
          const built = finishTable(path, table);
          settled = true;
          resolve(built);
        } catch (e) {
          fail(e);
        }
      },
      error(e) {
        fail(e);
      },
    });
  });
}
