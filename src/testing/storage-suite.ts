/**
 * The storage conformance suite (as Optuna ships its storage tests in `optuna.testing` and runs them
 * over every storage): {@link runStorageConformance} registers, with vitest, the same checks over
 * each storage factory — studies (ids, names, directions, attributes, summaries, deletion), trials
 * (numbering under concurrency, templates, WAITING → RUNNING once, params and their distributions,
 * finishing, immutability of finished trials, intermediate values, snapshots that later writes do
 * not change, filters, bit-exact floats, unusual names) and the error codes of the
 * {@link Storage} contract. gbtune runs it over every registered storage; a third-party storage
 * runs it in its own tests through `gbtune/testing` (vitest is an optional peer dependency of
 * gbtune, needed only here).
 *
 * @example
 * ```ts
 * // kv-storage.test.ts, in a package that depends on gbtune and vitest
 * import { runStorageConformance } from 'gbtune/testing';
 * import { KvStorage } from '../src/kv-storage.js';
 *
 * runStorageConformance([
 *   {
 *     name: 'kv',
 *     create: async () => KvStorage.open(`kv://localhost/test-${process.pid}-${Date.now()}`),
 *     dispose: async (s) => (s as KvStorage).dropAll(),
 *     skip: process.env.KV_URL === undefined ? 'set KV_URL to run the kv storage tests' : undefined,
 *   },
 * ]);
 * ```
 */
import { afterEach, beforeEach, describe, expect, it as vitestIt } from 'vitest';
import { StorageError } from '../core/errors.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../tune/distributions.js';
import type { Storage } from '../tune/storages/base.js';

/** A storage to test: `create` makes a fresh, empty one; `dispose` cleans up after each test. */
export interface StorageFactory {
  /** Shown in the test titles. */
  name: string;
  /** A new, empty storage. */
  create: () => Promise<Storage>;
  /** Cleans up after each test (the suite then calls `close()` when the storage has one). Default: nothing. */
  dispose?: (s: Storage) => Promise<void>;
  /** Why this storage cannot run here (e.g. its server is not installed): its tests are listed as skipped. Default: runs. */
  skip?: string;
}

async function rejectsWithCode(p: Promise<unknown>, code: string): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StorageError);
  expect((e as StorageError).code).toBe(code);
}

/**
 * Registers the suite over `factories` (one `describe` per factory, titled
 * `Storage conformance: <name>`). Call it at the top level of a vitest test file.
 *
 * @example
 * ```ts
 * runStorageConformance([{ name: 'inmemory', create: async () => new InMemoryStorage() }]);
 * ```
 */
