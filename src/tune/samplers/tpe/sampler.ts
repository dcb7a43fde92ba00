/**
 * The Tree-structured Parzen Estimator sampler, faithful to Optuna 4.x's `TPESampler`
 * (`optuna/samplers/_tpe/sampler.py`, v4.5): after `nStartupTrials` random trials, past trials are
 * split into the best `gamma(n)` and the rest; a Parzen estimator is fitted to each, `nEiCandidates`
 * points are drawn from the good one, and the point maximising `log l(x) - log g(x)` is suggested.
 * Univariate by default (each param on its own, from the trials that have it); `multivariate`
 * models the intersection search space jointly (`group` decomposes conditional spaces into
 * jointly-sampled groups); `constantLiar` counts running trials as bad so parallel workers spread
 * out; several objectives use MOTPE (non-domination rank + hypervolume subset selection for the
 * split, hypervolume contributions as the good trials' weights); `constraintsFunc` ranks
 * infeasible trials after feasible ones.
 *
 * Papers: Bergstra et al., "Algorithms for Hyper-Parameter Optimization" (NeurIPS 2011);
 * Watanabe, arXiv:2304.11127 (2023); Ozaki et al., "Multiobjective TPE" (JAIR 2022).
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new TPESampler({ seed: 1 }) });
 * await study.optimize((t) => (t.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 100 });
 * study.bestValue; // close to 0
 * ```
 */
import { TunerError } from '../../../core/errors.js';
import { log } from '../../../core/log.js';
import { Rng } from '../../../core/rng.js';
import type { Distribution, ParamValue } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';
import { type FrozenTrial, isFinished, type TrialState } from '../../trial/frozen-trial.js';
import type { Sampler, TrialSetup } from '../base.js';
import { GroupDecomposedSearchSpace, IntersectionSearchSpace } from '../search-space.js';
import { motpeWeightsBelow } from './motpe-weights.js';
import { ObservationStore } from './observations.js';
import {
  type CategoricalDistanceFunction,
  defaultWeights,
  observationWeights,
  ParzenEstimator,
  type ParzenEstimatorParameters,
  type WeightsFunction,
} from './parzen-estimator.js';
import { splitTrials } from './split.js';
import { drawUniform } from './uniform.js';

/**
 * Optuna's default gamma: `min(ceil(0.1 n), 25)` good trials out of n.
 *
 * @example
 * ```ts
 * new TPESampler({ gamma: (n) => Math.max(1, defaultGamma(n)) });
 * ```
 */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Hyperopt's gamma: `min(ceil(0.25 sqrt(n)), 25)`.
 *
 * @example
 * ```ts
 * new TPESampler({ gamma: hyperoptDefaultGamma, nStartupTrials: 20 });
 * ```
 */
export function hyperoptDefaultGamma(n: number): number {
  return Math.min(Math.ceil(0.25 * Math.sqrt(n)), 25);
}

/** Options of {@link TPESampler} (Optuna's `TPESampler` arguments in camelCase). */
export interface TPESamplerOptions {
  /** Kept for Optuna compatibility; since Optuna 4.3 the prior is always used (false warns). Default true. */
  considerPrior?: boolean;
  /** Weight of the prior kernel (numeric and categorical). Default 1. */
  priorWeight?: number;
  /** Lower-bound kernel sigmas by `range / min(100, n + 2)`. Default true. */
  considerMagicClip?: boolean;
  /** Let the extreme kernels' sigmas use the distance to the range ends. Default false. */
  considerEndpoints?: boolean;
  /** Random sampling until this many COMPLETE/PRUNED trials exist. Default 10. */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion. Default 24. */
  nEiCandidates?: number;
  /** Number of good trials out of n finished ones. Default {@link defaultGamma}. */
  gamma?: (n: number) => number;
  /** Weights of n observations, oldest first. Default {@link defaultWeights}. */
  weights?: WeightsFunction;
  /** Seed (start-up draws and TPE draws). Default: a random seed. */
  seed?: number;
  /** Model the intersection search space jointly. Default false. */
  multivariate?: boolean;
  /** With `multivariate`, decompose conditional spaces into jointly-sampled groups. Default false. */
  group?: boolean;
  /** With `multivariate`, warn (once per param) when a param falls back to independent sampling. Default true. */
  warnIndependentSampling?: boolean;
  /** Count RUNNING trials as bad (above) so parallel workers do not pile up. Default false. */
  constantLiar?: boolean;
  /** Constraint values of a finished trial (> 0 = violated); infeasible trials rank after feasible ones. */
  constraintsFunc?: (trial: FrozenTrial) => readonly number[];
  /** Per categorical param, a distance between choices; kernels then spread over nearby choices. */
  categoricalDistanceFunc?: Readonly<Record<string, CategoricalDistanceFunction>>;
}

