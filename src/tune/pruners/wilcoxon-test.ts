/**
 * The Wilcoxon signed-rank test of one sample of paired differences, with zeros split between the
 * positive and negative rank sums (`zero_method='zsplit'`), as SciPy's `scipy.stats.wilcoxon`
 * computes it (`scipy/stats/_morestats.py`, `_wilcoxon.py`):
 * - the exact null distribution of the positive rank sum when n <= 50 and there are no zeros and
 *   no ties (rank sums are integers there);
 * - otherwise the normal approximation with the tie correction of the variance
 *   (`sum(t^3 - t) / 48` over groups of tied ranks) and no continuity correction.
 *
 * Pure numerics; the normal tail comes from `core/stats.ts`.
 */
import { normalSf } from '../../core/stats.js';

/** The alternative hypothesis about the location of the differences. */
export type WilcoxonAlternative = 'two-sided' | 'greater' | 'less';

/** The test's result: `statistic` is the positive rank sum (the smaller sum for two-sided). */
export interface WilcoxonResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'approx';
}

/** Average ranks (1-based) of `xs`, ties sharing the mean rank (SciPy's `rankdata(method='average')`). */
export function averageRanks(xs: readonly number[]): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]] === xs[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Wilcoxon signed-rank test of the differences `d` (zero method 'zsplit').
 *
 * @example
 * ```ts
 * wilcoxonSignedRank([1.2, -0.3, 2.5, 0.8], 'greater').pValue; // 0.125 (exact)
 * ```
 */
export function wilcoxonSignedRank(d: readonly number[], alternative: WilcoxonAlternative = 'two-sided'): WilcoxonResult {
  const n = d.length;
  if (n === 0) return { statistic: NaN, pValue: NaN, method: 'approx' };
  const abs = d.map((x) => Math.abs(x));
  const r = averageRanks(abs);
  let rPlus = 0;
  let rMinus = 0;
  let rZero = 0;
  let nZero = 0;
  for (let i = 0; i < n; i++) {
    const x = d[i];
    if (x > 0) rPlus += r[i];
    else if (x < 0) rMinus += r[i];
    else {
      rZero += r[i];
      nZero++;
    }
  }
  rPlus += rZero / 2;
  rMinus += rZero / 2;
  const tieSum = tieCorrectionSum(r);
  const T = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  if (n <= 50 && nZero === 0 && tieSum === 0) {
    return { statistic: T, pValue: exactPValue(n, Math.round(rPlus), alternative), method: 'exact' };
  }
  const mean = (n * (n + 1)) / 4;
  const variance = (n * (n + 1) * (2 * n + 1) - 0.5 * tieSum) / 24;
  const z = (T - mean) / Math.sqrt(variance);
  let p: number;
  if (alternative === 'two-sided') p = 2 * normalSf(Math.abs(z));
  else if (alternative === 'greater') p = normalSf(z);
  else p = normalSf(-z);
  return { statistic: T, pValue: Math.min(1, p), method: 'approx' };
}

/** `sum(t^3 - t)` over groups of `t` equal values (0 without ties). */
function tieCorrectionSum(ranks: Float64Array): number {
  const sorted = Float64Array.from(ranks).sort();
  let s = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    if (t > 1) s += t * t * t - t;
    i = j + 1;
  }
  return s;
}

const pmfCache = new Map<number, Float64Array>();

/** The null distribution of the positive rank sum for `n` untied nonzero differences. */
export function signedRankPmf(n: number): Float64Array {
  const cached = pmfCache.get(n);
  if (cached !== undefined) return cached;
  const maxSum = (n * (n + 1)) / 2;
  // counts of subsets of {1..n} with each sum; exact in float64 up to n = 50 (< 2^53)
  const c = new Float64Array(maxSum + 1);
  c[0] = 1;
  let top = 0;
  for (let k = 1; k <= n; k++) {
    top += k;
    for (let s = top; s >= k; s--) c[s] = c[s] + c[s - k];
  }
  const scale = 2 ** -n;
  for (let s = 0; s <= maxSum; s++) c[s] = c[s] * scale;
  pmfCache.set(n, c);
  return c;
}

function exactPValue(n: number, rPlus: number, alternative: WilcoxonAlternative): number {
  const pmf = signedRankPmf(n);
  let pLess = 0;
  for (let s = 0; s <= rPlus; s++) pLess += pmf[s];
  let pGreater = 0;
  for (let s = rPlus; s < pmf.length; s++) pGreater += pmf[s];
  let p: number;
  if (alternative === 'greater') p = pGreater;
  else if (alternative === 'less') p = pLess;
  else p = rPlus === (pmf.length - 1) / 2 ? 1 : 2 * Math.min(pLess, pGreater);
  return Math.min(1, Math.max(0, p));
}
