import { describe, expect, it } from 'vitest';
import { StorageError, TunerError, UnknownNameError } from '../../../src/core/errors.js';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import { NopPruner } from '../../../src/tune/pruners/nop.js';
import { createSampler } from '../../../src/tune/samplers/registry.js';
import { GridSampler } from '../../../src/tune/samplers/grid.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { TPESampler } from '../../../src/tune/samplers/tpe/sampler.js';
import { GPSampler } from '../../../src/tune/samplers/gp/sampler.js';
import { CmaEsSampler } from '../../../src/tune/samplers/cmaes/sampler.js';
import { NSGAIISampler } from '../../../src/tune/samplers/nsga2/sampler.js';
import { getStorage } from '../../../src/tune/storages/registry.js';
import { InMemoryStorage } from '../../../src/tune/storages/memory.js';
import { createStudy, deleteStudy, getAllStudyNames, loadStudy } from '../../../src/tune/study/create-study.js';

describe('createStudy / loadStudy / deleteStudy / getAllStudyNames', () => {
  it('creates a minimizing study with generated name, default sampler and MedianPruner', async () => {
    const study = await createStudy();
    expect(study.studyName).toMatch(/^no-name-[0-9a-f-]{36}$/);
    expect(study.directions).toEqual(['MINIMIZE']);
    expect(study.pruner).toBeInstanceOf(MedianPruner);
    expect(typeof study.sampler.sampleIndependent).toBe('function');
    expect(study.storage).toBeInstanceOf(InMemoryStorage);
    expect(study.trials).toEqual([]);
  });

  it('accepts directions in either case and rejects both direction and directions', async () => {
    const s = await createStudy({ directions: ['MAXIMIZE', 'minimize'] });
    expect(s.directions).toEqual(['MAXIMIZE', 'MINIMIZE']);
    await expect(createStudy({ direction: 'minimize', directions: ['minimize'] })).rejects.toThrow(/only one of direction and directions/);
    await expect(createStudy({ direction: 'up' as 'minimize' })).rejects.toThrow(/"up" must be 'minimize' or 'maximize'/);
    await expect(createStudy({ directions: [] })).rejects.toThrow(TunerError);
  });

  it('resolves samplers and pruners given by name', async () => {
    const s = await createStudy({ sampler: 'random', pruner: 'nop' });
    expect(s.sampler).toBeInstanceOf(RandomSampler);
    expect(s.pruner).toBeInstanceOf(NopPruner);
    await expect(createStudy({ sampler: 'annealing' })).rejects.toThrow(UnknownNameError);
  });

  it('refuses duplicate names unless loadIfExists, and then keeps the trials', async () => {
    const storage = new InMemoryStorage();
    const a = await createStudy({ storage, studyName: 'exp', sampler: new RandomSampler({ seed: 1 }) });
    await a.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 3 });
    const err = await createStudy({ storage, studyName: 'exp' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('DUPLICATED_STUDY');
    expect((err as Error).message).toMatch(/'exp' already exists.*loadIfExists/);
    const b = await createStudy({ storage, studyName: 'exp', loadIfExists: true });
    expect(b.studyId).toBe(a.studyId);
    expect(b.trials).toHaveLength(3);
    await expect(createStudy({ storage, studyName: 'exp', loadIfExists: true, direction: 'maximize' })).rejects.toThrow(/directions/);
  });

  it('loads, lists and deletes studies', async () => {
    const storage = new InMemoryStorage();
    const a = await createStudy({ storage, studyName: 'a', direction: 'maximize', sampler: new RandomSampler({ seed: 1 }) });
    await a.optimize((t) => t.suggestInt('n', 0, 9), { nTrials: 4 });
    await createStudy({ storage, studyName: 'b' });
    expect((await getAllStudyNames({ storage })).sort()).toEqual(['a', 'b']);
    const loaded = await loadStudy({ studyName: 'a', storage });
    expect(loaded.directions).toEqual(['MAXIMIZE']);
    expect(loaded.trials.map((t) => t.params)).toEqual(a.trials.map((t) => t.params));
    expect(loaded.bestValue).toBe(a.bestValue);
    await loaded.optimize((t) => t.suggestInt('n', 0, 9), { nTrials: 2 });
    await a.refresh();
    expect(a.trials).toHaveLength(6);
    await expect(loadStudy({ storage })).rejects.toThrow(/studyName is required because the storage holds 2 studies \(a, b\)/);
    await deleteStudy({ studyName: 'b', storage });
    expect(await getAllStudyNames({ storage })).toEqual(['a']);
    expect((await loadStudy({ storage })).studyName).toBe('a');
    await expect(loadStudy({ studyName: 'b', storage })).rejects.toThrow(/no study named 'b'/);
  });
});

