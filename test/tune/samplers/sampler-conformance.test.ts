/**
 * The sampler conformance suite over every sampler: add a sampler with one line in FACTORIES
 * (see sampler-cases.ts for the cases and the factory options).
 */
import { BruteForceSampler } from '../../../src/tune/samplers/brute-force.js';
import { GridSampler } from '../../../src/tune/samplers/grid.js';
import { PartialFixedSampler } from '../../../src/tune/samplers/partial-fixed.js';
import { QMCSampler } from '../../../src/tune/samplers/qmc.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import type { Distribution } from '../../../src/tune/distributions.js';
import { gridValues, runSamplerConformance, type SamplerFactory } from './sampler-cases.js';

function gridOf(space: Record<string, Distribution>) {
  const names = Object.keys(space);
  const k = names.length > 8 ? 2 : names.length > 4 ? 3 : 5; // keep the product small
  return Object.fromEntries(names.map((n) => [n, gridValues(space[n] as Distribution, k)]));
}

/** Fixes the last param of the space to its lowest value (or first choice). */
function partialFixed(seed: number, space: Record<string, Distribution>) {
  const names = Object.keys(space);
  const first = names[names.length - 1] as string;
  const d = space[first] as Distribution;
  return new PartialFixedSampler({ [first]: d.kind === 'categorical' ? (d.choices[0] ?? null) : d.low }, new RandomSampler({ seed }));
}

export const FACTORIES: SamplerFactory[] = [
  { name: 'random', create: (seed) => new RandomSampler({ seed }) },
  { name: 'grid', create: (seed, space) => new GridSampler(gridOf(space), { seed }), maxParams: 12 },
  { name: 'bruteforce', create: (seed) => new BruteForceSampler({ seed }), discreteOnly: true },
  { name: 'partial-fixed', create: partialFixed },
  { name: 'qmc-sobol', create: (seed) => new QMCSampler({ qmcType: 'sobol', scramble: true, seed, warnIndependentSampling: false }) },
  { name: 'qmc-halton', create: (seed) => new QMCSampler({ qmcType: 'halton', scramble: true, seed, warnIndependentSampling: false }) },
];

runSamplerConformance(FACTORIES);
