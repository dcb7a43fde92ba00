/**
 * NSGA-II as a study sampler (Optuna's `NSGAIISampler`, `optuna/samplers/nsgaii/_sampler.py` and
 * `optuna/samplers/_ga/_base.py`; Deb et al., IEEE TEVC 2002).
 *
 * Generations live in the trials: each trial records its generation in its system attrs
 * (`NSGAIISampler:generation`) when it starts; a trial belongs to the newest generation until that
 * generation has `populationSize` COMPLETE trials, then to the next one. Generation 0 is sampled at
 * random. The parents of generation g are the elites (by non-dominated rank, then crowding
 * distance) of generation g-1's trials plus g-1's parents; their trial ids are cached in the
 * study's system attrs (`NSGAIISampler:parent:<g>`). A child takes its params from a crossover of
 * parents chosen by binary tournament (with probability `crossoverProb`, else a copy of one
 * parent); then each param is dropped with probability `mutationProb` and sampled at random
 * instead (Optuna's default mutation).
 */
import { TunerError } from '../../../core/errors.js';
import { log } from '../../../core/log.js';
import { Rng } from '../../../core/rng.js';
import type { Distribution, ParamValue } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';
import type { FrozenTrial, StudyDirection, TrialState } from '../../trial/frozen-trial.js';
import type { Sampler, TrialSetup } from '../base.js';
import { RandomSampler, randomSeed } from '../random.js';
import { IntersectionSearchSpace } from '../search-space.js';
import { SearchSpaceTransform } from '../search-space-transform.js';
import type { NumericDistribution } from '../search-space-transform.js';
import { TrialAttrs } from '../trial-attrs.js';
import { createCrossover } from './crossover.js';
import type { Crossover, CrossoverName } from './crossover.js';
import { CONSTRAINTS_KEY, constrainedDominates, isConstrained, selectElite, selectParents, trialDominates } from './selection.js';

const GENERATION_KEY = 'NSGAIISampler:generation';
const PARENT_KEY_PREFIX = 'NSGAIISampler:parent:';
/** Crossovers whose child falls outside the ranges are retried this many times, then clipped. */
const MAX_CROSSOVER_TRIES = 1000;

/** Options of {@link NSGAIISampler}. */
export interface NSGAIISamplerOptions {
  /** Trials per generation (>= 2, and >= the crossover's parents). Default 50. */
  populationSize?: number;
  /** Probability of re-sampling each param at random; default `1 / max(1, nParams)`. */
  mutationProb?: number | null;
  /** 'uniform' | 'blxalpha' | 'sbx' | 'vsbx' | 'spx' | 'undx', or a {@link Crossover}. Default 'uniform'. */
  crossover?: CrossoverName | Crossover;
  /** Probability that a child comes from a crossover rather than a copy of one parent. Default 0.9. */
  crossoverProb?: number;
  /** For the uniform crossover and categoricals: probability of taking a gene from the first parent rather than the other. Default 0.5. */
  swappingProb?: number;
  /** Seed of the sampler's RNG. Default: random. */
  seed?: number;
  /**
   * Constraint values of a finished trial (each <= 0 when satisfied), stored in its system attrs
   * (`constraints`); feasible trials then win over infeasible ones. Default: none.
   */
  constraintsFunc?: ((trial: FrozenTrial) => readonly number[]) | null;
}

/**
 * The NSGA-II sampler, for one or several objectives.
 *
 * @example
 * ```ts
 * const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new NSGAIISampler({ seed: 1, crossover: 'sbx' }) });
 * await study.optimize((t) => { const x = t.suggestFloat('x', 0, 1); return [x, 1 - Math.sqrt(x)]; }, { nTrials: 500 });
 * study.bestTrials; // the Pareto front
 * ```
 */
export class NSGAIISampler implements Sampler {
  readonly populationSize: number;
  private readonly mutationProb: number | null;
  private readonly crossover: Crossover;
  private readonly crossoverProb: number;
  private readonly swappingProb: number;
  private readonly constraintsFunc: ((trial: FrozenTrial) => readonly number[]) | null;
  private readonly rng: Rng;
  private readonly randomSampler: RandomSampler;
  private readonly searchSpace = new IntersectionSearchSpace();
  private readonly attrs = new TrialAttrs();
  /** Parent trial ids per `<studyId>:<generation>` (the study attr may not be in the snapshot yet). */
  private readonly parentCache = new Map<string, number[]>();

