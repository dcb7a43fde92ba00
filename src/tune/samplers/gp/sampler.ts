/**
 * Gaussian-process Bayesian optimization, following Optuna 4's `GPSampler`
 * (`optuna/samplers/_gp/sampler.py`): after `nStartupTrials` complete trials, fit a GP (Matern 5/2
 * with one length scale per param, maximum a posteriori kernel parameters) to the complete trials'
 * normalized params and standardized values, and suggest the point maximizing log expected
 * improvement over the best value so far. The relative search space is the intersection of the
 * complete trials' spaces; params outside it (conditional ones) and the startup trials come from
 * the independent sampler. Running, pruned and failed trials are ignored, as in Optuna 4.0–4.4.
 *
 * Multi-objective studies are not supported: the sampler warns once and falls back to the
 * independent sampler for every param.
 *
 * References: Snoek, Larochelle & Adams, "Practical Bayesian Optimization of Machine Learning
 * Algorithms" (NeurIPS 2012); Ament et al., "Unexpected Improvements to Expected Improvement for
 * Bayesian Optimization" (NeurIPS 2023).
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new GPSampler({ seed: 1 }) });
 * await study.optimize((t) => (t.suggestFloat('x', -5, 5) - 2) ** 2, { nTrials: 30 });
 * ```
 */
import { log } from '../../../core/log.js';
import { WarnOnce } from '../warn-once.js';
import { Rng } from '../../../core/rng.js';
import type { Distribution, ParamValue } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';
import type { FrozenTrial, TrialState } from '../../trial/frozen-trial.js';
import type { Sampler, TrialSetup } from '../base.js';
import { LogEIAcquisition } from './acquisition.js';
import { completeIntersection, RandomSampler } from './deps.js';
import { DEFAULT_MINIMUM_NOISE_VAR, fitKernelParams, type KernelParams } from './gp.js';
import { optimizeAcqfMixed } from './optimize-acqf.js';
import { GPSearchSpace } from './search-space.js';

/** Options of {@link GPSampler}. */
export interface GPSamplerOptions {
  /** Seed of the sampler's random draws (default: a random seed). */
  seed?: number;
  /**
   * Sampler for the startup trials and for params outside the relative search space
   * (default: a `RandomSampler` with the same seed).
   */
  independentSampler?: Sampler;
  /** Number of complete trials sampled independently before the GP is used (default 10). */
  nStartupTrials?: number;
  /** Fix the GP's noise variance at its small floor (default false). */
  deterministicObjective?: boolean;
  /** Warn when a param is sampled independently after the startup trials (default true). */
  warnIndependentSampling?: boolean;
  /** Candidates scored before the local searches of the acquisition function (default 2048). */
  nPreliminarySamples?: number;
  /** Local searches of the acquisition function per trial (default 10). */
  nLocalSearch?: number;
  /**
   * Iteration cap of the kernel-parameter fit (default 100), each iteration costing about n³/2
   * multiply-adds for n complete trials. Above 200 trials a fit may evaluate its loss at most
   * `max(3, maxFitIterations · (200/n)³)` times; it starts from the previous trial's parameters
   * (or from a fit on a 200-point subset) and goes on converging over the following trials.
   */
  maxFitIterations?: number;
}

const EPS = 1e-10;

/** Up to this many complete trials, a warm-started fit may use all `maxFitIterations`. */
const WARM_FULL_N = 200;

/**
 * Gaussian-process sampler (Optuna's `GPSampler`). Single objective; float, int, log, step and
 * categorical params.
 */
export class GPSampler implements Sampler {
  private readonly rng: Rng;
  private readonly independentSampler: Sampler;
  private readonly nStartupTrials: number;
  private readonly deterministicObjective: boolean;
  private readonly warnIndependentSampling: boolean;
  private readonly warned = new WarnOnce();
  private readonly nPreliminarySamples: number;
  private readonly nLocalSearch: number;
  private readonly maxFitIterations: number;
  private kernelCache: KernelParams | null = null;
  private warnedMultiObjective = false;

  constructor({
    seed,
    independentSampler,
    nStartupTrials = 10,
    deterministicObjective = false,
    warnIndependentSampling = true,
    nPreliminarySamples = 2048,
    nLocalSearch = 10,
    maxFitIterations = 100,
  }: GPSamplerOptions = {}) {
    const s = seed ?? Math.floor(Math.random() * 2 ** 31);
    this.rng = new Rng(s);
    this.independentSampler = independentSampler ?? new RandomSampler({ seed: s });
    this.nStartupTrials = nStartupTrials;
    this.deterministicObjective = deterministicObjective;
    this.warnIndependentSampling = warnIndependentSampling;
    this.nPreliminarySamples = nPreliminarySamples;
    this.nLocalSearch = nLocalSearch;
    this.maxFitIterations = maxFitIterations;
  }

