import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { prepareContext, releaseContext, PARAMS_ATTR } from '../../src/tune-gbdt/context.js';
import { runTrials, tuneGbdt } from '../../src/tune-gbdt/tune.js';
import { LR_FACTOR_ATTR, REFINED_FROM_ATTR, RefineSchedule, SearchTrialsSampler, bestSearchTrial, lrRefinement, refinementFactor } from '../../src/tune-gbdt/lr-refine.js';
import { FOLD_VALUES_ATTR, PORTFOLIO_ATTR } from '../../src/tune-gbdt/time-budget.js';
import { ROUNDS_ATTR, SECONDS_ATTR, TimeBudget } from '../../src/tune-gbdt/time-budget.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import { RandomSampler } from '../../src/tune/samplers/random.js';
import { FloatDistribution, IntDistribution, type Distribution } from '../../src/tune/distributions.js';
import type { StudyView } from '../../src/tune/study/study-view.js';
import type { Sampler } from '../../src/tune/samplers/base.js';
import { createTrial } from '../../src/tune/trial/create-trial.js';
import type { Pruner } from '../../src/tune/pruners/base.js';
import type { FrozenTrial } from '../../src/tune/trial/frozen-trial.js';
import type { Trial } from '../../src/tune/trial/trial.js';

const BC = 'datasets/breast_cancer.csv';
const LR = new FloatDistribution(0.005, 0.3, { log: true });

/** A COMPLETE trial with a learning rate (and num_leaves), value and seconds. */
function done(number: number, lr: number, value: number, attrs: Record<string, unknown> = {}): FrozenTrial {
  const t = createTrial({
    value,
    params: { learning_rate: lr, num_leaves: 31 },
    distributions: { learning_rate: LR, num_leaves: new IntDistribution(2, 256) },
    userAttrs: { [SECONDS_ATTR]: 2, ...attrs },
  });
  return { ...t, number } as FrozenTrial;
}

describe('lrRefinement', () => {
  it('divides the learning rate by the factor, down to 0.0125 or its distribution lower bound at most', () => {
    const r = lrRefinement(done(4, 0.09, 1), 3);
    expect(r?.params.learning_rate).toBeCloseTo(0.03, 15);
    expect(r?.params.num_leaves).toBe(31);
    expect(r?.userAttrs).toEqual({ [REFINED_FROM_ATTR]: 4, [LR_FACTOR_ATTR]: 3 });
    // the portfolio's first entry: 0.0374 / 3 is just under the floor, the factor 2.992
    expect(lrRefinement(done(0, 0.0374, 1), 3)?.userAttrs[LR_FACTOR_ATTR]).toBeCloseTo(2.992, 12);
    // 0.03 / 3 would be under 0.0125 (the lowest refined rate): the factor shrinks to 2.4
    const low = lrRefinement(done(1, 0.03, 1), 3);
    expect(low?.params.learning_rate).toBeCloseTo(0.0125, 15);
    expect(low?.userAttrs[LR_FACTOR_ATTR]).toBeCloseTo(2.4, 12);
    const bounded = { ...done(2, 0.1, 1), distributions: { learning_rate: new FloatDistribution(0.04, 0.3, { log: true }) } } as FrozenTrial;
    expect(lrRefinement(bounded, 3)?.params.learning_rate).toBeCloseTo(0.04, 15);
    // a factor left under 1.5 is not worth a trial (0.018 / 0.0125, 0.012: already low); no learning rate param: nothing to refine
    expect(lrRefinement(done(1, 0.018, 1), 3)).toBeNull();
    expect(lrRefinement(done(1, 0.012, 1), 3)).toBeNull();
    expect(lrRefinement({ ...done(1, 0.1, 1), params: { num_leaves: 31 } } as FrozenTrial, 3)).toBeNull();
    expect(refinementFactor(r?.userAttrs ?? {})).toBe(3);
    expect(refinementFactor({ [SECONDS_ATTR]: 1 })).toBeNull();
  });
});

