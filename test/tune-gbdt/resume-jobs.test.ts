import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { tuneGbdt } from '../../src/tune-gbdt/tune.js';
import { loadStudy } from '../../src/tune/study/create-study.js';

const BC = 'datasets/breast_cancer.csv';
const fast = { nFolds: 3, maxRounds: 60, earlyStoppingRounds: 10 };

describe('tuneGbdt storage and workers', () => {
  it('resumes a study: 5 trials, then 5 more into the same SQLite storage → 10 trials, new params', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-resume-'));
    const storage = `sqlite:///${join(dir, 'study.db')}`;
    const data = await readCsv(BC);
    const a = await tuneGbdt(data, { ...fast, nTrials: 5, seed: 2, storage, studyName: 's', refit: false });
    await a.study.storage.close?.();
    expect(a.nTrials).toBe(5);
    const b = await tuneGbdt(data, { ...fast, nTrials: 5, seed: 2, storage, studyName: 's', outDir: dir });
    expect(b.nTrialsRun).toBe(5);
    expect(b.nTrials).toBe(10);
    const numbers = b.study.trials.map((t) => t.number);
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // the resumed run does not repeat the first run's draws
    const first = JSON.stringify(b.study.trials[0].params);
    expect(JSON.stringify(b.study.trials[5].params)).not.toBe(first);
    expect(b.bestValue).toBeGreaterThanOrEqual(a.bestValue);
    await b.study.storage.close?.();
    const again = await loadStudy({ storage, studyName: 's' });
    expect(again.trials.length).toBe(10);
    await again.storage.close?.();
    for (const f of ['best_params.json', 'model.json', 'model.txt', 'trials.csv', 'report.html']) expect(existsSync(join(dir, f))).toBe(true);
    const best = JSON.parse(readFileSync(join(dir, 'best_params.json'), 'utf8')) as { bestValue: number; params: Record<string, unknown>; bestIteration: number };
    expect(best.bestValue).toBe(b.bestValue);
    expect(best.params.num_iterations).toBe(b.bestIteration);
    expect(readFileSync(join(dir, 'trials.csv'), 'utf8').trim().split('\n').length).toBe(11);
  });

  it('nJobs 2: worker threads over shared bins give unique trial numbers and the same result shape', async () => {
    const data = await readCsv(BC);
    const r = await tuneGbdt(data, { ...fast, nTrials: 8, seed: 4, nJobs: 2 });
    const numbers = r.study.trials.map((t) => t.number).sort((x, y) => x - y);
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(r.nTrials).toBe(8);
    expect(r.bestValue).toBeGreaterThan(0.9);
    expect(r.bestIteration).toBeGreaterThan(0);
    expect(r.booster).not.toBeNull();
    for (const t of r.study.trials) expect(t.intermediateValues.size).toBeGreaterThan(0);
    // the same params evaluated on the main thread give the same CV value (workers compute the same thing)
    const bestT = r.study.bestTrial;
    const one = await tuneGbdt(data, {
      ...fast,
      seed: 4,
      nTrials: 1,
      refit: false,
      pruner: 'nop',
      searchSpace: () => bestT.userAttrs.gbdt_params as Record<string, unknown>,
    });
    expect(one.bestValue).toBeCloseTo(r.bestValue, 12);
    expect(one.bestIteration).toBe(r.bestIteration);
  });
});
