/**
 * Monotone constraints (`monotone_constraints`, `monotone_constraints_method`, `monotone_penalty`)
 * as LightGBM's tree learner applies them (anchor: `src/treelearner/monotone_constraints.hpp` and
 * `SerialTreeLearner`'s calls in `serial_tree_learner.cpp`). Every leaf carries bounds on its
 * output; a split search clamps both children's outputs into the leaf's bounds and refuses a split
 * on a constrained feature whose outputs go the wrong way ({@link OutputBounds}); after each split
 * the bounds of the leaves it touches are updated:
 *
 * - `basic`: the two children inherit the parent's bounds and, when the split is on a constrained
 *   feature, split them at the mean of their outputs (LightGBM's BasicLeafConstraints);
 * - `intermediate`: the children's bounds are each other's outputs, and the leaves next to the new
 *   ones elsewhere in the tree get theirs tightened and their best split searched again
 *   ({@link leavesToUpdate}; LightGBM's IntermediateLeafConstraints);
 * - `advanced`: as intermediate, with bounds that vary along each feature's bins
 *   ({@link AdvancedBounds}).
 *
 * A gain on a constrained feature is multiplied by LightGBM's `monotone_penalty` factor of the
 * leaf's depth. The learner calls {@link LeafConstraints.bounds} before each feature's search,
 * {@link LeafConstraints.penalty} after it, and {@link LeafConstraints.afterSplit} after a split.
 */
import { ParamError } from '../../core/errors.js';
import { K_EPSILON } from '../../core/constants.js';
import { log } from '../../core/log.js';
import { MissingType } from '../../data/bin-mapper.js';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import type { GbdtParams } from '../../params/resolved.js';
import { AdvancedBounds } from './monotone-advanced.js';
import { leavesToUpdate, MonotoneTree, UpPath, type BoundUpdates } from './monotone-tree.js';
import { NO_MAX, NO_MIN, OutputBounds } from './output-bounds.js';
import type { SplitInfo } from './split-info.js';
import type { Tree } from './tree.js';

/** The params of monotone constraints. */
export type MonotoneParams = Pick<GbdtParams, 'monotone_constraints' | 'monotone_constraints_method' | 'monotone_penalty'>;

/**
 * Each inner feature's monotone direction (`data.usedFeatures` order), from `monotone_constraints`
 * (one value per input feature); null when none are given. Throws {@link ParamError} when the list
 * does not have one value per feature or constrains a categorical feature (LightGBM: fatal).
 *
 * @example
 * ```ts
 * monotoneTypes({ monotone_constraints: [1, 0, -1] }, binned); // Int8Array [1, 0, -1] (all features used)
 * ```
 */
export function monotoneTypes(params: Pick<MonotoneParams, 'monotone_constraints'>, data: BinnedDataset): Int8Array | null {
  const mc = params.monotone_constraints;
  if (mc.length === 0) return null;
  const names = data.featureNames;
  if (mc.length !== names.length) {
    throw new ParamError('monotone_constraints', mc,
      `monotone_constraints has ${mc.length} value${mc.length === 1 ? '' : 's'}; the data has ${names.length} features: give one of -1, 0, 1 per feature, in order`,
      'PARAM_CONFLICT');
  }
  for (let i = 0; i < mc.length; i++) {
    if (mc[i] !== 0 && data.mappers[i].kind === 'categorical') {
      throw new ParamError('monotone_constraints', mc,
        `monotone_constraints[${i}] = ${mc[i]}: feature '${names[i]}' is categorical, and the output cannot be monotone in a categorical feature; give it 0`,
        'PARAM_CONFLICT');
    }
  }
  return Int8Array.from(data.usedFeatures, (f) => mc[f]);
}

/**
 * The data checks of monotone constraints, once per `train`/`cv` before any tree: the errors of
 * {@link monotoneTypes}, and a warning (verbosity >= 0) when the intermediate or advanced method
 * meets features with missing values. gbtune follows LightGBM's methods split for split, and
 * LightGBM's then do not always hold the constraints: they find a leaf's neighbours by the bin
 * intervals of the splits above it, which miss the neighbours that rows with a missing value reach
 * through a split's default direction; and the advanced method's left-to-right scans (run for
 * features with missing values) read the bounds of the feature's first bins for every threshold, so
 * its splits on such features can break the constraints on complete rows too (measured on
 * credit_data). The basic method bounds whole subtrees and holds them.
 *
 * @example
 * ```ts
 * checkMonotoneData(params, binned); // before training
 * ```
 */
