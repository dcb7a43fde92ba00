/**
 * Claiming a phase's tasks (trainer-pool.ts): each thread owns a contiguous range of the tasks,
 * runs it from the front, then takes what is left of the others' from their backs; every task
 * is claimed once; a closed phase gives no task, and closing counts the tasks claimed before.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_STRIDE, claimTask, closeClaims, MAX_THREADS, openClaims } from '../../../src/gbdt/threads/trainer-pool.js';

const words = (): BigInt64Array => new BigInt64Array(new SharedArrayBuffer(8 * CLAIM_STRIDE * MAX_THREADS));

describe('task claims', () => {
  it('gives each owner its own contiguous range first, in order', () => {
    const w = words();
    openClaims(w, 7, 10, 2);
    expect([0, 1, 2].map(() => claimTask(w, 7, 0, 2))).toEqual([0, 1, 2]);
    expect([0, 1, 2].map(() => claimTask(w, 7, 1, 2))).toEqual([5, 6, 7]);
  });

  it("lets a thread whose range is done take the others' tasks from their backs, each task once", () => {
    const w = words();
    openClaims(w, 3, 10, 2);
    const mine: number[] = [];
    for (let t = claimTask(w, 3, 0, 2); t >= 0; t = claimTask(w, 3, 0, 2)) mine.push(t);
    // owner 1 never came: owner 0 ran its range 0..4, then owner 1's 5..9 from the back
    expect(mine).toEqual([0, 1, 2, 3, 4, 9, 8, 7, 6, 5]);
    expect(claimTask(w, 3, 1, 2)).toBe(-1);
  });

  it("without stealing, leaves the others' ranges to them", () => {
    const w = words();
    openClaims(w, 4, 10, 2);
    const mine: number[] = [];
    for (let t = claimTask(w, 4, 0, 2, false); t >= 0; t = claimTask(w, 4, 0, 2, false)) mine.push(t);
    expect(mine).toEqual([0, 1, 2, 3, 4]);
    expect([0, 1].map(() => claimTask(w, 4, 1, 2, false))).toEqual([5, 6]);
    expect(closeClaims(w, 4, 10, 2)).toBe(7);
  });

  it('claims every task exactly once from several owners interleaved (3 owners, 11 tasks)', () => {
    const w = words();
    openClaims(w, 1, 11, 3);
    const got: number[] = [];
    for (let k = 0; k < 40; k++) {
      const t = claimTask(w, 1, k % 3, 3);
      if (t >= 0) got.push(t);
    }
    expect(got.slice(0, 3)).toEqual([0, 3, 7]);
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });

  it('gives no task of another phase, nor of a closed one; closing counts the tasks claimed', () => {
    const w = words();
    openClaims(w, 5, 8, 2);
    expect(claimTask(w, 4, 0, 2)).toBe(-1);
    claimTask(w, 5, 0, 2);
    claimTask(w, 5, 1, 2);
    claimTask(w, 5, 0, 2);
    expect(closeClaims(w, 5, 8, 2)).toBe(3);
    expect(claimTask(w, 5, 0, 2)).toBe(-1);
    expect(claimTask(w, 5, 1, 2)).toBe(-1);
  });

  it("keeps each owner's word on its own 64-byte line", () => {
    expect(CLAIM_STRIDE * 8).toBeGreaterThanOrEqual(64);
  });
});
