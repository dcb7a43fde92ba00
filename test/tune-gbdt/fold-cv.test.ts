import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { BinnedDataset } from '../../src/data/binned-dataset.js';
import { stratifiedKFold, kFold } from '../../src/data/split.js';
import { cv } from '../../src/gbdt/boosting/cv.js';
import { runFoldCv } from '../../src/tune-gbdt/fold-cv.js';
import { firstFoldsClearlyWorse, firstFoldsNoBetter } from '../../src/tune-gbdt/cv-trial.js';

const base = { verbosity: -1, seed: 3, num_iterations: 200, early_stopping_round: 15, bagging_fraction: 0.8, bagging_freq: 1, feature_fraction: 0.7 };

async function setup(file: string, params: Record<string, unknown>) {
  const data = await readCsv(file);
  const binned = BinnedDataset.fromDataset(data, { feature_pre_filter: false });
  const t = data.target!;
  const folds = t.classIndex !== null ? stratifiedKFold(t.classIndex, 5, { seed: 1 }) : kFold(data.nRows, 5, { seed: 1 });
  const metric = String((params.metric as string[])[0]);
  const means: number[] = [];
  const ref = cv(params, binned, { folds, callbacks: [(env) => void means.push(env.evaluations.find((e) => e.metricName === metric)!.mean)] });
  return { binned, folds, metric, ref, means };
}

describe('runFoldCv', () => {
  for (const [file, params] of [
    ['datasets/breast_cancer.csv', { ...base, objective: 'binary', metric: ['accuracy'], learning_rate: 0.2, num_leaves: 15 }],
    ['datasets/iris.csv', { ...base, objective: 'multiclass', metric: ['multi_logloss'], learning_rate: 0.1 }],
    ['datasets/diabetes.csv', { ...base, objective: 'regression', metric: ['l2'], learning_rate: 0.05, num_leaves: 7 }],
  ] as const) {
    it(`${file}: all folds at once, or the first two first, give cv's value, best round and every round's mean, bit for bit`, async () => {
      const { binned, folds, metric, ref, means } = await setup(file, params);
      const expected = { value: ref.best[metric].mean, bestIteration: ref.bestIteration };
      for (const firstFolds of [0, 2, 3]) {
        const seen: number[] = [];
        const firstSeen: number[] = [];
        let asked: readonly number[] | null = null;
        const r = runFoldCv(binned, params, metric, folds, {
          onRound: (it, v) => {
            expect(it).toBe(seen.length);
            seen.push(v);
          },
          firstFolds,
          onFirstRound: (_it, v) => void firstSeen.push(v),
          stopAfterFirst: (v) => {
            asked = v;
            return false;
          },
        });
        expect({ value: r.value, bestIteration: r.bestIteration }).toEqual(expected);
        expect(seen).toEqual(means);
        expect(r.folds).toBe(5);
        expect(r.stoppedAfterFirst).toBe(false);
        expect(r.foldValues.length).toBe(5);
        expect(r.foldValues.reduce((a, b) => a + b, 0) / 5).toBeCloseTo(r.value, 12);
        if (firstFolds > 0) {
          expect(asked).not.toBeNull();
          expect(asked!.length).toBe(firstFolds);
          expect(firstSeen.length).toBeGreaterThan(0);
          expect(r.rounds).toBeGreaterThanOrEqual(Math.max(seen.length, firstSeen.length));
        } else expect(firstSeen.length).toBe(0);
      }
    });
  }

  it("lockstepRounds: the other folds catch up and those rounds' k-fold means are reported before the first folds go on alone; the same value and best round as cv", async () => {
    const params = { ...base, objective: 'binary' as const, metric: ['accuracy'], learning_rate: 0.2, num_leaves: 15 };
    const { binned, folds, metric, ref, means } = await setup('datasets/breast_cancer.csv', params);
    const events: string[] = [];
    const seen: number[] = [];
    const r = runFoldCv(binned, params, metric, folds, {
      onRound: (it, v) => {
        events.push(`k${it}`);
        seen.push(v);
      },
      firstFolds: 2,
      lockstepRounds: 6,
      onFirstRound: (it) => void events.push(`f${it}`),
      stopAfterFirst: () => false,
    });
    expect({ value: r.value, bestIteration: r.bestIteration }).toEqual({ value: ref.best[metric].mean, bestIteration: ref.bestIteration });
    expect(seen).toEqual(means);
    // the first folds' 6 rounds, then the 6 k-fold rounds, then the first folds on alone (each round once), then the k-fold rounds on
    expect(events.slice(0, 13)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'f6']);
    expect(events.filter((e) => e === 'f6').length).toBe(1);
    expect(events.indexOf('k6')).toBeGreaterThan(events.lastIndexOf('f6'));
    // stopped after the first folds: only the lockstep rounds were reported, the first folds' means from round 1
    let reported = 0;
    const s = runFoldCv(binned, params, metric, folds, { onRound: () => reported++, firstFolds: 2, lockstepRounds: 6, stopAfterFirst: () => true });
    expect([s.stoppedAfterFirst, s.folds, reported]).toEqual([true, 2, 6]);
    const plain = runFoldCv(binned, params, metric, folds, { onRound: () => {}, firstFolds: 2, stopAfterFirst: () => true });
    expect(s.foldValues).toEqual(plain.foldValues);
    expect(s.firstMeans).toEqual(plain.firstMeans);
  });

  it('stops after the first folds when asked: their values, no k-fold round reported, fewer folds trained', async () => {
    const params = { ...base, objective: 'binary', metric: ['accuracy'], learning_rate: 0.2, num_leaves: 15 };
    const { binned, folds, metric } = await setup('datasets/breast_cancer.csv', params);
    let reported = 0;
    const r = runFoldCv(binned, params, metric, folds, { onRound: () => reported++, firstFolds: 2, stopAfterFirst: () => true });
    expect(r.stoppedAfterFirst).toBe(true);
    expect(reported).toBe(0);
    expect(r.folds).toBe(2);
    expect(r.foldValues.length).toBe(2);
    for (const v of r.foldValues) expect(v).toBeGreaterThan(0.85);
  });
});

