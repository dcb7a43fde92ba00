/**
 * Pareto dominance helpers shared by the study (best trials), MOTPE and NSGA-II.
 * Values are compared after turning every objective into one to minimize.
 */
import type { FrozenTrial, StudyDirection } from './trial/frozen-trial.js';

/** The trial's values with maximized objectives negated, so that smaller is better everywhere. */
export function toMinimize(values: readonly number[], directions: readonly StudyDirection[]): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = directions[i] === 'MAXIMIZE' ? -values[i] : values[i];
  }
  return out;
}

/** True when `a` Pareto-dominates `b` (both already in minimize form): no worse anywhere, better somewhere. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Non-dominated sorting (Deb et al. 2002): the front rank of each point (0 = Pareto front).
 * Points are in minimize form. O(M N^2), fine for the few thousand trials a study holds.
 */
export function nonDominatedRanks(points: readonly (readonly number[])[]): number[] {
  const n = points.length;
  const ranks = new Array<number>(n).fill(-1);
  const dominatedBy = new Array<number>(n).fill(0);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const pi = points[i] as number[];
      const pj = points[j] as number[];
      if (dominates(pi, pj)) {
        dominating[i].push(j);
        dominatedBy[j] = dominatedBy[j] + 1;
      } else if (dominates(pj, pi)) {
        dominating[j].push(i);
        dominatedBy[i] = dominatedBy[i] + 1;
      }
    }
  }
  let front: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) front.push(i);
  let rank = 0;
  while (front.length > 0) {
    const next: number[] = [];
    for (const i of front) {
      ranks[i] = rank;
      for (const j of dominating[i]) {
        dominatedBy[j] = dominatedBy[j] - 1;
        if (dominatedBy[j] === 0) next.push(j);
      }
    }
    front = next;
    rank++;
  }
  return ranks;
}

/** The COMPLETE trials not dominated by any other (the study's `bestTrials`), in number order. */
export function paretoFrontTrials(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial[] {
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
  const pts = complete.map((t) => toMinimize(t.values as number[], directions));
  const out: FrozenTrial[] = [];
  for (let i = 0; i < complete.length; i++) {
    let dominated = false;
    for (let j = 0; j < complete.length && !dominated; j++) {
      if (j !== i && dominates(pts[j], pts[i])) dominated = true;
    }
    if (!dominated) out.push(complete[i]);
  }
  return out;
}
