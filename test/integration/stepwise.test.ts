import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { tuneGbdtStepwise, STEPWISE_STEPS, STEPWISE_TRIALS } from '../../src/integration/stepwise.js';
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
    const ff = r.steps[0]!.study.trials.map((t) => t.params.feature_fraction as number).sort();
    expect(ff.map((v) => Number(v.toFixed(10)))).toEqual([0.4, 0.5, 0.6]);
    // stage 2 is within ±0.08 of stage 1's best
    const best1 = r.steps[0]!.study.bestTrial.params.feature_fraction as number;
    for (const t of r.steps[3]!.study.trials) expect(Math.abs((t.params.feature_fraction as number) - best1)).toBeLessThanOrEqual(0.08 + 1e-12);
    // min_data_in_leaf grid starts 5, 10
    expect(r.steps[5]!.study.trials.map((t) => t.params.min_child_samples).sort((a, b) => (a as number) - (b as number))).toEqual([5, 10]);
    // a later step keeps the earlier steps' params: num_leaves trials run with the best feature_fraction
    for (const t of r.steps[1]!.study.trials) expect((t.userAttrs.gbdt_params as Record<string, number>).feature_fraction).toBeCloseTo(best1, 12);
    expect(r.bestValue).toBeGreaterThan(0.9);
    expect(Math.max(...r.steps.map((s) => s.bestValue ?? -1))).toBe(r.bestValue);
    expect(r.nTrials).toBe(13);
    expect(r.booster).not.toBeNull();
  });

  it("has Optuna's per-step trial counts", () => {
    expect(STEPWISE_TRIALS).toEqual({ feature_fraction: 7, num_leaves: 20, bagging: 10, feature_fraction_stage2: 6, regularization_factors: 20, min_data_in_leaf: 5 });
  });
});
