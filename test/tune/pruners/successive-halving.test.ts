import { describe, expect, it } from 'vitest';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband.js';
import { SuccessiveHalvingPruner } from '../../../src/tune/pruners/successive-halving.js';
import { crc32 } from '../../../src/tune/pruners/hyperband.js';
import type { PrunerTrial } from '../../../src/tune/pruners/base.js';
import { FakeStudy, makeTrial } from './helpers.js';

/** A running trial that records its system attr writes in `written`. */
function writable(number: number, intermediate: number[], attrs: Record<string, unknown> = {}) {
  const written: Record<string, unknown> = {};
  const t: PrunerTrial = {
    ...makeTrial({ number, state: 'RUNNING', values: null, intermediate, systemAttrs: attrs }),
    setSystemAttr: (k, v) => void (written[k] = v),
  };
  return { t, written };
}

describe('SuccessiveHalvingPruner', () => {
  it('records the rung value and promotes the top 1/eta', () => {
    // eta 2, r 1: rung 0 ends at step 1, rung 1 at step 2, rung 2 at step 4
    const others = [0.1, 0.2, 0.3, 0.4, 0.5].map((v, i) =>
      makeTrial({ number: i, intermediate: [v, v], systemAttrs: { completed_rung_0: v } }),
    );
    const study = new FakeStudy(others);
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
    // 6 competing values incl. own 0.25 -> promotable index floor(6/2)-1 = 2 -> 3rd smallest 0.25: promoted
    const a = writable(5, [9, 0.25]);
    expect(pruner.prune(study, a.t)).toBe(false);
    expect(a.written).toEqual({ completed_rung_0: 0.25 });
    // 0.35 is 4th of 6: pruned, but its rung is still recorded
    const b = writable(6, [9, 0.35]);
    expect(pruner.prune(study, b.t)).toBe(true);
    expect(b.written).toEqual({ completed_rung_0: 0.35 });
  });

  it('does nothing before the first rung ends and skips rungs already completed', () => {
    const study = new FakeStudy([makeTrial({ number: 0, intermediate: [0, 0, 0, 0, 0], systemAttrs: { completed_rung_0: 0 } })]);
    const pruner = new SuccessiveHalvingPruner({ minResource: 2, reductionFactor: 2 });
    const early = writable(1, [5]);
    expect(pruner.prune(study, early.t)).toBe(false);
    expect(early.written).toEqual({});
    // rung 0 done (attr present): at step 3 the next rung (step 4) has not ended
    const mid = writable(1, [5, 5, 5, 5], { completed_rung_0: 5 });
    expect(pruner.prune(study, mid.t)).toBe(false);
    expect(mid.written).toEqual({});
  });

  it("estimates minResource 'auto' from the COMPLETE trials' last step / 100", () => {
    const pruner = new SuccessiveHalvingPruner();
    const empty = new FakeStudy([]);
    expect(pruner.prune(empty, writable(0, [1, 2, 3]).t)).toBe(false);
    const iv = Array.from({ length: 450 }, () => 1);
    const study = new FakeStudy([makeTrial({ number: 0, intermediate: iv })]);
    // last step 449 -> minResource 4: no rung ends before step 4
    const w3 = writable(1, [9, 9, 9, 9]);
    expect(pruner.prune(study, w3.t)).toBe(false);
    expect(w3.written).toEqual({});
    const w4 = writable(1, [9, 9, 9, 9, 9]);
    pruner.prune(study, w4.t);
    expect(w4.written).toEqual({ completed_rung_0: 9 });
  });

  it('prunes a NaN value at a rung end and honours bootstrapCount', () => {
    const study = new FakeStudy([]);
    expect(new SuccessiveHalvingPruner({ minResource: 1 }).prune(study, writable(0, [0, NaN]).t)).toBe(true);
    // bootstrap 2: a rung with fewer than 3 values (own included) prunes
    const boot = new SuccessiveHalvingPruner({ minResource: 1, bootstrapCount: 2 });
    expect(boot.prune(study, writable(0, [0, 1]).t)).toBe(true);
  });

  it('maximizes: promotes values at or above the cut', () => {
    const others = [0.1, 0.2, 0.3].map((v, i) => makeTrial({ number: i, intermediate: [v, v], systemAttrs: { completed_rung_0: v } }));
    const study = new FakeStudy(others, ['MAXIMIZE']);
    const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 4 });
    // 4 values -> index 0: only the best goes on
    expect(pruner.prune(study, writable(3, [0, 0.35]).t)).toBe(false);
    expect(pruner.prune(study, writable(4, [0, 0.25]).t)).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => new SuccessiveHalvingPruner({ reductionFactor: 1 })).toThrow(/reductionFactor \(1\)/);
    expect(() => new SuccessiveHalvingPruner({ minResource: 0 })).toThrow(/minResource/);
    expect(() => new SuccessiveHalvingPruner({ bootstrapCount: 1 })).toThrow(/auto/);
  });
});

