import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import { CmaWithMargin } from '../../../../src/tune/samplers/cmaes/margin.js';
import { chi2Ppf1, normalCdf, normalPpf } from '../../../../src/core/stats.js';
import { CMAWM_REFERENCE, PPF_REFERENCE } from './cmawm-reference.data.js';

describe('normal quantiles', () => {
  it('match SciPy', () => {
    PPF_REFERENCE.p.forEach((p, i) => expect(Math.abs(normalPpf(p) - PPF_REFERENCE.ppf[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(PPF_REFERENCE.ppf[i]))));
    PPF_REFERENCE.q.forEach((q, i) => expect(chi2Ppf1(q) / PPF_REFERENCE.chi2[i]).toBeCloseTo(1, 7));
    expect(normalCdf((2.5 - 1) / 2)).toBeCloseTo(0.7733726476231317, 14);
  });
});

describe('CmaWithMargin', () => {
  it('agrees with the cmaes library (mean, sigma and A after each tell)', () => {
    const w = new CmaWithMargin({ mean: [0.5, 0.5, 0.45], sigma: 0.3, bounds: [0, 1, 0, 1, 0, 1], steps: [0, 0.25, 0.1] });
    expect(w.popsize).toBe(CMAWM_REFERENCE.popsize);
    expect(w.margin).toBeCloseTo(CMAWM_REFERENCE.margin, 15);
    for (const g of CMAWM_REFERENCE.gens) {
      w.tell(g.xs.map((x, k) => ({ x, value: g.vals[k] })));
      const s = w.toJSON();
      for (let i = 0; i < 3; i++) {
        expect(s.cma.mean[i]).toBeCloseTo(g.mean[i], 9);
        expect(s.a[i]).toBeCloseTo(g.A[i], 9);
      }
      expect(s.cma.sigma).toBeCloseTo(g.sigma, 12);
    }
  });

  it('encodes discrete coordinates to their grids and keeps sampling several values', () => {
    const w = new CmaWithMargin({ mean: [0.5, 0.5], sigma: 0.3, bounds: [0, 1, 0, 1], steps: [0, 0.25] });
    const rng = new Rng(2);
    // minimize (x0 - 0.2)^2 + (z - 0.5)^2: the discrete coordinate settles on 0.5 but keeps exploring
    for (let gen = 0; gen < 60; gen++) {
      const sols = [];
      for (let k = 0; k < w.popsize; k++) {
        const { x, encoded } = w.ask(rng);
        expect([0, 0.25, 0.5, 0.75, 1]).toContain(encoded[1]);
        expect(encoded[0] >= 0 && encoded[0] <= 1).toBe(true);
        sols.push({ x, value: (encoded[0] - 0.2) ** 2 + (encoded[1] - 0.5) ** 2 });
      }
      w.tell(sols);
    }
    const seen = new Set<number>();
    let at05 = 0;
    for (let k = 0; k < 400; k++) {
      const z = w.ask(rng).encoded[1];
      seen.add(z);
      if (z === 0.5) at05++;
    }
    expect(at05 / 400).toBeGreaterThan(0.5);
    expect(seen.size).toBeGreaterThan(1); // the margin keeps the neighbours alive
    const back = CmaWithMargin.fromJSON(JSON.parse(JSON.stringify(w.toJSON())));
    expect(back.toJSON()).toEqual(w.toJSON());
  });

  it('restores a state whose mean the margin moved outside the bounds', () => {
    const w = new CmaWithMargin({ mean: [0.5, 0.5], sigma: 0.3, bounds: [0, 1, 0, 1], steps: [0, 0.25] });
    const s = w.toJSON();
    s.cma.mean = [0.5, -0.07];
    const back = CmaWithMargin.fromJSON(s);
    expect(back.toJSON().cma.mean).toEqual([0.5, -0.07]);
    expect(back.ask(new Rng(1)).encoded[1]).toBeGreaterThanOrEqual(0);
  });
});