describe('getStorage', () => {
  it('makes a new in-memory storage for undefined and returns instances unchanged', async () => {
    const a = await getStorage(undefined);
    const b = await getStorage(undefined);
    expect(a).toBeInstanceOf(InMemoryStorage);
    expect(a).not.toBe(b);
    expect(await getStorage(a)).toBe(a);
    expect(await getStorage('inmemory://')).toBeInstanceOf(InMemoryStorage);
  });

  it('rejects unknown schemes with UnknownNameError naming the known ones', async () => {
    const e = await getStorage('mongodb://localhost/x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnknownNameError);
    expect((e as Error).message).toMatch(/unknown storage 'mongodb:\/\/localhost\/x'; known: .*inmemory:\/\//);
  });
});

describe('createSampler', () => {
  it('makes the simple samplers by name (Optuna class names too)', () => {
    expect(createSampler('random', { seed: 1 })).toBeInstanceOf(RandomSampler);
    expect(createSampler('RandomSampler')).toBeInstanceOf(RandomSampler);
    expect(createSampler('grid', { searchSpace: { x: [1, 2] } })).toBeInstanceOf(GridSampler);
    expect(() => createSampler('grid' as string)).toThrow(/searchSpace/);
    expect(() => createSampler('simulated-annealing')).toThrow(/unknown sampler 'simulated-annealing'; known: random, grid, tpe/);
    expect(() => createSampler('tpee')).toThrow(/unknown sampler 'tpee'; did you mean 'tpe'\? known: random, grid, tpe/);
  });

  it('makes the model-based samplers synchronously, from their names and class names', async () => {
    const cases = [
      ['tpe', TPESampler],
      ['TPESampler', TPESampler],
      ['gp', GPSampler],
      ['cma-es', CmaEsSampler],
      ['CmaEsSampler', CmaEsSampler],
      ['nsga2', NSGAIISampler],
      ['NSGA-II', NSGAIISampler],
    ] as const;
    for (const [name, Cls] of cases) {
      const s = createSampler(name, { seed: 1 });
      expect(s).toBeInstanceOf(Cls);
      expect(await s).toBe(s); // callers that still await it get the same sampler
    }
    expect((createSampler('nsga2', { seed: 1, populationSize: 12 }) as NSGAIISampler).populationSize).toBe(12);
  });
});

describe('getAllStudySummaries / copyStudy', () => {
  it('summarizes studies with their best trial and copies a study to another storage', async () => {
    const { getAllStudySummaries, copyStudy } = await import('../../../src/tune/study/create-study.js');
    const storage = new InMemoryStorage();
    const a = await createStudy({ storage, studyName: 'a', direction: 'maximize', sampler: new RandomSampler({ seed: 1 }) });
    await a.setUserAttr('note', 'x');
    await a.optimize((t) => {
      t.report(1, 0);
      t.setUserAttr('u', t.number);
      return t.suggestInt('n', 0, 100);
    }, { nTrials: 6 });
    await createStudy({ storage, studyName: 'mo', directions: ['minimize', 'minimize'] });
    const sums = await getAllStudySummaries({ storage });
    const sa = sums.find((s) => s.studyName === 'a');
    expect(sa?.nTrials).toBe(6);
    expect(sa?.bestTrial?.values?.[0]).toBe(a.bestValue);
    expect(sums.find((s) => s.studyName === 'mo')?.bestTrial).toBeNull();

    const dest = new InMemoryStorage();
    await copyStudy({ fromStudyName: 'a', fromStorage: storage, toStorage: dest, toStudyName: 'a2' });
    const b = await loadStudy({ studyName: 'a2', storage: dest });
    expect(b.directions).toEqual(['MAXIMIZE']);
    expect(b.userAttrs).toEqual({ note: 'x' });
    const strip = (t: import('../../../src/tune/trial/frozen-trial.js').FrozenTrial) => ({
      number: t.number, state: t.state, values: t.values, params: t.params, userAttrs: t.userAttrs,
      iv: [...t.intermediateValues], start: t.datetimeStart?.getTime(), end: t.datetimeComplete?.getTime(),
    });
    expect(b.trials.map(strip)).toEqual(a.trials.map(strip));
    await expect(copyStudy({ fromStudyName: 'a', fromStorage: storage, toStorage: dest, toStudyName: 'a2' })).rejects.toThrow(/already exists/);
  });
});
