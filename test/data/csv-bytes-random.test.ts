/**
 * The byte reader (readCsv's default path) against papaparse reading every row, on seeded random
 * files mixing every shape of field, line end, encoding fault, malformed row and option the two
 * treat differently, from a few rows to files of several read blocks: the same dataset (values bit
 * for bit), warnings and error (code and message, naming the same line and column).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv, readCsvWith, type ReadCsvOptions } from '../../src/data/csv.js';
import { CsvThreads } from '../../src/data/csv-threads.js';
import { readCsvBytes } from '../../src/data/csv-bytes.js';
import type { Dataset } from '../../src/data/dataset.js';
import { captureLogsAsync } from '../../src/core/log.js';
import { Rng } from '../../src/core/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-csv-random-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** A dataset as plain data, every array as a hash of its exact bytes (NaN payloads and -0 included). */
function snapshot(d: Dataset): unknown {
  const bytes = (a: Float64Array | Int32Array | null) =>
    a === null ? null : `${a.length}:${createHash('sha256').update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16)}`;
  const t = d.target;
  const m = d.meta;
  const u32 = (a: Uint32Array | null) => (a === null ? null : Array.from(a).join(' '));
  return {
    meta: { weights: m.weights === null ? null : bytes(m.weights), weightColumn: m.weightColumn, queries: u32(m.queryBoundaries) },
    nRows: d.nRows,
    features: d.features.map((c) => ({ name: c.name, kind: c.kind, categories: c.categories ?? null, values: bytes(c.values) })),
    target: t === null ? null : { name: t.name, classes: t.classes, task: t.inferredTask, classIndex: bytes(t.classIndex), numeric: bytes(t.numeric) },
  };
}

/** How the byte reader reads in a test: as readCsv does, or split by worker threads in blocks of a few KiB. */
type Reading = 'default' | 'threads';

async function outcome(path: string, options: ReadCsvOptions, reading: Reading = 'default'): Promise<unknown> {
  let data: unknown = null;
  let error: unknown = null;
  const logs = await captureLogsAsync(async () => {
    try {
      data = snapshot(reading === 'threads' ? await readCsvWith(path, options, { threads: 2, blockBytes: 4096 }) : await readCsv(path, options));
    } catch (e) {
      const err = e as { name: string; code?: string; message: string };
      error = { name: err.name, code: err.code, message: err.message };
    }
  });
  return { data, error, logs };
}

/** 'all' when the byte reader reads every row, 'handed' when papaparse reads on from some row, 'error' when a row it reads fails. */
async function byteReaderReach(path: string, options: ReadCsvOptions): Promise<'all' | 'handed' | 'error'> {
  let at: 'all' | 'handed' | 'error' = 'error';
  await captureLogsAsync(async () => {
    try {
      const r = await readCsvBytes(path, statSync(path).size, options.delimiter ?? ',', options);
      at = r.done ? 'all' : 'handed';
    } catch {
      at = 'error';
    }
  });
  return at;
}

const WORDS = ['red', 'blue', 'ünï', 'a b', 'x', 'null ', 'NA ', 'Ø', 'female', 'hispanic_origin', 'a_fairly_long_category_name'];
const NUMBER_LIKE = ['-0', '-0.0', '+3', '.5', '5.', ' 7', '7 ', '1e5', '1.5E-3', '-2.5e+300', '1e400', '0x1', '1_000', 'Infinity', '00012', '0.000', '123456789012345678901234', '1.234567890123456789012e-5', '9007199254740993'];
const MISSING = ['', 'NA', 'NaN', 'null', '?', '-999', 'nan'];
const INVALID_UTF8 = [[0xe9], [0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf0, 0x9f]];

