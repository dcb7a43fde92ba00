/**
 * The byte reader (readCsv's default path) against papaparse reading every row (`parser:
 * 'papaparse'`, the path before the byte reader existed): the same dataset, bins, warnings and
 * errors on every dataset in datasets/ and on awkward files; and which rows the byte reader takes
 * itself (all of a plain file) or hands to papaparse (from the first row it cannot read).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv, type ReadCsvOptions } from '../../src/data/csv.js';
import { guessNewline, readCsvBytes } from '../../src/data/csv-bytes.js';
import { BinnedDataset } from '../../src/data/binned-dataset.js';
import type { Dataset } from '../../src/data/dataset.js';
import { captureLogsAsync } from '../../src/core/log.js';
import { Rng } from '../../src/core/rng.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-csv-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

function tmpCsv(content: string | Uint8Array): string {
  const path = join(dir, `t${counter++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** A dataset's content as plain data, every float column as a hash of its exact bytes (NaN and -0 included). */
function snapshot(d: Dataset): unknown {
  const bytes = (a: Float64Array | Int32Array | null) =>
    a === null ? null : `${a.length} values, sha256 ${createHash('sha256').update(Buffer.from(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16)}`;
  const t = d.target;
  return {
    nRows: d.nRows,
    features: d.features.map((c) => ({ name: c.name, kind: c.kind, categories: c.categories ?? null, values: bytes(c.values) })),
    target: t === null ? null : { name: t.name, classes: t.classes, task: t.inferredTask, classIndex: bytes(t.classIndex), numeric: bytes(t.numeric) },
  };
}

/** What readCsv does with a file: the dataset (as {@link snapshot}) or the error, and the warnings. */
async function outcome(path: string, options: ReadCsvOptions): Promise<{ data: unknown; error: unknown; logs: unknown }> {
  let data: unknown = null;
  let error: unknown = null;
  const logs = await captureLogsAsync(async () => {
    try {
      data = snapshot(await readCsv(path, options));
    } catch (e) {
      const err = e as { name: string; code?: string; message: string };
      error = { name: err.name, code: err.code, message: err.message };
    }
  });
  return { data, error, logs };
}

/** Both readers give the same outcome; returns it. */
async function expectSame(path: string, options: ReadCsvOptions = {}): Promise<{ data: unknown; error: unknown; logs: unknown }> {
  const fast = await outcome(path, options);
  const general = await outcome(path, { ...options, parser: 'papaparse' });
  expect(fast).toEqual(general);
  return fast;
}

/**
 * Where the byte reader stops in a file: 'all' when it reads every row, else the line papaparse
 * starts at ('error' when a row it reads is an error).
 */
async function handedOverAt(path: string, options: ReadCsvOptions = {}): Promise<'all' | 'error' | number> {
  let at: 'all' | 'error' | number = 'error';
  await captureLogsAsync(async () => {
    try {
      const r = await readCsvBytes(path, statSync(path).size, options.delimiter ?? ',', options);
      at = r.done ? 'all' : r.line;
    } catch {
      at = 'error';
    }
  });
  return at;
}

/** `n` rows of mixed columns: numbers in several spellings, missing values, categories, a target. */
function mixedRows(n: number, seed: number, eol = '\n'): string[] {
  const rng = new Rng(seed);
  const rows = ['num,int,cat,sparse,target'];
  for (let i = 0; i < n; i++) {
    const x = rng.normal();
    const num = i % 17 === 0 ? '' : i % 5 === 0 ? x.toFixed(3) : String(x * 10 ** (rng.below(9) - 4));
    const int = String(rng.below(7) - 3);
    const cat = ['red', 'green', 'blue', 'ünïcode'][rng.below(4)];
    const sparse = ['NA', '?', 'NaN', 'null', '', '0.5'][rng.below(6)];
    rows.push(`${num},${int},${cat},${sparse},${rng.below(2)}`);
  }
  return rows.map((r) => r + eol);
}

