// Reference values: erf/erfc/log_ndtr and norm.sf from SciPy 1.10.1 (scipy.special, scipy.stats);
// normal CDF, density and quantiles from mpmath at 50-400 digits (ncdf, npdf, sqrt(2) erfinv(2p - 1),
// findroot on log ncdf), all run with /usr/bin/python3 on this machine.
import { describe, expect, it } from 'vitest';
import {
  chi2Ppf1,
  erf,
  erfc,
  INV_SQRT_2PI,
  LOG_SQRT_2PI,
  normalCdf,
  normalLogCdf,
  normalLogPdf,
  normalPdf,
  normalPpf,
  normalPpfFromLog,
  normalSf,
} from '../../src/core/stats.js';

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

/** One unit in the last place of a double's relative precision. */
const ULP = Number.EPSILON;

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
  it('matches tabulated values (as the GP acquisition reads it)', () => {
    const table: [number, number][] = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [-1.5, -0.9661051464753108],
      [0.01, 0.011283415555849618],
    ];
    for (const [x, v] of table) expect(Math.abs(erf(x) - v)).toBeLessThan(2e-16 * 8);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
  });
  it('is within one ulp of mpmath where a summed series drifts', () => {
    // the GP's former series erf was 8, 1 and 3 ulps off at these points
    const table: [number, number][] = [
      [-5.4168073729450406, -0.9999999999999815],
      [4.9, 0.999999999995781],
      [2.7, 0.9998656672600594],
      [4.5, 0.9999999998033839],
    ];
    for (const [x, v] of table) expect(rel(erf(x), v)).toBeLessThanOrEqual(ULP);
  });
});

describe('normalLogCdf / normalCdf', () => {
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
    expect(rel(normalLogCdf(a), want)).toBeLessThan(1e-13);
  });
  it('normalCdf matches exp(normalLogCdf) and is continuous across the -20 switch', () => {
    expect(rel(normalCdf(-3), Math.exp(normalLogCdf(-3)))).toBeLessThan(1e-14);
    expect(rel(normalLogCdf(-20 + 1e-9), normalLogCdf(-20 - 1e-9))).toBeLessThan(1e-9);
  });
});

describe('normalCdf / normalSf / normalPdf / normalLogPdf', () => {
  // [x, Phi(x), tolerance in relative ulps]: a few ulps in the middle; in the far tail the rounding
  // of x / sqrt(2) is amplified by x^2 (as in SciPy's ndtr), so the bound grows with x^2
  const cdf: [number, number, number][] = [
    [-37.5, 4.605353009581955e-308, 1000],
    [-20, 2.7536241186062337e-89, 300],
    [-8, 6.220960574271784e-16, 100],
    [-3, 0.0013498980316300946, 8],
    [-1.5, 0.06680720126885807, 4],
    [0, 0.5, 0],
    [0.5, 0.6914624612740131, 2],
    [2, 0.9772498680518208, 2],
    [8, 0.9999999999999993, 2],
    [10, 1, 0],
  ];
  it.each(cdf)('Phi(%f)', (x, want, ulps) => {
    expect(rel(normalCdf(x), want)).toBeLessThanOrEqual(ulps * ULP);
  });
  it('Phi(-8) keeps its digits (no 1 - erf cancellation)', () => {
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 28);
  });
  it('normalSf matches scipy.stats.norm.sf, including the far tail', () => {
    const xs = [-2, 0, 0.5, 1.96, 2.9, 3.1, 5, 10, 30];
    const ref = [
      0.9772498680518208, 0.5, 0.3085375387259869, 0.024997895148220435, 0.0018658133003840375, 0.0009676032132183563,
      2.866515718791933e-7, 7.61985302416047e-24, 4.906713927147908e-198,
    ];
    xs.forEach((x, i) => expect(Math.abs(normalSf(x) - ref[i]) / ref[i]).toBeLessThan(1e-12));
  });
  it('normalSf(x) is normalCdf(-x) and keeps the right tail relative', () => {
    for (const x of [-3, 0, 1, 8, 10, 30]) expect(normalSf(x)).toBe(normalCdf(-x));
    expect(rel(normalSf(8), 6.220960574271784e-16)).toBeLessThan(100 * ULP);
    expect(rel(normalSf(10), 7.619853024160525e-24)).toBeLessThan(100 * ULP);
  });
  it('the density and its log match mpmath, the log finite where the density underflows', () => {
    const pdf: [number, number, number][] = [
      [0, 0.3989422804014327, -0.9189385332046728],
      [1, 0.24197072451914334, -1.4189385332046727],
      [3, 0.0044318484119380075, -5.418938533204673],
      [-7.5, 2.4343205330290096e-13, -29.043938533204674],
    ];
    for (const [x, p, lp] of pdf) {
      expect(rel(normalPdf(x), p)).toBeLessThanOrEqual(4 * ULP);
      expect(rel(normalLogPdf(x), lp)).toBeLessThanOrEqual(2 * ULP);
    }
    expect(normalPdf(40)).toBe(0);
    expect(rel(normalLogPdf(40), -800.9189385332047)).toBeLessThanOrEqual(ULP);
    expect(INV_SQRT_2PI).toBe(normalPdf(0));
    expect(LOG_SQRT_2PI).toBe(-normalLogPdf(0));
  });
});

