/**
 * Per-feature binning as LightGBM does it (anchor: LightGBM `src/io/bin.cpp`, `BinMapper::FindBin`,
 * `GreedyFindBin`, `FindBinWithZeroAsOneBin`, `NeedFilter`; `include/LightGBM/bin.h` `ValueToBin`).
 * This is an independent TypeScript implementation of the same algorithm.
 *
 * Numeric features: distinct sampled values with counts, zero kept in a bin of its own (values with
 * |v| <= K_ZERO_THRESHOLD, the float 1e-35f, are zero), greedy boundaries honouring `max_bin` and
 * `min_data_in_bin`; with missing type NaN the last bin holds NaN. Categorical features: bin 0 holds
 * NaN, negative and rare or unseen categories ("other"); bins 1.. hold categories by decreasing count.
 */
import { K_ZERO_THRESHOLD } from '../core/constants.js';
import { formatG } from '../core/format.js';

/** LightGBM's missing-value handling of a feature. */
export const MissingType = { None: 0, Zero: 1, NaN: 2 } as const;
/** One of {@link MissingType}'s values. */
export type MissingType = (typeof MissingType)[keyof typeof MissingType];

let distinctBuf = new Float64Array(0);
let countBuf = new Int32Array(0);

/** LightGBM's kSparseThreshold (`bin.h`): a bin holding this share of the rows is "most frequent" even if it is not value 0's. */
const SPARSE_THRESHOLD = 0.7;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** The next double above `x` (C's `nextafter(x, +inf)`). */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  // the bit pattern as a 64-bit magnitude: +1 moves away from zero, -1 towards it
  if (x > 0) {
    if (u32[LO] === 0xffffffff) {
      u32[LO] = 0;
      u32[HI] = u32[HI] + 1;
    } else u32[LO] = u32[LO] + 1;
  } else if (u32[LO] === 0) {
    u32[LO] = 0xffffffff;
    u32[HI] = u32[HI] - 1;
  } else u32[LO] = u32[LO] - 1;
  return f64[0];
}

/** LightGBM's CheckDoubleEqualOrdered (a <= b): b is a or the next double above a. */
function equalOrdered(a: number, b: number): boolean {
  if (b === a) return true;
  // one ulp of a normal double is at most 2^-52 |a| < 3e-16 |a|: a larger gap is never equal
  if (b - a > Math.abs(a) * 3e-16) return false;
  return b <= nextUp(a);
}

/**
 * Greedy bin boundaries over sorted distinct values (LightGBM's GreedyFindBin): returns upper bounds,
 * the last one +Infinity.
 */
export function greedyFindBin(
  values: ArrayLike<number>,
  counts: ArrayLike<number>,
  start: number,
  end: number,
  maxBinIn: number,
  totalCnt: number,
  minDataInBin: number,
): number[] {
  const bounds: number[] = [];
  const n = end - start;
  let maxBin = maxBinIn;
  if (n <= maxBin) {
    let cur = 0;
    for (let i = start; i < end - 1; i++) {
      cur += counts[i];
      if (cur >= minDataInBin) {
        const val = nextUp((values[i] + values[i + 1]) / 2);
        if (bounds.length === 0 || !equalOrdered(bounds[bounds.length - 1], val)) {
          bounds.push(val);
          cur = 0;
        }
      }
    }
    bounds.push(Infinity);
    return bounds;
  }
  if (minDataInBin > 0) {
    maxBin = Math.max(Math.min(maxBin, Math.trunc(totalCnt / minDataInBin)), 1);
  }
  let meanBinSize = totalCnt / maxBin;
  let restBinCnt = maxBin;
  let restSampleCnt = totalCnt;
  const isBig = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (counts[start + i] >= meanBinSize) {
      isBig[i] = 1;
      restBinCnt--;
      restSampleCnt -= counts[start + i];
    }
  }
  meanBinSize = restSampleCnt / restBinCnt;
  const upper = new Float64Array(maxBin).fill(Infinity);
  const lower = new Float64Array(maxBin).fill(Infinity);
  let binCnt = 0;
  lower[0] = values[start];
  let cur = 0;
  for (let i = 0; i < n - 1; i++) {
    const c = counts[start + i];
    if (isBig[i] === 0) restSampleCnt -= c;
    cur += c;
    if (isBig[i] === 1 || cur >= meanBinSize || (isBig[i + 1] === 1 && cur >= Math.max(1, meanBinSize * 0.5))) {
      upper[binCnt] = values[start + i];
      binCnt++;
      lower[binCnt] = values[start + i + 1];
      if (binCnt >= maxBin - 1) break;
      cur = 0;
      if (isBig[i] === 0) {
        restBinCnt--;
        meanBinSize = restSampleCnt / restBinCnt;
      }
    }
  }
  binCnt++;
  for (let i = 0; i < binCnt - 1; i++) {
    const val = nextUp((upper[i] + lower[i + 1]) / 2);
    if (bounds.length === 0 || !equalOrdered(bounds[bounds.length - 1], val)) bounds.push(val);
  }
  bounds.push(Infinity);
  return bounds;
}

