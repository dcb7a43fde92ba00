/**
 * What a tuning run tunes and how, for the user to see before the first trial (`onStart`) and
 * in the result: the data, the target and its classes, the objective (and whether it was
 * inferred), the metric and direction, the folds, the fixed params and the searched ones, the
 * trials at once and the trainer threads of each.
 */
import { log } from '../core/log.js';
import type { TuneContext } from './context.js';
import { detectImbalance, imbalanceHint, type ImbalanceInfo } from './imbalance.js';
import type { RunSpace } from './run-space.js';

/** See the module comment. */
export interface TuneRunInfo {
  studyName: string;
  rows: number;
  features: number;
  /** The target column. */
  target: string;
  /** The target's classes, or null for a regression target. */
  classes: readonly string[] | null;
  /** Ranking data's number of query groups (0 for data without groups). */
  queries: number;
  objective: string;
  /** True when the objective was inferred from the target (not given). */
  objectiveInferred: boolean;
  metric: string;
  direction: 'maximize' | 'minimize';
  nFolds: number;
  /** Params every trial trains with: the user's (canonical names) and a spec's fixed entries. */
  fixedParams: Record<string, unknown>;
  /** Trial params searched, or null for a define-by-run function (known once it runs). */
  searchedParams: string[] | null;
  /** Trials the study had before this run. */
  trialsBefore: number;
  /** The most trials this run starts, or null when only a timeout bounds it. */
  plannedTrials: number | null;
  /** Trials at once (`nJobs`, `'auto'` resolved). */
  jobs: number;
  /** Trainer threads of each trial (unless the params set num_threads). */
  threadsPerTrial: number;
  /**
   * A binary target whose minority class is under 20% of the rows (see `imbalance.ts`): its classes
   * and share, and the `scale_pos_weight` range the default space searches (null when not searched).
   * Null for a balanced or non-binary target.
   */
  imbalance: ImbalanceInfo | null;
  /** What to know before trusting the tuned metric (accuracy on an imbalanced target), or null. */
  hint: string | null;
}

/**
 * The info of a run.
 *
 * @example
 * ```ts
 * const info = runInfo(ctx, space, 'gbtune', 0, 100);
 * info.classes; // ['0', '1']
 * ```
 */
export function runInfo(
  ctx: TuneContext,
  space: Pick<RunSpace, 'searched' | 'specFixed'>,
  studyName: string,
  trialsBefore: number,
  plannedTrials: number | null,
  imbalance: ImbalanceInfo | null = runImbalance(ctx, null),
): TuneRunInfo {
  const t = ctx.dataset.target;
  const hint = imbalance === null ? null : imbalanceHint(imbalance, ctx.metric);
  return {
    studyName,
    rows: ctx.dataset.nRows,
    features: ctx.dataset.nFeatures,
    target: t?.name ?? '',
    classes: t?.classes ?? null,
    queries: ctx.dataset.nQueries,
    objective: ctx.objective,
    objectiveInferred: ctx.objectiveInferred,
    metric: ctx.metric,
    direction: ctx.direction,
    nFolds: ctx.nFolds,
    fixedParams: { ...ctx.fixedParams, ...space.specFixed },
    searchedParams: space.searched === null ? null : [...space.searched],
    trialsBefore,
    plannedTrials,
    jobs: ctx.jobs.jobs,
    threadsPerTrial: ctx.jobs.threadsPerTrial,
    imbalance,
    hint,
  };
}

/**
 * The run's imbalance: {@link detectImbalance} of its data and objective, with `scalePosWeight` the
 * range the space searches, or null when it does not. Logs the hint (info), if any.
 *
 * @example
 * ```ts
 * const imbalance = runImbalance(ctx, null); // stepwise: scale_pos_weight not searched
 * ```
 */
export function runImbalance(ctx: TuneContext, searched: { low: number; high: number } | null): ImbalanceInfo | null {
  const info = detectImbalance(ctx.dataset, ctx.objective);
  if (info === null) return null;
  const out = { ...info, scalePosWeight: searched };
  const hint = imbalanceHint(out, ctx.metric);
  if (hint !== null) log.info(`tuneGbdt: ${hint}`);
  return out;
}
