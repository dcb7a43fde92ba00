/**
 * A finished or running trial as storages and samplers see it: an immutable snapshot
 * (Optuna's `FrozenTrial`). Later writes never change a snapshot already handed out.
 */
import type { Distribution, ParamValue } from '../distributions.js';

/** Trial states, as Optuna names them. */
export const TrialState = {
  RUNNING: 'RUNNING',
  COMPLETE: 'COMPLETE',
  PRUNED: 'PRUNED',
  FAIL: 'FAIL',
  WAITING: 'WAITING',
} as const;
export type TrialState = (typeof TrialState)[keyof typeof TrialState];

/** True for COMPLETE, PRUNED and FAIL: a finished trial never changes again. */
export function isFinished(state: TrialState): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/** Study directions, as Optuna names them. */
export const StudyDirection = {
  MINIMIZE: 'MINIMIZE',
  MAXIMIZE: 'MAXIMIZE',
} as const;
export type StudyDirection = (typeof StudyDirection)[keyof typeof StudyDirection];

/** One trial: its params (external values), their distributions, values and attributes. */
export interface FrozenTrial {
  /** 0-based number of the trial in its study. */
  readonly number: number;
  /** The storage-wide id. */
  readonly trialId: number;
  readonly state: TrialState;
  /** The objective values (one per direction), or null while unfinished or when failed. */
  readonly values: readonly number[] | null;
  /**
   * The objective value of a single-objective trial (Optuna's `FrozenTrial.value`): `values[0]`,
   * or null while unfinished or when failed, and for a multi-objective trial (read `values`).
   */
  readonly value: number | null;
  readonly datetimeStart: Date | null;
  readonly datetimeComplete: Date | null;
  /** Parameter values as the user sees them. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
  /** Reported intermediate values, step → value. */
  readonly intermediateValues: ReadonlyMap<number, number>;
}

/** The single objective value of a trial (throws for multi-objective trials). */
export function trialValue(t: FrozenTrial): number | null {
  if (t.values === null) return null;
  if (t.values.length !== 1) throw new Error('trialValue: the trial has several values; use values');
  return t.values[0];
}

/** The `value` field of a snapshot with these `values`. */
export function singleValue(values: readonly number[] | null | undefined): number | null {
  return values != null && values.length === 1 ? values[0] : null;
}

/** The last reported step of a trial, or null when it reported none. */
export function lastStep(t: FrozenTrial): number | null {
  let best: number | null = null;
  for (const s of t.intermediateValues.keys()) if (best === null || s > best) best = s;
  return best;
}