/** A field of a column of the given kind. */
function field(rng: Rng, kind: number, delimiter: string, odd: number): string {
  const r = rng.random();
  let f: string;
  if (r < odd) f = ['"a""b"', '"two\nlines"', 'a"b', '"open', '"x" ', '"1"2'][rng.below(6)];
  else if (r < 0.1) f = MISSING[rng.below(MISSING.length)];
  else if (kind === 0 || (kind === 2 && r < 0.995) || (kind === 3 && r < 0.5)) {
    const s = rng.random();
    if (s < 0.6) f = String(rng.normal() * 10 ** (rng.below(17) - 8));
    else if (s < 0.8) f = String(rng.below(7) - 3);
    else if (s < 0.9) f = rng.normal().toFixed(rng.below(6));
    else f = NUMBER_LIKE[rng.below(NUMBER_LIKE.length)];
  } else if (kind === 3 && r < 0.6) f = `"q${delimiter}t"`;
  else f = WORDS[rng.below(WORDS.length)];
  return f.includes(delimiter) && !f.startsWith('"') ? f.split(delimiter).join('') : f;
}

/** A weight cell: a number >= 0 in some spelling, or (`bad`) missing, negative, too large or a text. */
function weightField(rng: Rng, bad: boolean): string {
  if (!bad) return [String(rng.random() * 3), String(rng.below(4)), '0', '-0', '1e-3', ' 2 '][rng.below(6)];
  return ['', 'NA', '-1', '1e39', 'x', '-999'][rng.below(6)];
}

/** A query id for row i: runs of `run` rows (ids numbers or texts), or (`bad`) missing or an id coming back. */
function groupField(rng: Rng, i: number, run: number, texts: boolean, bad: boolean): string {
  if (bad && rng.random() < 0.5) return ['', 'NA'][rng.below(2)];
  const q = bad ? 0 : Math.floor(i / run);
  return texts ? `q${q}${rng.random() < 0.01 ? ' ' : ''}` : String(q);
}

/**
 * A seeded random CSV of `nRows` rows. Column kinds: 0 numbers (and missing), 1 texts, 2 numbers
 * with a rare text (turns categorical late), 3 anything. Half the files hold, somewhere, what
 * only papaparse reads (odd quotes, other line ends, ragged rows); some hold invalid UTF-8. Some
 * have a weight column (`w`) or a group column (`g`, query ids) among the options.
 */
function randomCsv(rng: Rng, nRows: number): { content: Buffer; options: ReadCsvOptions } {
  const delimiter = [',', ',', ';', '\t', '|', ' '][rng.below(6)];
  const odd = rng.random() < 0.5 ? (nRows > 100 ? 2 / nRows : 0.05) : 0;
  const mainEol = ['\n', '\r\n'][rng.below(2)];
  const eol = (): string => (rng.random() < odd / 2 ? ['\n', '\r\n', '\r'][rng.below(3)] : mainEol);
  const nCols = 1 + rng.below(6);
  const kinds = Array.from({ length: nCols }, () => rng.below(4));
  const quoteAll = rng.random() < 0.2;
  const quote = (f: string): string => (quoteAll && !f.includes('"') && rng.random() < 0.7 ? `"${f}"` : f);
  const parts: Buffer[] = [];
  // a weight column and a group column, each in some files, after the others
  const weightAt = rng.random() < 0.2 ? nCols : -1;
  const groupAt = rng.random() < 0.2 ? nCols + (weightAt >= 0 ? 1 : 0) : -1;
  const run = 1 + rng.below(20);
  const groupTexts = rng.random() < 0.5;
  // in a few files, one bad weight or query id somewhere
  const badWeightAt = rng.random() < 0.3 ? rng.below(nRows) : -1;
  const badGroupAt = rng.random() < 0.3 ? rng.below(nRows) : -1;
  const names = Array.from({ length: nCols }, (_, j) => quote(`c${j}`));
  if (weightAt >= 0) names.push(quote('w'));
  if (groupAt >= 0) names.push(quote('g'));
  parts.push(Buffer.from((rng.random() < 0.1 ? '\ufeff' : '') + names.join(delimiter) + eol()));
  const invalidAt = rng.random() < 0.15 ? rng.below(nRows) : -1;
  // often a malformed row shortly before or after the invalid byte (the first in the file is the error)
  const raggedAt = invalidAt >= 0 && rng.random() < 0.6 ? invalidAt + rng.below(41) - 20 : -1;
  for (let i = 0; i < nRows; i++) {
    let line = rng.random() < 0.02 ? eol() : '';
    let k = nCols;
    if (rng.random() < odd / 2 || i === raggedAt) k += rng.random() < 0.5 ? -1 : 1;
    const cells = Array.from({ length: Math.max(1, k) }, (_, j) => quote(field(rng, kinds[j % nCols], delimiter, odd)));
    if (weightAt >= 0) cells.push(quote(weightField(rng, i === badWeightAt)));
    if (groupAt >= 0) cells.push(quote(groupField(rng, i, run, groupTexts, i === badGroupAt)));
    line += cells.join(delimiter);
    if (i === invalidAt) {
      parts.push(Buffer.from(line), Buffer.from(INVALID_UTF8[rng.below(INVALID_UTF8.length)]));
      line = '';
    }
    if (i < nRows - 1 || rng.random() < 0.8) line += eol();
    parts.push(Buffer.from(line));
  }
  if (rng.random() < 0.03) parts.push(Buffer.from([0xc3])); // ends inside a character
  const options: ReadCsvOptions = { delimiter };
  if (rng.random() < (nRows > 100 ? 0.05 : 0.2)) options.strict = true;
  if (rng.random() < 0.2) options.missingTokens = ['-999', '', 'nan', ' 7'];
  if (rng.random() < 0.2) options.target = false;
  else if (rng.random() < 0.2) options.target = `c${rng.below(nCols)}`;
  if (rng.random() < 0.1) options.categorical = [`c${rng.below(nCols)}`];
  if (weightAt >= 0 && rng.random() < 0.8) options.weight = 'w';
  if (groupAt >= 0 && rng.random() < 0.8) options.group = 'g';
  return { content: Buffer.concat(parts), options };
}

