import { describe, expect, it } from 'vitest';
import { logEI, standardLogEI, standardLogEIWithGrad } from '../../../../src/tune/samplers/gp/acquisition.js';

/** EI(z) = ∫₀^∞ u φ(u − z) du by composite Simpson on [0, 40] (reference). */
function eiByQuadrature(z: number): number {
  const m = 40000;
  const h = 40 / m;
  let s = 0;
  for (let k = 0; k <= m; k++) {
    const u = k * h;
    const f = (u * Math.exp(-0.5 * (u - z) ** 2)) / Math.sqrt(2 * Math.PI);
    s += (k === 0 || k === m ? 1 : k % 2 === 1 ? 4 : 2) * f;
  }
  return (s * h) / 3;
}

describe('logEI', () => {
  it('matches log(EI) by quadrature where EI is not tiny', () => {
    for (const z of [-10, -6, -3, -2.5, -2, -1, -0.3, 0, 0.7, 2, 5]) {
      const ref = Math.log(eiByQuadrature(z));
      expect(Math.abs(standardLogEI(z) - ref)).toBeLessThan(1e-9 * Math.max(1, Math.abs(ref)));
    }
    // scaling: EI of N(μ, σ²) over f0 is σ·h((μ − f0)/σ)
    expect(logEI(1.3, 0.25, 0.8)).toBeCloseTo(Math.log(0.5 * eiByQuadrature(1)), 9);
  });

  it('stays finite and follows the asymptote far in the tail', () => {
    let prev = -Infinity;
    for (const z of [-1e5, -1e3, -100, -40, -25, -10]) {
      const v = standardLogEI(z);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(prev);
      prev = v;
      const t = -z;
      // h(z) = φ(t)(1/t² − 3/t⁴ + 15/t⁶ − …)
      const asym = -0.5 * t * t - 0.5 * Math.log(2 * Math.PI) + Math.log(1 / t ** 2 - 3 / t ** 4 + 15 / t ** 6 - 105 / t ** 8);
      if (t >= 25) expect(Math.abs(v - asym)).toBeLessThan(1e-9 * Math.abs(asym));
    }
    expect(standardLogEI(-1e5)).toBeCloseTo(-5e9 - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(1e5), 0);
  });

  it('is continuous at the branch point and its derivative matches finite differences', () => {
    expect(Math.abs(standardLogEI(-2 + 1e-13) - standardLogEI(-2 - 1e-13))).toBeLessThan(1e-11);
    const g = new Float64Array(1);
    for (const z of [-300, -30, -5, -2.0001, -1.9999, -0.5, 0, 3, 12]) {
      const v = standardLogEIWithGrad(z, g);
      expect(v).toBe(standardLogEI(z));
      const h = 1e-6 * Math.max(1, Math.abs(z));
      const fd = (standardLogEI(z + h) - standardLogEI(z - h)) / (2 * h);
      expect(Math.abs(g[0] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    }
  });
});
