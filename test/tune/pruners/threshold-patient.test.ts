import { describe, expect, it } from 'vitest';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import { NopPruner } from '../../../src/tune/pruners/nop.js';
import { PatientPruner } from '../../../src/tune/pruners/patient.js';
import { ThresholdPruner } from '../../../src/tune/pruners/threshold.js';
import { FakeStudy, makeTrial, running, studyWith } from './helpers.js';

describe('ThresholdPruner', () => {
  const study = new FakeStudy([]);
  const t = (iv: number[]) => makeTrial({ number: 0, state: 'RUNNING', values: null, intermediate: iv });

  it('prunes when the latest value leaves [lower, upper] or is NaN', () => {
    const upper = new ThresholdPruner({ upper: 1 });
    expect(upper.prune(study, t([0, 0.1, 0.2, 0.5]))).toBe(false);
    expect(upper.prune(study, t([0, 0.1, 0.2, 0.5, 1.2]))).toBe(true);
    expect(upper.prune(study, t([2, 0.5]))).toBe(false); // only the latest value counts
    const lower = new ThresholdPruner({ lower: 0 });
    expect(lower.prune(study, t([100, 90, 0.1, 0]))).toBe(false);
    expect(lower.prune(study, t([100, 90, 0.1, 0, -1]))).toBe(true);
    expect(lower.prune(study, t([1, NaN]))).toBe(true);
  });

  it('respects nWarmupSteps and intervalSteps', () => {
    const p = new ThresholdPruner({ upper: 1, nWarmupSteps: 2, intervalSteps: 2 });
    expect(p.prune(study, t([5, 5]))).toBe(false);
    expect(p.prune(study, t([5, 5, 5]))).toBe(true);
    expect(p.prune(study, t([5, 5, 5, 5]))).toBe(false);
  });

  it('needs lower or upper, and lower <= upper', () => {
    expect(() => new ThresholdPruner({})).toThrow(/lower or upper/);
    expect(() => new ThresholdPruner({ lower: 2, upper: 1 })).toThrow(/lower \(2\)/);
  });
});

describe('PatientPruner', () => {
  it('without a wrapped pruner stops when no improvement beyond minDelta for `patience` steps', () => {
    const study = studyWith([]);
    const p = new PatientPruner(null, { patience: 2 });
    // best before the last 3 steps: 1.0; best within them: 1.1 -> no improvement -> prune
    expect(p.prune(study, running(study, [3, 2, 1, 1.1, 1.2, 1.3]))).toBe(true);
    expect(p.prune(study, running(study, [3, 2, 1, 1.1, 0.9, 1.3]))).toBe(false);
    // not enough steps yet
    expect(p.prune(study, running(study, [3, 4, 5]))).toBe(false);
    // minDelta: prune only when min(before) + minDelta < min(after)
    const d = new PatientPruner(null, { patience: 1, minDelta: 0.1 });
    expect(d.prune(study, running(study, [1, 1.05, 1.05]))).toBe(false); // 1 + 0.1 < 1.05 is false
    expect(d.prune(study, running(study, [1, 1.2, 1.2]))).toBe(true);
  });

  it('maximizes with the mirrored rule and ignores NaN', () => {
    const study = studyWith([], 'MAXIMIZE');
    const p = new PatientPruner(null, { patience: 1 });
    expect(p.prune(study, running(study, [1, 2, 1.5, 1.8]))).toBe(true);
    expect(p.prune(study, running(study, [1, 2, 1.5, 2.5]))).toBe(false);
    expect(p.prune(study, running(study, [NaN, NaN, 1, 1]))).toBe(false); // all-NaN before: never
    expect(p.prune(study, running(study, [NaN, 3, NaN, 1]))).toBe(true);
  });

  it('defers to the wrapped pruner once patience runs out', () => {
    const study = studyWith([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
    const withNop = new PatientPruner(new NopPruner(), { patience: 1 });
    expect(withNop.prune(study, running(study, [2, 3, 3]))).toBe(false);
    const withMedian = new PatientPruner(new MedianPruner(), { patience: 1 });
    expect(withMedian.prune(study, running(study, [2, 3, 3]))).toBe(true);
    // improving: the median pruner is not even asked
    expect(withMedian.prune(study, running(study, [3, 2, 1.5]))).toBe(false);
  });

  it('rejects bad options', () => {
    expect(() => new PatientPruner(null, { patience: -1 })).toThrow(/patience/);
    expect(() => new PatientPruner(null, { patience: 1, minDelta: -0.1 })).toThrow(/minDelta/);
  });
});
