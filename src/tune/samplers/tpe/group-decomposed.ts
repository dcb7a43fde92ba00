/**
 * The group-decomposed search space of a study (Optuna's `search_space/group_decomposed.py`,
 * used by `TPESampler({ multivariate: true, group: true })`): the finest partition of all param
 * names seen in finished trials such that every trial's params are a union of whole groups. Each
 * group is then sampled jointly by multivariate TPE, so conditional spaces (`x == 'A'` uses `y`,
 * otherwise `z`) get a joint model per branch.
 *
 * Incremental: finished trials never change, and adding the same trial twice changes nothing,
 * so each call only folds in trials it has not seen.
 *
 * @example
 * ```ts
 * const g = new GroupDecomposedSearchSpace(true);
 * g.calculate(study).searchSpaces; // e.g. [{ x: Categorical }, { y: Float }, { z: Int }]
 * ```
 */
import type { Distribution } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';
import type { TrialState } from '../../trial/frozen-trial.js';

/** A partition of param names, each part with its distributions. */
export class SearchSpaceGroup {
  private spaces: Record<string, Distribution>[] = [];

  /** The groups (non-empty), each with its names sorted. */
  get searchSpaces(): readonly Readonly<Record<string, Distribution>>[] {
    return this.spaces;
  }

  /** Refines the partition so that the names of `distributions` are a union of groups. */
  addDistributions(distributions: Readonly<Record<string, Distribution>>): void {
    const remaining = new Set(Object.keys(distributions));
    const next: Record<string, Distribution>[] = [];
    for (const space of this.spaces) {
      const inter: Record<string, Distribution> = {};
      const rest: Record<string, Distribution> = {};
      const keys = Object.keys(space);
      for (const k of keys) {
        if (remaining.has(k)) inter[k] = space[k] as Distribution;
        else rest[k] = space[k] as Distribution;
      }
      next.push(inter, rest);
      for (const k of keys) remaining.delete(k);
    }
    const fresh: Record<string, Distribution> = {};
    for (const k of [...remaining].sort()) fresh[k] = distributions[k] as Distribution;
    next.push(fresh);
    this.spaces = next.filter((s) => Object.keys(s).length > 0).map(sortKeys);
  }

  /** A copy that later `addDistributions` calls do not change. */
  clone(): SearchSpaceGroup {
    const g = new SearchSpaceGroup();
    g.spaces = this.spaces.map((s) => ({ ...s }));
    return g;
  }
}

function sortKeys(s: Record<string, Distribution>): Record<string, Distribution> {
  const out: Record<string, Distribution> = {};
  for (const k of Object.keys(s).sort()) out[k] = s[k] as Distribution;
  return out;
}

/** See the module doc. One instance serves one study. */
export class GroupDecomposedSearchSpace {
  private readonly group = new SearchSpaceGroup();
  private readonly seen = new Set<number>();
  private readonly states: readonly TrialState[];

  constructor(includePruned = false) {
    this.states = includePruned ? ['COMPLETE', 'PRUNED'] : ['COMPLETE'];
  }

  /** The partition over the study's finished trials so far (a snapshot copy). */
  calculate(study: StudyView): SearchSpaceGroup {
    for (const t of study.getTrials({ states: this.states })) {
      if (this.seen.has(t.number)) continue;
      this.seen.add(t.number);
      this.group.addDistributions(t.distributions);
    }
    return this.group.clone();
  }
}