const RELATIVE_PARAMS_KEY = 'tpe:relative_params';
const CONSTRAINTS_KEY = 'constraints';
const SYSTEM_ATTR_MAX_LENGTH = 2045;
const STATE_CODE: Record<TrialState, number> = { RUNNING: 0, COMPLETE: 1, PRUNED: 2, FAIL: 3, WAITING: 4 };
const RUNNING_CODE = STATE_CODE.RUNNING;
const FINISHED_STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED'];
const LIAR_STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'RUNNING'];

/** The split of one snapshot, reused by the per-param calls of one trial. */
interface SplitCache {
  numbers: Int32Array;
  states: Uint8Array;
  nBelow: number;
  below: Int32Array;
  above: Int32Array;
  /** MOTPE weights of the below trials (several objectives only). */
  belowWeights: Float64Array | null;
}

/** What the sampler keeps per study. */
interface StudyState {
  intersection: IntersectionSearchSpace;
  groups: GroupDecomposedSearchSpace | null;
  lastGroups: Record<string, Distribution>[] | null;
  split: SplitCache | null;
  relativeParams: Map<number, Record<string, ParamValue>>;
  setups: Map<number, TrialSetup>;
  constraints: Map<number, readonly number[]>;
  warned: Set<string>;
  store: ObservationStore;
}

/**
 * See the module comment. Options default as in Optuna 4.x.
 *
 * @example
 * ```ts
 * const sampler = new TPESampler({ seed: 42, multivariate: true, constantLiar: true });
 * const study = await createStudy({ sampler });
 * ```
 */
export class TPESampler implements Sampler {
  private readonly rng: Rng;
  private readonly randomRng: Rng;
  private readonly pe: ParzenEstimatorParameters;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;
  private readonly gamma: (n: number) => number;
  private readonly multivariate: boolean;
  private readonly group: boolean;
  private readonly warnIndependentSampling: boolean;
  private readonly constantLiar: boolean;
  private readonly constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | null;
  private readonly studies = new Map<number, StudyState>();

  constructor({
    considerPrior = true,
    priorWeight = 1.0,
    considerMagicClip = true,
    considerEndpoints = false,
    nStartupTrials = 10,
    nEiCandidates = 24,
    gamma = defaultGamma,
    weights = defaultWeights,
    seed,
    multivariate = false,
    group = false,
    warnIndependentSampling = true,
    constantLiar = false,
    constraintsFunc,
    categoricalDistanceFunc,
  }: TPESamplerOptions = {}) {
    if (!considerPrior) {
      log.warn('TPESampler: considerPrior = false is deprecated (as in Optuna 4.3) and falls back to true');
    }
    if (!(priorWeight >= 0) || !Number.isFinite(priorWeight)) {
      throw new TunerError(`TPESampler: priorWeight (${priorWeight}) must be a finite number >= 0`);
    }
    if (!Number.isInteger(nStartupTrials) || nStartupTrials < 0) {
      throw new TunerError(`TPESampler: nStartupTrials (${nStartupTrials}) must be an integer >= 0`);
    }
    if (!Number.isInteger(nEiCandidates) || nEiCandidates < 1) {
      throw new TunerError(`TPESampler: nEiCandidates (${nEiCandidates}) must be an integer >= 1`);
    }
    if (group && !multivariate) {
      throw new TunerError('TPESampler: the group option can only be enabled when multivariate is enabled');
    }
    const s = seed ?? Math.floor(Math.random() * 2147483647);
    this.rng = new Rng(s);
    this.randomRng = new Rng(s);
    this.pe = { priorWeight, considerMagicClip, considerEndpoints, weights, multivariate, categoricalDistanceFunc: categoricalDistanceFunc ?? {} };
    this.nStartupTrials = nStartupTrials;
    this.nEiCandidates = nEiCandidates;
    this.gamma = gamma;
    this.multivariate = multivariate;
    this.group = group;
    this.warnIndependentSampling = warnIndependentSampling;
    this.constantLiar = constantLiar;
    this.constraintsFunc = constraintsFunc ?? null;
  }

