/**
 * K-fold splits of row indices for cross-validation: plain and stratified, seeded; by query groups (ranking).
 *
 * The stratified split follows scikit-learn's `StratifiedKFold` (sklearn/model_selection/_split.py,
 * 1.x): classes are numbered by first appearance, the labels sorted by that number are dealt to
 * the folds round-robin to decide how many rows of each class each fold gets (so per class the
 * fold counts differ by at most one, and fold sizes are balanced overall), then each class's rows,
 * in file order, take their folds from that allocation (shuffled per class when `shuffle`).
 */
import { DataError, ParamError } from '../core/errors.js';
import { log } from '../core/log.js';
import { Rng } from '../core/rng.js';

/** One fold: training rows and validation rows, each sorted ascending. */
export interface Fold {
  readonly train: Uint32Array;
  readonly valid: Uint32Array;
}

/** Options of {@link kFold} and {@link stratifiedKFold}. */
export interface KFoldOptions {
  /** Shuffle the rows before splitting (default true); false keeps contiguous blocks in order. */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0); the same seed gives the same folds. */
  seed?: number;
}

function checkFolds(nFolds: number, nRows: number): void {
  if (!Number.isInteger(nFolds) || nFolds < 2) {
    throw new ParamError('nFolds', nFolds, `nFolds must be an integer >= 2, got ${nFolds}`);
  }
  if (nFolds > nRows) {
    throw new ParamError('nFolds', nFolds, `nFolds (${nFolds}) must be at most the number of rows (${nRows})`);
  }
}

/** Turns a fold number per row into folds with sorted train and valid rows. */
function foldsFromAssignment(foldOf: Int32Array, nFolds: number): Fold[] {
  const n = foldOf.length;
  const sizes = new Int32Array(nFolds);
  for (let i = 0; i < n; i++) sizes[foldOf[i]]++;
  const folds: Fold[] = [];
  for (let f = 0; f < nFolds; f++) {
    const valid = new Uint32Array(sizes[f]);
    const train = new Uint32Array(n - sizes[f]);
    let v = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      if (foldOf[i] === f) valid[v++] = i;
      else train[t++] = i;
    }
    folds.push({ train, valid });
  }
  return folds;
}

/**
 * Splits rows `0..nRows-1` into `nFolds` folds of sizes differing by at most one (the first
 * `nRows % nFolds` folds get one more), like scikit-learn's `KFold`.
 *
 * @example
 * ```ts
 * for (const { train, valid } of kFold(100, 5, { seed: 1 })) { ... } // 80 train rows, 20 valid
 * ```
 */
export function kFold(nRows: number, nFolds: number, { shuffle = true, seed = 0 }: KFoldOptions = {}): Fold[] {
  if (!Number.isInteger(nRows) || nRows < 0) throw new ParamError('nRows', nRows, `nRows must be a non-negative integer, got ${nRows}`);
  checkFolds(nFolds, nRows);
  const order = new Uint32Array(nRows);
  for (let i = 0; i < nRows; i++) order[i] = i;
  if (shuffle) new Rng(seed).shuffle(order);
  const foldOf = new Int32Array(nRows);
  const base = Math.floor(nRows / nFolds);
  const extra = nRows % nFolds;
  let pos = 0;
  for (let f = 0; f < nFolds; f++) {
    const size = base + (f < extra ? 1 : 0);
    for (let k = 0; k < size; k++) foldOf[order[pos++]] = f;
  }
  return foldsFromAssignment(foldOf, nFolds);
}

/**
 * Splits rows into `nFolds` folds that keep each class's share, like scikit-learn's
 * `StratifiedKFold`. `classIndex[i]` is row i's class (a non-negative integer). A class with
 * fewer rows than folds gets a warning (as scikit-learn warns); when every class has fewer rows
 * than folds it is a {@link DataError}.
 *
 * @example
 * ```ts
 * const folds = stratifiedKFold(data.target!.classIndex!, 5, { seed: 42 });
 * ```
 */
