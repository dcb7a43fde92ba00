import { describe, expect, it } from 'vitest';
import type { Distribution, ParamValue } from '../../../src/tune/distributions.js';
import type { Sampler } from '../../../src/tune/samplers/base.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { TPESampler } from '../../../src/tune/samplers/tpe/sampler.js';
import { InMemoryStorage } from '../../../src/tune/storages/memory.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import type { StudyView } from '../../../src/tune/study/study-view.js';
import type { FrozenTrial } from '../../../src/tune/trial/frozen-trial.js';
import type { Trial } from '../../../src/tune/trial/trial.js';
import { DeterministicBatchSampler, trialSeed } from '../../../src/tune/distributed/deterministic-batch-sampler.js';

/** A tiny deterministic PRNG for the sleeps (different per run, independent of the sampler). */
function jitter(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function run(sleepSeed: number, sampler: Sampler, nJobs = 4, nTrials = 32): Promise<{ params: Map<number, Record<string, ParamValue>>; finishOrder: number[] }> {
  const study = await createStudy({ storage: new InMemoryStorage(), sampler });
  const rnd = jitter(sleepSeed);
  const finishOrder: number[] = [];
  await study.optimize(
    async (t: Trial) => {
      const x = t.suggestFloat('x', -5, 5);
      const y = t.suggestInt('y', 0, 10);
      const c = t.suggestCategorical('c', ['a', 'b', 'c']);
      await sleep(Math.floor(rnd() * 12));
      finishOrder.push(t.number);
      return (x - 1) ** 2 + (y - 3) ** 2 + (c === 'b' ? 0 : 1);
    },
    { nTrials, nJobs },
  );
  const params = new Map<number, Record<string, ParamValue>>();
  for (const t of study.trials) params.set(t.number, { ...t.params });
  return { params, finishOrder };
}

describe('DeterministicBatchSampler', () => {
  it('gives identical params per trial number whatever order trials finish in (TPE inside)', async () => {
    const mk = (): DeterministicBatchSampler =>
      new DeterministicBatchSampler({ seed: 11, batchSize: 4, samplerFactory: (s) => new TPESampler({ seed: s, nStartupTrials: 8 }) });
    const a = await run(1, mk());
    const b = await run(2, mk());
    const c = await run(3, mk(), 2); // other concurrency too
    expect(a.finishOrder).not.toEqual(b.finishOrder); // the runs did finish in different orders
    expect(a.params.size).toBe(32);
    for (let n = 0; n < 32; n++) {
      expect(b.params.get(n)).toEqual(a.params.get(n));
      expect(c.params.get(n)).toEqual(a.params.get(n));
    }
    // and a different seed gives different params
    const d = await run(1, new DeterministicBatchSampler({ seed: 12, batchSize: 4 }));
    expect(d.params.get(0)).not.toEqual(a.params.get(0));
  });

  it("trial k's sampler sees exactly the finished trials of the batches before its own, seeded from (seed, k)", async () => {
    const seenBy = new Map<number, { numbers: number[]; states: string[]; seed: number }>();
    class Spy extends RandomSampler {
      constructor(private readonly s: number) {
        super({ seed: s });
      }
      override sampleIndependent(study: StudyView, trial: FrozenTrial, name: string, d: Distribution): ParamValue {
        const trials = study.getTrials();
        seenBy.set(trial.number, { numbers: trials.map((t) => t.number), states: trials.map((t) => t.state), seed: this.s });
        return super.sampleIndependent(study, trial, name, d);
      }
    }
    const sampler = new DeterministicBatchSampler({ seed: 5, batchSize: 3, samplerFactory: (s) => new Spy(s) });
    await run(4, sampler, 3, 10);
    for (let k = 0; k < 10; k++) {
      const start = Math.floor(k / 3) * 3;
      const s = seenBy.get(k);
      expect(s?.numbers).toEqual(Array.from({ length: start }, (_x, i) => i));
      expect(s?.states.every((st) => st === 'COMPLETE')).toBe(true);
      expect(s?.seed).toBe(trialSeed(5, k));
    }
  });

  it('an enqueued trial that nobody runs does not block the next batch', async () => {
    const study = await createStudy({ storage: new InMemoryStorage(), sampler: new DeterministicBatchSampler({ seed: 1, batchSize: 2, samplerFactory: (s) => new RandomSampler({ seed: s }) }) });
    await study.storage.createNewTrial(study.studyId, { state: 'WAITING' }); // trial 0, never popped below
    await study.storage.createNewTrial(study.studyId, { state: 'COMPLETE', values: [1] }); // trial 1
    const t = await study.storage.createNewTrial(study.studyId); // trial 2 (batch 1), RUNNING
    const sampler = study.sampler as DeterministicBatchSampler;
    await sampler.prepareTrial(study, { number: 2 }); // returns although trial 0 is WAITING
    expect((await study.storage.getTrial(t)).state).toBe('RUNNING');
  });

  it('trialSeed mixes both inputs into 31 bits and validates options', () => {
    const seeds = new Set<number>();
    for (let s = 0; s < 4; s++) for (let k = 0; k < 250; k++) seeds.add(trialSeed(s, k));
    expect(seeds.size).toBe(1000);
    for (const v of seeds) expect(v >= 0 && v < 2 ** 31 && Number.isInteger(v)).toBe(true);
    expect(() => new DeterministicBatchSampler({ seed: 1, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new DeterministicBatchSampler({ seed: 1.5, batchSize: 2 })).toThrow(/seed/);
  });
});