  reseedRng(): void {
    this.rng.reseed(Math.floor(Math.random() * 2 ** 31));
    this.independentSampler.reseedRng?.();
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    const out: Record<string, Distribution> = {};
    const space = completeIntersection(study);
    for (const name of Object.keys(space)) {
      const dist = space[name];
      if (!dist.single()) out[name] = dist;
    }
    return out;
  }

  sampleRelative(study: StudyView, _trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    const names = Object.keys(searchSpace);
    if (names.length === 0) return {};
    if (study.directions.length > 1) {
      if (!this.warnedMultiObjective) {
        this.warnedMultiObjective = true;
        log.warn('GPSampler supports a single objective only; this multi-objective study is sampled by the independent sampler');
      }
      return {};
    }
    const trials = study.getTrials({ states: ['COMPLETE'] }).filter((t) => t.values !== null && names.every((k) => k in t.params));
    if (trials.length < this.nStartupTrials || trials.length === 0) return {};

    const space = new GPSearchSpace(searchSpace);
    const n = trials.length;
    const d = space.dim;
    const x = space.normalizeParams(trials.map((t) => t.params));
    const sign = study.directions[0] === 'MINIMIZE' ? -1 : 1;
    const y = standardize(Float64Array.from(trials, (t) => sign * (t.values as readonly number[])[0]));

    if (this.kernelCache !== null && this.kernelCache.inverseSquaredLengthscales.length !== d) this.kernelCache = null;
    // Above WARM_FULL_N points a few loss evaluations per trial suffice: each fit starts where the
    // previous trial's ended (or, cold, from a fit on a 200-point subset), so the fit converges
    // over successive trials instead of within one, keeping a trial near a few O(n³)
    // evaluations (3 from n = 700 on).
    const maxEvaluations = n <= WARM_FULL_N ? Infinity : Math.max(3, Math.ceil(this.maxFitIterations * (WARM_FULL_N / n) ** 3));
    const gp = fitKernelParams({
      x,
      y,
      n,
      d,
      isCategorical: space.isCategorical,
      minimumNoise: DEFAULT_MINIMUM_NOISE_VAR,
      deterministicObjective: this.deterministicObjective,
      initial: this.kernelCache,
      maxIter: this.maxFitIterations,
      maxEvaluations,
    });
    this.kernelCache = gp.params;

    let best = 0;
    for (let i = 1; i < n; i++) if (y[i] > y[best]) best = i;
    const acqf = new LogEIAcquisition(gp, y[best]);
    const { x: xBest } = optimizeAcqfMixed(acqf, space, {
      rng: this.rng,
      warmStarts: [x.slice(best * d, (best + 1) * d)],
      nPreliminarySamples: this.nPreliminarySamples,
      nLocalSearch: this.nLocalSearch,
    });
    return space.unnormalize(xBest);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    if (this.warnIndependentSampling && study.directions.length === 1) {
      const nComplete = study.getTrials({ states: ['COMPLETE'] }).length;
      if (nComplete >= this.nStartupTrials && nComplete > 0) {
        this.warned.warn(
          study.studyName,
          paramName,
          () =>
            `GPSampler: the parameter '${paramName}' is sampled independently by the independent sampler, not by the GP ` +
            `(from trial ${trial.number} on; said once per study): it is outside the search space shared by all complete trials`,
        );
      }
    }
    return this.independentSampler.sampleIndependent(study, trial, paramName, distribution);
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    this.independentSampler.beforeTrial?.(study, trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void {
    this.independentSampler.afterTrial?.(study, trial, state, values);
  }
}

/**
 * Clips non-finite values to the finite range (warning, as Optuna does) and standardizes to mean
 * 0 and (population) standard deviation 1.
 */
function standardize(v: Float64Array): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  let allFinite = true;
  for (let i = 0; i < v.length; i++) {
    const a = v[i];
    if (Number.isFinite(a)) {
      if (a < lo) lo = a;
      if (a > hi) hi = a;
    } else allFinite = false;
  }
  if (!allFinite) {
    log.warn('GPSampler: non-finite objective values are clipped to the finite min/max for the GP fit');
    if (lo === Infinity) {
      lo = 0;
      hi = 0;
    }
    for (let i = 0; i < v.length; i++) v[i] = Math.min(Math.max(v[i], lo), hi);
  }
  let mean = 0;
  for (let i = 0; i < v.length; i++) mean += v[i];
  mean /= v.length;
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += (v[i] - mean) ** 2;
  const std = Math.max(EPS, Math.sqrt(sq / v.length));
  for (let i = 0; i < v.length; i++) v[i] = (v[i] - mean) / std;
  return v;
}
