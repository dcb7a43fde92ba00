/**
 * Bounds on the outputs of a split's two children, as the split finders read them under monotone
 * constraints (LightGBM's `FeatureConstraint` / `BasicConstraint`, anchor:
 * `src/treelearner/monotone_constraints.hpp`, and their use in `feature_histogram.hpp`'s
 * `GetSplitGains` and `CalculateSplittedLeafOutput<USE_MC>`): each child's output is clamped into
 * its [min, max], a split on a constrained feature whose clamped outputs go the wrong way gains 0,
 * and the gain is that of the clamped outputs. Filled per leaf and feature by the monotone
 * constraints ({@link LeafConstraints}); "no bound" is +-`Number.MAX_VALUE`, as LightGBM's +-DBL_MAX.
 */
import { leafGainGivenOutput, leafOutput } from './split-info.js';

/** LightGBM's unbounded constraint: -DBL_MAX / DBL_MAX (compared by value in the advanced method). */
export const NO_MIN = -Number.MAX_VALUE;
export const NO_MAX = Number.MAX_VALUE;

/**
 * The bounds of one leaf's children for one feature. `forward` (left-to-right scans), `reverse`
 * (right-to-left scans, unless `perThreshold`) and `categorical` hold `[leftMin, leftMax, rightMin,
 * rightMax]`: they are all equal except with the advanced method, whose bounds depend on the
 * threshold (right-to-left scans then read threshold bin t's bounds at index t of the `threshold*`
 * arrays) and which LightGBM reads differently in each kind of search.
 *
 * @example
 * ```ts
 * const b = new OutputBounds(256);
 * b.setAll(-1, 2); // both children's outputs in [-1, 2]
 * ```
 */
export class OutputBounds {
  /** The feature's monotone direction: 1 increasing, -1 decreasing, 0 free. */
  monotone = 0;
  readonly forward = new Float64Array([NO_MIN, NO_MAX, NO_MIN, NO_MAX]);
  readonly reverse = new Float64Array([NO_MIN, NO_MAX, NO_MIN, NO_MAX]);
  readonly categorical = new Float64Array([NO_MIN, NO_MAX, NO_MIN, NO_MAX]);
  /** Right-to-left scans read the per-threshold arrays below instead of `reverse`. */
  perThreshold = false;
  readonly thresholdLeftMin: Float64Array;
  readonly thresholdLeftMax: Float64Array;
  readonly thresholdRightMin: Float64Array;
  readonly thresholdRightMax: Float64Array;

  /** `maxNumBin`: the most bins of any feature (the per-threshold arrays' length). */
  constructor(maxNumBin: number) {
    this.thresholdLeftMin = new Float64Array(maxNumBin);
    this.thresholdLeftMax = new Float64Array(maxNumBin);
    this.thresholdRightMin = new Float64Array(maxNumBin);
    this.thresholdRightMax = new Float64Array(maxNumBin);
  }

  /** Both children in [min, max] for every kind of search (the basic and intermediate methods). */
  setAll(min: number, max: number): void {
    setBounds(this.forward, min, max, min, max);
    setBounds(this.reverse, min, max, min, max);
    setBounds(this.categorical, min, max, min, max);
    this.perThreshold = false;
  }
}

/**
 * Writes [leftMin, leftMax, rightMin, rightMax] into `b`.
 *
 * @example
 * ```ts
 * setBounds(bounds.forward, -1, 1, 0, 2);
 * ```
 */
export function setBounds(b: Float64Array, leftMin: number, leftMax: number, rightMin: number, rightMax: number): void {
  b[0] = leftMin;
  b[1] = leftMax;
  b[2] = rightMin;
  b[3] = rightMax;
}

/** `v` clamped into [min, max] as LightGBM clamps a constrained output (min first). */
export function clampOutput(v: number, min: number, max: number): number {
  return v < min ? min : v > max ? max : v;
}

/**
 * LightGBM's `GetSplitGains<USE_MC = true>`: the children's outputs clamped into `bounds`
 * (`[leftMin, leftMax, rightMin, rightMax]`), 0 when they break `monotone`, else the gain of the
 * clamped outputs. The generated scan kernels inline the same arithmetic (codegen.ts).
 *
 * @example
 * ```ts
 * boundedSplitGain(-4, 2, 3, 2, 0, 0, 0, 0, 20, 20, 0, new Float64Array([-1, 1, -1, 1]), 1);
 * ```
 */
export function boundedSplitGain(
  lg: number,
  lh: number,
  rg: number,
  rh: number,
  l1: number,
  l2: number,
  md: number,
  smooth: number,
  lc: number,
  rc: number,
  parentOutput: number,
  bounds: Float64Array,
  monotone: number,
): number {
  const lo = clampOutput(leafOutput(lg, lh, l1, l2, md, smooth, lc, parentOutput), bounds[0], bounds[1]);
  const ro = clampOutput(leafOutput(rg, rh, l1, l2, md, smooth, rc, parentOutput), bounds[2], bounds[3]);
  if ((monotone > 0 && lo > ro) || (monotone < 0 && lo < ro)) return 0;
  return leafGainGivenOutput(lg, lh, l1, l2, lo) + leafGainGivenOutput(rg, rh, l1, l2, ro);
}
