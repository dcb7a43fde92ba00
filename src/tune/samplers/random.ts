/**
 * Random search (Optuna's `RandomSampler`): every param independently and uniformly — on the log
 * scale for log distributions, uniformly over the grid points for stepped ones, uniformly over the
 * choices for categoricals. Seeded: the same seed gives the same sequence of trials.
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new RandomSampler({ seed: 42 }) });
 * ```
 */
import { Rng } from '../../core/rng.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Sampler } from './base.js';

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Seed of the sampler's RNG. Default: a random seed. */
  seed?: number;
}

/** A seed from fresh entropy, for samplers created without one. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2147483647);
}

/**
 * One uniform draw from a distribution, as an external value (shared by the samplers that fall
 * back to random sampling). Log ranges are uniform in log space; int and stepped ranges are uniform
 * over their grid points.
 */
export function sampleUniform(rng: Rng, d: Distribution): ParamValue {
  if (d.kind === 'categorical') return d.choices[rng.below(d.choices.length)];
  if (d.kind === 'float') {
    if (d.step !== null) {
      const n = Math.floor((d.high - d.low) / d.step + 1e-9) + 1;
      return Math.min(d.low + rng.below(n) * d.step, d.high);
    }
    if (d.log) {
      const v = Math.exp(rng.uniform(Math.log(d.low), Math.log(d.high)));
      return Math.min(Math.max(v, d.low), d.high);
    }
    return d.low === d.high ? d.low : Math.min(rng.uniform(d.low, d.high), d.high);
  }
  // int
  if (d.log) {
    // uniform in log space over [low - 0.5, high + 0.5], rounded: each integer gets the mass of its log cell
    const lo = Math.log(d.low - 0.5);
    const hi = Math.log(d.high + 0.5);
    const v = Math.round(Math.exp(rng.uniform(lo, hi)));
    return Math.min(Math.max(v, d.low), d.high);
  }
  const n = Math.floor((d.high - d.low) / d.step) + 1;
  return d.low + rng.below(n) * d.step;
}

/** See the module comment. */
export class RandomSampler implements Sampler {
  private readonly rng: Rng;

  constructor({ seed }: RandomSamplerOptions = {}) {
    this.rng = new Rng(seed ?? randomSeed());
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, distribution: Distribution): ParamValue {
    return sampleUniform(this.rng, distribution);
  }

  reseedRng(): void {
    this.rng.reseed(randomSeed());
  }
}
