import { describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../src/core/log.js';
import { GridSampler } from '../../../src/tune/samplers/grid.js';
import { createStudy } from '../../../src/tune/study/create-study.js';

describe('GridSampler', () => {
  it('visits every grid point once, then stops the study by itself', async () => {
    const sampler = new GridSampler({ x: [-1, 0, 1], kind: ['a', 'b'] }, { seed: 0 });
    expect(sampler.size).toBe(6);
    const study = await createStudy({ sampler });
    await study.optimize((t) => t.suggestFloat('x', -1, 1) + (t.suggestCategorical('kind', ['a', 'b']) === 'a' ? 0 : 10));
    expect(study.trials).toHaveLength(6);
    const points = study.trials.map((t) => `${t.params.x}/${t.params.kind}`).sort();
    expect(points).toEqual(['-1/a', '-1/b', '0/a', '0/b', '1/a', '1/b']);
    expect(study.bestValue).toBe(-1);
    expect(study.trials.every((t) => typeof t.systemAttrs.grid_id === 'number')).toBe(true);
    expect(sampler.isExhausted(study.view)).toBe(true);
  });

  it('visits points in a seeded random order', async () => {
    const order = async (seed: number) => {
      const study = await createStudy({ sampler: new GridSampler({ n: [0, 1, 2, 3, 4, 5, 6, 7] }, { seed }) });
      await study.optimize((t) => t.suggestInt('n', 0, 7));
      return study.trials.map((t) => t.params.n);
    };
    const a = await order(1);
    expect(await order(1)).toEqual(a);
    expect(await order(2)).not.toEqual(a);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('covers the grid with concurrent trials and nTrials larger than the grid', async () => {
    const study = await createStudy({ sampler: new GridSampler({ a: [1, 2, 3], b: [true, false] }, { seed: 3 }) });
    await study.optimize(
      async (t) => {
        await new Promise((r) => setTimeout(r, 1));
        return t.suggestInt('a', 1, 3) + (t.suggestCategorical('b', [true, false]) ? 1 : 0);
      },
      { nTrials: 50, nJobs: 3 },
    );
    const distinct = new Set(study.trials.map((t) => `${t.params.a}/${t.params.b}`));
    expect(distinct.size).toBe(6);
    expect(study.trials.length).toBeLessThanOrEqual(8); // stops once exhausted (runners already started may finish)
  });

  it('refuses params that are not in the grid, and warns for grid values out of range', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [0, 5] }, { seed: 0 }) });
    await expect(study.optimize((t) => t.suggestFloat('y', 0, 1), { nTrials: 1 })).rejects.toThrow(/parameter 'y' is not in the grid \(grid params: x\)/);
    const s2 = await createStudy({ sampler: new GridSampler({ x: [0, 5] }, { seed: 0 }) });
    const logs = await captureLogsAsync(async () => {
      await s2.optimize((t) => t.suggestFloat('x', 0, 1));
    });
    expect(logs.some((l) => /value 5 is out of range of the parameter 'x'/.test(l.message))).toBe(true);
    expect(s2.trials.map((t) => t.params.x).sort()).toEqual([0, 5]);
  });

  it('validates its search space', () => {
    expect(() => new GridSampler({ x: [] })).toThrow(/'x' must be a non-empty array/);
    expect(() => new GridSampler({ x: [{}] } as never)).toThrow(/'x' contains \[object Object\] of type object/);
  });

  it('needs every param when trials are enqueued', async () => {
    const study = await createStudy({ sampler: new GridSampler({ x: [0, 1], y: [0, 1] }, { seed: 0 }) });
    await study.enqueueTrial({ x: 1 });
    await expect(study.optimize((t) => t.suggestInt('x', 0, 1) + t.suggestInt('y', 0, 1), { nTrials: 1 })).rejects.toThrow(
      /give every parameter when enqueueing trials with GridSampler \(missing 'y'\)/,
    );
  });
});