describe('RefineSchedule', () => {
  it('refines the best trial once a fifth of the budget is spent and the cost fits in what is left', () => {
    const clock = { t: 0 };
    const budget = new TimeBudget(100, 0, () => clock.t);
    const s = new RefineSchedule(budget, 3, false);
    const best = done(2, 0.09, 5);
    const trials = [done(0, 0.2, 9), done(1, 0.05, 7), best];
    expect(s.next(trials)).toBeNull();
    clock.t = 19_000;
    expect(s.next(trials)).toBeNull();
    clock.t = 20_000;
    expect(s.next(trials)?.userAttrs[REFINED_FROM_ATTR]).toBe(2);
    // 2 s x 3 x 1.25 = 7.5 s: not with 7 s left
    clock.t = 93_000;
    expect(s.next(trials)).toBeNull();
  });

  it('refines before a fifth of the budget once every trial of the portfolio has finished', () => {
    const clock = { t: 3_000 };
    const s = new RefineSchedule(new TimeBudget(100, 0, () => clock.t), 3, false);
    const pf = { [PORTFOLIO_ATTR]: true };
    const first = done(0, 0.0374, 5, pf);
    const running = { ...createTrial({ state: 'RUNNING', userAttrs: pf }), number: 1 } as FrozenTrial;
    const waiting = { ...createTrial({ state: 'WAITING', userAttrs: pf }), number: 2 } as FrozenTrial;
    // the portfolio's other entries still queued or running: wait (a search trial alone does not count)
    expect(s.next([first, running])).toBeNull();
    expect(s.next([first, { ...done(1, 0.2, 9, pf), number: 1 }, waiting])).toBeNull();
    expect(s.next([{ ...done(0, 0.1, 5), number: 0 }])).toBeNull();
    // all finished (pruned or complete): the best is refined at 3% of the budget
    const pruned = { ...done(1, 0.2, 4, pf), state: 'PRUNED' } as FrozenTrial;
    const r = s.next([first, pruned, { ...done(2, 0.1, 7, pf), number: 2 }]);
    expect(r?.userAttrs[REFINED_FROM_ATTR]).toBe(0);
    expect(r?.params.learning_rate).toBeCloseTo(0.0125, 15);
  });

  it('waits for a queued refinement, refines each new best of the search, and stops once a refinement did not pay', () => {
    const clock = { t: 50_000 };
    const s = new RefineSchedule(new TimeBudget(100, 0, () => clock.t), 3, false);
    const src = done(2, 0.09, 5);
    const queued = { ...createTrial({ state: 'WAITING', userAttrs: { [REFINED_FROM_ATTR]: 2, [LR_FACTOR_ATTR]: 3 } }), number: 3 } as FrozenTrial;
    expect(s.next([src, queued])).toBeNull();
    // the refinement beat its source (4 < 5) and is the study's best; the search's best is refined already
    const paid = done(3, 0.03, 4, { [REFINED_FROM_ATTR]: 2, [LR_FACTOR_ATTR]: 3 });
    expect(s.next([src, paid])).toBeNull();
    // a search trial better than the search's best (4.5 < 5), though not than the refinement: refined in turn
    const next = done(4, 0.12, 4.5);
    expect(s.next([src, paid, next])?.userAttrs[REFINED_FROM_ATTR]).toBe(4);
    // a refinement no better than its source: the data gains nothing from a lower rate, no more
    const unpaid = done(3, 0.03, 5, { [REFINED_FROM_ATTR]: 2, [LR_FACTOR_ATTR]: 3 });
    expect(s.next([src, unpaid, next])).toBeNull();
    // maximizing: higher is better
    const m = new RefineSchedule(new TimeBudget(100, 0, () => clock.t), 3, true);
    const up = done(3, 0.03, 6, { [REFINED_FROM_ATTR]: 2, [LR_FACTOR_ATTR]: 3 });
    expect(m.next([src, unpaid, done(4, 0.12, 5.5)])).toBeNull();
    expect(m.next([src, up, done(4, 0.12, 5.5)])?.userAttrs[REFINED_FROM_ATTR]).toBe(4);
  });
});

describe('bestSearchTrial', () => {
  it('is the best COMPLETE trial that is not a refinement', () => {
    const refined = { [REFINED_FROM_ATTR]: 1, [LR_FACTOR_ATTR]: 3 };
    const pruned = { ...done(3, 0.1, 0.5), state: 'PRUNED' } as FrozenTrial;
    const trials = [done(0, 0.1, 3), done(1, 0.1, 2), done(2, 0.03, 1, refined), pruned, done(4, 0.2, 2.5)];
    expect(bestSearchTrial(trials, false)?.number).toBe(1);
    expect(bestSearchTrial(trials, true)?.number).toBe(0);
    expect(bestSearchTrial([done(2, 0.03, 1, refined), pruned], false)).toBeNull();
  });
});

describe('SearchTrialsSampler', () => {
  it('shows its base sampler the study without its refinement trials', async () => {
    const seen: number[][] = [];
    const base: Sampler = new RandomSampler({ seed: 1 });
    const recording = {
      inferRelativeSearchSpace: (study: StudyView, trial: FrozenTrial) => {
        seen.push(study.getTrials().map((t) => t.number));
        return base.inferRelativeSearchSpace(study, trial);
      },
      sampleRelative: (study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>) => base.sampleRelative(study, trial, space),
      sampleIndependent: (study: StudyView, trial: FrozenTrial, name: string, d: Distribution) => base.sampleIndependent(study, trial, name, d),
    };
    const study = await createStudy({ sampler: new SearchTrialsSampler(recording) });
    await study.addTrial(done(0, 0.1, 3));
    await study.addTrial(done(1, 0.03, 2, { [REFINED_FROM_ATTR]: 0, [LR_FACTOR_ATTR]: 3 }));
    await study.optimize((t) => t.suggestFloat('learning_rate', 0.005, 0.3, { log: true }), { nTrials: 2 });
    // trial 2 sees trial 0 (and itself, running), never trial 1; trial 3 sees 0 and 2
    expect(seen).toEqual([[0, 2], [0, 2, 3]]);
  });
});

