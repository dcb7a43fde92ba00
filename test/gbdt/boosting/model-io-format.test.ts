import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { formatDouble17, formatFloat32G, parseCNumber } from '../../../src/gbdt/boosting/model-number-format.js';

describe('formatDouble17 / formatFloat32G (LightGBM {:.17g} / float {:g})', () => {
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
