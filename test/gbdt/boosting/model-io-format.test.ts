import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { formatDouble17, formatFloat32G, formatG, parseCNumber } from '../../../src/gbdt/boosting/model-number-format.js';

describe('formatG (C printf %.Ng)', () => {
  it('matches printf on hand-checked values', () => {
    const cases: [number, number, string][] = [
      [0.1, 17, '0.10000000000000001'],
      [868.2000000000002, 17, '868.20000000000016'],
      [0, 17, '0'],
      [-0, 6, '-0'],
      [1, 6, '1'],
      [100000, 6, '100000'],
      [1000000, 6, '1e+06'],
      [123456789, 6, '1.23457e+08'],
      [0.0001, 6, '0.0001'],
      [0.00001, 6, '1e-05'],
      [5.684341886080802e-14, 6, '5.68434e-14'],
      [-2.5e-300, 6, '-2.5e-300'],
      [1e100, 17, '1.0000000000000000e+100'.replace(/\.?0+e/, 'e')],
      [0.5, 1, '0.5'],
      [2.5, 1, '2'], // tie → even (printf), not 3 (JavaScript's toPrecision)
      [3.5, 1, '4'],
      [1000000000000000.25, 17, '1000000000000000.2'],
      [1000000000000000.75, 17, '1000000000000000.8'],
      [NaN, 6, 'nan'],
      [Infinity, 6, 'inf'],
      [-Infinity, 17, '-inf'],
      [123.456, 17, '123.456'],
      [392.50512, 6, '392.505'],
    ];
    for (const [x, p, s] of cases) expect(formatG(x, p), `${x} %.${p}g`).toBe(s);
  });

  it('17 significant digits round-trip every double; 6-digit float32 text round-trips through fround', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 5000; i++) {
      const x = (rng.random() - 0.5) * 10 ** Math.floor(rng.random() * 40 - 20);
      expect(Number(formatDouble17(x))).toBe(x);
      const g = formatFloat32G(x);
      expect(formatFloat32G(Math.fround(Number(g)))).toBe(g);
    }
  });
});

describe('parseCNumber', () => {
  it('reads what strtod reads in a model file and rejects the rest', () => {
    expect(parseCNumber('1e-35')).toBe(1e-35);
    expect(parseCNumber('-0.5')).toBe(-0.5);
    expect(parseCNumber('.5')).toBe(0.5);
    expect(parseCNumber('inf')).toBe(Infinity);
    expect(parseCNumber('-inf')).toBe(-Infinity);
    expect(parseCNumber('nan')).toBeNaN();
    for (const bad of ['', '1.2.3', '0x10', 'abc', '1e', '--1']) expect(parseCNumber(bad), bad).toBeUndefined();
  });
});
