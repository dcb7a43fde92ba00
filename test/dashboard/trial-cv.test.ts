/**
 * `trialCv`: what the trial page shows of a tuning trial's cross-validation, read from the attrs
 * `tuneGbdt` records (`fold_values`, `folds_evaluated`, `rounds_run`, `seconds`, `stopped`,
 * `best_iteration`) and the study's identity record (metric, folds); nothing for a trial without
 * them, and each fact left out when its attr is missing or not a number. The page drawing them
 * from a real `tuneGbdt` study is tested in Chromium (fold-scores.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { trialCv } from '../../src/dashboard/trial-cv.js';

const identity = { gbtune_study: { format: 1, metric: 'auc', direction: 'maximize', nFolds: 5 } };

describe('trialCv', () => {
  it("reads a complete trial's fold scores, their mean and its cost", () => {
    const folds = [0.9875, 0.99125, 0.97, 0.995, 0.98];
    const cv = trialCv({ fold_values: folds, folds_evaluated: 5, rounds_run: 57, best_iteration: 47, seconds: 0.42, gbdt_params: { num_leaves: 7 } }, identity);
    expect(cv).toEqual({
      metric: 'auc',
      nFolds: 5,
      folds,
      mean: expect.closeTo((0.9875 + 0.99125 + 0.97 + 0.995 + 0.98) / 5, 14),
      foldsEvaluated: 5,
      roundsRun: 57,
      bestIteration: 47,
      seconds: 0.42,
      stopped: null,
      firstFoldsOnly: false,
    });
  });

  it('marks a trial pruned after its first folds', () => {
    const cv = trialCv({ fold_values: [0.8, 0.7], folds_evaluated: 2, rounds_run: 30, seconds: 0.1, stopped: 'first folds' }, identity);
    expect(cv?.firstFoldsOnly).toBe(true);
    expect(cv?.stopped).toBe('first folds');
    expect(cv?.folds).toEqual([0.8, 0.7]);
    expect(cv?.mean).toBeCloseTo(0.75, 14);
    expect(cv?.bestIteration).toBeNull();
  });

  it('keeps a NaN fold score (stored as null or "NaN") by name, and averages the finite ones', () => {
    const cv = trialCv({ fold_values: [0.5, null, 'NaN', 0.7], folds_evaluated: 4 }, {});
    expect(cv?.folds).toEqual([0.5, 'NaN', 'NaN', 0.7]);
    expect(cv?.mean).toBeCloseTo(0.6, 14);
    expect(trialCv({ fold_values: [null, null] }, {})?.mean).toBeNull();
  });

  it('leaves out what a trial did not record: a trial pruned during its rounds has no fold scores', () => {
    const cv = trialCv({ folds_evaluated: 5, rounds_run: 12, seconds: 0.05, stopped: 'time budget' }, identity);
    expect(cv).toMatchObject({ folds: null, mean: null, foldsEvaluated: 5, roundsRun: 12, stopped: 'time budget', firstFoldsOnly: false });
    // not an array of scores, or not a number: left out, not shown wrong
    expect(trialCv({ fold_values: 'x', rounds_run: '12', seconds: 1 }, {})).toMatchObject({ folds: null, roundsRun: null, seconds: 1, metric: null, nFolds: null });
    expect(trialCv({ fold_values: [0.5, { a: 1 }], seconds: 1 }, {})?.folds).toBeNull();
  });

  it('is null for a trial with none of the attrs (a plain Optuna study)', () => {
    expect(trialCv({}, {})).toBeNull();
    expect(trialCv({ note: 'hand-written', lr: 0.1 }, identity)).toBeNull();
  });
});