/** Bounds with zero in a bin of its own (LightGBM's FindBinWithZeroAsOneBin). */
export function findBinWithZeroAsOneBin(
  values: ArrayLike<number>,
  counts: ArrayLike<number>,
  maxBin: number,
  totalSampleCnt: number,
  minDataInBin: number,
): number[] {
  const n = values.length;
  let leftCntData = 0;
  let cntZero = 0;
  let rightCntData = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v <= -K_ZERO_THRESHOLD) leftCntData += counts[i];
    else if (v > K_ZERO_THRESHOLD) rightCntData += counts[i];
    else cntZero += counts[i];
  }
  let leftCnt = n;
  for (let i = 0; i < n; i++) {
    if (values[i] > -K_ZERO_THRESHOLD) {
      leftCnt = i;
      break;
    }
  }
  let bounds: number[] = [];
  if (leftCnt > 0 && maxBin > 1) {
    const leftMaxBin = Math.max(1, Math.trunc((leftCntData / (totalSampleCnt - cntZero)) * (maxBin - 1)));
    bounds = greedyFindBin(values, counts, 0, leftCnt, leftMaxBin, leftCntData, minDataInBin);
    if (bounds.length > 0) bounds[bounds.length - 1] = -K_ZERO_THRESHOLD;
  }
  let rightStart = -1;
  for (let i = leftCnt; i < n; i++) {
    if (values[i] > K_ZERO_THRESHOLD) {
      rightStart = i;
      break;
    }
  }
  const rightMaxBin = maxBin - 1 - bounds.length;
  if (rightStart >= 0 && rightMaxBin > 0) {
    const right = greedyFindBin(values, counts, rightStart, n, rightMaxBin, rightCntData, minDataInBin);
    bounds.push(K_ZERO_THRESHOLD);
    for (const b of right) bounds.push(b);
  } else {
    bounds.push(Infinity);
  }
  return bounds;
}

/** Options of {@link BinMapper.fromSample} (LightGBM's names in the comments). */
export interface BinMapperOptions {
  /** max_bin. Default 255. */
  maxBin?: number;
  /** min_data_in_bin. Default 3. */
  minDataInBin?: number;
  /** use_missing. Default true. */
  useMissing?: boolean;
  /** zero_as_missing. Default false. */
  zeroAsMissing?: boolean;
  /** feature_pre_filter's count: a numeric feature without a split leaving this many sampled rows on each side is trivial. Default 0 (no filter). */
  minSplitData?: number;
  /** Scratch space of at least `sample.length` values, reused across features to spare garbage. Default: allocated. */
  scratch?: Float64Array;
}

/**
 * Maps one feature's values to bins and bins back to values.
 *
 * @example
 * ```ts
 * const m = BinMapper.fromSample(new Float64Array([1, 2, 2, 3, NaN]), 'numeric', { minDataInBin: 1 });
 * m.valueToBin(2); // bin of 2
 * m.binToValue(0); // upper bound of bin 0, a real threshold
 * ```
 */