describe('runFoldCv when a fold finds no more leaves', () => {
  // strong L1 on small leaves at a high rate: on these folds one fold finds no split with a positive
  // gain at round 83, 12 rounds after the best round, and training stops there (cv's and fold-cv's rule)
  const params = {
    objective: 'binary' as const, metric: ['accuracy'], verbosity: -1, seed: 0, num_iterations: 1000, early_stopping_round: 50,
    lambda_l1: 0.13351354975517513, lambda_l2: 0.0005755118598534656, num_leaves: 146, feature_fraction: 0.9553579829755966,
    bagging_fraction: 0.4426216349187322, bagging_freq: 1, min_child_samples: 6, learning_rate: 0.15117988957627482, max_depth: 12,
  };

  it("takes the best round early stopping saw, not the last round trained (cv's), with the first folds first or not", async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const binned = BinnedDataset.fromDataset(data, { feature_pre_filter: false });
    const folds = stratifiedKFold(data.target!.classIndex!, 5, { shuffle: true, seed: 0 });
    const means: number[] = [];
    const ref = cv({ ...params, metric: ['accuracy'] }, binned, { folds, callbacks: [(env) => void means.push(env.evaluations[0].mean)] });
    // cv stopped for want of leaves, well within the patience, and took its last round
    expect(means.length).toBe(82);
    expect(ref.bestIteration).toBe(82);
    let best = 0;
    for (let i = 1; i < means.length; i++) if (means[i] > means[best]) best = i;
    expect(best + 1).toBe(70);
    expect(means[best]).toBeGreaterThan(means[81] + 0.004);
    for (const firstFolds of [0, 2]) {
      const seen: number[] = [];
      const r = runFoldCv(binned, params, 'accuracy', folds, { onRound: (_it, v) => void seen.push(v), firstFolds, stopAfterFirst: () => false });
      expect(seen).toEqual(means);
      expect(r.bestIteration).toBe(70);
      expect(r.value).toBe(means[69]);
      expect(r.foldValues.reduce((a, b) => a + b, 0) / 5).toBeCloseTo(means[69], 12);
      // the first folds, trained first with early stopping on their own mean, may have gone further
      if (firstFolds === 0) expect(r.rounds).toBe(83);
      else expect(r.rounds).toBeGreaterThanOrEqual(83);
    }
  });
});

