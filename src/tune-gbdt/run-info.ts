/**
 * What a tuning run tunes and how, for the user to see before the first trial (`onStart`) and
 * in the result: the data, the target and its classes, the objective (and whether it was
 * inferred), the metric and direction, the folds, the fixed params and the searched ones, the
 * trials at once and the trainer threads of each.
 */
import type { TuneContext } from './context.js';
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
export function runInfo(ctx: TuneContext, space: Pick<RunSpace, 'searched' | 'specFixed'>, studyName: string, trialsBefore: number, plannedTrials: number | null): TuneRunInfo {
  const t = ctx.dataset.target;
  return {
    studyName,
    rows: ctx.dataset.nRows,
    features: ctx.dataset.nFeatures,
    target: t?.name ?? '',
    classes: t?.classes ?? null,
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
  };
}
