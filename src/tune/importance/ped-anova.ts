/**
 * PED-ANOVA importance (Watanabe, Bansal & Hutter, "PED-ANOVA: Efficiently Quantifying
 * Hyperparameter Importance in Arbitrary Subspaces", IJCAI 2023), as Optuna 4's
 * `PedAnovaImportanceEvaluator` (`optuna/importance/_ped_anova/`): for each param, a 1-D Parzen
 * estimator (Scott's-rule bandwidth, on a grid of at most 50 steps) of the top-`baselineQuantile`
 * trials is compared with one of all trials (or the uniform density) by the Pearson divergence
 * `Σ p_local · (p_top / p_local − 1)²`; the importances are those divergences normalized to sum 1.
 *
 * @example
 * ```ts
 * new PedAnovaImportanceEvaluator({ baselineQuantile: 0.1 }).evaluate(study); // { x: 0.97, y: 0.03 }
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import type { Distribution } from '../distributions.js';
import { normalCdf } from '../../core/stats.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import {
  filteredTrials,
  importanceSearchSpace,
  sortByImportance,
  type EvaluateOptions,
  type ImportanceEvaluator,
  type ImportanceStudy,
} from './encode.js';

/** Options of {@link PedAnovaImportanceEvaluator}. */
export interface PedAnovaOptions {
  /** The importance of reaching the top `baselineQuantile` of the values. Default 0.1. */
  baselineQuantile?: number;
  /** Compare with the density of all trials (true) or with the uniform density over the space (false). Default true. */
  evaluateOnLocal?: boolean;
}

const N_STEPS = 50;
const PRIOR_WEIGHT = 1.0;
const MIN_TOP = 2;

/** See the module comment. */
export class PedAnovaImportanceEvaluator implements ImportanceEvaluator {
  private readonly baselineQuantile: number;
  private readonly evaluateOnLocal: boolean;

  constructor({ baselineQuantile = 0.1, evaluateOnLocal = true }: PedAnovaOptions = {}) {
    if (!(baselineQuantile >= 0 && baselineQuantile <= 1)) {
      throw new TunerError(`PedAnovaImportanceEvaluator: baselineQuantile (${baselineQuantile}) must be in [0, 1]`);
    }
    this.baselineQuantile = baselineQuantile;
    this.evaluateOnLocal = evaluateOnLocal;
  }

  /** Importance per param (sums to 1; single-valued params get 0), sorted decreasing. */
  evaluate(study: ImportanceStudy, { params, target }: EvaluateOptions = {}): Record<string, number> {
    const complete = study.trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
    const all = importanceSearchSpace(complete, params);
    const space = all.filter((p) => !p.dist.single());
    const out: Record<string, number> = {};
    if (space.length === 0) return {};
    const { trials, values } = filteredTrials(study, all.map((p) => p.name), target);
    if (trials.length <= MIN_TOP) {
      for (const p of all) out[p.name] = p.dist.single() ? 0 : 1 / space.length;
      return out;
    }
    const lowerBetter = target !== undefined || study.directions[0] === 'MINIMIZE';
    const top = topTrials(trials, values, this.baselineQuantile, lowerBetter);
    if (top.length === trials.length) log.warn('PedAnovaImportanceEvaluator: all trials are in the top trials, which gives equal importances');
    let sum = 0;
    for (const p of space) {
      const dist = p.dist;
      const pTop = parzenPdf(p.name, dist, top, p.low, p.high);
      const pLocal = this.evaluateOnLocal ? parzenPdf(p.name, dist, trials, p.low, p.high) : null;
      let div = 0;
      for (let k = 0; k < pTop.length; k++) {
        const a = pTop[k] + 1e-12;
        const b = pLocal !== null ? pLocal[k] + 1e-12 : 1 / pTop.length;
        div += b * (a / b - 1) ** 2;
      }
      out[p.name] = div;
      sum += div;
    }
    for (const p of space) out[p.name] = sum > 0 ? out[p.name] / sum : 1 / space.length;
    for (const p of all) if (p.dist.single()) out[p.name] = 0;
    return sortByImportance(out);
  }
}

/** The trials whose (sign-adjusted) value is at most the `q` quantile (inverted CDF), at least {@link MIN_TOP}. */
function topTrials(trials: FrozenTrial[], values: Float64Array, q: number, lowerBetter: boolean): FrozenTrial[] {
  const loss = Array.from(values, (v) => (lowerBetter ? v : -v));
  const sorted = loss.slice().sort((a, b) => a - b);
  const cut = Math.max(sorted[MIN_TOP - 1], sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]);
  return trials.filter((_, i) => loss[i] <= cut);
}

