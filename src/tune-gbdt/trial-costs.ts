/**
 * Where a tuning run's time went, per trial: its state and value, the boosting rounds it ran, the
 * folds it trained, its seconds, and why it stopped early when not by the pruner (the attrs
 * `evaluateParams` records, see time-budget.ts), and the totals.
 */
import type { FrozenTrial, TrialState } from '../tune/trial/frozen-trial.js';
import { FOLDS_ATTR, ROUNDS_ATTR, SECONDS_ATTR, STOPPED_ATTR } from './time-budget.js';

/** One trial's cost (null where the trial has no such attr: a study made before they were recorded). */
export interface TrialCost {
  number: number;
  state: TrialState;
  value: number | null;
  rounds: number | null;
  folds: number | null;
  seconds: number | null;
  /** e.g. 'time budget'; null when the trial ended by itself or by the pruner. */
  stopped: string | null;
}

/** The costs of trials and their sums. */
export interface TrialCosts {
  trials: TrialCost[];
  /** Sums over the trials: rounds x folds trained (fold-rounds), seconds. */
  total: { foldRounds: number; seconds: number };
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The costs of the finished trials, in trial order.
 *
 * @example
 * ```ts
 * const { trials, total } = trialCosts(result.study.trials);
 * trials[0]; // { number: 0, state: 'COMPLETE', value: 0.96, rounds: 143, folds: 5, seconds: 0.41, stopped: null }
 * ```
 */
export function trialCosts(trials: readonly FrozenTrial[]): TrialCosts {
  const out: TrialCost[] = [];
  let foldRounds = 0;
  let seconds = 0;
  for (const t of trials) {
    if (t.state === 'RUNNING' || t.state === 'WAITING') continue;
    const a = t.userAttrs;
    const c: TrialCost = {
      number: t.number,
      state: t.state,
      value: t.values !== null && t.values.length === 1 ? t.values[0] : null,
      rounds: num(a[ROUNDS_ATTR]),
      folds: num(a[FOLDS_ATTR]),
      seconds: num(a[SECONDS_ATTR]),
      stopped: typeof a[STOPPED_ATTR] === 'string' ? (a[STOPPED_ATTR] as string) : null,
    };
    if (c.rounds !== null && c.folds !== null) foldRounds += c.rounds * c.folds;
    if (c.seconds !== null) seconds += c.seconds;
    out.push(c);
  }
  return { trials: out, total: { foldRounds, seconds } };
}