  constructor({
    populationSize = 50,
    mutationProb = null,
    crossover = 'uniform',
    crossoverProb = 0.9,
    swappingProb = 0.5,
    seed,
    constraintsFunc = null,
  }: NSGAIISamplerOptions = {}) {
    if (!Number.isInteger(populationSize) || populationSize < 2) {
      throw new TunerError(`NSGAIISampler: populationSize (${populationSize}) must be an integer >= 2`);
    }
    if (mutationProb !== null && !(mutationProb >= 0 && mutationProb <= 1)) {
      throw new TunerError(`NSGAIISampler: mutationProb (${mutationProb}) must be null or in [0, 1]`);
    }
    if (!(crossoverProb >= 0 && crossoverProb <= 1)) throw new TunerError(`NSGAIISampler: crossoverProb (${crossoverProb}) must be in [0, 1]`);
    if (!(swappingProb >= 0 && swappingProb <= 1)) throw new TunerError(`NSGAIISampler: swappingProb (${swappingProb}) must be in [0, 1]`);
    this.crossover = typeof crossover === 'string' ? createCrossover(crossover, swappingProb) : crossover;
    if (populationSize < this.crossover.nParents) {
      throw new TunerError(
        `NSGAIISampler: with the ${this.crossover.name} crossover populationSize (${populationSize}) must be >= ${this.crossover.nParents}`,
      );
    }
    const s = seed ?? randomSeed();
    this.populationSize = populationSize;
    this.mutationProb = mutationProb;
    this.crossoverProb = crossoverProb;
    this.swappingProb = swappingProb;
    this.constraintsFunc = constraintsFunc;
    this.rng = new Rng(s);
    this.randomSampler = new RandomSampler({ seed: s });
  }

  inferRelativeSearchSpace(study: StudyView, _trial: FrozenTrial): Record<string, Distribution> {
    const out: Record<string, Distribution> = {};
    const space = this.searchSpace.calculate(study);
    for (const name of Object.keys(space)) if (!space[name].single()) out[name] = space[name];
    return out;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    const generation = this.trialGeneration(study, trial);
    const parents = this.parentPopulation(study, generation);
    if (parents.length === 0) return {};
    return this.child(study, searchSpace, parents);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    return this.randomSampler.sampleIndependent(study, trial, paramName, distribution);
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    this.attrs.remember(trial);
    // the generation is fixed when the trial starts (Optuna fixes it at its relative sampling, which
    // is also at the start there), so trials without relative params still count in their generation
    this.trialGeneration(study, trial);
  }

  afterTrial(_study: StudyView, trial: FrozenTrial, state: TrialState, _values: readonly number[] | null): void {
    if (this.constraintsFunc !== null && (state === 'COMPLETE' || state === 'PRUNED')) {
      const c = [...this.constraintsFunc(trial)];
      if (c.some((v) => typeof v !== 'number' || Number.isNaN(v))) {
        throw new TunerError(`NSGAIISampler: constraintsFunc returned ${JSON.stringify(c)} for trial ${trial.number}; constraint values must be numbers, not NaN`);
      }
      this.attrs.set(trial, CONSTRAINTS_KEY, c);
    }
    this.attrs.forget(trial.trialId);
  }

  /** A trial's constraint values: from its snapshot, else from what this sampler wrote. */
  private readonly constraintsOf = (t: FrozenTrial): readonly number[] | null => {
    const c = this.attrs.get(t, CONSTRAINTS_KEY);
    return Array.isArray(c) ? (c as number[]) : null;
  };

  reseedRng(): void {
    this.rng.reseed(randomSeed());
    this.randomSampler.reseedRng();
  }

  /** The trial's generation: recorded, or the newest generation until it is full, then the next. */
  private trialGeneration(study: StudyView, trial: FrozenTrial): number {
    const own = this.attrs.get(trial, GENERATION_KEY);
    if (typeof own === 'number') return own;
    let maxGen = 0;
    let count = 0;
    for (const t of study.getTrials({ states: ['COMPLETE'] })) {
      const g = this.attrs.get(t, GENERATION_KEY);
      const gen = typeof g === 'number' ? g : -1;
      if (gen < maxGen) continue;
      if (gen > maxGen) {
        maxGen = gen;
        count = 1;
      } else count++;
    }
    const generation = count < this.populationSize ? maxGen : maxGen + 1;
    this.attrs.set(trial, GENERATION_KEY, generation);
    return generation;
  }

