import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { CsvError } from '../../src/core/errors.js';
import { captureLogsAsync } from '../../src/core/log.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** Writes `content` (text or bytes) to a fresh temp file and returns its path. */
function tmpCsv(content: string | Uint8Array): string {
  const path = join(dir, `t${counter++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** The CsvError that readCsv throws (warnings on the way are captured, not printed). */
async function csvError(path: string, options = {}): Promise<CsvError> {
  let error: unknown = null;
  await captureLogsAsync(async () => {
    try {
      await readCsv(path, options);
    } catch (e) {
      error = e;
    }
  });
  if (error === null) throw new Error(`expected readCsv(${path}) to fail`);
  expect(error).toBeInstanceOf(CsvError);
  return error as CsvError;
}

describe('readCsv errors name file, line and column', () => {
  it('file not found', async () => {
    const path = join(dir, 'nope.csv');
    const e = await csvError(path);
    expect(e.message).toBe(`${path}: file not found`);
    expect(e.code).toBe('CSV_NOT_FOUND');
  });

  it('empty file, and a file of blank lines', async () => {
    for (const content of ['', '\n\n']) {
      const path = tmpCsv(content);
      const e = await csvError(path);
      expect(e.code).toBe('CSV_EMPTY');
      expect(e.message).toBe(`${path}: the file is empty; expected a header row and data rows`);
    }
  });

  it('header only', async () => {
    const path = tmpCsv('a,b,target\n');
    const e = await csvError(path);
    expect(e.code).toBe('CSV_NO_ROWS');
    expect(e.message).toBe(`${path}: has a header but no data rows`);
  });

  it('ragged row at its line, counting lines inside quoted fields', async () => {
    const path = tmpCsv('a,b,target\n1,"two\nlines",0\n\n3,4,1\n5,6\n');
    const e = await csvError(path);
    expect(e.code).toBe('CSV_RAGGED_ROW');
    expect(e.line).toBe(6);
    expect(e.message).toBe(`${path}, line 6: expected 3 fields (as in the header), got 2`);
  });

  it('ragged row with CRLF line ends and a quoted CRLF', async () => {
    const path = tmpCsv('a,b,target\r\n"x\r\ny",1,0\r\n1,2,3,4\r\n');
    const e = await csvError(path);
    expect(e.line).toBe(4);
    expect(e.message).toContain('got 4');
  });

  it('ragged row far into a file (line count across stream chunks)', async () => {
    const rows = ['x,target'];
    for (let i = 0; i < 30000; i++) rows.push(i % 1000 === 7 ? `"a\nb${i}",${i % 2}` : `${i},${i % 2}`);
    rows.push('1,2,3');
    const path = tmpCsv(rows.join('\n') + '\n');
    const e = await csvError(path);
    // 30000 data rows, 30 of them spanning two lines, after the header
    expect(e.line).toBe(1 + 30000 + 30 + 1);
  });

  it('target column absent lists the columns', async () => {
    const path = tmpCsv('a,b,c\n1,2,3\n');
    const e = await csvError(path, { target: 'label' });
    expect(e.code).toBe('CSV_NO_TARGET');
    expect(e.message).toBe(`${path}, line 1: no target column 'label'; the columns are: a, b, c`);
  });

  it('target with one class', async () => {
    const path = tmpCsv('a,target\n1,yes\n2,yes\n3,\n');
    const e = await csvError(path);
    expect(e.code).toBe('CSV_ONE_CLASS');
    expect(e.column).toBe('target');
    expect(e.message).toBe(`${path}, column 'target': the target has one class ('yes') in all 2 rows; classification needs at least two classes`);
  });

  it('duplicate and empty column names', async () => {
    const dup = tmpCsv('a,b,a,target\n1,2,3,0\n');
    const e1 = await csvError(dup);
    expect(e1.code).toBe('CSV_DUPLICATE_COLUMN');
    expect(e1.message).toBe(`${dup}, line 1, column 'a': columns 1 and 3 are both named 'a'; column names must be unique`);
    const empty = tmpCsv('a,,target\n1,2,0\n');
    const e2 = await csvError(empty);
    expect(e2.code).toBe('CSV_EMPTY_NAME');
    expect(e2.message).toBe(`${empty}, line 1: column 2 of 3 has an empty name; every column needs a name`);
  });

  it('non-UTF-8 bytes name the line of the first bad byte', async () => {
    const head = new TextEncoder().encode('name,target\ncafé,1\nbar,0\n');
    const bad = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a]); // 'caf\xe9,1\n' (Latin-1)
    const path = tmpCsv(new Uint8Array([...head, ...bad]));
    const e = await csvError(path);
    expect(e.code).toBe('CSV_ENCODING');
    expect(e.line).toBe(4);
    expect(e.message).toBe(`${path}, line 4: invalid UTF-8 (byte 0xe9); save the file as UTF-8`);
  });

  it('non-UTF-8 bytes after many chunks, and a file ending mid-character', async () => {
    const rows = ['x,target'];
    for (let i = 0; i < 20000; i++) rows.push(`é${i},${i % 2}`);
    const good = new TextEncoder().encode(rows.join('\n') + '\n');
    const path = tmpCsv(new Uint8Array([...good, 0x61, 0xff, 0x2c, 0x31, 0x0a]));
    const e = await csvError(path);
    expect(e.line).toBe(20002);
    const cut = tmpCsv(new Uint8Array([...new TextEncoder().encode('x,target\n1,0\n2,1\n3,'), 0xc3]));
    const e2 = await csvError(cut);
    expect(e2.message).toBe(`${cut}, line 4: the file ends inside a multi-byte character`);
  });

  it('malformed quotes', async () => {
    const path = tmpCsv('a,target\n1,0\n"2,1\n3,0\n');
    const e = await csvError(path);
    expect(e.code).toBe('CSV_BAD_QUOTES');
    expect(e.line).toBe(3);
  });

  it('missing target: skipped with one counted warning, or an error under strict', async () => {
    const path = tmpCsv('a,target\n1,0\n2,\n3,1\n4,NA\n5,1\n');
    let nRows = 0;
    const logs = await captureLogsAsync(async () => {
      nRows = (await readCsv(path)).nRows;
    });
    expect(nRows).toBe(3);
    expect(logs).toEqual([{ level: 'warn', message: `${path}: skipped 2 rows whose target 'target' is missing (first at line 3)` }]);
    const e = await csvError(path, { strict: true });
    expect(e.code).toBe('CSV_MISSING_TARGET');
    expect(e.message).toBe(`${path}, line 3, column 'target': the target is missing (empty); with strict, every row needs a target`);
  });

  it('every target missing', async () => {
    const path = tmpCsv('a,target\n1,\n2,NA\n');
    const e = await csvError(path);
    expect(e.code).toBe('CSV_NO_ROWS');
  });

  it('unknown categorical column', async () => {
    const path = tmpCsv('a,target\n1,0\n2,1\n');
    const e = await csvError(path, { categorical: ['b'] });
    expect(e.message).toBe(`${path}, line 1: 'b' is listed as categorical but there is no such column; the columns are: a, target`);
  });
});

describe('readCsv inference', () => {
  it('iris: 150 rows, 4 numeric features, classes 0 1 2', async () => {
    const d = await readCsv('datasets/iris.csv');
    expect(d.nRows).toBe(150);
    expect(d.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(d.features.every((c) => c.kind === 'numeric')).toBe(true);
    expect(d.features[0].values[0]).toBe(5.1);
    expect(d.features[3].values[149]).toBe(1.8);
    const t = d.target!;
    expect(t.classes).toEqual(['0', '1', '2']);
    expect(t.inferredTask).toBe('multiclass');
    expect(Array.from(t.classIndex!.slice(48, 52))).toEqual([0, 0, 1, 1]);
    expect(t.numeric![149]).toBe(2);
  });

  it('credit_data: 4454 rows, 4 categorical columns in pandas order, missing as NaN', async () => {
    const d = await readCsv('datasets/credit_data.csv');
    expect(d.nRows).toBe(4454);
    const kinds = Object.fromEntries(d.features.map((c) => [c.name, c.kind]));
    expect(Object.entries(kinds).filter(([, k]) => k === 'categorical').map(([n]) => n)).toEqual(['Home', 'Marital', 'Records', 'Job']);
    // the fixture's pandas_categorical line
    expect(d.column('Home')!.categories).toEqual(['ignore', 'other', 'owner', 'parents', 'priv', 'rent']);
    expect(d.column('Marital')!.categories).toEqual(['divorced', 'married', 'separated', 'single', 'widow']);
    expect(d.column('Records')!.categories).toEqual(['no', 'yes']);
    expect(d.column('Job')!.categories).toEqual(['fixed', 'freelance', 'others', 'partime']);
    // first row: 9,rent,60,30,married,no,freelance,73,129,0,0,800,846,good
    expect(d.column('Home')!.values[0]).toBe(5);
    expect(d.column('Job')!.values[0]).toBe(1);
    expect(d.column('Income')!.values[0]).toBe(129);
    const nan = (name: string) => d.column(name)!.values.reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0);
    // counts of empty cells per column in the file
    expect([nan('Home'), nan('Marital'), nan('Job'), nan('Income'), nan('Assets'), nan('Debt')]).toEqual([6, 1, 2, 381, 47, 18]);
    expect(d.target!.classes).toEqual(['bad', 'good']);
    expect(d.target!.numeric).toBeNull();
    expect(d.target!.inferredTask).toBe('binary');
    expect(d.target!.classIndex!.reduce((s, v) => s + v, 0)).toBe(3200);
  });

  it('wine: multiclass by inference, with the numeric target kept for regression', async () => {
    const d = await readCsv('datasets/wine.csv');
    expect(d.nRows).toBe(178);
    expect(d.target!.inferredTask).toBe('multiclass');
    expect(d.target!.classes).toEqual(['0', '1', '2']);
    const y = d.target!.numeric!;
    expect(y.length).toBe(178);
    expect(y.reduce((s, v) => s + v, 0)).toBe(71 + 2 * 48);
  });

  it('wine as regression when forced: a feature as target with many non-integer values', async () => {
    const d = await readCsv('datasets/wine.csv', { target: 'alcohol' });
    expect(d.target!.inferredTask).toBe('regression');
    expect(d.target!.classes).toBeNull();
    expect(d.target!.classIndex).toBeNull();
    expect(d.target!.numeric![0]).toBe(14.23);
    expect(d.featureNames).toContain('target');
  });

  it('fertility: 254,654 rows, read streaming', async () => {
    const d = await readCsv('datasets/fertility.csv');
    expect(d.nRows).toBe(254654);
    expect(d.features.map((c) => c.kind)).toEqual(['categorical', 'categorical', 'numeric', 'categorical', 'categorical', 'categorical', 'numeric']);
    expect(d.column('gender1')!.categories).toEqual(['female', 'male']);
    expect(d.target!.classIndex!.reduce((s, v) => s + v, 0)).toBe(96912);
  });

  it('columns sized from the first chunk read right when later rows are shorter or longer', async () => {
    for (const [first, later] of [
      ['x'.repeat(200), 'y'],
      ['y', 'x'.repeat(200)],
    ]) {
      const rows = ['n,s,target'];
      for (let i = 0; i < 3000; i++) rows.push(`${i * 0.5},${i < 400 ? first : later},${i % 3}`);
      const d = await readCsv(tmpCsv(rows.join('\n')));
      expect(d.nRows).toBe(3000);
      const n = d.column('n')!.values;
      expect(n.length).toBe(3000);
      let ok = true;
      for (let i = 0; i < 3000; i++) ok &&= n[i] === i * 0.5;
      expect(ok).toBe(true);
      expect(Array.from(d.target!.classIndex!.slice(2995))).toEqual([1, 2, 0, 1, 2]);
    }
  });

  it('a UTF-8 byte order mark and quoted header names', async () => {
    const path = tmpCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('"a, b",target\r\n1,x\r\n2,y\r\n')]));
    const d = await readCsv(path);
    expect(d.featureNames).toEqual(['a, b']);
    expect(d.target!.classes).toEqual(['x', 'y']);
  });

  it('default target: the column named target, else the last; target false keeps all columns', async () => {
    const named = tmpCsv('target,x\n1,a\n0,b\n');
    expect((await readCsv(named)).target!.name).toBe('target');
    const last = tmpCsv('x,y\n1,a\n2,b\n');
    const d = await readCsv(last);
    expect(d.target!.name).toBe('y');
    expect(d.target!.classes).toEqual(['a', 'b']);
    const none = await readCsv(last, { target: false });
    expect(none.target).toBeNull();
    expect(none.featureNames).toEqual(['x', 'y']);
  });

  it('mixed columns, missing tokens, delimiter, forced categorical', async () => {
    const path = tmpCsv('n;m;c;f;y\n1.5;NA;b;10;1.5\n-2e1;?;05;2;2.25\n;null;a;10;3\n.5;NaN;;2.0;4\n');
    const d = await readCsv(path, { delimiter: ';', categorical: ['f'] });
    expect(Array.from(d.column('n')!.values)).toEqual([1.5, -20, NaN, 0.5]);
    expect(d.column('m')!.kind).toBe('numeric');
    expect(Array.from(d.column('m')!.values).every(Number.isNaN)).toBe(true);
    // '05' keeps its text: string order puts it first
    expect(d.column('c')!.categories).toEqual(['05', 'a', 'b']);
    expect(Array.from(d.column('c')!.values)).toEqual([2, 0, 1, NaN]);
    // forced categorical numbers: sorted numerically, '2' and '2.0' are one category
    expect(d.column('f')!.categories).toEqual(['2', '10']);
    expect(Array.from(d.column('f')!.values)).toEqual([1, 0, 1, 0]);
    expect(d.target!.inferredTask).toBe('regression');
    const custom = await readCsv(path, { delimiter: ';', missingTokens: ['NA'], target: 'f' });
    expect(custom.column('m')!.kind).toBe('categorical');
    expect(custom.column('m')!.categories).toEqual(['?', 'NaN', 'null']);
  });
});
