/**
 * A weighted mixture of product kernels — the density a Parzen estimator builds. Kernel `k` is a
 * product over dimensions of one batched kernel per dimension: a truncated normal (continuous),
 * a truncated normal discretised onto a grid of `step` (the mass of `[x - step/2, x + step/2]`,
 * renormalised over `[low - step/2, high + step/2]`), or a categorical distribution (a row of
 * choice probabilities). Everything is batched over kernels and over points in flat
 * `Float64Array`s; instances are immutable once built.
 *
 * Follows Optuna's `samplers/_tpe/probability_distributions.py`
 * (`_MixtureOfProductDistribution`, `_BatchedTruncNormDistributions`,
 * `_BatchedDiscreteTruncNormDistributions`, `_BatchedCategoricalDistributions`).
 *
 * @example
 * ```ts
 * const mix = new MixtureOfProducts(new Float64Array([0.5, 0.5]), [
 *   { kind: 'numeric', mu: new Float64Array([0, 1]), sigma: new Float64Array([0.3, 0.3]), low: -1, high: 2, step: 0 },
 * ]);
 * const xs = mix.sample(new Rng(1), 24);   // [Float64Array(24)]
 * const lp = mix.logPdf(xs, 24);           // Float64Array(24) of log densities
 * ```
 */
import type { Rng } from '../../../core/rng.js';
import { LOG_SQRT_2PI } from '../../../core/stats.js';
import { logGaussMass, ppf } from './truncnorm.js';

/** Truncated normal kernels of one numeric dimension; `step` 0 means continuous. */
export interface NumericKernels {
  readonly kind: 'numeric';
  readonly mu: Float64Array;
  readonly sigma: Float64Array;
  readonly low: number;
  readonly high: number;
  /** Grid step of a discrete dimension (kernels give the mass of `[x - step/2, x + step/2]`), or 0. */
  readonly step: number;
}

/** Categorical kernels of one dimension: `weights[k * nChoices + c]`, each row summing to 1. */
export interface CategoricalKernels {
  readonly kind: 'categorical';
  readonly weights: Float64Array;
  readonly nChoices: number;
}

/** The kernels of one dimension, batched over the mixture's components. */
export type BatchedKernels = NumericKernels | CategoricalKernels;

/** A mixture of product kernels; see the module doc. */
export class MixtureOfProducts {
  /** Normalised component weights. */
  readonly weights: Float64Array;
  readonly dims: readonly BatchedKernels[];
  private readonly cumWeights: Float64Array;
  private readonly logWeights: Float64Array;
  /** Block bounds for one continuous dimension with ascending means (built at the first logPdf). */
  private blocks: Blocks | null = null;

  constructor(weights: Float64Array, dims: readonly BatchedKernels[]) {
    this.weights = weights;
    this.dims = dims;
    const k = weights.length;
    this.cumWeights = new Float64Array(k);
    this.logWeights = new Float64Array(k);
    let acc = 0;
    for (let i = 0; i < k; i++) {
      acc += weights[i];
      this.cumWeights[i] = acc;
      this.logWeights[i] = Math.log(weights[i]);
    }
  }

  /** Number of components. */
  get size(): number {
    return this.weights.length;
  }

