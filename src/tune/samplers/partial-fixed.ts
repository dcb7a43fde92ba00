/**
 * Fixes some params and samples the rest with another sampler (Optuna's `PartialFixedSampler`,
 * `optuna/samplers/_partial_fixed.py`). The fixed names are removed from the base sampler's
 * relative search space; a fixed value outside the suggested range is used with a warning.
 *
 * @example
 * ```ts
 * const sampler = new PartialFixedSampler({ y: 0 }, new RandomSampler({ seed: 1 }));
 * const study = await createStudy({ sampler });
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { StudyView } from '../study/study-view.js';
import { describeDistribution } from '../trial/create-trial.js';
import type { FrozenTrial, TrialState } from '../trial/frozen-trial.js';
import type { Sampler, TrialSetup } from './base.js';

/** See the module comment. */
export class PartialFixedSampler implements Sampler {
  private readonly fixed: Readonly<Record<string, ParamValue>>;
  readonly baseSampler: Sampler;

  constructor(fixedParams: Record<string, ParamValue>, baseSampler: Sampler) {
    if (typeof fixedParams !== 'object' || fixedParams === null) {
      throw new TunerError('PartialFixedSampler: fixedParams must be an object of param name → value');
    }
    if (baseSampler === undefined || typeof baseSampler.sampleIndependent !== 'function') {
      throw new TunerError('PartialFixedSampler: baseSampler must be a sampler');
    }
    this.fixed = { ...fixedParams };
    this.baseSampler = baseSampler;
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution> {
    const space = this.baseSampler.inferRelativeSearchSpace(study, trial);
    const out: Record<string, Distribution> = {};
    for (const k of Object.keys(space)) if (!Object.prototype.hasOwnProperty.call(this.fixed, k)) out[k] = space[k];
    return out;
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    return this.baseSampler.sampleRelative(study, trial, searchSpace);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    if (!Object.prototype.hasOwnProperty.call(this.fixed, paramName)) {
      return this.baseSampler.sampleIndependent(study, trial, paramName, distribution);
    }
    const value = this.fixed[paramName];
    let inside = false;
    try {
      inside = distribution.contains(distribution.toInternal(value));
    } catch (e) {
      throw new TunerError(
        `PartialFixedSampler: the fixed value ${JSON.stringify(value)} of '${paramName}' does not fit ${describeDistribution(distribution)}: ${(e as Error).message}`,
      );
    }
    if (!inside) {
      log.warn(`PartialFixedSampler: fixed parameter '${paramName}' with value ${JSON.stringify(value)} is out of range for ${describeDistribution(distribution)}`);
    }
    return value;
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    this.baseSampler.beforeTrial?.(study, trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void {
    this.baseSampler.afterTrial?.(study, trial, state, values);
  }

  reseedRng(): void {
    this.baseSampler.reseedRng?.();
  }
}
