import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { CsvError } from '../../src/core/errors.js';
import { captureLogs } from '../../src/core/log.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A CSV file as header + rows of text (parsed whole: fine for small test files). */
function table(path: string): { header: string[]; rows: string[][] } {
  const parsed = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  return { header: header, rows };
}

function expectSameDataset(a: Dataset, b: Dataset): void {
  expect(a.nRows).toBe(b.nRows);
  expect(a.featureNames).toEqual(b.featureNames);
  for (let j = 0; j < a.nFeatures; j++) {
    const x = a.features[j];
    const y = b.features[j];
    expect(x.kind).toBe(y.kind);
    expect(x.categories).toEqual(y.categories);
    expect(Array.from(x.values)).toEqual(Array.from(y.values));
  }
  expect(a.target?.name).toEqual(b.target?.name);
  expect(a.target?.classes).toEqual(b.target?.classes);
  expect(a.target?.inferredTask).toEqual(b.target?.inferredTask);
  expect(a.target?.classIndex && Array.from(a.target.classIndex)).toEqual(b.target?.classIndex && Array.from(b.target.classIndex));
  expect(a.target?.numeric && Array.from(a.target.numeric)).toEqual(b.target?.numeric && Array.from(b.target.numeric));
}

describe.each(['iris', 'credit_data', 'wine', 'breast_cancer'])('%s: fromRecords and fromColumns equal readCsv', (name) => {
  const path = `datasets/${name}.csv`;

  it('from text cells', async () => {
    const fromFile = await readCsv(path);
    const { header, rows } = table(path);
    const records = rows.map((r) => Object.fromEntries(header.map((h, j) => [h, r[j]])));
    expectSameDataset(Dataset.fromRecords(records), fromFile);
    const columns = Object.fromEntries(header.map((h, j) => [h, rows.map((r) => r[j])]));
    expectSameDataset(Dataset.fromColumns(columns), fromFile);
  });

  it('from typed values (numbers as numbers, missing as null)', async () => {
    const fromFile = await readCsv(path);
    const { header, rows } = table(path);
    const typed = (s: string): string | number | null => (s === '' ? null : Number.isNaN(Number(s)) ? s : Number(s));
    const records = rows.map((r) => Object.fromEntries(header.map((h, j) => [h, typed(r[j])])));
    expectSameDataset(Dataset.fromRecords(records), fromFile);
    const columns: Record<string, Float64Array | (string | number | null)[]> = {};
    for (let j = 0; j < header.length; j++) {
      const col = rows.map((r) => typed(r[j]));
      columns[header[j]] = col.every((v) => typeof v === 'number' || v === null) ? Float64Array.from(col, (v) => (v === null ? NaN : v)) : col;
    }
    expectSameDataset(Dataset.fromColumns(columns), fromFile);
  });
});