  /**
   * The default parameters of hyperopt 0.1.2 (Optuna's `TPESampler.hyperopt_parameters()`):
   * 20 start-up trials and gamma `min(ceil(0.25 sqrt(n)), 25)`.
   *
   * @example
   * ```ts
   * const sampler = new TPESampler({ ...TPESampler.hyperoptParameters(), seed: 1 });
   * ```
   */
  static hyperoptParameters(): TPESamplerOptions {
    return {
      considerPrior: true,
      priorWeight: 1.0,
      considerMagicClip: true,
      considerEndpoints: false,
      nStartupTrials: 20,
      nEiCandidates: 24,
      gamma: hyperoptDefaultGamma,
      weights: defaultWeights,
    };
  }

  private state(study: StudyView): StudyState {
    let st = this.studies.get(study.studyId);
    if (st === undefined) {
      st = {
        intersection: new IntersectionSearchSpace({ includePruned: true }),
        groups: this.group ? new GroupDecomposedSearchSpace({ includePruned: true }) : null,
        lastGroups: null,
        split: null,
        relativeParams: new Map(),
        setups: new Map(),
        constraints: new Map(),
        warned: new Set(),
        store: new ObservationStore(),
      };
      this.studies.set(study.studyId, st);
    }
    return st;
  }

  reseedRng(): void {
    const s = Math.floor(Math.random() * 2147483647);
    this.rng.reseed(s);
    this.randomRng.reseed(s + 1);
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    if (!this.multivariate) return {};
    const st = this.state(study);
    const out: Record<string, Distribution> = {};
    if (st.groups !== null) {
      st.lastGroups = st.groups.calculate(study);
      for (const sub of st.lastGroups) {
        // sorted names, as Optuna sorts them (its sets have no stable order)
        for (const name of Object.keys(sub).sort()) {
          const d = sub[name];
          if (!d.single()) out[name] = d;
        }
      }
      return out;
    }
    const space = st.intersection.calculate(study);
    for (const name of Object.keys(space)) {
      const d = space[name];
      if (!d.single()) out[name] = d;
    }
    return out;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    const st = this.state(study);
    let params: Record<string, ParamValue> = {};
    if (this.group && st.lastGroups !== null) {
      for (const sub of st.lastGroups) {
        const part: Record<string, Distribution> = {};
        for (const name of Object.keys(sub).sort()) {
          const d = sub[name];
          if (!d.single() && searchSpace[name] !== undefined) part[name] = d;
        }
        Object.assign(params, this.sampleRelativeSpace(study, trial, part));
      }
    } else {
      params = this.sampleRelativeSpace(study, trial, searchSpace);
    }
    if (this.constantLiar && Object.keys(params).length > 0) this.shareRelativeParams(st, trial, params);
    return params;
  }

  /** Lets concurrent trials see this running trial's relative params (Optuna's system attrs). */
  private shareRelativeParams(st: StudyState, trial: FrozenTrial, params: Record<string, ParamValue>): void {
    st.relativeParams.set(trial.number, params);
    const setup = st.setups.get(trial.number);
    if (setup === undefined) return;
    const text = JSON.stringify(params);
    try {
      for (let i = 0; i < text.length; i += SYSTEM_ATTR_MAX_LENGTH) {
        setup.setSystemAttr(`${RELATIVE_PARAMS_KEY}:${i / SYSTEM_ATTR_MAX_LENGTH}`, text.slice(i, i + SYSTEM_ATTR_MAX_LENGTH));
      }
    } catch {
      // the in-process map above still serves this process's workers
    }
  }

