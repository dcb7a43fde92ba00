import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { tuneGbdtStepwise, stepwiseBudget, STEPWISE_STEPS, STEPWISE_TRIALS } from '../../src/tune-gbdt/stepwise.js';
import { InMemoryStorage } from '../../src/tune/storages/memory.js';
import type { Dataset } from '../../src/data/dataset.js';

describe('tuneGbdtStepwise', () => {
  it("runs LightGBMTuner's steps in order, each from the best params so far", async () => {
    const data: Dataset = await readCsv('datasets/breast_cancer.csv');
    const order: string[] = [];
    const r = await tuneGbdtStepwise(data, {
      nFolds: 3,
      maxRounds: 40,
      earlyStoppingRounds: 10,
      seed: 1,
      pruner: 'nop',
      stepTrials: { feature_fraction: 3, num_leaves: 2, bagging: 2, feature_fraction_stage2: 2, regularization_factors: 2, min_data_in_leaf: 2 },
      onTrial: (_t, _s, step) => {
        if (order[order.length - 1] !== step) order.push(step);
      },
    });
    expect(order).toEqual([...STEPWISE_STEPS]);
    expect(r.steps.map((s) => s.step)).toEqual([...STEPWISE_STEPS]);
    expect(r.steps.map((s) => s.nTrials)).toEqual([3, 2, 2, 2, 2, 2]);
    // grid steps: feature_fraction on 0.4, 0.5, 0.6 (the first 3 of the 7-point grid)
    const ff = r.steps[0].study.trials.map((t) => t.params.feature_fraction as number).sort();
    expect(ff.map((v) => Number(v.toFixed(10)))).toEqual([0.4, 0.5, 0.6]);
    // stage 2 is within ±0.08 of stage 1's best
    const best1 = r.steps[0].study.bestTrial.params.feature_fraction as number;
    for (const t of r.steps[3].study.trials) expect(Math.abs((t.params.feature_fraction as number) - best1)).toBeLessThanOrEqual(0.08 + 1e-12);
    // min_data_in_leaf grid starts 5, 10
    expect(r.steps[5].study.trials.map((t) => t.params.min_child_samples).sort((a, b) => (a as number) - (b as number))).toEqual([5, 10]);
    // a later step keeps the earlier steps' params: num_leaves trials run with the best feature_fraction
    for (const t of r.steps[1].study.trials) expect((t.userAttrs.gbdt_params as Record<string, number>).feature_fraction).toBeCloseTo(best1, 12);
    expect(r.bestValue).toBeGreaterThan(0.9);
    expect(Math.max(...r.steps.map((s) => s.bestValue ?? -1))).toBe(r.bestValue);
    expect(r.nTrials).toBe(13);
    expect(r.booster).not.toBeNull();
  });

  it('nTrials is the total budget of all steps; the best passed to onTrial is the best over all steps; fixed params are not searched', async () => {
    const data: Dataset = await readCsv('datasets/breast_cancer.csv');
    const storage = new InMemoryStorage();
    const seen: { step: string; best: number | null; value: number | null }[] = [];
    const opts = { nFolds: 3, maxRounds: 30, earlyStoppingRounds: 5, seed: 2, pruner: 'nop', refit: false, storage, nTrials: 8, params: { num_leaves: 4 } } as const;
    let planned: number | null = null;
    const r = await tuneGbdtStepwise(data, {
      ...opts,
      onStart: (info) => {
        planned = info.plannedTrials;
      },
      onTrial: (t, _s, step, best) => seen.push({ step, best, value: t.values?.[0] ?? null }),
    });
    // num_leaves is fixed: its step is skipped and the 8 trials go to the other steps
    const budget = stepwiseBudget(8, new Set(['num_leaves']));
    expect(budget).toEqual({ feature_fraction: 1, num_leaves: 0, bagging: 2, feature_fraction_stage2: 1, regularization_factors: 4, min_data_in_leaf: 0 });
    expect(planned).toBe(8);
    expect(r.nTrialsRun).toBe(8);
    expect(r.steps.map((s) => s.nTrials)).toEqual(STEPWISE_STEPS.map((s) => budget[s]));
    expect(r.info.searchedParams).not.toContain('num_leaves');
    for (const s of r.steps) for (const t of s.study.trials) expect((t.userAttrs.gbdt_params as Record<string, unknown>).num_leaves).toBe(4);
    expect(r.bestParams.num_leaves).toBe(4);
    // the best shown with each trial is the running best over every step so far
    let running: number | null = null;
    for (const e of seen) {
      if (e.value !== null && (running === null || e.value > running)) running = e.value;
      expect(e.best).toBe(running);
    }
    expect(seen[seen.length - 1].best).toBe(r.bestValue);
    // the budget is the study's: the same run again has nothing left to run
    const again = await tuneGbdtStepwise(data, opts);
    expect(again.nTrialsRun).toBe(0);
    expect(again.bestValue).toBe(r.bestValue);
  });

  it("shares a total budget in LightGBMTuner's proportions: 68 gives its counts; grids get at most their size", () => {
    expect(stepwiseBudget(undefined, new Set())).toEqual(STEPWISE_TRIALS);
    expect(stepwiseBudget(68, new Set())).toEqual(STEPWISE_TRIALS);
    expect(stepwiseBudget(34, new Set())).toEqual({ feature_fraction: 3, num_leaves: 11, bagging: 5, feature_fraction_stage2: 3, regularization_factors: 10, min_data_in_leaf: 2 });
    const big = stepwiseBudget(200, new Set());
    expect(big).toMatchObject({ feature_fraction: 7, feature_fraction_stage2: 6, min_data_in_leaf: 5 });
    expect(Object.values(big).reduce((a, b) => a + b, 0)).toBe(200);
    for (const n of [1, 2, 5, 13, 50]) expect(Object.values(stepwiseBudget(n, new Set())).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it("has Optuna's per-step trial counts", () => {
    expect(STEPWISE_TRIALS).toEqual({ feature_fraction: 7, num_leaves: 20, bagging: 10, feature_fraction_stage2: 6, regularization_factors: 20, min_data_in_leaf: 5 });
  });
});
