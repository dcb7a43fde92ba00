import { describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../../src/core/log.js';
import { GPSampler } from '../../../../src/tune/samplers/gp/sampler.js';
import { createSampler } from '../../../../src/tune/samplers/registry.js';
import { createStudy } from '../../../../src/tune/study/create-study.js';
import type { Trial } from '../../../../src/tune/trial/trial.js';

/** A mixed, partly conditional objective through the real study API. */
function objective(t: Trial): number {
  const kind = t.suggestCategorical('kind', ['linear', 'quad'] as const);
  const lr = t.suggestFloat('lr', 1e-4, 1, { log: true });
  const depth = t.suggestInt('depth', 1, 9);
  const frac = t.suggestFloat('frac', 0, 1, { step: 0.125 });
  let v = (Math.log10(lr) + 2) ** 2 + (depth - 6) ** 2 / 9 + (frac - 0.625) ** 2;
  if (kind === 'quad') v += t.suggestFloat('extra', -1, 1) ** 2;
  else v += 0.5;
  return v;
}

describe('GPSampler in a study', () => {
  it('runs a mixed conditional space, stays valid, improves on the startup trials and is seeded', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ sampler: new GPSampler({ seed, warnIndependentSampling: false }) });
      await study.optimize(objective, { nTrials: 25 });
      return study;
    };
    let a: Awaited<ReturnType<typeof run>> | null = null;
    const logs = await captureLogsAsync(async () => {
      a = await run(3);
    });
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
    const study = a as unknown as Awaited<ReturnType<typeof run>>;
    const trials = study.trials;
    expect(trials.length).toBe(25);
    for (const t of trials) {
      expect(t.state).toBe('COMPLETE');
      expect(['linear', 'quad']).toContain(t.params.kind);
      expect(Number.isInteger(t.params.depth)).toBe(true);
      expect((t.params.frac as number) * 8).toBeCloseTo(Math.round((t.params.frac as number) * 8), 9);
      expect(t.params.lr as number).toBeGreaterThanOrEqual(1e-4);
      expect(t.params.lr as number).toBeLessThanOrEqual(1);
    }
    const startupBest = Math.min(...trials.slice(0, 10).map((t) => t.values![0]));
    expect(study.bestValue).toBeLessThan(startupBest);
    expect(study.bestValue).toBeLessThan(0.6);
    const again = await run(3);
    expect(again.trials.map((t) => t.params)).toEqual(trials.map((t) => t.params));
  });

  it('is in the sampler registry under Optuna-style names', async () => {
    expect(createSampler('gp', { seed: 1 })).toBeInstanceOf(GPSampler);
    expect(createSampler('GPSampler', { seed: 1, nStartupTrials: 5 })).toBeInstanceOf(GPSampler);
  });
});
