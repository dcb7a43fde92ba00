/**
 * The sampler registry: a name to a sampler, with the modules of the model-based samplers
 * loaded lazily (they are larger and written separately).
 *
 * @example
 * ```ts
 * const sampler = await createSampler('random', { seed: 1 });
 * const tpe = await createSampler('tpe', { seed: 1, multivariate: true });
 * ```
 */
import { TunerError, UnknownNameError } from '../../core/errors.js';
import type { Sampler } from './base.js';
import { BruteForceSampler } from './brute-force.js';
import { GridSampler, type GridSearchSpace } from './grid.js';
import { QMCSampler } from './qmc.js';
import { RandomSampler } from './random.js';

/** The registered sampler names. */
export const SAMPLER_NAMES = ['random', 'grid', 'tpe', 'gp', 'cmaes', 'qmc', 'nsga2', 'bruteforce'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/** Where each lazily loaded sampler lives and its class name. */
const LAZY: Record<string, { module: string; className: string }> = {
  tpe: { module: './tpe/sampler.js', className: 'TPESampler' },
  gp: { module: './gp/sampler.js', className: 'GPSampler' },
  cmaes: { module: './cmaes/sampler.js', className: 'CmaEsSampler' },
  nsga2: { module: './nsga2/sampler.js', className: 'NSGAIISampler' },
};

/** Accepted spellings → registered name (Optuna's class names work too). */
const ALIASES: Record<string, SamplerName> = {
  random: 'random',
  randomsampler: 'random',
  grid: 'grid',
  gridsampler: 'grid',
  tpe: 'tpe',
  tpesampler: 'tpe',
  gp: 'gp',
  gpsampler: 'gp',
  cmaes: 'cmaes',
  'cma-es': 'cmaes',
  cmaessampler: 'cmaes',
  qmc: 'qmc',
  qmcsampler: 'qmc',
  nsga2: 'nsga2',
  'nsga-ii': 'nsga2',
  nsgaii: 'nsga2',
  nsgaiisampler: 'nsga2',
  bruteforce: 'bruteforce',
  'brute-force': 'bruteforce',
  bruteforcesampler: 'bruteforce',
};

/**
 * Makes a sampler from its name and options (the options of its class; `grid` needs
 * `{ searchSpace }`). Throws an `UnknownNameError` listing the names for an unknown name, and a
 * `TunerError` when the sampler's module is not available.
 */
export async function createSampler(name: string, options: Record<string, unknown> = {}): Promise<Sampler> {
  const key = ALIASES[name.toLowerCase()];
  if (key === undefined) throw new UnknownNameError('sampler', name, SAMPLER_NAMES);
  switch (key) {
    case 'random':
      return new RandomSampler(options);
    case 'grid': {
      const { searchSpace, ...rest } = options as { searchSpace?: GridSearchSpace } & Record<string, unknown>;
      if (searchSpace === undefined) throw new TunerError("createSampler('grid'): the option searchSpace (param name → values) is required");
      return new GridSampler(searchSpace, rest);
    }
    case 'bruteforce':
      return new BruteForceSampler(options);
    case 'qmc':
      return new QMCSampler(options);
    default: {
      const lazy = LAZY[key] as { module: string; className: string };
      let mod: Record<string, unknown>;
      try {
        // a variable specifier: the module may not exist yet in this build
        const spec = lazy.module;
        mod = (await import(spec)) as Record<string, unknown>;
      } catch (e) {
        throw new TunerError(`sampler '${key}' is not available in this build (${lazy.module}: ${(e as Error).message})`, 'SAMPLER_UNAVAILABLE');
      }
      const Cls = mod[lazy.className] as (new (o: Record<string, unknown>) => Sampler) | undefined;
      if (typeof Cls !== 'function') throw new TunerError(`sampler '${key}': ${lazy.module} does not export ${lazy.className}`, 'SAMPLER_UNAVAILABLE');
      return new Cls(options);
    }
  }
}

export { RandomSampler } from './random.js';
export type { RandomSamplerOptions } from './random.js';
export { GridSampler } from './grid.js';
export type { GridSamplerOptions, GridSearchSpace } from './grid.js';
export { BruteForceSampler } from './brute-force.js';
export type { BruteForceSamplerOptions } from './brute-force.js';
export { PartialFixedSampler } from './partial-fixed.js';
export { QMCSampler, HaltonEngine } from './qmc.js';
export type { QMCSamplerOptions } from './qmc.js';
export { SobolEngine } from './sobol.js';
export { intersectionSearchSpace, IntersectionSearchSpace, GroupDecomposedSearchSpace } from './search-space.js';
