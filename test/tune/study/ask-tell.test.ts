import { describe, expect, it } from 'vitest';
import { StorageError, TunerError } from '../../../src/core/errors.js';
import { captureLogsAsync } from '../../../src/core/log.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../../src/tune/distributions.js';
import type { Sampler } from '../../../src/tune/samplers/base.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { InMemoryStorage } from '../../../src/tune/storages/memory.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import { createTrial } from '../../../src/tune/trial/create-trial.js';
import type { FrozenTrial } from '../../../src/tune/trial/frozen-trial.js';

describe('ask and tell', () => {
  it('runs trials by hand and refreshes the snapshot on every ask and tell', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    const t0 = await study.ask();
    expect(t0.number).toBe(0);
    expect(study.trials).toHaveLength(1);
    expect(study.trials[0]?.state).toBe('RUNNING');
    const x = t0.suggestFloat('x', 0, 4);
    const told = await study.tell(t0, x * x);
    expect(told.state).toBe('COMPLETE');
    expect(told.values).toEqual([x * x]);
    expect(told.params).toEqual({ x });
    expect(study.trials[0]?.state).toBe('COMPLETE');
    expect(study.bestValue).toBe(x * x);

    const t1 = await study.ask();
    t1.suggestFloat('x', 0, 4);
    const byNumber = await study.tell(1, 100);
    expect(byNumber.number).toBe(1);
    expect(study.bestTrial.number).toBe(x * x < 100 ? 0 : 1);
  });

  it('suggests fixed distributions at ask', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    const t = await study.ask({ lr: new FloatDistribution(1e-3, 1, { log: true }), k: new CategoricalDistribution(['a', 'b']) });
    expect(Object.keys(t.params).sort()).toEqual(['k', 'lr']);
    expect(t.suggestFloat('lr', 1e-3, 1, { log: true })).toBe(t.params.lr);
    await study.tell(t, 1);
    expect(study.trials[0]?.distributions.lr).toEqual(new FloatDistribution(1e-3, 1, { log: true }));
  });

  it('tells PRUNED with the last intermediate value, FAIL without values', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    const a = await study.ask();
    a.report(3, 0);
    a.report(2, 5);
    a.report(4, 1);
    expect((await study.tell(a, undefined, { state: 'PRUNED' })).values).toEqual([2]);
    const b = await study.ask();
    b.report(NaN, 0);
    expect((await study.tell(b, 'PRUNED')).values).toBeNull();
    const c = await study.ask();
    expect((await study.tell(c, 'PRUNED')).values).toBeNull();
    const d = await study.ask();
    const failed = await study.tell(d, undefined, { state: 'FAIL' });
    expect(failed.state).toBe('FAIL');
    expect(failed.values).toBeNull();
  });

  it("checks tell's arguments as Optuna does", async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 2 }) });
    const t = await study.ask();
    await expect(study.tell(t, [1], { state: 'COMPLETE' })).rejects.toThrow(/number of the values 1 did not match the number of the objectives 2/);
    await expect(study.tell(t, [1, NaN], { state: 'COMPLETE' })).rejects.toThrow(/NaN/);
    await expect(study.tell(t, undefined, { state: 'COMPLETE' })).rejects.toThrow(/no values were told/);
    await expect(study.tell(t, [1, 2], { state: 'PRUNED' })).rejects.toThrow(/cannot be given when the state is PRUNED/);
    await expect(study.tell(t, [1, 2], { state: 'RUNNING' })).rejects.toThrow(/cannot tell with state/);
    await expect(study.tell(99, [1, 2])).rejects.toThrow(/has not been created/);
    expect(study.trials[0]?.state).toBe('RUNNING');
    const ok = await study.tell(t, [1, 2]);
    expect(ok.values).toEqual([1, 2]);
    await expect(study.tell(t, [1, 2])).rejects.toThrow(/cannot tell a COMPLETE trial/);
    const same = await study.tell(t, [5, 6], { skipIfFinished: true });
    expect(same.values).toEqual([1, 2]);
    expect(() => t.suggestFloat('z', 0, 1)).toThrow(/already finished/);
  });

  it('without a state, fails a trial told NaN with a warning', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 2 }) });
    const t = await study.ask();
    let told: FrozenTrial | undefined;
    const logs = await captureLogsAsync(async () => {
      told = await study.tell(t, NaN);
    });
    expect(told?.state).toBe('FAIL');
    expect(logs.some((l) => l.level === 'warn' && /trial 0/.test(l.message) && /NaN/.test(l.message))).toBe(true);
  });

  it('surfaces a failed queued write at tell and fails the trial', async () => {
    class BrokenAttrs extends InMemoryStorage {
      override async setTrialUserAttr(): Promise<void> {
        throw new StorageError('disk full', 'DISK_FULL');
      }
    }
    const study = await createStudy({ storage: new BrokenAttrs(), sampler: new RandomSampler({ seed: 1 }) });
    const t = await study.ask();
    t.setUserAttr('k', 1); // queued; fails in the background
    t.suggestFloat('x', 0, 1);
    await expect(study.tell(t, 1)).rejects.toThrow('disk full');
    expect(study.trials[0]?.state).toBe('FAIL');
    await expect(study.optimize((tr) => (tr.setUserAttr('a', 1), 1), { nTrials: 3 })).rejects.toThrow('disk full');
  });

  it('calls beforeTrial before any suggest and afterTrial while the trial is still RUNNING', async () => {
    const events: string[] = [];
    const storage = new InMemoryStorage();
    const inner = new RandomSampler({ seed: 0 });
    const spy: Sampler = {
      inferRelativeSearchSpace: () => ({ x: new FloatDistribution(0, 1) }),
      sampleRelative: (_s, t, space) => {
        events.push(`relative ${t.number} ${Object.keys(space).join(',')}`);
        return { x: 0.25 };
      },
      sampleIndependent: (s, t, name, d) => {
        events.push(`independent ${t.number} ${name}`);
        return inner.sampleIndependent(s, t, name, d);
      },
      beforeTrial: (_s, t) => {
        events.push(`before ${t.number} ${Object.keys(t.params).length}`);
        t.setSystemAttr('seen', true);
      },
      afterTrial: (s, t, state, values) => {
        const stored = s.getTrials().find((u) => u.number === t.number);
        events.push(`after ${t.number} ${state} ${String(values)} stored=${stored?.state} attr=${String(t.systemAttrs.seen)}`);
      },
    };
    const study = await createStudy({ storage, sampler: spy });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 1); // relative
        const y = t.suggestFloat('y', 0, 1); // independent
        const x2 = t.suggestFloat('x', 0, 1); // repeated: no sampling
        expect(x2).toBe(x);
        return x + y;
      },
      { nTrials: 2 },
    );
    expect(events[0]).toBe('before 0 0');
    expect(events[1]).toBe('relative 0 x');
    expect(events[2]).toBe('independent 0 y');
    expect(events[3]).toMatch(/^after 0 COMPLETE [\d.]+ stored=RUNNING attr=true$/);
    expect(events.slice(4, 7)).toEqual(['before 1 0', 'relative 1 x', 'independent 1 y']);
    expect(study.trials.map((t) => t.params.x)).toEqual([0.25, 0.25]);
    expect(study.trials[0]?.systemAttrs).toEqual({ seen: true });
  });

  it('samples a relative param independently when its distribution does not match the relative space', async () => {
    const spy: Sampler = {
      inferRelativeSearchSpace: () => ({ x: new FloatDistribution(0, 1) }),
      sampleRelative: () => ({ x: 0.75 }),
      sampleIndependent: () => 5,
    };
    const study = await createStudy({ sampler: spy });
    const t = await study.ask();
    expect(t.suggestFloat('x', 4, 6)).toBe(5); // 0.75 is outside [4, 6]
    const u = await study.ask();
    expect(u.suggestInt('x', 0, 10)).toBe(5); // another kind
  });
});

