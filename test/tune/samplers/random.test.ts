import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../../src/tune/distributions.js';
import { sampleUniform } from '../../../src/tune/samplers/random.js';

/** Pearson chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  const e = n / counts.length;
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
}

describe('RandomSampler draws (sampleUniform)', () => {
  const N = 20000;
  it('is uniform over float ranges, in log space for log ranges', () => {
    const rng = new Rng(1);
    const lin = new Array(10).fill(0);
    const lg = new Array(10).fill(0);
    const dl = new FloatDistribution(-2, 3);
    const dg = new FloatDistribution(1e-3, 10, { log: true });
    for (let i = 0; i < N; i++) {
      lin[Math.min(9, Math.floor((((sampleUniform(rng, dl) as number) + 2) / 5) * 10))]++;
      const u = (Math.log(sampleUniform(rng, dg) as number) - Math.log(1e-3)) / (Math.log(10) - Math.log(1e-3));
      lg[Math.min(9, Math.floor(u * 10))]++;
    }
    // 9 degrees of freedom: P(chi2 > 27.9) = 0.001
    expect(chiSquare(lin)).toBeLessThan(27.9);
    expect(chiSquare(lg)).toBeLessThan(27.9);
  });

  it('is uniform over int and step grids and over choices', () => {
    const rng = new Rng(2);
    const ints = new Map<number, number>();
    const steps = new Map<number, number>();
    const cats = new Map<unknown, number>();
    const di = new IntDistribution(-3, 4);
    const ds = new FloatDistribution(0, 1, { step: 0.25 });
    const dc = new CategoricalDistribution([null, false, 'x']);
    for (let i = 0; i < N; i++) {
      const a = sampleUniform(rng, di) as number;
      ints.set(a, (ints.get(a) ?? 0) + 1);
      const b = sampleUniform(rng, ds) as number;
      steps.set(b, (steps.get(b) ?? 0) + 1);
      const c = sampleUniform(rng, dc);
      cats.set(c, (cats.get(c) ?? 0) + 1);
    }
    expect([...ints.keys()].sort((x, y) => x - y)).toEqual([-3, -2, -1, 0, 1, 2, 3, 4]);
    expect([...steps.keys()].sort()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect([...cats.keys()]).toEqual(expect.arrayContaining([null, false, 'x']));
    expect(chiSquare([...ints.values()])).toBeLessThan(24.3); // 7 dof, p = 0.001
    expect(chiSquare([...steps.values()])).toBeLessThan(18.5); // 4 dof
    expect(chiSquare([...cats.values()])).toBeLessThan(13.8); // 2 dof
  });

  it('gives each integer of a log int range the mass of its log cell', () => {
    const rng = new Rng(3);
    const d = new IntDistribution(1, 8, { log: true });
    const counts = new Array(9).fill(0);
    for (let i = 0; i < N; i++) counts[sampleUniform(rng, d) as number]++;
    const lo = Math.log(0.5);
    const hi = Math.log(8.5);
    for (let k = 1; k <= 8; k++) {
      const p = (Math.log(Math.min(k + 0.5, 8.5)) - Math.log(k - 0.5)) / (hi - lo);
      expect(counts[k] / N).toBeCloseTo(p, 1);
    }
  });
});
