import { describe, expect, it } from 'vitest';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import { PercentilePruner } from '../../../src/tune/pruners/percentile.js';
import { isFirstInIntervalStep, nanPercentile } from '../../../src/tune/pruners/util.js';
import { TunerError } from '../../../src/core/errors.js';
import { FakeStudy, makeTrial, running, studyWith } from './helpers.js';

describe('nanPercentile', () => {
  it("matches numpy.nanpercentile (method 'linear')", () => {
    // numpy 1.24: np.nanpercentile([3, 1, nan, 2, 10], [50, 25, 75, 10, 90, 0, 100, 33.3])
    const xs = [3, 1, NaN, 2, 10];
    const qs = [50, 25, 75, 10, 90, 0, 100, 33.3];
    const expected = [2.5, 1.75, 4.75, 1.3, 7.900000000000001, 1.0, 10.0, 1.9989999999999999];
    qs.forEach((q, i) => expect(nanPercentile(xs, q)).toBeCloseTo(expected[i], 12));
    expect(nanPercentile([NaN, NaN], 50)).toBeNaN();
  });
});

describe('isFirstInIntervalStep', () => {
  it('opens a check at warmup + k * interval, postponed to the next report', () => {
    // warmup 2, interval 3: check points 2, 5, 8, ...
    expect(isFirstInIntervalStep(2, [0, 1, 2], 2, 3)).toBe(true);
    expect(isFirstInIntervalStep(3, [0, 1, 2, 3], 2, 3)).toBe(false);
    expect(isFirstInIntervalStep(5, [0, 1, 2, 3, 4, 5], 2, 3)).toBe(true);
    // no report at 5: the check moves to 6
    expect(isFirstInIntervalStep(6, [0, 2, 4, 6], 2, 3)).toBe(true);
    expect(isFirstInIntervalStep(7, [0, 2, 4, 6, 7], 2, 3)).toBe(false);
  });
});

describe('MedianPruner / PercentilePruner', () => {
  const five = [
    [1, 0.9, 0.8],
    [2, 1.8, 1.6],
    [3, 2.7, 2.4],
    [4, 3.6, 3.2],
    [5, 4.5, 4.0],
  ];

  it('prunes above the median of the other trials at the same step (minimize)', () => {
    const study = studyWith(five);
    const pruner = new MedianPruner();
    // median at step 1 is 2.7; the best value so far counts
    expect(pruner.prune(study, running(study, [3, 2.8]))).toBe(true);
    expect(pruner.prune(study, running(study, [3, 2.6]))).toBe(false);
    expect(pruner.prune(study, running(study, [2.6, 2.8]))).toBe(false); // best so far 2.6 < 2.7
  });

  it('prunes below the median when maximizing, and uses 100 - p for the percentile', () => {
    const study = studyWith(five, 'MAXIMIZE');
    expect(new MedianPruner().prune(study, running(study, [2, 2.6]))).toBe(true);
    expect(new MedianPruner().prune(study, running(study, [2, 2.8]))).toBe(false);
    // 25th percentile kept at the top: cut at the 75th percentile of step 1 = 3.6
    const p25 = new PercentilePruner(25);
    expect(p25.prune(study, running(study, [0, 3.5]))).toBe(true);
    expect(p25.prune(study, running(study, [0, 3.7]))).toBe(false);
  });

  it('interpolates the percentile linearly', () => {
    const study = studyWith(five);
    // 10th percentile of [0.9, 1.8, 2.7, 3.6, 4.5] at step 1: 0.9 + 0.4 * 0.9 = 1.26
    const p = new PercentilePruner(10);
    expect(p.prune(study, running(study, [9, 1.27]))).toBe(true);
    expect(p.prune(study, running(study, [9, 1.25]))).toBe(false);
  });

  it('waits for nStartupTrials COMPLETE trials and nMinTrials values at the step', () => {
    const study = studyWith(five.slice(0, 4));
    expect(new MedianPruner().prune(study, running(study, [100]))).toBe(false);
    expect(new MedianPruner({ nStartupTrials: 4 }).prune(study, running(study, [100]))).toBe(true);
    // only two trials reported step 3
    const s2 = new FakeStudy([
      ...studyWith(five).trials,
      makeTrial({ number: 5, intermediate: [1, 1, 1, 1], value: 1 }),
      makeTrial({ number: 6, intermediate: [1, 1, 1, 1], value: 1 }),
    ]);
    const t = makeTrial({ number: 7, state: 'RUNNING', values: null, intermediate: [9, 9, 9, 9] });
    expect(new MedianPruner({ nMinTrials: 3 }).prune(s2, t)).toBe(false);
    expect(new MedianPruner({ nMinTrials: 2 }).prune(s2, t)).toBe(true);
  });

  it('ignores PRUNED and RUNNING trials', () => {
    const study = new FakeStudy([
      ...studyWith(five).trials,
      ...[5, 6, 7, 8, 9, 10].map((n) => makeTrial({ number: n, state: 'PRUNED', values: null, intermediate: [0, 0] })),
    ]);
    expect(new MedianPruner().prune(study, makeTrial({ number: 11, state: 'RUNNING', values: null, intermediate: [2, 2.5] }))).toBe(false);
  });

  it('handles NaN as Optuna: an all-NaN trial is pruned, NaN of others ignored', () => {
    const study = studyWith([[1, NaN], [2, NaN], [3, 1], [4, 2], [5, 3]]);
    const p = new MedianPruner();
    expect(p.prune(study, running(study, [NaN, NaN]))).toBe(true);
    // median of [1, 2, 3] (NaN ignored) is 2
    expect(p.prune(study, running(study, [NaN, 2.5]))).toBe(true);
    expect(p.prune(study, running(study, [NaN, 1.5]))).toBe(false);
  });

  it('respects nWarmupSteps and intervalSteps', () => {
    const study = studyWith(five.map((r) => [...r, ...r]));
    const p = new MedianPruner({ nWarmupSteps: 2, intervalSteps: 2 });
    expect(p.prune(study, running(study, [9, 9]))).toBe(false); // step 1 < warmup
    expect(p.prune(study, running(study, [9, 9, 9]))).toBe(true); // step 2: a check point
    expect(p.prune(study, running(study, [9, 9, 9, 9]))).toBe(false); // step 3: between checks
    expect(p.prune(study, running(study, [9, 9, 9, 9, 9]))).toBe(true); // step 4
  });

  it('rejects bad options with the value at fault', () => {
    expect(() => new PercentilePruner(101)).toThrow(/percentile \(101\)/);
    expect(() => new MedianPruner({ nStartupTrials: -1 })).toThrow(TunerError);
    expect(() => new MedianPruner({ intervalSteps: 0 })).toThrow(/intervalSteps \(0\)/);
    expect(() => new MedianPruner({ nMinTrials: 0 })).toThrow(/nMinTrials/);
  });

  it('refuses multi-objective studies', () => {
    const study = studyWith(five);
    study.directions = ['MINIMIZE', 'MAXIMIZE'];
    expect(() => new MedianPruner().prune(study, running(study, [1, 2]))).toThrow(/single-objective/);
  });
});
