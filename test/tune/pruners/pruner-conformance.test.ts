/**
 * The pruner conformance suite over every registered pruner, each built through the registry
 * (`createPruner`). A registered name without a factory here fails the coverage test.
 */
import { describe, expect, it } from 'vitest';
import type { Pruner } from '../../../src/tune/pruners/base.js';
import { createPruner, PRUNER_NAMES, type PrunerName } from '../../../src/tune/pruners/registry.js';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import type { StudyDirection } from '../../../src/tune/trial/frozen-trial.js';
import { FakeStudy, makeTrial, refCurve, simulate } from './helpers.js';
import { captureLogs } from '../../../src/core/log.js';
import { coveringFactories } from '../../helpers/registry-coverage.js';

interface Factory {
  name: string;
  make: (direction: StudyDirection) => Pruner;
  /** The pruner's warmup setting, when it has one, and a factory that sets it. */
  warmup?: (steps: number) => Pruner;
  /** False for pruners that never prune. */
  prunes: boolean;
}

const BY_NAME: Record<PrunerName, Factory[]> = {
  nop: [{ name: 'nop', make: () => createPruner('nop'), prunes: false }],
  median: [
    {
      name: 'median',
      make: () => createPruner('median', { nStartupTrials: 2 }),
      warmup: (w) => createPruner('median', { nStartupTrials: 2, nWarmupSteps: w }),
      prunes: true,
    },
  ],
  percentile: [
    {
      name: 'percentile',
      make: () => createPruner('percentile', { percentile: 30, nStartupTrials: 2 }),
      warmup: (w) => createPruner('percentile', { percentile: 30, nStartupTrials: 2, nWarmupSteps: w }),
      prunes: true,
    },
  ],
  'successive-halving': [{ name: 'successive-halving', make: () => createPruner('successive-halving', { minResource: 1 }), prunes: true }],
  hyperband: [{ name: 'hyperband', make: () => createPruner('hyperband', { maxResource: 20 }), prunes: true }],
  threshold: [
    {
      name: 'threshold',
      // the curves of the bad trials stay above 1.3 for minimization and below -1.3 for maximization
      make: (d) => (d === 'MINIMIZE' ? createPruner('threshold', { upper: 1.3 }) : createPruner('threshold', { lower: -1.3 })),
      warmup: (w) => createPruner('threshold', { upper: 1.3, nWarmupSteps: w }),
      prunes: true,
    },
  ],
  patient: [{ name: 'patient', make: () => createPruner('patient', { patience: 1, wrappedPruner: new MedianPruner({ nStartupTrials: 2 }) }), prunes: true }],
  wilcoxon: [{ name: 'wilcoxon', make: () => createPruner('wilcoxon', { pThreshold: 0.2 }), prunes: true }],
};

const factories = coveringFactories('pruner', PRUNER_NAMES, BY_NAME);

/** Curves where half the trials are clearly bad (offset 1) and some plateau, so every pruner fires. */
function curve(n: number, s: number): number {
  const bad = n % 2 === 1 ? 1 : 0;
  return bad + 0.5 / (s + 1) + 0.02 * ((n * 3 + s) % 4) + (n % 4 === 3 && s > 3 ? 0.3 : 0);
}

describe.each(factories)('pruner conformance: $name', ({ make, warmup, prunes }) => {
  it('never prunes a trial that reported nothing', () => {
    for (const direction of ['MINIMIZE', 'MAXIMIZE'] as const) {
      const pruner = make(direction);
      const study = new FakeStudy(
        Array.from({ length: 8 }, (_, i) => makeTrial({ number: i, intermediate: [1, 2, 3, 4, 5], value: 5 })),
        [direction],
      );
      const t = makeTrial({ number: 8, state: 'RUNNING', values: null });
      expect(pruner.prune(study, t)).toBe(false);
    }
  });

  it('returns a boolean and is deterministic', () => {
    for (const direction of ['MINIMIZE', 'MAXIMIZE'] as const) {
      let r1: ReturnType<typeof simulate> = [];
      let r2: ReturnType<typeof simulate> = [];
      captureLogs(() => {
        r1 = simulate(make(direction), direction, curve, { nTrials: 24, nSteps: 20 });
        r2 = simulate(make(direction), direction, curve, { nTrials: 24, nSteps: 20 });
      });
      expect(r1).toEqual(r2);
      expect(r1.every(([, state]) => state === 'COMPLETE' || state === 'PRUNED')).toBe(true);
      const study = new FakeStudy(
        Array.from({ length: 6 }, (_, i) => makeTrial({ number: i, intermediate: [1, 1, 1], value: 1 })),
        [direction],
      );
      const verdict = make(direction).prune(study, makeTrial({ number: 6, state: 'RUNNING', values: null, intermediate: [3, 3, 3] }));
      expect(typeof verdict).toBe('boolean');
    }
  });

  it('works for both directions: prunes the bad trials, keeps the best one', () => {
    for (const direction of ['MINIMIZE', 'MAXIMIZE'] as const) {
      let res: ReturnType<typeof simulate> = [];
      captureLogs(() => {
        res = simulate(make(direction), direction, curve, { nTrials: 24, nSteps: 20 });
      });
      const pruned = res.filter(([, s]) => s === 'PRUNED').map(([n]) => n);
      if (!prunes) {
        expect(pruned).toEqual([]);
        continue;
      }
      expect(pruned.length).toBeGreaterThan(0);
      // trial 0 (a good curve, first to complete) is never pruned
      expect(res[0]?.[1]).toBe('COMPLETE');
      // most pruned trials are bad ones (odd numbers)
      const bad = pruned.filter((n) => n % 2 === 1).length;
      expect(bad / pruned.length).toBeGreaterThanOrEqual(0.5);
    }
  });

  if (warmup !== undefined) {
    it('respects its warmup steps', () => {
      const w = 6;
      const res = simulate(warmup(w), 'MINIMIZE', curve, { nTrials: 24, nSteps: 20 });
      for (const [, state, last] of res) if (state === 'PRUNED') expect(last).toBeGreaterThanOrEqual(w);
      expect(res.some(([, s]) => s === 'PRUNED')).toBe(true);
    });
  }
});

describe('pruners on the reference curves', () => {
  it('prune something for every pruning pruner', () => {
    for (const f of factories.filter((x) => x.prunes && x.name !== 'threshold' && x.name !== 'wilcoxon')) {
      const res = simulate(f.make('MINIMIZE'), 'MINIMIZE', refCurve, { nTrials: 30, nSteps: 20 });
      expect(res.some(([, s]) => s === 'PRUNED')).toBe(true);
    }
  });
});
