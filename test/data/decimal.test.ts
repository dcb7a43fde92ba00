import { describe, expect, it } from 'vitest';
import { fieldEnd, parseDecimal, parseDecimalBytes } from '../../src/data/decimal.js';
import { Rng } from '../../src/core/rng.js';

/** `text` read as one CSV field by parseDecimalBytes (followed by a delimiter, so the field end is checked too). */
function fromBytes(text: string, delimiter = ','): number {
  const b = Buffer.from(`${text}${delimiter}tail`, 'latin1');
  const v = parseDecimalBytes(b, 0, b.length, delimiter.charCodeAt(0));
  expect(fieldEnd).toBe(text.length);
  return v;
}

/** The strings of `texts` that either parser reads differently from Number (bit for bit, sign of zero included). */
function mismatches(texts: readonly string[]): string[] {
  const wrong: string[] = [];
  for (const s of texts) {
    const expected = Number(s);
    const want = Number.isFinite(expected) ? expected : NaN;
    if (!Object.is(parseDecimal(s), want) || !Object.is(fromBytes(s), want)) wrong.push(s);
  }
  return wrong;
}

/**
 * Decimal strings of 16 to 19 significant digits within a last-digit step of the exact midpoint
 * between a random double and the next: where a one-rounding shortcut would go wrong.
 */
function nearMidpoints(rng: Rng, count: number): string[] {
  const out: string[] = [];
  const view = new DataView(new ArrayBuffer(8));
  for (let t = 0; t < count; t++) {
    // a random positive double between 1e-7 and 1e22 (the exponents the exact path handles)
    const x = 10 ** (rng.random() * 29 - 7) * (1 + rng.random());
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    const e = Number((bits >> 52n) & 0x7ffn) - 1075;
    const mant = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
    // midpoint (2 mant + 1) 2^(e-1) as digits and a power of ten
    let digits: string;
    let pow: number;
    if (e - 1 >= 0) {
      digits = ((2n * mant + 1n) << BigInt(e - 1)).toString();
      pow = 0;
    } else {
      digits = ((2n * mant + 1n) * 5n ** BigInt(1 - e)).toString();
      pow = e - 1;
    }
    const k = 16 + rng.below(4);
    if (digits.length <= k) {
      out.push(`${digits}e${pow}`);
      continue;
    }
    const cut = BigInt(digits.slice(0, k));
    const shift = pow + digits.length - k;
    for (const d of [cut - 1n, cut, cut + 1n]) out.push(`${d}e${shift}`);
    // the same values written with a point, as CSV writers do
    const s = cut.toString();
    if (shift < 0 && -shift < s.length) out.push(`${s.slice(0, s.length + shift)}.${s.slice(s.length + shift)}`);
  }
  return out;
}

describe('parseDecimal and parseDecimalBytes equal Number()', () => {
  it('String(x) of random doubles of every magnitude (17-digit round trips)', () => {
    const rng = new Rng(3);
    const texts: string[] = [];
    for (let t = 0; t < 30000; t++) {
      const x = (rng.random() < 0.5 ? -1 : 1) * 10 ** (rng.random() * 60 - 30) * rng.random();
      texts.push(String(x));
    }
    expect(mismatches(texts)).toEqual([]);
  });

  it('decimals within a last-digit step of a midpoint between two doubles', () => {
    const texts = nearMidpoints(new Rng(11), 20000);
    expect(texts.length).toBeGreaterThan(50000);
    expect(mismatches(texts)).toEqual([]);
  });

  it('exact ties round to even, on both sides, with and without a point', () => {
    const ties = [
      '9007199254740993', // 2^53 + 1: between 2^53 and 2^53 + 2, to 2^53
      '9007199254740995', // to 2^53 + 4
      '9007199254740993.0',
      '90071992547409930e-1',
      '4503599627370497.5', // 2^52 + 1.5: to 2^52 + 2
      '4503599627370496.5', // to 2^52
      '1152921504606847104', // 2^60 + 128 (ulp 256): to 2^60
      '1152921504606847360', // 2^60 + 384: to 2^60 + 512
      '9007199254740993e3',
      '-9007199254740993',
      '0.30000000000000004',
      '0.1000000000000000055511151231257827', // beyond 19 digits: Number's answer
    ];
    expect(mismatches(ties)).toEqual([]);
    expect(parseDecimal('9007199254740993')).toBe(9007199254740992);
    expect(parseDecimal('4503599627370497.5')).toBe(4503599627370498);
  });

  it('random mantissas of 1 to 22 digits with exponents from -40 to 40', () => {
    const rng = new Rng(5);
    const digits = (k: number) => Array.from({ length: k }, (_, i) => String(i === 0 ? 1 + rng.below(9) : rng.below(10))).join('');
    const texts: string[] = [];
    for (let t = 0; t < 30000; t++) {
      const m = digits(1 + rng.below(22));
      const point = rng.below(m.length + 1);
      const body = `${m.slice(0, point)}.${m.slice(point)}`.replace(/^\.$/, '0');
      texts.push(`${rng.random() < 0.3 ? '-' : ''}${body}${rng.random() < 0.5 ? `e${rng.below(81) - 40}` : ''}`);
    }
    expect(mismatches(texts)).toEqual([]);
  });
});

