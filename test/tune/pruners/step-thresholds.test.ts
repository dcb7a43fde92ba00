import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { prunedByThreshold, type Pruner } from '../../../src/tune/pruners/base.js';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import { NopPruner } from '../../../src/tune/pruners/nop.js';
import { PercentilePruner } from '../../../src/tune/pruners/percentile.js';
import { SuccessiveHalvingPruner } from '../../../src/tune/pruners/successive-halving.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import { nanExtreme } from '../../../src/tune/pruners/util.js';
import type { StudyDirection } from '../../../src/tune/trial/frozen-trial.js';
import { FakeStudy, makeTrial } from './helpers.js';

/**
 * For a trial reporting `values` at steps 0, 1, ...: at every step, the decision `prune` takes
 * against the study and the one the thresholds give (the trial's best value so far against the
 * step's threshold). Returns the steps where they differ.
 */
function disagreements(pruner: Pruner, study: FakeStudy, values: readonly number[]): number[] {
  const maximize = study.directions[0] === 'MAXIMIZE';
  const number = study.trials.length;
  const thresholds = pruner.stepThresholds!(study, makeTrial({ number, state: 'RUNNING', values: null }), values.length);
  expect(thresholds.length).toBe(values.length);
  const out: number[] = [];
  for (let s = 0; s < values.length; s++) {
    const trial = makeTrial({ number, state: 'RUNNING', values: null, intermediate: values.slice(0, s + 1) });
    const best = nanExtreme(values.slice(0, s + 1), maximize ? 'max' : 'min');
    if (pruner.prune(study, trial) !== prunedByThreshold(thresholds[s], best, maximize)) out.push(s);
  }
  return out;
}

describe('Pruner.stepThresholds', () => {
  it("PercentilePruner's thresholds take prune's decision at every step, over random studies and options", () => {
    const rng = new Rng(7);
    const r = (): number => rng.random();
    let checked = 0;
    let pruned = 0;
    for (let k = 0; k < 120; k++) {
      const direction: StudyDirection = r() < 0.5 ? 'MAXIMIZE' : 'MINIMIZE';
      const pruner = new PercentilePruner(Math.floor(r() * 101), {
        nStartupTrials: Math.floor(r() * 4),
        nWarmupSteps: Math.floor(r() * 5),
        intervalSteps: 1 + Math.floor(r() * 3),
        nMinTrials: 1 + Math.floor(r() * 3),
      });
      // finished trials of several lengths (some stopped early), a few NaN values, some not COMPLETE
      const study = new FakeStudy([], [direction]);
      const nDone = Math.floor(r() * 8);
      const nSteps = 4 + Math.floor(r() * 12);
      const randomValues = (len: number): number[] => Array.from({ length: len }, () => (r() < 0.05 ? NaN : Math.round(r() * 20) / 4));
      for (let n = 0; n < nDone; n++) {
        const iv = randomValues(1 + Math.floor(r() * nSteps));
        const state = r() < 0.7 ? 'COMPLETE' : 'PRUNED';
        study.trials.push(makeTrial({ number: n, state, intermediate: iv, value: state === 'COMPLETE' ? iv[iv.length - 1] : null }));
      }
      const values = r() < 0.05 ? Array.from({ length: nSteps }, () => NaN) : randomValues(nSteps);
      expect(disagreements(pruner, study, values)).toEqual([]);
      // the same pruner after more trials completed (its per-study cache grows)
      study.trials.push(makeTrial({ number: study.trials.length, intermediate: randomValues(nSteps), value: 1 }));
      expect(disagreements(pruner, study, values)).toEqual([]);
      checked += 2 * nSteps;
      const th = pruner.stepThresholds(study, makeTrial({ number: 99, state: 'RUNNING', values: null }), nSteps);
      for (let s = 0; s < nSteps; s++) if (prunedByThreshold(th[s], values[s], direction === 'MAXIMIZE')) pruned++;
    }
    // the check sees both outcomes many times
    expect(checked).toBeGreaterThan(1000);
    expect(pruned).toBeGreaterThan(100);
  });

  it('MedianPruner: the median of the COMPLETE trials at each step, NaN in the warmup and until nStartupTrials completed', () => {
    const study = new FakeStudy(
      [
        makeTrial({ number: 0, intermediate: [1, 2, 3] }),
        makeTrial({ number: 1, intermediate: [3, 4, 5] }),
        makeTrial({ number: 2, intermediate: [5, 6] }),
        makeTrial({ number: 3, state: 'PRUNED', values: null, intermediate: [0, 0, 0] }),
      ],
      ['MAXIMIZE'],
    );
    const t = makeTrial({ number: 4, state: 'RUNNING', values: null });
    expect([...new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 1 }).stepThresholds(study, t, 4)]).toEqual([NaN, 4, 4, -Infinity]);
    expect([...new MedianPruner({ nStartupTrials: 4 }).stepThresholds(study, t, 3)]).toEqual([NaN, NaN, NaN]);
    // minimizing, a step no COMPLETE trial reached prunes only an all-NaN trial
    const minimize = new FakeStudy(study.trials, ['MINIMIZE']);
    expect([...new MedianPruner({ nStartupTrials: 1 }).stepThresholds(minimize, t, 4)]).toEqual([3, 4, 4, Infinity]);
    expect(prunedByThreshold(Infinity, 100, false)).toBe(false);
    expect(prunedByThreshold(Infinity, NaN, false)).toBe(true);
    expect(prunedByThreshold(NaN, NaN, false)).toBe(false);
  });

  it('NopPruner never prunes; pruners with rungs or patience give none', () => {
    const study = new FakeStudy([makeTrial({ number: 0, intermediate: [1, 2] })]);
    const th = new NopPruner().stepThresholds(study, makeTrial({ number: 1, state: 'RUNNING', values: null }), 5);
    expect([...th]).toEqual([NaN, NaN, NaN, NaN, NaN]);
    expect((new SuccessiveHalvingPruner() as Pruner).stepThresholds).toBeUndefined();
  });

  it('Trial.stepThresholds asks the study pruner, and is null for a pruner without them or several objectives', async () => {
    const study = await createStudy({ direction: 'maximize', pruner: new MedianPruner({ nStartupTrials: 1 }) });
    await study.optimize(
      (trial) => {
        for (let s = 0; s < 3; s++) trial.report(s * 10, s);
        return 1;
      },
      { nTrials: 2 },
    );
    const trial = await study.ask();
    expect([...(trial.stepThresholds(4) as Float64Array)]).toEqual([0, 10, 20, -Infinity]);
    const sh = await createStudy({ pruner: new SuccessiveHalvingPruner() });
    expect((await sh.ask()).stepThresholds(4)).toBeNull();
    const multi = await createStudy({ directions: ['minimize', 'minimize'] });
    expect((await multi.ask()).stepThresholds(4)).toBeNull();
  });
});
