/**
 * The Parzen estimator of TPE: a mixture of one kernel per observation plus a prior kernel over a
 * search space, fitted from observed internal parameter values. Log-scaled params are modelled in
 * log space, numeric kernels are truncated normals (discretised on the grid for stepped params),
 * categorical kernels put extra mass on the observed choice.
 *
 * Bandwidths follow Optuna 4.x (`samplers/_tpe/parzen_estimator.py`):
 * - univariate: each kernel's sigma is the larger distance to its sorted neighbours (the prior's
 *   centre and the range ends included); without `considerEndpoints` the extreme kernels use their
 *   inner neighbour only;
 * - multivariate: one Scott-like sigma `0.2 * n^(-1/(d+4)) * range` for every kernel;
 * - sigmas are clipped to `[range / min(100, n + 2), range]` with `considerMagicClip`, else
 *   `[1e-12, range]`; the prior kernel sits at the centre with sigma = range;
 * - mixture weights: the `weights(n)` ramp for the observations and `priorWeight` for the prior,
 *   normalised.
 * Log-scaled int params are modelled as continuous over `[log(low - 0.5), log(high + 0.5)]` and
 * rounded after sampling, as Optuna does.
 *
 * Paper: Watanabe, "Tree-Structured Parzen Estimator: Understanding Its Algorithm Components and
 * Their Roles for Better Empirical Performance" (2023), arXiv:2304.11127.
 *
 * @example
 * ```ts
 * const pe = new ParzenEstimator(['x'], [new FloatDistribution(-5, 5)], [new Float64Array([0.1, 0.4, -1])], {
 *   priorWeight: 1, considerMagicClip: true, considerEndpoints: false, weights: defaultWeights, multivariate: false,
 * });
 * const [xs] = pe.sample(new Rng(0), 24);
 * const lp = pe.logPdf([xs]);  // Float64Array(24)
 * ```
 */
import { TunerError } from '../../../core/errors.js';
import type { Rng } from '../../../core/rng.js';
import type { CategoricalChoice, Distribution } from '../../distributions.js';
import { type BatchedKernels, MixtureOfProducts } from './mixture.js';

const EPS = 1e-12;

/** Weights of `n` observations in trial-number order (oldest first). */
export type WeightsFunction = (n: number) => ArrayLike<number>;

/** A distance between two choices of a categorical param (used by `categoricalDistanceFunc`). */
export type CategoricalDistanceFunction = (a: CategoricalChoice, b: CategoricalChoice) => number;

/** How a Parzen estimator is built (the TPE sampler's options that concern it). */
export interface ParzenEstimatorParameters {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  weights: WeightsFunction;
  multivariate: boolean;
  categoricalDistanceFunc?: Readonly<Record<string, CategoricalDistanceFunction>>;
}

/**
 * Optuna's `default_weights`: all ones below 25 observations; beyond, a linear ramp from `1/n` to
 * 1 over the oldest `n - 25` and ones for the newest 25.
 */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n);
  if (n < 25) return w.fill(1);
  const m = n - 25;
  const a = 1 / n;
  for (let i = 0; i < m; i++) w[i] = m === 1 ? a : a + ((1 - a) * i) / (m - 1);
  for (let i = m; i < n; i++) w[i] = 1;
  return w;
}

/**
 * The weights of `n` observations from a weights function, checked as Optuna checks them
 * (finite, non-negative, not all zero); a `TunerError` otherwise.
 */
export function observationWeights(fn: WeightsFunction, n: number): Float64Array {
  const raw = fn(n);
  const w = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = Number(raw[i]);
    if (!Number.isFinite(v)) {
      throw new TunerError(`TPESampler: the weights function returned a non-finite value (${v}) for n = ${n}`);
    }
    if (v < 0) throw new TunerError(`TPESampler: the weights function returned a negative value (${v}) for n = ${n}`);
    w[i] = v;
    sum += v;
  }
  if (n > 0 && !(sum > 0)) throw new TunerError(`TPESampler: the weights function returned all zeros for n = ${n}`);
  return w;
}

function isLog(d: Distribution): boolean {
  return d.kind !== 'categorical' && d.log;
}

/** The Parzen estimator; see the module doc. */
export class ParzenEstimator {
  readonly names: readonly string[];
  readonly distributions: readonly Distribution[];
  /** The fitted density in the transformed (log for log params) space. */
  readonly mixture: MixtureOfProducts;

