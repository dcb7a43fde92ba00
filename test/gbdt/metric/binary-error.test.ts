// binary_error and accuracy of the binary objective skip the sigmoid's exp on rows far from
// p = 0.5 (metric/binary.ts, sigmoidErrorRate): the same rate, to the bit, as converting every
// row with the objective's convertOutput (the path of any other objective with binary labels).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { AccuracyMetric } from '../../../src/gbdt/metric/accuracy.js';
import { BinaryErrorMetric } from '../../../src/gbdt/metric/binary.js';
import { BinaryObjective } from '../../../src/gbdt/objective/binary.js';
import type { Objective } from '../../../src/gbdt/objective/objective.js';

/** The objective's methods on an object that is not a BinaryObjective (the generic, convertOutput path). */
function generic(o: BinaryObjective): Objective {
  return {
    name: o.name,
    numModelPerIteration: 1,
    init: (l, w) => o.init(l, w),
    getGradients: (s, g, h) => o.getGradients(s, g, h),
    boostFromScore: (k) => o.boostFromScore(k),
    convertOutput: (raw, out) => o.convertOutput(raw, out),
    toString: () => o.toString(),
  };
}

describe('binary error rate of the binary objective', () => {
  // scores at and around where p crosses 0.5, the fast path's bounds (|sigmoid * score| = 1e-6),
  // infinities and NaN, then seeded ones
  const edge = [0, -0, 1e-300, -1e-300, 1e-17, -1e-17, 5e-17, -5e-17, 1.2e-16, -1.2e-16, 1e-10, -1e-10, 1e-7, -1e-7, 9.99e-7, -9.99e-7, 1e-6, -1e-6, 1.01e-6, -1.01e-6, 1, -1, 40, -40, 800, -800, Infinity, -Infinity, NaN];
  const rng = new Rng(3);
  const n = edge.length + 400;
  const score = new Float64Array(n);
  score.set(edge);
  for (let i = edge.length; i < n; i++) score[i] = (rng.random() - 0.5) * (rng.random() < 0.2 ? 1e-5 : 6);
  const label = Float64Array.from({ length: n }, () => (rng.random() < 0.4 ? 1 : 0));
  const weights = Float64Array.from({ length: n }, () => Math.fround(0.2 + rng.random()));

  it.each([1, 0.5, 3])('sigmoid %f: binary_error and accuracy, with and without weights, as convertOutput gives them', (sigmoid) => {
    const o = new BinaryObjective({ sigmoid, is_unbalance: false, scale_pos_weight: 1 });
    o.init(label, null);
    for (const m of [new BinaryErrorMetric(), new AccuracyMetric()]) {
      for (const w of [null, weights]) {
        const fast = m.eval(score, label, o, w);
        const slow = m.eval(score, label, generic(o), w);
        expect(Object.is(fast, slow)).toBe(true);
      }
    }
    // the rows where each path decides differ: a rate that counts them (not a constant)
    const e = new BinaryErrorMetric().eval(score, label, o, null);
    expect(e).toBeGreaterThan(0.2);
    expect(e).toBeLessThan(0.8);
  });

  it('the predicted class of each edge score is the one convertOutput gives (one row at a time)', () => {
    const o = new BinaryObjective({ sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 });
    const one = new Float64Array(1);
    const pos = new Float64Array([1]);
    for (const s of edge) {
      one[0] = s;
      o.init(pos, null);
      expect(new BinaryErrorMetric().eval(one, pos, o, null)).toBe(new BinaryErrorMetric().eval(one, pos, generic(o), null));
    }
  });
});
