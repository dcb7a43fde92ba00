/**
 * A study's line in the study list: its trials by state, its best value (one objective) or the
 * size of its Pareto front (several), when it started and when anything last happened, its metric
 * names and, for a study made by `gbtune tune`, the tuned metric, folds and target.
 *
 * @example
 * ```ts
 * const s = studyStats(summary, trials);
 * s.states.COMPLETE; s.best?.values; s.lastActivity;
 * ```
 */
import type { FrozenTrial, StudyDirection, TrialState } from '../index.js';
import { paretoFrontTrials } from '../tune/index.js';
import { STUDY_IDENTITY_ATTR } from '../tune-gbdt/index.js';
import { jsonNumber, type JsonNumber } from './trial-json.js';

/** Optuna's study system attribute holding the objectives' names. */
export const METRIC_NAMES_ATTR = 'study:metric_names';

/** What a tuning study (`gbtune tune`, `tuneGbdt`) records about itself, shortened for the list. */
export interface TuningSummary {
  metric: string;
  direction: string;
  nFolds: number;
  objective: string;
  /** The target column as recorded, e.g. `diagnosis (2 classes: B, M)`. */
  target: string;
  rows: number;
}

/** One study of the list. */
export interface StudyStats {
  studyId: number;
  studyName: string;
  directions: StudyDirection[];
  nTrials: number;
  states: Record<TrialState, number>;
  /** The best COMPLETE trial of a single-objective study, or null. */
  best: { number: number; values: JsonNumber[] } | null;
  /** Trials on the Pareto front of a multi-objective study (null with one objective). */
  paretoSize: number | null;
  /** The first trial's start. */
  datetimeStart: string | null;
  /** The latest start or completion of any trial. */
  lastActivity: string | null;
  metricNames: string[] | null;
  /** Set for a study made by gbtune's tuner. */
  tuning: TuningSummary | null;
}

/** The study fields the stats read (a `StudySummary` fits). */
export interface StatsSource {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
}

/**
 * The best COMPLETE trial of a single-objective study (the lowest or highest first value, the
 * earliest on ties), or null.
 *
 * @example
 * ```ts
 * bestTrial(trials, ['MAXIMIZE'])?.number;
 * ```
 */
export function bestTrial(trials: readonly FrozenTrial[], directions: readonly StudyDirection[]): FrozenTrial | null {
  if (directions.length !== 1) return null;
  const max = directions[0] === 'MAXIMIZE';
  let best: FrozenTrial | null = null;
  for (const t of trials) {
    if (t.state !== 'COMPLETE' || t.values === null || Number.isNaN(t.values[0])) continue;
    if (best === null || (max ? t.values[0] > (best.values as readonly number[])[0] : t.values[0] < (best.values as readonly number[])[0])) best = t;
  }
  return best;
}

/**
 * The recorded tuning summary of a study's user attrs, or null for other studies.
 *
 * @example
 * ```ts
 * tuningSummary(study.userAttrs)?.metric; // 'accuracy'
 * ```
 */
export function tuningSummary(userAttrs: Readonly<Record<string, unknown>>): TuningSummary | null {
  const id = userAttrs[STUDY_IDENTITY_ATTR] as Record<string, unknown> | undefined;
  if (id === null || typeof id !== 'object' || typeof id.metric !== 'string') return null;
  const data = (id.data ?? {}) as Record<string, unknown>;
  return {
    metric: id.metric,
    direction: String(id.direction ?? ''),
    nFolds: Number(id.nFolds ?? 0),
    objective: String(id.objective ?? ''),
    target: String(data.target ?? ''),
    rows: Number(data.rows ?? 0),
  };
}

/**
 * The list line of a study from its summary and its trials.
 *
 * @example
 * ```ts
 * studyStats(summary, await storage.getAllTrials(summary.studyId)).states; // { RUNNING: 1, COMPLETE: 40, ... }
 * ```
 */
export function studyStats(s: StatsSource, trials: readonly FrozenTrial[]): StudyStats {
  const states: Record<TrialState, number> = { RUNNING: 0, WAITING: 0, COMPLETE: 0, PRUNED: 0, FAIL: 0 };
  let first = Infinity;
  let last = -Infinity;
  for (const t of trials) {
    states[t.state]++;
    const a = t.datetimeStart?.getTime();
    const b = t.datetimeComplete?.getTime();
    if (a !== undefined) {
      if (a < first) first = a;
      if (a > last) last = a;
    }
    if (b !== undefined && b > last) last = b;
  }
  const best = bestTrial(trials, s.directions);
  const names = s.systemAttrs[METRIC_NAMES_ATTR];
  return {
    studyId: s.studyId,
    studyName: s.studyName,
    directions: [...s.directions],
    nTrials: trials.length,
    states,
    best: best === null ? null : { number: best.number, values: (best.values as readonly number[]).map(jsonNumber) },
    paretoSize: s.directions.length > 1 ? paretoFrontTrials(trials, s.directions).length : null,
    datetimeStart: Number.isFinite(first) ? new Date(first).toISOString() : null,
    lastActivity: Number.isFinite(last) ? new Date(last).toISOString() : null,
    metricNames: Array.isArray(names) ? names.map(String) : null,
    tuning: tuningSummary(s.userAttrs),
  };
}
