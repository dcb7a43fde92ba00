/**
 * CMA-ES as a study sampler (Optuna's `CmaEsSampler`, `optuna/samplers/_cmaes.py`, over the
 * `cmaes` library's CMA class): the numeric params every finished trial shares are sampled jointly
 * from the CMA-ES distribution in a [0, 1]-scaled space (log params in log space, int and stepped
 * params widened by half a step); everything else goes to the independent sampler.
 *
 * State lives in the trials, as in Optuna: every trial records its generation
 * (`cma:generation`), and when a generation's `popsize` trials have completed, the next trial to
 * be sampled tells them to the optimizer and stores the updated optimizer as JSON in its own system
 * attrs (`cma:optimizer:0`, `:1`, ... in chunks of 2045 characters). A sampler (in this or another
 * process) restores the newest stored optimizer, so a study resumes from its storage.
 */
import { TunerError } from '../../../core/errors.js';
import { log } from '../../../core/log.js';
import { WarnOnce } from '../warn-once.js';
import { Rng } from '../../../core/rng.js';
import type { Distribution, ParamValue } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';
import type { FrozenTrial, TrialState } from '../../trial/frozen-trial.js';
import { lastStep } from '../../trial/frozen-trial.js';
import type { Sampler, TrialSetup } from '../base.js';
import { RandomSampler, randomSeed } from '../random.js';
import { IntersectionSearchSpace } from '../search-space.js';
import { Cma } from './cma.js';
import type { CmaState } from './cma.js';
import { CmaWithMargin } from './margin.js';
import type { CmaWithMarginState } from './margin.js';
import { SearchSpaceTransform } from '../search-space-transform.js';
import type { NumericDistribution } from '../search-space-transform.js';
import { TrialAttrs } from '../trial-attrs.js';

/** Optuna's limit on one system attr string (the optimizer is split into chunks of this size). */
const ATTR_CHUNK = 2045;
const SIGMA_EPS = 1e-10;

/** Options of {@link CmaEsSampler}. */
export interface CmaEsSamplerOptions {
  /** The initial mean, as param values (missing params start at the centre). Default: the centre. */
  x0?: Record<string, ParamValue> | null;
  /** The initial step size in the [0, 1]-scaled space. Default 1/6 (a sixth of every range). */
  sigma0?: number | null;
  /** Finished trials before CMA-ES starts (the first ones are independent samples). Default 1. */
  nStartupTrials?: number;
  /** For params outside the relative search space. Default `new RandomSampler({ seed })`. */
  independentSampler?: Sampler;
  /** Warn when a param is sampled independently. Default true. */
  warnIndependentSampling?: boolean;
  /** Seed of the sampler's RNG. Default: random. */
  seed?: number;
  /** Count PRUNED trials, valued by their last intermediate value. Default false. */
  considerPrunedTrials?: boolean;
  /** Restarts are not implemented: only null/undefined (Optuna 4.4+ ignores restarts too, with a warning). */
  restartStrategy?: 'ipop' | 'bipop' | null;
  /** Offspring per generation. Default `4 + floor(3 ln n)`. */
  popsize?: number | null;
  /** Population growth at restarts; ignored (no restarts), like `restartStrategy`. Default -1. */
  incPopsize?: number;
  /** Separable CMA-ES (diagonal covariance; faster, for many params). Default false. */
  useSeparableCma?: boolean;
  /**
   * CMA-ES with margin (Hamano et al. 2022) for int and stepped params: their marginal
   * probabilities stay above a margin so the search never freezes on one value. Default false.
   */
  withMargin?: boolean;
}

type StoredOptimizer = { names: string[]; cma: CmaState } | { names: string[]; cmawm: CmaWithMarginState };

/** The raw solution a CMA-ES-with-margin trial was asked with (Optuna's key). */
const X_FOR_TELL = 'x_for_tell';

/**
 * The CMA-ES sampler. Single-objective only; categorical params are sampled by the independent
 * sampler (with a warning), as in Optuna.
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new CmaEsSampler({ seed: 1 }) });
 * await study.optimize((t) => (t.suggestFloat('x', -5, 5) - 2) ** 2 + t.suggestFloat('y', -5, 5) ** 2, { nTrials: 200 });
 * ```
 */
export class CmaEsSampler implements Sampler {
  private readonly x0: Record<string, ParamValue> | null;
  private readonly sigma0: number | null;
  private readonly nStartupTrials: number;
  private readonly independentSampler: Sampler;
  private warnIndependentSampling: boolean;
  private readonly warned = new WarnOnce();
  private readonly rng: Rng;
  private readonly considerPrunedTrials: boolean;
  private readonly popsize: number | null;
  private readonly separable: boolean;
  private readonly withMargin: boolean;
  private readonly searchSpace = new IntersectionSearchSpace();
  private readonly attrs = new TrialAttrs();
  private readonly prefix: string;