  /** COMPLETE trials of generation `g`. */
  private population(study: StudyView, g: number): FrozenTrial[] {
    return study.getTrials({ states: ['COMPLETE'] }).filter((t) => this.attrs.get(t, GENERATION_KEY) === g);
  }

  /** The parents of generation `g` (none for generation 0), cached in the study's system attrs. */
  private parentPopulation(study: StudyView, g: number): FrozenTrial[] {
    if (g === 0) return [];
    const key = PARENT_KEY_PREFIX + g;
    const cacheKey = `${study.studyId}:${g}`;
    let ids = this.parentCache.get(cacheKey) ?? (study.systemAttrs[key] as number[] | undefined);
    if (ids === undefined) {
      const candidates = [...this.population(study, g - 1), ...this.parentPopulation(study, g - 1)];
      const elite = selectElite(candidates, study.directions, this.populationSize, this.constraintsOf);
      ids = elite.map((t) => t.trialId);
      study.setSystemAttr(key, ids);
    }
    this.parentCache.set(cacheKey, ids);
    const wanted = new Set(ids);
    return study.getTrials().filter((t) => wanted.has(t.trialId));
  }

  /** One child's params (some left out: those are mutated, i.e. sampled at random). */
  private child(study: StudyView, space: Record<string, Distribution>, parents: readonly FrozenTrial[]): Record<string, ParamValue> {
    const names = Object.keys(space).filter((n) => parents.every((p) => n in p.params));
    const dominates = isConstrained(parents, this.constraintsOf)
      ? (a: FrozenTrial, b: FrozenTrial, d: readonly StudyDirection[]) => constrainedDominates(a, b, d, this.constraintsOf)
      : trialDominates;
    let childParams: Record<string, ParamValue>;
    if (this.rng.random() < this.crossoverProb) {
      childParams = this.crossoverChild(study, space, names, parents, dominates);
    } else {
      const p = parents[this.rng.below(parents.length)];
      childParams = {};
      for (const n of names) childParams[n] = p.params[n];
    }
    const keys = Object.keys(childParams);
    const mutationProb = this.mutationProb ?? 1 / Math.max(1, keys.length);
    const out: Record<string, ParamValue> = {};
    for (const n of keys) if (this.rng.random() >= mutationProb) out[n] = childParams[n];
    return out;
  }

  private crossoverChild(
    study: StudyView,
    space: Record<string, Distribution>,
    names: readonly string[],
    population: readonly FrozenTrial[],
    dominates: typeof trialDominates,
  ): Record<string, ParamValue> {
    const numeric: Record<string, NumericDistribution> = {};
    const categorical: string[] = [];
    for (const n of names) {
      const d = space[n];
      if (d.kind === 'categorical') categorical.push(n);
      else numeric[n] = d;
    }
    const trans = Object.keys(numeric).length > 0 ? new SearchSpaceTransform(numeric) : null;
    const ctx = { multiObjective: study.directions.length > 1 };
    for (let attempt = 0; ; attempt++) {
      const parents = selectParents(population, this.crossover.nParents, this.rng, study.directions, dominates);
      const child: Record<string, ParamValue> = {};
      // categoricals: a uniform crossover between the first and the last parent
      for (const n of categorical) {
        const from = this.rng.random() >= this.swappingProb ? parents[parents.length - 1] : parents[0];
        child[n] = from.params[n];
      }
      if (trans === null) return child;
      const vecs = parents.map((p) => trans.transform(p.params));
      const x = this.crossover.crossover(vecs, this.rng, trans.bounds, ctx);
      // a child outside a continuous range is discarded and bred again (Optuna's `_is_contained`
      // loop); int and stepped params are rounded and clipped into their ranges, as in Optuna
      if (!continuousInBounds(x, trans) && attempt < MAX_CROSSOVER_TRIES) continue;
      if (attempt >= MAX_CROSSOVER_TRIES) log.debug('NSGAIISampler: crossover kept leaving the ranges; the child is clipped');
      Object.assign(child, trans.untransform(x));
      return child;
    }
  }
}

function continuousInBounds(x: Float64Array, trans: SearchSpaceTransform): boolean {
  for (let i = 0; i < x.length; i++) {
    const d = trans.dists[i];
    if (d.kind !== 'float' || d.step !== null) continue;
    const v = x[i];
    if (!(v >= trans.bounds[2 * i] && v <= trans.bounds[2 * i + 1])) return false;
  }
  return true;
}
