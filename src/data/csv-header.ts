/**
 * A CSV file's header row made into a {@link TableBuilder}, the same way whichever reader found
 * it (the byte reader of `csv-bytes.ts` or papaparse in `csv.ts`): with a hint when the header
 * looks like it was split with the wrong delimiter.
 */
import { log } from '../core/log.js';
import { TableBuilder, type TableOptions } from './table-builder.js';

/** Delimiters a one-column header may betray, and how to write them on the command line. */
const OTHER_DELIMITERS: readonly (readonly [string, string, string])[] = [
  [';', "';'", "';'"],
  ['\t', 'a tab', 'tab'],
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

/**
 * The table for a CSV file's header row (its first non-blank row): checks the names and options
 * (errors name the file and line 1) and hints at a wrong delimiter.
 *
 * @example
 * ```ts
 * const table = tableFromHeader('data.csv', ['x', 'target'], ',', {});
 * table.addRow(['1.5', 'yes'], 2);
 * ```
 */
export function tableFromHeader(path: string, header: readonly string[], delimiter: string, options: TableOptions): TableBuilder {
  hintDelimiter(path, header, delimiter);
  return new TableBuilder(header, options, { file: path, unit: 'line' });
}
