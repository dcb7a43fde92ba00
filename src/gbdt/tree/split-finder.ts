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
import { leafGain, type SplitInfo, type SplitParams } from './split-info.js';

/**
 * LightGBM's kEpsilon ({@link K_EPSILON}) in a constant of this module: starting a loop's running
 * sum from the imported binding itself made V8 box that sum on every bin (1.4 GB of garbage in a
 * 5-fold cv on breast_cancer, 22 ns per bin instead of 4; measured again: 103 minor GCs per
 * breast_cancer cv instead of 6, ~15% more CPU). A module `const` taken from the import costs
 * nothing over a literal (same CPU and GC count), so the value still has one definition.
 */
const EPS = K_EPSILON;

/**
 * The current search's numbers, read by `scan` (set once per feature; keeps `scan`'s argument list
 * short — doubles passed to a call V8 does not inline are boxed).
 */
const S = { sumG: 0, sumH: 0, numData: 0, parentOutput: 0, smooth: 0, minGainShift: 0 };

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
  const words = randThreshold < 0 && nonEmpty !== null ? nonEmpty.words : null;
  if (numBin > 2 && info.missingType !== MissingType.None) {
    const zero = info.missingType === MissingType.Zero;
    if (words !== null) {
      const a = scanSparse(hist, off, info, true, zero, !zero, p, words, (nonEmpty as NonEmptyBins).base, out);
      const b = scanSparse(hist, off, info, false, zero, !zero, p, words, (nonEmpty as NonEmptyBins).base, out);
      return a || b;
    }
    const a = scan(hist, off, info, true, zero, !zero, p, randThreshold, out);
    const b = scan(hist, off, info, false, zero, !zero, p, randThreshold, out);
    return a || b;
  }
  const found =
    words !== null
      ? scanSparse(hist, off, info, true, false, false, p, words, (nonEmpty as NonEmptyBins).base, out)
      : scan(hist, off, info, true, false, false, p, randThreshold, out);
  // a two-bin feature with NaN: LightGBM sends missing values right
  if (out.gain > -Infinity && info.missingType === MissingType.NaN) out.defaultLeft = false;
  return found;
}

function scan(
  hist: Float64Array,
  off: number,
  info: FeatureBinInfo,
  reverse: boolean,
  skipDefault: boolean,
  naAsMissing: boolean,
  p: SplitParams,
  randThreshold: number,
  out: SplitInfo,
): boolean {
  const sumG = S.sumG;
  const sumH = S.sumH;
  const numData = S.numData;
  const parentOutput = S.parentOutput;
  const smooth = S.smooth;
  const minGainShift = S.minGainShift;
  const numBin = info.numBin;
  const defaultBin = skipDefault ? info.defaultBin : -1;
  const cntFactor = numData / sumH;
  const l1 = p.lambda_l1;
  const l2 = p.lambda_l2;
  const md = p.max_delta_step;
  const minData = p.min_data_in_leaf;
  const minHess = p.min_sum_hessian_in_leaf;
  // the common cases inlined (same arithmetic as leafGain): no max_delta_step and no path smoothing,
  // without L1 (plain) or with it (soft-thresholded sums; tuning always has L1 > 0)
  const plain = l1 <= 0 && md <= 0 && smooth <= 0;
  const onlyL1 = !plain && md <= 0 && smooth <= 0;
  let bestGain = -Infinity;
  let bestLeftG = NaN;
  let bestLeftH = NaN;
  let bestLeftCount = 0;
  let bestThreshold = numBin;
  let splittable = false;
  if (reverse) {
    let rg = 0;
    let rh = EPS;
    let rc = 0;
    for (let t = numBin - 1 - (naAsMissing ? 1 : 0); t >= 1; t--) {
      if (t === defaultBin) continue;
      const s = (off + t) << 1;
      const h = hist[s + 1] as number;
      const g = hist[s] as number;
      rg += g;
      rh += h;
      rc += (h * cntFactor + 0.5) | 0; // LightGBM RoundInt
      if (rc < minData || rh < minHess) continue;
      const lc = numData - rc;
      if (lc < minData) break;
      const lh = sumH - rh;
      if (lh < minHess) break;
      if (randThreshold >= 0 && t - 1 !== randThreshold) continue;
      const lg = sumG - rg;
      let gain = 0;
      if (plain) gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2);
      else if (onlyL1) {
        const al = Math.abs(lg) - l1;
        const ar = Math.abs(rg) - l1;
        gain = (al > 0 ? (al * al) / (lh + l2) : 0) + (ar > 0 ? (ar * ar) / (rh + l2) : 0);
      } else gain = leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput);
      if (gain <= minGainShift) continue;
      splittable = true;
      if (gain > bestGain) {
        bestLeftCount = lc;
        bestLeftG = lg;
        bestLeftH = lh;
        bestThreshold = t - 1;
        bestGain = gain;
      }
    }
  } else {
    let lg = 0;
    let lh = EPS;
    let lc = 0;
    // bin 0 absent from LightGBM's histogram: with NaN, left starts as the totals minus the other
    // bins and bin 0 is never added; with zero as missing, bin 0 is left out of the scan
    const noBin0 = info.mostFreqBin === 0;
    const skipAdd = noBin0 && naAsMissing ? 0 : -1;
    if (skipAdd === 0) {
      leftWithoutBins(hist, off, numBin, null, 0, cntFactor);
      lg = R.g;
      lh = R.h;
      lc = R.c;
    }
    const tEnd = numBin - 2;
    for (let t = noBin0 && !naAsMissing ? 1 : 0; t <= tEnd; t++) {
      if (t === defaultBin) continue;
      if (t !== skipAdd) {
        const s = (off + t) << 1;
        const h = hist[s + 1] as number;
        lg += hist[s] as number;
        lh += h;
        lc += (h * cntFactor + 0.5) | 0;
      }
      if (lc < minData || lh < minHess) continue;
      const rc = numData - lc;
      if (rc < minData) break;
      const rh = sumH - lh;
      if (rh < minHess) break;
      if (randThreshold >= 0 && t !== randThreshold) continue;
      const rg = sumG - lg;
      let gain = 0;
      if (plain) gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2);
      else if (onlyL1) {
        const al = Math.abs(lg) - l1;
        const ar = Math.abs(rg) - l1;
        gain = (al > 0 ? (al * al) / (lh + l2) : 0) + (ar > 0 ? (ar * ar) / (rh + l2) : 0);
      } else gain = leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput);
      if (gain <= minGainShift) continue;
      splittable = true;
      if (gain > bestGain) {
        bestLeftCount = lc;
        bestLeftG = lg;
        bestLeftH = lh;
        bestThreshold = t;
        bestGain = gain;
      }
    }
  }
  if (splittable) keepBest(bestGain, bestThreshold, bestLeftG, bestLeftH, bestLeftCount, reverse, p, out);
  return splittable;
}