describe('enqueueTrial', () => {
  it('pops enqueued trials first, fixing their params and sampling the others', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    await study.enqueueTrial({ x: 5, kind: 'b' });
    await study.enqueueTrial({ x: 0 }, { userAttrs: { memo: 'optimal' } });
    expect(study.getTrials({ states: ['WAITING'] })).toHaveLength(2);
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 10);
        const kind = t.suggestCategorical('kind', ['a', 'b', 'c']);
        return x + (kind === 'a' ? 0 : 1);
      },
      { nTrials: 3 },
    );
    expect(study.trials[0]?.params).toEqual({ x: 5, kind: 'b' });
    expect(study.trials[1]?.params.x).toBe(0);
    expect(['a', 'b', 'c']).toContain(study.trials[1]?.params.kind);
    expect(study.trials[1]?.userAttrs).toEqual({ memo: 'optimal' });
    expect(study.trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
  });

  it('skips duplicates with skipIfExists, and warns for fixed values out of range', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    await study.enqueueTrial({ x: 20 });
    await study.enqueueTrial({ x: 20 }, { skipIfExists: true });
    await study.enqueueTrial({ x: 21 }, { skipIfExists: true });
    expect(study.trials).toHaveLength(2);
    const logs = await captureLogsAsync(async () => {
      await study.optimize((t) => t.suggestFloat('x', 0, 10), { nTrials: 2 });
    });
    expect(study.trials.map((t) => t.params.x)).toEqual([20, 21]);
    expect(logs.some((l) => /fixed parameter 'x' with value 20 is out of range/.test(l.message))).toBe(true);
    await study.enqueueTrial({ x: 20 }, { skipIfExists: true }); // a finished trial has it too
    expect(study.trials).toHaveLength(2);
  });

  it('rejects a fixed value of the wrong type at suggest, naming the param', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 4 }) });
    await study.enqueueTrial({ k: 'zzz' });
    await expect(study.optimize((t) => (t.suggestCategorical('k', ['a', 'b']), 0), { nTrials: 1 })).rejects.toThrow(/'k'/);
  });
});

