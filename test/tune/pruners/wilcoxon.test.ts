/**
 * The signed-rank test against SciPy 1.10 (`scipy.stats.wilcoxon(d, alternative=alt,
 * zero_method='zsplit', mode=m)` with /usr/bin/python3, m = 'exact' for n <= 50 without zeros or
 * ties, else 'approx'), and the pruner's decisions on hand-made trials.
 */
import { describe, expect, it } from 'vitest';
import { WilcoxonPruner } from '../../../src/tune/pruners/wilcoxon.js';
import { averageRanks, signedRankPmf, wilcoxonSignedRank } from '../../../src/tune/pruners/wilcoxon-test.js';
import type { WilcoxonAlternative } from '../../../src/tune/pruners/wilcoxon-test.js';
import { captureLogs } from '../../../src/core/log.js';
import { FakeStudy, makeTrial } from './helpers.js';

const N60 = [
  2.064052, 0.700157, 1.278738, 2.540893, 2.167558, -0.677278, 1.250088, 0.148643, 0.196781, 0.710599, 0.444044, 1.754274,
  1.061038, 0.421675, 0.743863, 0.633674, 1.794079, 0.094842, 0.613068, -0.554096, -2.25299, 0.953619, 1.164436, -0.442165,
  2.569755, -1.154366, 0.345759, 0.112816, 1.832779, 1.769359, 0.454947, 0.678163, -0.587786, -1.680796, -0.047912, 0.456349,
  1.530291, 1.50238, -0.087327, -0.002303, -0.748553, -1.120018, -1.40627, 2.250775, -0.209652, -0.138074, -0.952795, 1.07749,
  -1.313898, 0.08726, -0.595467, 0.686902, -0.210805, -0.880632, 0.271818, 0.728332, 0.366517, 0.602472, -0.334322, -0.062741,
];

const CASES: [string, number[], WilcoxonAlternative, 'exact' | 'approx', number, number][] = [
  ['exact small', [1.2, -0.3, 2.5, 0.8], 'greater', 'exact', 9, 0.125],
  ['exact small', [1.2, -0.3, 2.5, 0.8], 'less', 'exact', 9, 0.9375],
  ['exact small', [1.2, -0.3, 2.5, 0.8], 'two-sided', 'exact', 1, 0.25],
  ['exact n=10', [0.5, -1.1, 2.3, 0.7, -0.2, 1.9, 3.1, -0.4, 0.9, 1.4], 'greater', 'exact', 46, 0.0322265625],
  ['exact n=10', [0.5, -1.1, 2.3, 0.7, -0.2, 1.9, 3.1, -0.4, 0.9, 1.4], 'less', 'exact', 46, 0.9755859375],
  ['exact n=10', [0.5, -1.1, 2.3, 0.7, -0.2, 1.9, 3.1, -0.4, 0.9, 1.4], 'two-sided', 'exact', 9, 0.064453125],
  ['ties', [1, 1, -1, 2, 2, 3, -3, 4, 5, 0.5, 0.5, 6], 'greater', 'approx', 65.5, 0.018559600097257063],
  ['ties', [1, 1, -1, 2, 2, 3, -3, 4, 5, 0.5, 0.5, 6], 'less', 'approx', 65.5, 0.9814403999027429],
  ['ties', [1, 1, -1, 2, 2, 3, -3, 4, 5, 0.5, 0.5, 6], 'two-sided', 'approx', 12.5, 0.037119200194514125],
  ['zeros', [0, 0.3, -0.1, 0.8, 1.2, 0, -0.5, 0.9, 1.1, 2.0, 0.4, 0.6], 'greater', 'approx', 67.5, 0.012656759984383287],
  ['zeros', [0, 0.3, -0.1, 0.8, 1.2, 0, -0.5, 0.9, 1.1, 2.0, 0.4, 0.6], 'less', 'approx', 67.5, 0.9873432400156167],
  ['zeros', [0, 0.3, -0.1, 0.8, 1.2, 0, -0.5, 0.9, 1.1, 2.0, 0.4, 0.6], 'two-sided', 'approx', 10.5, 0.025313519968766574],
  ['n=60', N60, 'greater', 'approx', 1267, 0.004780923728781959],
  ['n=60', N60, 'less', 'approx', 1267, 0.9952190762712181],
  ['n=60', N60, 'two-sided', 'approx', 563, 0.009561847457563917],
];

describe('wilcoxonSignedRank', () => {
  it.each(CASES)('%s, %s (%s) matches SciPy', (_name, d, alt, method, stat, p) => {
    const r = wilcoxonSignedRank(d, alt);
    expect(r.method).toBe(method);
    expect(r.statistic).toBeCloseTo(stat, 10);
    expect(r.pValue).toBeCloseTo(p, 12);
    expect(Math.abs(r.pValue - p) / p).toBeLessThan(1e-9);
  });

  it('has a null distribution that sums to 1 and is symmetric', () => {
    for (const n of [1, 5, 20, 50]) {
      const pmf = signedRankPmf(n);
      let s = 0;
      for (let k = 0; k < pmf.length; k++) {
        s += pmf[k];
        expect(pmf[k]).toBeCloseTo(pmf[pmf.length - 1 - k], 15);
      }
      expect(s).toBeCloseTo(1, 12);
    }
    // n = 3: sums 0..6 have counts 1,1,1,2,1,1,1 out of 8
    expect(Array.from(signedRankPmf(3))).toEqual([1, 1, 1, 2, 1, 1, 1].map((c) => c / 8));
  });

  it('ranks ties by their average rank', () => {
    expect(Array.from(averageRanks([3, 1, 3, 2, 3]))).toEqual([4, 1, 4, 2, 4]);
  });
});