  /**
   * `n` draws: a component per draw (by weight), then each dimension from that component's
   * kernel. Returns one array per dimension; discrete dimensions are on their grid.
   */
  sample(rng: Rng, n: number): Float64Array[] {
    const K = this.weights.length;
    const cum = this.cumWeights;
    const total = cum[K - 1];
    const active = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const r = rng.random() * total;
      let lo = 0;
      let hi = K - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      active[j] = lo;
    }
    const out: Float64Array[] = [];
    for (const d of this.dims) {
      const xs = new Float64Array(n);
      if (d.kind === 'categorical') {
        const C = d.nChoices;
        const w = d.weights;
        for (let j = 0; j < n; j++) {
          const q = rng.random();
          const base = active[j] * C;
          let acc = 0;
          let c = 0;
          for (; c < C - 1; c++) {
            acc += w[base + c];
            if (acc >= q) break;
          }
          xs[j] = c;
        }
      } else {
        const half = d.step / 2;
        const lo = d.low - half;
        const hi = d.high + half;
        for (let j = 0; j < n; j++) {
          const k = active[j];
          const mu = d.mu[k];
          const sigma = d.sigma[k];
          let x = ppf(rng.random(), (lo - mu) / sigma, (hi - mu) / sigma) * sigma + mu;
          if (d.step > 0) x = d.low + Math.round((x - d.low) / d.step) * d.step;
          xs[j] = x < d.low ? d.low : x > d.high ? d.high : x;
        }
      }
      out.push(xs);
    }
    return out;
  }

  /** Log density (log mass for discrete/categorical dimensions) at `n` points given per dimension. */
  logPdf(xs: readonly Float64Array[], n: number = xs.length > 0 ? xs[0].length : 0): Float64Array {
    const K = this.weights.length;
    const D = this.dims.length;
    if (D === 1 && K > 2 * BLOCK) {
      const d = this.dims[0];
      if (d.kind === 'numeric' && d.step === 0 && isAscending(d.mu, K - 1)) {
        if (this.blocks === null) this.blocks = buildBlocks(d, this.logWeights, K);
        return logPdfBlocks(this.blocks, d, xs[0], n, K);
      }
    }
    // per-dimension tables prepared once; then one reusable row of K component terms per point
    const prepared: Prepared[] = [];
    for (let i = 0; i < D; i++) {
      const d = this.dims[i];
      const x = xs[i];
      if (d.kind === 'categorical') prepared.push(prepareCategorical(d, x, n, K));
      else if (d.step > 0) prepared.push(prepareDiscrete(d, x, n, K));
      else prepared.push(prepareContinuous(d, K));
    }
    const row = new Float64Array(K);
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      row.set(this.logWeights);
      let outside = false;
      for (let i = 0; i < D && !outside; i++) {
        const p = prepared[i];
        const xj = xs[i][j];
        if (p.kind === 0) {
          if (!(xj >= p.low && xj <= p.high)) {
            outside = true;
            break;
          }
          // inline the Gaussian log kernel: this is the sampler's hottest loop
          const mus = p.mu;
          const inv = p.inv;
          const cst = p.cst;
          for (let k = 0; k < K; k++) {
            const z = (xj - mus[k]) * inv[k];
            row[k] = row[k] + cst[k] - 0.5 * z * z;
          }
        } else if (p.kind === 1) {
          const xi = p.xIndex[j];
          if (xi < 0) {
            outside = true;
            break;
          }
          const base = xi * p.nPairs;
          const mass = p.mass;
          const pairOf = p.pairOf;
          for (let k = 0; k < K; k++) row[k] = row[k] + mass[base + pairOf[k]];
        } else {
          const col = p.cols[j];
          if (col === undefined) {
            outside = true;
            break;
          }
          for (let k = 0; k < K; k++) row[k] = row[k] + col[k];
        }
      }
      out[j] = outside ? -Infinity : logSumExp(row, K);
    }
    return out;
  }
}

/**
 * log(sum(exp(row))). Terms more than 40 below the maximum are skipped: each adds less than
 * 4.3e-18 of the sum, so even a thousand of them stay below the double rounding of the result.
 */
function logSumExp(row: Float64Array, K: number): number {
  let m = -Infinity;
  for (let k = 0; k < K; k++) {
    const v = row[k];
    if (v > m) m = v;
  }
  if (m === -Infinity) return -Infinity;
  const cut = m - 40;
  let s = 0;
  for (let k = 0; k < K; k++) {
    const v = row[k];
    if (v > cut) s += Math.exp(v - m);
  }
  return m + Math.log(s);
}

/** Kernels per block of the block-skipping evaluation. */
const BLOCK = 32;

/**
 * One continuous dimension with kernels 0..K-2 in ascending order of mean (K-1 is the prior):
 * per-kernel `c = log w + log normaliser`, and per block of {@link BLOCK} kernels the mean range,
 * the largest sigma and the largest `c`, which bound every kernel term of the block from above.
 */
interface Blocks {
  c: Float64Array;
  inv: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  maxSigma: Float64Array;
  maxC: Float64Array;
  nBlocks: number;
}