/** The left sums {@link leftWithoutBins} returns (a module object: no allocation per call). */
const R = { g: 0, h: 0, c: 0 };

/**
 * Into {@link R}: the leaf's totals minus bins 1..numBin-1 of the feature (its non-empty bins when
 * `words` is a sparse bitmap), in bin order, as LightGBM's left-to-right scan with NaN starts when
 * its histogram has no bin 0 (`FindBestThresholdSequentially`, `offset == 1`).
 */
function leftWithoutBins(hist: Float64Array, off: number, numBin: number, words: Uint32Array | null, base: number, cntFactor: number): void {
  let g = S.sumG;
  let h = S.sumH - EPS;
  let c = S.numData;
  for (let t = 1; t < numBin; t++) {
    const k = off + t;
    if (words !== null && ((words[base + (k >>> 5)] as number) & (1 << (k & 31))) === 0) continue;
    const s = k << 1;
    const bh = hist[s + 1] as number;
    g -= hist[s] as number;
    h -= bh;
    c -= (bh * cntFactor + 0.5) | 0;
  }
  R.g = g;
  R.h = h;
  R.c = c;
}

/** As LightGBM: the scan's best replaces this feature's best so far when better (out was reset for this feature). */
function keepBest(bestGain: number, bestThreshold: number, bestLeftG: number, bestLeftH: number, bestLeftCount: number, reverse: boolean, p: SplitParams, out: SplitInfo): void {
  const { sumG, sumH, numData, parentOutput, smooth, minGainShift } = S;
  if (!(bestGain > out.gain + minGainShift)) return;
  out.threshold = bestThreshold;
  out.isCategorical = false;
  out.numCat = 0;
  out.setChildren(bestLeftG, bestLeftH, bestLeftCount, sumG, sumH, numData, p.lambda_l1, p.lambda_l2, p.max_delta_step, smooth, parentOutput, bestGain - minGainShift);
  out.defaultLeft = reverse;
}

/**
 * {@link scan} over a sparse histogram: only the bins whose bit is set in the non-empty bitmap are
 * visited (the others are empty, and hold stale numbers). Exactly the same result as the dense scan:
 * an empty bin leaves the running sums unchanged, so every threshold it would add repeats the gain
 * of the bin visited just before it, which never wins (strictly greater gains only). Not used with
 * extra_trees (whose random threshold may fall on an empty bin).
 */
