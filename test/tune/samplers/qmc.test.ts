import { describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../src/core/log.js';
import { FloatDistribution, IntDistribution } from '../../../src/tune/distributions.js';
import { firstPrimes, HaltonEngine, QMCSampler } from '../../../src/tune/samplers/qmc.js';
import { SOBOL_MAX_DIM, SobolEngine } from '../../../src/tune/samplers/sobol.js';
import { InMemoryStorage } from '../../../src/tune/storages/memory.js';
import { createStudy } from '../../../src/tune/study/create-study.js';

describe('SobolEngine', () => {
  it('matches scipy.stats.qmc.Sobol(40, scramble=False) point by point', () => {
    // scipy 1.10: Sobol(40, scramble=False).random(64)[[1,2,3,5,13,37,63]][:, [0,1,2,5,19,20,39]]
    const expected = [
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.75, 0.25, 0.25, 0.25],
      [0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75],
      [0.875, 0.875, 0.125, 0.625, 0.625, 0.625, 0.375],
      [0.8125, 0.6875, 0.8125, 0.9375, 0.9375, 0.5625, 0.9375],
      [0.921875, 0.640625, 0.578125, 0.296875, 0.140625, 0.953125, 0.078125],
      [0.015625, 0.796875, 0.359375, 0.140625, 0.234375, 0.234375, 0.171875],
    ];
    const s = new SobolEngine(40, { scramble: false });
    const idx = [1, 2, 3, 5, 13, 37, 63];
    const dims = [0, 1, 2, 5, 19, 20, 39];
    expect(idx.map((i) => dims.map((d) => s.point(i)[d]))).toEqual(expected);
    expect([...s.point(0)].every((x) => x === 0)).toBe(true);
    expect(SOBOL_MAX_DIM).toBe(40);
    expect(() => new SobolEngine(41)).toThrow(/1\.\.40/);
  });

  it('keeps the net property when scrambled: every elementary interval of volume 1/64 holds one of the first 64 points', () => {
    for (const seed of [0, 1, 2]) {
      const s = new SobolEngine(3, { scramble: true, seed });
      const pts = Array.from({ length: 64 }, (_x, i) => s.point(i));
      // dims 0 and 1 form a (0, m, 2)-net in base 2
      for (let a = 0; a <= 6; a++) {
        const b = 6 - a;
        const cells = new Set(pts.map((p) => `${Math.floor(p[0] * 2 ** a)},${Math.floor(p[1] * 2 ** b)}`));
        expect(cells.size).toBe(64);
      }
      // every 1-D projection is stratified
      for (let d = 0; d < 3; d++) expect(new Set(pts.map((p) => Math.floor(p[d] * 64))).size).toBe(64);
      expect(pts.every((p) => [...p].every((x) => x >= 0 && x < 1))).toBe(true);
    }
  });

  it('is seeded: same seed same points, other seed other points', () => {
    const a = new SobolEngine(4, { seed: 5 }).point(9);
    expect(new SobolEngine(4, { seed: 5 }).point(9)).toEqual(a);
    expect(new SobolEngine(4, { seed: 6 }).point(9)).not.toEqual(a);
  });
});

describe('HaltonEngine', () => {
  it('matches scipy.stats.qmc.Halton(3, scramble=False)', () => {
    const h = new HaltonEngine(3, { scramble: false });
    expect([4, 5, 9].map((i) => [...h.point(i)])).toEqual([
      [0.125, 0.4444444444444444, 0.8],
      [0.625, 0.7777777777777777, 0.04],
      [0.5625, 0.037037037037037035, 0.8400000000000001],
    ].map((r) => r.map((x) => expect.closeTo(x, 14))));
    expect(firstPrimes(6)).toEqual([2, 3, 5, 7, 11, 13]);
  });

  it('stays stratified when scrambled: b^k points fall one per interval of width b^-k', () => {
    const h = new HaltonEngine(3, { scramble: true, seed: 4 });
    const bases = [2, 3, 5];
    const ks = [6, 4, 3];
    for (let d = 0; d < 3; d++) {
      const n = bases[d] ** ks[d];
      const cells = new Set(Array.from({ length: n }, (_x, i) => Math.floor(h.point(i)[d] * n)));
      expect(cells.size).toBe(n);
    }
    expect(new HaltonEngine(2, { seed: 4 }).point(3)).toEqual(new HaltonEngine(2, { seed: 4 }).point(3));
    expect(new HaltonEngine(2, { seed: 4 }).point(3)).not.toEqual(new HaltonEngine(2, { seed: 5 }).point(3));
  });
});