function isAscending(v: Float64Array, n: number): boolean {
  for (let i = 1; i < n; i++) if (v[i - 1] > v[i]) return false;
  return true;
}

function buildBlocks(d: NumericKernels, logWeights: Float64Array, K: number): Blocks {
  const c = new Float64Array(K);
  const inv = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const mu = d.mu[k];
    const sigma = d.sigma[k];
    inv[k] = 1 / sigma;
    c[k] = logWeights[k] - LOG_SQRT_2PI - Math.log(sigma) - logGaussMass((d.low - mu) / sigma, (d.high - mu) / sigma);
  }
  const m = K - 1;
  const nBlocks = Math.ceil(m / BLOCK);
  const lo = new Float64Array(nBlocks);
  const hi = new Float64Array(nBlocks);
  const maxSigma = new Float64Array(nBlocks);
  const maxC = new Float64Array(nBlocks).fill(-Infinity);
  for (let b = 0; b < nBlocks; b++) {
    const start = b * BLOCK;
    const end = Math.min(m, start + BLOCK);
    lo[b] = d.mu[start];
    hi[b] = d.mu[end - 1];
    for (let k = start; k < end; k++) {
      if (d.sigma[k] > maxSigma[b]) maxSigma[b] = d.sigma[k];
      if (c[k] > maxC[b]) maxC[b] = c[k];
    }
  }
  return { c, inv, lo, hi, maxSigma, maxC, nBlocks };
}

/**
 * The one-dimensional continuous log density, skipping whole blocks of kernels whose terms are
 * provably more than 40 below a term already found (they would be dropped by {@link logSumExp}'s
 * cut anyway): the included terms and their order are those of the full evaluation, so the result
 * is the same up to rounding; far fewer kernels are visited once the kernels are many and narrow.
 */
function logPdfBlocks(B: Blocks, d: NumericKernels, x: Float64Array, n: number, K: number): Float64Array {
  const out = new Float64Array(n);
  const row = new Float64Array(K);
  const visited = new Uint8Array(B.nBlocks);
  const mus = d.mu;
  const c = B.c;
  const inv = B.inv;
  const m = K - 1;
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    if (!(xj >= d.low && xj <= d.high)) {
      out[j] = -Infinity;
      continue;
    }
    // a lower bound of the largest term: the prior's and the nearest kernel's
    const zp = (xj - mus[m]) * inv[m];
    const priorTerm = c[m] - 0.5 * zp * zp;
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mus[mid] < xj) lo = mid + 1;
      else hi = mid;
    }
    let best = priorTerm;
    for (let k = lo > 0 ? lo - 1 : lo; k <= lo; k++) {
      const z = (xj - mus[k]) * inv[k];
      const v = c[k] - 0.5 * z * z;
      if (v > best) best = v;
    }
    const floor = best - 40;
    let mx = best;
    for (let b = 0; b < B.nBlocks; b++) {
      const bl = B.lo[b];
      const bh = B.hi[b];
      const dist = xj < bl ? bl - xj : xj > bh ? xj - bh : 0;
      const r = dist / B.maxSigma[b];
      if (B.maxC[b] - 0.5 * r * r < floor) {
        visited[b] = 0;
        continue;
      }
      visited[b] = 1;
      const end = Math.min(m, (b + 1) * BLOCK);
      for (let k = b * BLOCK; k < end; k++) {
        const z = (xj - mus[k]) * inv[k];
        const v = c[k] - 0.5 * z * z;
        row[k] = v;
        if (v > mx) mx = v;
      }
    }
    // the sum logSumExp makes over all K terms: skipped blocks hold only terms below mx - 40
    const cut = mx - 40;
    let s = 0;
    for (let b = 0; b < B.nBlocks; b++) {
      if (visited[b] === 0) continue;
      const end = Math.min(m, (b + 1) * BLOCK);
      for (let k = b * BLOCK; k < end; k++) {
        const v = row[k];
        if (v > cut) s += Math.exp(v - mx);
      }
    }
    if (priorTerm > cut) s += Math.exp(priorTerm - mx);
    out[j] = mx + Math.log(s);
  }
  return out;
}

