import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../../../src/tune/distributions.js';
import { GPSearchSpace } from '../../../../src/tune/samplers/gp/search-space.js';

const space = () =>
  new GPSearchSpace({
    x: new FloatDistribution(-5, 5),
    lr: new FloatDistribution(1e-4, 1, { log: true }),
    q: new FloatDistribution(0, 1, { step: 0.25 }),
    n: new IntDistribution(1, 4),
    m: new IntDistribution(1, 1000, { log: true }),
    c: new CategoricalDistribution(['a', 'b', 'c'] as const),
  });

describe('GPSearchSpace', () => {
  it('normalizes with log transforms and half-step padding, categoricals as indices', () => {
    const ss = space();
    expect(ss.normalize('x', 0)).toBeCloseTo(0.5, 15);
    expect(ss.normalize('lr', 1e-2)).toBeCloseTo(0.5, 15);
    expect(ss.normalize('q', 0)).toBeCloseTo(0.125 / 1.25, 15); // [−0.125, 1.125]
    expect(ss.normalize('n', 1)).toBeCloseTo(0.125, 15); // [0.5, 4.5]
    expect(ss.normalize('m', 1)).toBeCloseTo(Math.log(1 / 0.5) / Math.log(1000.5 / 0.5), 15);
    expect(ss.normalize('c', 'c')).toBe(2);
    expect(Array.from(ss.isCategorical)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(ss.continuousIndices).toEqual([0, 1]);
    expect(ss.discreteIndices).toEqual([2, 3, 4, 5]);
  });

  it('round-trips every valid value and maps any point to valid values', () => {
    const ss = space();
    const p = { x: 1.25, lr: 0.003, q: 0.75, n: 3, m: 17, c: 'b' };
    const u = ss.normalizeParams([p]);
    const back = ss.unnormalize(u);
    expect(back.x).toBeCloseTo(1.25, 12);
    expect(back.lr).toBeCloseTo(0.003, 14);
    expect(back).toMatchObject({ q: 0.75, n: 3, m: 17, c: 'b' });
    const rng = new Rng(1);
    for (let r = 0; r < 200; r++) {
      const pt = Float64Array.from({ length: 6 }, (_, i) => (i === 5 ? rng.random() * 3 : rng.random()));
      const v = ss.unnormalize(pt);
      for (let i = 0; i < 6; i++) {
        const dist = ss.distributions[i];
        expect(dist.contains(dist.toInternal(v[ss.names[i]]!))).toBe(true);
      }
    }
  });

  it('snaps discrete dimensions to the grid points that own the slice', () => {
    const ss = space();
    expect(ss.roundOne(3, 0.2)).toBeCloseTo(ss.normalize('n', 1), 15); // 0.2·4 + 0.5 = 1.3 → 1
    expect(ss.roundOne(3, 0.26)).toBeCloseTo(ss.normalize('n', 2), 15); // 1.54 → 2
    expect(ss.roundOne(3, 1)).toBeCloseTo(ss.normalize('n', 4), 15);
    expect(ss.roundOne(5, 2.7)).toBe(2);
    const grids = ss.discreteChoices();
    expect(grids.map((g) => g.length)).toEqual([5, 4, 1000, 3]);
    expect(grids[1][3]).toBeCloseTo(0.875, 15);
  });

  it('samples a Latin hypercube: one point per stratum, discrete dims on their grid', () => {
    const ss = space();
    const n = 64;
    const s = ss.sampleNormalized(n, new Rng(3));
    const seen = new Set<number>();
    for (let r = 0; r < n; r++) {
      seen.add(Math.floor(s[r * 6] * n));
      const nu = s[r * 6 + 3];
      expect(ss.roundOne(3, nu)).toBe(nu);
      expect([0, 1, 2]).toContain(s[r * 6 + 5]);
    }
    expect(seen.size).toBe(n);
    expect(Array.from(ss.sampleNormalized(8, new Rng(3)))).toEqual(Array.from(ss.sampleNormalized(8, new Rng(3))));
  });
});