describe('the byte reader equals papaparse on random awkward files', () => {
  async function check(seed: number, files: number, rows: () => number, minWhole: number, minHanded: number, reading: Reading = 'default'): Promise<void> {
    const rng = new Rng(seed);
    const reach = { all: 0, handed: 0, error: 0 };
    for (let t = 0; t < files; t++) {
      const { content, options } = randomCsv(rng, rows());
      const path = join(dir, `r${counter++}.csv`);
      writeFileSync(path, content);
      const fast = await outcome(path, options, reading);
      const general = await outcome(path, { ...options, parser: 'papaparse' });
      // (the file is named by seed and index, not printed: it may be megabytes)
      expect([seed, t, fast]).toEqual([seed, t, general]);
      reach[await byteReaderReach(path, options)]++;
    }
    // both paths exercised: files read whole by the byte reader, and files handed over
    expect(reach.all).toBeGreaterThanOrEqual(minWhole);
    expect(reach.handed).toBeGreaterThanOrEqual(minHanded);
  }

  it('400 small files (up to 60 rows)', async () => {
    const rng = new Rng(1);
    await check(2024, 400, () => 1 + rng.below(60), 60, 60);
  });

  it('40 files over several 64 KiB chunks (2,000-6,000 rows)', async () => {
    const rng = new Rng(2);
    await check(2025, 40, () => 2000 + rng.below(4000), 5, 5);
  });

  it('3 files over several 1 MiB read blocks (60,000 rows)', async () => {
    await check(2026, 3, () => 60000, 0, 0);
  });

  it('split by two worker threads in blocks of 4 KiB: 40 files of 2,000-6,000 rows, 3 of 60,000', async () => {
    // the threads run the compiled worker (dist/data/csv-worker.js): build first
    expect(CsvThreads.acquire(2), 'dist/data/csv-worker.js missing: run npx tsc -p tsconfig.build.json').not.toBeNull();
    const rng = new Rng(3);
    await check(2027, 40, () => 2000 + rng.below(4000), 5, 5, 'threads');
    await check(2028, 3, () => 60000, 0, 0, 'threads');
  });
});
