import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { fastExp } from '../../../src/gbdt/objective/fast-exp.js';

/** |a - b| in units of the last place of b */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / (Math.abs(b) * Number.EPSILON);
}

describe('fastExp', () => {
  it('is within 1.5 ulp of Math.exp over the softmax and sigmoid ranges', () => {
    const rng = new Rng(3);
    let worst = 0;
    let equal = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = i % 4 === 0 ? (rng.random() * 2 - 1) * 708 : (rng.random() * 2 - 1) * 30;
      const u = ulps(fastExp(x), Math.exp(x));
      if (u === 0) equal++;
      worst = Math.max(worst, u);
    }
    expect(worst).toBeLessThan(1.5);
    // most results are Math.exp's own
    expect(equal / n).toBeGreaterThan(0.6);
  });

  it('is exact at 0 and at powers of two steps; Math.exp outside [-708, 709]', () => {
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-0)).toBe(1);
    expect(fastExp(Math.LN2)).toBe(2);
    expect(fastExp(-10 * Math.LN2)).toBeCloseTo(2 ** -10, 18);
    for (const x of [709.5, 710, 1e6, -708.5, -745, -746, -1e6, Infinity, -Infinity]) expect(fastExp(x)).toBe(Math.exp(x));
    expect(fastExp(NaN)).toBeNaN();
    // both ends of the table range stay finite and close
    expect(ulps(fastExp(709), Math.exp(709))).toBeLessThan(1.5);
    expect(ulps(fastExp(-708), Math.exp(-708))).toBeLessThan(1.5);
  });
});
