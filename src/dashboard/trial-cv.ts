/**
 * What a trial of a gbtune tuning study (`gbtune tune`, `tuneGbdt`) recorded of its
 * cross-validation, for the trial page: each fold's score at the best round (`fold_values`) and
 * their mean, the folds trained (fewer than the study's when the trial was pruned after its first
 * folds), the boosting rounds run, the best round, its seconds and why it stopped early. Read from
 * the trial's user attrs (see `gbtune/tune-gbdt`'s attr names); null for a trial that has none of
 * them (a plain Optuna study), and each part null when its attr is missing or not a number (a
 * study made before it was recorded, or written by another tool).
 *
 * @example
 * ```ts
 * trialCv(trial.userAttrs, studyUserAttrs);
 * // { metric: 'auc', nFolds: 5, folds: [0.97, 0.99, 0.98, 0.96, 0.99], mean: 0.978, foldsEvaluated: 5, roundsRun: 143, ... }
 * ```
 */
import { BEST_ITERATION_ATTR, FOLD_VALUES_ATTR, FOLDS_ATTR, ROUNDS_ATTR, SECONDS_ATTR, STOPPED_ATTR, STOPPED_BY_FOLDS, STUDY_IDENTITY_ATTR } from '../tune-gbdt/index.js';
import { jsonNumber, type JsonNumber } from './trial-json.js';

/** A trial's cross-validation as the trial page shows it. */
export interface TrialCv {
  /** The metric the study tunes (its identity record), or null. */
  metric: string | null;
  /** The study's fold count (its identity record), or null. */
  nFolds: number | null;
  /** Each fold's score, fold 1 first (non-finite ones by name), or null when not recorded. */
  folds: JsonNumber[] | null;
  /** The mean of `folds` (of the finite ones; null when none is). */
  mean: number | null;
  /** Folds trained. */
  foldsEvaluated: number | null;
  /** Boosting rounds run (the most of any fold). */
  roundsRun: number | null;
  /** The best round (1-based): the folds' scores are at this round. */
  bestIteration: number | null;
  /** Wall time of the trial's CV, in seconds. */
  seconds: number | null;
  /** Why it stopped early other than by the pruner ('time budget', 'first folds'), or null. */
  stopped: string | null;
  /** True when the trial was pruned after its first folds: `folds` are those folds', each at its own best round. */
  firstFoldsOnly: boolean;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A stored fold score: a number, or null / a non-finite name as JSON storages keep NaN. */
function foldScore(v: unknown): JsonNumber | null {
  if (typeof v === 'number') return jsonNumber(v);
  if (v === null || v === 'NaN') return 'NaN';
  if (v === 'Infinity' || v === '-Infinity') return v;
  return null;
}

/**
 * A trial's cross-validation facts, or null when its user attrs hold none.
 *
 * @example
 * ```ts
 * trialCv({ fold_values: [0.9, 0.8], folds_evaluated: 2 }, {})?.mean; // 0.85
 * trialCv({ lr: 0.1 }, {}); // null
 * ```
 */
export function trialCv(userAttrs: Readonly<Record<string, unknown>>, studyUserAttrs: Readonly<Record<string, unknown>>): TrialCv | null {
  const raw = userAttrs[FOLD_VALUES_ATTR];
  let folds: JsonNumber[] | null = null;
  if (Array.isArray(raw)) {
    const scores = raw.map(foldScore);
    if (scores.every((s): s is JsonNumber => s !== null)) folds = scores;
  }
  const finite = folds?.filter((v): v is number => typeof v === 'number') ?? [];
  const stopped = typeof userAttrs[STOPPED_ATTR] === 'string' ? (userAttrs[STOPPED_ATTR] as string) : null;
  const cv: Omit<TrialCv, 'metric' | 'nFolds'> = {
    folds,
    mean: finite.length === 0 ? null : finite.reduce((a, b) => a + b, 0) / finite.length,
    foldsEvaluated: num(userAttrs[FOLDS_ATTR]),
    roundsRun: num(userAttrs[ROUNDS_ATTR]),
    bestIteration: num(userAttrs[BEST_ITERATION_ATTR]),
    seconds: num(userAttrs[SECONDS_ATTR]),
    stopped,
    firstFoldsOnly: stopped === STOPPED_BY_FOLDS,
  };
  if (cv.folds === null && cv.foldsEvaluated === null && cv.roundsRun === null && cv.seconds === null && cv.bestIteration === null) return null;
  const id = studyUserAttrs[STUDY_IDENTITY_ATTR] as Record<string, unknown> | null | undefined;
  const known = id !== null && typeof id === 'object';
  return {
    metric: known && typeof id.metric === 'string' ? id.metric : null,
    nFolds: known ? num(id.nFolds) : null,
    ...cv,
  };
}