describe('QMCSampler', () => {
  it('samples the first trial independently, then walks the sequence over the first trial space', async () => {
    const study = await createStudy({ sampler: new QMCSampler({ qmcType: 'sobol', scramble: false, seed: 0 }) });
    await study.optimize((t) => t.suggestFloat('x', 0, 8) + t.suggestFloat('y', -1, 1), { nTrials: 5 });
    const xs = study.trials.map((t) => t.params.x);
    const ys = study.trials.map((t) => t.params.y);
    // unscrambled Sobol points 0..3 in 2-D: (0,0), (.5,.5), (.75,.25), (.25,.75)
    expect(xs.slice(1)).toEqual([0, 4, 6, 2]);
    expect(ys.slice(1)).toEqual([-1, 0, -0.5, 0.5]);
    expect(study.systemAttrs["sobol (scramble=False)'s last sample id"]).toBe(3);
  });

  it('gives concurrent trials distinct sequence points (the counter is seen at once by the other runners)', async () => {
    class SlowAttrs extends InMemoryStorage {
      override async setStudySystemAttr(id: number, key: string, value: unknown): Promise<void> {
        await new Promise((r) => setTimeout(r, 4));
        return super.setStudySystemAttr(id, key, value);
      }
    }
    const study = await createStudy({ storage: new SlowAttrs(), sampler: new QMCSampler({ qmcType: 'sobol', scramble: false, seed: 0 }) });
    await study.optimize(
      async (t) => {
        const x = t.suggestFloat('x', 0, 1);
        await new Promise((r) => setTimeout(r, 1 + (t.number % 3)));
        return x;
      },
      { nTrials: 24, nJobs: 4 },
    );
    const id = study.systemAttrs["sobol (scramble=False)'s last sample id"] as number;
    const qmcTrials = id + 1;
    expect(qmcTrials).toBeGreaterThanOrEqual(16);
    const xs = study.trials.slice(study.trials.length - qmcTrials).map((t) => t.params.x);
    expect(new Set(xs).size).toBe(qmcTrials);
    // the first 16 Sobol points in 1-D are the multiples of 1/16
    const sorted = study.trials.map((t) => t.params.x as number).filter((x) => Number.isInteger(x * 16)).sort((a, b) => a - b);
    expect(sorted.slice(0, 16)).toEqual(Array.from({ length: 16 }, (_v, i) => i / 16));
  });

  it('maps onto log, int and step params', async () => {
    const space = { lf: new FloatDistribution(1e-3, 10, { log: true }), n: new IntDistribution(1, 4), s: new FloatDistribution(0, 1, { step: 0.25 }) };
    const study = await createStudy({ sampler: new QMCSampler({ qmcType: 'halton', scramble: true, seed: 3 }) });
    await study.optimize(
      (t) => t.suggestFloat('lf', 1e-3, 10, { log: true }) + t.suggestInt('n', 1, 4) + t.suggestFloat('s', 0, 1, { step: 0.25 }),
      { nTrials: 33 },
    );
    const later = study.trials.slice(1);
    const ns = later.map((t) => t.params.n as number);
    // 32 stratified points over 4 int cells: each value about 8 times
    for (let v = 1; v <= 4; v++) expect(ns.filter((x) => x === v).length).toBeGreaterThanOrEqual(6);
    for (const t of later) {
      expect(space.lf.contains(t.params.lf as number)).toBe(true);
      expect(space.s.contains(t.params.s as number)).toBe(true);
    }
    // log scale: about half the points below the geometric midpoint 0.1
    const below = later.filter((t) => (t.params.lf as number) < 0.1).length;
    expect(below).toBeGreaterThanOrEqual(12);
    expect(below).toBeLessThanOrEqual(20);
  });

  it('warns when a param outside the first trial space appears', async () => {
    const study = await createStudy({ sampler: new QMCSampler({ seed: 1 }) });
    const logs = await captureLogsAsync(async () => {
      await study.optimize((t) => (t.number > 1 ? t.suggestFloat('late', 0, 1) : 0) + t.suggestFloat('x', 0, 1), { nTrials: 4 });
    });
    expect(logs.some((l) => /'late' is sampled independently/.test(l.message))).toBe(true);
    expect(() => new QMCSampler({ qmcType: 'lattice' as 'sobol' })).toThrow(/must be 'sobol' or 'halton'/);
  });
});