  /**
   * @param names param names, in the order of `distributions` and `observations`
   * @param observations internal values per param (categorical: choice index), one per trial,
   *   trials in number order; all arrays have the same length
   * @param predeterminedWeights observation weights to use instead of `parameters.weights(n)`
   */
  constructor(
    names: readonly string[],
    distributions: readonly Distribution[],
    observations: readonly Float64Array[],
    parameters: ParzenEstimatorParameters,
    predeterminedWeights?: ArrayLike<number>,
  ) {
    if (!(parameters.priorWeight >= 0)) {
      throw new TunerError(`TPESampler: priorWeight (${parameters.priorWeight}) must be a non-negative number`);
    }
    this.names = names;
    this.distributions = distributions;
    const n = observations.length > 0 ? observations[0].length : 0;
    let obsWeights: Float64Array;
    if (predeterminedWeights !== undefined) {
      if (predeterminedWeights.length !== n) {
        throw new TunerError(`ParzenEstimator: ${predeterminedWeights.length} weights given for ${n} observations`);
      }
      obsWeights = Float64Array.from(predeterminedWeights);
    } else {
      obsWeights = observationWeights(parameters.weights, n);
    }
    const weights = new Float64Array(n === 0 ? 1 : n + 1);
    if (n === 0) weights[0] = 1;
    else {
      weights.set(obsWeights);
      weights[n] = parameters.priorWeight;
    }
    let sum = 0;
    for (let i = 0; i < weights.length; i++) sum += weights[i];
    for (let i = 0; i < weights.length; i++) weights[i] = weights[i] / sum;

    const dims: BatchedKernels[] = [];
    for (let i = 0; i < distributions.length; i++) {
      const d = distributions[i];
      const obs = observations[i];
      if (d.kind === 'categorical') {
        dims.push(categoricalKernels(obs, names[i], d.choices, parameters));
      } else {
        let low = d.low;
        let high = d.high;
        let step = d.kind === 'int' || d.step !== null ? (d.step as number) : 0;
        if (d.log) {
          if (step > 0) {
            // log-int: continuous in log space over the rounding cells, rounded after sampling
            low = Math.log(d.low - step / 2);
            high = Math.log(d.high + step / 2);
            step = 0;
          } else {
            low = Math.log(d.low);
            high = Math.log(d.high);
          }
        }
        let t = new Float64Array(n);
        if (d.log) for (let j = 0; j < n; j++) t[j] = Math.log(obs[j]);
        else t.set(obs.subarray(0, n));
        if (distributions.length === 1 && n > 1) {
          // one numeric param: put the kernels in ascending order of their means (the mixture
          // then skips far kernels by blocks); the weights follow their kernels
          const perm = ascendingOrder(t);
          if (perm !== null) {
            const ts = new Float64Array(n);
            const ws = new Float64Array(n + 1);
            for (let r = 0; r < n; r++) {
              ts[r] = t[perm[r]];
              ws[r] = weights[perm[r]];
            }
            ws[n] = weights[n];
            t = ts;
            weights.set(ws);
          }
        }
        dims.push(numericKernels(t, low, high, step, distributions.length, parameters));
      }
    }
    this.mixture = new MixtureOfProducts(weights, dims);
  }

  /** `n` draws in internal representation (per param; ints on their grid, categoricals as indices). */
  sample(rng: Rng, n: number): Float64Array[] {
    const xs = this.mixture.sample(rng, n);
    for (let i = 0; i < this.distributions.length; i++) {
      const d = this.distributions[i];
      const x = xs[i];
      if (d.kind === 'categorical') continue;
      if (d.log) for (let j = 0; j < n; j++) x[j] = Math.exp(x[j]);
      if (d.kind === 'int') {
        for (let j = 0; j < n; j++) {
          const v = d.low + Math.round((x[j] - d.low) / d.step) * d.step;
          x[j] = v < d.low ? d.low : v > d.high ? d.high : v;
        }
      } else {
        for (let j = 0; j < n; j++) {
          const v = x[j];
          x[j] = v < d.low ? d.low : v > d.high ? d.high : v;
        }
      }
    }
    return xs;
  }

  /** Log density of points given in internal representation (one array per param). */
  logPdf(xs: readonly Float64Array[]): Float64Array {
    const n = xs.length > 0 ? xs[0].length : 0;
    const t: Float64Array[] = [];
    for (let i = 0; i < this.distributions.length; i++) {
      const d = this.distributions[i];
      const x = xs[i];
      if (!isLog(d)) {
        t.push(x);
        continue;
      }
      const k = this.mixture.dims[i] as { low: number; high: number };
      const y = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const v = Math.log(x[j]);
        // exp/log round trips may leave a bound by an ulp
        y[j] = v < k.low && v > k.low - 1e-12 ? k.low : v > k.high && v < k.high + 1e-12 ? k.high : v;
      }
      t.push(y);
    }
    return this.mixture.logPdf(t, n);
  }
}

