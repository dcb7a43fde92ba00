// Reference values: log Gaussian masses and truncated-normal quantiles from mpmath (50-60 digits:
// log(ncdf(b) - ncdf(a)), findroot on the CDF), run with /usr/bin/python3 on this machine.
// Right-tail cases use the symmetry logGaussMass(a, b) = logGaussMass(-b, -a) where mpmath would
// need more digits. The erf / normal CDF underneath is tested in test/core/stats.test.ts.
import { describe, expect, it } from 'vitest';
import { logGaussMass, logPdf, ppf } from '../../../../src/tune/samplers/tpe/truncnorm.js';

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('logGaussMass', () => {
  const cases: [number, number, number][] = [
    [-1, 1, -0.38171514630212607],
    [30, 31, -454.32124395634325],
    [-31, -30, -454.32124395634325],
    [-50, -49.5, -1229.946318908843],
    [5, 6, -15.068446096529453],
    [-0.5, 20, -0.36894641528865639],
    [-3, -2.9, -7.5695680138074889],
    [100, 101, -5005.5242086942051],
    [1e-3, 2e-3, -7.826694978853382],
    [-1e-9, 1e-9, -20.949057189591139],
    [-40, 40, 0],
  ];
  it.each(cases)('[%f, %f]', (a, b, want) => {
    const got = logGaussMass(a, b);
    if (want === 0) expect(Math.abs(got)).toBeLessThan(1e-15);
    else expect(rel(got, want)).toBeLessThan(1e-12);
  });
});

describe('truncated normal ppf', () => {
  const cases: [number, number, number, number][] = [
    [0.5, -1, 1, 0],
    [0.3, -2, 0.5, -0.76088181449286164],
    [0.1, -31, -30, -30.076570337034927],
    [0.9, 30, 31, 30.076570337034927],
    [0.25, -50, 0.2, -1.0589339645883423],
    [0.001, -5, 5, -3.0901473542617518],
    [1 - 1e-6, -8, -2, -2.0000004213694069],
    [0.37, -101, -100, -100.0099410347572],
  ];
  it.each(cases)('q=%f on [%f, %f]', (q, a, b, want) => {
    expect(Math.abs(ppf(q, a, b) - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
  });
  it('stays inside [a, b] and is monotone in q', () => {
    let prev = -Infinity;
    for (let q = 0; q <= 1; q += 0.01) {
      const x = ppf(q, 0.3, 4);
      expect(x).toBeGreaterThanOrEqual(prev);
      expect(x).toBeGreaterThanOrEqual(0.3);
      expect(x).toBeLessThanOrEqual(4);
      prev = x;
    }
  });
});

describe('truncated normal logPdf', () => {
  it('integrates to 1 over the truncation interval, also far in a tail', () => {
    for (const [a, b, loc, scale] of [
      [-1, 2, 0.5, 0.3],
      [8, 12, -1, 0.25],
      [-30, -29, 3, 1],
    ] as [number, number, number, number][]) {
      const lo = loc + a * scale;
      const hi = loc + b * scale;
      const n = 20000;
      const h = (hi - lo) / n;
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.exp(logPdf(lo + (i + 0.5) * h, a, b, loc, scale)) * h;
      expect(Math.abs(s - 1)).toBeLessThan(1e-6);
      expect(logPdf(lo - 1e-9, a, b, loc, scale)).toBe(-Infinity);
    }
  });
});
