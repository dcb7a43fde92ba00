import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvError } from '../../src/core/errors.js';
import { captureLogs, captureLogsAsync } from '../../src/core/log.js';
import { readCsv } from '../../src/data/csv.js';
import { Dataset, type ColumnInput } from '../../src/data/dataset.js';
import { Rng } from '../../src/core/rng.js';

function warnings(fn: () => void): string[] {
  return captureLogs(fn)
    .filter((l) => l.level === 'warn')
    .map((l) => l.message);
}

/** n rows: a label with repeats and a measured float (all distinct, legitimately), plus `extra`. */
function table(n: number, extra: Record<string, ColumnInput>): Record<string, ColumnInput> {
  const rng = new Rng(3);
  return {
    x: Float64Array.from({ length: n }, () => rng.random() * 100),
    ...extra,
    y: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b')),
  };
}

describe('warnings about columns a model can only memorize', () => {
  it('an integer or string column with every value distinct is named as an identifier, with how to leave it out', () => {
    const n = 150;
    const w1 = warnings(() => Dataset.fromColumns(table(n, { id: Array.from({ length: n }, (_, i) => 1000 + i) }), { target: 'y' }));
    expect(w1).toEqual([
      "columns: column 'id' looks like an identifier (all 150 values are distinct integers); a model can only memorize it, which hurts on new rows: leave it out with ignoreColumns: ['id'] (--ignore-column 'id' on the command line)",
    ]);
    // shuffled, and spread wide (the sorted-copy path)
    const rng = new Rng(1);
    const wide = Array.from({ length: n }, (_, i) => i * 1_000_003 + 7);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.random() * (i + 1));
      [wide[i], wide[j]] = [wide[j], wide[i]];
    }
    expect(warnings(() => Dataset.fromColumns(table(n, { customer: wide }), { target: 'y' }))).toEqual([expect.stringMatching(/column 'customer' looks like an identifier \(all 150 values are distinct integers\)/)]);
    const ids = Array.from({ length: n }, (_, i) => `C-${String(i).padStart(5, '0')}`);
    expect(warnings(() => Dataset.fromRecords(ids.map((id, i) => ({ id, v: i % 7, y: i % 2 ? 'a' : 'b' })), { target: 'y' }))).toEqual([
      expect.stringMatching(/^records: column 'id' looks like an identifier or free text \(all 150 values are distinct strings\)/),
    ]);
  });

  it('no warning for a measured float column, integers with one repeat, a missing value, a small table, or a column made categorical on purpose', () => {
    const n = 150;
    const ints = Array.from({ length: n }, (_, i) => i);
    expect(warnings(() => Dataset.fromColumns(table(n, {}), { target: 'y' }))).toEqual([]);
    expect(warnings(() => Dataset.fromColumns(table(n, { k: ints.map((v) => (v === 5 ? 6 : v)) }), { target: 'y' }))).toEqual([]);
    expect(warnings(() => Dataset.fromColumns(table(n, { k: ints.map((v) => (v === 5 ? null : v)) }), { target: 'y' }))).toEqual([]);
    expect(warnings(() => Dataset.fromColumns(table(99, { k: ints.slice(0, 99) }), { target: 'y' }))).toEqual([]);
    expect(warnings(() => Dataset.fromColumns(table(n, { k: ints }), { target: 'y', categorical: ['k'] }))).toEqual([]);
  });

  it('a string column with thousands of distinct values, most seen once, is named as free text; many cities in many rows are not', () => {
    const n = 3000;
    const text = Array.from({ length: n }, (_, i) => `note ${i % 2500} about the loan`);
    expect(warnings(() => Dataset.fromColumns(table(n, { note: text }), { target: 'y' }))).toEqual([
      "columns: column 'note' looks like free text (2500 distinct strings in 3000 rows); as a categorical feature it can only be memorized: leave it out with ignoreColumns: ['note'] (--ignore-column 'note' on the command line)",
    ]);
    const cities = Array.from({ length: 12000 }, (_, i) => `city ${i % 1200}`);
    expect(warnings(() => Dataset.fromColumns(table(12000, { city: cities }), { target: 'y' }))).toEqual([]);
  });
});

describe('ignoreColumns (--ignore-column)', () => {
  it('leaves columns out of the features (and out of the warnings); the names are checked', async () => {
    const n = 150;
    const cols = table(n, { id: Array.from({ length: n }, (_, i) => i) });
    let d: Dataset | null = null;
    expect(warnings(() => (d = Dataset.fromColumns(cols, { target: 'y', ignoreColumns: ['id'] })))).toEqual([]);
    expect(d!.featureNames).toEqual(['x']);
    expect(d!.nRows).toBe(n);
    const recs = Dataset.fromRecords([{ id: 1, a: 2, y: 'p' }, { id: 2, a: 3, y: 'q' }], { target: 'y', ignoreColumns: ['id', 'a'] });
    expect(recs.featureNames).toEqual([]);
    expect(recs.nRows).toBe(2);
    expect(() => Dataset.fromColumns(cols, { target: 'y', ignoreColumns: ['ID'] })).toThrow(/'ID' is listed to be ignored but there is no such column; the columns are: x, id, y/);
    expect(() => Dataset.fromColumns(cols, { target: 'y', ignoreColumns: ['y'] })).toThrow(CsvError);
    expect(() => Dataset.fromColumns(cols, { target: 'y', ignoreColumns: ['y'] })).toThrow(/'y' is the target; it cannot be ignored/);
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-ignore-'));
    const file = join(dir, 'ids.csv');
    writeFileSync(file, `id,x,y\n${Array.from({ length: n }, (_, i) => `${i},${(i * 7) % 11},${i % 2}`).join('\n')}\n`);
    const logs = await captureLogsAsync(async () => {
      const f = await readCsv(file, { ignoreColumns: ['id'] });
      expect(f.featureNames).toEqual(['x']);
      expect(f.nRows).toBe(n);
    });
    expect(logs).toEqual([]);
  });
});