export function stratifiedKFold(classIndex: Int32Array, nFolds: number, { shuffle = true, seed = 0 }: KFoldOptions = {}): Fold[] {
  const n = classIndex.length;
  checkFolds(nFolds, n);
  // number the classes by first appearance
  let maxClass = -1;
  for (let i = 0; i < n; i++) {
    const c = classIndex[i];
    if (c < 0) throw new DataError(`stratifiedKFold: class index ${c} at row ${i} is negative; expected 0, 1, 2, ...`);
    if (c > maxClass) maxClass = c;
  }
  const encodeOf = new Int32Array(maxClass + 1).fill(-1);
  let nClasses = 0;
  for (let i = 0; i < n; i++) {
    const c = classIndex[i];
    if (encodeOf[c] === -1) encodeOf[c] = nClasses++;
  }
  const counts = new Int32Array(nClasses);
  for (let i = 0; i < n; i++) counts[encodeOf[classIndex[i]]]++;
  let minCount = n;
  let maxCount = 0;
  for (let k = 0; k < nClasses; k++) {
    minCount = Math.min(minCount, counts[k]);
    maxCount = Math.max(maxCount, counts[k]);
  }
  if (maxCount < nFolds) {
    throw new DataError(`stratifiedKFold: nFolds (${nFolds}) is greater than the number of rows of every class (largest class: ${maxCount} rows)`);
  }
  if (minCount < nFolds) {
    log.warn(`stratifiedKFold: the least populated class has only ${minCount} rows, fewer than nFolds (${nFolds}); some folds will lack it`);
  }
  // allocation[f * nClasses + k]: rows of class k in fold f, from dealing the sorted labels round-robin
  const allocation = new Int32Array(nFolds * nClasses);
  let pos = 0;
  for (let k = 0; k < nClasses; k++) {
    for (let r = 0; r < counts[k]; r++) {
      allocation[(pos % nFolds) * nClasses + k]++;
      pos++;
    }
  }
  const rng = new Rng(seed);
  const foldOf = new Int32Array(n);
  const cursor = new Int32Array(nClasses);
  const foldLists: Int32Array[] = [];
  for (let k = 0; k < nClasses; k++) {
    const list = new Int32Array(counts[k]);
    let p = 0;
    for (let f = 0; f < nFolds; f++) {
      const a = allocation[f * nClasses + k];
      for (let r = 0; r < a; r++) list[p++] = f;
    }
    if (shuffle) rng.shuffle(list);
    foldLists.push(list);
  }
  for (let i = 0; i < n; i++) {
    const k = encodeOf[classIndex[i]];
    foldOf[i] = foldLists[k][cursor[k]++];
  }
  return foldsFromAssignment(foldOf, nFolds);
}

/**
 * Splits whole queries into `nFolds` folds (a query is never split across folds), as scikit-learn's
 * `GroupKFold` without shuffling, which `lgb.cv` uses for ranking: queries from the largest down
 * (equal sizes: the later query first, as `argsort(kind='stable')[::-1]`), each into the fold with
 * the fewest rows so far (the first such fold). Deterministic: the same queries give LightGBM's
 * folds. `queries` are query boundaries (query q = rows `[queries[q], queries[q + 1])`).
 *
 * @example
 * ```ts
 * const folds = groupKFold(data.queryBoundaries!, 5);
 * ```
 */
export function groupKFold(queries: Uint32Array, nFolds: number): Fold[] {
  const nq = queries.length - 1;
  if (!Number.isInteger(nFolds) || nFolds < 2) throw new ParamError('nFolds', nFolds, `nFolds must be an integer >= 2, got ${nFolds}`);
  if (nFolds > nq) throw new ParamError('nFolds', nFolds, `nFolds (${nFolds}) must be at most the number of queries (${nq})`);
  const order = Array.from({ length: nq }, (_, q) => q);
  // stable ascending by size, then reversed: largest first, ties later query first
  order.sort((a, b) => queries[a + 1] - queries[a] - (queries[b + 1] - queries[b]));
  order.reverse();
  const load = new Float64Array(nFolds);
  const foldOfQuery = new Int32Array(nq);
  for (const q of order) {
    let lightest = 0;
    for (let f = 1; f < nFolds; f++) if (load[f] < load[lightest]) lightest = f;
    load[lightest] += queries[q + 1] - queries[q];
    foldOfQuery[q] = lightest;
  }
  const foldOf = new Int32Array(queries[nq]);
  for (let q = 0; q < nq; q++) foldOf.fill(foldOfQuery[q], queries[q], queries[q + 1]);
  return foldsFromAssignment(foldOf, nFolds);
}