describe('parseDecimalBytes reads digits four at a time', () => {
  it('runs of 1 to 24 digits at every offset from a word, with leading and inner zeros, before and after the point', () => {
    const rng = new Rng(17);
    const texts: string[] = [];
    const run = (k: number, zeroRate: number) => Array.from({ length: k }, () => (rng.random() < zeroRate ? '0' : String(rng.below(10)))).join('');
    for (let t = 0; t < 20000; t++) {
      const lead = '0'.repeat(rng.below(4));
      const int = run(rng.below(13), 0.3);
      const frac = rng.random() < 0.8 ? `.${'0'.repeat(rng.below(3) * rng.below(4))}${run(rng.below(25), rng.random() < 0.5 ? 0.1 : 0.6)}` : '';
      const exp = rng.random() < 0.3 ? `e${rng.random() < 0.5 ? '-' : '+'}${rng.below(30)}` : '';
      const sign = ['', '-', '+'][rng.below(3)];
      const body = `${lead}${int}${frac}`;
      if (!/[0-9]/.test(body)) continue;
      texts.push(`${sign}${body}${exp}`);
    }
    expect(texts.length).toBeGreaterThan(15000);
    expect(mismatches(texts)).toEqual([]);
  });

  it('a word of digits that runs past the field end is not read as one', () => {
    // '12' then the delimiter, then digits: a 4-byte load at the field start would see '12,3'
    const b = Buffer.from('12,3456,789');
    expect(parseDecimalBytes(b, 0, b.length, 44)).toBe(12);
    expect(fieldEnd).toBe(2);
    expect(parseDecimalBytes(b, 3, b.length, 44)).toBe(3456);
    expect(fieldEnd).toBe(7);
    // the end given is the end: digits after it are not read
    expect(parseDecimalBytes(b, 8, 10, 44)).toBe(78);
    expect(parseDecimalBytes(b, 3, 5, 44)).toBe(34);
  });
});

describe('parseDecimalBytes reads one field', () => {
  it('a number ends at the delimiter or the end; blanks around it are allowed', () => {
    expect(fromBytes(' -1.5e2 ')).toBe(-150);
    expect(fromBytes('7\r')).toBe(7);
    expect(Object.is(fromBytes('-0.0'), -0)).toBe(true);
    const b = Buffer.from('12');
    expect(parseDecimalBytes(b, 0, 2, 44)).toBe(12);
    expect(fieldEnd).toBe(2);
  });

  it('a field that is not a number is NaN and still ends at the delimiter', () => {
    for (const s of ['', 'NA', '1.5x', 'x1', '1e', '-', '.', '1 2', '0x10', 'inf', '1e999', 'é1']) expect(fromBytes(s)).toBeNaN();
  });

  it('a blank delimiter (tab, space) ends the field instead of being skipped as a blank', () => {
    expect(fromBytes('3', '\t')).toBe(3);
    const b = Buffer.from('3\t\t4');
    expect(parseDecimalBytes(b, 0, b.length, 9)).toBe(3);
    expect(fieldEnd).toBe(1);
    expect(parseDecimalBytes(b, 2, b.length, 9)).toBeNaN();
    expect(fieldEnd).toBe(2);
  });
});
