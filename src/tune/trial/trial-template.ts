/**
 * A finished or waiting trial as a storage's `createNewTrial` takes it: params in their internal
 * representation (a categorical's index, a number as it is), the rest copied. What
 * `study.addTrial`, `copyStudy`, a retried failed trial and the dashboard's study rename write.
 *
 * @example
 * ```ts
 * await storage.createNewTrial(studyId, trialTemplate(trial)); // a copy of `trial` in another study
 * ```
 */
import type { TrialTemplate } from '../storages/base.js';
import type { FrozenTrial } from './frozen-trial.js';

/**
 * The trial's params in their internal representation (`Distribution.toInternal`).
 *
 * @example
 * ```ts
 * internalParams(trial); // { lr: 0.01, booster: 1 }
 * ```
 */
export function internalParams(trial: FrozenTrial): Record<string, number> {
  const params: Record<string, number> = {};
  for (const k of Object.keys(trial.params)) params[k] = trial.distributions[k].toInternal(trial.params[k]);
  return params;
}

/** See the module comment: the whole trial (state, values, params, attrs, intermediate values, times). */
export function trialTemplate(trial: FrozenTrial): TrialTemplate {
  return {
    state: trial.state,
    values: trial.values,
    params: internalParams(trial),
    distributions: { ...trial.distributions },
    userAttrs: { ...trial.userAttrs },
    systemAttrs: { ...trial.systemAttrs },
    intermediateValues: trial.intermediateValues,
    datetimeStart: trial.datetimeStart,
    datetimeComplete: trial.datetimeComplete,
  };
}
