import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { tuneGbdt } from '../../src/tune-gbdt/tune.js';
import { MedianPruner } from '../../src/tune/pruners/median.js';
import { PARAMS_ATTR, BEST_ITERATION_ATTR } from '../../src/tune-gbdt/context.js';

const BC = 'datasets/breast_cancer.csv';

describe('tuneGbdt', () => {
  it('reaches CV accuracy > 0.94 on breast_cancer with 8 trials x 3 folds; params in the space; the refit predicts', async () => {
    const data = await readCsv(BC);
    const r = await tuneGbdt(data, { nTrials: 8, nFolds: 3, seed: 3, maxRounds: 300, earlyStoppingRounds: 20 });
    expect(r.nTrials).toBe(8);
    expect(r.nTrialsRun).toBe(8);
    expect(r.metric).toBe('accuracy');
    expect(r.direction).toBe('maximize');
    expect(r.bestValue).toBeGreaterThan(0.94);
    expect(r.bestValue).toBeLessThanOrEqual(1);
    const p = r.bestParams;
    expect(p.lambda_l1 as number).toBeGreaterThanOrEqual(1e-8);
    expect(p.lambda_l1 as number).toBeLessThanOrEqual(10);
    expect(p.num_leaves as number).toBeGreaterThanOrEqual(2);
    expect(p.num_leaves as number).toBeLessThanOrEqual(256);
    expect(p.feature_fraction as number).toBeGreaterThanOrEqual(0.4);
    expect(p.bagging_freq as number).toBeGreaterThanOrEqual(1);
    expect(p.min_child_samples as number).toBeGreaterThanOrEqual(5);
    expect(p.learning_rate as number).toBeGreaterThanOrEqual(0.005);
    expect(p.learning_rate as number).toBeLessThanOrEqual(0.3);
    const md = p.max_depth as number;
    expect(md === -1 || (md >= 3 && md <= 12)).toBe(true);
    expect(r.bestIteration).toBeGreaterThan(0);
    expect(r.bestIteration).toBeLessThanOrEqual(300);
    // every trial reported its rounds and stored its params and best round
    for (const t of r.study.trials) {
      expect(t.intermediateValues.size).toBeGreaterThan(0);
      if (t.state === 'COMPLETE') {
        expect(t.userAttrs[PARAMS_ATTR]).toBeTypeOf('object');
        expect(t.userAttrs[BEST_ITERATION_ATTR]).toBeTypeOf('number');
      }
    }
    expect(r.booster).not.toBeNull();
    const pred = r.booster!.predict(data) as string[];
    let ok = 0;
    const cls = data.target!.classes!;
    for (let i = 0; i < pred.length; i++) if (pred[i] === cls[data.target!.classIndex![i]]) ok++;
    expect(ok / pred.length).toBeGreaterThan(0.95);
    expect(r.booster!.model.trees.length).toBe(r.bestIteration);
  });

  it('a strict pruner prunes some trials of a 20-trial run', async () => {
    const data = await readCsv(BC);
    const r = await tuneGbdt(data, {
      nTrials: 20,
      nFolds: 3,
      seed: 1,
      maxRounds: 100,
      earlyStoppingRounds: 10,
      sampler: 'random',
      pruner: new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 2 }),
      refit: false,
    });
    const states = r.study.trials.map((t) => t.state);
    const pruned = states.filter((s) => s === 'PRUNED').length;
    expect(pruned).toBeGreaterThan(0);
    expect(states.filter((s) => s === 'COMPLETE').length).toBeGreaterThan(0);
    expect(r.booster).toBeNull();
  });

  it('with nJobs 2 the workers prune by the median rule: each pruned trial reported every round, and its last round is below the median of trials completed before it', async () => {
    const data = await readCsv(BC);
    const pruner = new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 2 });
    const r = await tuneGbdt(data, { nTrials: 24, nFolds: 3, seed: 2, maxRounds: 100, earlyStoppingRounds: 10, sampler: 'random', pruner, nJobs: 2, refit: false, foldPruning: false });
    const trials = r.study.trials;
    const pruned = trials.filter((t) => t.state === 'PRUNED');
    expect(pruned.length).toBeGreaterThan(0);
    const complete = trials.filter((t) => t.state === 'COMPLETE').sort((a, b) => a.datetimeComplete!.getTime() - b.datetimeComplete!.getTime());
    for (const t of pruned) {
      const steps = [...t.intermediateValues.keys()];
      expect(steps).toEqual(steps.map((_, i) => i));
      // the worker's thresholds counted the trials completed before it stopped (all of them, or all
      // but the last few when one completed while it ran): for some such prefix, prune() agrees
      const before = complete.filter((c) => c.datetimeComplete!.getTime() <= t.datetimeComplete!.getTime());
      let agrees = false;
      for (let m = before.length; m >= 0 && !agrees; m--) {
        const view = { ...r.study.view, directions: r.study.directions, getTrials: () => before.slice(0, m) };
        agrees = pruner.prune(view, t);
      }
      expect(agrees, `trial ${t.number} pruned at step ${steps.length - 1}`).toBe(true);
    }
  });

  it('an abort signal stops the study after the running trial; finished trials are kept', async () => {
    const data = await readCsv(BC);
    const ac = new AbortController();
    const r = await tuneGbdt(data, {
      nTrials: 50,
      nFolds: 3,
      maxRounds: 40,
      earlyStoppingRounds: 10,
      signal: ac.signal,
      refit: false,
      onTrial: (t) => {
        if (t.number === 2) ac.abort();
      },
    });
    expect(r.nTrialsRun).toBe(3);
    expect(r.study.trials.map((t) => t.state).filter((s) => s === 'RUNNING')).toEqual([]);
  });

  it('regression: tunes l2, minimizing, on a Dataset from columns', async () => {
    const { Dataset } = await import('../../src/data/dataset.js');
    const { Rng } = await import('../../src/core/rng.js');
    const rng = new Rng(5);
    const a: number[] = [];
    const b: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 300; i++) {
      a.push(rng.random());
      b.push(rng.random());
      y.push(3 * a[i] + Math.sin(6 * b[i]) + 0.1 * rng.random());
    }
    const d = Dataset.fromColumns({ a, b, target: y }, { target: 'target' });
    const r = await tuneGbdt(d, { nTrials: 4, nFolds: 3, maxRounds: 80, earlyStoppingRounds: 10, seed: 1 });
    expect(r.metric).toBe('l2');
    expect(r.direction).toBe('minimize');
    // against the naive reference (predict the mean: l2 = the target's variance) a tuned model explains most of it
    const mean = y.reduce((p, v) => p + v, 0) / y.length;
    const variance = y.reduce((p, v) => p + (v - mean) ** 2, 0) / y.length;
    expect(r.bestValue).toBeLessThan(0.4 * variance);
    expect(r.bestValue).toBeGreaterThan(0);
  });

  it("regression objectives: the tuned value is cv's value of the metric with the run's params (alpha included)", async () => {
    const { BinnedDataset } = await import('../../src/data/binned-dataset.js');
    const { kFold } = await import('../../src/data/split.js');
    const { cv } = await import('../../src/gbdt/boosting/cv.js');
    const data = await readCsv('datasets/diabetes.csv');
    const space = { num_leaves: { fixed: 7 }, learning_rate: { fixed: 0.1 } };
    const run = (objective: 'quantile' | 'regression', metric?: string) =>
      tuneGbdt(data, { nTrials: 1, nFolds: 3, seed: 1, maxRounds: 30, refit: false, searchSpace: space, params: { objective, alpha: 0.25 }, ...(metric !== undefined ? { metric } : {}) });
    // the objective's own metric by default; the quantile metric takes the run's alpha
    const q = await run('quantile');
    expect([q.metric, q.direction]).toEqual(['quantile', 'minimize']);
    const binned = BinnedDataset.fromDataset(data, { feature_pre_filter: false });
    const folds = kFold(data.nRows, 3, { shuffle: true, seed: 1 });
    const base = { objective: 'quantile', alpha: 0.25, num_leaves: 7, learning_rate: 0.1, num_iterations: 30, early_stopping_round: 50, seed: 1, verbosity: -1 } as const;
    expect(q.bestValue).toBe(cv({ ...base, metric: 'quantile' }, binned, { folds }).best.quantile.mean);
    const l2 = await run('regression', 'quantile');
    expect(l2.bestValue).toBe(cv({ ...base, objective: 'regression', metric: 'quantile' }, binned, { folds }).best.quantile.mean);
    expect(l2.bestValue).not.toBe(cv({ ...base, objective: 'regression', alpha: 0.9, metric: 'quantile' }, binned, { folds }).best.quantile.mean);
  });

  it('refuses, before any trial, a target the objective or the tuned metric cannot take', async () => {
    const { TunerError } = await import('../../src/core/errors.js');
    const data = await readCsv('datasets/diabetes.csv');
    let trials = 0;
    const onTrial = () => void trials++;
    await expect(tuneGbdt(data, { nTrials: 2, refit: false, params: { objective: 'xentropy' }, onTrial })).rejects.toThrow(TunerError);
    await expect(tuneGbdt(data, { nTrials: 2, refit: false, metric: 'kullback_leibler', onTrial })).rejects.toThrow(/metric kullback_leibler cannot score the target: metric kullback_leibler: label of row 0 is 151/);
    expect(trials).toBe(0);
  });

  it('ranking: lambdarank on the query groups, maximizing ndcg@1 over group folds; with worker threads too', async () => {
    const { cv } = await import('../../src/gbdt/boosting/cv.js');
    const RANK = 'test/fixtures/lightgbm/rank_queries.csv';
    const opts = { group: 'qid', nTrials: 2, nFolds: 3, maxRounds: 15, earlyStoppingRounds: 5, seed: 2, sampler: 'random' as const, refit: false };
    for (const nJobs of [1, 2]) {
      const r = await tuneGbdt(RANK, { ...opts, nJobs });
      expect(r.metric).toBe('ndcg@1');
      expect(r.direction).toBe('maximize');
      // each trial's value is cv's on the same data (group folds), at its best round
      const t = r.study.trials[0]!;
      const data = await readCsv(RANK, { group: 'qid' });
      const again = cv({ ...(t.userAttrs[PARAMS_ATTR] as Record<string, unknown>), objective: 'lambdarank', metric: 'ndcg', eval_at: [1], seed: 2, verbosity: -1, num_iterations: t.userAttrs[BEST_ITERATION_ATTR] as number }, data, { nfold: 3 });
      expect(t.value).toBe(again.best['ndcg@1']!.mean);
    }
    const r5 = await tuneGbdt(RANK, { ...opts, metric: 'ndcg@5', params: { eval_at: [3] } });
    expect(r5.metric).toBe('ndcg@5');
    await expect(tuneGbdt(RANK, { ...opts, group: undefined, objective: 'lambdarank' })).rejects.toThrow(/objective lambdarank needs query groups/);
  });
});
