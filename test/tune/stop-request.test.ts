import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requestStudyStop, STOP_REQUEST_ATTR, stopRequestCallback, type StopRequest } from '../../src/tune/stop-request.js';
import { RandomSampler } from '../../src/tune/samplers/random.js';
import { InMemoryStorage } from '../../src/tune/storages/memory.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import { tuneGbdt } from '../../src/tune-gbdt/tune.js';
import { tuneGbdtStepwise } from '../../src/tune-gbdt/stepwise.js';
import { log } from '../../src/core/log.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stop requests', () => {
  it('stop a running optimize after the request, not before, and never a later run', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 's', sampler: new RandomSampler({ seed: 1 }) });
    // a request made before the run starts does not stop it
    const old = await requestStudyStop(storage, study.studyId, { by: 'earlier' });
    let stoppedBy: StopRequest | null = null;
    const cb = await stopRequestCallback(study, { minIntervalMs: 0, onStop: (r) => (stoppedBy = r) });
    await study.optimize(
      async (t) => {
        if (t.number === 4) await requestStudyStop(storage, study.studyId, { by: 'test' });
        return t.suggestFloat('x', 0, 1);
      },
      { nTrials: 50, callbacks: [cb] },
    );
    // trial 4 asked; its callback (right after it) saw the request: 5 trials
    expect(study.trials).toHaveLength(5);
    expect(stoppedBy).toMatchObject({ by: 'test' });
    expect((stoppedBy as unknown as StopRequest).id).not.toBe(old.id);
    const stored = study.systemAttrs[STOP_REQUEST_ATTR] ?? (await storage.getStudySystemAttrs(study.studyId))[STOP_REQUEST_ATTR];
    expect(stored).toMatchObject({ by: 'test' });
    // the next run starts with that request as its baseline: it runs all its trials
    const cb2 = await stopRequestCallback(study, { minIntervalMs: 0 });
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 6, callbacks: [cb2] });
    expect(study.trials).toHaveLength(11);
  });

  it('reads the storage at most every minIntervalMs', async () => {
    const storage = new InMemoryStorage();
    const studyId = await storage.createNewStudy(['MINIMIZE'], 's');
    let reads = 0;
    let stops = 0;
    const study = {
      storage: { getStudySystemAttrs: async (id: number) => (reads++, storage.getStudySystemAttrs(id)) } as unknown as InMemoryStorage,
      studyId,
      stop: () => void stops++,
    };
    const trial = (await storage.getAllTrials(studyId))[0];
    const slow = await stopRequestCallback(study, { minIntervalMs: 60_000 });
    const fast = await stopRequestCallback(study, { minIntervalMs: 0 });
    expect(reads).toBe(2); // each reads the baseline once
    await requestStudyStop(storage, studyId);
    for (let i = 0; i < 20; i++) await slow(study, trial as never);
    expect(reads).toBe(2);
    expect(stops).toBe(0);
    for (let i = 0; i < 3; i++) await fast(study, trial as never);
    expect(reads).toBe(3); // reads once, then it has stopped and reads no more
    expect(stops).toBe(1);
  });

  it('tuneGbdt stops cleanly on a request from another storage instance: running trials finish, the model is refitted', async () => {
    const level = log.getLevel();
    log.setLevel('error');
    try {
      const url = `sqlite:///${join(dir, 'tune.db')}`;
      const other = await getStorage(url);
      let asked = false;
      const r = await tuneGbdt('datasets/breast_cancer.csv', {
        nTrials: 200,
        seed: 3,
        nFolds: 3,
        storage: url,
        params: { num_iterations: 15 },
        onTrial: (t, s) => {
          if (t.number === 1 && !asked) {
            asked = true;
            void requestStudyStop(other, s.studyId, { by: 'test' });
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100); // the request is read at most once a second
          }
        },
      });
      // a second passed after trial 1: the end of trial 2 reads the request
      expect(r.nTrialsRun).toBeGreaterThanOrEqual(2);
      expect(r.nTrialsRun).toBeLessThanOrEqual(3);
      expect(r.booster).not.toBeNull();
      expect(r.study.trials.every((t) => t.state !== 'RUNNING')).toBe(true);
      await other.close?.();
    } finally {
      log.setLevel(level);
    }
  });

  it('a stop request during a stepwise run ends the later steps too', async () => {
    const level = log.getLevel();
    log.setLevel('error');
    try {
      const storage = new InMemoryStorage();
      let asked = false;
      const r = await tuneGbdtStepwise('datasets/breast_cancer.csv', {
        seed: 1,
        nFolds: 3,
        storage,
        params: { num_iterations: 10 },
        stepTrials: { feature_fraction: 3, num_leaves: 40 },
        onTrial: (t, s) => {
          if (!asked && s.studyName.endsWith(':num_leaves') && t.number === 0) {
            asked = true;
            void requestStudyStop(storage, s.studyId);
            // the request is read at most once a second: wait that second here, so the next trial's
            // end reads it however fast trials run on this machine
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100);
          }
        },
      });
      const ran = Object.fromEntries(r.steps.map((s) => [s.step, s.nTrials]));
      expect(ran.feature_fraction).toBe(3);
      expect(ran.num_leaves).toBeLessThanOrEqual(2);
      // the steps after num_leaves ran no trial
      const after = r.steps.slice(r.steps.findIndex((s) => s.step === 'num_leaves') + 1);
      expect(after.length).toBeGreaterThan(0);
      for (const s of after) expect(s.nTrials, s.step).toBe(0);
    } finally {
      log.setLevel(level);
    }
  });
});