describe('normalPpf', () => {
  // [p, Phi^-1(p)] from mpmath (sqrt(2) * erfinv(2p - 1) at 400 digits)
  const cases: [number, number][] = [
    [5e-324, -38.467405617144344],
    [1e-320, -38.26912534303265],
    [1e-300, -37.0470962993612],
    [1e-100, -21.273453560965326],
    [1e-10, -6.361340902404057],
    [0.001, -3.0902323061678136],
    [0.025, -1.9599639845400543],
    [0.3, -0.5244005127080408],
    [0.5, 0],
    [0.500000001, 2.5066282037387115e-9],
    [0.6, 0.2533471031357997],
    [0.975, 1.9599639845400538],
    [0.999999, 4.753424308817087],
    [0.9999999999999999, 8.209536151601387],
  ];
  it.each(cases)('p = %f', (p, want) => {
    expect(rel(normalPpf(p), want)).toBeLessThanOrEqual(2 * ULP);
  });
  it('is relative-accurate next to the median, where Phi(x) - p cancels', () => {
    // x = Phi^-1(p) is about (p - 0.5) sqrt(2 pi) there; the former CMA-ES quantile was off by
    // up to 5e6 ulps (1e-9 relative) at these points
    const cases: [number, number][] = [
      [0.5 + 2 ** -30, 2.3344794983332983e-9],
      [0.49999997, -7.519884819934873e-8],
      [0.5000000042741963, 1.0713821372605016e-8],
      [0.4999999, -2.5066282747031063e-7],
      [0.50001, 2.506628274882086e-5],
    ];
    for (const [p, want] of cases) expect(rel(normalPpf(p), want)).toBeLessThanOrEqual(2 * ULP);
  });
  it('has the limits of a quantile and rejects probabilities outside [0, 1]', () => {
    expect(normalPpf(0)).toBe(-Infinity);
    expect(normalPpf(1)).toBe(Infinity);
    expect(normalPpf(-0.1)).toBeNaN();
    expect(normalPpf(1.5)).toBeNaN();
    expect(normalPpf(NaN)).toBeNaN();
  });
  it('inverts normalCdf on a grid of probabilities', () => {
    for (let k = 1; k < 100; k++) {
      const p = k / 100;
      expect(rel(normalCdf(normalPpf(p)), p)).toBeLessThan(4 * ULP);
    }
  });
  it('chi2Ppf1 is the squared two-sided quantile', () => {
    expect(rel(chi2Ppf1(0.95), 3.841458820694124)).toBeLessThanOrEqual(2 * ULP);
  });
});

describe('normalPpfFromLog', () => {
  it('matches mpmath where exp(logP) underflows or is within 1e-16 of 1', () => {
    const cases: [number, number][] = [
      [-1000, -44.6157477319694],
      [-1e-20, 9.262340089798407],
      [-0.5, 0.27028802073873587],
    ];
    for (const [y, want] of cases) expect(rel(normalPpfFromLog(y), want)).toBeLessThan(1e-14);
    expect(normalPpfFromLog(0)).toBe(Infinity);
    expect(normalPpfFromLog(-Infinity)).toBe(-Infinity);
  });
  it('inverts normalLogCdf across the range', () => {
    for (const x of [-300, -40, -20, -5, -1, 0.1, 1, 2, 5, 8]) {
      expect(Math.abs(normalPpfFromLog(normalLogCdf(x)) - x)).toBeLessThan(1e-7 * Math.max(1, Math.abs(x)));
    }
  });
});