describe('HyperbandPruner', () => {
  it('hashes with CRC-32 as Python binascii.crc32', () => {
    // binascii.crc32(s.encode()) with /usr/bin/python3
    expect(crc32('study_0')).toBe(368277276);
    expect(crc32('foo_12')).toBe(2116187538);
    expect(crc32('no-name-abc_3')).toBe(3168072864);
    expect(crc32('ü_5')).toBe(3798473784);
  });

  it('builds floor(log_eta(R / r)) + 1 brackets with Optuna budgets once R is known', () => {
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 27, reductionFactor: 3 });
    const study = new FakeStudy([], ['MINIMIZE'], 'hb');
    expect(pruner.numBrackets).toBeNull();
    expect(pruner.bracketId('hb', 5)).toBe(0);
    pruner.prune(study, makeTrial({ number: 0, state: 'RUNNING', values: null, intermediate: [1] }));
    expect(pruner.numBrackets).toBe(4);
    // budgets ceil(4 * 3^s / (s + 1)) for s = 3..0: 27, 12, 6, 4 -> total 49
    const counts = [0, 0, 0, 0];
    for (let n = 0; n < 49; n++) {
      const h = crc32(`hb_${n}`) % 49;
      const b = h < 27 ? 0 : h < 39 ? 1 : h < 45 ? 2 : 3;
      expect(pruner.bracketId('hb', n)).toBe(b);
      counts[b]++;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(49);
  });

  it('waits for a completed trial when maxResource is auto', () => {
    const pruner = new HyperbandPruner();
    const study = new FakeStudy([makeTrial({ number: 0, state: 'RUNNING', values: null, intermediate: [5, 5, 5] })]);
    expect(pruner.prune(study, makeTrial({ number: 1, state: 'RUNNING', values: null, intermediate: [9, 9, 9] }))).toBe(false);
    expect(pruner.numBrackets).toBeNull();
    study.trials.push(makeTrial({ number: 2, intermediate: Array.from({ length: 9 }, () => 1) }));
    pruner.prune(study, makeTrial({ number: 3, state: 'RUNNING', values: null, intermediate: [9] }));
    // R = 9 (last step 8 + 1), r = 1, eta = 3 -> 3 brackets
    expect(pruner.numBrackets).toBe(3);
  });

  it('filterStudy shows only the trials of the same bracket', () => {
    const pruner = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
    const trials = Array.from({ length: 30 }, (_, n) => makeTrial({ number: n, intermediate: [1] }));
    const study = new FakeStudy(trials, ['MINIMIZE'], 'filter-me');
    // before initialization every trial is in bracket 0: no filtering
    expect(pruner.filterStudy(study, trials[0]).getTrials().length).toBe(30);
    pruner.prune(study, makeTrial({ number: 30, state: 'RUNNING', values: null, intermediate: [1] }));
    let total = 0;
    for (let b = 0; b < 3; b++) {
      const member = trials.find((t) => pruner.bracketId('filter-me', t.number) === b);
      if (member === undefined) continue;
      const view = pruner.filterStudy(study, member);
      const seen = view.getTrials();
      expect(seen.every((t) => pruner.bracketId('filter-me', t.number) === b)).toBe(true);
      expect(view.studyName).toBe('filter-me');
      total += seen.length;
    }
    expect(total).toBe(30);
  });

  it('rejects bad options', () => {
    expect(() => new HyperbandPruner({ bootstrapCount: 2 })).toThrow(/auto/);
    expect(() => new HyperbandPruner({ maxResource: 2.5 })).toThrow(/maxResource/);
  });
});