export class BinMapper {
  readonly kind: 'numeric' | 'categorical';
  numBin: number;
  missingType: MissingType;
  /** Numeric: upper bound of each bin (last non-NaN bin +Infinity; NaN bin NaN). */
  upperBounds: Float64Array;
  /** Categorical: bin → category code (bin 0 = -1, the NaN/other bin). */
  binToCategory: Int32Array;
  /** Categorical: category code → bin (0 when unseen). */
  categoryToBin: Int32Array;
  /** The bin of value 0 (LightGBM's default_bin). */
  defaultBin = 0;
  /**
   * LightGBM's most_freq_bin: the bin with the most sampled rows, or the default bin when that one
   * holds under 70% of them (`kSparseThreshold`). LightGBM never stores a row's bin when it is this
   * bin: the tree learner derives it from the leaf's totals (`Dataset::FixHistogram`, and bin 0 in
   * the left-to-right scan of a feature with NaN), which shows in the last bits of split gains.
   */
  mostFreqBin = 0;
  minVal = 0;
  maxVal = 0;
  isTrivial = false;
  /** Sampled rows per bin. */
  cntInBin: Int32Array;

  private constructor(kind: 'numeric' | 'categorical') {
    this.kind = kind;
    this.numBin = 1;
    this.missingType = MissingType.None;
    this.upperBounds = new Float64Array([Infinity]);
    this.binToCategory = new Int32Array(0);
    this.categoryToBin = new Int32Array(0);
    this.cntInBin = new Int32Array(1);
  }

  /** LightGBM's feature_infos entry for this feature. */
  info(): string {
    if (this.isTrivial) return 'none';
    if (this.kind === 'categorical') return Array.from(this.binToCategory).join(':');
    // C++ `setprecision(17)` on a stream, i.e. %.17g
    return `[${formatG(this.minVal, 17)}:${formatG(this.maxVal, 17)}]`;
  }

