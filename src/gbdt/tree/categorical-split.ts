/**
 * Best split of one categorical feature from its histogram, as LightGBM's
 * `FeatureHistogram::FindBestThresholdCategoricalInner` (anchor: `src/treelearner/feature_histogram.cpp`):
 * one category vs the rest when the feature has at most `max_cat_to_onehot` bins; otherwise the
 * categories with at least `cat_smooth` rows are sorted by sum_grad / (sum_hess + cat_smooth) and
 * scanned from both ends (at most `max_cat_threshold` categories on the left, `min_data_per_group`
 * rows per group, `cat_l2` added to the L2 penalty). Bin 0 (NaN / other) always goes right.
 */
import { K_EPSILON } from '../../core/constants.js';
import { boundedSplitGain, clampOutput, type OutputBounds } from './output-bounds.js';
import { leafGain, leafGainGivenOutput, type SplitInfo, type SplitParams } from './split-info.js';

/**
 * LightGBM's kEpsilon ({@link K_EPSILON}) in a constant of this module: starting a loop's running
 * sum from the imported binding itself made V8 box that sum on every bin (1.4 GB of garbage in a
 * 5-fold cv on breast_cancer, 22 ns per bin instead of 4; measured again: 103 minor GCs per
 * breast_cancer cv instead of 6, ~15% more CPU). A module `const` taken from the import costs
 * nothing over a literal (same CPU and GC count), so the value still has one definition.
 */
const EPS = K_EPSILON;

let sortedIdx = new Int32Array(256);
let ctr = new Float64Array(256);

/**
 * Finds the best categorical split of one feature into `out` (reset for this feature); returns
 * whether any candidate beat the no-split gain (LightGBM's `is_splittable`).
 * `randThreshold` >= 0 (extra_trees) picks the candidate index instead of the best one; draw it
 * with {@link categoricalRandRange}. `bounds` (monotone constraints on other features; null: none)
 * bounds the children's outputs as LightGBM's USE_MC search does (its categorical bounds).
 *
 * @example
 * ```ts
 * out.reset();
 * findBestCategoricalSplit(hist, off, numBin, sg, sh, n, 0, params, -1, out);
 * ```
 */
export function findBestCategoricalSplit(
  hist: Float64Array,
  off: number,
  numBin: number,
  sumG: number,
  sumHIn: number,
  numData: number,
  parentOutput: number,
  p: SplitParams,
  randThreshold: number,
  out: SplitInfo,
  bounds: OutputBounds | null = null,
): boolean {
  const cb = bounds === null ? null : bounds.categorical;
  const sumH = sumHIn + 2 * EPS;
  const smooth = p.path_smooth > EPS ? p.path_smooth : 0;
  const l1 = p.lambda_l1;
  const md = p.max_delta_step;
  const minData = p.min_data_in_leaf;
  const minHess = p.min_sum_hessian_in_leaf;
  const gainShift =
    smooth > 0
      ? leafGainGivenOutput(sumG, sumH, l1, p.lambda_l2, parentOutput)
      : leafGain(sumG, sumH, l1, p.lambda_l2, md, 0, numData, 0);
  const minGainShift = gainShift + p.min_gain_to_split;
  const cntFactor = numData / sumH;
  let l2 = p.lambda_l2;
  const useOnehot = numBin <= p.max_cat_to_onehot;
  let bestGain = -Infinity;
  let bestLeftG = 0;
  let bestLeftH = 0;
  let bestLeftCount = 0;
  let bestThreshold = -1;
  let bestDir = 1;
  let usedBin = 0;
  let splittable = false;
  if (useOnehot) {
    for (let t = 1; t < numBin; t++) {
      const s = (off + t) << 1;
      const g = hist[s];
      const h = hist[s + 1];
      const cnt = ((h * cntFactor + 0.5) | 0);
      if (cnt < minData || h < minHess) continue;
      const otherCount = numData - cnt;
      if (otherCount < minData) continue;
      const otherH = sumH - h - EPS;
      if (otherH < minHess) continue;
      if (randThreshold >= 0 && t !== randThreshold) continue;
      const otherG = sumG - g;
      // LightGBM passes the other categories as the left child here (the category goes left in the split)
      const gain =
        cb === null
          ? leafGain(otherG, otherH, l1, l2, md, smooth, otherCount, parentOutput) + leafGain(g, h + EPS, l1, l2, md, smooth, cnt, parentOutput)
          : boundedSplitGain(otherG, otherH, g, h + EPS, l1, l2, md, smooth, otherCount, cnt, parentOutput, cb, 0);
      if (gain <= minGainShift) continue;
      splittable = true;
      if (gain > bestGain) {
        bestThreshold = t;
        bestLeftG = g;
        bestLeftH = h + EPS;
        bestLeftCount = cnt;
        bestGain = gain;
      }
    }
  } else {
    if (sortedIdx.length < numBin) {
      sortedIdx = new Int32Array(numBin);
      ctr = new Float64Array(numBin);
    }
    for (let t = 1; t < numBin; t++) {
      const s = (off + t) << 1;
      const h = hist[s + 1];
      if (((h * cntFactor + 0.5) | 0) >= p.cat_smooth) {
        sortedIdx[usedBin++] = t;
        ctr[t] = hist[s] / (h + p.cat_smooth);
      }
    }
    sortByCtr(sortedIdx, usedBin, ctr);
    l2 += p.cat_l2;
    const maxNumCat = Math.min(p.max_cat_threshold, (usedBin + 1) >> 1);
    for (let pass = 0; pass < 2; pass++) {
      const dir = pass === 0 ? 1 : -1;
      let pos = pass === 0 ? 0 : usedBin - 1;
      let cntCurGroup = 0;
      let lg = 0;
      let lh = EPS;
      let lc = 0;
      for (let i = 0; i < usedBin && i < maxNumCat; i++) {
        const t = sortedIdx[pos];
        pos += dir;
        const s = (off + t) << 1;
        const h = hist[s + 1];
        const cnt = ((h * cntFactor + 0.5) | 0);
        lg += hist[s];
        lh += h;
        lc += cnt;
        cntCurGroup += cnt;
        if (lc < minData || lh < minHess) continue;
        const rc = numData - lc;
        if (rc < minData || rc < p.min_data_per_group) break;
        const rh = sumH - lh;
        if (rh < minHess) break;
        if (cntCurGroup < p.min_data_per_group) continue;
        cntCurGroup = 0;
        if (randThreshold >= 0 && i !== randThreshold) continue;
        const rg = sumG - lg;
        const gain =
          cb === null
            ? leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput)
            : boundedSplitGain(lg, lh, rg, rh, l1, l2, md, smooth, lc, rc, parentOutput, cb, 0);
        if (gain <= minGainShift) continue;
        splittable = true;
        if (gain > bestGain) {
          bestLeftCount = lc;
          bestLeftG = lg;
          bestLeftH = lh;
          bestThreshold = i;
          bestGain = gain;
          bestDir = dir;
        }
      }
    }
  }
  if (!splittable) return false;
  out.isCategorical = true;
  out.defaultLeft = false;
  out.setChildren(bestLeftG, bestLeftH, bestLeftCount, sumG, sumH, numData, l1, l2, md, smooth, parentOutput, bestGain - minGainShift);
  if (cb !== null) {
    out.leftOutput = clampOutput(out.leftOutput, cb[0], cb[1]);
    out.rightOutput = clampOutput(out.rightOutput, cb[2], cb[3]);
  }
  if (useOnehot) {
    out.numCat = 1;
    out.catBins[0] = bestThreshold;
  } else {
    const k = bestThreshold + 1;
    if (out.catBins.length < k) out.catBins = new Int32Array(k);
    out.numCat = k;
    for (let i = 0; i < k; i++) out.catBins[i] = (bestDir === 1 ? sortedIdx[i] : sortedIdx[usedBin - 1 - i]);
  }
  return true;
}