describe('runTrials with a refine schedule', () => {
  for (const nJobs of [1, 2]) {
    it(`nJobs ${nJobs}: the best trial is refined at a third of its rate with 3x the rounds and patience, never pruned`, async () => {
      const data = await readCsv(BC);
      const ctx = await prepareContext(data, { nFolds: 3, seed: 1, maxRounds: 40, earlyStoppingRounds: 5 }, nJobs);
      try {
        const clock = { t: 40_000 };
        const budget = new TimeBudget(100, 0, () => clock.t);
        // one job: prunes every trial but the first at its first report (a refinement must not be);
        // two: prunes none (pruned trials would all end while trial 0 runs, before it is refined)
        const pruner: Pruner = { prune: (_s, t) => nJobs === 1 && t.number > 0 };
        const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 3 }), pruner });
        const space = (trial: Trial): Record<string, unknown> => ({ learning_rate: trial.suggestFloat('learning_rate', 0.05, 0.3, { log: true }), num_leaves: 4 });
        await runTrials(ctx, study, space, { nTrials: nJobs === 1 ? 2 : 4, budget, nJobs, refit: false, refine: new RefineSchedule(budget, 3, true) });
        const refinements = study.trials.filter((t) => t.userAttrs[REFINED_FROM_ATTR] !== undefined);
        expect(refinements.length).toBe(1);
        const t1 = refinements[0];
        const t0 = study.trials[t1.userAttrs[REFINED_FROM_ATTR] as number];
        expect(t0.state).toBe('COMPLETE');
        if (nJobs === 1) expect(t0.number).toBe(0);
        expect(t1.state).toBe('COMPLETE');
        // a third of the rate, unless that falls under the space's low end (0.05): the factor shrinks to
        // fit (with two jobs the source is whichever trial is best when the first ones finish)
        const lr0 = t0.params.learning_rate as number;
        const f = t1.userAttrs[LR_FACTOR_ATTR] as number;
        expect(f).toBeCloseTo(Math.min(3, lr0 / 0.05), 12);
        if (nJobs === 1) expect(f).toBe(3);
        expect(t1.params.learning_rate).toBeCloseTo(lr0 / f, 12);
        const p = t1.userAttrs[PARAMS_ATTR] as Record<string, unknown>;
        expect(p.num_iterations).toBe(Math.ceil(40 * f));
        expect(p.early_stopping_round).toBe(Math.ceil(5 * f));
        // at a third of the rate it runs past the search trials' 40 rounds
        expect(t1.userAttrs[ROUNDS_ATTR] as number).toBeLessThanOrEqual(Math.ceil(40 * f));
        if (nJobs === 1) expect(t1.userAttrs[ROUNDS_ATTR] as number).toBeGreaterThan(40);
      } finally {
        releaseContext(ctx);
      }
    });
  }

  it('queues no refinement after the last trial of the run (none is left WAITING)', async () => {
    const data = await readCsv(BC);
    const ctx = await prepareContext(data, { nFolds: 3, seed: 1, maxRounds: 20, earlyStoppingRounds: 5 }, 1);
    try {
      const budget = new TimeBudget(100, 0, () => 40_000);
      const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 3 }) });
      const space = (trial: Trial): Record<string, unknown> => ({ learning_rate: trial.suggestFloat('learning_rate', 0.05, 0.3, { log: true }), num_leaves: 4 });
      await runTrials(ctx, study, space, { nTrials: 1, budget, refit: false, refine: new RefineSchedule(budget, 3, true) });
      expect(study.trials.map((t) => t.state)).toEqual(['COMPLETE']);
    } finally {
      releaseContext(ctx);
    }
  });
});

