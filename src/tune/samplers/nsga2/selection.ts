/**
 * NSGA-II selection (Deb et al., "A Fast and Elitist Multiobjective Genetic Algorithm: NSGA-II",
 * IEEE TEVC 2002), as Optuna's `optuna/samplers/nsgaii/_elite_population_selection_strategy.py`,
 * `_crossover.py` (tournament) and `_constraints_evaluation.py` do it: elites by non-dominated
 * rank then crowding distance; parents by binary tournament on (constrained) dominance.
 *
 * @example
 * ```ts
 * const elite = selectElite(completeTrials, ['MINIMIZE', 'MINIMIZE'], 50);
 * const [p1, p2] = selectParents(elite, 2, rng, ['MINIMIZE', 'MINIMIZE'], trialDominates);
 * ```
 */
import type { Rng } from '../../../core/rng.js';
import { dominates as dominatesMin, nonDominatedRanks, toMinimize } from '../../multi-objective.js';
import type { FrozenTrial, StudyDirection } from '../../trial/frozen-trial.js';

/** The system attr where a trial's constraint values live (Optuna's `_CONSTRAINTS_KEY`). */
export const CONSTRAINTS_KEY = 'constraints';

/** A trial's constraint values (<= 0 is feasible), or null when it has none. */
export function trialConstraints(t: FrozenTrial): number[] | null {
  const c = t.systemAttrs[CONSTRAINTS_KEY];
  return Array.isArray(c) ? (c as number[]) : null;
}

/** How to read a trial's constraint values (default: its `constraints` system attr). */
export type ConstraintsOf = (t: FrozenTrial) => readonly number[] | null;

/** True when any trial of the population carries constraint values. */
export function isConstrained(population: readonly FrozenTrial[], constraintsOf: ConstraintsOf = trialConstraints): boolean {
  return population.some((t) => constraintsOf(t) !== null);
}

/** Total violation (sum of the positive constraint values); Infinity for a trial without constraints. */
export function penalty(t: FrozenTrial, constraintsOf: ConstraintsOf = trialConstraints): number {
  const c = constraintsOf(t);
  if (c === null) return Infinity;
  let s = 0;
  for (const v of c) if (v > 0) s += v;
  return s;
}

/** Pareto dominance between two trials (a COMPLETE trial dominates an unfinished one). */
export function trialDominates(a: FrozenTrial, b: FrozenTrial, directions: readonly StudyDirection[]): boolean {
  if (a.state !== 'COMPLETE' || a.values === null) return false;
  if (b.state !== 'COMPLETE' || b.values === null) return true;
  return dominatesMin(toMinimize(a.values, directions), toMinimize(b.values, directions));
}

/** Constrained dominance (Deb 2000): feasible beats infeasible; two infeasible: smaller violation wins. */
export function constrainedDominates(
  a: FrozenTrial,
  b: FrozenTrial,
  directions: readonly StudyDirection[],
  constraintsOf: ConstraintsOf = trialConstraints,
): boolean {
  if (a.state !== 'COMPLETE') return false;
  if (b.state !== 'COMPLETE') return true;
  const pa = penalty(a, constraintsOf);
  const pb = penalty(b, constraintsOf);
  const fa = pa <= 0;
  const fb = pb <= 0;
  if (fa && fb) return trialDominates(a, b, directions);
  if (fa) return true;
  if (fb) return false;
  return pa < pb;
}

/**
 * Fronts of the population: non-dominated ranks of the feasible trials first, then the infeasible
 * ones ranked by violation (Optuna's `_fast_non_domination_rank` with a penalty).
 */