interface PreparedContinuous {
  kind: 0;
  low: number;
  high: number;
  mu: Float64Array;
  inv: Float64Array;
  cst: Float64Array;
}
interface PreparedDiscrete {
  kind: 1;
  /** Per point: its row in `mass` (-1 when off the range). */
  xIndex: Int32Array;
  nPairs: number;
  pairOf: Int32Array;
  mass: Float64Array;
}
interface PreparedCategorical {
  kind: 2;
  /** Per point: log weights of its choice under every kernel (undefined when not a choice). */
  cols: (Float64Array | undefined)[];
}
type Prepared = PreparedContinuous | PreparedDiscrete | PreparedCategorical;

function prepareContinuous(d: NumericKernels, K: number): PreparedContinuous {
  const inv = new Float64Array(K);
  const cst = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const mu = d.mu[k];
    const sigma = d.sigma[k];
    inv[k] = 1 / sigma;
    cst[k] = -LOG_SQRT_2PI - Math.log(sigma) - logGaussMass((d.low - mu) / sigma, (d.high - mu) / sigma);
  }
  return { kind: 0, low: d.low, high: d.high, mu: d.mu, inv, cst };
}

/** Sorted unique values of `v` and, per element, the index of its value among them. */
function uniqueInverse(v: Float64Array): { uniq: Float64Array; inv: Int32Array } {
  const n = v.length;
  const sorted = Float64Array.from(v).sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i];
  const uniq = sorted.slice(0, u);
  const inv = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const t = v[i];
    let lo = 0;
    let hi = u - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (uniq[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    inv[i] = lo;
  }
  return { uniq, inv };
}

function prepareDiscrete(d: NumericKernels, x: Float64Array, n: number, K: number): PreparedDiscrete {
  // Many kernels share (mu, sigma) and many points share x on a grid: evaluate the (erf-heavy)
  // log masses once per unique pair, as Optuna's _unique_inverse_2d does.
  const order = new Int32Array(K);
  for (let k = 0; k < K; k++) order[k] = k;
  const mu = d.mu;
  const sg = d.sigma;
  order.sort((p, q) => mu[p] - mu[q] || sg[p] - sg[q]);
  const pairOf = new Int32Array(K);
  const umu = new Float64Array(K);
  const usg = new Float64Array(K);
  let U = 0;
  for (let r = 0; r < K; r++) {
    const k = order[r];
    if (U === 0 || umu[U - 1] !== mu[k] || usg[U - 1] !== sg[k]) {
      umu[U] = mu[k];
      usg[U] = sg[k];
      U++;
    }
    pairOf[k] = U - 1;
  }
  const half = d.step / 2;
  const logNorm = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    const m = umu[u];
    const s = usg[u];
    logNorm[u] = logGaussMass((d.low - half - m) / s, (d.high + half - m) / s);
  }
  const { uniq, inv } = uniqueInverse(x.length === n ? x : x.subarray(0, n));
  const X = uniq.length;
  const mass = new Float64Array(X * U);
  for (let t = 0; t < X; t++) {
    const xv = uniq[t];
    for (let u = 0; u < U; u++) {
      const m = umu[u];
      const s = usg[u];
      mass[t * U + u] = logGaussMass((xv - half - m) / s, (xv + half - m) / s) - logNorm[u];
    }
  }
  const xIndex = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const t = inv[j];
    const xv = uniq[t];
    xIndex[j] = xv >= d.low - 1e-9 * d.step && xv <= d.high + 1e-9 * d.step ? t : -1;
  }
  return { kind: 1, xIndex, nPairs: U, pairOf, mass };
}

function prepareCategorical(d: CategoricalKernels, x: Float64Array, n: number, K: number): PreparedCategorical {
  const C = d.nChoices;
  const byChoice = new Array<Float64Array | undefined>(C);
  const cols = new Array<Float64Array | undefined>(n);
  for (let j = 0; j < n; j++) {
    const c = x[j];
    if (!(c >= 0 && c < C && Number.isInteger(c))) continue;
    let col = byChoice[c];
    if (col === undefined) {
      col = new Float64Array(K);
      for (let k = 0; k < K; k++) col[k] = Math.log(d.weights[k * C + c]);
      byChoice[c] = col;
    }
    cols[j] = col;
  }
  return { kind: 2, cols };
}