describe('tuneGbdt refineLearningRate', () => {
  it('is checked before the data is read', async () => {
    for (const bad of [1, 0.5, Number.NaN, 'x']) {
      await expect(tuneGbdt('no-such-file.csv', { timeout: 1, refineLearningRate: bad as unknown as number })).rejects.toThrow(/refineLearningRate .* must be true, false or a factor > 1/);
    }
  });

  it('with a time budget refines the best trial of the default space; false, no budget or a fixed num_iterations: never', async () => {
    const data = await readCsv('datasets/diabetes.csv');
    const opts = { nFolds: 3, seed: 1, maxRounds: 60, earlyStoppingRounds: 10, refit: false } as const;
    const refined = (r: { study: { trials: readonly FrozenTrial[] } }): FrozenTrial[] => r.study.trials.filter((t) => t.userAttrs[REFINED_FROM_ATTR] !== undefined);
    const on = await tuneGbdt(data, { ...opts, timeout: 3, nTrials: 100_000 });
    const r = refined(on);
    expect(r.length).toBeGreaterThanOrEqual(1);
    const src = on.study.trials[r[0].userAttrs[REFINED_FROM_ATTR] as number];
    expect(r[0].params.learning_rate as number).toBeCloseTo((src.params.learning_rate as number) / (r[0].userAttrs[LR_FACTOR_ATTR] as number), 12);
    expect(refined(await tuneGbdt(data, { ...opts, timeout: 2, nTrials: 100_000, refineLearningRate: false }))).toEqual([]);
    // a fixed num_iterations is the trials' rounds: no refinement runs past it
    expect(refined(await tuneGbdt(data, { ...opts, timeout: 2, nTrials: 100_000, params: { num_iterations: 60 } }))).toEqual([]);
    expect(refined(await tuneGbdt(data, { ...opts, nTrials: 12 }))).toEqual([]);
  });
});

describe('fold-level pruning with refinements', () => {
  it("compares a trial's first folds with the best trial of the search, not with a refinement", async () => {
    const data = await readCsv(BC);
    const ctx = await prepareContext(data, { nFolds: 3, seed: 1, maxRounds: 30, earlyStoppingRounds: 5 }, 1);
    try {
      const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 3 }), pruner: 'nop' });
      // the search's best (0.5 on every fold) and its refinement, perfect on every fold
      await study.addTrial(createTrial({ value: 0.5, userAttrs: { [FOLD_VALUES_ATTR]: [0.5, 0.5, 0.5] } }));
      await study.addTrial(createTrial({ value: 1, userAttrs: { [FOLD_VALUES_ATTR]: [1, 1, 1], [REFINED_FROM_ATTR]: 0, [LR_FACTOR_ATTR]: 3 } }));
      const space = (): Record<string, unknown> => ({ learning_rate: 0.2, num_leaves: 7 });
      await runTrials(ctx, study, space, { nTrials: 1, refit: false, foldPruning: true });
      const t = study.trials[2];
      // about 0.95 on its first folds: worse than the refinement's, better than the search's best
      expect(t.state).toBe('COMPLETE');
      expect(t.userAttrs.folds_evaluated).toBe(3);
      expect(t.values?.[0]).toBeGreaterThan(0.9);
    } finally {
      releaseContext(ctx);
    }
  });
});

describe('fold-level pruning of a refinement', () => {
  for (const nJobs of [1, 2]) {
    it(`nJobs ${nJobs}: stops a refinement after its first folds when each is worse than the trial it refines`, async () => {
      const data = await readCsv(BC);
      const ctx = await prepareContext(data, { nFolds: 3, seed: 1, maxRounds: 30, earlyStoppingRounds: 5 }, nJobs);
      try {
        const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 3 }), pruner: 'nop' });
        const space = (trial: Trial): Record<string, unknown> => ({ learning_rate: trial.suggestFloat('learning_rate', 0.005, 0.3, { log: true }), num_leaves: 7 });
        // two searched trials (perfect and poor on every fold), each refined once
        for (const v of [1, 0.5]) {
          await study.addTrial(createTrial({ value: v, params: { learning_rate: 0.2 }, distributions: { learning_rate: LR }, userAttrs: { [FOLD_VALUES_ATTR]: [v, v, v] } }));
        }
        for (const from of [0, 1]) await study.enqueueTrial({ learning_rate: 0.2 / 3 }, { userAttrs: { [REFINED_FROM_ATTR]: from, [LR_FACTOR_ATTR]: 3 } });
        await runTrials(ctx, study, space, { nTrials: 2, nJobs, refit: false, foldPruning: true });
        const [a, b] = [study.trials[2], study.trials[3]];
        // about 0.95 on its first folds: each under the perfect trial's, so it stops after 2 of the 3 folds
        expect(a.state).toBe('PRUNED');
        expect(a.userAttrs.folds_evaluated).toBe(2);
        expect(a.userAttrs.stopped).toBe('first folds');
        // over the poor trial's: it runs every fold (a refinement is never pruned on its rounds)
        expect(b.state).toBe('COMPLETE');
        expect(b.userAttrs.folds_evaluated).toBe(3);
        expect(b.values?.[0]).toBeGreaterThan(0.9);
      } finally {
        releaseContext(ctx);
      }
    });
  }
});