  private sampleRelativeSpace(study: StudyView, trial: FrozenTrial, space: Record<string, Distribution>): Record<string, ParamValue> {
    if (Object.keys(space).length === 0) return {};
    const finished = study.getTrials({ states: FINISHED_STATES });
    if (finished.length < this.nStartupTrials) return {};
    return this.sample(study, trial, space, finished);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    const finished = study.getTrials({ states: FINISHED_STATES });
    if (finished.length < this.nStartupTrials || distribution.single()) return drawUniform(this.randomRng, distribution);
    if (this.warnIndependentSampling && this.multivariate) {
      const st = this.state(study);
      if (!st.warned.has(paramName) && finished.some((t) => Object.prototype.hasOwnProperty.call(t.params, paramName))) {
        st.warned.add(paramName);
        log.warn(
          `The parameter '${paramName}' in trial #${trial.number} is sampled independently by random sampling ` +
            'instead of TPESampler, potentially degrading the optimization performance, because dynamic search ' +
            'spaces are not supported by multivariate TPE (group: true handles them). Set ' +
            'warnIndependentSampling: false to silence this warning (shown once per parameter).',
        );
      }
    }
    return this.sample(study, trial, { [paramName]: distribution }, finished)[paramName];
  }

  /** A trial's params, with a running trial's not-yet-suggested relative params (constant liar). */
  private paramsOf(trial: FrozenTrial, st: StudyState): Readonly<Record<string, ParamValue>> {
    if (isFinished(trial.state) || !this.multivariate) return trial.params;
    let rel: Record<string, ParamValue> | undefined = st.relativeParams.get(trial.number);
    if (rel === undefined) {
      let text = '';
      for (let i = 0; ; i++) {
        const chunk = trial.systemAttrs[`${RELATIVE_PARAMS_KEY}:${i}`];
        if (typeof chunk !== 'string' || chunk.length === 0) break;
        text += chunk;
      }
      if (text.length === 0) return trial.params;
      try {
        rel = JSON.parse(text) as Record<string, ParamValue>;
      } catch {
        return trial.params;
      }
    }
    return { ...rel, ...trial.params };
  }

  private constraintsOf(trial: FrozenTrial, st: StudyState): readonly number[] | null {
    const stored = trial.systemAttrs[CONSTRAINTS_KEY];
    if (Array.isArray(stored)) return stored as number[];
    const cached = st.constraints.get(trial.number);
    if (cached !== undefined) return cached;
    if (this.constraintsFunc === null || !(trial.state === 'COMPLETE' || trial.state === 'PRUNED')) return null;
    const c = this.checkedConstraints(trial);
    st.constraints.set(trial.number, c);
    return c;
  }

  private checkedConstraints(trial: FrozenTrial): readonly number[] {
    const c = (this.constraintsFunc as (t: FrozenTrial) => readonly number[])(trial);
    if (!Array.isArray(c) || c.some((v) => typeof v !== 'number' || Number.isNaN(v))) {
      throw new TunerError(`TPESampler: constraintsFunc returned ${JSON.stringify(c)} for trial ${trial.number}; expected an array of numbers (no NaN)`);
    }
    return c;
  }

