/**
 * The per-round work around a tree that may run on the trainer threads too: the objective's
 * gradients in row blocks, and adding the new tree's leaf values to the training rows' scores in
 * blocks of partition positions. Each row is computed by one task from its own inputs, so the
 * result does not depend on which thread ran which block.
 */
import type { Objective } from '../objective/objective.js';

/**
 * What a worker needs to rebuild the session's objective (`createObjective(params)`, then
 * `init(label, weights)`) and the arrays the round's tasks read and write (shared memory).
 */
export interface RoundParts {
  /** The resolved params the objective was made from. */
  objectiveParams: Record<string, unknown>;
  label: Float64Array;
  weights: Float64Array | null;
  /** The session's scores (class-major). */
  score: Float64Array;
}

/** Makes an objective from resolved params (the registry's createObjective; injected to keep the tree code free of the registry). */
export type ObjectiveFactory = (params: Record<string, unknown>) => Objective;

/**
 * Adds leaf l's value to `score[offset + i]` for the rows i of leaf l (its pieces, `indices[
 * pieceBegin[q] .. + pieceCount[q]]` for q = l * segments .. (l + 1) * segments: see
 * DataPartition, l < numLeaves) with `lo <= i < hi`, for leaves 0..numLeaves-1. A piece's rows
 * are ascending (the bag is, and every split keeps the order), so those of `lo..hi` are one run
 * of it, found by binary search: a task writes the scores of its row range alone, and two threads
 * never write the same cache line (as tasks over partition positions did, a line's 8 scores
 * belonging to rows anywhere in the partition).
 *
 * @example
 * ```ts
 * scoreRows(indices, leafBegin, leafCount, 1, leafValues, 31, score, 0, 0, 65536);
 * ```
 */
export function scoreRows(
  indices: Uint32Array,
  pieceBegin: Int32Array,
  pieceCount: Int32Array,
  segments: number,
  leafValues: Float64Array,
  numLeaves: number,
  score: Float64Array,
  offset: number,
  lo: number,
  hi: number,
): void {
  for (let q = 0; q < numLeaves * segments; q++) {
    const b = pieceBegin[q];
    const e = b + pieceCount[q];
    const s = lowerBound(indices, b, e, lo);
    const t = lowerBound(indices, s, e, hi);
    const v = leafValues[Math.floor(q / segments)];
    for (let j = s; j < t; j++) {
      const r = offset + indices[j];
      score[r] = score[r] + v;
    }
  }
}

/** The first position j of `a[from..to)` (ascending) with `a[j] >= x` (`to` when none). */
function lowerBound(a: Uint32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `out[at + k]` for k = 0..parts: `parts` ranges of rows 0..n whose inner bounds fall on
 * multiples of 8 rows past `offset` (a 64-byte line of float64 scores when the array's start is
 * on one), so that tasks writing different ranges never write the same line.
 *
 * @example
 * ```ts
 * lineBounds(plan, 10, 0, 1000, 4); // plan[10..14] = 0, 248, 496, 752, 1000
 * ```
 */
export function lineBounds(out: Int32Array, at: number, offset: number, n: number, parts: number): void {
  out[at] = 0;
  for (let k = 1; k < parts; k++) {
    const b = Math.round((offset + Math.floor((k * n) / parts)) / 8) * 8 - offset;
    out[at + k] = Math.min(n, Math.max(out[at + k - 1], b));
  }
  out[at + parts] = n;
}