  /**
   * Builds the mapper from sampled values of one feature (all of them, zeros and NaN included;
   * LightGBM drops |v| <= kZeroThreshold from the sample and counts them as zeros, as done here).
   */
  static fromSample(
    sample: Float64Array,
    kind: 'numeric' | 'categorical',
    { maxBin = 255, minDataInBin = 3, useMissing = true, zeroAsMissing = false, minSplitData = 0, scratch }: BinMapperOptions = {},
  ): BinMapper {
    const m = new BinMapper(kind);
    const total = sample.length;
    const buf = scratch !== undefined && scratch.length >= total ? scratch : new Float64Array(total);
    let nVals = 0;
    let nanCnt = 0;
    for (let i = 0; i < total; i++) {
      const v = sample[i];
      if (v !== v) nanCnt++;
      else if (v > K_ZERO_THRESHOLD || v < -K_ZERO_THRESHOLD) buf[nVals++] = v;
    }
    let naCnt = 0;
    if (!useMissing) m.missingType = MissingType.None;
    else if (zeroAsMissing) m.missingType = MissingType.Zero;
    else if (nanCnt === 0) m.missingType = MissingType.None;
    else {
      m.missingType = MissingType.NaN;
      naCnt = nanCnt;
    }
    const nNonNa = nVals;
    // NaN rows not counted as missing are zeros (as LightGBM, whose zero count is total - nonzero - na)
    const zeroCnt = total - nNonNa - naCnt;
    const sorted = buf.subarray(0, nVals);
    sortFloat64(sorted, 0, nVals - 1);
    // distinct values and counts in grow-only scratch arrays (no per-feature garbage)
    if (distinctBuf.length < nNonNa + 2) {
      distinctBuf = new Float64Array(nNonNa + 2);
      countBuf = new Int32Array(nNonNa + 2);
    }
    const dv = distinctBuf;
    const dc = countBuf;
    let nd = 0;
    if (nNonNa === 0 || (sorted[0] > 0 && zeroCnt > 0)) {
      dv[nd] = 0;
      dc[nd++] = zeroCnt;
    }
    if (nNonNa > 0) {
      dv[nd] = sorted[0];
      dc[nd++] = 1;
    }
    for (let i = 1; i < nNonNa; i++) {
      const prev = sorted[i - 1];
      const v = sorted[i];
      if (!equalOrdered(prev, v)) {
        if (prev < 0 && v > 0) {
          dv[nd] = 0;
          dc[nd++] = zeroCnt;
        }
        dv[nd] = v;
        dc[nd++] = 1;
      } else {
        // LightGBM keeps the larger of two (next-double) equal values
        dv[nd - 1] = v;
        dc[nd - 1] = dc[nd - 1] + 1;
      }
    }
    if (nNonNa > 0 && sorted[nNonNa - 1] < 0 && zeroCnt > 0) {
      dv[nd] = 0;
      dc[nd++] = zeroCnt;
    }
    const distinct = dv.subarray(0, nd);
    const counts = dc.subarray(0, nd);
    m.minVal = distinct[0];
    m.maxVal = distinct[distinct.length - 1];
    let cntInBin: number[];
    if (kind === 'numeric') {
      let bounds: number[];
      if (m.missingType === MissingType.Zero) {
        bounds = findBinWithZeroAsOneBin(distinct, counts, maxBin, total, minDataInBin);
        if (bounds.length === 2) m.missingType = MissingType.None;
      } else if (m.missingType === MissingType.None) {
        bounds = findBinWithZeroAsOneBin(distinct, counts, maxBin, total, minDataInBin);
      } else {
        bounds = findBinWithZeroAsOneBin(distinct, counts, maxBin - 1, total - naCnt, minDataInBin);
        bounds.push(NaN);
      }
      m.upperBounds = Float64Array.from(bounds);
      m.numBin = bounds.length;
      cntInBin = new Array<number>(m.numBin).fill(0);
      let b = 0;
      for (let i = 0; i < distinct.length; i++) {
        while (distinct[i] > bounds[b] && b < m.numBin - 1) b++;
        cntInBin[b] = cntInBin[b] + counts[i];
      }
      if (m.missingType === MissingType.NaN) cntInBin[m.numBin - 1] = naCnt;
    } else {
      cntInBin = m.buildCategorical(Array.from(distinct), Array.from(counts), total, naCnt, maxBin, minDataInBin);
    }
    m.cntInBin = Int32Array.from(cntInBin);
    m.isTrivial = m.numBin <= 1;
    if (!m.isTrivial && minSplitData > 0 && needFilter(cntInBin, total, minSplitData, kind)) m.isTrivial = true;
    if (!m.isTrivial) {
      m.defaultBin = m.valueToBin(0);
      m.mostFreqBin = mostFreqBin(cntInBin, m.defaultBin, total);
    }
    return m;
  }

  private buildCategorical(distinct: number[], counts: number[], total: number, naCntIn: number, maxBinIn: number, minDataInBin: number): number[] {
    let naCnt = naCntIn;
    const dv: number[] = [];
    const dc: number[] = [];
    for (let i = 0; i < distinct.length; i++) {
      const v = Math.trunc(distinct[i]);
      if (v < 0) naCnt += counts[i];
      else if (dv.length === 0 || v !== dv[dv.length - 1]) {
        dv.push(v);
        dc.push(counts[i]);
      } else dc[dc.length - 1] = dc[dc.length - 1] + counts[i];
    }
    // a categorical NaN always lands in bin 0, whatever use_missing says
    naCnt = total - dc.reduce((a, b) => a + b, 0);
    const binToCat: number[] = [-1];
    const cnt: number[] = [0];
    this.numBin = 1;
    const rest = total - naCnt;
    let cur = 0;
    if (rest > 0) {
      // stable sort by count, descending
      const order = dv.map((_, i) => i).sort((a, b) => dc[b] - dc[a] || a - b);
      const cutCnt = Math.round(rest * 0.99);
      let used = 0;
      const distinctCnt = dv.length + (naCnt > 0 ? 1 : 0);
      const maxBin = Math.min(distinctCnt, maxBinIn);
      while (cur < order.length && (used < cutCnt || this.numBin < maxBin)) {
        const k = order[cur];
        if (dc[k] < minDataInBin && cur > 1) break;
        binToCat.push(dv[k]);
        used += dc[k];
        cnt.push(dc[k]);
        this.numBin++;
        cur++;
      }
      cnt[0] = total - used;
    }
    this.missingType = cur === dv.length && naCnt === 0 ? MissingType.None : MissingType.NaN;
    this.binToCategory = Int32Array.from(binToCat);
    let maxCode = 0;
    for (const c of binToCat) if (c > maxCode) maxCode = c;
    this.categoryToBin = new Int32Array(maxCode + 1);
    for (let b = 1; b < binToCat.length; b++) this.categoryToBin[binToCat[b]] = b;
    return cnt;
  }

