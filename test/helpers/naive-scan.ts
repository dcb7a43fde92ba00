/**
 * Plain reference implementations of the numerical split scan (LightGBM's
 * FindBestThresholdSequentially), for testing the generated scan kernels: every candidate threshold
 * is evaluated from scratch, its side's sums recomputed over the bins the scan has visited so far, in
 * the scan's order — so the sums are the same floating-point numbers as the kernels' running sums,
 * and results compare exactly. Where the kernels `break` (the other side too small), this reference
 * skips the candidate instead: with non-negative hessians the other side only shrinks, so every
 * later candidate fails too and both give the same result.
 */
import { MissingType } from '../../src/data/bin-mapper.js';
import { K_EPSILON } from '../../src/core/constants.js';
import { boundedSplitGain } from '../../src/gbdt/tree/output-bounds.js';
import { leafGain, type SplitParams } from '../../src/gbdt/tree/split-info.js';

/**
 * Monotone bounds of a naive scan: the feature's direction and the children's output bounds
 * [leftMin, leftMax, rightMin, rightMax] at each threshold.
 */
export interface NaiveBounds {
  monotone: number;
  at(threshold: number): readonly [number, number, number, number];
}

export interface NaiveScanInput {
  /** The feature's histogram as if dense: interleaved [g, h], bin t at 2 * (off + t). */
  hist: Float64Array;
  off: number;
  numBin: number;
  /** The bin left out of the scan (MissingType.Zero), or -1. */
  skipBin: number;
  /** Leave the last bin (NaN) out of a right-to-left scan. */
  skipLast: boolean;
  reverse: boolean;
  /**
   * LightGBM's histogram has no bin 0 (most_freq_bin 0). Left-to-right with missing values only:
   * with NaN (skipLast) the left side starts as the totals minus bins 1..numBin-1 and bin 0 adds
   * nothing; with zero as missing (skipBin >= 0) bin 0 is left out. Default false.
   */
  noBin0?: boolean;
  /** The only threshold considered, or -1 for all. */
  rand: number;
  sumG: number;
  /** With its 2 * K_EPSILON, as the split finder passes it. */
  sumH: number;
  numData: number;
  parentOutput: number;
  smooth: number;
  minGainShift: number;
  p: SplitParams;
  /** Monotone bounds (LightGBM's USE_MC); absent: none. */
  outputBounds?: NaiveBounds;
}

export interface NaiveScanResult {
  found: boolean;
  bestGain: number;
  bestThreshold: number;
  bestLeftG: number;
  bestLeftH: number;
  bestLeftCount: number;
  /** With bounds: the best's bounds. */
  bestBounds?: readonly number[];
}