/** The most categories {@link sortByCtr} sorts by insertion; more go to the built-in sort. */
const INSERTION_MAX = 128;

/**
 * Sorts bins `idx[0..n)` by `ctr[bin]`, stably: the order of the built-in
 * `idx.subarray(0, n).sort((a, b) => ctr[a] - ctr[b])` (TypedArray sort is stable), which it is when
 * a value is not finite (a NaN makes that comparator inconsistent, so only the same algorithm gives
 * the same order) or there are more than {@link INSERTION_MAX} bins. Otherwise an insertion sort:
 * a stable sort by a consistent comparator has one result, and for a leaf's few categories it costs
 * a fraction of the built-in sort, which calls the comparator closure for every comparison.
 *
 * @example
 * ```ts
 * const idx = Int32Array.of(1, 2, 3);
 * sortByCtr(idx, 3, Float64Array.of(0, 0.5, -1, 0.5)); // idx: 2, 1, 3
 * ```
 */
export function sortByCtr(idx: Int32Array, n: number, ctr: Float64Array): void {
  let finite = n <= INSERTION_MAX;
  for (let i = 0; i < n && finite; i++) finite = Number.isFinite(ctr[idx[i]]);
  if (!finite) {
    idx.subarray(0, n).sort((a, b) => ctr[a] - ctr[b]);
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = idx[i];
    const c = ctr[v];
    let k = i - 1;
    // strictly greater moves: equal values keep their order (finite values: a - b > 0 iff a > b)
    while (k >= 0 && ctr[idx[k]] > c) {
      idx[k + 1] = idx[k];
      k--;
    }
    idx[k + 1] = v;
  }
}

/**
 * The range [low, high) LightGBM draws an extra_trees candidate from for a categorical feature,
 * given its histogram (needed before the search; high <= low means no draw).
 */
export function categoricalRandRange(hist: Float64Array, off: number, numBin: number, sumHIn: number, numData: number, p: SplitParams): [number, number] {
  if (numBin <= p.max_cat_to_onehot) return [1, numBin];
  const cntFactor = numData / (sumHIn + 2 * EPS);
  let used = 0;
  for (let t = 1; t < numBin; t++) if (((hist[((off + t) << 1) + 1] * cntFactor + 0.5) | 0) >= p.cat_smooth) used++;
  const maxNumCat = Math.min(p.max_cat_threshold, (used + 1) >> 1);
  return [0, Math.max(Math.min(maxNumCat, used) - 1, 0)];
}
