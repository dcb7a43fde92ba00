import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../../src/data/csv.js';
import { prepareContext, releaseContext } from '../../src/tune-gbdt/context.js';
import { runTrials, tuneGbdt } from '../../src/tune-gbdt/tune.js';
import { FOLDS_ATTR, ROUNDS_ATTR, SECONDS_ATTR, STOPPED_ATTR, STOPPED_BY_TIME, TimeBudget, refitSeconds } from '../../src/tune-gbdt/time-budget.js';
import { createStudy, loadStudy } from '../../src/tune/study/create-study.js';
import { RandomSampler } from '../../src/tune/samplers/random.js';
import type { Pruner } from '../../src/tune/pruners/base.js';
import type { FrozenTrial } from '../../src/tune/trial/frozen-trial.js';
import type { Trial } from '../../src/tune/trial/trial.js';

const BC = 'datasets/breast_cancer.csv';

/** A trial with the timing attrs only (what refitSeconds reads). */
function timed(attrs: Record<string, unknown>): FrozenTrial {
  return { userAttrs: attrs } as unknown as FrozenTrial;
}

describe('TimeBudget', () => {
  it('counts from the start on its clock; the reserve for the refit comes out of the trials share', () => {
    let t = 1000;
    const b = new TimeBudget(10, 1000, () => t);
    expect(b.left()).toBe(10);
    t = 7000;
    expect(b.elapsed()).toBe(6);
    expect(b.spent()).toBe(false);
    // 2 s over 100 rounds x 4 folds = 5 ms per fold-round; best round 80 on all rows (5/4 of a fold's) → 0.5 s
    const best = timed({ [SECONDS_ATTR]: 2, [ROUNDS_ATTR]: 100, [FOLDS_ATTR]: 4, best_iteration: 80 });
    expect(refitSeconds(best, 5)).toBeCloseTo(0.5, 12);
    b.setReserve(best, 5, true, false);
    expect(b.reserved).toBeCloseTo(0.625, 12); // with the 1.25 margin
    expect(b.left()).toBeCloseTo(4 - 0.625, 12);
    b.setReserve(best, 5, false, false);
    expect(b.reserved).toBe(0);
    t = 10_500;
    expect(b.spent()).toBe(false);
    b.setReserve(best, 5, true, true);
    expect(b.spent()).toBe(true);
  });

  it('a trial without timing attrs reserves nothing for the refit; bad budgets are refused', () => {
    expect(refitSeconds(timed({ best_iteration: 5 }), 5)).toBeNull();
    const b = new TimeBudget(3, 0, () => 0);
    b.setReserve(timed({}), 5, true, false);
    expect(b.reserved).toBe(0);
    for (const bad of [0, -1, Number.NaN, Infinity]) expect(() => new TimeBudget(bad)).toThrow(/timeout .* must be a number of seconds > 0/);
  });
});

