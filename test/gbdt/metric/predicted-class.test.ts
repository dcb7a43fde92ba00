import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { argmaxFirst, isPositiveClass, predictedClassOfRow } from '../../../src/gbdt/metric/predicted-class.js';
import { parseObjectiveLine } from '../../../src/gbdt/objective/registry.js';
import { MulticlassObjective } from '../../../src/gbdt/objective/multiclass.js';

describe('predicted class', () => {
  it('binary: p > 0.5 is positive, p = 0.5 negative', () => {
    expect(isPositiveClass(0.5)).toBe(false);
    expect(isPositiveClass(0.5 + Number.EPSILON / 2)).toBe(true);
    expect(isPositiveClass(0.49)).toBe(false);
  });

  it('argmaxFirst: the first of tied maxima, with offset and stride; NaN never beats a number', () => {
    expect(argmaxFirst([1, 1, 1], 0, 1, 3)).toBe(0);
    expect(argmaxFirst([0, 2, 2], 0, 1, 3)).toBe(1);
    expect(argmaxFirst([0, 1, 3], 0, 1, 3)).toBe(2);
    // class-major, 2 rows: row 1's scores are at 1, 3, 5
    expect(argmaxFirst([9, 0, 9, 4, 9, 4], 1, 2, 3)).toBe(1);
    expect(argmaxFirst([NaN, 0.2, 0.2], 0, 1, 3)).toBe(1);
    expect(argmaxFirst([0.1, NaN, 0.3], 0, 1, 3)).toBe(2);
    expect(argmaxFirst([NaN, NaN], 0, 1, 2)).toBe(0);
    // as numpy's argmax on random rows with many ties
    const rng = new Rng(5);
    for (let t = 0; t < 500; t++) {
      const row = Array.from({ length: 4 }, () => rng.int(0, 2));
      expect(argmaxFirst(row, 0, 1, 4)).toBe(row.indexOf(Math.max(...row)));
    }
  });

  it('predictedClassOfRow: argmaxFirst of the probabilities, for softmax and one-vs-rest sigmoids', () => {
    const rng = new Rng(9);
    const k = 4;
    const n = 300;
    const score = new Float64Array(k * n);
    // coarse values: many exact ties
    for (let j = 0; j < score.length; j++) score[j] = rng.int(-2, 2) / 2;
    const raw = new Float64Array(k);
    const prob = new Float64Array(k);
    for (const objective of [new MulticlassObjective({ num_class: k }), parseObjectiveLine(`multiclassova num_class:${k} sigmoid:1`)]) {
      let ties = 0;
      for (let i = 0; i < n; i++) {
        const r = Array.from({ length: k }, (_, c) => score[c * n + i]);
        const p = new Float64Array(k);
        objective.convertOutput(r, p);
        const max = Math.max(...p);
        if (p.filter((v) => v === max).length > 1) ties++;
        expect(predictedClassOfRow(score, n, i, k, objective, raw, prob)).toBe(Array.from(p).indexOf(max));
      }
      expect(ties).toBeGreaterThan(50);
    }
  });
});