export function runStorageConformance(factories: readonly StorageFactory[]): void {
  describe.each(factories)('Storage conformance: $name', (factory) => {
    // a factory whose backend is not available here lists its tests as skipped
    const it = factory.skip === undefined ? vitestIt : vitestIt.skip;
    let storage: Storage;
    beforeEach(async () => {
      storage = await factory.create();
    });
    afterEach(async () => {
      await factory.dispose?.(storage);
      await storage.close?.();
    });

    describe('studies', () => {
      it('creates studies with unique ids and names, and maps names to ids both ways', async () => {
        const a = await storage.createNewStudy(['MINIMIZE'], 'a');
        const b = await storage.createNewStudy(['MAXIMIZE', 'MINIMIZE'], 'b');
        expect(a).not.toBe(b);
        expect(await storage.getStudyIdFromName('a')).toBe(a);
        expect(await storage.getStudyIdFromName('b')).toBe(b);
        expect(await storage.getStudyNameFromId(b)).toBe('b');
        expect(await storage.getStudyDirections(a)).toEqual(['MINIMIZE']);
        expect(await storage.getStudyDirections(b)).toEqual(['MAXIMIZE', 'MINIMIZE']);
      });

      it('generates a name when none is given', async () => {
        const id = await storage.createNewStudy(['MINIMIZE']);
        const name = await storage.getStudyNameFromId(id);
        expect(name).toMatch(/^no-name-[0-9a-f-]{36}$/);
      });

      it('refuses a duplicate study name with DUPLICATED_STUDY', async () => {
        await storage.createNewStudy(['MINIMIZE'], 'dup');
        await rejectsWithCode(storage.createNewStudy(['MINIMIZE'], 'dup'), 'DUPLICATED_STUDY');
      });

      it('reports unknown studies with STUDY_NOT_FOUND', async () => {
        await rejectsWithCode(storage.getStudyIdFromName('nope'), 'STUDY_NOT_FOUND');
        await rejectsWithCode(storage.getStudyNameFromId(12345), 'STUDY_NOT_FOUND');
        await rejectsWithCode(storage.getAllTrials(12345), 'STUDY_NOT_FOUND');
        await rejectsWithCode(storage.createNewTrial(12345), 'STUDY_NOT_FOUND');
      });

      it('stores study attributes as JSON values and returns copies', async () => {
        const id = await storage.createNewStudy(['MINIMIZE'], 's');
        await storage.setStudyUserAttr(id, 'nested', { a: [1, 2, { b: 'c' }], n: null });
        await storage.setStudyUserAttr(id, 'x', 1);
        await storage.setStudyUserAttr(id, 'x', 2.5);
        await storage.setStudySystemAttr(id, 'sys', ['a', true]);
        const ua = await storage.getStudyUserAttrs(id);
        expect(ua).toEqual({ nested: { a: [1, 2, { b: 'c' }], n: null }, x: 2.5 });
        expect(await storage.getStudySystemAttrs(id)).toEqual({ sys: ['a', true] });
        // a caller's object does not alias the stored value
        const obj = { k: 1 };
        await storage.setStudyUserAttr(id, 'obj', obj);
        obj.k = 99;
        expect((await storage.getStudyUserAttrs(id)).obj).toEqual({ k: 1 });
        try {
          ua.x = 'changed';
        } catch {
          // frozen snapshots may refuse the write
        }
        expect((await storage.getStudyUserAttrs(id)).x).toBe(2.5);
      });

      it('lists studies with their summaries', async () => {
        const a = await storage.createNewStudy(['MINIMIZE'], 'a');
        await storage.createNewStudy(['MAXIMIZE'], 'b');
        await storage.createNewTrial(a);
        await storage.createNewTrial(a);
        await storage.setStudyUserAttr(a, 'k', 'v');
        const all = await storage.getAllStudies();
        const byName = new Map(all.map((s) => [s.studyName, s]));
        expect([...byName.keys()].sort()).toEqual(['a', 'b']);
        expect(byName.get('a')?.nTrials).toBe(2);
        expect(byName.get('a')?.userAttrs).toEqual({ k: 'v' });
        expect(byName.get('a')?.datetimeStart).toBeInstanceOf(Date);
        expect(byName.get('b')?.nTrials).toBe(0);
        expect(byName.get('b')?.directions).toEqual(['MAXIMIZE']);
        expect(byName.get('b')?.datetimeStart).toBeNull();
      });

      it('deletes a study with its trials; the name can be reused', async () => {
        const a = await storage.createNewStudy(['MINIMIZE'], 'a');
        const t = await storage.createNewTrial(a);
        await storage.deleteStudy(a);
        await rejectsWithCode(storage.getStudyIdFromName('a'), 'STUDY_NOT_FOUND');
        await rejectsWithCode(storage.getTrial(t), 'TRIAL_NOT_FOUND');
        const again = await storage.createNewStudy(['MINIMIZE'], 'a');
        expect(await storage.getNTrials(again)).toBe(0);
        await rejectsWithCode(storage.deleteStudy(a), 'STUDY_NOT_FOUND');
      });
    });

    describe('trials', () => {
      let sid: number;
      beforeEach(async () => {
        sid = await storage.createNewStudy(['MINIMIZE'], 'study');
      });

      it('numbers trials 0, 1, 2, ... per study with storage-wide unique ids', async () => {
        const other = await storage.createNewStudy(['MINIMIZE'], 'other');
        const ids: number[] = [];
        for (let i = 0; i < 3; i++) ids.push(await storage.createNewTrial(sid));
        const otherId = await storage.createNewTrial(other);
        expect(new Set([...ids, otherId]).size).toBe(4);
        const trials = await storage.getAllTrials(sid);
        expect(trials.map((t) => t.number)).toEqual([0, 1, 2]);
        expect(trials.map((t) => t.trialId)).toEqual(ids);
        expect((await storage.getTrial(otherId)).number).toBe(0);
        for (let i = 0; i < 3; i++) expect(await storage.getTrialIdFromStudyIdTrialNumber(sid, i)).toBe(ids[i]);
        await rejectsWithCode(storage.getTrialIdFromStudyIdTrialNumber(sid, 3), 'TRIAL_NOT_FOUND');
      });

      it('keeps numbers unique with many concurrent creations', async () => {
        const ids = await Promise.all(Array.from({ length: 50 }, () => storage.createNewTrial(sid)));
        expect(new Set(ids).size).toBe(50);
        const numbers = (await storage.getAllTrials(sid)).map((t) => t.number).sort((a, b) => a - b);
        expect(numbers).toEqual(Array.from({ length: 50 }, (_x, i) => i));
      });

      it('creates a RUNNING trial by default with a start time and no values', async () => {
        const before = Date.now();
        const t = await storage.getTrial(await storage.createNewTrial(sid));
        expect(t.state).toBe('RUNNING');
        expect(t.values).toBeNull();
        expect(t.datetimeStart).toBeInstanceOf(Date);
        expect((t.datetimeStart as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(t.datetimeComplete).toBeNull();
        expect(t.params).toEqual({});
        expect(t.intermediateValues.size).toBe(0);
      });

      it('creates trials from a template (internal params become external values)', async () => {
        const dists = {
          x: new FloatDistribution(-1, 1),
          n: new IntDistribution(1, 100, { log: true }),
          c: new CategoricalDistribution([null, true, 2, 'three']),
        };
        const start = new Date('2024-01-02T03:04:05.678Z');
        const end = new Date('2024-01-02T03:04:06.789Z');
        const id = await storage.createNewTrial(sid, {
          state: 'COMPLETE',
          values: [0.1 + 0.2],
          params: { x: 0.25, n: 17, c: 3 },
          distributions: dists,
          userAttrs: { u: [1, 'a'] },
          systemAttrs: { s: { deep: true } },
          intermediateValues: new Map([
            [0, 1.5],
            [3, -2],
          ]),
          datetimeStart: start,
          datetimeComplete: end,
        });
        const t = await storage.getTrial(id);
        expect(t.state).toBe('COMPLETE');
        expect(t.values).toEqual([0.1 + 0.2]);
        expect(t.params).toEqual({ x: 0.25, n: 17, c: 'three' });
        expect(t.distributions.c).toEqual(dists.c);
        expect(t.distributions.n).toEqual(dists.n);
        expect(t.userAttrs).toEqual({ u: [1, 'a'] });
        expect(t.systemAttrs).toEqual({ s: { deep: true } });
        expect([...t.intermediateValues].sort((a, b) => a[0] - b[0])).toEqual([
          [0, 1.5],
          [3, -2],
        ]);
        expect(t.datetimeStart?.getTime()).toBe(start.getTime());
        expect(t.datetimeComplete?.getTime()).toBe(end.getTime());
      });

      it('creates WAITING trials without a start time; popping one to RUNNING succeeds once', async () => {
        const id = await storage.createNewTrial(sid, { state: 'WAITING', systemAttrs: { fixed_params: { x: 1 } } });
        const w = await storage.getTrial(id);
        expect(w.state).toBe('WAITING');
        expect(w.datetimeStart).toBeNull();
        const results = await Promise.all(Array.from({ length: 8 }, () => storage.setTrialStateValues(id, 'RUNNING')));
        expect(results.filter((r) => r)).toHaveLength(1);
        const r = await storage.getTrial(id);
        expect(r.state).toBe('RUNNING');
        expect(r.datetimeStart).toBeInstanceOf(Date);
        expect(await storage.setTrialStateValues(id, 'RUNNING')).toBe(false);
      });

      it('sets params with their distributions, categorical values by index', async () => {
        const id = await storage.createNewTrial(sid);
        await storage.setTrialParam(id, 'lr', 0.01, new FloatDistribution(1e-4, 1, { log: true }));
        await storage.setTrialParam(id, 'k', 1, new CategoricalDistribution(['a', false, null]));
        await storage.setTrialParam(id, 'depth', 6, new IntDistribution(2, 12, { step: 2 }));
        const t = await storage.getTrial(id);
        expect(t.params).toEqual({ lr: 0.01, k: false, depth: 6 });
        expect(Object.keys(t.params).sort()).toEqual(['depth', 'k', 'lr']);
        expect(t.distributions.depth).toEqual(new IntDistribution(2, 12, { step: 2 }));
      });

      it('refuses a param whose kind differs from its earlier distribution in the study', async () => {
        const a = await storage.createNewTrial(sid);
        await storage.setTrialParam(a, 'x', 0.5, new FloatDistribution(0, 1));
        const b = await storage.createNewTrial(sid);
        await expect(storage.setTrialParam(b, 'x', 0, new CategoricalDistribution(['u', 'v']))).rejects.toThrow(/'x'/);
        // another range of the same kind is fine
        await storage.setTrialParam(b, 'x', 3, new FloatDistribution(0, 10));
        expect((await storage.getTrial(b)).params.x).toBe(3);
      });

      it('finishes trials: values, state and completion time', async () => {
        const id = await storage.createNewTrial(sid);
        expect(await storage.setTrialStateValues(id, 'COMPLETE', [Infinity])).toBe(true);
        const t = await storage.getTrial(id);
        expect(t.state).toBe('COMPLETE');
        expect(t.values).toEqual([Infinity]);
        // Optuna's FrozenTrial.value: the single value, null before it is set
        expect(t.value).toBe(Infinity);
        expect((await storage.getAllTrials(sid)).find((x) => x.trialId === id)?.value).toBe(Infinity);
        expect(t.datetimeComplete).toBeInstanceOf(Date);
        expect((t.datetimeComplete as Date).getTime()).toBeGreaterThanOrEqual((t.datetimeStart as Date).getTime());
        const f = await storage.createNewTrial(sid);
        expect((await storage.getTrial(f)).value).toBeNull();
        await storage.setTrialStateValues(f, 'FAIL', null);
        expect((await storage.getTrial(f)).values).toBeNull();
        expect((await storage.getTrial(f)).value).toBeNull();
        const p = await storage.createNewTrial(sid);
        await storage.setTrialStateValues(p, 'PRUNED', [-Infinity]);
        expect((await storage.getTrial(p)).values).toEqual([-Infinity]);
      });

      it('makes finished trials immutable (UPDATE_FINISHED_TRIAL)', async () => {
        for (const state of ['COMPLETE', 'PRUNED', 'FAIL'] as const) {
          const id = await storage.createNewTrial(sid);
          await storage.setTrialStateValues(id, state, state === 'COMPLETE' ? [1] : null);
          await rejectsWithCode(storage.setTrialParam(id, 'x', 0.5, new FloatDistribution(0, 1)), 'UPDATE_FINISHED_TRIAL');
          await rejectsWithCode(storage.setTrialIntermediateValue(id, 0, 1), 'UPDATE_FINISHED_TRIAL');
          await rejectsWithCode(storage.setTrialUserAttr(id, 'k', 1), 'UPDATE_FINISHED_TRIAL');
          await rejectsWithCode(storage.setTrialSystemAttr(id, 'k', 1), 'UPDATE_FINISHED_TRIAL');
          await rejectsWithCode(storage.setTrialStateValues(id, 'COMPLETE', [2]), 'UPDATE_FINISHED_TRIAL');
          await rejectsWithCode(storage.setTrialStateValues(id, 'RUNNING'), 'UPDATE_FINISHED_TRIAL');
          expect((await storage.getTrial(id)).state).toBe(state);
        }
      });

      it('stores intermediate values (NaN and infinities included) and trial attributes', async () => {
        const id = await storage.createNewTrial(sid);
        await storage.setTrialIntermediateValue(id, 0, 0.5);
        await storage.setTrialIntermediateValue(id, 10, NaN);
        await storage.setTrialIntermediateValue(id, 11, -Infinity);
        await storage.setTrialIntermediateValue(id, 0, 0.25); // overwrite
        await storage.setTrialUserAttr(id, 'acc', 0.9);
        await storage.setTrialUserAttr(id, 'acc', 0.95);
        await storage.setTrialSystemAttr(id, 'grid_id', 3);
        const t = await storage.getTrial(id);
        expect(t.intermediateValues.get(0)).toBe(0.25);
        expect(t.intermediateValues.get(10)).toBeNaN();
        expect(t.intermediateValues.get(11)).toBe(-Infinity);
        expect(t.intermediateValues.size).toBe(3);
        expect(t.userAttrs).toEqual({ acc: 0.95 });
        expect(t.systemAttrs).toEqual({ grid_id: 3 });
      });

      it('returns snapshots that later writes do not change', async () => {
        const id = await storage.createNewTrial(sid);
        await storage.setTrialParam(id, 'x', 0.5, new FloatDistribution(0, 1));
        const before = await storage.getTrial(id);
        const list = await storage.getAllTrials(sid);
        await storage.setTrialParam(id, 'y', 1, new IntDistribution(0, 3));
        await storage.setTrialIntermediateValue(id, 1, 2);
        await storage.setTrialUserAttr(id, 'u', 1);
        await storage.setTrialStateValues(id, 'COMPLETE', [3]);
        expect(before.params).toEqual({ x: 0.5 });
        expect(before.state).toBe('RUNNING');
        expect(before.values).toBeNull();
        expect(before.intermediateValues.size).toBe(0);
        expect(before.userAttrs).toEqual({});
        expect(list[0]?.state).toBe('RUNNING');
        const after = await storage.getTrial(id);
        expect(after.params).toEqual({ x: 0.5, y: 1 });
        expect(after.state).toBe('COMPLETE');
      });

      it('filters trials by state and counts them', async () => {
        const states = ['COMPLETE', 'PRUNED', 'FAIL', 'COMPLETE'] as const;
        for (const s of states) {
          const id = await storage.createNewTrial(sid);
          await storage.setTrialStateValues(id, s, s === 'COMPLETE' ? [1] : null);
        }
        await storage.createNewTrial(sid); // RUNNING
        await storage.createNewTrial(sid, { state: 'WAITING' });
        expect(await storage.getNTrials(sid)).toBe(6);
        expect(await storage.getNTrials(sid, { states: ['COMPLETE'] })).toBe(2);
        expect(await storage.getNTrials(sid, { states: ['RUNNING', 'WAITING'] })).toBe(2);
        const some = await storage.getAllTrials(sid, { states: ['COMPLETE', 'FAIL'] });
        expect(some.map((t) => t.number)).toEqual([0, 2, 3]);
        expect(await storage.getAllTrials(sid, { states: [] })).toEqual([]);
      });

      it('keeps float values bit-exact', async () => {
        const id = await storage.createNewTrial(sid);
        const x = 0.1 + 0.2;
        const tiny = 5e-324;
        await storage.setTrialParam(id, 'x', x, new FloatDistribution(0, 1));
        await storage.setTrialParam(id, 't', tiny, new FloatDistribution(0, 1));
        await storage.setTrialIntermediateValue(id, 0, 1 / 3);
        await storage.setTrialStateValues(id, 'COMPLETE', [Math.PI, -0]);
        const t = await storage.getTrial(id);
        expect(t.params.x).toBe(x);
        expect(t.params.t).toBe(tiny);
        expect(t.intermediateValues.get(0)).toBe(1 / 3);
        expect(t.values?.[0]).toBe(Math.PI);
        // two values: no single value (Optuna raises; the snapshot says null)
        expect(t.value).toBeNull();
      });

      it('reports unknown trials with TRIAL_NOT_FOUND', async () => {
        await rejectsWithCode(storage.getTrial(987654), 'TRIAL_NOT_FOUND');
        await rejectsWithCode(storage.setTrialUserAttr(987654, 'k', 1), 'TRIAL_NOT_FOUND');
      });

      it('handles unusual param and attribute names', async () => {
        const id = await storage.createNewTrial(sid);
        await storage.setTrialParam(id, 'λ/rate "q", x', 0.5, new FloatDistribution(0, 1));
        await storage.setTrialUserAttr(id, 'ключ', 'значение');
        const t = await storage.getTrial(id);
        expect(t.params['λ/rate "q", x']).toBe(0.5);
        expect(t.userAttrs['ключ']).toBe('значение');
      });
    });

    describe('change token (optional)', () => {
      it('keeps its token while nothing is written and changes it after every kind of write', async () => {
        if (storage.changeToken === undefined) return; // optional: a storage without it passes
        const token = (): Promise<string> => (storage.changeToken as () => Promise<string>).call(storage);
        const sid = await storage.createNewStudy(['MINIMIZE'], 'tok');
        const tid = await storage.createNewTrial(sid);
        let last = await token();
        const writes: [string, () => Promise<unknown>][] = [
          ['createNewStudy', () => storage.createNewStudy(['MINIMIZE'], 'tok-2')],
          ['setStudyUserAttr', () => storage.setStudyUserAttr(sid, 'k', 1)],
          ['setStudyUserAttr (same key)', () => storage.setStudyUserAttr(sid, 'k', 2)],
          ['setStudySystemAttr', () => storage.setStudySystemAttr(sid, 'k', 'a')],
          ['createNewTrial', () => storage.createNewTrial(sid)],
          ['setTrialParam', () => storage.setTrialParam(tid, 'x', 0.5, new FloatDistribution(0, 1))],
          ['setTrialIntermediateValue', () => storage.setTrialIntermediateValue(tid, 0, 1)],
          ['setTrialIntermediateValue (same step)', () => storage.setTrialIntermediateValue(tid, 0, 2)],
          ['setTrialUserAttr', () => storage.setTrialUserAttr(tid, 'u', 1)],
          ['setTrialSystemAttr', () => storage.setTrialSystemAttr(tid, 's', 1)],
          ['setTrialStateValues', () => storage.setTrialStateValues(tid, 'FAIL')],
          ['deleteStudy', async () => storage.deleteStudy(await storage.getStudyIdFromName('tok-2'))],
        ];
        for (const [name, write] of writes) {
          // reads change nothing
          await storage.getAllTrials(sid);
          await storage.getAllStudies();
          expect(await token(), `token moved on reads before ${name}`).toBe(last);
          await write();
          const next = await token();
          expect(next, `token after ${name}`).not.toBe(last);
          last = next;
        }
      });
    });
  });
}
