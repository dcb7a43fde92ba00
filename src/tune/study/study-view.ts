import type { FrozenTrial, StudyDirection, TrialState } from '../trial/frozen-trial.js';

/**
 * What samplers and pruners see of a study: a synchronous view over the study's latest snapshot
 * (taken at `ask` and refreshed on every storage round trip). Trials are immutable snapshots.
 */
export interface StudyView {
  readonly studyName: string;
  readonly studyId: number;
  readonly directions: readonly StudyDirection[];
  /** Trials of the snapshot in number order, optionally only those in `states`. */
  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[];
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
  /** Queues a study system attribute write (flushed in order before the next tell completes). */
  setSystemAttr(key: string, value: unknown): void;
  /**
   * Optional: asks the running `optimize` to start no new trial (Optuna's `study.stop()`, used by
   * `GridSampler` and `BruteForceSampler` when the space is exhausted). The study core provides it.
   */
  stop?(): void;
}
