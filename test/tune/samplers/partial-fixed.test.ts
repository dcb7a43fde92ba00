import { describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../src/core/log.js';
import { FloatDistribution } from '../../../src/tune/distributions.js';
import type { Sampler } from '../../../src/tune/samplers/base.js';
import { PartialFixedSampler } from '../../../src/tune/samplers/partial-fixed.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { createStudy } from '../../../src/tune/study/create-study.js';

describe('PartialFixedSampler', () => {
  it('fixes some params and samples the others with the base sampler', async () => {
    const study = await createStudy({ sampler: new PartialFixedSampler({ y: 0, k: 'b' }, new RandomSampler({ seed: 1 })) });
    await study.optimize((t) => t.suggestFloat('x', -1, 1) + t.suggestInt('y', -5, 5) + (t.suggestCategorical('k', ['a', 'b']) === 'a' ? 1 : 0), {
      nTrials: 10,
    });
    expect(study.trials.every((t) => t.params.y === 0 && t.params.k === 'b')).toBe(true);
    expect(new Set(study.trials.map((t) => t.params.x)).size).toBe(10);
  });

  it('removes fixed names from the relative search space and forwards the hooks', async () => {
    const seen: string[] = [];
    const base: Sampler = {
      inferRelativeSearchSpace: () => ({ x: new FloatDistribution(0, 1), y: new FloatDistribution(0, 1) }),
      sampleRelative: (_s, _t, space) => {
        seen.push(`relative ${Object.keys(space).join(',')}`);
        return { x: 0.5 };
      },
      sampleIndependent: () => 0.1,
      beforeTrial: () => seen.push('before'),
      afterTrial: () => seen.push('after'),
    };
    const study = await createStudy({ sampler: new PartialFixedSampler({ y: 0.9 }, base) });
    await study.optimize((t) => t.suggestFloat('x', 0, 1) + t.suggestFloat('y', 0, 1), { nTrials: 1 });
    expect(seen).toEqual(['before', 'relative x', 'after']);
    expect(study.trials[0]?.params).toEqual({ x: 0.5, y: 0.9 });
  });

  it('uses an out-of-range fixed value with a warning, and refuses one of the wrong type', async () => {
    const study = await createStudy({ sampler: new PartialFixedSampler({ x: 3 }, new RandomSampler({ seed: 1 })) });
    const logs = await captureLogsAsync(async () => {
      await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 1 });
    });
    expect(study.trials[0]?.params.x).toBe(3);
    expect(logs.some((l) => /fixed parameter 'x' with value 3 is out of range for float \[0, 1\]/.test(l.message))).toBe(true);
    const bad = await createStudy({ sampler: new PartialFixedSampler({ x: 'high' }, new RandomSampler({ seed: 1 })) });
    await expect(bad.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 1 })).rejects.toThrow(/fixed value "high" of 'x'/);
  });
});
