/**
 * Trials as the dashboard's JSON sends them. JSON has no NaN or infinities, so a non-finite number
 * (an objective value of `Infinity`, a `NaN` intermediate value) goes as the string `'NaN'`,
 * `'Infinity'` or `'-Infinity'`; dates as ISO 8601 text; durations in seconds.
 *
 * @example
 * ```ts
 * trialRow(study.trials[0]); // { number: 0, state: 'COMPLETE', values: [0.97], params: { lr: 0.01 }, duration: 1.2, ... }
 * ```
 */
import type { FrozenTrial, TrialState } from '../index.js';
import { distributionToJson, type ParamValue } from '../tune/index.js';

/** A number, or the name of a non-finite one. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** One row of the trials table. */
export interface TrialRow {
  number: number;
  trialId: number;
  state: TrialState;
  values: JsonNumber[] | null;
  params: Record<string, ParamValue>;
  datetimeStart: string | null;
  datetimeComplete: string | null;
  /** Seconds from start to completion, or null while unfinished. */
  duration: number | null;
  /** How many intermediate values it reported. */
  nIntermediate: number;
}

/** Everything about one trial (the trial page). */
export interface TrialDetail extends TrialRow {
  /** Each param's distribution, as Optuna's `distribution_json`. */
  distributions: Record<string, string>;
  /** `[step, value]` in step order. */
  intermediateValues: [number, JsonNumber][];
  userAttrs: Record<string, unknown>;
  systemAttrs: Record<string, unknown>;
}

/**
 * A number as JSON can hold it.
 *
 * @example
 * ```ts
 * jsonNumber(Infinity); // 'Infinity'
 * ```
 */
export function jsonNumber(x: number): JsonNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

/**
 * A trial's duration in seconds (null while it runs or waits).
 *
 * @example
 * ```ts
 * trialDuration(trial); // 1.25
 * ```
 */
export function trialDuration(t: FrozenTrial): number | null {
  return t.datetimeStart !== null && t.datetimeComplete !== null ? (t.datetimeComplete.getTime() - t.datetimeStart.getTime()) / 1000 : null;
}

/**
 * The table row of a trial.
 *
 * @example
 * ```ts
 * trialRow(trial).duration; // seconds, or null
 * ```
 */
export function trialRow(t: FrozenTrial): TrialRow {
  return {
    number: t.number,
    trialId: t.trialId,
    state: t.state,
    values: t.values === null ? null : t.values.map(jsonNumber),
    params: { ...t.params },
    datetimeStart: t.datetimeStart === null ? null : t.datetimeStart.toISOString(),
    datetimeComplete: t.datetimeComplete === null ? null : t.datetimeComplete.toISOString(),
    duration: trialDuration(t),
    nIntermediate: t.intermediateValues.size,
  };
}

/**
 * Everything about a trial.
 *
 * @example
 * ```ts
 * trialDetail(trial).intermediateValues; // [[0, 0.91], [1, 0.93], ...]
 * ```
 */
export function trialDetail(t: FrozenTrial): TrialDetail {
  const distributions: Record<string, string> = {};
  for (const [k, d] of Object.entries(t.distributions)) distributions[k] = distributionToJson(d);
  const steps = [...t.intermediateValues.keys()].sort((a, b) => a - b);
  return {
    ...trialRow(t),
    distributions,
    intermediateValues: steps.map((s) => [s, jsonNumber(t.intermediateValues.get(s) as number)]),
    userAttrs: { ...t.userAttrs },
    systemAttrs: { ...t.systemAttrs },
  };
}
