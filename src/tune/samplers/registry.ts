/**
 * The sampler registry: a name (or Optuna's class name, in any case) to a sampler, built from the
 * options of its class. Every sampler module is imported here, so `createSampler` is synchronous.
 *
 * @example
 * ```ts
 * const sampler = createSampler('random', { seed: 1 });
 * const tpe = createSampler('TPESampler', { seed: 1, multivariate: true });
 * const grid = createSampler('grid', { searchSpace: { lr: [0.01, 0.1] } });
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { Registry, type RegistryOptionsArg } from '../../core/registry.js';
import type { Sampler } from './base.js';
import { BruteForceSampler, type BruteForceSamplerOptions } from './brute-force.js';
import { CmaEsSampler, type CmaEsSamplerOptions } from './cmaes/sampler.js';
import { GPSampler, type GPSamplerOptions } from './gp/sampler.js';
import { GridSampler, type GridSamplerOptions, type GridSearchSpace } from './grid.js';
import { NSGAIISampler, type NSGAIISamplerOptions } from './nsga2/sampler.js';
import { QMCSampler, type QMCSamplerOptions } from './qmc.js';
import { RandomSampler, type RandomSamplerOptions } from './random.js';
import { TPESampler, type TPESamplerOptions } from './tpe/sampler.js';

/** Options accepted by {@link createSampler}, per name: the options of the sampler's class. */
export interface SamplerOptionsByName {
  random: RandomSamplerOptions;
  /** `searchSpace` (param name → values) is required. */
  grid: GridSamplerOptions & { searchSpace: GridSearchSpace };
  tpe: TPESamplerOptions;
  gp: GPSamplerOptions;
  cmaes: CmaEsSamplerOptions;
  qmc: QMCSamplerOptions;
  nsga2: NSGAIISamplerOptions;
  bruteforce: BruteForceSamplerOptions;
}
export type SamplerName = keyof SamplerOptionsByName;

/** The samplers by name, with the spellings each accepts (any case). */
export const SAMPLERS = new Registry<SamplerOptionsByName, Sampler>(
  'sampler',
  {
    random: { create: (o) => new RandomSampler(o), aliases: ['RandomSampler'], optionKeys: { seed: true } },
    grid: {
      create: ({ searchSpace, ...rest }) => {
        if (searchSpace === undefined) throw new TunerError("createSampler('grid'): the option searchSpace (param name → values) is required");
        return new GridSampler(searchSpace, rest);
      },
      aliases: ['GridSampler'],
      optionKeys: { seed: true, searchSpace: true },
    },
    tpe: {
      create: (o) => new TPESampler(o),
      aliases: ['TPESampler'],
      optionKeys: {
        considerPrior: true,
        priorWeight: true,
        considerMagicClip: true,
        considerEndpoints: true,
        nStartupTrials: true,
        nEiCandidates: true,
        gamma: false,
        weights: false,
        seed: true,
        multivariate: true,
        group: true,
        warnIndependentSampling: true,
        constantLiar: true,
        constraintsFunc: false,
        categoricalDistanceFunc: false,
      },
    },
    gp: {
      create: (o) => new GPSampler(o),
      aliases: ['GPSampler'],
      optionKeys: {
        seed: true,
        independentSampler: false,
        nStartupTrials: true,
        deterministicObjective: true,
        warnIndependentSampling: true,
        nPreliminarySamples: true,
        nLocalSearch: true,
        maxFitIterations: true,
      },
    },
    cmaes: {
      create: (o) => new CmaEsSampler(o),
      aliases: ['cma-es', 'CmaEsSampler'],
      optionKeys: {
        x0: true,
        sigma0: true,
        nStartupTrials: true,
        independentSampler: false,
        warnIndependentSampling: true,
        seed: true,
        considerPrunedTrials: true,
        restartStrategy: true,
        popsize: true,
        incPopsize: true,
        useSeparableCma: true,
        withMargin: true,
      },
    },
    qmc: {
      create: (o) => new QMCSampler(o),
      aliases: ['QMCSampler'],
      optionKeys: { qmcType: true, scramble: true, seed: true, independentSampler: false, warnIndependentSampling: true },
    },
    nsga2: {
      create: (o) => new NSGAIISampler(o),
      aliases: ['nsga-ii', 'nsgaii', 'NSGAIISampler'],
      optionKeys: { populationSize: true, mutationProb: true, crossover: true, crossoverProb: true, swappingProb: true, seed: true, constraintsFunc: false },
    },
    bruteforce: { create: (o) => new BruteForceSampler(o), aliases: ['brute-force', 'BruteForceSampler'], optionKeys: { seed: true, avoidPrematureStop: true } },
  },
  { optionError: TunerError },
);

/** The registered sampler names. */
export const SAMPLER_NAMES: readonly SamplerName[] = SAMPLERS.names;

/**
 * Makes a sampler from its name and options (the options of its class; `grid` needs
 * `{ searchSpace }`). Throws an `UnknownNameError` listing the names (and the nearest spelling)
 * for an unknown name.
 *
 * @example
 * ```ts
 * const s = createSampler('nsga2', { seed: 3, populationSize: 20 });
 * ```
 */
export function createSampler<N extends string>(name: N, ...options: RegistryOptionsArg<SamplerOptionsByName, N>): Sampler {
  return SAMPLERS.create(name, ...options);
}
