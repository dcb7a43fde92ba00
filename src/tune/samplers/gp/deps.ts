/**
 * Stand-ins for the study core's shared sampler helpers (the intersection search space and the
 * random sampler), used by {@link GPSampler} until those modules are available to import.
 * Private to the GP sampler; behaviour follows Optuna's `IntersectionSearchSpace`
 * (complete trials only) and `RandomSampler`.
 *
 * @example
 * ```ts
 * const space = intersectionSearchSpace(study);
 * ```
 */
import { Rng } from '../../../core/rng.js';
import { distributionsEqual, type Distribution, type ParamValue } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';
import type { FrozenTrial } from '../../trial/frozen-trial.js';
import type { Sampler } from '../base.js';

/** The params (with equal distributions) shared by every complete trial, sorted by name. */
export function intersectionSearchSpace(study: StudyView): Record<string, Distribution> {
  let space: Map<string, Distribution> | null = null;
  for (const t of study.getTrials({ states: ['COMPLETE'] })) {
    if (space === null) {
      space = new Map(Object.entries(t.distributions));
      continue;
    }
    for (const [name, dist] of [...space]) {
      const other = t.distributions[name];
      if (other === undefined || !distributionsEqual(dist, other)) space.delete(name);
    }
  }
  const out: Record<string, Distribution> = {};
  if (space === null) return out;
  for (const name of [...space.keys()].sort()) out[name] = space.get(name) as Distribution;
  return out;
}

/** Uniform independent sampling (log-uniform for log params, uniform over grids). */
export class RandomSampler implements Sampler {
  private readonly rng: Rng;

  constructor({ seed }: { seed?: number } = {}) {
    this.rng = new Rng(seed ?? Math.floor(Math.random() * 2 ** 31));
  }

  reseedRng(): void {
    this.rng.reseed(Math.floor(Math.random() * 2 ** 31));
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  sampleIndependent(_study: StudyView, _trial: FrozenTrial, _name: string, dist: Distribution): ParamValue {
    const rng = this.rng;
    if (dist.kind === 'categorical') return dist.choices[rng.below(dist.choices.length)] as ParamValue;
    if (dist.log) {
      const lo = dist.kind === 'int' ? dist.low - 0.5 : dist.low;
      const hi = dist.kind === 'int' ? dist.high + 0.5 : dist.high;
      const v = Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
      return dist.kind === 'int' ? Math.min(Math.max(Math.round(v), dist.low), dist.high) : Math.min(v, dist.high);
    }
    if (dist.step !== null) {
      const k = rng.int(0, Math.floor((dist.high - dist.low) / dist.step + 1e-9));
      return dist.low + k * dist.step;
    }
    return rng.uniform(dist.low, dist.high);
  }
}
