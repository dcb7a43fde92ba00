/**
 * A dataset's target made from its built column: its classes and class codes, or its numbers for
 * regression, and the task they suggest (the rule `readCsv`, `Dataset.fromRecords` and
 * `Dataset.fromColumns` share through `TableBuilder`).
 */
import { CsvError, type CsvLocation } from '../core/errors.js';
import { type BuiltColumn, distinctSorted } from './column-builder.js';
import type { Target } from './columns.js';

/** Most distinct integers a numeric target may have to be read as classes. */
export const MAX_INTEGER_CLASSES = 50;

/**
 * The target from its built column: texts → classes; numbers → classes when all are integers
 * with at most {@link MAX_INTEGER_CLASSES} distinct values (or `asClasses`), else regression.
 * Throws a CsvError (at `where`) when there is one class.
 *
 * @example
 * ```ts
 * buildTarget('y', { kind: 'numeric', values: Float64Array.from([0, 1, 1]) }, false, {}).classes; // ['0', '1']
 * ```
 */
export function buildTarget(name: string, col: BuiltColumn, asClasses: boolean, where: CsvLocation): Target {
  let numeric: Float64Array | null = null;
  let classes: string[] | null = null;
  let classIndex: Int32Array | null = null;
  const n = col.values.length;
  if (col.kind === 'categorical') {
    classes = col.categories as string[];
    classIndex = Int32Array.from(col.values);
  } else {
    numeric = col.values;
    let integers = true;
    for (let i = 0; i < n && integers; i++) integers = Number.isInteger(numeric[i]);
    const few = integers && countDistinctUpTo(numeric, MAX_INTEGER_CLASSES + 1) <= MAX_INTEGER_CLASSES;
    if (asClasses || few) {
      const distinct = distinctSorted(numeric);
      const index = new Map<number, number>();
      for (let k = 0; k < distinct.length; k++) index.set(distinct[k], k);
      classIndex = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = numeric[i];
        classIndex[i] = index.get(v === 0 ? 0 : v) as number;
      }
      classes = Array.from(distinct, (v) => String(v));
    }
  }
  if (classes !== null && classes.length < 2) {
    throw new CsvError(
      `the target has one class ('${classes[0]}') in all ${n} rows; classification needs at least two classes`,
      where,
      'CSV_ONE_CLASS',
    );
  }
  const inferredTask = classes === null ? 'regression' : classes.length === 2 ? 'binary' : 'multiclass';
  return { name, numeric, classes, classIndex, inferredTask };
}

function countDistinctUpTo(values: Float64Array, limit: number): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size < limit; i++) seen.add(values[i]);
  return seen.size;
}