describe('runTrials with a time budget', () => {
  // trials 0-2 run 20 rounds and complete; trial 3 would run 100,000 rounds, and the clock jumps past
  // the budget when it starts: it stops at its first round, pruned, and no trial starts after it
  const space = (clock: { t: number }) => (trial: Trial): Record<string, unknown> => {
    if (trial.number === 3) clock.t = 1e9;
    return { num_leaves: trial.suggestInt('num_leaves', 4, 8), num_iterations: trial.number < 3 ? 20 : 100_000, early_stopping_round: 0 };
  };

  for (const nJobs of [1, 2]) {
    it(`nJobs ${nJobs}: the running trial is stopped at its next round (pruned, attr stopped), none is left RUNNING, none starts after`, async () => {
      const data = await readCsv(BC);
      const ctx = await prepareContext(data, { nFolds: 3, seed: 1 }, nJobs);
      const dir = mkdtempSync(join(tmpdir(), 'gbtune-budget-'));
      const storage = `sqlite:///${join(dir, 'study.db')}`;
      try {
        const clock = { t: 0 };
        const budget = new TimeBudget(60, 0, () => clock.t);
        // no per-step thresholds: with workers every round comes back to the main thread
        const pruner: Pruner = { prune: () => false };
        const study = await createStudy({ storage, studyName: 'b', direction: 'maximize', sampler: new RandomSampler({ seed: 1 }), pruner });
        const counts = await runTrials(ctx, study, space(clock), { nTrials: 50, budget, nJobs, refit: false });
        await study.storage.close?.();
        const again = await loadStudy({ storage, studyName: 'b' });
        const trials = again.trials;
        await again.storage.close?.();
        expect(trials.some((t) => t.state === 'RUNNING')).toBe(false);
        expect(counts.complete + counts.pruned + counts.failed).toBe(trials.length);
        expect(counts.failed).toBe(0);
        // with one job trials 0-2 end before trial 3 starts; with two, one of them may still run and be stopped
        expect(trials.filter((t) => t.state === 'COMPLETE').length).toBeGreaterThanOrEqual(4 - nJobs - 1);
        const t3 = trials.find((x) => x.number === 3) as FrozenTrial;
        expect(t3.state).toBe('PRUNED');
        expect(t3.userAttrs[STOPPED_ATTR]).toBe(STOPPED_BY_TIME);
        expect(t3.userAttrs[ROUNDS_ATTR] as number).toBeLessThan(100);
        // the trials started before the jump, and at most one more with two jobs
        expect(trials.length).toBeLessThanOrEqual(3 + nJobs);
        for (const t of trials) {
          expect(t.userAttrs[FOLDS_ATTR]).toBe(3);
          expect(t.userAttrs[SECONDS_ATTR]).toBeTypeOf('number');
          if (t.state === 'COMPLETE') expect(t.userAttrs[ROUNDS_ATTR]).toBe(20);
          else expect(t.userAttrs[STOPPED_ATTR]).toBe(STOPPED_BY_TIME);
        }
      } finally {
        releaseContext(ctx);
      }
    });
  }

  it('starts no trial once the budget less the reserve for the refit is spent', async () => {
    const data = await readCsv(BC);
    const ctx = await prepareContext(data, { nFolds: 3, seed: 1 }, 1);
    try {
      const clock = { t: 0 };
      const budget = new TimeBudget(10, 0, () => clock.t);
      const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 1 }) });
      const space = (trial: Trial): Record<string, unknown> => ({ num_leaves: trial.suggestInt('num_leaves', 4, 8), num_iterations: 10 });
      await runTrials(ctx, study, space, { nTrials: 1, budget, refit: true });
      expect(study.trials.length).toBe(1);
      // 9 s spent: with a refit estimated at over 1 s the trials' share is spent, without a refit it is not
      const best = study.bestTrial;
      clock.t = 10_000 - 1000 * (refitSeconds(best, 3) as number) * 0.9;
      const none = await runTrials(ctx, study, space, { nTrials: 1, budget, refit: true });
      expect(none).toEqual({ complete: 0, pruned: 0, failed: 0 });
      expect(study.trials.length).toBe(1);
      const one = await runTrials(ctx, study, space, { nTrials: 1, budget, refit: false });
      expect(one.complete).toBe(1);
    } finally {
      releaseContext(ctx);
    }
  });
});

describe('tuneGbdt timeout', () => {
  it('with a budget and many trials the run ends by the budget, refits the best and leaves no RUNNING trial', async () => {
    const data = await readCsv(BC);
    const r = await tuneGbdt(data, { nTrials: 100_000, timeout: 3, nFolds: 3, seed: 2, maxRounds: 200, earlyStoppingRounds: 20 });
    expect(r.nTrialsRun).toBeLessThan(100_000);
    expect(r.nTrialsRun).toBe(r.states.complete + r.states.pruned + r.states.failed);
    expect(r.study.trials.some((t) => t.state === 'RUNNING')).toBe(false);
    expect(r.booster).not.toBeNull();
    expect(r.booster!.model.trees.length).toBe(r.bestIteration);
    // a trial stopped by the budget, if any, was running when it was spent: at most one per trial
    // at once (with a budget and no nJobs, a trial per core)
    const stopped = r.study.trials.filter((t) => t.userAttrs[STOPPED_ATTR] === STOPPED_BY_TIME);
    expect(stopped.length).toBeLessThanOrEqual(availableParallelism());
    for (const t of stopped) expect(t.state).toBe('PRUNED');
  });

  it('a budget spent before any trial completes says so', async () => {
    const data = await readCsv(BC);
    // one trial of 1,000,000 rounds cannot complete in 1 s (at this learning rate every round finds splits)
    await expect(tuneGbdt(data, { nTrials: 1, timeout: 1, nFolds: 3, maxRounds: 1_000_000, earlyStoppingRounds: 0, params: { learning_rate: 1e-9 } })).rejects.toThrow(/the time budget \(1 s\) was spent before a trial completed/);
  });
});
