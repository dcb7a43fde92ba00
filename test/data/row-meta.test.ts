import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { CsvError, DataError } from '../../src/core/errors.js';
import { captureLogs, captureLogsAsync } from '../../src/core/log.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-meta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function tmpCsv(content: string): string {
  const path = join(dir, `m${counter++}.csv`);
  writeFileSync(path, content);
  return path;
}

const records = [
  { x: 1, w: 2, y: 'a' },
  { x: 2, w: 0.5, y: 'b' },
  { x: 3, w: 0, y: 'a' },
];

/** `f()`'s result, its warnings captured (not printed). */
function quiet<T>(f: () => T): T {
  let out: T | undefined;
  captureLogs(() => {
    out = f();
  });
  return out as T;
}

/** The error `f` throws (or fails the test). */
function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe("the weight option (LightGBM's weight): a column or an array", () => {
  it('a weight column is taken out of the features, the same from a file, records and columns', async () => {
    const path = tmpCsv('x,w,y\n1,2,a\n2,0.5,b\n3,0,a\n');
    const fromFile = await readCsv(path, { weight: 'w', target: 'y' });
    const fromRecords = Dataset.fromRecords(records, { weight: 'w', target: 'y' });
    const fromColumns = Dataset.fromColumns({ x: [1, 2, 3], w: new Float64Array([2, 0.5, 0]), y: ['a', 'b', 'a'] }, { weight: 'w', target: 'y' });
    for (const d of [fromFile, fromRecords, fromColumns]) {
      expect(d.featureNames).toEqual(['x']);
      expect(Array.from(d.weights!)).toEqual([2, 0.5, 0]);
      expect(d.weightColumn).toBe('w');
      expect(d.initScore).toBeNull();
    }
    // no weight option: w is a feature and there are no weights
    const plain = Dataset.fromRecords(records, { target: 'y' });
    expect(plain.featureNames).toEqual(['x', 'w']);
    expect(plain.weights).toBeNull();
  });

  it('a weight array gives one weight per input row; rows skipped for a missing target drop theirs', () => {
    const d = quiet(() => Dataset.fromRecords([{ x: 1, y: 'a' }, { x: 2, y: null }, { x: 3, y: 'b' }], { weight: [1, 7, 3], target: 'y' }));
    expect(d.nRows).toBe(2);
    expect(Array.from(d.weights!)).toEqual([1, 3]);
    expect(d.weightColumn).toBeNull();
    const c = quiet(() => Dataset.fromColumns({ x: [1, 2, 3], y: ['a', '', 'b'] }, { weight: new Float32Array([1, 7, 3]), target: 'y' }));
    expect(Array.from(c.weights!)).toEqual([1, 3]);
  });

  it('a bad weight is a CsvError naming the column and the line or row', async () => {
    let neg: unknown = null;
    await captureLogsAsync(async () => {
      neg = await readCsv(tmpCsv('x,w,y\n1,2,a\n2,-1,b\n'), { weight: 'w' }).catch((e: unknown) => e);
    });
    expect(neg).toBeInstanceOf(CsvError);
    expect((neg as CsvError).message).toMatch(/line 3, column 'w': the weight is -1; weights must be finite numbers >= 0/);
    const missing = await readCsv(tmpCsv('x,w,y\n1,,a\n'), { weight: 'w' }).catch((e: unknown) => e as Error);
    expect((missing as Error).message).toMatch(/line 2, column 'w': the weight is missing \(NaN\)/);
    const text = await readCsv(tmpCsv('x,w,y\n1,heavy,a\n'), { weight: 'w' }).catch((e: unknown) => e as Error);
    expect((text as Error).message).toMatch(/line 2, column 'w': the weight 'heavy' is not a number/);
    expect(errorOf(() => Dataset.fromRecords([{ x: 1, w: NaN, y: 'a' }], { weight: 'w' })).message).toMatch(/records, row 0, column 'w': the weight is missing/);
    expect(errorOf(() => Dataset.fromColumns({ x: [1, 2], w: [1, Infinity], y: ['a', 'b'] }, { weight: 'w' })).message).toMatch(/columns, row 1, column 'w': the weight is Infinity/);
    expect(errorOf(() => Dataset.fromRecords(records, { weight: [1, -2, 1] })).message).toMatch(/weight\[1\] \(the weight of input row 1, 0-based\) is -2/);
    expect(errorOf(() => Dataset.fromRecords(records, { weight: [1, 2] })).message).toMatch(/weight has 2 values; expected one per input row \(3\)/);
  });

  it('a weight column must exist and be neither the target, categorical nor ignored', () => {
    expect(errorOf(() => Dataset.fromRecords(records, { weight: 'v' })).message).toMatch(/no weight column 'v'; the columns are: x, w, y/);
    expect(errorOf(() => Dataset.fromRecords(records, { weight: 'y' })).message).toMatch(/column 'y': the weight column is the target/);
    expect(errorOf(() => Dataset.fromRecords(records, { weight: 'w', categorical: ['w'] })).message).toMatch(/is listed as categorical/);
    expect(errorOf(() => Dataset.fromRecords(records, { weight: 'w', ignoreColumns: ['w'] })).message).toMatch(/is listed to be ignored/);
  });
});

describe("the initScore option (LightGBM's init_score)", () => {
  it('one score per row, or numClass blocks class-major; skipped rows drop theirs in every block', () => {
    const d = Dataset.fromRecords(records, { initScore: [0.5, -1, 2] });
    expect(Array.from(d.initScore!)).toEqual([0.5, -1, 2]);
    const m = quiet(() => Dataset.fromRecords([{ x: 1, y: 'a' }, { x: 2, y: null }, { x: 3, y: 'b' }], { initScore: [1, 2, 3, 10, 20, 30], target: 'y' }));
    expect(Array.from(m.initScore!)).toEqual([1, 3, 10, 30]);
  });

  it('a wrong length or a non-finite score is an error', () => {
    expect(errorOf(() => Dataset.fromRecords(records, { initScore: [1, 2] })).message).toMatch(/initScore has 2 values; expected one per input row \(3\)/);
    expect(errorOf(() => Dataset.fromRecords(records, { initScore: [1, NaN, 2] })).message).toMatch(/initScore\[1\] \(row 1, block 0\) is NaN/);
  });
});

describe('Dataset.withWeightColumn (the weight_column param on a dataset read without it)', () => {
  it('takes the column out of the features as the weights', () => {
    const d = Dataset.fromRecords(records, { target: 'y' }).withWeightColumn('w');
    expect(d.featureNames).toEqual(['x']);
    expect(Array.from(d.weights!)).toEqual([2, 0.5, 0]);
    expect(d.weightColumn).toBe('w');
    expect(d.withWeightColumn('w')).toBe(d);
  });

  it('errors name the column and the row', () => {
    const bad = Dataset.fromRecords([{ x: 1, w: 1, y: 'a' }, { x: 2, w: -3, y: 'b' }]);
    const e = errorOf(() => bad.withWeightColumn('w'));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toMatch(/records: column 'w', row 1: the weight is -3/);
    expect(errorOf(() => bad.withWeightColumn('3')).message).toMatch(/no column '3'.*by name, not by index/);
    expect(errorOf(() => Dataset.fromRecords([{ x: 1, w: 'a', y: 'a' }, { x: 1, w: 'b', y: 'b' }]).withWeightColumn('w')).message).toMatch(/holds text/);
    const weighted = Dataset.fromRecords(records, { weight: [1, 1, 1] });
    expect(errorOf(() => weighted.withWeightColumn('w')).message).toMatch(/already has weights/);
  });
});
