/**
 * MOTPE's weights for the good ("below") trials of a multi-objective study, as Optuna 4.x's
 * `_calculate_weights_below_for_multi_objective`: each feasible below trial on the below set's
 * Pareto front is weighted by its hypervolume contribution (the hypervolume lost when it is left
 * out), normalised by the largest contribution and floored at 1e-12; dominated, duplicated and
 * infeasible below trials get 1e-12. With fewer than two feasible trials every feasible one gets 1.
 * (Trials without values — pruned multi-objective trials — are treated as infeasible here.)
 *
 * @example
 * ```ts
 * const w = motpeWeightsBelow(below, ['MINIMIZE', 'MINIMIZE'], null); // Float64Array(below.length)
 * ```
 */
import type { FrozenTrial, StudyDirection } from '../../trial/frozen-trial.js';
import { computeHypervolume, isParetoFront, referencePoint } from './hypervolume.js';

const EPS = 1e-12;

/** See the module comment. `constraintsOf` gives a trial's constraint values (null = unknown). */
export function motpeWeightsBelow(
  below: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  constraintsOf: ((t: FrozenTrial) => readonly number[] | null) | null,
): Float64Array {
  const n = below.length;
  const m = directions.length;
  const feasible = new Uint8Array(n);
  let nf = 0;
  for (let i = 0; i < n; i++) {
    const t = below[i];
    let ok = t.values !== null && t.values.length === m;
    if (ok && constraintsOf !== null) {
      const c = constraintsOf(t);
      ok = c !== null && c.every((v) => v <= 0);
    }
    if (ok) {
      feasible[i] = 1;
      nf++;
    }
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = feasible[i] === 1 ? 1 : EPS;
  if (nf <= 1) return w;
  const lv = new Float64Array(nf * m);
  const pos = new Int32Array(nf);
  let r = 0;
  for (let i = 0; i < n; i++) {
    if (feasible[i] === 0) continue;
    const v = below[i].values as readonly number[];
    for (let t = 0; t < m; t++) lv[r * m + t] = directions[t] === 'MAXIMIZE' ? -v[t] : v[t];
    pos[r++] = i;
  }
  const ref = referencePoint(lv, nf, m);
  const on = isParetoFront(lv, nf, m);
  let nFront = 0;
  for (let q = 0; q < nf; q++) if (on[q] === 1) nFront++;
  const front = new Float64Array(nFront * m);
  const frontRow = new Int32Array(nFront);
  let f = 0;
  for (let q = 0; q < nf; q++) {
    if (on[q] === 0) continue;
    front.set(lv.subarray(q * m, q * m + m), f * m);
    frontRow[f++] = q;
  }
  const hv = computeHypervolume(front, nFront, ref, true);
  if (!Number.isFinite(hv)) return w;
  const contrib = new Float64Array(nf);
  const loo = new Float64Array((nFront - 1) * m);
  let maxC = 0;
  for (let k = 0; k < nFront; k++) {
    let o = 0;
    for (let q = 0; q < nFront; q++) if (q !== k) loo.set(front.subarray(q * m, q * m + m), (o++) * m);
    const c = hv - computeHypervolume(loo, nFront - 1, ref, true);
    contrib[frontRow[k]] = c;
    if (c > maxC) maxC = c;
  }
  const denom = Math.max(maxC, EPS);
  for (let q = 0; q < nf; q++) w[pos[q]] = Math.max(contrib[q] / denom, EPS);
  return w;
}