/** The discretized Parzen density of a param over its grid (categorical: over its choices). */
export function parzenPdf(name: string, dist: Distribution, trials: readonly FrozenTrial[], low: number, high: number): Float64Array {
  if (dist.kind === 'categorical') {
    const n = dist.choices.length;
    const counts = new Float64Array(n);
    for (const t of trials) counts[dist.toInternal(t.params[name]!)] += 1;
    return categoricalMixture(counts);
  }
  let nSteps = N_STEPS;
  if (dist.kind === 'int' && dist.log) {
    nSteps = Math.min(Math.ceil(Math.log2(high - low + 1)) + 1, nSteps);
  } else if (dist.step !== null) {
    nSteps = Math.min(Math.round((high - low) / dist.step) + 1, nSteps);
  }
  const scale = dist.log ? Math.log : (x: number) => x;
  const a = scale(low);
  const b = scale(high);
  const counts = new Float64Array(Math.max(1, nSteps));
  if (nSteps <= 1 || !(b > a)) {
    counts[0] = trials.length;
    return scottMixture(counts);
  }
  const stepSize = (b - a) / (nSteps - 1);
  for (const t of trials) {
    const x = scale(t.params[name] as number) - stepSize / 2;
    // first grid index with grid >= x (numpy searchsorted, side left)
    let k = Math.ceil((x - a) / stepSize - 1e-12);
    if (k < 0) k = 0;
    if (k > nSteps - 1) k = nSteps - 1;
    counts[k] += 1;
  }
  return scottMixture(counts);
}

/** Mixture of discrete truncated normals at the occupied grid indices (Scott's rule) plus a wide prior. */
function scottMixture(counts: Float64Array): Float64Array {
  const n = counts.length;
  const mus: number[] = [];
  const w: number[] = [];
  let total = 0;
  for (let k = 0; k < n; k++) {
    if (counts[k] > 0) {
      mus.push(k);
      w.push(counts[k]);
      total += counts[k];
    }
  }
  let mean = 0;
  for (let i = 0; i < mus.length; i++) mean += (mus[i] * w[i]) / total;
  let ss = 0;
  for (let i = 0; i < mus.length; i++) ss += (mus[i] - mean) ** 2 * w[i];
  let sigma = Math.sqrt(ss / Math.max(1, total - 1));
  // interquartile range over the cumulative counts (searchsorted left / right)
  let cum = 0;
  let i25 = -1;
  let i75 = -1;
  const q25 = Math.floor(total / 4);
  const q75 = Math.floor((total * 3) / 4);
  for (let i = 0; i < mus.length; i++) {
    cum += w[i];
    if (i25 < 0 && cum >= q25) i25 = i;
    if (i75 < 0 && cum > q75) i75 = i;
  }
  if (i25 < 0) i25 = mus.length - 1;
  if (i75 < 0) i75 = mus.length;
  const iqr = mus[Math.min(mus.length - 1, i75)] - mus[i25];
  sigma = 1.059 * Math.min(iqr / 1.34, sigma) * total ** -0.2;
  sigma = Math.max(sigma, 0.5 / 1.64);
  const comps: { mu: number; sigma: number; weight: number }[] = mus.map((mu, i) => ({ mu, sigma, weight: w[i] }));
  comps.push({ mu: 0.5 * (n - 1), sigma: n, weight: PRIOR_WEIGHT });
  const wsum = total + PRIOR_WEIGHT;
  const pdf = new Float64Array(n);
  for (const c of comps) {
    const z = normalCdf((n - 0.5 - c.mu) / c.sigma) - normalCdf((-0.5 - c.mu) / c.sigma);
    for (let k = 0; k < n; k++) {
      const m = normalCdf((k + 0.5 - c.mu) / c.sigma) - normalCdf((k - 0.5 - c.mu) / c.sigma);
      pdf[k] += (c.weight / wsum) * (z > 0 ? m / z : 1 / n);
    }
  }
  return pdf;
}

/** Categorical Parzen mixture: each observed choice a kernel smoothed by the prior, plus the uniform prior. */
function categoricalMixture(counts: Float64Array): Float64Array {
  const n = counts.length;
  let total = 0;
  for (let k = 0; k < n; k++) total += counts[k];
  const wsum = total + PRIOR_WEIGHT;
  const pdf = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (counts[k] === 0) continue;
    const wk = counts[k] / wsum;
    for (let c = 0; c < n; c++) pdf[c] += (wk * (PRIOR_WEIGHT / n + (c === k ? 1 : 0))) / (1 + PRIOR_WEIGHT);
  }
  for (let c = 0; c < n; c++) pdf[c] += PRIOR_WEIGHT / wsum / n;
  return pdf;
}
