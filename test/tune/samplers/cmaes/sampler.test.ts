import { describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../../src/core/log.js';
import { TrialPruned } from '../../../../src/core/errors.js';
import { CmaEsSampler } from '../../../../src/tune/samplers/cmaes/sampler.js';
import { RandomSampler } from '../../../../src/tune/samplers/random.js';
import type { Sampler } from '../../../../src/tune/samplers/base.js';
import { InMemoryStorage } from '../../../../src/tune/storages/memory.js';
import { createStudy, loadStudy } from '../../../../src/tune/study/create-study.js';
import type { Trial } from '../../../../src/tune/trial/trial.js';

const sphere = (t: Trial) => (t.suggestFloat('x', -5, 5) - 1) ** 2 + (t.suggestFloat('y', -5, 5) + 2) ** 2;
const ellipsoid4 = (t: Trial) => {
  let s = 0;
  for (let i = 0; i < 4; i++) s += 10 ** i * (t.suggestFloat(`x${i}`, -3, 3) - 0.5) ** 2;
  return s;
};

async function bestOf(sampler: Sampler, f: (t: Trial) => number, nTrials = 200): Promise<number> {
  const study = await createStudy({ sampler });
  await study.optimize(f, { nTrials });
  return study.bestValue;
}

describe('CmaEsSampler', () => {
  it('minimizes a 2-D sphere and a 4-D ellipsoid in 200 trials, beating random search', async () => {
    for (const seed of [1, 2, 3]) {
      const cmaSphere = await bestOf(new CmaEsSampler({ seed }), sphere);
      const rndSphere = await bestOf(new RandomSampler({ seed }), sphere);
      expect(cmaSphere).toBeLessThan(1e-4);
      expect(cmaSphere).toBeLessThan(rndSphere / 100);
      const cmaEll = await bestOf(new CmaEsSampler({ seed }), ellipsoid4);
      const rndEll = await bestOf(new RandomSampler({ seed }), ellipsoid4);
      expect(cmaEll).toBeLessThan(2);
      expect(cmaEll).toBeLessThan(rndEll / 5);
    }
  });

  it('keeps int, log and stepped params in range and on their grids, and maximizes', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new CmaEsSampler({ seed: 7 }) });
    await study.optimize(
      (t) => {
        const a = t.suggestInt('a', -3, 9);
        const b = t.suggestFloat('b', 1e-4, 1, { log: true });
        const c = t.suggestFloat('c', 0, 2, { step: 0.25 });
        const d = t.suggestInt('d', 2, 512, { log: true });
        return -((a - 4) ** 2) - (Math.log10(b) + 2) ** 2 - (c - 1.5) ** 2 - (Math.log2(d) - 5) ** 2;
      },
      { nTrials: 120 },
    );
    for (const t of study.trials) {
      const p = t.params as Record<string, number>;
      expect(Number.isInteger(p.a) && p.a >= -3 && p.a <= 9).toBe(true);
      expect(p.b >= 1e-4 && p.b <= 1).toBe(true);
      expect(Number.isInteger(p.c / 0.25) && p.c >= 0 && p.c <= 2).toBe(true);
      expect(Number.isInteger(p.d) && p.d >= 2 && p.d <= 512).toBe(true);
    }
    expect(study.bestParams.a).toBe(4);
    expect(study.bestParams.c).toBe(1.5);
    expect(study.bestValue).toBeGreaterThan(-0.5);
  });

  it('is reproducible: same seed, same trials', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ sampler: new CmaEsSampler({ seed }) });
      await study.optimize(ellipsoid4, { nTrials: 40 });
      return study.trials.map((t) => t.params);
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it('stores generations and the optimizer in trial system attrs, one generation per popsize trials', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 3, popsize: 5 }) });
    await study.optimize(sphere, { nTrials: 31 });
    const trials = study.trials;
    // trial 0 is the startup (independent) trial; then 5 trials per generation
    expect(trials[0].systemAttrs['cma:generation']).toBeUndefined();
    const gens = trials.slice(1).map((t) => t.systemAttrs['cma:generation']);
    expect(gens).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5]);
    // the first trial of each later generation carries the optimizer told with the previous one
    const carriers = trials.filter((t) => typeof t.systemAttrs['cma:optimizer:0'] === 'string').map((t) => t.number);
    expect(carriers).toEqual([6, 11, 16, 21, 26]);
    const stored = JSON.parse(trials[26].systemAttrs['cma:optimizer:0'] as string);
    expect(stored.names).toEqual(['x', 'y']);
    expect(stored.cma.generation).toBe(5);
  });

  it('resumes from the storage with a fresh sampler', async () => {
    const storage = new InMemoryStorage();
    const first = await createStudy({ storage, studyName: 'resume', sampler: new CmaEsSampler({ seed: 5, popsize: 6 }) });
    await first.optimize(sphere, { nTrials: 37 });
    const again = await loadStudy({ storage, studyName: 'resume', sampler: new CmaEsSampler({ seed: 6, popsize: 6 }) });
    await again.optimize(sphere, { nTrials: 12 });
    const gens = again.trials.slice(37).map((t) => t.systemAttrs['cma:generation']);
    // 37 = 1 startup + 6 generations of 6: the new sampler continues at generation 6
    expect(gens).toEqual([6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7]);
  });

  it('samples categorical params independently, with a warning', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1 }) });
    const logs = await captureLogsAsync(async () => {
      await study.optimize(
        (t) => {
          const k = t.suggestCategorical('k', ['a', 'b', 'c']);
          return t.suggestFloat('x', -1, 1) ** 2 + (k === 'b' ? 0 : 1);
        },
        { nTrials: 15 },
      );
    });
    expect(logs.some((l) => l.level === 'warn' && l.message.includes("'k'"))).toBe(true);
    expect(new Set(study.trials.map((t) => t.params.k)).size).toBeGreaterThan(1);
    expect(study.trials.slice(1).every((t) => t.systemAttrs['cma:generation'] !== undefined)).toBe(true);
  });

  it('uses pruned trials with considerPrunedTrials', async () => {
    const run = async (considerPrunedTrials: boolean) => {
      const study = await createStudy({ sampler: new CmaEsSampler({ seed: 2, popsize: 4, considerPrunedTrials }), pruner: 'nop' });
      await study.optimize(
        (t) => {
          const v = sphere(t);
          t.report(v, 0);
          if (t.number % 2 === 1) throw new TrialPruned();
          return v;
        },
        { nTrials: 21 },
      );
      return Math.max(...study.trials.map((t) => (t.systemAttrs['cma:generation'] as number | undefined) ?? -1));
    };
    // with pruned trials counted, generations fill twice as fast
    expect(await run(true)).toBe(4);
    expect(await run(false)).toBe(2);
  });

  it('supports separable CMA-ES', async () => {
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 4, useSeparableCma: true }) });
    await study.optimize(ellipsoid4, { nTrials: 200 });
    expect(study.bestValue).toBeLessThan(2);
    expect(study.trials[5].systemAttrs['sepcma:generation']).toBe(0);
  });

  it('runs CMA-ES with margin on int and stepped params', async () => {
    const objective = (t: Trial) => {
      const a = t.suggestInt('a', -10, 10);
      const b = t.suggestFloat('b', 0, 5, { step: 0.5 });
      const x = t.suggestFloat('x', -3, 3);
      return (a - 3) ** 2 + (b - 1.5) ** 2 + x * x;
    };
    const study = await createStudy({ sampler: new CmaEsSampler({ seed: 8, withMargin: true }) });
    await study.optimize(objective, { nTrials: 150 });
    expect(study.bestParams.a).toBe(3);
    expect(study.bestParams.b).toBe(1.5);
    expect(study.bestValue).toBeLessThan(0.05);
    const later = study.trials.slice(1);
    expect(later.every((t) => t.systemAttrs['cmawm:generation'] !== undefined)).toBe(true);
    expect(later.every((t) => Array.isArray(t.systemAttrs.x_for_tell) && (t.systemAttrs.x_for_tell as number[]).length === 3)).toBe(true);
    for (const t of study.trials) {
      expect(Number.isInteger(t.params.a)).toBe(true);
      expect(Number.isInteger((t.params.b as number) / 0.5)).toBe(true);
    }
    // the margin keeps several values of `a` in play late in the run
    expect(new Set(study.trials.slice(100).map((t) => t.params.a)).size).toBeGreaterThan(1);
    expect(() => new CmaEsSampler({ withMargin: true, useSeparableCma: true })).toThrow(/together/);
  });

  it('refuses several objectives and bad options', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new CmaEsSampler({ seed: 1 }) });
    await captureLogsAsync(async () => {
      await expect(study.optimize((t) => [t.suggestFloat('x', 0, 1), 1], { nTrials: 3 })).rejects.toThrow(/multi-objective/);
    });
    expect(() => new CmaEsSampler({ popsize: 1 })).toThrow(/popsize/);
    expect(() => new CmaEsSampler({ sigma0: 0 })).toThrow(/sigma0/);
  });
});
