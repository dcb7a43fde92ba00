import { describe, expect, it } from 'vitest';
import { splitBlock, type BlockFields } from '../../src/data/csv-block.js';
import { ByteRow } from '../../src/data/byte-row.js';
import { Rng } from '../../src/core/rng.js';

/** The rows of a split as plain data: line, count, and per field its text and number. */
function rowsOf(bytes: Buffer, f: BlockFields, width: number): unknown[] {
  const out: unknown[] = [];
  for (let r = 0; r < f.rows; r++) {
    const fields: unknown[] = [];
    for (let j = 0; j < Math.min(width, f.counts[r]); j++) {
      const k = r * width + j;
      fields.push([bytes.toString('utf8', f.starts[k], f.ends[k]), f.numbers[k]]);
    }
    out.push([f.lineOf[r], f.counts[r], fields]);
  }
  return out;
}

describe('splitBlock', () => {
  const rng = new Rng(21);
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const cells = [String(rng.normal()), ['a', '"b"', '', 'NA', '12'][rng.below(5)], String(rng.below(9))];
    if (i % 97 === 5) cells.push('extra');
    if (i % 89 === 7) cells.pop();
    lines.push(i % 50 === 3 ? '' : cells.join(','));
  }
  const bytes = Buffer.from(lines.join('\n') + '\n');
  const job = { from: 0, to: bytes.length, delimiter: 44, crlf: false, width: 3 };

  it('splits each line as ByteRow.split does, skipping blank lines and counting every line', () => {
    const f = splitBlock(bytes, job);
    expect(f.stopped).toBe(false);
    expect(f.next).toBe(bytes.length);
    expect(f.lines).toBe(3000);
    expect(f.rows).toBe(3000 - 60);
    const row = new ByteRow(3, []);
    const expected: unknown[] = [];
    let at = 0;
    for (let i = 0; i < lines.length; i++) {
      const b = Buffer.from(lines[i]);
      if (b.length > 0) {
        const quote = b.indexOf(34);
        if (quote < 0) row.split(b, 0, b.length, 44);
        else expect(row.splitQuoted(b, 0, b.length, 44, quote)).toBe(true);
        const fields: unknown[] = [];
        for (let j = 0; j < Math.min(3, row.count); j++) fields.push([b.toString('utf8', row.starts[j], row.ends[j]), row.numbers[j]]);
        expected.push([i, row.count, fields]);
      }
      at += b.length + 1;
    }
    expect(at).toBe(bytes.length);
    // starts/ends are block offsets: compare the texts they delimit
    expect(rowsOf(bytes, f, 3)).toEqual(expected);
  });

  it('in pieces of maxRows rows, reusing the arrays: the same rows and lines', () => {
    const whole = rowsOf(bytes, splitBlock(bytes, job), 3) as [number, ...unknown[]][];
    const pieces: unknown[] = [];
    let from = 0;
    let line = 0;
    let f: BlockFields | undefined;
    while (from < bytes.length) {
      f = splitBlock(bytes, { ...job, from, maxRows: 77 }, f);
      expect(f.rows).toBeLessThanOrEqual(77);
      for (const r of rowsOf(bytes, f, 3) as [number, ...unknown[]][]) pieces.push([r[0] + line, ...r.slice(1)]);
      line += f.lines;
      from = f.next;
    }
    expect(pieces).toEqual(whole);
  });

  it('stops at the first row it does not take: an odd quote, a lone LF in a CRLF block, invalid UTF-8', () => {
    const odd = Buffer.from('1,2\n3,4\n5,"a""b"\n6,7\n');
    const a = splitBlock(odd, { ...job, to: odd.length, width: 2 });
    expect([a.stopped, a.rows, a.lines, a.next]).toEqual([true, 2, 2, 8]);
    const crlf = Buffer.from('1,2\r\n3,4\n5,6\r\n');
    const b = splitBlock(crlf, { ...job, to: crlf.length, width: 2, crlf: true });
    expect([b.stopped, b.rows, b.lines, b.next]).toEqual([true, 1, 1, 5]);
    const bad = Buffer.concat([Buffer.from('1,2\n3,'), Buffer.from([0xe9]), Buffer.from('\n5,6\n')]);
    const c = splitBlock(bad, { ...job, to: bad.length, width: 2 });
    expect([c.stopped, c.rows, c.lines, c.next]).toEqual([true, 1, 1, 4]);
  });
});