  /** The below/above split of `trials`, reused while the snapshot's (number, state) list is unchanged. */
  private split(study: StudyView, st: StudyState, trials: readonly FrozenTrial[], nBelow: number): SplitCache {
    const n = trials.length;
    const c = st.split;
    if (c !== null && c.nBelow === nBelow && c.numbers.length === n) {
      let same = true;
      for (let i = 0; i < n && same; i++) {
        const t = trials[i];
        same = c.numbers[i] === t.number && c.states[i] === STATE_CODE[t.state];
      }
      if (same) return c;
    }
    const index = new Map<FrozenTrial, number>();
    for (let i = 0; i < n; i++) index.set(trials[i], i);
    const infeasibility =
      this.constraintsFunc === null
        ? null
        : (t: FrozenTrial): number => {
            const cs = this.constraintsOf(t, st);
            if (cs === null) return Infinity;
            let s = 0;
            for (const v of cs) if (v > 0) s += v;
            return s;
          };
    const { below, above } = splitTrials(trials, study.directions, nBelow, infeasibility);
    const numbers = new Int32Array(n);
    const states = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      numbers[i] = trials[i].number;
      states[i] = STATE_CODE[trials[i].state];
    }
    const belowWeights =
      study.directions.length > 1 ? motpeWeightsBelow(below, study.directions, this.constraintsFunc === null ? null : (t) => this.constraintsOf(t, st)) : null;
    const out: SplitCache = {
      numbers,
      states,
      nBelow,
      below: Int32Array.from(below, (t) => index.get(t) as number),
      above: Int32Array.from(above, (t) => index.get(t) as number),
      belowWeights,
    };
    st.split = out;
    return out;
  }

  /** Optuna's `TPESampler._sample`: fit l(x) and g(x) over `space`, pick the best of the candidates. */
  private sample(
    study: StudyView,
    trial: FrozenTrial,
    space: Record<string, Distribution>,
    finished: readonly FrozenTrial[],
  ): Record<string, ParamValue> {
    const st = this.state(study);
    const trials = this.constantLiar ? study.getTrials({ states: LIAR_STATES }).filter((t) => t.number !== trial.number) : finished;
    let nFinished = 0;
    for (const t of trials) if (t.state !== 'RUNNING') nFinished++;
    const nBelow = this.gamma(nFinished);
    if (!Number.isInteger(nBelow) || nBelow < 0) {
      throw new TunerError(`TPESampler: gamma(${nFinished}) returned ${nBelow}; expected an integer >= 0`);
    }
    const sp = this.split(study, st, trials, nBelow);
    const names = Object.keys(space);
    const dists = names.map((k) => space[k]);

    const below = this.estimator(trials, sp, sp.below, names, dists, st, sp.belowWeights);
    const above = this.estimator(trials, sp, sp.above, names, dists, st, null);
    const cand = below.sample(this.rng, this.nEiCandidates);
    const lb = below.logPdf(cand);
    const la = above.logPdf(cand);
    let best = 0;
    let bestV = -Infinity;
    for (let j = 0; j < this.nEiCandidates; j++) {
      const v = lb[j] - la[j];
      if (v > bestV) {
        bestV = v;
        best = j;
      }
    }
    const out: Record<string, ParamValue> = {};
    for (let i = 0; i < names.length; i++) {
      const d = dists[i];
      const x = cand[i][best];
      out[names[i]] = d.kind === 'categorical' ? d.choices[x] : d.toExternal(x);
    }
    return out;
  }

  /** A Parzen estimator over the trials at `idx` (positions into `trials`) that have every param in `names`. */
  private estimator(
    trials: readonly FrozenTrial[],
    sp: SplitCache,
    idx: Int32Array,
    names: readonly string[],
    dists: readonly Distribution[],
    st: StudyState,
    weights: Float64Array | null,
  ): ParzenEstimator {
    const states = sp.states;
    const g = st.store.gather(trials, sp.numbers, (p) => states[p] !== RUNNING_CODE, idx, names, dists, (t) => this.paramsOf(t, st));
    const n = g.kept.length;
    // weights belong to trials in number order; the observations may come in value order
    let byNumber: Float64Array;
    if (weights === null) byNumber = observationWeights(this.pe.weights, n);
    else {
      byNumber = new Float64Array(n);
      for (let j = 0; j < n; j++) byNumber[j] = weights[g.kept[j]];
    }
    const w = new Float64Array(n);
    for (let j = 0; j < n; j++) w[j] = byNumber[g.rank[j]];
    return new ParzenEstimator(names, dists, g.obs, this.pe, w);
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    if ((this.constantLiar && this.multivariate) || this.constraintsFunc !== null) this.state(study).setups.set(trial.number, trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, _values: readonly number[] | null): void {
    const st = this.state(study);
    const setup = st.setups.get(trial.number);
    st.setups.delete(trial.number);
    st.relativeParams.delete(trial.number);
    if (this.constraintsFunc !== null && (state === 'COMPLETE' || state === 'PRUNED')) {
      const c = this.checkedConstraints(trial);
      st.constraints.set(trial.number, c);
      // the study passes a writable trial here (stored before the state); else the one from beforeTrial
      const writable = 'setSystemAttr' in trial ? (trial as TrialSetup) : setup;
      try {
        writable?.setSystemAttr(CONSTRAINTS_KEY, c);
      } catch {
        // kept in memory
      }
    }
  }
}

