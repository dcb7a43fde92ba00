import { describe, expect, it } from 'vitest';
import { NSGAIISampler } from '../../../../src/tune/samplers/nsga2/sampler.js';
import { RandomSampler } from '../../../../src/tune/samplers/random.js';
import type { Sampler } from '../../../../src/tune/samplers/base.js';
import { createStudy } from '../../../../src/tune/study/create-study.js';
import type { Trial } from '../../../../src/tune/trial/trial.js';
import type { FrozenTrial } from '../../../../src/tune/trial/frozen-trial.js';
import { hypervolume2d, zdt1 } from './helpers.js';

async function zdtHv(sampler: Sampler, nTrials = 1000): Promise<number> {
  const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
  await study.optimize(zdt1(4), { nTrials });
  return hypervolume2d(study.trials.map((t) => t.values as number[]), [1.1, 1.1]);
}

describe('NSGAIISampler', () => {
  it('beats random search on ZDT1 (hypervolume after 1,000 trials, same seed)', async () => {
    // the best possible hypervolume for this reference point is 1.21 - 1/3 = 0.8767
    for (const seed of [1, 2]) {
      const random = await zdtHv(new RandomSampler({ seed }));
      for (const crossover of ['uniform', 'sbx'] as const) {
        const nsga = await zdtHv(new NSGAIISampler({ seed, crossover }));
        expect(nsga).toBeGreaterThan(0.5);
        expect(nsga).toBeGreaterThan(random + 0.2);
      }
    }
  });

  it('is reproducible: same seed, same trials', async () => {
    const run = async (seed: number) => {
      const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new NSGAIISampler({ seed, populationSize: 10, crossover: 'sbx' }) });
      await study.optimize(zdt1(3), { nTrials: 60 });
      return study.trials.map((t) => t.params);
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it('tracks generations and parents in system attrs', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new NSGAIISampler({ seed: 1, populationSize: 10 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', -1, 1);
        return [x * x, x];
      },
      { nTrials: 35 },
    );
    const gens = study.trials.map((t) => t.systemAttrs['NSGAIISampler:generation']);
    expect(gens).toEqual([...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2), ...Array(5).fill(3)]);
    await study.refresh();
    for (const g of [1, 2, 3]) {
      const ids = study.systemAttrs[`NSGAIISampler:parent:${g}`] as number[];
      expect(ids).toHaveLength(10);
      // parents come from the previous generation or its parents
      const byId = new Map(study.trials.map((t) => [t.trialId, t]));
      for (const id of ids) expect((byId.get(id)!.systemAttrs['NSGAIISampler:generation'] as number) < g).toBe(true);
    }
  });

  it('works for a single objective and keeps mixed params valid', async () => {
    const objective = (t: Trial) => {
      const a = t.suggestFloat('a', -5, 5);
      const b = t.suggestInt('b', -10, 10);
      const c = t.suggestFloat('c', 1e-3, 10, { log: true });
      const k = t.suggestCategorical('k', ['x', 'y', 'z']);
      return (a - 1) ** 2 + (b - 3) ** 2 + Math.log10(c) ** 2 + (k === 'y' ? 0 : 1);
    };
    const run = async (sampler: Sampler) => {
      const study = await createStudy({ sampler });
      await study.optimize(objective, { nTrials: 400 });
      return study;
    };
    const nsga = await run(new NSGAIISampler({ seed: 3, populationSize: 20 }));
    const rnd = await run(new RandomSampler({ seed: 3 }));
    expect(nsga.bestValue).toBeLessThan(rnd.bestValue);
    expect(nsga.bestValue).toBeLessThan(0.3);
    expect(nsga.bestParams.k).toBe('y');
    for (const t of nsga.trials) {
      const p = t.params as Record<string, number | string>;
      expect((p.a as number) >= -5 && (p.a as number) <= 5).toBe(true);
      expect(Number.isInteger(p.b) && (p.b as number) >= -10 && (p.b as number) <= 10).toBe(true);
      expect((p.c as number) >= 1e-3 && (p.c as number) <= 10).toBe(true);
      expect(['x', 'y', 'z']).toContain(p.k);
    }
  });

  it('prefers feasible trials with constraintsFunc', async () => {
    // minimize (x, y) with the constraint x + y >= 1: the feasible front lies on x + y = 1;
    // without the constraint the front collapses to (0, 0), which is infeasible
    const run = async (constrained: boolean) => {
      const sampler = new NSGAIISampler({
        seed: 2,
        populationSize: 20,
        constraintsFunc: constrained ? (t) => [1 - ((t.params.x as number) + (t.params.y as number))] : null,
      });
      const study = await createStudy({ directions: ['minimize', 'minimize'], sampler });
      await study.optimize((t) => [t.suggestFloat('x', 0, 1), t.suggestFloat('y', 0, 1)], { nTrials: 300 });
      await study.refresh();
      const isFeasible = (t: FrozenTrial) => (t.params.x as number) + (t.params.y as number) >= 1;
      const late = study.trials.slice(200);
      const parents = new Set(study.systemAttrs['NSGAIISampler:parent:14'] as number[]);
      return {
        share: late.filter(isFeasible).length / late.length,
        parentsFeasible: study.trials.filter((t) => parents.has(t.trialId)).every(isFeasible),
        parentsCount: parents.size,
      };
    };
    const withC = await run(true);
    const without = await run(false);
    expect(withC.parentsCount).toBe(20);
    expect(withC.parentsFeasible).toBe(true);
    expect(without.parentsFeasible).toBe(false);
    expect(withC.share).toBeGreaterThan(0.5);
    expect(without.share).toBeLessThan(0.3);
  });

  it('records constraint values in the trial system attrs after the trial', () => {
    const sampler = new NSGAIISampler({ seed: 1, constraintsFunc: (t) => [(t.params.x as number) - 0.5, -1] });
    const written: Record<string, unknown> = {};
    const trial = {
      number: 0,
      trialId: 7,
      state: 'RUNNING' as const,
      values: null,
      value: null,
      datetimeStart: null,
      datetimeComplete: null,
      params: { x: 0.75 },
      distributions: {},
      userAttrs: {},
      systemAttrs: {},
      intermediateValues: new Map<number, number>(),
      setSystemAttr: (k: string, v: unknown) => void (written[k] = v),
    };
    const view = {
      studyName: 's',
      studyId: 1,
      directions: ['MINIMIZE' as const],
      userAttrs: {},
      systemAttrs: {},
      getTrials: () => [],
      setSystemAttr: () => undefined,
    };
    sampler.beforeTrial(view, trial);
    expect(written['NSGAIISampler:generation']).toBe(0);
    sampler.afterTrial(view, { ...trial, state: 'RUNNING' }, 'COMPLETE', [1]);
    expect(written.constraints).toEqual([0.25, -1]);
    const failing = new NSGAIISampler({ constraintsFunc: () => [NaN] });
    expect(() => failing.afterTrial(view, trial, 'COMPLETE', [1])).toThrow(/NaN/);
  });

  it('supports every crossover', async () => {
    for (const crossover of ['uniform', 'blxalpha', 'sbx', 'vsbx', 'spx', 'undx'] as const) {
      const hv = await zdtHv(new NSGAIISampler({ seed: 1, crossover, populationSize: 20 }), 200);
      expect(hv).toBeGreaterThan(0);
    }
  });

  it('rejects bad options', () => {
    expect(() => new NSGAIISampler({ populationSize: 1 })).toThrow(/populationSize/);
    expect(() => new NSGAIISampler({ populationSize: 2, crossover: 'spx' })).toThrow(/>= 3/);
    expect(() => new NSGAIISampler({ mutationProb: 2 })).toThrow(/mutationProb/);
    expect(() => new NSGAIISampler({ crossover: 'bogus' as 'sbx' })).toThrow(/unknown crossover 'bogus'/);
  });
});
