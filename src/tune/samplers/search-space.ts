/**
 * Search spaces inferred from past trials, for the samplers that model params jointly
 * (TPE multivariate, GP, CMA-ES, QMC). Follows `optuna/search_space/intersection.py` and
 * `optuna/search_space/group_decomposed.py`.
 *
 * @example
 * ```ts
 * const space = intersectionSearchSpace(study.getTrials()); // params every complete trial has, same distribution
 * const cached = new IntersectionSearchSpace();
 * cached.calculate(studyView); // incremental: finished trials are read once
 * ```
 */
import { distributionsEqual, type Distribution } from '../distributions.js';
import type { StudyView } from '../study/study-view.js';
import { isFinished, type FrozenTrial, type TrialState } from '../trial/frozen-trial.js';

/** Options of the search-space helpers. */
export interface SearchSpaceOptions {
  /** Count PRUNED trials as well as COMPLETE ones. Default false. */
  includePruned?: boolean;
}

function sortedByName(space: Record<string, Distribution> | null): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  if (space === null) return out;
  for (const k of Object.keys(space).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = space[k];
  return out;
}

/**
 * One pass of Optuna's `_calculate`: walks the trials from the newest, intersecting the finished
 * ones of interest, stopping at `cachedNumber`. Returns the space and the next cache point (the
 * oldest unfinished trial of interest, or one past the newest).
 */
function calculate(
  trials: readonly FrozenTrial[],
  includePruned: boolean,
  start: Record<string, Distribution> | null,
  cachedNumber: number,
): { space: Record<string, Distribution> | null; next: number } {
  let space = start;
  let next = -1;
  for (let i = trials.length - 1; i >= 0; i--) {
    const t = trials[i];
    const s = t.state;
    const ofInterest = s === 'COMPLETE' || s === 'WAITING' || s === 'RUNNING' || (includePruned && s === 'PRUNED');
    if (!ofInterest) continue;
    if (next === -1) next = t.number + 1;
    if (cachedNumber > t.number) break;
    if (!isFinished(s)) {
      next = t.number;
      continue;
    }
    if (space === null) {
      space = { ...t.distributions };
      continue;
    }
    const kept: Record<string, Distribution> = {};
    for (const name of Object.keys(space)) {
      const d = t.distributions[name];
      if (d !== undefined && distributionsEqual(d, space[name])) kept[name] = d;
    }
    space = kept;
  }
  return { space, next };
}

/**
 * The params that every COMPLETE trial (and PRUNED, with `includePruned`) has, with the same
 * distribution, sorted by name (Optuna's `intersection_search_space`). `{}` without such trials.
 *
 * @example
 * ```ts
 * intersectionSearchSpace(study.trials, { includePruned: true });
 * ```
 */
export function intersectionSearchSpace(
  trials: readonly FrozenTrial[],
  { includePruned = false }: SearchSpaceOptions = {},
): Record<string, Distribution> {
  return sortedByName(calculate(trials, includePruned, null, -1).space);
}

/**
 * The incremental form of {@link intersectionSearchSpace} (Optuna's `IntersectionSearchSpace`):
 * finished trials never change, so each call reads only the trials from the oldest one that was
 * unfinished at the previous call. One instance per study.
 */
export class IntersectionSearchSpace {
  private readonly includePruned: boolean;
  private cachedNumber = -1;
  private space: Record<string, Distribution> | null = null;
  private studyId: number | null = null;

  constructor({ includePruned = false }: SearchSpaceOptions = {}) {
    this.includePruned = includePruned;
  }

  /** The current intersection over `study`'s trials, sorted by name (a new object). */
  calculate(study: Pick<StudyView, 'studyId' | 'getTrials'>): Record<string, Distribution> {
    this.checkStudy(study.studyId);
    const r = calculate(study.getTrials(), this.includePruned, this.space, this.cachedNumber);
    this.space = r.space;
    this.cachedNumber = r.next;
    return sortedByName(this.space);
  }

  private checkStudy(id: number): void {
    if (this.studyId === null) this.studyId = id;
    else if (this.studyId !== id) throw new Error('IntersectionSearchSpace cannot handle several studies; use one instance per study');
  }
}

/**
 * Optuna's `_GroupDecomposedSearchSpace` (TPE's `group` option): the params split into groups
 * such that params always suggested together are in one group. Incremental like
 * {@link IntersectionSearchSpace}.
 */
export class GroupDecomposedSearchSpace {
  private readonly states: readonly TrialState[];
  private groups: Record<string, Distribution>[] = [];
  private readonly seen = new Set<number>();
  private studyId: number | null = null;

  constructor({ includePruned = false }: SearchSpaceOptions = {}) {
    this.states = includePruned ? ['COMPLETE', 'PRUNED'] : ['COMPLETE'];
  }

  /** The groups after reading `study`'s finished trials (new objects). */
  calculate(study: Pick<StudyView, 'studyId' | 'getTrials'>): Record<string, Distribution>[] {
    if (this.studyId === null) this.studyId = study.studyId;
    else if (this.studyId !== study.studyId) throw new Error('GroupDecomposedSearchSpace cannot handle several studies');
    for (const t of study.getTrials({ states: this.states })) {
      if (this.seen.has(t.number)) continue;
      this.seen.add(t.number);
      this.add(t.distributions);
    }
    return this.groups.map((g) => ({ ...g }));
  }

  /** Splits the groups by the names of one trial's distributions. */
  add(distributions: Readonly<Record<string, Distribution>>): void {
    const rest = new Set(Object.keys(distributions));
    const next: Record<string, Distribution>[] = [];
    for (const g of this.groups) {
      const inside: Record<string, Distribution> = {};
      const outside: Record<string, Distribution> = {};
      for (const name of Object.keys(g)) {
        if (rest.has(name)) inside[name] = g[name];
        else outside[name] = g[name];
      }
      for (const name of Object.keys(g)) rest.delete(name);
      next.push(inside, outside);
    }
    const fresh: Record<string, Distribution> = {};
    for (const name of rest) fresh[name] = distributions[name];
    next.push(fresh);
    this.groups = next.filter((g) => Object.keys(g).length > 0);
  }
}