describe('firstFoldsClearlyWorse', () => {
  it('every first fold worse than the reference fold (ties and one better keep the trial)', () => {
    expect(firstFoldsClearlyWorse([0.9, 0.91], [0.95, 0.92, 0.5], true)).toBe(true);
    expect(firstFoldsClearlyWorse([0.9, 0.92], [0.95, 0.92, 0.5], true)).toBe(false);
    expect(firstFoldsClearlyWorse([0.96, 0.8], [0.95, 0.92], true)).toBe(false);
    expect(firstFoldsClearlyWorse([3, 4], [2, 3], false)).toBe(true);
    expect(firstFoldsClearlyWorse([3, Number.NaN], [2, 3], false)).toBe(false);
    expect(firstFoldsClearlyWorse([], [2, 3], false)).toBe(false);
  });
});

describe('firstFoldsNoBetter', () => {
  it("the first folds' mean not better than the reference's same folds' mean (a tie stops; one fold better is not enough)", () => {
    expect(firstFoldsNoBetter([0.96, 0.98], [0.97, 0.975, 0.5], true)).toBe(true);
    expect(firstFoldsNoBetter([0.95, 1], [0.97, 0.975, 0.5], true)).toBe(false);
    expect(firstFoldsNoBetter([0.97, 0.975], [0.97, 0.975, 0.99], true)).toBe(true);
    expect(firstFoldsNoBetter([1, 4], [2, 2.5, 0], false)).toBe(true);
    expect(firstFoldsNoBetter([1, 3.9], [2, 3, 0], false)).toBe(false);
    expect(firstFoldsNoBetter([1, Number.NaN], [2, 3], false)).toBe(false);
    expect(firstFoldsNoBetter([], [2, 3], false)).toBe(false);
  });
});

describe('tuneGbdt fold-level pruning', () => {
  for (const nJobs of [1, 2]) {
    it(`nJobs ${nJobs}: a trial whose first folds are all worse than the best trial's is pruned after them (attrs, reports); a better one completes with its full CV`, async () => {
      const { tuneGbdt } = await import('../../src/tune-gbdt/tune.js');
      const data = await readCsv('datasets/breast_cancer.csv');
      // trials 0 and 1 are good (with two jobs they run together, before any best trial); trial 2
      // (stumps at a tiny rate, 30 rounds) is worse on every fold; trial 3 is trial 0 again
      const good = { num_leaves: 15, learning_rate: 0.2, min_child_samples: 10 };
      const bad = { num_leaves: 2, learning_rate: 0.001, min_child_samples: 10, num_iterations: 30 };
      const r = await tuneGbdt(data, {
        nTrials: 4,
        nFolds: 5,
        seed: 1,
        maxRounds: 80,
        earlyStoppingRounds: 10,
        pruner: 'nop',
        nJobs,
        refit: false,
        searchSpace: (trial) => (trial.number === 2 ? bad : good),
        searchSpaceKey: 'fold-pruning-test',
      });
      const [t0, , t1, t2] = [...r.study.trials].sort((a, b) => a.number - b.number);
      expect(t0.state).toBe('COMPLETE');
      expect(t0.userAttrs.fold_values).toHaveLength(5);
      expect(t1.state).toBe('PRUNED');
      expect(t1.userAttrs.stopped).toBe('first folds');
      expect(t1.userAttrs.folds_evaluated).toBe(2);
      expect(t1.userAttrs.fold_values).toHaveLength(2);
      // its first folds' means are its record
      expect(t1.intermediateValues.size).toBe(t1.userAttrs.rounds_run);
      for (let f = 0; f < 2; f++) expect((t1.userAttrs.fold_values as number[])[f]).toBeLessThan((t0.userAttrs.fold_values as number[])[f]);
      // the same params again: not worse on every fold (equal), so it completes with the same value
      expect(t2.state).toBe('COMPLETE');
      expect(t2.values![0]).toBe(t0.values![0]);
      expect(t2.userAttrs.folds_evaluated).toBe(5);
    });
  }
});
