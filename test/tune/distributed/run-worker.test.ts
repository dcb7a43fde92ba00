import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TunerError } from '../../../src/core/errors.js';
import { InMemoryStorage } from '../../../src/tune/storages/memory.js';
import { createStudy, loadStudy } from '../../../src/tune/study/create-study.js';
import type { Trial } from '../../../src/tune/trial/trial.js';
import { DeterministicBatchSampler } from '../../../src/tune/distributed/deterministic-batch-sampler.js';
import { runWorker, workerSampler } from '../../../src/tune/distributed/run-worker.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-runworker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const objective = async (t: Trial): Promise<number> => {
  const x = t.suggestFloat('x', -1, 1);
  await new Promise((r) => setTimeout(r, 1));
  return x * x;
};

describe('runWorker', () => {
  it('three concurrent workers on one storage: unique numbers, an enqueued trial run once', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'w' });
    await study.enqueueTrial({ x: 0.5 });
    const rs = await Promise.all([0, 1, 2].map((s) => runWorker({ storage, studyName: 'w', objective, nTrials: 20, sampler: 'random', seed: s })));
    const all = rs.flatMap((r) => r.trialNumbers).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 60 }, (_x, i) => i));
    expect(rs.every((r) => r.studyName === 'w' && r.states.every((s) => s === 'COMPLETE'))).toBe(true);
    await study.refresh();
    expect(study.trials.filter((t) => t.params.x === 0.5)).toHaveLength(1);
    expect(study.trials[0]?.values).toEqual([0.25]);
  });

  it('opens and closes a URL storage; the study name may be omitted when there is one study', async () => {
    const url = `sqlite:///${join(dir, 'one.db')}`;
    const s = await createStudy({ storage: url, studyName: 'only' });
    await s.storage.close?.();
    const r = await runWorker({ storage: url, objective, nTrials: 5, sampler: 'random' });
    expect(r.studyName).toBe('only');
    const again = await loadStudy({ storage: url, studyName: 'only' });
    expect(again.trials).toHaveLength(5);
    await again.storage.close?.();
  });

  it('an aborted signal stops the worker after its running trial', async () => {
    const storage = new InMemoryStorage();
    await createStudy({ storage, studyName: 'a' });
    const controller = new AbortController();
    const r = await runWorker({
      storage,
      objective,
      nTrials: 100,
      sampler: 'random',
      signal: controller.signal,
      callbacks: [(_s, t) => (t.number === 2 ? controller.abort() : undefined)],
    });
    expect(r.trialNumbers).toEqual([0, 1, 2]);
    expect((await runWorker({ storage, objective, nTrials: 5, signal: controller.signal })).trialNumbers).toEqual([]);
  });

  it('batchSize builds a DeterministicBatchSampler and needs a seed', async () => {
    expect(await workerSampler({ seed: 1, batchSize: 4 })).toBeInstanceOf(DeterministicBatchSampler);
    expect(await workerSampler({ seed: 1, batchSize: 4, sampler: 'random' })).toBeInstanceOf(DeterministicBatchSampler);
    await expect(workerSampler({ batchSize: 4 })).rejects.toThrow(TunerError);
    await expect(runWorker({ storage: new InMemoryStorage(), objective: 3 as unknown as typeof objective })).rejects.toThrow(/objective/);
  });
});
