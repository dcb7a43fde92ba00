/**
 * NSGAIISampler through the shared sampler conformance suite (test/tune/samplers/sampler-cases.ts),
 * with a small population so that several generations run within the suite's trials.
 */
import { NSGAIISampler } from '../../../../src/tune/samplers/nsga2/sampler.js';
import { runSamplerConformance } from '../sampler-cases.js';

runSamplerConformance([
  { name: 'nsga2-uniform', create: (seed) => new NSGAIISampler({ seed, populationSize: 6 }) },
  { name: 'nsga2-sbx', create: (seed) => new NSGAIISampler({ seed, populationSize: 6, crossover: 'sbx' }) },
  { name: 'nsga2-undx', create: (seed) => new NSGAIISampler({ seed, populationSize: 6, crossover: 'undx' }) },
]);