  /** The bin of a value (LightGBM's ValueToBin). */
  valueToBin(value: number): number {
    let v = value;
    if (this.kind === 'categorical') {
      if (Number.isNaN(v)) return 0;
      const c = Math.trunc(v);
      if (c < 0 || c >= this.categoryToBin.length) return 0;
      return this.categoryToBin[c];
    }
    if (Number.isNaN(v)) {
      if (this.missingType === MissingType.NaN) return this.numBin - 1;
      v = 0;
    }
    let l = 0;
    let r = this.numBin - 1;
    if (this.missingType === MissingType.NaN) r--;
    const ub = this.upperBounds;
    while (l < r) {
      const mid = (r + l - 1) >> 1;
      if (v <= ub[mid]) r = mid;
      else l = mid + 1;
    }
    return l;
  }

  /** A numeric bin's upper bound: the real threshold written in trees (LightGBM's BinToValue). */
  binToValue(bin: number): number {
    return this.upperBounds[bin];
  }
}

/** LightGBM's choice of most_freq_bin (`BinMapper::FindBin`): the first bin with the most rows, unless under kSparseThreshold. */
function mostFreqBin(cntInBin: number[], defaultBin: number, total: number): number {
  let best = 0;
  for (let b = 1; b < cntInBin.length; b++) if (cntInBin[b] > cntInBin[best]) best = b;
  return best !== defaultBin && cntInBin[best] / total < SPARSE_THRESHOLD ? defaultBin : best;
}

/** LightGBM's NeedFilter: true when no bin boundary leaves `filterCnt` sampled rows on both sides. */
function needFilter(cntInBin: number[], total: number, filterCnt: number, kind: 'numeric' | 'categorical'): boolean {
  if (kind === 'numeric') {
    let left = 0;
    for (let i = 0; i < cntInBin.length - 1; i++) {
      left += cntInBin[i];
      if (left >= filterCnt && total - left >= filterCnt) return false;
    }
    return true;
  }
  if (cntInBin.length <= 2) {
    for (let i = 0; i < cntInBin.length - 1; i++) {
      const left = cntInBin[i];
      if (left >= filterCnt && total - left >= filterCnt) return false;
    }
    return true;
  }
  return false;
}

/**
 * Sorts a[lo..hi] ascending in place (no NaN): quicksort with median-of-three pivots (Hoare
 * partition, smaller side first) and insertion sort below 16 elements. V8's TypedArray sort boxes
 * every element; this is about 10x faster on 200k doubles.
 */
export function sortFloat64(a: Float64Array, loIn: number, hiIn: number): void {
  let lo = loIn;
  let hi = hiIn;
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    // median of three to a[mid]
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (a[i] < pivot);
      do j--;
      while (a[j] > pivot);
      if (i >= j) break;
      swap(a, i, j);
    }
    // recurse into the smaller part, loop on the larger
    if (j - lo < hi - j) {
      sortFloat64(a, lo, j);
      lo = j + 1;
    } else {
      sortFloat64(a, j + 1, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let k = i - 1;
    while (k >= lo && a[k] > v) {
      a[k + 1] = a[k];
      k--;
    }
    a[k + 1] = v;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
