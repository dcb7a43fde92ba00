import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { TrialPruned, TunerError } from '../../../src/core/errors.js';
import { captureLogsAsync } from '../../../src/core/log.js';
import { FloatDistribution, IntDistribution } from '../../../src/tune/distributions.js';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import type { Pruner } from '../../../src/tune/pruners/base.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { createStudy } from '../../../src/tune/study/create-study.js';

async function freshTrial(directions: ('minimize' | 'maximize')[] = ['minimize']) {
  const study = await createStudy({ directions, sampler: new RandomSampler({ seed: 11 }) });
  return { study, trial: await study.ask() };
}

describe('Trial.suggest*', () => {
  it('returns values inside the ranges, on their grids', async () => {
    const { trial } = await freshTrial();
    const f = trial.suggestFloat('f', -2, 3);
    const lg = trial.suggestFloat('lg', 1e-5, 1e-1, { log: true });
    const st = trial.suggestFloat('st', 0, 1, { step: 0.25 });
    const i = trial.suggestInt('i', -3, 3);
    const il = trial.suggestInt('il', 1, 1000, { log: true });
    const is = trial.suggestInt('is', 2, 20, { step: 3 });
    expect(f).toBeGreaterThanOrEqual(-2);
    expect(f).toBeLessThanOrEqual(3);
    expect(lg).toBeGreaterThanOrEqual(1e-5);
    expect(lg).toBeLessThanOrEqual(1e-1);
    expect([0, 0.25, 0.5, 0.75, 1]).toContain(st);
    expect(Number.isInteger(i) && i >= -3 && i <= 3).toBe(true);
    expect(Number.isInteger(il) && il >= 1 && il <= 1000).toBe(true);
    expect([2, 5, 8, 11, 14, 17, 20]).toContain(is);
    expect(trial.params).toEqual({ f, lg, st, i, il, is });
    expect(trial.distributions.is).toEqual(new IntDistribution(2, 20, { step: 3 }));
  });

  it('keeps the literal types of categorical choices', async () => {
    const { trial } = await freshTrial();
    const k = trial.suggestCategorical('k', ['a', 'b']);
    expectTypeOf(k).toEqualTypeOf<'a' | 'b'>();
    const m = trial.suggestCategorical('m', [1, 'two', null, true]);
    expectTypeOf(m).toEqualTypeOf<1 | 'two' | null | true>();
    const ro = ['x', 'y'] as const;
    expectTypeOf(trial.suggestCategorical('ro', ro)).toEqualTypeOf<'x' | 'y'>();
    expect(['a', 'b']).toContain(k);
    expect([1, 'two', null, true]).toContain(m);
  });

  it('returns the first value when a name is suggested twice; an incompatible redefinition names the param', async () => {
    const { trial } = await freshTrial();
    const x = trial.suggestFloat('x', 0, 1);
    expect(trial.suggestFloat('x', 0, 1)).toBe(x);
    const logs = await captureLogsAsync(async () => {
      expect(trial.suggestFloat('x', 0, 100)).toBe(x);
    });
    expect(logs.some((l) => l.level === 'warn' && /'x'/.test(l.message))).toBe(true);
    expect(() => trial.suggestInt('x', 0, 1)).toThrow(/parameter 'x' was suggested as float and now as int/);
    trial.suggestCategorical('c', ['a', 'b']);
    expect(() => trial.suggestCategorical('c', ['a', 'b', 'c'])).toThrow(/parameter 'c'/);
    expect(() => trial.suggestFloat('lr', 0, 1, { log: true })).toThrow("suggestFloat('lr'): low (0) must be > 0 when log is true");
    expect(() => trial.suggestInt('n', 5, 1)).toThrow("suggestInt('n'): low (5) must be <= high (1)");
    expect(() => trial.suggestCategorical('e', [])).toThrow("suggestCategorical('e'): choices must be a non-empty array");
    expect(() => trial.suggestInt('bad', 0.5, 3)).toThrow(/suggestInt\('bad'\)/);
  });

  it('returns the single value of a one-point distribution without asking the sampler', async () => {
    const study = await createStudy({
      sampler: {
        inferRelativeSearchSpace: () => ({}),
        sampleRelative: () => ({}),
        sampleIndependent: () => {
          throw new Error('should not be called');
        },
      },
    });
    const t = await study.ask();
    expect(t.suggestFloat('a', 2, 2)).toBe(2);
    expect(t.suggestInt('b', 7, 7)).toBe(7);
    expect(t.suggestCategorical('c', ['only'])).toBe('only');
    expect(t.suggestFloat('d', 0, 0.5, { step: 1 })).toBe(0);
  });

  it('has the deprecated aliases', async () => {
    const { trial } = await freshTrial();
    const u = trial.suggestUniform('u', 0, 1);
    const l = trial.suggestLogUniform('l', 1, 10);
    const d = trial.suggestDiscreteUniform('d', 0, 1, 0.5);
    expect(trial.distributions.u).toEqual(new FloatDistribution(0, 1));
    expect(trial.distributions.l).toEqual(new FloatDistribution(1, 10, { log: true }));
    expect(trial.distributions.d).toEqual(new FloatDistribution(0, 1, { step: 0.5 }));
    expect(u >= 0 && u <= 1 && l >= 1 && l <= 10 && [0, 0.5, 1].includes(d)).toBe(true);
  });
});

