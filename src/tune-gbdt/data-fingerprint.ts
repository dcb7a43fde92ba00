/**
 * A dataset's fingerprint for a study's record: its rows, its columns with their types, and a
 * SHA-256 of the parsed columns.
 *
 * The hash is over the columns as gbtune parsed them (names, kinds, category texts, the
 * `Float64Array` values, the target's classes and codes or numbers), not over the file's bytes:
 * a `Dataset` built in memory has no file; the same table saved with other line endings, quoting
 * or number spellings (`1.0` / `1`) is the same data to the trainer and hashes the same; and what
 * changes the trials (other rows, a column dropped with `--ignore-column`, `--categorical`,
 * `--missing`, `--target`, `--group-column`, row weights, initial scores) changes the hash. Row order counts (the folds depend on it). NaN is
 * hashed as one bit pattern; values are hashed in the machine's byte order (little-endian on every
 * platform Node supports in practice).
 */
import { createHash, type Hash } from 'node:crypto';
import type { Dataset } from '../data/dataset.js';

/** What a study records about its data. */
export interface DataFingerprint {
  rows: number;
  /** The features in order, each as `name (numeric)` or `name (categorical)`. */
  columns: string[];
  /** The target: `name (N classes: a, b, ...)` or `name (numeric)`. */
  target: string;
  /** SHA-256 (hex) of the parsed columns, see the module comment. */
  sha256: string;
  /** Where the row weights come from (`column 'w'`, `one per row`), absent without weights (hashed too). */
  weights?: string;
  /** The initial scores per row (`1 per row`, `3 per row`), absent without them (hashed too). */
  initScore?: string;
}

/** Values per hashed block (the block is copied so that NaN can be made canonical). */
const BLOCK = 8192;

function hashText(h: Hash, text: string): void {
  // length-prefixed, so that no two different sequences of texts hash alike
  const b = Buffer.from(text, 'utf8');
  const n = Buffer.alloc(4);
  n.writeUInt32LE(b.length);
  h.update(n);
  h.update(b);
}

function hashFloats(h: Hash, values: Float64Array, scratch: Float64Array): void {
  hashText(h, `f64:${values.length}`);
  for (let start = 0; start < values.length; start += BLOCK) {
    const end = Math.min(values.length, start + BLOCK);
    const n = end - start;
    scratch.set(values.subarray(start, end));
    for (let i = 0; i < n; i++) if (scratch[i] !== scratch[i]) scratch[i] = NaN;
    h.update(new Uint8Array(scratch.buffer, 0, n * 8));
  }
}

/** The target as the study shows it. */
function describeTarget(data: Dataset): string {
  const t = data.target;
  if (t === null) return '(none)';
  if (t.classes === null) return `${t.name} (numeric)`;
  const shown = t.classes.length <= 10 ? t.classes.join(', ') : `${t.classes.slice(0, 10).join(', ')}, ...`;
  return `${t.name} (${t.classes.length} classes: ${shown})`;
}

/**
 * The fingerprint of a dataset (see the module comment).
 *
 * @example
 * ```ts
 * const f = dataFingerprint(await readCsv('datasets/iris.csv'));
 * f.rows; // 150
 * f.target; // 'target (3 classes: 0, 1, 2)'
 * ```
 */
export function dataFingerprint(data: Dataset): DataFingerprint {
  const h = createHash('sha256');
  const scratch = new Float64Array(BLOCK);
  hashText(h, `rows:${data.nRows}`);
  for (const c of data.features) {
    hashText(h, `${c.kind}:${c.name}`);
    if (c.categories !== undefined) hashText(h, JSON.stringify(c.categories));
    hashFloats(h, c.values, scratch);
  }
  const t = data.target;
  if (t !== null) {
    hashText(h, `target:${t.name}`);
    if (t.classes !== null && t.classIndex !== null) {
      hashText(h, JSON.stringify(t.classes));
      h.update(new Uint8Array(t.classIndex.buffer, t.classIndex.byteOffset, t.classIndex.byteLength));
    }
    if (t.numeric !== null) hashFloats(h, t.numeric, scratch);
  }
  // weights and initial scores change every trial's value; data without them hashes as before
  const out: DataFingerprint = { rows: data.nRows, columns: data.features.map((c) => `${c.name} (${c.kind})`), target: describeTarget(data), sha256: '' };
  if (data.weights !== null) {
    out.weights = data.weightColumn !== null ? `column '${data.weightColumn}'` : 'one per row';
    hashText(h, `weights:${out.weights}`);
    hashFloats(h, data.weights, scratch);
  }
  if (data.initScore !== null) {
    out.initScore = `${data.initScore.length / Math.max(1, data.nRows)} per row`;
    hashText(h, `initScore:${out.initScore}`);
    hashFloats(h, data.initScore, scratch);
  }
  // ranking data: its query groups (other groups, other folds and metrics)
  const qb = data.queryBoundaries;
  if (qb !== null) {
    hashText(h, `queries:${qb.length - 1}`);
    h.update(new Uint8Array(qb.buffer, qb.byteOffset, qb.byteLength));
  }
  out.sha256 = h.digest('hex');
  return out;
}
