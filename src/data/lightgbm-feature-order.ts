/**
 * The order in which LightGBM numbers a dataset's features inside (its "inner" feature index), where
 * gbtune can know it: LightGBM's `Dataset::Construct` bundles mutually exclusive sparse features
 * into groups (`FastFeatureBundling`, `FindGroups` in `src/io/dataset.cpp`) and then shuffles the
 * groups with its generator seeded by the number of rows; the inner index follows the shuffled
 * groups. It shows in `extra_trees`, whose random thresholds come from one generator per inner
 * feature (`Random(extra_seed + inner index)`), so reproducing LightGBM's trees needs this order.
 *
 * gbtune does not bundle features. When no two features could share a group — every pair of
 * features has more "non-default" sample values together than the sample has rows (plus LightGBM's
 * conflict allowance), as on dense data — each feature is a group of its own (the features under
 * 40% of the rows in one last group), and the order is that of the shuffled groups, computed here.
 * Otherwise (sparse features LightGBM might bundle) the order is not known: null.
 */
import { K_ZERO_THRESHOLD } from '../core/constants.js';
import { LightGbmRandom } from '../core/lightgbm-random.js';

/** LightGBM's `kSparseThreshold`: a non-zero bin becomes the "most frequent" one only above this share. */
const SPARSE_THRESHOLD = 0.7;
/** FindGroups' `dense_threshold`: a group whose rows are a smaller share of the sample is "sparse". */
const DENSE_THRESHOLD = 0.4;

/**
 * The count LightGBM's feature bundling weighs a feature by (`num_per_col` after
 * `FixSampleIndices`): its sample values that are non-zero (or NaN) — or, when another bin than
 * the zero value's holds at least 70% of the sample, the values outside that bin.
 *
 * @example
 * ```ts
 * bundlingCount(sample, sampleBins, mapper.numBin, mapper.defaultBin); // e.g. 561 of 569
 * ```
 */
export function bundlingCount(sample: Float64Array, sampleBins: ArrayLike<number>, numBin: number, defaultBin: number): number {
  const n = sample.length;
  const counts = new Int32Array(numBin);
  for (let i = 0; i < n; i++) counts[sampleBins[i]]++;
  let mostFreq = 0;
  for (let b = 1; b < numBin; b++) if (counts[b] > counts[mostFreq]) mostFreq = b;
  if (mostFreq !== defaultBin && counts[mostFreq] / n >= SPARSE_THRESHOLD) return n - counts[mostFreq];
  let nonZero = 0;
  for (let i = 0; i < n; i++) {
    const v = sample[i];
    if (!(Math.abs(v) <= K_ZERO_THRESHOLD)) nonZero++;
  }
  return nonZero;
}

/**
 * LightGBM's inner index of each used feature (position `j` → inner index), from the
 * {@link bundlingCount} of each used feature, the sample size and the dataset's row count; null
 * when LightGBM might bundle some features (then its order is not known here).
 *
 * @example
 * ```ts
 * lightgbmFeatureOrder([569, 569, 569, 569], 569, 569); // Int32Array [3, 0, 1, 2]
 * ```
 */
export function lightgbmFeatureOrder(counts: readonly number[], nSample: number, nRows: number): Int32Array | null {
  const nF = counts.length;
  // FindGroups: feature f may join group g only when their counts fit in the sample plus the
  // allowed conflicts; if the two smallest do not fit, no pair does and every feature stays alone
  if (nF >= 2) {
    let a = Infinity;
    let b = Infinity;
    for (const c of counts) {
      if (c < a) {
        b = a;
        a = c;
      } else if (c < b) b = c;
    }
    if (a + b <= nSample + Math.trunc(nSample / 10000)) return null;
  }
  // a feature with fewer than 40% of the rows is "sparse": all of those leave their groups and
  // form one group after the others (LightGBM's second round, is_enable_sparse being on)
  const groups: number[][] = [];
  const sparse: number[] = [];
  for (let j = 0; j < nF; j++) {
    if (counts[j] / nSample >= DENSE_THRESHOLD) groups.push([j]);
    else sparse.push(j);
  }
  if (sparse.length > 0) groups.push(sparse);
  const nG = groups.length;
  const rand = new LightGbmRandom(nRows);
  for (let i = 0; i < nG - 1; i++) {
    const j = rand.nextShort(i + 1, nG);
    const t = groups[i];
    groups[i] = groups[j];
    groups[j] = t;
  }
  const inner = new Int32Array(nF);
  let next = 0;
  for (const g of groups) for (const j of g) inner[j] = next++;
  return inner;
}