describe('the byte reader equals papaparse on every dataset in datasets/', () => {
  const files = readdirSync('datasets').filter((f) => f.endsWith('.csv')).sort();

  it('finds the datasets', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  it.each(files)('%s: same dataset and warnings, read by the byte reader alone', async (file) => {
    const path = join('datasets', file);
    const out = await expectSame(path);
    expect(out.error).toBeNull();
    expect(await handedOverAt(path)).toBe('all');
  });

  it('same bins (every column, every mapper) on fertility, credit_data and ames', async () => {
    for (const file of ['fertility.csv', 'credit_data.csv', 'ames.csv']) {
      const path = join('datasets', file);
      const [a, b] = await Promise.all([readCsv(path), readCsv(path, { parser: 'papaparse' })]);
      const ba = BinnedDataset.fromDataset(a);
      const bb = BinnedDataset.fromDataset(b);
      expect(ba.features).toEqual(bb.features);
      expect(ba.bins.length).toBe(bb.bins.length);
      for (let j = 0; j < ba.bins.length; j++) expect(Buffer.compare(Buffer.from(ba.bins[j].buffer), Buffer.from(bb.bins[j].buffer))).toBe(0);
      expect(ba.label).toEqual(bb.label);
    }
  });
});

describe('the byte reader on awkward files', () => {
  it('plain LF and CRLF files, BOM, no final line end, blank lines: read alone, the same dataset', async () => {
    const lf = mixedRows(3000, 1).join('');
    for (const content of [lf, lf.replace(/\n/g, '\r\n'), `\ufeff${lf}`, lf.slice(0, -1), `\n\n${lf.replace(/\n(?=5)/g, '\n\n')}`]) {
      const path = tmpCsv(content);
      const out = await expectSame(path);
      expect(out.error).toBeNull();
      expect(await handedOverAt(path)).toBe('all');
    }
  });

  it('quotes around whole fields (R style) are the byte reader\'s; other quotes are papaparse\'s, from their row on', async () => {
    const rows = mixedRows(80000, 2);
    const quoted = (r: string) => r.replace(/(^|,)([^,\n]*[a-zü][^,\n]*)(?=,|\n)/g, '$1"$2"');
    const r = rows.map(quoted);
    r[5] = r[5].replace(/^[^,]*/, '"1,5"'); // a delimiter inside quotes: a text
    r[6] = r[6].replace(/^[^,]*/, '"0.25"'); // a quoted number is a number
    r[7] = r[7].replace(/^[^,]*/, '""'); // an empty quoted field is missing
    const rStyle = tmpCsv(r.join(''));
    expect(r[0]).toBe('"num","int","cat","sparse","target"\n');
    expect(await handedOverAt(rStyle)).toBe('all');
    expect((await expectSame(rStyle)).error).toBeNull();
    const header = tmpCsv([rows[0].replace('cat', '"c""at"'), ...rows.slice(1)].join(''));
    expect(await handedOverAt(header)).toBe(1);
    await expectSame(header);
    for (const odd of ['"a"b', 'a"b"', '"a" ', '"a""b"', ' "a"']) {
      const lines = rows.slice(0, 3000);
      lines[2000] = lines[2000].replace(/,(red|green|blue|ünïcode),/, `,${odd},`);
      const path = tmpCsv(lines.join(''));
      expect(await handedOverAt(path)).toBe(2001);
      await expectSame(path);
    }
    const late = rows.slice();
    late[70000] = late[70000].replace(/,(red|green|blue|ünïcode),/, ',"quoted, with a comma\nand a line break",');
    const path = tmpCsv(late.join(''));
    expect(await handedOverAt(path)).toBe(70001);
    const out = await expectSame(path);
    expect(out.error).toBeNull();
    expect((out.data as { nRows: number }).nRows).toBe(80000);
  });

  it('a lone LF in a CRLF file hands over at its row; stray CRs in an LF file stay in the fields', async () => {
    const rows = mixedRows(5000, 3, '\r\n');
    rows[4000] = rows[4000].replace('\r\n', '\n');
    const lone = tmpCsv(rows.join(''));
    expect(await handedOverAt(lone)).toBe(4001);
    await expectSame(lone);
    const lf = mixedRows(5000, 4);
    lf[10] = lf[10].replace('\n', '\r\n'); // papaparse guesses \n from the first chunk: '...,1\r' is a field
    lf[20] = lf[20].replace(',', '\r,');
    const stray = tmpCsv(lf.join(''));
    expect(await handedOverAt(stray)).toBe('all');
    const out = await expectSame(stray);
    expect(out.error).toBeNull();
    // a CR-only file: papaparse's line ending, papaparse's file
    const cr = tmpCsv(mixedRows(100, 5, '\r').join(''));
    expect(await handedOverAt(cr)).toBe(1);
    await expectSame(cr);
  });

  it('a CRLF file whose header is longer than the first 64 KiB chunk: the line ending papaparse guesses (\\n)', async () => {
    const names = Array.from({ length: 9000 }, (_, j) => `column_number_${j}`);
    const rows = [names.join(',')];
    for (let i = 0; i < 20; i++) rows.push(names.map((_, j) => String((i * j) % 97)).join(','));
    const path = tmpCsv(rows.join('\r\n') + '\r\n');
    expect(guessNewline(rows.join('\r\n').slice(0, 65536))).toBe('\n');
    const out = await expectSame(path);
    expect(out.error).toBeNull();
    expect(await handedOverAt(path)).toBe('all');
  });

  it('missing tokens, numeric-looking and non-ASCII tokens, NaN and inf texts, blanks and odd spellings', async () => {
    const rows = ['a,b,c,d,e,target'];
    const cells = ['', 'NA', 'NaN', 'nan', 'null', '?', '-999', 'ø', ' 1.5 ', '+3', '.5', '5.', '1E-2', '-0', '1e999', 'inf', 'Infinity', '0x10',
      '1234567890123456789012345', '1.2345678901234567e-30', '\t7\t', '1 2'];
    for (let i = 0; i < 400; i++) {
      const pick = (k: number) => cells[(i * 7 + k * 13) % cells.length];
      rows.push(`${i * 0.25},${pick(1)},${pick(2)},${i % 3 === 0 ? pick(3) : String(i)},${i % 2 === 0 ? '' : 'x'},${i % 3}`);
    }
    const path = tmpCsv(rows.join('\n') + '\n');
    expect(await handedOverAt(path)).toBe('all');
    for (const options of [{}, { missingTokens: ['-999', 'ø', ''] }, { missingTokens: ['NA'], strict: false }, { categorical: ['a'] }, { ignoreColumns: ['b'] }, { target: 'a' }, { target: false as const }]) {
      const out = await expectSame(path, options);
      expect(out.error).toBeNull();
    }
  });

  it('a bad number in row 70,000 turns its column categorical, earlier numbers named as written', async () => {
    const rows = ['x,y,target'];
    for (let i = 0; i < 80000; i++) rows.push(`${i % 50 === 0 ? '0' + String(i % 700) : String(i % 700)},${(i * 0.37).toFixed(2)},${i % 2}`);
    rows[70001] = '12.5.1,3,1';
    const path = tmpCsv(rows.join('\n'));
    const out = await expectSame(path);
    expect(out.error).toBeNull();
    const x = (out.data as { features: { name: string; kind: string; categories: string[] }[] }).features[0];
    expect(x.kind).toBe('categorical');
    expect(x.categories).toContain('12.5.1');
    expect(x.categories).toContain('0650'); // first written with a leading zero
  });

  it('errors in row 70,000 name the same line (and column) from both readers', async () => {
    const base = mixedRows(80000, 6);
    const cases: [string, string[], ReadCsvOptions][] = [
      ['CSV_RAGGED_ROW', [...base.slice(0, 70001), '1,2,3\n', ...base.slice(70002)], {}],
      ['CSV_RAGGED_ROW', [...base.slice(0, 70001), '1,2,red,NA,0,9,9\n', ...base.slice(70002)], {}],
      ['CSV_MISSING_TARGET', [...base.slice(0, 70001), '1,2,red,NA,NA\n', ...base.slice(70002)], { strict: true }],
    ];
    for (const [code, rows, options] of cases) {
      const path = tmpCsv(rows.join(''));
      const out = await expectSame(path, options);
      expect((out.error as { code: string }).code).toBe(code);
      expect((out.error as { message: string }).message).toContain(`line 70002`);
    }
  });

  it('invalid UTF-8 in row 70,000, and a file that ends inside a character: the same error', async () => {
    const good = Buffer.from(mixedRows(80000, 7).join(''));
    const at = good.indexOf('\n', good.length - 400000) + 1;
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0x31, 0x2c, 0x32, 0x2c, 0xe9, 0x2c, 0x3f, 0x2c, 0x31, 0x0a]), good.subarray(at)]);
    const path = tmpCsv(bad);
    expect(await handedOverAt(path)).toBeGreaterThan(60000);
    const out = await expectSame(path);
    expect((out.error as { code: string }).code).toBe('CSV_ENCODING');
    const cut = tmpCsv(Buffer.concat([Buffer.from('x,target\n1,0\n2,1\n3,'), Buffer.from([0xc3])]));
    expect(((await expectSame(cut)).error as { message: string }).message).toContain('line 4: the file ends inside a multi-byte character');
  });

  it('the first problem in the file is the error: a malformed row before invalid UTF-8 in the same chunk, or after it', async () => {
    const good = mixedRows(30000, 9);
    const invalid = Buffer.from([0x31, 0x2c, 0x32, 0x2c, 0xe9, 0x2c, 0x3f, 0x2c, 0x31, 0x0a]);
    // rows 10 and 25,000: in the first 64 KiB chunk (the whole file then goes to papaparse) and far after it
    for (const at of [10, 25000]) {
      const cases: [string, string, ReadCsvOptions][] = [
        ['1,2,3\n', 'CSV_RAGGED_ROW', {}],
        ['1,2,red,NA,NA\n', 'CSV_MISSING_TARGET', { strict: true }],
        ['"a"b,2,red,NA,1\n', 'CSV_BAD_QUOTES', {}],
      ];
      for (const [row, code, options] of cases) {
        const before = Buffer.concat([Buffer.from(good.slice(0, at).join('') + row + good.slice(at, at + 20).join('')), invalid, Buffer.from(good.slice(at + 20).join(''))]);
        const a = await expectSame(tmpCsv(before), options);
        expect((a.error as { code: string }).code).toBe(code);
        expect((a.error as { message: string }).message).toMatch(new RegExp(`line ${at + 1}[:,]`));
        const after = Buffer.concat([Buffer.from(good.slice(0, at).join('')), invalid, Buffer.from(good.slice(at, at + 20).join('') + row + good.slice(at + 20).join(''))]);
        const b = await expectSame(tmpCsv(after), options);
        expect((b.error as { code: string }).code).toBe('CSV_ENCODING');
        expect((b.error as { message: string }).message).toContain(`line ${at + 1}: invalid UTF-8 (byte 0xe9)`);
      }
    }
  });

  it('many distinct short texts over several read blocks: each cell its own text (the text dictionary keeps copies of its keys)', async () => {
    // rows and header of 14 bytes, 6,000 distinct 4-letter codes: after the buffer is refilled,
    // the bytes where an earlier code was read hold another code
    const rng = new Rng(12);
    const codes = Array.from({ length: 6000 }, (_, k) => k.toString(36).padStart(4, 'q'));
    const rows = ['code,x,target\n'];
    for (let i = 0; i < 250000; i++) rows.push(`${codes[rng.below(codes.length)]},${100000 + rng.below(900000)},${rng.below(2)}\n`);
    const path = tmpCsv(rows.join(''));
    expect(statSync(path).size).toBeGreaterThan(2 * 1024 * 1024);
    const out = await expectSame(path);
    expect(out.error).toBeNull();
    expect(await handedOverAt(path)).toBe('all');
  });

  it('a weight column and a group column: read by the byte reader alone, the same weights, queries and errors', async () => {
    const rng = new Rng(13);
    const rows = ['x,w,qid,target\n'];
    for (let i = 0; i < 20000; i++) rows.push(`${rng.normal()},${[String(rng.random() * 2), '0', '-0', ' 3 ', '1e-3'][rng.below(5)]},${i === 14994 ? 'NA' : Math.floor(i / 9)},${rng.below(3)}\n`);
    const path = tmpCsv(rows.join(''));
    // a token that is a number: '-0' weights are missing, an error
    const token = await expectSame(path, { weight: 'w', missingTokens: ['-0'] });
    expect((token.error as { code: string }).code).toBe('CSV_BAD_WEIGHT');
    for (const options of [{ weight: 'w' }, { group: 'qid', missingTokens: [''] }, { weight: 'w', group: 'qid', missingTokens: [''] }]) {
      const out = await expectSame(path, options);
      expect(out.error).toBeNull();
      const meta = (await readCsv(path, options)).meta;
      expect(meta.weights?.length ?? meta.queryBoundaries?.at(-1)).toBe(20000);
      expect(await handedOverAt(path, options)).toBe('all');
    }
    // a bad weight, a missing query id in row 15,000: the same error from both readers
    const bad = rows.slice();
    bad[15001] = bad[15001].replace(/^([^,]*),[^,]*,/, '$1,-2,');
    const a = await expectSame(tmpCsv(bad.join('')), { weight: 'w' });
    expect((a.error as { message: string }).message).toMatch(/line 15002, column 'w': the weight is -2/);
    const b = await expectSame(path, { group: 'qid' });
    expect((b.error as { message: string }).message).toMatch(/line 14996, column 'qid': the query id is missing/);
  });

  it('threads must be an integer >= 0', async () => {
    const path = tmpCsv('x,target\n1,0\n2,1\n');
    for (const threads of [-1, 1.5, Number.NaN]) {
      await expect(readCsv(path, { threads })).rejects.toMatchObject({ code: 'CSV_BAD_OPTION', message: expect.stringContaining(`threads is ${threads}`) });
    }
    expect((await readCsv(path, { threads: 3 })).nRows).toBe(2);
  });

  it('other delimiters (tab, semicolon, space, pipe), and a delimiter papaparse must read', async () => {
    const rows = mixedRows(2000, 8);
    for (const d of ['\t', ';', ' ', '|']) {
      const path = tmpCsv(rows.map((r) => r.replace(/,/g, d)).join(''));
      const out = await expectSame(path, { delimiter: d });
      expect(out.error).toBeNull();
      expect(await handedOverAt(path, { delimiter: d })).toBe('all');
    }
    const multi = tmpCsv(rows.map((r) => r.replace(/,/g, '::')).join(''));
    expect((await expectSame(multi, { delimiter: '::' })).error).toBeNull();
  });

  it('empty files, header only, ragged header use, a whitespace line, a line longer than the read block', async () => {
    for (const content of ['', '\n\n', 'a,b,target\n', 'a,b,target\n \n1,2,3\n', 'a,,target\n1,2,3\n', 'a\n1\n2\n', '""\na,target\n""\n1,0\n2,1\n', 'a,target\n"",1\n2,""\n3,0\n4,1\n']) {
      await expectSame(tmpCsv(content));
    }
    const long = `${'x'.repeat(1_500_000)}`;
    const path = tmpCsv(`a,b,target\n1,${long},0\n2,y,1\n3,${long}z,1\n`);
    const out = await expectSame(path);
    expect(out.error).toBeNull();
    expect(await handedOverAt(path)).toBe('all');
  });

  it('more than 1024 distinct numbers, then a text: later numbers named by String(number)', async () => {
    const rows = ['x,target'];
    for (let i = 0; i < 3000; i++) rows.push(`${(i * 1.5).toFixed(2)},${i % 2}`);
    rows.push('text,1');
    const out = await expectSame(tmpCsv(rows.join('\n')));
    expect(out.error).toBeNull();
  });
});

describe('guessNewline is papaparse\'s guess', () => {
  it('on awkward first chunks', () => {
    const texts = ['a,b\n1,2\n', 'a,b\r\n1,2\r\n', 'a,b\r1,2\r', 'a,b\n1,2\r3,4\r5,6\r', 'a,b\r\n1,2\r3,4\n', '"x\r\ny",1\n2,3\n', 'a,b\r\n1,"2\n3"\r\n', 'abc', '', 'a\r\n\r\n\r\nb\r'];
    for (const t of texts) expect([t, guessNewline(t)]).toEqual([t, Papa.parse(t).meta.linebreak]);
  });
});