export function checkMonotoneData(params: MonotoneParams & Pick<GbdtParams, 'verbosity'>, data: BinnedDataset): void {
  if (monotoneTypes(params, data) === null || params.monotone_constraints_method === 'basic' || params.verbosity < 0) return;
  const missing = Array.from(data.usedFeatures)
    .filter((f) => data.mappers[f].missingType !== MissingType.None && data.mappers[f].kind === 'numeric')
    .map((f) => `'${data.featureNames[f]}'`);
  if (missing.length === 0) return;
  const shown = missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
  log.warn(
    `monotone_constraints_method = ${params.monotone_constraints_method}: feature${missing.length > 1 ? 's' : ''} ${shown} ha${missing.length > 1 ? 've' : 's'} missing values, ` +
      `where LightGBM's ${params.monotone_constraints_method} method (which gbtune follows split for split) may not hold the constraints` +
      `${params.monotone_constraints_method === 'advanced' ? ' (for rows with missing values, and through splits on these features for other rows too)' : ' for rows with missing values'}; ` +
      'monotone_constraints_method = basic holds them',
  );
}

/** C++'s std::max / std::min (the first argument on ties), as LightGBM's BasicConstraintEntry. */
const stdMax = (a: number, b: number): number => (a < b ? b : a);
const stdMin = (a: number, b: number): number => (b < a ? b : a);

/** The basic and intermediate methods' bounds: one [min, max] per leaf (LightGBM's BasicConstraintEntry). */
class LeafBounds implements BoundUpdates {
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(numLeaves: number) {
    this.min = new Float64Array(numLeaves);
    this.max = new Float64Array(numLeaves);
  }

  reset(): void {
    this.min.fill(NO_MIN);
    this.max.fill(NO_MAX);
  }

  copy(from: number, to: number): void {
    this.min[to] = this.min[from];
    this.max[to] = this.max[from];
  }

  updateMin(leaf: number, v: number): void {
    this.min[leaf] = stdMax(v, this.min[leaf]);
  }

  updateMax(leaf: number, v: number): void {
    this.max[leaf] = stdMin(v, this.max[leaf]);
  }

  updateMinChanged(leaf: number, v: number): boolean {
    if (!(v > this.min[leaf])) return false;
    this.min[leaf] = v;
    return true;
  }

  updateMaxChanged(leaf: number, v: number): boolean {
    if (!(v < this.max[leaf])) return false;
    this.max[leaf] = v;
    return true;
  }

  fill(leaf: number, _feature: number, _numBin: number, _numerical: boolean, out: OutputBounds): void {
    out.setAll(this.min[leaf], this.max[leaf]);
  }
}

/**
 * The monotone constraints of one learner's trees: per-leaf bounds, updated split by split.
 *
 * @example
 * ```ts
 * const mc = LeafConstraints.create(params, binned, numLeaves, maxNumBin); // null without monotone_constraints
 * mc?.reset(tree);
 * const b = mc?.bounds(leaf, j, numBin, true) ?? null; // before searching feature j of leaf
 * ```
 */
export class LeafConstraints {
  /** Monotone direction per inner feature. */
  readonly types: Int8Array;
  readonly method: GbdtParams['monotone_constraints_method'];
  /** True when a search reads bounds per threshold (advanced): histograms must be dense. */
  readonly perThreshold: boolean;
  private readonly penaltyParam: number;
  private readonly t: MonotoneTree;
  private readonly entries: LeafBounds | AdvancedBounds;
  /** Intermediate and advanced: leaves under a split on a constrained feature (LightGBM's leaf_is_in_monotone_subtree_). */
  private readonly inMonotoneSubtree: Uint8Array;
  private readonly out: OutputBounds;
  private readonly path = new UpPath();
  private readonly toUpdate: number[] = [];