describe('WilcoxonPruner', () => {
  /** A study whose best trial (number 0) reported `best` at steps 0..n-1. */
  function studyAround(best: number[], direction: 'MINIMIZE' | 'MAXIMIZE' = 'MINIMIZE') {
    const value = best.reduce((a, b) => a + b, 0) / best.length;
    const worse = direction === 'MINIMIZE' ? value + 100 : value - 100;
    return new FakeStudy(
      [
        makeTrial({ number: 0, intermediate: best, value }),
        makeTrial({ number: 1, intermediate: best.map((x) => x + 50), value: worse }),
      ],
      [direction],
    );
  }
  const cur = (iv: readonly (readonly [number, number])[] | number[]) =>
    makeTrial({ number: 2, state: 'RUNNING', values: null, intermediate: iv });

  it('prunes a trial clearly worse than the best at the same steps', () => {
    const best = [5, 5.1, 4.9, 5.05, 4.95, 5, 5, 5];
    const study = studyAround(best);
    const p = new WilcoxonPruner({ pThreshold: 0.1 });
    // 4 steps, all worse, distinct differences: exact p = 1/16 = 0.0625 < 0.1
    expect(p.prune(study, cur([6, 6.2, 6.1, 6.3]))).toBe(true);
    // 3 steps: p = 1/8 = 0.125 >= 0.1
    expect(p.prune(study, cur([6, 6.2, 6.1]))).toBe(false);
    // mixed: not significant
    expect(p.prune(study, cur([4, 6.2, 4.5, 6.3]))).toBe(false);
    // a stricter threshold needs more evidence
    expect(new WilcoxonPruner({ pThreshold: 0.05 }).prune(study, cur([6, 6.2, 6.1, 6.3]))).toBe(false);
    expect(new WilcoxonPruner({ pThreshold: 0.05 }).prune(study, cur([6, 6.2, 6.1, 6.3, 6.4]))).toBe(true); // 1/32
  });

  it('maximizes with the mirrored alternative, and respects nStartupSteps', () => {
    const best = [1, 2, 3, 4, 5, 6, 7, 8];
    const study = studyAround(best, 'MAXIMIZE');
    expect(new WilcoxonPruner().prune(study, cur([0, 1, 2, 3]))).toBe(true);
    expect(new WilcoxonPruner().prune(study, cur([2, 3, 4, 5]))).toBe(false);
    expect(new WilcoxonPruner({ nStartupSteps: 5 }).prune(study, cur([0, 1, 2, 3]))).toBe(false);
  });

  it('matches steps by number, not order, and ignores steps the best lacks (with a warning)', () => {
    const study = studyAround([1, 2, 3, 4]);
    const p = new WilcoxonPruner({ pThreshold: 0.1 });
    const logs = captureLogs(() => {
      // differences 1.4, 1.1, 1.3, 1.2 (exact p = 1/16); step 9 only counts in the trial's average
      expect(p.prune(study, cur([[3, 5.4], [0, 2.1], [2, 4.3], [1, 3.2], [9, 100]]))).toBe(true);
    });
    expect(logs.some((l) => l.message.includes('lacks'))).toBe(true);
  });

  it('does not prune when its average is at least as good as the best one', () => {
    // own steps 0..3 are worse at shared steps, but an extra very good step makes its mean better
    const study = studyAround([1, 2, 3, 4]);
    const p = new WilcoxonPruner({ pThreshold: 0.1 });
    captureLogs(() => {
      expect(p.prune(study, cur([[0, 2], [1, 3], [2, 4], [3, 5], [10, -100]]))).toBe(false);
    });
  });

  it('never prunes with non-finite values or without a best trial', () => {
    const p = new WilcoxonPruner();
    const logs = captureLogs(() => {
      expect(p.prune(studyAround([1, 2, 3, 4]), cur([9, 9, NaN, 9]))).toBe(false);
      expect(p.prune(new FakeStudy([]), cur([9, 9, 9, 9]))).toBe(false);
      expect(p.prune(new FakeStudy([makeTrial({ number: 0, value: 1 })]), cur([9, 9, 9]))).toBe(false);
    });
    expect(logs.length).toBe(2);
  });

  it('rejects bad options', () => {
    expect(() => new WilcoxonPruner({ pThreshold: 1.5 })).toThrow(/pThreshold/);
    expect(() => new WilcoxonPruner({ nStartupSteps: -1 })).toThrow(/nStartupSteps/);
  });
});
