/**
 * The sampler conformance suite (src/testing/sampler-suite.ts, published as `gbtune/testing`) over
 * every registered sampler, built through the registry (`createSampler`), with the variants worth
 * checking (CMA-ES's separable and margin modes, NSGA-II's crossovers, multivariate TPE as
 * `tuneGbdt` uses it) and the samplers outside the registry (PartialFixedSampler,
 * DeterministicBatchSampler). A registered name without a factory here fails the coverage test.
 */
import type { Distribution } from '../../../src/tune/distributions.js';
import { gridValues, runSamplerConformance, type SamplerFactory } from '../../../src/testing/sampler-suite.js';
import { createSampler, SAMPLER_NAMES, type SamplerName } from '../../../src/tune/samplers/registry.js';
import { PartialFixedSampler } from '../../../src/tune/samplers/partial-fixed.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { DeterministicBatchSampler } from '../../../src/tune/distributed/deterministic-batch-sampler.js';
import { coveringFactories } from '../../helpers/registry-coverage.js';

function gridOf(space: Record<string, Distribution>) {
  const names = Object.keys(space);
  const k = names.length > 8 ? 2 : names.length > 4 ? 3 : 5; // keep the product small
  return Object.fromEntries(names.map((n) => [n, gridValues(space[n], k)]));
}

/** Fixes the last param of the space to its lowest value (or first choice). */
function partialFixed(seed: number, space: Record<string, Distribution>) {
  const names = Object.keys(space);
  const first = names[names.length - 1];
  const d = space[first];
  return new PartialFixedSampler({ [first]: d.kind === 'categorical' ? (d.choices[0] ?? null) : d.low }, new RandomSampler({ seed }));
}

const quiet = { warnIndependentSampling: false };

const BY_NAME: Record<SamplerName, SamplerFactory[]> = {
  random: [{ name: 'random', create: (seed) => createSampler('random', { seed }) }],
  grid: [{ name: 'grid', create: (seed, space) => createSampler('grid', { searchSpace: gridOf(space), seed }), maxParams: 12 }],
  tpe: [
    { name: 'tpe', create: (seed) => createSampler('tpe', { seed }) },
    // as tuneGbdt makes it; few startup trials so that TPE samples most trials of each case
    {
      name: 'tpe-multivariate-group-liar',
      create: (seed) => createSampler('tpe', { seed, multivariate: true, group: true, constantLiar: true, nStartupTrials: 4, ...quiet }),
    },
  ],
  // few startup trials so that the GP samples most trials of each case
  gp: [{ name: 'gp', create: (seed) => createSampler('gp', { seed, nStartupTrials: 4, ...quiet }) }],
  // CMA-ES is single-objective only, as in Optuna
  cmaes: [
    { name: 'cmaes', create: (seed) => createSampler('cmaes', { seed, ...quiet }), multiObjective: false },
    { name: 'cmaes-sep-popsize4', create: (seed) => createSampler('cmaes', { seed, ...quiet, useSeparableCma: true, popsize: 4 }), multiObjective: false },
    { name: 'cmaes-margin', create: (seed) => createSampler('cmaes', { seed, ...quiet, withMargin: true, popsize: 4 }), multiObjective: false },
  ],
  qmc: [
    { name: 'qmc-sobol', create: (seed) => createSampler('qmc', { qmcType: 'sobol', scramble: true, seed, ...quiet }) },
    { name: 'qmc-halton', create: (seed) => createSampler('qmc', { qmcType: 'halton', scramble: true, seed, ...quiet }) },
  ],
  // a small population so that several generations run within the suite's trials
  nsga2: [
    { name: 'nsga2-uniform', create: (seed) => createSampler('nsga2', { seed, populationSize: 6 }) },
    { name: 'nsga2-sbx', create: (seed) => createSampler('nsga2', { seed, populationSize: 6, crossover: 'sbx' }) },
    { name: 'nsga2-undx', create: (seed) => createSampler('nsga2', { seed, populationSize: 6, crossover: 'undx' }) },
  ],
  bruteforce: [{ name: 'bruteforce', create: (seed) => createSampler('bruteforce', { seed }), discreteOnly: true }],
};

const EXTRAS: SamplerFactory[] = [
  { name: 'partial-fixed', create: partialFixed },
  // TPE inside; batches of 4 so that the concurrent case waits for earlier batches
  { name: 'deterministic-batch', create: (seed) => new DeterministicBatchSampler({ seed, batchSize: 4 }) },
];

runSamplerConformance(coveringFactories('sampler', SAMPLER_NAMES, BY_NAME, EXTRAS));
