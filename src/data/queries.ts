/**
 * Query groups of ranking data as LightGBM holds them (`Metadata::query_boundaries`): query q is
 * rows `[b[q], b[q + 1])`, so the rows of a query follow each other. Built from group sizes (as
 * LightGBM's `Dataset(group=...)`) or from a column of query ids, whose equal ids must be
 * contiguous: LightGBM silently starts a new query when an id comes back after another one;
 * gbtune stops with an error naming the id and both rows instead (sort the file by the id).
 * A subset of rows (a cv fold) keeps whole queries only (LightGBM's "data didn't match queries").
 *
 * @example
 * ```ts
 * queriesFromSizes([3, 2], 5); // Uint32Array [0, 3, 5]
 * subsetQueries(new Uint32Array([0, 3, 5]), new Uint32Array([3, 4]), 'fold 0 train'); // [0, 2]
 * ```
 */
import { DataError } from '../core/errors.js';

/**
 * Query boundaries from group sizes (positive integers summing to `nRows`). `what` names the input in errors.
 */
export function queriesFromSizes(sizes: ArrayLike<number>, nRows: number, what = 'group'): Uint32Array {
  const b = new Uint32Array(sizes.length + 1);
  for (let q = 0; q < sizes.length; q++) {
    const s = sizes[q];
    if (!(Number.isInteger(s) && s > 0)) throw new DataError(`${what}: size of query ${q} is ${s}; group sizes must be positive integers`);
    b[q + 1] = b[q] + s;
  }
  if (b[sizes.length] !== nRows) throw new DataError(`${what}: the group sizes sum to ${b[sizes.length]} rows, but the data has ${nRows}`);
  return b;
}

/**
 * Query boundaries from one query id per row (ids compared with `===`; numbers or strings).
 * `where(i)` describes row i in messages (e.g. `line 7`). Throws when an id comes back after
 * another query or is missing (`undefined`).
 */
export function queriesFromIds(ids: ArrayLike<unknown>, where: (row: number) => string, column: string): Uint32Array {
  const n = ids.length;
  const first = new Map<unknown, number>();
  const bounds: number[] = [0];
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (id === undefined || (typeof id === 'number' && Number.isNaN(id))) {
      throw new DataError(`group column '${column}': the query id at ${where(i)} is missing; every row needs its query id`);
    }
    if (i > 0 && id === ids[i - 1]) continue;
    const seen = first.get(id);
    if (seen !== undefined) {
      throw new DataError(
        `group column '${column}': query '${String(id)}' at ${where(i)} also came earlier (${where(seen)}), with other queries between; ` +
          "the rows of a query must follow each other (as LightGBM's query data): sort the data by the group column",
      );
    }
    first.set(id, i);
    if (i > 0) bounds.push(i);
  }
  if (n > 0) bounds.push(n);
  return Uint32Array.from(bounds);
}

/**
 * The query boundaries of rows `rows` (ascending indices into the data of `queries`), which must
 * be whole queries; `what` names the subset in errors (e.g. `cv fold 2 valid`).
 */
export function subsetQueries(queries: Uint32Array, rows: ArrayLike<number>, what: string): Uint32Array {
  const out: number[] = [0];
  let i = 0;
  let q = 0;
  const nq = queries.length - 1;
  while (i < rows.length) {
    const r = rows[i];
    while (q < nq && queries[q + 1] <= r) q++;
    const begin = queries[q];
    const len = queries[q + 1] - begin;
    if (q >= nq || r !== begin || i + len > rows.length || rows[i + len - 1] !== begin + len - 1) {
      throw new DataError(`${what}: row ${r} starts no whole query (query ${Math.min(q, nq - 1)} is rows ${begin}..${begin + len - 1}); with query groups, the rows of a part must be whole queries in order`);
    }
    i += len;
    q++;
    out.push(i);
  }
  return Uint32Array.from(out);
}

/** Group sizes of query boundaries (LightGBM's `Dataset.get_group()`). */
export function groupSizes(queries: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.max(0, queries.length - 1));
  for (let q = 0; q < out.length; q++) out[q] = queries[q + 1] - queries[q];
  return out;
}