describe('addTrial and createTrial', () => {
  it('adds finished trials that samplers and best* then see', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.addTrial(createTrial({ params: { x: 2 }, distributions: { x: new FloatDistribution(0, 10) }, value: 4 }));
    await study.addTrial(createTrial({ state: 'FAIL', params: { x: 1 }, distributions: { x: new FloatDistribution(0, 10) } }));
    await study.optimize((t) => t.suggestFloat('x', 0, 10) ** 2 + 10, { nTrials: 3 });
    expect(study.trials).toHaveLength(5);
    expect(study.bestTrial.number).toBe(0);
    expect(study.bestValue).toBe(4);

    const copy = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await copy.addTrials(study.trials);
    expect(copy.trials.map((t) => [t.number, t.state, t.values?.[0] ?? null])).toEqual(
      study.trials.map((t) => [t.number, t.state, t.values?.[0] ?? null]),
    );
  });

  it('validates trials as Optuna does', async () => {
    const d = { n: new IntDistribution(0, 5) };
    expect(() => createTrial({ params: { n: 7 }, distributions: d, value: 1 })).toThrow(/'n' value 7 is out of its distribution int \[0, 5\]/);
    expect(() => createTrial({ params: { n: 1 }, distributions: {}, value: 1 })).toThrow(/'n' has no distribution/);
    expect(() => createTrial({ params: {}, distributions: {} })).toThrow(/COMPLETE trial needs values/);
    expect(() => createTrial({ value: NaN })).toThrow(/NaN/);
    expect(() => createTrial({ value: 1, values: [1] })).toThrow(/only one of value and values/);
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await expect(study.addTrial(createTrial({ values: [1, 2] }))).rejects.toThrow(/2 values but study/);
    const t = createTrial({ params: { n: 3 }, distributions: d, value: 0, intermediateValues: { 0: 1, 2: 0.5 }, userAttrs: { a: 1 } });
    expect(t.number).toBe(-1);
    expect([...t.intermediateValues]).toEqual([
      [0, 1],
      [2, 0.5],
    ]);
    expect(t.datetimeComplete).toBeInstanceOf(Date);
  });
});

