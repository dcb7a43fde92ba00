/**
 * Best threshold of one numerical feature from its histogram, as LightGBM's
 * `FeatureHistogram::FindBestThresholdSequentially` (anchor: `src/treelearner/feature_histogram.hpp`):
 * scan bins right-to-left (missing values go left) and, when the feature has missing values,
 * left-to-right too (missing values go right), so the split learns its default direction. With
 * MissingType.Zero the zero bin is skipped by the scan (it follows the default direction); with
 * MissingType.NaN the last (NaN) bin is. Counts are estimated from hessians as LightGBM does
 * (`round(hess * numData / sumHess)`), exact whenever hessians are constant. When bin 0 is the
 * feature's most frequent bin, LightGBM's histogram has no bin 0 (its `offset`): the left-to-right
 * scan then starts from the leaf's totals minus every other bin (with NaN), or leaves bin 0 out (zero
 * as missing), and so does this one — the same sums to the last bit.
 */
import { K_EPSILON } from '../../core/constants.js';
import { MissingType } from '../../data/bin-mapper.js';
import { scanKernel, ScanBounds, ScanGain, ScanMissing, ScanMode, type ScanState } from './codegen.js';
import { clampOutput, type OutputBounds } from './output-bounds.js';
import { leafGain, type SplitInfo, type SplitParams } from './split-info.js';

/**
 * LightGBM's kEpsilon ({@link K_EPSILON}) in a constant of this module. When the scan loops lived
 * here, starting a running sum from the imported binding itself made V8 box that sum on every bin
 * (103 minor GCs per breast_cancer cv instead of 6, ~15% more CPU); a module `const` taken from the
 * import cost nothing over a literal. The generated scan kernels (codegen.ts) now read it from the
 * scan state (`S.eps`), set once from this constant.
 */
const EPS = K_EPSILON;

/** Passed as the bitmap to the dense kernels (keeps the kernels' argument types monomorphic). */
const NO_WORDS = new Uint32Array(0);
/** The per-threshold bounds of the scan state when the scan has none. */
const NO_WORDS_F64 = new Float64Array(0);

/**
 * The current search's numbers, read and written by the scan kernels (set once per feature; keeps
 * the kernels' argument list short — doubles passed to a call V8 does not inline are boxed). The
 * double fields start as doubles (NaN) so that their first store never changes the object's shape.
 */
const S: ScanState = {
  sumG: NaN,
  sumH: NaN,
  numData: 0,
  parentOutput: NaN,
  smooth: NaN,
  minGainShift: NaN,
  eps: EPS,
  bestGain: -Infinity,
  bestThreshold: 0,
  bestLeftG: NaN,
  bestLeftH: NaN,
  bestLeftCount: 0,
  monotone: 0,
  bounds: new Float64Array(4),
  leftMin: NO_WORDS_F64,
  leftMax: NO_WORDS_F64,
  rightMin: NO_WORDS_F64,
  rightMax: NO_WORDS_F64,
  bestBounds: new Float64Array(4),
};

/**
 * A sparse histogram's bitmap of non-empty bins (bit k of `words[base + (k >> 5)]` for histogram
 * bin k), or `words` null for a dense histogram. Set by {@link findBestNumericalSplit}'s caller.
 */
export interface NonEmptyBins {
  words: Uint32Array | null;
  base: number;
}

/** What the split finders know of one feature. */
export interface FeatureBinInfo {
  numBin: number;
  missingType: MissingType;
  /** The bin of value 0. */
  defaultBin: number;
  /** LightGBM's most_freq_bin (see `BinMapper.mostFreqBin`); 0 makes LightGBM's histogram skip bin 0. */
  mostFreqBin: number;
}

/**
 * Finds the best numerical split of one feature and writes it into `out`, which must have been
 * reset for this feature (`out.gain` stays -Infinity when no split is allowed). Returns whether any
 * threshold beat the no-split gain (LightGBM's `is_splittable`, which children inherit).
 * `hist` holds interleaved [g, h] pairs, the feature's bin b at `2 * (off + b)`.
 * `randThreshold` >= 0 restricts the search to that threshold (extra_trees), -1 for all.
 * `bounds` (monotone constraints; null: none) bounds the children's outputs, as LightGBM's USE_MC
 * searches do (see output-bounds.ts).
 *
 * @example
 * ```ts
 * out.reset();
 * findBestNumericalSplit(hist, 0, { numBin, missingType: 0, defaultBin: 0, mostFreqBin: 0 }, sg, sh, n, 0, params, -1, out);
 * ```
 */