describe('Trial.report and shouldPrune', () => {
  it('follows Optuna rules for steps', async () => {
    const { study, trial } = await freshTrial();
    trial.report(1.5, 0);
    trial.report(1.2, 3);
    const logs = await captureLogsAsync(async () => {
      trial.report(9, 3);
    });
    expect(logs.some((l) => l.level === 'warn' && /step 3 is already reported/.test(l.message))).toBe(true);
    expect([...trial.intermediateValues]).toEqual([
      [0, 1.5],
      [3, 1.2],
    ]);
    expect(() => trial.report(1, -1)).toThrow(/non-negative/);
    expect(() => trial.report(1, 1.5)).toThrow(/integer/);
    expect(() => trial.report('x' as unknown as number, 2)).toThrow(/must be a number/);
    await study.tell(trial, 1);
    expect([...(study.trials[0]?.intermediateValues ?? [])]).toEqual([
      [0, 1.5],
      [3, 1.2],
    ]);
  });

  it('refuses report and shouldPrune in multi-objective studies', async () => {
    const { trial } = await freshTrial(['minimize', 'minimize']);
    expect(() => trial.report(1, 0)).toThrow(TunerError);
    expect(() => trial.shouldPrune()).toThrow(/multi-objective/);
  });

  it('passes the pruner the study view and the up-to-date trial', async () => {
    const calls: [number, number[]][] = [];
    const pruner: Pruner = {
      prune: (study, trial) => {
        calls.push([study.getTrials().length, [...trial.intermediateValues.keys()]]);
        return trial.intermediateValues.get(2) === 99;
      },
    };
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner });
    const t = await study.ask();
    t.report(1, 0);
    expect(t.shouldPrune()).toBe(false);
    t.report(99, 2);
    expect(t.shouldPrune()).toBe(true);
    expect(calls).toEqual([
      [1, [0]],
      [1, [0, 2]],
    ]);
  });

  it('prunes bad trials end to end with MedianPruner', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new MedianPruner({ nStartupTrials: 3 }) });
    await study.optimize(
      (t) => {
        // trials 0..3 converge to 1; later odd trials are much worse and get pruned at step 0
        const bad = t.number >= 4 && t.number % 2 === 1;
        for (let step = 0; step < 5; step++) {
          const v = bad ? 100 - step : 1 + 1 / (step + 1);
          t.report(v, step);
          if (t.shouldPrune()) throw new TrialPruned(`pruned at step ${step}`);
        }
        return 1;
      },
      { nTrials: 10 },
    );
    expect(study.trials.map((t) => t.state)).toEqual([
      'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'PRUNED', 'COMPLETE', 'PRUNED', 'COMPLETE', 'PRUNED',
    ]);
    expect(study.trials[5]?.values).toEqual([100]);
    expect(study.trials[5]?.intermediateValues.size).toBe(1);
  });
});

describe('Trial attributes', () => {
  it('queues user and system attributes and exposes them at once', async () => {
    const { study, trial } = await freshTrial();
    trial.setUserAttr('acc', 0.9);
    trial.setUserAttr('cfg', { depth: 3, tags: ['a'] });
    trial.setSystemAttr('internal', 1);
    expect(trial.userAttrs).toEqual({ acc: 0.9, cfg: { depth: 3, tags: ['a'] } });
    expect(trial.systemAttrs).toEqual({ internal: 1 });
    expect(trial.number).toBe(0);
    expect(trial.datetimeStart).toBeInstanceOf(Date);
    expect(() => trial.setUserAttr('bad', () => 1)).toThrow(/not JSON-serializable/);
    await study.tell(trial, 0);
    expect(study.trials[0]?.userAttrs).toEqual({ acc: 0.9, cfg: { depth: 3, tags: ['a'] } });
    expect(study.trials[0]?.systemAttrs).toEqual({ internal: 1 });
  });
});

describe('Trial.report writes', () => {
  /** An in-memory storage that logs the value writes it gets. */
  async function countingStudy(dbPath?: string) {
    const { InMemoryStorage } = await import('../../../src/tune/storages/memory.js');
    const { getStorage } = await import('../../../src/tune/storages/registry.js');
    const inner = dbPath === undefined ? new InMemoryStorage() : await getStorage(`sqlite:///${dbPath}`);
    const calls: string[] = [];
    const storage = new Proxy(inner, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (prop === 'setTrialIntermediateValue') calls.push(`one ${String(args[1])}`);
          if (prop === 'setTrialIntermediateValues') calls.push(`many ${(args[1] as [number, number][]).map((e) => e[0]).join(',')}`);
          if (prop === 'setTrialUserAttr') calls.push(`attr ${String(args[1])}`);
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const study = await createStudy({ storage, sampler: new RandomSampler({ seed: 1 }) });
    return { study, calls, storage };
  }

  it('values reported while the previous write is queued go to the storage in one write, in order', async () => {
    for (const db of [undefined, join(mkdtempSync(join(tmpdir(), 'gbtune-report-')), 's.db')]) {
      const { study, calls, storage } = await countingStudy(db);
      const trial = await study.ask();
      // a synchronous loop (a main-thread CV) reports many rounds before any write runs
      for (let s = 0; s < 5; s++) trial.report(s / 10, s);
      trial.setUserAttr('u', 1);
      trial.report(0.5, 5);
      trial.report(0.6, 6);
      await trial.flush();
      trial.report(0.7, 7);
      await trial.flush();
      expect(calls).toEqual(['many 0,1,2,3,4', 'attr u', 'many 5,6', 'one 7']);
      const stored = await storage.getTrial(trial.trialId);
      expect([...stored.intermediateValues]).toEqual([[0, 0], [1, 0.1], [2, 0.2], [3, 0.3], [4, 0.4], [5, 0.5], [6, 0.6], [7, 0.7]]);
      await study.tell(trial, 1);
      await storage.close?.();
    }
  });
});
