/**
 * Reading a CSV file into a {@link Dataset}, streaming: bytes are decoded chunk by chunk (strict
 * UTF-8), parsed by papaparse chunk by chunk, and each cell goes straight into its column's
 * growing `Float64Array`. The file's text is never held whole.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import Papa from 'papaparse';
import { CsvError, GbtuneError } from '../core/errors.js';
import { log } from '../core/log.js';
import { Dataset } from './dataset.js';
import { TableBuilder, type TableOptions } from './table-builder.js';
import { Utf8DecodeStream } from './utf8-stream.js';

/** The most rows reserved up front per column (larger files grow the columns in blocks). */
const MAX_RESERVED_ROWS = 2 ** 27;

/** Options of {@link readCsv}. */
export interface ReadCsvOptions extends TableOptions {
  /** The field delimiter. Default `','`. */
  delimiter?: string;
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
  const { delimiter = ',', ...tableOptions } = options;
  if (delimiter.length === 0) throw new CsvError(`the delimiter is empty; expected a character such as ','`, { file: path }, 'CSV_BAD_OPTION');
  const size = await checkFile(path);
  const table = await parseFile(path, size, delimiter, tableOptions);
  return new Dataset(table.features, table.target, { file: path }, table.meta);
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

/** Delimiters a one-column header may betray, and how to write them on the command line. */
const OTHER_DELIMITERS: readonly (readonly [string, string, string])[] = [
  [';', "';'", "';'"],
  ['\t', 'a tab', "tab"],
  ['|', "'|'", "'|'"],
];

/**
 * Warns when the header parsed as one column but holds another common delimiter (a `;` file read
 * with `,`): everything would be one column, and the error that follows would not say why.
 */
function hintDelimiter(path: string, header: readonly string[], delimiter: string): void {
  if (header.length !== 1) return;
  const text = header[0];
  for (const [d, name, flag] of OTHER_DELIMITERS) {
    if (d !== delimiter && text.includes(d)) {
      const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
      log.warn(
        `${path}: the header is one column ('${shown.replace(/\t/g, '\\t')}') holding ${name}; is the delimiter ${name}? Give it with --delimiter ${flag} (delimiter: '${d === '\t' ? '\\t' : d}' in readCsv)`,
      );
      return;
    }
  }
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

function parseFile(path: string, size: number, delimiter: string, options: TableOptions) {
  return new Promise<ReturnType<TableBuilder['finish']>>((resolve, reject) => {
    const bytes = createReadStream(path);
    const text = new Utf8DecodeStream(path);
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

    let table: TableBuilder | null = null;
    let line = 1; // the line where the next row starts
    let reserved = false;
    Papa.parse<string[]>(text, {
      delimiter,
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
            line += 1 + breaksInside(row, linebreak);
            while (nextError < errors.length && (errors[nextError].row ?? -1) < r) nextError++;
            const err = errors[nextError];
            if (err !== undefined && err.row === r) {
              if (err.type === 'Quotes') {
                throw new CsvError(`malformed quotes (${err.message}); a quoted field must end with a quote followed by a delimiter or line end`, { file: path, line: at }, 'CSV_BAD_QUOTES');
              }
              throw new CsvError(`cannot parse the row: ${err.message}`, { file: path, line: at }, 'CSV_PARSE');
            }
            if (isBlank(row)) continue;
            if (table === null) {
              hintDelimiter(path, row, delimiter);
              table = new TableBuilder(row, options, { file: path, unit: 'line' });
            }
            else table.addRow(row, at);
          }
          if (!reserved && table !== null && text.bytesIn > 0) {
            // size the columns once from the first chunk's bytes per line, so that they
            // neither grow nor get copied when the rows are of similar length
            // (an overestimate costs little: untouched pages of a large zero-filled buffer are
            // not resident, and a column with much slack is copied to its exact length at the end)
            reserved = true;
            const perLine = text.bytesIn / Math.max(1, line - 1);
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
        if (table === null) {
          fail(new CsvError('the file is empty; expected a header row and data rows', { file: path }, 'CSV_EMPTY'));
          return;
        }
        try {
          const built = table.finish();
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