/** One direction of the scan, every candidate from scratch. */
export function naiveScan(x: NaiveScanInput): NaiveScanResult {
  const { hist, off, numBin, p } = x;
  const noBin0 = x.noBin0 === true && !x.reverse && (x.skipLast || x.skipBin >= 0);
  const fromTotals = noBin0 && x.skipLast;
  const order: number[] = [];
  if (x.reverse) for (let t = numBin - 1 - (x.skipLast ? 1 : 0); t >= 1; t--) order.push(t);
  else for (let t = noBin0 && !fromTotals ? 1 : 0; t <= numBin - 2; t++) order.push(t);
  const visited = order.filter((t) => t !== x.skipBin);
  const cntFactor = x.numData / x.sumH;
  // no bin 0 with NaN: the left side starts from the totals minus every other bin, in bin order
  let g0 = 0;
  let h0 = K_EPSILON;
  let c0 = 0;
  if (fromTotals) {
    g0 = x.sumG;
    h0 = x.sumH - K_EPSILON;
    c0 = x.numData;
    for (let t = 1; t < numBin; t++) {
      const s = 2 * (off + t);
      g0 -= hist[s];
      h0 -= hist[s + 1];
      c0 -= Math.floor(hist[s + 1] * cntFactor + 0.5);
    }
  }
  const res: NaiveScanResult = { found: false, bestGain: -Infinity, bestThreshold: numBin, bestLeftG: NaN, bestLeftH: NaN, bestLeftCount: 0 };
  for (let k = 0; k < visited.length; k++) {
    // the scanned side (right when reverse) holds visited bins 0..k
    let g = g0;
    let h = h0;
    let c = c0;
    for (let m = 0; m <= k; m++) {
      if (fromTotals && visited[m] === 0) continue;
      const s = 2 * (off + visited[m]);
      g += hist[s];
      h += hist[s + 1];
      c += Math.floor(hist[s + 1] * cntFactor + 0.5);
    }
    const oc = x.numData - c;
    const oh = x.sumH - h;
    if (c < p.min_data_in_leaf || h < p.min_sum_hessian_in_leaf || oc < p.min_data_in_leaf || oh < p.min_sum_hessian_in_leaf) continue;
    const threshold = x.reverse ? visited[k] - 1 : visited[k];
    if (x.rand >= 0 && threshold !== x.rand) continue;
    const og = x.sumG - g;
    const [lg, lh, lc, rg, rh, rc] = x.reverse ? [og, oh, oc, g, h, c] : [g, h, c, og, oh, oc];
    const b = x.outputBounds?.at(threshold);
    const gain =
      b === undefined || x.outputBounds === undefined
        ? leafGain(lg, lh, p.lambda_l1, p.lambda_l2, p.max_delta_step, x.smooth, lc, x.parentOutput) +
          leafGain(rg, rh, p.lambda_l1, p.lambda_l2, p.max_delta_step, x.smooth, rc, x.parentOutput)
        : boundedSplitGain(lg, lh, rg, rh, p.lambda_l1, p.lambda_l2, p.max_delta_step, x.smooth, lc, rc, x.parentOutput, Float64Array.from(b), x.outputBounds.monotone);
    if (gain <= x.minGainShift) continue;
    res.found = true;
    // LightGBM skips a better candidate whose bounds are empty
    if (b !== undefined && (b[0] > b[1] || b[2] > b[3])) continue;
    if (gain > res.bestGain) Object.assign(res, { bestGain: gain, bestThreshold: threshold, bestLeftG: lg, bestLeftH: lh, bestLeftCount: lc, bestBounds: b });
  }
  return res;
}

export interface NaiveSplit {
  found: boolean;
  gain: number;
  threshold: number;
  defaultLeft: boolean;
  leftG: number;
  leftH: number;
  leftCount: number;
}

/**
 * The best split of one numerical feature: right-to-left (missing values left), then, when the
 * feature has missing values and more than two bins, left-to-right (missing values right); a
 * direction's best replaces the first's when its gain beats it (LightGBM's comparison, shifted
 * gains included). `hist` must be dense (zeros in empty bins).
 */
export function naiveBestSplit(
  hist: Float64Array,
  off: number,
  info: { numBin: number; missingType: MissingType; defaultBin: number; mostFreqBin?: number },
  sumG: number,
  sumHIn: number,
  numData: number,
  parentOutput: number,
  p: SplitParams,
  rand: number,
): NaiveSplit {
  const sumH = sumHIn + 2 * K_EPSILON;
  const smooth = p.path_smooth > K_EPSILON ? p.path_smooth : 0;
  const minGainShift = leafGain(sumG, sumH, p.lambda_l1, p.lambda_l2, p.max_delta_step, smooth, numData, parentOutput) + p.min_gain_to_split;
  const both = info.numBin > 2 && info.missingType !== MissingType.None;
  const common = { hist, off, numBin: info.numBin, rand, sumG, sumH, numData, parentOutput, smooth, minGainShift, p };
  const best: NaiveSplit = { found: false, gain: -Infinity, threshold: 0, defaultLeft: true, leftG: 0, leftH: 0, leftCount: 0 };
  for (const reverse of both ? [true, false] : [true]) {
    const r = naiveScan({
      ...common,
      reverse,
      skipBin: both && info.missingType === MissingType.Zero ? info.defaultBin : -1,
      skipLast: both && info.missingType === MissingType.NaN,
      noBin0: info.mostFreqBin === 0,
    });
    if (!r.found) continue;
    best.found = true;
    if (r.bestGain > best.gain + minGainShift) {
      Object.assign(best, { gain: r.bestGain - minGainShift, threshold: r.bestThreshold, defaultLeft: reverse, leftG: r.bestLeftG, leftH: r.bestLeftH, leftCount: r.bestLeftCount });
    }
  }
  if (best.gain > -Infinity && !both && info.missingType === MissingType.NaN) best.defaultLeft = false;
  return best;
}
