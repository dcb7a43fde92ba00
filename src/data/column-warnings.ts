/**
 * Warnings about feature columns that a model can only memorize: an identifier (every value
 * distinct) or free text (thousands of distinct strings, most seen once). Said once when a table
 * is built (`readCsv`, `Dataset.fromRecords`, `Dataset.fromColumns`), naming the column and how
 * to leave it out, because such a column silently makes cross-validated scores and models worse.
 * Also a column of numbers with a few texts among them ('n/a', '-', 'unknown'): one text makes the
 * whole column categorical, every number a level of its own, where the user almost always meant
 * the text as missing.
 */
import { log } from '../core/log.js';
import type { Column } from './columns.js';
import { parseDecimal } from './decimal.js';

/** Fewer rows than this: "all distinct" says little (a small table's ages may all differ). */
export const ID_MIN_ROWS = 100;
/** A string column with at least this many distinct values ... */
export const FREE_TEXT_MIN_DISTINCT = 1000;
/** ... and on average fewer than this many rows per value reads as free text (not, say, city names). */
const FREE_TEXT_MAX_ROWS_PER_VALUE = 5;

/**
 * True when every value of a numeric column is a distinct integer (no missing). Only integer-like
 * columns count: a measured float (an area, a price with cents) is legitimately all distinct, while
 * identifiers are integers or strings. One pass for integrality and the range; a range narrower
 * than the row count cannot be all distinct; otherwise a bitmap over the range (or a sorted copy
 * when the range is wide) finds a repeat.
 */
function distinctIntegers(values: Float64Array): boolean {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) return false; // also NaN (missing)
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min + 1;
  if (range < n) return false;
  if (range <= 8 * n) {
    const seen = new Uint8Array(range);
    for (let i = 0; i < n; i++) {
      const k = values[i] - min;
      if (seen[k] === 1) return false;
      seen[k] = 1;
    }
    return true;
  }
  const sorted = Float64Array.from(values).sort();
  for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) return false;
  return true;
}

/** At least this share of a categorical column's present cells numbers, the rest texts: "numbers with a few texts". */
export const MOSTLY_NUMBERS_SHARE = 0.9;
/** Fewer present cells than this say little about what a column is. */
const MOSTLY_NUMBERS_MIN_CELLS = 20;

/**
 * For a categorical column whose present cells are mostly numbers (at least
 * {@link MOSTLY_NUMBERS_SHARE}) and some texts: the counts and the texts, most frequent first;
 * else null.
 */
function numbersWithTexts(c: Column): { numbers: number; texts: number; which: string[] } | null {
  const categories = c.categories ?? [];
  const isNumber = categories.map((t) => !Number.isNaN(parseDecimal(t.trim())));
  if (!isNumber.includes(true) || !isNumber.includes(false)) return null;
  const counts = new Float64Array(categories.length);
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (!Number.isNaN(v)) counts[v]++;
  }
  let numbers = 0;
  let texts = 0;
  for (let k = 0; k < categories.length; k++) {
    if (isNumber[k]) numbers += counts[k];
    else texts += counts[k];
  }
  if (numbers + texts < MOSTLY_NUMBERS_MIN_CELLS || numbers < MOSTLY_NUMBERS_SHARE * (numbers + texts)) return null;
  const which = categories
    .map((t, k) => ({ t, n: counts[k], number: isNumber[k] }))
    .filter((x) => !x.number)
    .sort((a, b) => b.n - a.n)
    .map((x) => x.t);
  return { numbers, texts, which };
}

/** How to leave a column out, in the library's and the command line's words. */
function howToDrop(name: string): string {
  return `leave it out with ignoreColumns: ['${name}'] (--ignore-column '${name}' on the command line)`;
}

/**
 * Warns (through the logger) about ID-like and free-text feature columns of `file`. Columns the
 * user made categorical (`forced`) are left alone: that was a choice.
 *
 * @example
 * ```ts
 * warnMemorizingColumns('data.csv', features, new Set());
 * // [gbtune] warn: data.csv: column 'id' looks like an identifier (all 569 values are distinct integers) ...
 * ```
 */
export function warnMemorizingColumns(file: string, features: readonly Column[], forced: ReadonlySet<string>): void {
  for (const c of features) {
    const n = c.values.length;
    if (forced.has(c.name)) continue;
    const mixed = c.kind === 'categorical' ? numbersWithTexts(c) : null;
    if (mixed !== null) {
      const shown = mixed.which.slice(0, 3).map((t) => `'${t}'`).join(', ') + (mixed.which.length > 3 ? `, ... (${mixed.which.length} distinct)` : '');
      const cells = mixed.texts === 1 ? '1 text' : `${mixed.texts} texts`;
      log.warn(
        `${file}: column '${c.name}' holds ${mixed.numbers} numbers and ${cells} (${shown}), so it was read as categorical with ${c.categories?.length ?? 0} levels, each number a level of its own; ` +
          `if the texts mean missing, add them to the missing tokens (missingTokens; --missing on the command line); if the column is categorical, say so with categorical: ['${c.name}'] (--categorical '${c.name}')`,
      );
      continue;
    }
    if (n < ID_MIN_ROWS) continue;
    if (c.kind === 'numeric') {
      if (distinctIntegers(c.values)) {
        log.warn(`${file}: column '${c.name}' looks like an identifier (all ${n} values are distinct integers); a model can only memorize it, which hurts on new rows: ${howToDrop(c.name)}`);
      }
      continue;
    }
    const distinct = c.categories?.length ?? 0;
    if (distinct === n) {
      log.warn(`${file}: column '${c.name}' looks like an identifier or free text (all ${n} values are distinct strings); a model can only memorize it, which hurts on new rows: ${howToDrop(c.name)}`);
    } else if (distinct >= FREE_TEXT_MIN_DISTINCT && distinct * FREE_TEXT_MAX_ROWS_PER_VALUE > n) {
      log.warn(
        `${file}: column '${c.name}' looks like free text (${distinct} distinct strings in ${n} rows); as a categorical feature it can only be memorized: ${howToDrop(c.name)}`,
      );
    }
  }
}
