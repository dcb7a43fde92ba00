import { describe, expect, it } from 'vitest';
import { BruteForceSampler } from '../../../src/tune/samplers/brute-force.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import type { Trial } from '../../../src/tune/trial/trial.js';

describe('BruteForceSampler', () => {
  it('enumerates every combination of a flat discrete space once and stops', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 0 }) });
    await study.optimize((t) => t.suggestInt('a', 0, 2) + (t.suggestCategorical('b', [true, false]) ? 1 : 0) + t.suggestFloat('c', 0, 1, { step: 0.5 }));
    expect(study.trials).toHaveLength(18); // 3 x 2 x 3
    expect(new Set(study.trials.map((t) => JSON.stringify(t.params))).size).toBe(18);
  });

  it('enumerates conditional trees: each branch has its own params', async () => {
    // kind=a → x in {0,1,2}; kind=b → y in {0,1} and, when y = 1, z in {10, 20}: 3 + 1 + 2 = 6 leaves
    const objective = (t: Trial): number => {
      if (t.suggestCategorical('kind', ['a', 'b']) === 'a') return t.suggestInt('x', 0, 2);
      const y = t.suggestInt('y', 0, 1);
      return y === 1 ? t.suggestCategorical('z', [10, 20]) : 0;
    };
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 3 }) });
    await study.optimize(objective, { nTrials: 100 });
    const got = study.trials.map((t) => JSON.stringify(t.params)).sort();
    expect(got).toEqual(
      [
        { kind: 'a', x: 0 },
        { kind: 'a', x: 1 },
        { kind: 'a', x: 2 },
        { kind: 'b', y: 0 },
        { kind: 'b', y: 1, z: 10 },
        { kind: 'b', y: 1, z: 20 },
      ]
        .map((p) => JSON.stringify(p))
        .sort(),
    );
  });

  it('refuses floats without step', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 0 }) });
    await expect(study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 1 })).rejects.toThrow(/'x' is a float without step/);
  });

  it('does not repeat points under concurrency', async () => {
    const study = await createStudy({ sampler: new BruteForceSampler({ seed: 1 }) });
    await study.optimize(
      async (t) => {
        const v = t.suggestInt('a', 0, 4) * 10 + t.suggestInt('b', 0, 1);
        await new Promise((r) => setTimeout(r, 1));
        return v;
      },
      { nTrials: 40, nJobs: 2 },
    );
    const distinct = new Set(study.trials.map((t) => JSON.stringify(t.params)));
    expect(distinct.size).toBe(10);
    expect(study.trials.length).toBeLessThanOrEqual(11);
  });
});
