import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import {
  BLXAlphaCrossover,
  CROSSOVER_NAMES,
  createCrossover,
  SBXCrossover,
  SPXCrossover,
  UNDXCrossover,
  UniformCrossover,
  VSBXCrossover,
} from '../../../../src/tune/samplers/nsga2/crossover.js';

const bounds = Float64Array.of(0, 10, 0, 10, 0, 10);
const a = Float64Array.of(2, 3, 4);
const b = Float64Array.of(6, 5, 8);
const c = Float64Array.of(4, 9, 1);
const ctx = { multiObjective: true };

function many(fn: (rng: Rng) => Float64Array, n = 4000): Float64Array[] {
  const rng = new Rng(42);
  return Array.from({ length: n }, () => fn(rng));
}

describe('crossovers', () => {
  it('uniform takes each gene from one parent, the first with probability swappingProb (as Optuna)', () => {
    const kids = many((rng) => new UniformCrossover(0.25).crossover([a, b], rng));
    let fromB = 0;
    for (const k of kids) {
      for (let i = 0; i < 3; i++) {
        expect(k[i] === a[i] || k[i] === b[i]).toBe(true);
        if (k[i] === b[i]) fromB++;
      }
    }
    expect(fromB / (3 * kids.length)).toBeCloseTo(0.75, 1);
  });

  it('BLX-alpha samples uniformly in the widened box', () => {
    const kids = many((rng) => new BLXAlphaCrossover(0.5).crossover([a, b], rng));
    // gene 0: parents 2 and 6 -> [0, 8], mean 4
    let s = 0;
    for (const k of kids) {
      expect(k[0] >= 0 && k[0] <= 8).toBe(true);
      s += k[0];
    }
    expect(s / kids.length).toBeCloseTo(4, 0);
  });

  it('SBX and vSBX children centre on the parents and SBX respects the bounds mostly', () => {
    for (const cx of [new SBXCrossover(), new VSBXCrossover()]) {
      const kids = many((rng) => cx.crossover([a, b], rng, bounds, ctx));
      let s = 0;
      for (const k of kids) s += k[2];
      expect(s / kids.length).toBeCloseTo(6, 0); // midpoint of 4 and 8
      expect(kids.every((k) => k.every(Number.isFinite))).toBe(true);
    }
    const sbx = many((rng) => new SBXCrossover({ eta: 20 }).crossover([a, b], rng, bounds, ctx));
    const inside = sbx.filter((k) => k.every((v) => v >= 0 && v <= 10)).length;
    expect(inside / sbx.length).toBeGreaterThan(0.99);
  });

  it('SPX and UNDX breed three parents around their centroid / the first two', () => {
    const spx = many((rng) => new SPXCrossover().crossover([a, b, c], rng));
    const mean = [0, 0, 0];
    for (const k of spx) for (let i = 0; i < 3; i++) mean[i] += k[i] / spx.length;
    // SPX is unbiased around the centroid (4, 17/3, 13/3)
    expect(mean[0]).toBeCloseTo(4, 0);
    expect(mean[1]).toBeCloseTo(17 / 3, 0);
    const undx = many((rng) => new UNDXCrossover().crossover([a, b, c], rng));
    const m2 = [0, 0, 0];
    for (const k of undx) for (let i = 0; i < 3; i++) m2[i] += k[i] / undx.length;
    // UNDX is centred on the midpoint of the first two parents (4, 4, 6)
    expect(m2[0]).toBeCloseTo(4, 1);
    expect(m2[2]).toBeCloseTo(6, 1);
    // one dimension: no orthogonal part
    const one = new UNDXCrossover().crossover([Float64Array.of(1), Float64Array.of(3), Float64Array.of(9)], new Rng(1));
    expect(Number.isFinite(one[0])).toBe(true);
  });

  it('are created by name with the right number of parents', () => {
    const parents = CROSSOVER_NAMES.map((n) => [n, createCrossover(n).nParents]);
    expect(parents).toEqual([
      ['uniform', 2],
      ['blxalpha', 2],
      ['sbx', 2],
      ['vsbx', 2],
      ['spx', 3],
      ['undx', 3],
    ]);
    expect(() => new SBXCrossover({ eta: -1 })).toThrow(/eta/);
    expect(() => new UniformCrossover(2)).toThrow(/swappingProb/);
  });
});
