/**
 * The shared sampler conformance suite (test/tune/samplers/sampler-cases.ts) run over GPSampler,
 * with few startup trials so that the GP samples most trials of each case.
 */
import { log } from '../../../../src/core/log.js';
import { GPSampler } from '../../../../src/tune/samplers/gp/sampler.js';
import { runSamplerConformance } from '../sampler-cases.js';

log.setLevel('error'); // conditional params are sampled independently by design; skip the warnings

runSamplerConformance([
  { name: 'gp', create: (seed) => new GPSampler({ seed, nStartupTrials: 4, warnIndependentSampling: false }) },
]);
