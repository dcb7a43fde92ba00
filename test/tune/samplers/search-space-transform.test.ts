// The numeric search space <-> vector transform CMA-ES and NSGA-II share (Optuna's
// _SearchSpaceTransform).
import { describe, expect, it } from 'vitest';
import { FloatDistribution, IntDistribution } from '../../../src/tune/distributions.js';
import { SearchSpaceTransform } from '../../../src/tune/samplers/search-space-transform.js';

describe('SearchSpaceTransform', () => {
  const space = {
    a: new FloatDistribution(-2, 6),
    b: new FloatDistribution(1e-3, 10, { log: true }),
    c: new IntDistribution(1, 5),
    d: new IntDistribution(2, 64, { log: true }),
    e: new FloatDistribution(0, 1, { step: 0.25 }),
  };

  it('scales to [0, 1] with half-step margins and log scales, and round-trips', () => {
    const t = new SearchSpaceTransform(space, { zeroOne: true });
    const x = t.transform({ a: 2, b: 0.1, c: 1, d: 8, e: 0.5 });
    expect(x[0]).toBeCloseTo(0.5, 14);
    expect(x[1]).toBeCloseTo((Math.log(0.1) - Math.log(1e-3)) / (Math.log(10) - Math.log(1e-3)), 14);
    expect(x[2]).toBeCloseTo(0.5 / 5, 14); // [0.5, 5.5]
    expect(x[3]).toBeCloseTo((Math.log(8) - Math.log(1.5)) / (Math.log(64.5) - Math.log(1.5)), 14);
    expect(x[4]).toBeCloseTo(0.625 / 1.25, 14); // [-0.125, 1.125]
    expect(t.untransform(x)).toEqual({ a: 2, b: expect.closeTo(0.1, 12), c: 1, d: 8, e: 0.5 });
    // the ends of [0, 1] map to the ends of each range
    expect(t.untransform([0, 0, 0, 0, 0])).toEqual({ a: -2, b: expect.closeTo(1e-3, 15), c: 1, d: 2, e: 0 });
    expect(t.untransform([1, 1, 1, 1, 1])).toEqual({ a: 6, b: expect.closeTo(10, 12), c: 5, d: 64, e: 1 });
  });

  it('gives every int an equal cell', () => {
    const t = new SearchSpaceTransform({ c: new IntDistribution(1, 5) }, { zeroOne: true });
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[t.untransform([(i + 0.5) / 1000]).c - 1]++;
    expect(counts).toEqual([200, 200, 200, 200, 200]);
  });
});
