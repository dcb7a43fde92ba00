// Reference values: erf/erfc/log_ndtr from SciPy 1.10.1 (scipy.special), log Gaussian masses and
// truncated-normal quantiles from mpmath (50-60 digits: log(ncdf(b) - ncdf(a)), findroot on the CDF),
// both run with /usr/bin/python3 on this machine. Right-tail cases use the symmetry
// logGaussMass(a, b) = logGaussMass(-b, -a) where mpmath would need more digits.
import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../../../../src/core/stats.js';
import { logGaussMass, logNdtr, logPdf, ndtr, ndtriExp, ppf } from '../../../../src/tune/samplers/tpe/truncnorm.js';

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('erf / erfc', () => {
  const cases: [number, number, number][] = [
    [-5, -0.9999999999984626, 1.9999999999984626],
    [-1.3, -0.9340079449406524, 1.9340079449406524],
    [-0.5, -0.5204998778130465, 1.5204998778130465],
    [-1e-10, -1.1283791670955126e-10, 1.000000000112838],
    [0, 0, 1],
    [0.3, 0.3286267594591274, 0.6713732405408726],
    [0.9, 0.7969082124228322, 0.20309178757716784],
    [1.1, 0.8802050695740817, 0.11979493042591832],
    [2, 0.9953222650189527, 0.004677734981047266],
    [3, 0.9999779095030014, 2.2090496998585445e-5],
    [5.5, 0.9999999999999927, 7.357847917974398e-15],
    [10, 1, 2.0884875837625446e-45],
  ];
  it.each(cases)('x = %f', (x, e, c) => {
    expect(Math.abs(erf(x) - e)).toBeLessThan(2e-16 * Math.max(1, Math.abs(e)) + 1e-300);
    expect(rel(erfc(x), c)).toBeLessThan(1e-14);
  });
  it('is odd, bounded and monotone on a fine grid', () => {
    let prev = -2;
    for (let x = -7; x <= 7; x += 0.01) {
      const v = erf(x);
      expect(v).toBeGreaterThanOrEqual(prev);
      expect(Math.abs(v + erf(-x))).toBeLessThan(1e-16);
      expect(Math.abs(v + erfc(x) - 1)).toBeLessThan(3e-16);
      prev = v;
    }
  });
});

describe('logNdtr / ndtr', () => {
  const cases: [number, number][] = [
    [-40, -804.6084420137538],
    [-25, -316.63940800802026],
    [-19, -184.36612866916097],
    [-5, -15.064998393988726],
    [-1, -1.841021645009264],
    [0, -0.6931471805599453],
    [1, -0.17275377902344985],
    [5, -2.8665161296376305e-7],
    [8, -6.220960574271743e-16],
    [30, -4.906713927147908e-198],
  ];
  it.each(cases)('a = %f', (a, want) => {
    expect(rel(logNdtr(a), want)).toBeLessThan(1e-13);
  });
  it('ndtr matches exp(logNdtr) and is continuous across the -20 switch', () => {
    expect(rel(ndtr(-3), Math.exp(logNdtr(-3)))).toBeLessThan(1e-14);
    expect(rel(logNdtr(-20 + 1e-9), logNdtr(-20 - 1e-9))).toBeLessThan(1e-9);
  });
});

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

describe('ppf / ndtriExp', () => {
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
  it('inverts logNdtr across the range', () => {
    for (const x of [-300, -40, -20, -5, -1, 0.1, 1, 2, 5, 8]) {
      expect(Math.abs(ndtriExp(logNdtr(x)) - x)).toBeLessThan(1e-7 * Math.max(1, Math.abs(x)));
    }
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
