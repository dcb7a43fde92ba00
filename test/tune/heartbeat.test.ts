import { describe, expect, it } from 'vitest';
import { TunerError } from '../../src/core/errors.js';
import { RetryFailedTrialCallback } from '../../src/tune/callbacks.js';
import { FloatDistribution, IntDistribution } from '../../src/tune/distributions.js';
import { HEARTBEAT_ATTR, failStaleTrials, getStudyHeartbeat, recordTrialHeartbeat, staleTrialIds } from '../../src/tune/heartbeat.js';
import { RandomSampler } from '../../src/tune/samplers/random.js';
import { InMemoryStorage } from '../../src/tune/storages/memory.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import type { Study } from '../../src/tune/study/study.js';
import type { FrozenTrial } from '../../src/tune/trial/frozen-trial.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A RUNNING trial with params x=0.25, k=3 and one heartbeat, as a dead worker leaves it. */
async function orphan(study: Study): Promise<number> {
  const id = await study.storage.createNewTrial(study.studyId, {
    state: 'RUNNING',
    params: { x: 0.25, k: 3 },
    distributions: { x: new FloatDistribution(0, 1), k: new IntDistribution(0, 5) },
    userAttrs: { who: 'dead' },
  });
  await recordTrialHeartbeat(study.storage, id);
  return id;
}

describe('heartbeat settings', () => {
  it('default grace period is twice the interval; off without an interval; bad values are errors', async () => {
    const s = await createStudy({ heartbeatInterval: 2 });
    expect(getStudyHeartbeat(s)).toEqual({ heartbeatInterval: 2, gracePeriod: 4, failedTrialCallback: null });
    expect(getStudyHeartbeat(await createStudy())).toBeNull();
    await expect(createStudy({ heartbeatInterval: -1 })).rejects.toThrow(TunerError);
    await expect(createStudy({ gracePeriod: 3 })).rejects.toThrow(/heartbeatInterval/);
    await expect(createStudy({ heartbeatInterval: 1, gracePeriod: 0 })).rejects.toThrow(/gracePeriod/);
    const storage = new InMemoryStorage();
    await expect(createStudy({ storage, studyName: 'x', heartbeatInterval: Number.NaN })).rejects.toThrow(/heartbeatInterval/);
    expect(await storage.getAllStudies()).toEqual([]); // checked before the study is created
  });
});

describe('stale trials (storage without a heartbeat table: the trial attribute)', () => {
  it('a trial is stale only after the grace period, and only if it has a heartbeat', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, heartbeatInterval: 0.05, gracePeriod: 0.15 });
    const id = await orphan(study);
    const noBeat = await storage.createNewTrial(study.studyId); // RUNNING, never beat: never stale
    expect(typeof (await storage.getTrial(id)).systemAttrs[HEARTBEAT_ATTR]).toBe('number');
    expect(await staleTrialIds(storage, study.studyId, 0.15)).toEqual([]);
    expect(await failStaleTrials(study)).toEqual([]);
    await sleep(250);
    expect(await staleTrialIds(storage, study.studyId, 0.15)).toEqual([id]);
    expect(await failStaleTrials(study)).toEqual([0]);
    expect((await storage.getTrial(id)).state).toBe('FAIL');
    expect((await storage.getTrial(noBeat)).state).toBe('RUNNING');
    expect(await failStaleTrials(study)).toEqual([]); // already failed: nothing to do
  });

  it('RetryFailedTrialCallback re-queues with the same params and the retry chain, up to maxRetry; optimize runs the retry', async () => {
    const storage = new InMemoryStorage();
    const retry = new RetryFailedTrialCallback({ maxRetry: 1 });
    const seen: FrozenTrial[] = [];
    const study = await createStudy({
      storage,
      sampler: new RandomSampler({ seed: 1 }),
      heartbeatInterval: 0.05,
      gracePeriod: 0.1,
      failedTrialCallback: async (s, t) => {
        seen.push(t);
        await retry.callback(s, t);
      },
    });
    await orphan(study); // trial 0
    await sleep(200);
    // the first optimize iteration fails trial 0 and its retry (trial 1) is popped and run
    const ran: { n: number; x: number; k: number }[] = [];
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 1);
        const k = t.suggestInt('k', 0, 5);
        ran.push({ n: t.number, x, k });
        return x + k;
      },
      { nTrials: 2 },
    );
    expect(seen.map((t) => t.number)).toEqual([0]);
    expect(ran[0]).toEqual({ n: 1, x: 0.25, k: 3 });
    expect(ran[1]?.n).toBe(2);
    const t1 = study.trials[1];
    expect(t1.state).toBe('COMPLETE');
    expect(t1.values).toEqual([3.25]);
    expect(t1.userAttrs).toEqual({ who: 'dead' });
    expect(t1.systemAttrs.failed_trial).toBe(0);
    expect(t1.systemAttrs.retry_history).toEqual([0]);
    expect(HEARTBEAT_ATTR in t1.systemAttrs).toBe(true); // its own worker's heartbeat, not the dead one's copy

    // a retry that dies too is retried once more (history [0, 3]); then maxRetry = 1 stops the chain
    const s2 = await createStudy({ storage: new InMemoryStorage() });
    const base = { number: 7, trialId: 7, state: 'FAIL' as const, values: null, datetimeStart: null, datetimeComplete: null };
    const t = { ...base, params: { x: 0.5 }, distributions: { x: new FloatDistribution(0, 1) }, userAttrs: {}, intermediateValues: new Map(), systemAttrs: { failed_trial: 0, retry_history: [0] } } as unknown as FrozenTrial;
    await retry.callback(s2, t);
    expect(s2.trials).toHaveLength(0); // history would be [0, 7]: 2 > maxRetry 1
    await new RetryFailedTrialCallback().callback(s2, t);
    expect(s2.trials).toHaveLength(1);
    expect(s2.trials[0]?.state).toBe('WAITING');
    expect(s2.trials[0]?.params).toEqual({ x: 0.5 });
    expect(RetryFailedTrialCallback.retriedTrialNumber(s2.trials[0])).toBe(0);
    expect(RetryFailedTrialCallback.retryHistory(s2.trials[0])).toEqual([0, 7]);
  });

  it('a running trial keeps beating while its objective runs, and stops when it ends', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, sampler: new RandomSampler({ seed: 2 }), heartbeatInterval: 0.03 });
    const beats: number[] = [];
    await study.optimize(
      async (t) => {
        for (let i = 0; i < 5; i++) {
          await sleep(40);
          beats.push((await storage.getTrial(t.trialId)).systemAttrs[HEARTBEAT_ATTR] as number);
        }
        return 0;
      },
      { nTrials: 1 },
    );
    expect(new Set(beats).size).toBeGreaterThan(2); // the heartbeat moved on while the trial ran
    const last = study.trials[0]?.systemAttrs[HEARTBEAT_ATTR] as number;
    await sleep(100);
    expect((await storage.getTrial(0)).systemAttrs[HEARTBEAT_ATTR]).toBe(last);
  });
});
