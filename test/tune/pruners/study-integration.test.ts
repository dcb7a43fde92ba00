/**
 * The pruners inside real studies (createStudy / optimize / trial.report / trial.shouldPrune):
 * the same trial-by-trial outcome as Optuna on the reference curves, rungs stored in the trials'
 * system attrs, and Hyperband's per-bracket view handed to the sampler.
 */
import { describe, expect, it } from 'vitest';
import { TrialPruned } from '../../../src/core/errors.js';
import type { Pruner } from '../../../src/tune/pruners/base.js';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband.js';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import { SuccessiveHalvingPruner } from '../../../src/tune/pruners/successive-halving.js';
import type { Sampler } from '../../../src/tune/samplers/base.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import type { StudyView } from '../../../src/tune/study/study-view.js';
import type { StudyDirection } from '../../../src/tune/trial/frozen-trial.js';
import { refCurve } from './helpers.js';
import { OPTUNA_REFERENCE } from './optuna-reference.data.js';

async function runStudy(pruner: Pruner, direction: StudyDirection, studyName: string, nTrials: number, nSteps: number, sampler?: Sampler) {
  const study = await createStudy({ direction, pruner, studyName, sampler: sampler ?? new RandomSampler({ seed: 0 }) });
  await study.optimize(
    (trial) => {
      trial.suggestFloat('x', 0, 1);
      let v = 0;
      for (let s = 0; s < nSteps; s++) {
        v = direction === 'MINIMIZE' ? refCurve(trial.number, s) : -refCurve(trial.number, s);
        trial.report(v, s);
        if (trial.shouldPrune()) throw new TrialPruned();
      }
      return v;
    },
    { nTrials },
  );
  return study;
}

const lastStepOf = (iv: ReadonlyMap<number, number>) => Math.max(...iv.keys());

describe('pruners in a study', () => {
  it.each([
    ['median_min', () => new MedianPruner(), 'MINIMIZE', 'ref-study', 40, 30],
    ['sh_max_r1_rf2', () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), 'MAXIMIZE', 'ref-study', 40, 30],
    ['hb_min', () => new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }), 'MINIMIZE', 'hb-study', 60, 27],
  ] as const)('%s prunes the same trials at the same steps as Optuna', async (key, make, direction, name, nTrials, nSteps) => {
    const study = await runStudy(make(), direction, name, nTrials, nSteps);
    const got = study.trials.map((t) => [t.number, t.state, lastStepOf(t.intermediateValues)]);
    expect(got).toEqual(OPTUNA_REFERENCE[key]);
  });

  it('SuccessiveHalvingPruner stores completed rungs in the trials', async () => {
    const study = await runStudy(new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), 'MINIMIZE', 'rungs', 12, 10);
    const t0 = study.trials[0];
    // the first trial is promoted at every rung it reaches: steps 1, 2, 4, 8
    expect(t0.systemAttrs).toMatchObject({
      completed_rung_0: refCurve(0, 1),
      completed_rung_1: refCurve(0, 2),
      completed_rung_2: refCurve(0, 4),
      completed_rung_3: refCurve(0, 8),
    });
    for (const t of study.trials) {
      if (t.state === 'PRUNED') expect(Object.keys(t.systemAttrs).some((k) => k.startsWith('completed_rung_'))).toBe(true);
    }
  });

  it("HyperbandPruner gives the sampler only the trial's bracket", async () => {
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
    const seen: { trial: number; visible: number[] }[] = [];
    class Spy extends RandomSampler {
      override sampleIndependent(study: StudyView, trial: Parameters<RandomSampler['sampleIndependent']>[1], name: string, d: Parameters<RandomSampler['sampleIndependent']>[3]) {
        seen.push({ trial: trial.number, visible: study.getTrials({ states: ['COMPLETE', 'PRUNED'] }).map((t) => t.number) });
        return super.sampleIndependent(study, trial, name, d);
      }
    }
    await runStudy(pruner, 'MINIMIZE', 'bracket-view', 30, 9, new Spy({ seed: 1 }));
    expect(pruner.numBrackets).toBe(3);
    const later = seen.filter((s) => s.trial > 1);
    expect(later.length).toBeGreaterThan(0);
    for (const s of later) {
      const b = pruner.bracketId('bracket-view', s.trial);
      for (const n of s.visible) expect(pruner.bracketId('bracket-view', n)).toBe(b);
    }
  });
});
