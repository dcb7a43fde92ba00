import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { BinnedDataset } from '../../src/data/binned-dataset.js';
import { train } from '../../src/gbdt/boosting/train.js';
import { cv } from '../../src/gbdt/boosting/cv.js';
import { pruningCallback } from '../../src/tune-gbdt/pruning-callback.js';
import { TrialPruned } from '../../src/core/errors.js';

function fakeTrial(pruneAt: number) {
  const reports: [number, number][] = [];
  return {
    number: 7,
    reports,
    report(value: number, step: number) {
      reports.push([step, value]);
    },
    shouldPrune() {
      return reports.length > pruneAt;
    },
  };
}

describe('pruningCallback', () => {
  it('reports each cv round fold mean and stops cv by TrialPruned', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const binned = BinnedDataset.fromDataset(data);
    const full = cv({ objective: 'binary', num_iterations: 5, verbosity: -1 }, binned, { nfold: 3 });
    const trial = fakeTrial(2);
    expect(() => cv({ objective: 'binary', num_iterations: 5, verbosity: -1 }, binned, { nfold: 3, callbacks: [pruningCallback(trial, { metric: 'accuracy' })] })).toThrow(TrialPruned);
    expect(trial.reports.map((r) => r[0])).toEqual([0, 1, 2]);
    for (let i = 0; i < 3; i++) expect(trial.reports[i][1]).toBeCloseTo(full.history.accuracy.mean[i], 12);
  });

  it('reports a train validation set value; unknown metrics are an error naming what was evaluated', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const trial = fakeTrial(100);
    train({ objective: 'binary', num_iterations: 4, metric: 'binary_logloss', verbosity: -1 }, data, { validSets: [data], validNames: ['v'], callbacks: [pruningCallback(trial)] });
    expect(trial.reports.length).toBe(4);
    expect(trial.reports[3][1]).toBeLessThan(trial.reports[0][1]);
    expect(() =>
      train({ objective: 'binary', num_iterations: 2, metric: 'binary_logloss', verbosity: -1 }, data, { validSets: [data], callbacks: [pruningCallback(fakeTrial(9), { metric: 'auc' })] }),
    ).toThrow(/metric 'auc' is not evaluated; evaluated: valid_0\/binary_logloss/);
  });
});