describe('a column of numbers with a few texts among them', () => {
  /** n rows of a measured float `x`, a label `y`, and column `b`: numbers, with `texts` at the rows given. */
  function csvWith(n: number, texts: Record<number, string>): string {
    const rng = new Rng(11);
    const rows = Array.from({ length: n }, (_, i) => `${(rng.random() * 10).toFixed(3)},${texts[i] ?? (rng.random() * 100).toFixed(2)},${i % 2}`);
    return `x,b,y\n${rows.join('\n')}\n`;
  }

  it('is named, with its texts and both ways out; the texts made missing give a numeric column and no warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-mixed-'));
    const file = join(dir, 'mixed.csv');
    // 2,000 rows: 1,997 numbers, 'n/a' twice and 'unknown' once (the ID-like warning would fire too)
    const text = csvWith(2000, { 150: 'n/a', 900: 'unknown', 1500: 'n/a' });
    writeFileSync(file, text);
    const levels = new Set(text.trim().split('\n').slice(1).map((r) => r.split(',')[1])).size;
    const logs = await captureLogsAsync(async () => {
      const d = await readCsv(file);
      expect(d.features[1].kind).toBe('categorical');
    });
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      `${file}: column 'b' holds 1997 numbers and 3 texts ('n/a', 'unknown'), so it was read as categorical with ${levels} levels, each number a level of its own; if the texts mean missing, add them to the missing tokens (missingTokens; --missing on the command line); if the column is categorical, say so with categorical: ['b'] (--categorical 'b')`,
    ]);
    const fixed = await captureLogsAsync(async () => {
      const d = await readCsv(file, { missingTokens: ['', 'NA', 'n/a', 'unknown'] });
      expect(d.features[1].kind).toBe('numeric');
      expect(d.features[1].values.filter((v) => Number.isNaN(v)).length).toBe(3);
    });
    expect(fixed).toEqual([]);
    // made categorical on purpose: no warning
    const onPurpose = await captureLogsAsync(async () => {
      await readCsv(file, { categorical: ['b'] });
    });
    expect(onPurpose.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('no warning for text categories with a few numbers, a column of more than a tenth texts, or a small table', () => {
    const n = 200;
    const sizes = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? String(36 + (i % 4)) : ['S', 'M', 'L'][i % 3]));
    expect(warnings(() => Dataset.fromColumns(table(n, { size: sizes }), { target: 'y' }))).toEqual([]);
    const many = Array.from({ length: n }, (_, i) => (i % 8 === 0 ? 'none' : String(i % 17)));
    expect(warnings(() => Dataset.fromColumns(table(n, { k: many }), { target: 'y' }))).toEqual([]);
    const small = Array.from({ length: 15 }, (_, i) => (i === 3 ? '-' : String(i)));
    expect(warnings(() => Dataset.fromColumns(table(15, { k: small }), { target: 'y' }))).toEqual([]);
    // from records too: numbers and one text
    const one = Array.from({ length: 50 }, (_, i) => (i === 7 ? '-' : i % 9));
    expect(warnings(() => Dataset.fromColumns(table(50, { k: one }), { target: 'y' }))).toEqual([
      expect.stringMatching(/^columns: column 'k' holds 49 numbers and 1 text \('-'\), so it was read as categorical with 10 levels/),
    ]);
  });
});

describe('a header read as one column that holds another delimiter', () => {
  it.each([
    ['a;b;target\n1;2;x\n3;4;y\n', /semi.csv: the header is one column \('a;b;target'\) holding ';'; is the delimiter ';'\? Give it with --delimiter ';' \(delimiter: ';' in readCsv\)/],
    ['a\tb\ttarget\n1\t2\tx\n3\t4\ty\n', /the header is one column \('a\\tb\\ttarget'\) holding a tab; is the delimiter a tab\? Give it with --delimiter tab \(delimiter: '\\t' in readCsv\)/],
  ])('suggests the delimiter (%j)', async (text, msg) => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-delim-'));
    const file = join(dir, 'semi.csv');
    writeFileSync(file, text);
    const logs = await captureLogsAsync(async () => {
      await readCsv(file).catch(() => undefined);
    });
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([expect.stringMatching(msg)]);
    const right = await captureLogsAsync(async () => {
      const d = await readCsv(file, { delimiter: text.includes('\t') ? '\t' : ';' });
      expect(d.featureNames).toEqual(['a', 'b']);
    });
    expect(right).toEqual([]);
  });
});
