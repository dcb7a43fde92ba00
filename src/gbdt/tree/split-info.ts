/**
 * The best split of a leaf found so far, and the regularised gain/output formulas shared by the
 * numerical and categorical split finders. Anchor: LightGBM `src/treelearner/split_info.hpp` and
 * `feature_histogram.hpp` (`ThresholdL1`, `CalculateSplittedLeafOutput`, `GetLeafGain`).
 */
import { K_EPSILON } from '../../core/constants.js';
import type { GbdtParams } from '../../params/resolved.js';

/** The params the split finders read (LightGBM names). */
export type SplitParams = Pick<
  GbdtParams,
  | 'lambda_l1'
  | 'lambda_l2'
  | 'max_delta_step'
  | 'path_smooth'
  | 'min_data_in_leaf'
  | 'min_sum_hessian_in_leaf'
  | 'min_gain_to_split'
  | 'max_cat_to_onehot'
  | 'max_cat_threshold'
  | 'cat_smooth'
  | 'cat_l2'
  | 'min_data_per_group'
>;

/**
 * A candidate split of one leaf (mutable; reused, never allocated per node).
 *
 * @example
 * ```ts
 * const s = new SplitInfo(32);
 * s.reset(); // gain = -Infinity
 * ```
 */
export class SplitInfo {
  gain = -Infinity;
  /** Inner feature index, -1 when none. */
  feature = -1;
  /** Numerical: the threshold bin (bins <= threshold go left, missing per defaultLeft). */
  threshold = 0;
  defaultLeft = true;
  isCategorical = false;
  /** Categorical: bins going left are catBins[0 .. numCat). */
  numCat = 0;
  catBins: Int32Array;
  leftCount = 0;
  rightCount = 0;
  leftSumG = 0;
  leftSumH = 0;
  rightSumG = 0;
  rightSumH = 0;
  leftOutput = 0;
  rightOutput = 0;

  constructor(maxCat: number) {
    this.catBins = new Int32Array(Math.max(1, maxCat));
  }

  reset(): void {
    this.gain = -Infinity;
    this.feature = -1;
    this.numCat = 0;
    this.isCategorical = false;
    this.defaultLeft = true;
  }

  /** LightGBM's SplitInfo `>`: larger gain, ties to the smaller feature index. */
  betterThan(o: SplitInfo): boolean {
    const a = Number.isNaN(this.gain) ? -Infinity : this.gain;
    const b = Number.isNaN(o.gain) ? -Infinity : o.gain;
    if (a !== b) return a > b;
    const fa = this.feature === -1 ? 0x7fffffff : this.feature;
    const fb = o.feature === -1 ? 0x7fffffff : o.feature;
    return fa < fb;
  }

  /**
   * Sets both children from the best left sums of a scan (`leftH` and `sumH` carry the scan's
   * epsilons, taken off the stored hessian sums as LightGBM does) and the split's gain.
   */
  setChildren(leftG: number, leftH: number, leftCount: number, sumG: number, sumH: number, numData: number, l1: number, l2: number, md: number, smooth: number, parentOutput: number, gain: number): void {
    this.leftOutput = leafOutput(leftG, leftH, l1, l2, md, smooth, leftCount, parentOutput);
    this.leftCount = leftCount;
    this.leftSumG = leftG;
    this.leftSumH = leftH - K_EPSILON;
    this.rightOutput = leafOutput(sumG - leftG, sumH - leftH, l1, l2, md, smooth, numData - leftCount, parentOutput);
    this.rightCount = numData - leftCount;
    this.rightSumG = sumG - leftG;
    this.rightSumH = sumH - leftH - K_EPSILON;
    this.gain = gain;
  }

  copyFrom(o: SplitInfo): void {
    this.gain = o.gain;
    this.feature = o.feature;
    this.threshold = o.threshold;
    this.defaultLeft = o.defaultLeft;
    this.isCategorical = o.isCategorical;
    this.numCat = o.numCat;
    if (this.catBins.length < o.numCat) this.catBins = new Int32Array(o.catBins.length);
    for (let i = 0; i < o.numCat; i++) this.catBins[i] = o.catBins[i];
    this.leftCount = o.leftCount;
    this.rightCount = o.rightCount;
    this.leftSumG = o.leftSumG;
    this.leftSumH = o.leftSumH;
    this.rightSumG = o.rightSumG;
    this.rightSumH = o.rightSumH;
    this.leftOutput = o.leftOutput;
    this.rightOutput = o.rightOutput;
  }
}

/** Soft-thresholds a gradient sum by the L1 penalty. */
export function thresholdL1(s: number, l1: number): number {
  const r = Math.abs(s) - l1;
  return r > 0 ? (s > 0 ? r : -r) : 0;
}

/** A leaf's output from its sums, with L1, L2, max_delta_step and path smoothing (smooth <= 0: off). */
export function leafOutput(sg: number, sh: number, l1: number, l2: number, maxDelta: number, smooth: number, n: number, parentOutput: number): number {
  let ret = -thresholdL1(sg, l1) / (sh + l2);
  if (maxDelta > 0 && Math.abs(ret) > maxDelta) ret = ret > 0 ? maxDelta : -maxDelta;
  if (smooth > 0) {
    const w = n / smooth;
    ret = (ret * w) / (w + 1) + parentOutput / (w + 1);
  }
  return ret;
}

/** The gain of a leaf with a given output. */
export function leafGainGivenOutput(sg: number, sh: number, l1: number, l2: number, output: number): number {
  const s = thresholdL1(sg, l1);
  return -(2 * s * output + (sh + l2) * output * output);
}

/** A leaf's gain at its optimal (regularised) output. */
export function leafGain(sg: number, sh: number, l1: number, l2: number, maxDelta: number, smooth: number, n: number, parentOutput: number): number {
  if (maxDelta <= 0 && smooth <= 0) {
    const s = thresholdL1(sg, l1);
    return (s * s) / (sh + l2);
  }
  const out = leafOutput(sg, sh, l1, l2, maxDelta, smooth, n, parentOutput);
  return leafGainGivenOutput(sg, sh, l1, l2, out);
}
