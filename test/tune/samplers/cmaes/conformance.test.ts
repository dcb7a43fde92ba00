/**
 * CmaEsSampler through the shared sampler conformance suite (test/tune/samplers/sampler-cases.ts).
 * CMA-ES is single-objective only, as in Optuna.
 */
import { CmaEsSampler } from '../../../../src/tune/samplers/cmaes/sampler.js';
import { runSamplerConformance } from '../sampler-cases.js';

runSamplerConformance([
  { name: 'cmaes', create: (seed) => new CmaEsSampler({ seed, warnIndependentSampling: false }), multiObjective: false },
  {
    name: 'cmaes-sep-popsize4',
    create: (seed) => new CmaEsSampler({ seed, warnIndependentSampling: false, useSeparableCma: true, popsize: 4 }),
    multiObjective: false,
  },
  {
    name: 'cmaes-margin',
    create: (seed) => new CmaEsSampler({ seed, warnIndependentSampling: false, withMargin: true, popsize: 4 }),
    multiObjective: false,
  },
]);