  private constructor(types: Int8Array, params: MonotoneParams, numLeaves: number, maxNumBin: number) {
    this.types = types;
    this.method = params.monotone_constraints_method;
    this.penaltyParam = params.monotone_penalty;
    this.t = new MonotoneTree(types, numLeaves);
    this.perThreshold = this.method === 'advanced';
    this.entries = this.method === 'advanced' ? new AdvancedBounds(this.t, numLeaves, types.length) : new LeafBounds(numLeaves);
    this.inMonotoneSubtree = new Uint8Array(numLeaves);
    this.out = new OutputBounds(maxNumBin);
  }

  /**
   * The constraints of a learner on `data` (null when `monotone_constraints` is empty). Throws
   * {@link ParamError} as {@link monotoneTypes}.
   */
  static create(params: MonotoneParams, data: BinnedDataset, numLeaves: number, maxNumBin: number): LeafConstraints | null {
    const types = monotoneTypes(params, data);
    return types === null ? null : new LeafConstraints(types, params, numLeaves, maxNumBin);
  }

  /** Starts a tree (LightGBM's Reset and ShareTreePointer). */
  reset(tree: Tree): void {
    this.entries.reset();
    this.t.reset(tree);
    this.inMonotoneSubtree.fill(0);
  }

  /**
   * The bounds of `leaf`'s children for inner feature `feature` (`numBin` bins), valid until the
   * next call; the advanced method first recomputes a numerical feature's stale bounds.
   */
  bounds(leaf: number, feature: number, numBin: number, numerical: boolean): OutputBounds {
    const out = this.out;
    out.monotone = numerical ? this.types[feature] : 0;
    this.entries.fill(leaf, feature, numBin, numerical, out);
    return out;
  }

  /**
   * The factor of a split gain on a constrained feature at `leaf` (LightGBM's
   * ComputeMonotoneSplitGainPenalty: kEpsilon on the first floor(monotone_penalty) levels, then
   * rising towards 1; 1 + kEpsilon when monotone_penalty is 0, as LightGBM).
   */
  penalty(leaf: number): number {
    const depth = this.t.leafDepth[leaf];
    const x = this.penaltyParam;
    if (x >= depth + 1) return K_EPSILON;
    if (x <= 1) return 1 - x / Math.pow(2, depth) + K_EPSILON;
    return 1 - Math.pow(2, x - 1 - depth) + K_EPSILON;
  }

  /**
   * Updates the bounds after `leaf` was split by `split` (inner `feature`, threshold bin
   * `threshold`; the tree already holds the new node and leaves) into `leaf` and `newLeaf`; returns
   * the other leaves whose best split must be searched again (intermediate, advanced), in order.
   * `best[l].gain` -Infinity marks a leaf that will not be split.
   */
  afterSplit(leaf: number, newLeaf: number, feature: number, threshold: number, numerical: boolean, split: SplitInfo, best: readonly SplitInfo[]): readonly number[] {
    const type = numerical ? this.types[feature] : 0;
    const e = this.entries;
    const basic = this.method === 'basic';
    if (!basic && (type !== 0 || this.inMonotoneSubtree[leaf] === 1)) {
      this.inMonotoneSubtree[leaf] = 1;
      this.inMonotoneSubtree[newLeaf] = 1;
    }
    this.t.split(leaf, newLeaf, feature, threshold, numerical);
    this.toUpdate.length = 0;
    if (!basic && this.inMonotoneSubtree[leaf] === 0) return this.toUpdate;
    e.copy(leaf, newLeaf);
    if (numerical && type !== 0) {
      // basic: both sides of the mean output; else: each side of the other's output
      const toLeft = basic ? (split.leftOutput + split.rightOutput) / 2 : split.rightOutput;
      const toRight = basic ? toLeft : split.leftOutput;
      if (type < 0) {
        e.updateMin(leaf, toLeft);
        e.updateMax(newLeaf, toRight);
      } else {
        e.updateMax(leaf, toLeft);
        e.updateMin(newLeaf, toRight);
      }
    }
    if (!basic) leavesToUpdate(this.t, e, newLeaf, split, feature, best, this.path, this.toUpdate);
    return this.toUpdate;
  }
}
