/**
 * TPE's split of past trials into the `nBelow` "good" ones (the density l(x)) and the rest (g(x)),
 * as Optuna 4.x's `samplers/_tpe/sampler.py` (`_split_trials`) does:
 * 1. COMPLETE feasible trials first: by value (direction-aware; ties keep trial-number order), or
 *    for several objectives by non-domination rank with the boundary front cut by greedy
 *    hypervolume subset selection (HSSP);
 * 2. then PRUNED trials, ranked by their last reported step (later is better), then by the value
 *    at that step (NaN last; no report at all ranks after every reporting trial);
 * 3. then infeasible trials (with constraints), by their total violation;
 * 4. RUNNING trials (only passed in with the constant liar) always go above.
 * Both lists come back in trial-number order.
 *
 * @example
 * ```ts
 * const { below, above } = splitTrials(trials, ['MINIMIZE'], 3, null);
 * ```
 */
import type { FrozenTrial, StudyDirection } from '../../trial/frozen-trial.js';
import { nondominationRanks, referencePoint, solveHssp } from './hypervolume.js';

/** The total violation of a trial's constraints (> 0 means infeasible), or null when unconstrained. */
export type InfeasibilityScore = (trial: FrozenTrial) => number;

/** Optuna's `_get_pruned_trial_score`: a sort key, smaller is better. */
export function prunedTrialScore(trial: FrozenTrial, direction: StudyDirection): [number, number] {
  let step = -Infinity;
  let value = 0;
  for (const [s, v] of trial.intermediateValues) {
    if (s > step) {
      step = s;
      value = v;
    }
  }
  if (step === -Infinity) return [1, 0];
  if (Number.isNaN(value)) return [-step, Infinity];
  return [-step, direction === 'MINIMIZE' ? value : -value];
}

function byNumber(a: FrozenTrial, b: FrozenTrial): number {
  return a.number - b.number;
}

function splitCompleteSingle(trials: FrozenTrial[], maximize: boolean, nBelow: number): [FrozenTrial[], FrozenTrial[]] {
  const n = trials.length;
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = trials[i].values?.[0] ?? NaN;
    vals[i] = maximize ? -v : v;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // stable by input (trial-number) order on ties, as Python's sorted
  order.sort((a, b) => {
    const x = vals[a];
    const y = vals[b];
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const below: FrozenTrial[] = [];
  const above: FrozenTrial[] = [];
  for (let r = 0; r < n; r++) (r < nBelow ? below : above).push(trials[order[r]]);
  return [below, above];
}

function splitCompleteMulti(
  trials: FrozenTrial[],
  directions: readonly StudyDirection[],
  nBelow: number,
): [FrozenTrial[], FrozenTrial[]] {
  const n = trials.length;
  if (nBelow === 0) return [[], trials.slice()];
  if (nBelow === n) return [trials.slice(), []];
  const m = directions.length;
  const lv = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const v = trials[i].values as readonly number[];
    for (let t = 0; t < m; t++) lv[i * m + t] = directions[t] === 'MAXIMIZE' ? -v[t] : v[t];
  }
  const ranks = nondominationRanks(lv, n, m, nBelow);
  let maxRank = 0;
  for (let i = 0; i < n; i++) if (ranks[i] > maxRank) maxRank = ranks[i];
  const counts = new Int32Array(maxRank + 1);
  for (let i = 0; i < n; i++) counts[ranks[i]] = counts[ranks[i]] + 1;
  let last = -1;
  let acc = 0;
  for (let r = 0; r <= maxRank; r++) {
    acc += counts[r];
    if (acc <= nBelow) last = r;
    else break;
  }
  const isBelow = new Uint8Array(n);
  let nSel = 0;
  for (let i = 0; i < n; i++) {
    if (ranks[i] <= last) {
      isBelow[i] = 1;
      nSel++;
    }
  }
  if (nSel < nBelow) {
    const tie: number[] = [];
    for (let i = 0; i < n; i++) if (ranks[i] === last + 1) tie.push(i);
    const rows = Int32Array.from(tie);
    const sub = new Float64Array(rows.length * m);
    for (let r = 0; r < rows.length; r++) sub.set(lv.subarray(rows[r] * m, rows[r] * m + m), r * m);
    const ref = referencePoint(sub, rows.length, m);
    const chosen = solveHssp(lv, m, rows, nBelow - nSel, ref);
    for (let r = 0; r < chosen.length; r++) isBelow[chosen[r]] = 1;
  }
  const below: FrozenTrial[] = [];
  const above: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) (isBelow[i] === 1 ? below : above).push(trials[i]);
  return [below, above];
}

/**
 * Splits `trials` (COMPLETE, PRUNED and, with the constant liar, RUNNING trials of one study, in
 * number order) into the best `nBelow` and the rest. `infeasibility` is given when the sampler has
 * constraints.
 */
export function splitTrials(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  nBelow: number,
  infeasibility: InfeasibilityScore | null,
): { below: FrozenTrial[]; above: FrozenTrial[] } {
  const complete: FrozenTrial[] = [];
  const pruned: FrozenTrial[] = [];
  const running: FrozenTrial[] = [];
  const infeasible: FrozenTrial[] = [];
  const scores = new Map<FrozenTrial, number>();
  for (const t of trials) {
    if (t.state === 'RUNNING') {
      running.push(t);
      continue;
    }
    if (infeasibility !== null) {
      const s = infeasibility(t);
      if (s > 0) {
        scores.set(t, s);
        infeasible.push(t);
        continue;
      }
    }
    if (t.state === 'COMPLETE') complete.push(t);
    else if (t.state === 'PRUNED') pruned.push(t);
  }
  let need = Math.max(0, Math.min(nBelow, complete.length));
  const [bc, ac] =
    directions.length <= 1
      ? splitCompleteSingle(complete, directions[0] === 'MAXIMIZE', need)
      : splitCompleteMulti(complete, directions, need);
  need = Math.max(0, nBelow - bc.length);

  const direction = directions[0];
  const keyed = pruned.map((t, i) => ({ t, i, k: prunedTrialScore(t, direction) }));
  keyed.sort((a, b) => a.k[0] - b.k[0] || (a.k[1] < b.k[1] ? -1 : a.k[1] > b.k[1] ? 1 : 0) || a.i - b.i);
  const nbp = Math.min(need, keyed.length);
  need = Math.max(0, need - nbp);

  const inf = infeasible.map((t, i) => ({ t, i, s: scores.get(t) as number }));
  inf.sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.i - b.i));
  const nbi = Math.min(need, inf.length);

  const below = bc.slice();
  const above = ac.slice();
  for (let r = 0; r < keyed.length; r++) (r < nbp ? below : above).push((keyed[r] as { t: FrozenTrial }).t);
  for (let r = 0; r < inf.length; r++) (r < nbi ? below : above).push((inf[r] as { t: FrozenTrial }).t);
  for (const t of running) above.push(t);
  below.sort(byNumber);
  above.sort(byNumber);
  return { below, above };
}
