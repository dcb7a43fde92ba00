/**
 * Interaction constraints (`interaction_constraints`): sets of features that may appear together in
 * a branch. A leaf may split on a feature of any set that holds every feature used above it
 * (LightGBM's `ColSampler::GetByNode` with `Tree::branch_features`, anchor:
 * `src/treelearner/col_sampler.hpp`). Kept per leaf as the sets still open to it: all of them at the
 * root, and at each split the parent's minus those without the split's feature (which is the same
 * as LightGBM's test on the branch's features, as every feature of a branch is in every open set).
 */
import { ParamError } from '../../core/errors.js';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import type { GbdtParams } from '../../params/resolved.js';

/**
 * The open constraint sets of every leaf of the tree being grown.
 *
 * @example
 * ```ts
 * const ic = InteractionConstraints.create(params, binned, numLeaves); // null without interaction_constraints
 * ic?.reset();
 * ic?.allowed(leaf, mask); // mask[j] = 1 for the inner features leaf may split on
 * ic?.split(leaf, newLeaf, j);
 * ```
 */
export class InteractionConstraints {
  /** Per set, its inner features. */
  private readonly sets: Int32Array[];
  /** Per inner feature, a flag per set: 1 when the set holds the feature. */
  private readonly member: Uint8Array;
  /** Per leaf, a flag per set: 1 while the set holds every feature of the leaf's branch. */
  private readonly open: Uint8Array;
  private readonly nSets: number;

  private constructor(sets: Int32Array[], nInner: number, numLeaves: number) {
    this.sets = sets;
    this.nSets = sets.length;
    this.member = new Uint8Array(nInner * this.nSets);
    sets.forEach((set, s) => {
      for (const j of set) this.member[j * this.nSets + s] = 1;
    });
    this.open = new Uint8Array(numLeaves * this.nSets);
  }

  /**
   * The constraints of a learner on `data` (null when `interaction_constraints` is empty). Features
   * are input-feature indices; unused (trivial) features are dropped from the sets. Throws
   * {@link ParamError} for an index that is not a feature of the data.
   */
  static create(params: Pick<GbdtParams, 'interaction_constraints'>, data: BinnedDataset, numLeaves: number): InteractionConstraints | null {
    const lists = params.interaction_constraints;
    if (lists.length === 0) return null;
    const n = data.nFeatures;
    const inner = new Int32Array(n).fill(-1);
    data.usedFeatures.forEach((f, j) => (inner[f] = j));
    const sets = lists.map((list, s) => {
      const out: number[] = [];
      for (const f of list) {
        if (!Number.isInteger(f) || f < 0 || f >= n) {
          throw new ParamError('interaction_constraints', lists,
            `interaction_constraints: set ${s} holds feature index ${f}, but the data has ${n} features (indices 0..${n - 1})`, 'PARAM_CONFLICT');
        }
        if (inner[f] >= 0 && !out.includes(inner[f])) out.push(inner[f]);
      }
      return Int32Array.from(out);
    });
    return new InteractionConstraints(sets, data.nUsed, numLeaves);
  }

  /** Starts a tree: the root may use every set. */
  reset(): void {
    this.open.fill(1, 0, this.nSets);
  }

  /** Sets `mask[j]` to 1 for the inner features `leaf` may split on, 0 for the others. */
  allowed(leaf: number, mask: Uint8Array): void {
    mask.fill(0);
    const base = leaf * this.nSets;
    for (let s = 0; s < this.nSets; s++) {
      if (this.open[base + s] === 0) continue;
      const set = this.sets[s];
      for (let k = 0; k < set.length; k++) mask[set[k]] = 1;
    }
  }

  /** `leaf` was split on inner feature `feature` into `leaf` and `newLeaf`: both keep the sets holding it. */
  split(leaf: number, newLeaf: number, feature: number): void {
    const ns = this.nSets;
    for (let s = 0; s < ns; s++) {
      const open = this.open[leaf * ns + s] & this.member[feature * ns + s];
      this.open[leaf * ns + s] = open;
      this.open[newLeaf * ns + s] = open;
    }
  }
}