export function findBestNumericalSplit(
  hist: Float64Array,
  off: number,
  info: FeatureBinInfo,
  sumG: number,
  sumHIn: number,
  numData: number,
  parentOutput: number,
  p: SplitParams,
  randThreshold: number,
  out: SplitInfo,
  nonEmpty: NonEmptyBins | null = null,
  bounds: OutputBounds | null = null,
): boolean {
  const sumH = sumHIn + 2 * EPS;
  const smooth = p.path_smooth > EPS ? p.path_smooth : 0;
  const minGainShift =
    leafGain(sumG, sumH, p.lambda_l1, p.lambda_l2, p.max_delta_step, smooth, numData, parentOutput) + p.min_gain_to_split;
  const numBin = info.numBin;
  S.sumG = sumG;
  S.sumH = sumH;
  S.numData = numData;
  S.parentOutput = parentOutput;
  S.smooth = smooth;
  S.minGainShift = minGainShift;
  // the gain formula inlined by the kernel: without L1 (plain) or with it (tuning always has L1 > 0)
  // when neither max_delta_step nor path smoothing is on, else the general leafGain
  const gain = p.max_delta_step <= 0 && smooth <= 0 ? (p.lambda_l1 <= 0 ? ScanGain.plain : ScanGain.l1) : ScanGain.general;
  const words = randThreshold < 0 && nonEmpty !== null ? nonEmpty.words : null;
  const mode = randThreshold >= 0 ? ScanMode.randomThreshold : words !== null ? ScanMode.sparse : ScanMode.dense;
  const w = words ?? NO_WORDS;
  const base = words !== null && nonEmpty !== null ? nonEmpty.base : 0;
  // right-to-left (missing values left), then, when the feature has missing values, left-to-right
  // (missing values right); one call site each for the kernels and keepBest keeps this function small
  const both = numBin > 2 && info.missingType !== MissingType.None;
  const missing = !both ? ScanMissing.none : info.missingType === MissingType.Zero ? ScanMissing.zero : ScanMissing.nan;
  let found = false;
  for (let pass = 0; pass < (both ? 2 : 1); pass++) {
    const reverse = pass === 0;
    const bounded = bounds === null ? ScanBounds.none : setBounds(bounds, reverse);
    if (scanKernel(reverse, mode, gain, missing, info.mostFreqBin === 0, bounded)(hist, off, numBin, info.defaultBin, randThreshold, w, base, p, S)) {
      found = true;
      keepBest(reverse, p, out, bounded !== ScanBounds.none);
    }
  }
  // a two-bin feature with NaN: LightGBM sends missing values right
  if (!both && out.gain > -Infinity && info.missingType === MissingType.NaN) out.defaultLeft = false;
  return found;
}

/**
 * Puts a scan's bounds into S: right-to-left scans of the advanced method read them per threshold,
 * other scans a constant [leftMin, leftMax, rightMin, rightMax] (LightGBM's InitCumulativeConstraints).
 */
function setBounds(b: OutputBounds, reverse: boolean): ScanBounds {
  S.monotone = b.monotone;
  if (reverse && b.perThreshold) {
    S.leftMin = b.thresholdLeftMin;
    S.leftMax = b.thresholdLeftMax;
    S.rightMin = b.thresholdRightMin;
    S.rightMax = b.thresholdRightMax;
    return ScanBounds.perThreshold;
  }
  S.bounds.set(reverse ? b.reverse : b.forward);
  return ScanBounds.constant;
}

/**
 * As LightGBM: the scan's best (in S) replaces this feature's best so far when better (out was
 * reset for this feature); a bounded scan's outputs are clamped into the best's bounds.
 */
function keepBest(reverse: boolean, p: SplitParams, out: SplitInfo, bounded: boolean): void {
  const minGainShift = S.minGainShift;
  const bestGain = S.bestGain;
  if (!(bestGain > out.gain + minGainShift)) return;
  out.threshold = S.bestThreshold;
  out.isCategorical = false;
  out.numCat = 0;
  out.setChildren(S.bestLeftG, S.bestLeftH, S.bestLeftCount, S.sumG, S.sumH, S.numData, p.lambda_l1, p.lambda_l2, p.max_delta_step, S.smooth, S.parentOutput, bestGain - minGainShift);
  out.defaultLeft = reverse;
  if (bounded) {
    const bb = S.bestBounds;
    out.leftOutput = clampOutput(out.leftOutput, bb[0], bb[1]);
    out.rightOutput = clampOutput(out.rightOutput, bb[2], bb[3]);
  }
}
