/**
 * The sampler contract (Optuna's `BaseSampler`). A trial's params come from two places: a
 * *relative* sample over the search space the sampler infers from past trials (sampled jointly,
 * e.g. multivariate TPE, GP, CMA-ES), and an *independent* sample for each param outside it.
 * All methods are synchronous and read only the study snapshot; they draw from their own seeded RNG.
 */
import type { Distribution, ParamValue } from '../distributions.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial, TrialState } from '../trial/frozen-trial.js';

/** A trial being set up: samplers may read it and queue system attribute writes on it. */
export interface TrialSetup extends FrozenTrial {
  setSystemAttr(key: string, value: unknown): void;
}

export interface Sampler {
  /** The joint search space for {@link Sampler.sampleRelative}; `{}` for purely independent samplers. */
  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution>;
  /** Params (external values) for some or all of `searchSpace`; the rest are sampled independently. */
  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue>;
  /** One param's value (external) when the relative sample did not give it. */
  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue;
  /** Called once when a trial starts, before any suggest. */
  beforeTrial?(study: StudyView, trial: TrialSetup): void;
  /**
   * Called once when a trial ends, before its state is written. The study passes a
   * {@link TrialSetup} (check for `setSystemAttr`): attrs set on it are stored before the state.
   */
  afterTrial?(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void;
  /** Re-seeds the sampler's RNG from fresh entropy (used by parallel workers that share a seed by mistake). */
  reseedRng?(): void;
}
