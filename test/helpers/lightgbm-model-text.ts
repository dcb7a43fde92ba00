/**
 * Comparing a model.txt gbtune wrote with one LightGBM wrote, tree by tree.
 *
 * @example
 * ```ts
 * expectSameTrees(booster.modelToString(), readFileSync(fixture, 'utf8'));
 * ```
 */
import { expect } from 'vitest';

/** The `key=` line of tree `t` in a model.txt (undefined when the tree has no such line). */
export function treeLine(model: string, t: number, key: string): string | undefined {
  const block = model.split(`Tree=${t}\n`)[1];
  return block?.split('\n').find((l) => l.startsWith(`${key}=`));
}

/** The numbers of the `key=` line of tree `t`. */
export function treeNumbers(model: string, t: number, key: string): number[] {
  const line = treeLine(model, t, key);
  if (line === undefined) return [];
  return line.slice(key.length + 1).split(' ').map(Number);
}

/** The number of trees in a model.txt. */
export function treeCount(model: string): number {
  return model.split('\nTree=').length - 1;
}

/** Header line `key=...` of a model.txt, or undefined. */
export function headerLine(model: string, key: string): string | undefined {
  return model.slice(0, model.indexOf('\nTree=')).split('\n').find((l) => l === key || l.startsWith(`${key}=`));
}

const EXACT = ['num_leaves', 'split_feature', 'threshold', 'decision_type', 'left_child', 'right_child', 'leaf_count', 'internal_count'];

/**
 * Every tree of `ours` has LightGBM's structure, thresholds and counts (as text), and its leaf and
 * internal values within `tol` (relative for large values).
 */
export function expectSameTrees(ours: string, lightgbm: string, { tol = 1e-12, extraExact = [] as string[] } = {}): void {
  const n = treeCount(lightgbm);
  expect(treeCount(ours)).toBe(n);
  for (let t = 0; t < n; t++) {
    for (const key of [...EXACT, ...extraExact]) expect(treeLine(ours, t, key), `tree ${t} ${key}`).toBe(treeLine(lightgbm, t, key));
    for (const key of ['leaf_value', 'internal_value']) {
      const theirs = treeNumbers(lightgbm, t, key);
      const mine = treeNumbers(ours, t, key);
      expect(mine.length, `tree ${t} ${key} count`).toBe(theirs.length);
      // internal values are written with 6 significant digits
      const tt = key === 'internal_value' ? 1e-5 : tol;
      mine.forEach((v, i) => expect(Math.abs(v - theirs[i]), `tree ${t} ${key}[${i}]: ${v} vs ${theirs[i]}`).toBeLessThanOrEqual(tt * Math.max(1, Math.abs(theirs[i]))));
    }
  }
}