/** The stable ascending order of `v`, or null when `v` is already ascending. */
function ascendingOrder(v: Float64Array): Int32Array | null {
  const n = v.length;
  let sortedAlready = true;
  for (let i = 1; i < n && sortedAlready; i++) sortedAlready = v[i - 1] <= v[i];
  if (sortedAlready) return null;
  const sorted = Float64Array.from(v).sort();
  const taken = new Int32Array(n);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = v[i];
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    perm[lo + taken[lo]] = i;
    taken[lo] = taken[lo] + 1;
  }
  return perm;
}

function numericKernels(
  obs: Float64Array,
  low: number,
  high: number,
  step: number,
  nParams: number,
  p: ParzenEstimatorParameters,
): BatchedKernels {
  const n = obs.length;
  const range = high - low + step;
  const mu = new Float64Array(n + 1);
  const sigma = new Float64Array(n + 1);
  mu.set(obs);
  const prior = 0.5 * (low + high);
  mu[n] = prior;
  if (p.multivariate) {
    const s = 0.2 * Math.pow(Math.max(n, 1), -1 / (nParams + 4)) * range;
    sigma.fill(s, 0, n);
  } else if (n > 0) {
    // neighbour distances over the sorted observations, the prior's centre and the range ends
    const K = n + 1;
    const e = new Float64Array(K + 2);
    const sorted = e.subarray(1, K + 1);
    e[0] = low - step / 2;
    e[K + 1] = high + step / 2;
    let ascending = true;
    for (let k = 1; k < n && ascending; k++) ascending = mu[k - 1] <= mu[k];
    // slotOf(k): the sorted position of kernel k (equal values keep index order, the prior last)
    let slotOf: Int32Array;
    if (ascending) {
      // merge the prior into the ascending observations: O(n)
      let p = 0;
      while (p < n && mu[p] <= prior) p++;
      slotOf = new Int32Array(K);
      for (let k = 0; k < n; k++) slotOf[k] = k < p ? k : k + 1;
      slotOf[n] = p;
      for (let k = 0; k < K; k++) sorted[slotOf[k]] = mu[k];
    } else {
      // a native numeric sort, then each kernel takes the first free slot of its value
      sorted.set(mu);
      sorted.sort();
      slotOf = new Int32Array(K);
      const taken = new Int32Array(K);
      for (let k = 0; k < K; k++) {
        const v = mu[k];
        let lo = 0;
        let hi = K - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid] < v) lo = mid + 1;
          else hi = mid;
        }
        slotOf[k] = lo + taken[lo];
        taken[lo] = taken[lo] + 1;
      }
    }
    for (let k = 0; k < K; k++) {
      const r = slotOf[k];
      const left = e[r + 1] - e[r];
      const right = e[r + 2] - e[r + 1];
      let s = left > right ? left : right;
      if (!p.considerEndpoints) {
        if (r === 0) s = right;
        else if (r === K - 1) s = left;
      }
      sigma[k] = s;
    }
  }
  const maxSigma = range;
  const minSigma = p.considerMagicClip ? range / Math.min(100, n + 2) : EPS;
  for (let k = 0; k < n; k++) {
    const s = sigma[k];
    sigma[k] = s < minSigma ? minSigma : s > maxSigma ? maxSigma : s;
  }
  sigma[n] = range;
  return { kind: 'numeric', mu, sigma, low, high, step };
}

function categoricalKernels(
  obs: Float64Array,
  name: string,
  choices: readonly CategoricalChoice[],
  p: ParzenEstimatorParameters,
): BatchedKernels {
  const C = choices.length;
  const n = obs.length;
  if (n === 0) return { kind: 'categorical', weights: new Float64Array(C).fill(1 / C), nChoices: C };
  const K = n + 1;
  const w = new Float64Array(K * C).fill(p.priorWeight / K);
  const distFn = p.categoricalDistanceFunc?.[name];
  if (distFn !== undefined) {
    // a kernel spreads its mass over choices by their distance to the observed one
    const coef = (Math.log(K / p.priorWeight) * Math.log(C)) / Math.log(6);
    const rows = new Map<number, Float64Array>();
    for (let j = 0; j < n; j++) {
      const c = obs[j];
      let row = rows.get(c);
      if (row === undefined) {
        row = new Float64Array(C);
        let maxD = 0;
        for (let t = 0; t < C; t++) {
          const dist = distFn(choices[c], choices[t]);
          row[t] = dist;
          if (dist > maxD) maxD = dist;
        }
        for (let t = 0; t < C; t++) {
          const r = maxD > 0 ? row[t] / maxD : 0;
          row[t] = Math.exp(-r * r * coef);
        }
        rows.set(c, row);
      }
      w.set(row, j * C);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const idx = j * C + obs[j];
      w[idx] = w[idx] + 1;
    }
  }
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let t = 0; t < C; t++) s += w[k * C + t];
    if (s === 0) s = 1;
    for (let t = 0; t < C; t++) w[k * C + t] = w[k * C + t] / s;
  }
  return { kind: 'categorical', weights: w, nChoices: C };
}