  constructor({
    x0 = null,
    sigma0 = null,
    nStartupTrials = 1,
    independentSampler,
    warnIndependentSampling = true,
    seed,
    considerPrunedTrials = false,
    restartStrategy = null,
    popsize = null,
    incPopsize = -1,
    useSeparableCma = false,
    withMargin = false,
  }: CmaEsSamplerOptions = {}) {
    if (!Number.isInteger(nStartupTrials) || nStartupTrials < 0) {
      throw new TunerError(`CmaEsSampler: nStartupTrials (${nStartupTrials}) must be an integer >= 0`);
    }
    if (sigma0 !== null && !(sigma0 > 0)) throw new TunerError(`CmaEsSampler: sigma0 (${sigma0}) must be > 0`);
    if (popsize !== null && !(Number.isInteger(popsize) && popsize > 1)) {
      throw new TunerError(`CmaEsSampler: popsize (${popsize}) must be an integer > 1`);
    }
    if (restartStrategy !== null && restartStrategy !== undefined) {
      log.warn(`CmaEsSampler: restartStrategy '${restartStrategy}' is not supported and is ignored (no restarts)`);
    }
    if (incPopsize !== -1) log.warn(`CmaEsSampler: incPopsize (${incPopsize}) is ignored (no restarts)`);
    if (useSeparableCma && withMargin) {
      throw new TunerError('CmaEsSampler: useSeparableCma and withMargin cannot be used together');
    }
    const s = seed ?? randomSeed();
    this.x0 = x0;
    this.sigma0 = sigma0;
    this.nStartupTrials = nStartupTrials;
    this.independentSampler = independentSampler ?? new RandomSampler({ seed: s });
    this.warnIndependentSampling = warnIndependentSampling;
    this.rng = new Rng(s);
    this.considerPrunedTrials = considerPrunedTrials;
    this.popsize = popsize;
    this.separable = useSeparableCma;
    this.withMargin = withMargin;
    this.prefix = useSeparableCma ? 'sepcma:' : withMargin ? 'cmawm:' : 'cma:';
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    const out: Record<string, Distribution> = {};
    const space = this.searchSpace.calculate(study);
    for (const name of Object.keys(space)) {
      const d = space[name];
      if (d.single() || d.kind === 'categorical') continue;
      out[name] = d;
    }
    return out;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    this.checkSingleObjective(study);
    const names = Object.keys(searchSpace);
    if (names.length === 0) return {};
    const completed = this.finishedTrials(study);
    if (completed.length < this.nStartupTrials) return {};
    const trans = new SearchSpaceTransform(searchSpace as Record<string, NumericDistribution>, {
      zeroOne: true,
      transformStep: !this.withMargin,
    });
    let optimizer = this.restore(completed, names);
    if (optimizer === undefined) {
      this.warnDynamicSpace();
      return {};
    }
    optimizer ??= this.init(trans);
    if (optimizer.dim !== trans.dim) {
      this.warnDynamicSpace();
      return {};
    }
    const genKey = `${this.prefix}generation`;
    const solutionTrials = completed.filter((t) => this.attrs.get(t, genKey) === optimizer.generation);
    if (solutionTrials.length >= optimizer.popsize) {
      const sign = study.directions[0] === 'MAXIMIZE' ? -1 : 1;
      const sols = solutionTrials.slice(0, optimizer.popsize).map((t) => ({
        x: optimizer instanceof CmaWithMargin ? (this.attrs.get(t, X_FOR_TELL) as number[]) : trans.transform(t.params),
        value: sign * (t.values as readonly number[])[0],
      }));
      optimizer.tell(sols);
      const stored: StoredOptimizer =
        optimizer instanceof CmaWithMargin ? { names, cmawm: optimizer.toJSON() } : { names, cma: optimizer.toJSON() };
      const json = JSON.stringify(stored);
      for (let i = 0; i * ATTR_CHUNK < json.length; i++) {
        this.attrs.set(trial, `${this.prefix}optimizer:${i}`, json.slice(i * ATTR_CHUNK, (i + 1) * ATTR_CHUNK));
      }
    }
    const askRng = new Rng(this.rng.int(1, 65535) + trial.number);
    let x: Float64Array;
    if (optimizer instanceof CmaWithMargin) {
      const sample = optimizer.ask(askRng);
      this.attrs.set(trial, X_FOR_TELL, Array.from(sample.x));
      x = sample.encoded;
    } else {
      x = optimizer.ask(askRng);
    }
    this.attrs.set(trial, genKey, optimizer.generation);
    return trans.untransform(x);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    this.checkSingleObjective(study);
    if (this.warnIndependentSampling && this.finishedTrials(study).length >= this.nStartupTrials) {
      this.warned.warn(
        study.studyName,
        paramName,
        () =>
          `CmaEsSampler: parameter '${paramName}' is sampled independently by ${this.independentSampler.constructor.name} ` +
          `(from trial ${trial.number} on; said once per study): dynamic search spaces and categorical params are not supported by CMA-ES`,
      );
    }
    return this.independentSampler.sampleIndependent(study, trial, paramName, distribution);
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    this.attrs.remember(trial);
    this.independentSampler.beforeTrial?.(study, trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void {
    this.attrs.forget(trial.trialId);
    this.independentSampler.afterTrial?.(study, trial, state, values);
  }

  reseedRng(): void {
    this.rng.reseed(randomSeed());
    this.independentSampler.reseedRng?.();
  }

  /** COMPLETE trials, plus PRUNED ones valued by their last intermediate value with `considerPrunedTrials`. */
  private finishedTrials(study: StudyView): FrozenTrial[] {
    const out: FrozenTrial[] = [];
    for (const t of study.getTrials({ states: ['COMPLETE', 'PRUNED'] })) {
      if (t.state === 'COMPLETE') {
        if (t.values !== null) out.push(t);
      } else if (this.considerPrunedTrials) {
        const step = lastStep(t);
        if (step === null) continue;
        const v = t.intermediateValues.get(step) as number;
        if (Number.isNaN(v)) continue;
        out.push({ ...t, values: [v], value: v });
      }
    }
    return out;
  }

  /**
   * The newest optimizer stored in a finished trial: null when none is stored, undefined when the
   * stored one is for other params.
   */
  private restore(trials: readonly FrozenTrial[], names: readonly string[]): Cma | CmaWithMargin | null | undefined {
    const keyPrefix = `${this.prefix}optimizer:`;
    for (let i = trials.length - 1; i >= 0; i--) {
      const chunks = this.attrs.withPrefix(trials[i], keyPrefix);
      const n = Object.keys(chunks).length;
      if (n === 0) continue;
      let json = '';
      for (let k = 0; k < n; k++) {
        const part = chunks[`${keyPrefix}${k}`];
        if (typeof part !== 'string') throw new TunerError(`CmaEsSampler: trial ${trials[i].number} has a broken '${keyPrefix}${k}' attr`);
        json += part;
      }
      const stored = JSON.parse(json) as StoredOptimizer;
      if (stored.names.length !== names.length || stored.names.some((x, j) => x !== names[j])) return undefined;
      return 'cmawm' in stored ? CmaWithMargin.fromJSON(stored.cmawm) : Cma.fromJSON(stored.cma);
    }
    return null;
  }

  private init(trans: SearchSpaceTransform): Cma | CmaWithMargin {
    const n = trans.dim;
    let mean: Float64Array;
    if (this.x0 === null) mean = new Float64Array(n).fill(0.5);
    else {
      const filled: Record<string, ParamValue> = {};
      const centre = trans.untransform(new Float64Array(n).fill(0.5));
      for (const name of trans.names) filled[name] = this.x0[name] ?? centre[name];
      mean = trans.transform(filled).map((v) => Math.min(Math.max(v, 0), 1));
    }
    const sigma0 = Math.max(this.sigma0 ?? 1 / 6, SIGMA_EPS);
    let separable = this.separable;
    if (separable && n === 1) {
      log.warn('CmaEsSampler: separable CMA-ES is meaningless for one param; useSeparableCma is ignored');
      separable = false;
    }
    if (this.withMargin) {
      // grid steps in the [0, 1]-scaled space: int and stepped params; log and continuous ones have none
      const steps = trans.dists.map((d) => {
        if (d.step === null || d.log) return 0;
        return d.low === d.high ? 1 : d.step / (d.high - d.low);
      });
      return new CmaWithMargin({
        mean,
        sigma: sigma0,
        bounds: trans.bounds,
        steps,
        nMaxResampling: 10 * n,
        populationSize: this.popsize ?? undefined,
      });
    }
    return new Cma({
      mean,
      sigma: sigma0,
      bounds: trans.bounds,
      nMaxResampling: 10 * n,
      populationSize: this.popsize ?? undefined,
      separable,
    });
  }

  private warnDynamicSpace(): void {
    if (!this.warnIndependentSampling) return;
    log.warn(
      `CmaEsSampler does not support dynamic search spaces; ${this.independentSampler.constructor.name} is used instead`,
    );
    this.warnIndependentSampling = false;
  }

  private checkSingleObjective(study: StudyView): void {
    if (study.directions.length > 1) {
      throw new TunerError(
        `CmaEsSampler does not support multi-objective optimization (study '${study.studyName}' has ${study.directions.length} directions); use NSGAIISampler`,
      );
    }
  }
}