describe('in-memory errors say row where a file says line', () => {
  const catch_ = (fn: () => unknown): CsvError => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      return e as CsvError;
    }
    throw new Error('expected an error');
  };

  it('matches readCsv on the same table', async () => {
    const path = join(dir, 'miss.csv');
    writeFileSync(path, 'a,target\n1,x\n2,\n3,y\n');
    await expect(readCsv(path, { strict: true })).rejects.toThrow(`${path}, line 3, column 'target': the target is missing (empty); with strict, every row needs a target`);
    const e = catch_(() => Dataset.fromRecords([{ a: 1, target: 'x' }, { a: 2, target: null }, { a: 3, target: 'y' }], { strict: true }));
    expect(e.message).toBe(`records, row 1, column 'target': the target is missing (null); with strict, every row needs a target`);
    const e2 = catch_(() => Dataset.fromColumns({ a: [1, 2, 3], target: ['x', '', 'y'] }, { strict: true }));
    expect(e2.message).toBe(`columns, row 1, column 'target': the target is missing (empty); with strict, every row needs a target`);
    const logs = captureLogs(() => {
      expect(Dataset.fromColumns({ a: [1, 2, 3], target: ['x', 'NA', 'y'] }).nRows).toBe(2);
    });
    expect(logs.map((l) => l.message)).toEqual([`columns: skipped 1 row whose target 'target' is missing (first at row 1)`]);
  });

  it('one class, absent target, empty input, ragged input, bad values', () => {
    expect(catch_(() => Dataset.fromColumns({ a: [1, 2], y: ['k', 'k'] })).code).toBe('CSV_ONE_CLASS');
    expect(catch_(() => Dataset.fromRecords([{ a: 1, b: 2 }], { target: 'y' })).message).toBe(`records: no target column 'y'; the columns are: a, b`);
    expect(catch_(() => Dataset.fromRecords([])).code).toBe('CSV_EMPTY');
    expect(catch_(() => Dataset.fromColumns({})).code).toBe('CSV_EMPTY');
    expect(catch_(() => Dataset.fromColumns({ a: [], y: [] })).message).toBe('columns: has no rows');
    expect(catch_(() => Dataset.fromColumns({ a: [1, 2, 3], y: [0, 1] })).message).toBe(`columns, column 'y': has 2 values; expected 3, as column 'a' has`);
    expect(catch_(() => Dataset.fromRecords([{ a: 1, y: 0 }, { a: 2, y: 1, z: 3 }])).message).toBe(
      `records, row 1, column 'z': the key 'z' is not among the first record's keys (a, y)`,
    );
    expect(catch_(() => Dataset.fromRecords([{ a: 1, y: 0 }, { a: Infinity, y: 1 }])).message).toBe(
      `records, row 1, column 'a': the number Infinity is not finite; expected a finite number, a string, or null for missing`,
    );
    expect(catch_(() => Dataset.fromColumns({ a: [1, 2], '': [0, 1] })).code).toBe('CSV_EMPTY_NAME');
  });

  it('a record may omit a key (missing value)', () => {
    const d = Dataset.fromRecords([{ a: 1, b: 'u', y: 0 }, { b: 'v', y: 1 }, { a: 3, y: 0 }]);
    expect(Array.from(d.column('a')!.values)).toEqual([1, NaN, 3]);
    expect(Array.from(d.column('b')!.values)).toEqual([0, 1, NaN]);
    expect(d.target!.inferredTask).toBe('binary');
  });

  it('target forced categorical: many integer classes', () => {
    const y = Array.from({ length: 120 }, (_, i) => i % 60);
    const plain = Dataset.fromColumns({ x: y.map((v) => v * 2), y });
    expect(plain.target!.inferredTask).toBe('regression');
    const forced = Dataset.fromColumns({ x: y.map((v) => v * 2), y }, { categorical: ['y'] });
    expect(forced.target!.classes!.length).toBe(60);
    expect(forced.target!.inferredTask).toBe('multiclass');
    expect(forced.target!.classes!.slice(0, 3)).toEqual(['0', '1', '2']);
  });

  it('a Float64Array column is taken without a copy, unless rows are skipped or it is forced categorical', () => {
    const x = Float64Array.from([3, 1, NaN, 3]);
    const y = Float64Array.from([0, 1, 1, 0]);
    const d = Dataset.fromColumns({ x, y });
    expect(d.column('x')!.values).toBe(x);
    expect(d.target!.numeric).toBe(y);
    const forced = Dataset.fromColumns({ x, y }, { categorical: ['x'] });
    expect(Array.from(forced.column('x')!.values)).toEqual([1, 0, NaN, 1]);
    expect(Array.from(x)).toEqual([3, 1, NaN, 3]); // the input is not modified
    const skipped = captureLogs(() => {
      const s = Dataset.fromColumns({ x, y: Float64Array.from([0, NaN, 1, 0]) });
      expect(Array.from(s.column('x')!.values)).toEqual([3, NaN, 3]);
      expect(s.column('x')!.values).not.toBe(x);
    });
    expect(skipped.length).toBe(1);
    expect(catch_(() => Dataset.fromColumns({ x: Float64Array.from([1, -Infinity, 2, 3]), y })).message).toBe(
      `columns, row 1, column 'x': the number -Infinity is not finite; expected a finite number, a string, or null for missing`,
    );
  });
});