function scanSparse(
  hist: Float64Array,
  off: number,
  info: FeatureBinInfo,
  reverse: boolean,
  skipDefault: boolean,
  naAsMissing: boolean,
  p: SplitParams,
  words: Uint32Array,
  base: number,
  out: SplitInfo,
): boolean {
  const sumG = S.sumG;
  const sumH = S.sumH;
  const numData = S.numData;
  const parentOutput = S.parentOutput;
  const smooth = S.smooth;
  const minGainShift = S.minGainShift;
  const numBin = info.numBin;
  const defaultBin = skipDefault ? info.defaultBin : -1;
  const cntFactor = numData / sumH;
  const l1 = p.lambda_l1;
  const l2 = p.lambda_l2;
  const md = p.max_delta_step;
  const minData = p.min_data_in_leaf;
  const minHess = p.min_sum_hessian_in_leaf;
  const plain = l1 <= 0 && md <= 0 && smooth <= 0;
  const onlyL1 = !plain && md <= 0 && smooth <= 0;
  let bestGain = -Infinity;
  let bestLeftG = NaN;
  let bestLeftH = NaN;
  let bestLeftCount = 0;
  let bestThreshold = numBin;
  let splittable = false;
  if (reverse) {
    // bins t = hiT .. 1 of this feature: histogram bins off + t
    const lo = off + 1;
    const hi = off + numBin - 1 - (naAsMissing ? 1 : 0);
    let rg = 0;
    let rh = EPS;
    let rc = 0;
    scanWords: for (let w = hi >>> 5; w >= lo >>> 5 && hi >= lo; w--) {
      let word = (words[base + w] as number) | 0;
      if (w === hi >>> 5 && (hi & 31) !== 31) word &= (1 << ((hi & 31) + 1)) - 1;
      if (w === lo >>> 5) word &= -1 << (lo & 31);
      while (word !== 0) {
        const bit = 31 - Math.clz32(word);
        word ^= 1 << bit;
        const t = (w << 5) + bit - off;
        if (t === defaultBin) continue;
        const s = (off + t) << 1;
        const h = hist[s + 1] as number;
        rg += hist[s] as number;
        rh += h;
        rc += (h * cntFactor + 0.5) | 0;
        if (rc < minData || rh < minHess) continue;
        const lc = numData - rc;
        if (lc < minData) break scanWords;
        const lh = sumH - rh;
        if (lh < minHess) break scanWords;
        const lg = sumG - rg;
        let gain = 0;
        if (plain) gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2);
        else if (onlyL1) {
          const al = Math.abs(lg) - l1;
          const ar = Math.abs(rg) - l1;
          gain = (al > 0 ? (al * al) / (lh + l2) : 0) + (ar > 0 ? (ar * ar) / (rh + l2) : 0);
        } else gain = leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput);
        if (gain <= minGainShift) continue;
        splittable = true;
        if (gain > bestGain) {
          bestLeftCount = lc;
          bestLeftG = lg;
          bestLeftH = lh;
          bestThreshold = t - 1;
          bestGain = gain;
        }
      }
    }
  } else {
    // bin 0 as in the dense scan; with NaN its threshold is tried even when it is empty
    const noBin0 = info.mostFreqBin === 0;
    const skipAdd = noBin0 && naAsMissing ? 0 : -1;
    const lo = off + (noBin0 && !naAsMissing ? 1 : 0);
    const hi = off + numBin - 2;
    let lg = 0;
    let lh = EPS;
    let lc = 0;
    if (skipAdd === 0) {
      leftWithoutBins(hist, off, numBin, words, base, cntFactor);
      lg = R.g;
      lh = R.h;
      lc = R.c;
    }
    scanWords: for (let w = lo >>> 5; w <= hi >>> 5 && hi >= lo; w++) {
      let word = (words[base + w] as number) | 0;
      if (w === hi >>> 5 && (hi & 31) !== 31) word &= (1 << ((hi & 31) + 1)) - 1;
      if (w === lo >>> 5) word = (word & (-1 << (lo & 31))) | (skipAdd === 0 ? 1 << (lo & 31) : 0);
      while (word !== 0) {
        const low = word & -word;
        word ^= low;
        const t = (w << 5) + 31 - Math.clz32(low) - off;
        if (t === defaultBin) continue;
        if (t !== skipAdd) {
          const s = (off + t) << 1;
          const h = hist[s + 1] as number;
          lg += hist[s] as number;
          lh += h;
          lc += (h * cntFactor + 0.5) | 0;
        }
        if (lc < minData || lh < minHess) continue;
        const rc = numData - lc;
        if (rc < minData) break scanWords;
        const rh = sumH - lh;
        if (rh < minHess) break scanWords;
        const rg = sumG - lg;
        let gain = 0;
        if (plain) gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2);
        else if (onlyL1) {
          const al = Math.abs(lg) - l1;
          const ar = Math.abs(rg) - l1;
          gain = (al > 0 ? (al * al) / (lh + l2) : 0) + (ar > 0 ? (ar * ar) / (rh + l2) : 0);
        } else gain = leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput);
        if (gain <= minGainShift) continue;
        splittable = true;
        if (gain > bestGain) {
          bestLeftCount = lc;
          bestLeftG = lg;
          bestLeftH = lh;
          bestThreshold = t;
          bestGain = gain;
        }
      }
    }
  }
  if (splittable) keepBest(bestGain, bestThreshold, bestLeftG, bestLeftH, bestLeftCount, reverse, p, out);
  return splittable;
}
