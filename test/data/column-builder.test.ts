import { describe, expect, it } from 'vitest';
import { ColumnBuilder, parseDecimal } from '../../src/data/column-builder.js';
import { Rng } from '../../src/core/rng.js';

const tokens = new Set(['', 'NA', 'NaN', 'null', '?']);

function build(cells: unknown[], force = false) {
  const b = new ColumnBuilder(tokens);
  for (const c of cells) expect(b.push(c)).toBeNull();
  return b.finish(force);
}

describe('parseDecimal', () => {
  it('reads decimal numbers only', () => {
    expect(['1', '-2.5', '+3', '.5', '5.', '1e3', '1E-2', ' 7 '].map(parseDecimal)).toEqual([1, -2.5, 3, 0.5, 5, 1000, 0.01, 7]);
    for (const s of ['0x10', 'Infinity', 'inf', '1_000', '1e', '.', '-', 'abc', '1,5', '1e999']) expect(parseDecimal(s)).toBeNaN();
  });
});

describe('parseDecimal equals Number() on decimal text', () => {
  it('random decimals of every shape (naive reference: Number)', () => {
    const rng = new Rng(9);
    const digits = (k: number) => Array.from({ length: k }, () => String(rng.below(10))).join('');
    let checked = 0;
    const wrong: string[] = [];
    for (let t = 0; t < 20000; t++) {
      let s = rng.random() < 0.3 ? '-' : rng.random() < 0.1 ? '+' : '';
      s += digits(rng.below(19));
      if (rng.random() < 0.6) s += '.' + digits(rng.below(19));
      if (rng.random() < 0.3) s += (rng.random() < 0.5 ? 'e' : 'E') + (rng.random() < 0.5 ? '-' : '') + String(rng.below(rng.random() < 0.9 ? 30 : 400));
      const expected = Number(s);
      const got = parseDecimal(s);
      if (!/\d/.test(s.split(/[eE]/)[0]) || !Number.isFinite(expected)) {
        expect(got).toBeNaN();
        continue;
      }
      if (!Object.is(got, expected)) wrong.push(s); // bit-identical, sign of zero included
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(15000);
  });

  it('values near the fast path limits', () => {
    for (const s of ['123456789012345', '1234567890123456', '9007199254740993', '0.1', '0.30000000000000004', '1e22', '1e23', '123456789012345e-22', '5e-324', '1.7976931348623157e308', '0.000000000000000000000001', '-0', '-0.0e5', '000000000000000000001.5']) {
      expect(Object.is(parseDecimal(s), Number(s))).toBe(true);
    }
  });
});

describe('ColumnBuilder', () => {
  it('numeric while every value is a number', () => {
    const c = build(['1', 'NA', 2.5, null, undefined, NaN, '3e0']);
    expect(c.kind).toBe('numeric');
    expect(Array.from(c.values)).toEqual([1, NaN, 2.5, NaN, NaN, NaN, 3]);
  });

  it('turns categorical at the first text, keeping how earlier numbers were written', () => {
    const c = build(['05', '1.0', '', '10', 'x', '1.0', 7]);
    expect(c.kind).toBe('categorical');
    expect(c.categories).toEqual(['05', '1.0', '10', '7', 'x']);
    expect(Array.from(c.values)).toEqual([0, 1, NaN, 2, 4, 1, 3]);
  });

  it('after more than 1024 distinct numbers, earlier numbers are named by String(number)', () => {
    const cells: unknown[] = [];
    for (let i = 0; i < 1100; i++) cells.push(`${i}.0`);
    cells.push('x');
    const c = build(cells);
    expect(c.categories!.length).toBe(1101);
    expect(c.categories!.includes('1099')).toBe(true);
    expect(c.categories![c.categories!.length - 1]).toBe('x');
  });

  it('booleans are text; forced categorical numbers sort numerically', () => {
    expect(build([true, false, true]).categories).toEqual(['false', 'true']);
    const f = build(['10', '9', '-1', '9.0', 'NA'], true);
    expect(f.categories).toEqual(['-1', '9', '10']);
    expect(Array.from(f.values)).toEqual([2, 1, 0, 1, NaN]);
  });

  it('codes index the categories sorted in plain string order (random test against a naive reference)', () => {
    const rng = new Rng(3);
    const alphabet = ['a', 'B', 'b', 'Z', '_', '1', 'é', 'ab', 'A1', ''];
    const cells: string[] = [];
    for (let i = 0; i < 500; i++) cells.push(alphabet[rng.below(alphabet.length)] + alphabet[rng.below(alphabet.length)]);
    cells.push('zz');
    const c = build(cells);
    const distinct = [...new Set(cells.filter((s) => !tokens.has(s)))].sort();
    expect(c.categories).toEqual(distinct);
    for (let i = 0; i < cells.length; i++) {
      const s = cells[i];
      if (tokens.has(s)) expect(c.values[i]).toBeNaN();
      else expect(c.categories![c.values[i]]).toBe(s);
    }
  });

  it('reports non-finite numbers and objects instead of storing them', () => {
    const b = new ColumnBuilder(tokens);
    expect(b.push(Infinity)).toEqual({ kind: 'non-finite', value: Infinity });
    expect(b.push({})).toEqual({ kind: 'bad-type', type: 'object' });
    expect(b.push(new Date(0))).toEqual({ kind: 'bad-type', type: 'Date' });
    expect(b.length).toBe(0);
  });
});