export function rankPopulation(
  population: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  constrained: boolean,
  constraintsOf: ConstraintsOf = trialConstraints,
): FrozenTrial[][] {
  if (population.length === 0) return [];
  const ranks = new Array<number>(population.length).fill(-1);
  const feasible: number[] = [];
  const infeasible: number[] = [];
  for (let i = 0; i < population.length; i++) {
    if (!constrained || penalty(population[i], constraintsOf) <= 0) feasible.push(i);
    else infeasible.push(i);
  }
  const fr = nonDominatedRanks(feasible.map((i) => toMinimize(population[i].values as number[], directions)));
  let top = -1;
  feasible.forEach((i, k) => {
    ranks[i] = fr[k];
    top = Math.max(top, fr[k]);
  });
  if (infeasible.length > 0) {
    const ir = nonDominatedRanks(infeasible.map((i) => [penalty(population[i], constraintsOf)]));
    infeasible.forEach((i, k) => (ranks[i] = top + 1 + ir[k]));
  }
  const maxRank = Math.max(...ranks);
  const fronts: FrozenTrial[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (let i = 0; i < population.length; i++) fronts[ranks[i]].push(population[i]);
  return fronts;
}

/**
 * Crowding distance of each trial of one front (by trial number): per objective, the gap between
 * its two neighbours over the finite range of that objective; the extremes get infinity; an
 * objective with one value everywhere adds nothing. Optuna's `_calc_crowding_distance`.
 */
export function crowdingDistances(front: readonly FrozenTrial[]): Map<number, number> {
  const dist = new Map<number, number>();
  for (const t of front) dist.set(t.number, 0);
  if (front.length === 0) return dist;
  const pop = [...front];
  const m = (pop[0]?.values as number[]).length;
  for (let k = 0; k < m; k++) {
    pop.sort((a, b) => (a.values as number[])[k] - (b.values as number[])[k]);
    const first = pop[0].values![k];
    const last = pop[pop.length - 1].values![k];
    if (first === last) continue;
    const vs = [-Infinity, ...pop.map((t) => t.values![k]), Infinity];
    const vMin = vs.find((x) => x !== -Infinity) as number;
    let vMax = Infinity;
    for (let j = vs.length - 1; j >= 0; j--) {
      if (vs[j] !== Infinity) {
        vMax = vs[j];
        break;
      }
    }
    let width = vMax - vMin;
    if (!(width > 0)) width = 1;
    for (let j = 0; j < pop.length; j++) {
      const gap = vs[j] === vs[j + 2] ? 0 : vs[j + 2] - vs[j];
      const n = pop[j].number;
      dist.set(n, (dist.get(n) as number) + gap / width);
    }
  }
  return dist;
}

/**
 * The elite population of size `populationSize`: whole fronts while they fit, then the last front's
 * members with the largest crowding distance.
 */
export function selectElite(
  population: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  populationSize: number,
  constraintsOf: ConstraintsOf = trialConstraints,
): FrozenTrial[] {
  const fronts = rankPopulation(population, directions, isConstrained(population, constraintsOf), constraintsOf);
  const elite: FrozenTrial[] = [];
  for (const front of fronts) {
    if (elite.length + front.length < populationSize) {
      elite.push(...front);
      continue;
    }
    const d = crowdingDistances(front);
    // a stable ascending sort then a reversal, as Optuna (ties: later trials first)
    const sorted = [...front].sort((a, b) => (d.get(a.number) as number) - (d.get(b.number) as number)).reverse();
    elite.push(...sorted.slice(0, populationSize - elite.length));
    break;
  }
  return elite;
}

/** Binary tournament: two draws with replacement; the first wins only if it dominates the second. */
export function tournament(
  population: readonly FrozenTrial[],
  rng: Rng,
  directions: readonly StudyDirection[],
  dominates: (a: FrozenTrial, b: FrozenTrial, d: readonly StudyDirection[]) => boolean,
): FrozenTrial {
  const c0 = population[rng.below(population.length)];
  const c1 = population[rng.below(population.length)];
  return dominates(c0, c1, directions) ? c0 : c1;
}

/** `n` distinct parents, each by a tournament among those not yet chosen. */
export function selectParents(
  population: readonly FrozenTrial[],
  n: number,
  rng: Rng,
  directions: readonly StudyDirection[],
  dominates: (a: FrozenTrial, b: FrozenTrial, d: readonly StudyDirection[]) => boolean,
): FrozenTrial[] {
  const parents: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) {
    const rest = population.filter((t) => !parents.includes(t));
    parents.push(tournament(rest, rng, directions, dominates));
  }
  return parents;
}