describe('study attributes', () => {
  it('sets user and system attributes visible to the study and to loaded copies', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'attrs', sampler: new RandomSampler({ seed: 1 }) });
    await study.setUserAttr('dataset', 'iris');
    await study.setSystemAttr('internal', { v: 1 });
    expect(study.userAttrs).toEqual({ dataset: 'iris' });
    expect(study.systemAttrs).toEqual({ internal: { v: 1 } });
    expect(await storage.getStudyUserAttrs(study.studyId)).toEqual({ dataset: 'iris' });
  });

  it('throws TunerError for bestTrial with no complete trial', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    expect(() => study.bestTrial).toThrow(TunerError);
    expect(() => study.bestValue).toThrow(/no trials are completed yet/);
    await study.optimize(() => NaN, { nTrials: 1 });
    expect(() => study.bestParams).toThrow(/no trials are completed yet/);
  });
});

describe('ask and tell guards', () => {
  it('fails the trial when the sampler cannot start it', async () => {
    const study = await createStudy({
      sampler: {
        inferRelativeSearchSpace: () => ({}),
        sampleRelative: () => ({}),
        sampleIndependent: () => 0,
        beforeTrial: () => {
          throw new Error('sampler broken');
        },
      },
    });
    await expect(study.ask()).rejects.toThrow('sampler broken');
    expect(study.trials.map((t) => t.state)).toEqual(['FAIL']);
    await expect(study.ask({ x: new FloatDistribution(0, 1) })).rejects.toThrow('sampler broken');
  });

  it('refuses to tell a trial of another study', async () => {
    const storage = new InMemoryStorage();
    const a = await createStudy({ storage, studyName: 'a', sampler: new RandomSampler({ seed: 1 }) });
    const b = await createStudy({ storage, studyName: 'b', sampler: new RandomSampler({ seed: 1 }) });
    const t = await a.ask();
    await expect(b.tell(t, 1)).rejects.toThrow(/belongs to another study than 'b'/);
    expect(t.study).toBe(a);
    await a.tell(t, 1);
  });

  it('draws a progress bar only on a terminal and accepts gcAfterTrial', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3, showProgressBar: true, gcAfterTrial: true });
    expect(study.trials).toHaveLength(3);
  });
});

describe('the study view samplers read', () => {
  it("shows this process's running trials up to date, including other concurrent trials", async () => {
    const seenOwn: string[] = [];
    let maxRunningWithX = 0;
    const inner = new RandomSampler({ seed: 5 });
    const spy: Sampler = {
      inferRelativeSearchSpace: () => ({}),
      sampleRelative: () => ({}),
      sampleIndependent: (study, trial, name, d) => {
        const own = study.getTrials().find((t) => t.number === trial.number);
        seenOwn.push(`${name}:${Object.keys(own?.params ?? {}).join(',')}`);
        const running = study.getTrials({ states: ['RUNNING'] }).filter((t) => 'x' in t.params);
        maxRunningWithX = Math.max(maxRunningWithX, running.length);
        expect(study.getTrials({ states: ['COMPLETE'] }).every((t) => t.state === 'COMPLETE')).toBe(true);
        return inner.sampleIndependent(study, trial, name, d);
      },
    };
    const study = await createStudy({ sampler: spy });
    await study.optimize(
      async (t) => {
        const x = t.suggestFloat('x', 0, 1);
        await new Promise((r) => setTimeout(r, 3));
        return x + t.suggestFloat('y', 0, 1);
      },
      { nTrials: 9, nJobs: 3 },
    );
    expect(seenOwn.filter((s) => s.startsWith('x:')).every((s) => s === 'x:')).toBe(true);
    expect(seenOwn.filter((s) => s.startsWith('y:')).every((s) => s === 'y:x')).toBe(true);
    expect(maxRunningWithX).toBe(3);
  });
});
