/**
 * Whole-loop agreement with Optuna: the same deterministic learning curves run through Optuna 3.1's
 * pruners (whose pruning code is unchanged in 4.x) and through ours must prune the same trials at
 * the same steps. The reference came from this script, run with /usr/bin/python3:
 *
 *   def f(n, s): return ((n * 7919) % 13) / 13.0 + 1.0 / (s + 1) + 0.01 * ((n * s) % 5)
 *   study = optuna.create_study(study_name=name, direction=direction, pruner=pruner)
 *   objective: for s in range(n_steps): trial.report(±f(n, s), s); prune if trial.should_prune()
 *   record [t.number, t.state.name, t.last_step] for every trial
 */
import { describe, expect, it } from 'vitest';
import type { Pruner } from '../../../src/tune/pruners/base.js';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband.js';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import { PatientPruner } from '../../../src/tune/pruners/patient.js';
import { PercentilePruner } from '../../../src/tune/pruners/percentile.js';
import { SuccessiveHalvingPruner } from '../../../src/tune/pruners/successive-halving.js';
import type { StudyDirection } from '../../../src/tune/trial/frozen-trial.js';
import { refCurve, simulate } from './helpers.js';
import { OPTUNA_REFERENCE } from './optuna-reference.data.js';

interface Case {
  key: string;
  make: () => Pruner;
  direction: StudyDirection;
  nTrials?: number;
  nSteps?: number;
  studyName?: string;
}

const cases: Case[] = [
  { key: 'median_min', make: () => new MedianPruner(), direction: 'MINIMIZE' },
  {
    key: 'median_max_warm',
    make: () => new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 5, intervalSteps: 3 }),
    direction: 'MAXIMIZE',
  },
  { key: 'percentile25_min', make: () => new PercentilePruner(25, { nStartupTrials: 2, nMinTrials: 3 }), direction: 'MINIMIZE' },
  { key: 'sh_min', make: () => new SuccessiveHalvingPruner(), direction: 'MINIMIZE' },
  { key: 'sh_max_r1_rf2', make: () => new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 }), direction: 'MAXIMIZE' },
  {
    key: 'sh_boot',
    make: () => new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1, bootstrapCount: 2 }),
    direction: 'MINIMIZE',
  },
  {
    key: 'hb_min',
    make: () => new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 }),
    direction: 'MINIMIZE',
    nTrials: 60,
    nSteps: 27,
    studyName: 'hb-study',
  },
  { key: 'hb_auto_max', make: () => new HyperbandPruner(), direction: 'MAXIMIZE', nTrials: 60, nSteps: 27, studyName: 'hb-auto' },
  { key: 'patient_median', make: () => new PatientPruner(new MedianPruner(), { patience: 2 }), direction: 'MINIMIZE' },
  { key: 'patient_none', make: () => new PatientPruner(null, { patience: 3, minDelta: 0 }), direction: 'MINIMIZE' },
];

describe('pruners agree with Optuna trial by trial', () => {
  it.each(cases)('$key', ({ key, make, direction, nTrials = 40, nSteps = 30, studyName = 'ref-study' }) => {
    const got = simulate(make(), direction, refCurve, { nTrials, nSteps, studyName });
    const expected = OPTUNA_REFERENCE[key];
    expect(expected).toBeDefined();
    expect(got).toEqual(expected);
  });

  it.each(cases.filter((c) => c.key.startsWith('sh_') || c.key.startsWith('hb_')))(
    '$key also without trial system-attr writes (in-memory rungs)',
    ({ key, make, direction, nTrials = 40, nSteps = 30, studyName = 'ref-study' }) => {
      const got = simulate(make(), direction, refCurve, { nTrials, nSteps, studyName, writable: false });
      expect(got).toEqual(OPTUNA_REFERENCE[key]);
    },
  );
});
