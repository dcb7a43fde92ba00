/**
 * Ready-made `optimize` callbacks (Optuna's `optuna/_callbacks.py`).
 *
 * @example
 * ```ts
 * // several workers share one study; each stops once the study holds 100 complete trials
 * await study.optimize(objective, { callbacks: [new MaxTrialsCallback(100).callback] });
 * await study.optimize(objective, { callbacks: [maxTrialsCallback(100)] }); // the same
 * ```
 */
import { TunerError } from '../core/errors.js';
import type { OptimizeCallback } from './study/optimize.js';
import type { FrozenTrial, TrialState } from './trial/frozen-trial.js';
import type { Study } from './study/study.js';

/** Stops `optimize` once the study holds `nTrials` trials in `states` (default: COMPLETE), counting every worker's trials. */
export class MaxTrialsCallback {
  readonly nTrials: number;
  readonly states: readonly TrialState[] | null;

  constructor(nTrials: number, states: readonly TrialState[] | null = ['COMPLETE']) {
    if (!Number.isInteger(nTrials) || nTrials < 0) throw new TunerError(`MaxTrialsCallback: nTrials (${nTrials}) must be an integer >= 0`);
    this.nTrials = nTrials;
    this.states = states;
  }

  /** The callback to pass in `callbacks` (bound to this instance). */
  readonly callback: OptimizeCallback = (study: Study, _trial: FrozenTrial): void => {
    const n = study.getTrials(this.states === null ? {} : { states: this.states }).length;
    if (n >= this.nTrials) study.stop();
  };
}

/**
 * {@link MaxTrialsCallback} as a plain function.
 *
 * @example
 * ```ts
 * await study.optimize(objective, { callbacks: [maxTrialsCallback(50, ['COMPLETE', 'PRUNED'])] });
 * ```
 */
export function maxTrialsCallback(nTrials: number, states: readonly TrialState[] | null = ['COMPLETE']): OptimizeCallback {
  return new MaxTrialsCallback(nTrials, states).callback;
}
