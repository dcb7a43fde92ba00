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
 * Adds leaf l's value to `score[offset + indices[j]]` for partition positions j in `begin..end`
 * that belong to leaf l (`leafBegin[l] .. + leafCount[l]`), for leaves 0..numLeaves-1.
 *
 * @example
 * ```ts
 * scoreBlock(indices, leafBegin, leafCount, leafValues, 31, score, 0, 0, 65536);
 * ```
 */
export function scoreBlock(
  indices: Uint32Array,
  leafBegin: Int32Array,
  leafCount: Int32Array,
  leafValues: Float64Array,
  numLeaves: number,
  score: Float64Array,
  offset: number,
  begin: number,
  end: number,
): void {
  for (let l = 0; l < numLeaves; l++) {
    const b = Math.max(begin, leafBegin[l]);
    const e = Math.min(end, leafBegin[l] + leafCount[l]);
    const v = leafValues[l];
    for (let j = b; j < e; j++) {
      const s = offset + indices[j];
      score[s] = score[s] + v;
    }
  }
}
