/**
 * The score update's tasks (round-tasks.ts): by ranges of rows, each task adds the leaf values of
 * its own rows only (two threads never write the same cache line of scores), and together they
 * add what the serial update adds.
 */
import { describe, expect, it } from 'vitest';
import { lineBounds, scoreRows } from '../../../src/gbdt/tree/round-tasks.js';
import { Rng } from '../../../src/core/rng.js';

/** A partition of rows 0..n into `leaves` leaves, each leaf's rows ascending (as the learner's). */
function partitionOf(n: number, leaves: number, seed: number): { indices: Uint32Array; begin: Int32Array; count: Int32Array; leafOf: Int32Array } {
  const rng = new Rng(seed);
  const leafOf = Int32Array.from({ length: n }, () => Math.floor(rng.random() * leaves));
  const begin = new Int32Array(leaves);
  const count = new Int32Array(leaves);
  for (let i = 0; i < n; i++) count[leafOf[i]]++;
  for (let l = 1; l < leaves; l++) begin[l] = begin[l - 1] + count[l - 1];
  const indices = new Uint32Array(n);
  const at = Int32Array.from(begin);
  for (let i = 0; i < n; i++) indices[at[leafOf[i]]++] = i;
  return { indices, begin, count, leafOf };
}

describe('scoreRows', () => {
  it('writes only the scores of its row range, and the ranges together add every leaf value once', () => {
    const n = 1003;
    const leaves = 7;
    const { indices, begin, count, leafOf } = partitionOf(n, leaves, 11);
    const values = Float64Array.from({ length: leaves }, (_, l) => 0.25 * (l + 1));
    const offset = 5;
    const bounds = new Int32Array(6);
    lineBounds(bounds, 0, offset, n, 5);
    const score = new Float64Array(offset + n).fill(1);
    for (let t = 0; t < 5; t++) {
      const before = Float64Array.from(score);
      scoreRows(indices, begin, count, 1, values, leaves, score, offset, bounds[t], bounds[t + 1]);
      for (let i = 0; i < n; i++) {
        const inRange = i >= bounds[t] && i < bounds[t + 1];
        expect(score[offset + i]).toBe(inRange ? before[offset + i] + values[leafOf[i]] : before[offset + i]);
      }
    }
    for (let i = 0; i < offset; i++) expect(score[i]).toBe(1);
  });
});

describe('lineBounds', () => {
  it('cuts rows 0..n into near-equal ranges whose inner bounds are on 8-row lines past the offset', () => {
    const out = new Int32Array(5);
    lineBounds(out, 0, 3, 1000, 4);
    expect(out[0]).toBe(0);
    expect(out[4]).toBe(1000);
    for (let k = 1; k < 4; k++) {
      expect((out[k] + 3) % 8).toBe(0);
      expect(Math.abs(out[k] - (k * 1000) / 4)).toBeLessThanOrEqual(4);
    }
  });

  it('gives empty ranges, never decreasing bounds, when there are more parts than lines', () => {
    const out = new Int32Array(5);
    lineBounds(out, 0, 0, 10, 4);
    expect(Array.from(out)).toEqual([0, 0, 8, 8, 10]);
  });
});
