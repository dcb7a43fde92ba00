/**
 * Ready-made `optimize` callbacks (Optuna's `optuna/_callbacks.py`).
 *
 * @example
 * ```ts
 * // several workers share one study; each stops once the study holds 100 complete trials
 * await study.optimize(objective, { callbacks: [new MaxTrialsCallback(100).callback] });
 * ```
 */
import { TunerError } from '../core/errors.js';
import type { Distribution, ParamValue } from './distributions.js';
import { HEARTBEAT_ATTR } from './heartbeat.js';
import type { FrozenTrial, TrialState } from './trial/frozen-trial.js';
import { internalParams } from './trial/trial-template.js';
import type { OptimizeCallback, Study } from './study/study.js';

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

/** Options of {@link RetryFailedTrialCallback}. */
export interface RetryFailedTrialCallbackOptions {
  /** Retries of one original trial at most. Default: no limit. */
  maxRetry?: number | null;
  /** Copy the failed trial's intermediate values to the retry. Default false. */
  inheritIntermediateValues?: boolean;
}

/**
 * A `failedTrialCallback` for heartbeats (Optuna's `RetryFailedTrialCallback`): re-enqueues a trial
 * that the heartbeat check failed as a WAITING trial with the same params, distributions and user
 * attributes. The retry's system attributes hold `failed_trial` (the number of the first trial of the
 * chain) and `retry_history` (the numbers of every failed attempt, oldest first), as Optuna writes them.
 *
 * @example
 * ```ts
 * const retry = new RetryFailedTrialCallback({ maxRetry: 2 });
 * const study = await loadStudy({ studyName: 'exp', storage, heartbeatInterval: 10, failedTrialCallback: retry.callback });
 * RetryFailedTrialCallback.retriedTrialNumber(study.trials[5]); // e.g. 3, or null
 * ```
 */
export class RetryFailedTrialCallback {
  readonly maxRetry: number | null;
  readonly inheritIntermediateValues: boolean;

  constructor({ maxRetry = null, inheritIntermediateValues = false }: RetryFailedTrialCallbackOptions = {}) {
    if (maxRetry !== null && (!Number.isInteger(maxRetry) || maxRetry < 0)) {
      throw new TunerError(`RetryFailedTrialCallback: maxRetry (${String(maxRetry)}) must be an integer >= 0 or null`);
    }
    this.maxRetry = maxRetry;
    this.inheritIntermediateValues = inheritIntermediateValues;
  }

  /** The callback to pass as `failedTrialCallback` (bound to this instance). */
  readonly callback = async (study: Study, trial: FrozenTrial): Promise<void> => {
    const systemAttrs: Record<string, unknown> = { failed_trial: trial.number, ...trial.systemAttrs };
    delete systemAttrs[HEARTBEAT_ATTR];
    const history = Array.isArray(systemAttrs.retry_history) ? [...(systemAttrs.retry_history as number[])] : [];
    history.push(trial.number);
    systemAttrs.retry_history = history;
    if (this.maxRetry !== null && this.maxRetry < history.length) return;
    await study.storage.createNewTrial(study.studyId, {
      state: 'WAITING',
      params: internalParams(trial),
      distributions: { ...trial.distributions },
      userAttrs: { ...trial.userAttrs },
      systemAttrs,
      intermediateValues: this.inheritIntermediateValues ? trial.intermediateValues : new Map(),
    });
    await study.refresh();
  };

  /** The number of the first failed trial that `trial` retries, or null when it is no retry. */
  static retriedTrialNumber(trial: FrozenTrial): number | null {
    const n = trial.systemAttrs.failed_trial;
    return typeof n === 'number' ? n : null;
  }

  /** The numbers of the failed attempts that `trial` retries, oldest first (`[]` when it is no retry). */
  static retryHistory(trial: FrozenTrial): number[] {
    const h = trial.systemAttrs.retry_history;
    return Array.isArray(h) ? (h as number[]).slice() : [];
  }
}
