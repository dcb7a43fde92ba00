/**
 * What every trial of a gbtune study shares: the data binned ONCE (in shared memory when workers
 * are used), the folds, the tuned metric and its direction, and the base booster params (objective,
 * metric, early stopping, seeds). Also the per-study trial runner (main thread or worker pool) and
 * the refit of the best trial. Used by tune.ts and stepwise.ts.
 */
import { DataError, TrialPruned, TunerError } from '../core/errors.js';
import { readCsv } from '../data/csv.js';
import { BinnedDataset } from '../data/binned-dataset.js';
import { Dataset } from '../data/dataset.js';
import { withGroupColumn } from '../data/group-column.js';
import { groupKFold, kFold, stratifiedKFold, type Fold } from '../data/split.js';
import type { Booster } from '../gbdt/boosting/booster.js';
import { train } from '../gbdt/boosting/train.js';
import { canonicalMetricName, createMetric, metricOptionsOf, splitMetricAt } from '../gbdt/metric/registry.js';
import type { Metric } from '../gbdt/metric/metric.js';
import { createObjective } from '../gbdt/objective/registry.js';
import type { Objective } from '../gbdt/objective/objective.js';
import { labelFor } from '../gbdt/boosting/train-model.js';
import { canonicalParamName, coerceParam, resolveParams } from '../params/resolve.js';
import type { GbdtParams, GbdtParamsInput, ObjectiveInput } from '../params/resolved.js';
import { OBJECTIVE_TABLE, isClassificationObjective, isRankingObjective } from '../params/objectives.js';
import { RANKING_METRICS } from '../params/metrics.js';
import { PARAM_SPEC_BY_NAME, type ParamSpec } from '../params/schema.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';
import type { Trial } from '../tune/trial/trial.js';
import { runCvTrial, type CvTrialResult, type CvTrialSettings, type FoldPruning } from './cv-trial.js';
import { prunedByThreshold } from '../tune/pruners/base.js';
import type { BoosterParams } from './search-space.js';
import { sharedBinnedDataset } from './threads/shared-bins.js';
import { acquirePool, releasePool, type WorkerPool } from './threads/pool.js';
import { checkJobs, planJobs, trialsAtOnce, type JobsOption, type JobsPlan } from './threads/jobs.js';
import { foldCopiesFor } from '../gbdt/boosting/fold-copies.js';
import { REFINED_FROM_ATTR, bestSearchTrial, refinementFactor } from './lr-refine.js';
import { FOLD_VALUES_ATTR, FOLDS_ATTR, ROUNDS_ATTR, SECONDS_ATTR, STOPPED_ATTR, STOPPED_BY_FOLDS, STOPPED_BY_TIME, type TimeBudget } from './time-budget.js';

/** User attribute holding a trial's booster params. */
export const PARAMS_ATTR = 'gbdt_params';
/** User attribute holding a trial's best round (early stopping). */
export const BEST_ITERATION_ATTR = 'best_iteration';

/** Options shared by tuneGbdt and tuneGbdtStepwise for the data and the CV. */
export interface TuneDataOptions {
  /** Target column when reading a CSV. Default: a column named 'target', else the last. */
  target?: string;
  /**
   * Ranking: the query id column when reading a CSV (readCsv's `group`; a Dataset carries its own
   * groups). Default: the `group_column` param when given, else none.
   */
  group?: string;
  /** Booster objective. Default: inferred from the target (binary / multiclass / regression). */
  objective?: ObjectiveInput;
  /**
   * Tuned metric (a trainer metric name; a ranking one with its position, `ndcg@10`, or without:
   * the first `eval_at` position). Default 'accuracy' for classification, else the objective's own
   * metric: 'l2' for regression (the objective a numeric target gets), 'quantile' for quantile,
   * 'poisson' for poisson, ... (LightGBM's default metric of the objective), and `ndcg@k` for
   * ranking with k the first `eval_at` position (1 by default, as LightGBM's first metric, which
   * its early stopping with `first_metric_only` watches).
   */
  metric?: string;
  /** Number of CV folds (stratified for classification; whole queries, GroupKFold, for ranking data). Default 5. */
  nFolds?: number;
  /** Explicit folds (row indices); overrides nFolds. Default: computed from `seed`. */
  folds?: Fold[];
  /** Seed of the folds, the sampler and the booster (bagging, feature fraction). Default 0. */
  seed?: number;
  /**
   * Early stopping patience on the validation folds' mean of the tuned metric. Default 50: enough for
   * learning rates down to 0.005 not to stop on a plateau of a discrete metric such as accuracy,
   * while bad trials stop quickly. A patience scaled with the learning rate and with the rounds run
   * so far was measured (issue 20) on the complete trials of 50-trial studies of breast_cancer,
   * credit_data, spam and ames: min(50, max(5, 1 / learning_rate, 25% of the best round)) cut 6 to
   * 55% of their rounds but lowered the study's best on breast_cancer and spam; a fixed 20 or
   * max(10, 2 / learning_rate) lowered it on three of the four (breast_cancer's best trial, at
   * learning rate 0.29, improved after plateaus of 27 and 34 rounds). So the default stays fixed.
   */
  earlyStoppingRounds?: number;
  /** Upper bound of boosting rounds (not tuned: early stopping picks the number). Default 1000. */
  maxRounds?: number;
  /**
   * Booster params every trial gets (e.g. `{ max_bin: 63, num_leaves: 15 }`). A param given here is
   * fixed: the search space does not search it (the default space leaves it out, a spec may not
   * name it, a define-by-run function's suggestion of it returns the fixed value), and the refit
   * and best_params.json carry it. Default `{}`.
   */
  params?: GbdtParamsInput;
}

/** The prepared study context. */
export interface TuneContext {
  dataset: Dataset;
  binned: BinnedDataset;
  settings: CvTrialSettings;
  metric: string;
  direction: 'maximize' | 'minimize';
  nFolds: number;
  seed: number;
  /** The booster objective (given or inferred from the target). */
  objective: string;
  /** True when the objective was inferred from the target (not given). */
  objectiveInferred: boolean;
  /** The user's params, fixed for every trial: canonical names, typed values, no objective or metric. */
  fixedParams: Record<string, unknown>;
  /** True when the folds were given (`folds`) rather than made from `nFolds` and `seed`. */
  explicitFolds: boolean;
  pool: WorkerPool | null;
  /** Trials at once and trainer threads per trial (see threads/jobs.ts). */
  jobs: JobsPlan;
}

/**
 * Reads (when a path) and bins the data once, makes the folds and the base params, decides the
 * trials at once and threads per trial (`nJobs`, and for 'auto' the study's `nTrials` when known;
 * see threads/jobs.ts) and, for more than one trial
 * at once, the study's worker pool (give it back with {@link releaseContext}).
 */
export async function prepareContext(data: string | Dataset, options: TuneDataOptions, nJobs: JobsOption, nTrials?: number): Promise<TuneContext> {
  checkJobs(nJobs, 'tuneGbdt');
  // the workers start (and load their code) while this thread reads and bins the data
  const atOnce = trialsAtOnce(nJobs, nTrials);
  const pool = atOnce > 1 ? acquirePool(atOnce) : null;
  try {
    const ctx = await prepareData(data, options, atOnce > 1);
    const jobs = planJobs(nJobs, { rows: ctx.binned.nRows, features: ctx.binned.nUsed, nFolds: ctx.nFolds }, nTrials);
    // workers train on fold copies made once here, in shared memory (cv would make one set per worker)
    pool?.attach(ctx.binned, ctx.settings, foldCopiesFor(ctx.binned, ctx.settings.folds, { allocate: (bytes) => new SharedArrayBuffer(bytes) }), jobs.threadsPerTrial);
    return { ...ctx, pool, jobs };
  } catch (e) {
    if (pool !== null) releasePool(pool);
    throw e;
  }
}

/** The context without its pool; `shared`: the bins in shared memory. */
async function prepareData(
  data: string | Dataset,
  { target, group, objective, metric, nFolds = 5, folds, seed = 0, earlyStoppingRounds = 50, maxRounds = 1000, params = {} }: TuneDataOptions,
  shared: boolean,
): Promise<Omit<TuneContext, 'pool' | 'jobs'>> {
  const groupColumn = group ?? groupColumnOf(params);
  const dataset =
    typeof data === 'string'
      ? await readCsv(data, { ...(target !== undefined ? { target } : {}), ...(groupColumn !== undefined ? { group: groupColumn } : {}) })
      : groupColumn !== undefined && data instanceof Dataset ? withGroupColumn(data, groupColumn) : data;
  if (!(dataset instanceof Dataset)) throw new TunerError('tuneGbdt: the data must be a CSV path or a Dataset');
  const t = dataset.target;
  if (t === null) throw new TunerError('tuneGbdt: the data has no target column');
  if (!Number.isInteger(nFolds) || nFolds < 2) throw new TunerError(`tuneGbdt: nFolds (${nFolds}) must be an integer >= 2`);
  const qb = dataset.queryBoundaries;
  const resolved = resolveParams(
    { ...params, ...(objective !== undefined ? { objective } : {}) },
    { context: 'tuneGbdt', defaultObjective: qb !== null ? 'lambdarank' : t.inferredTask, numClass: t.classes !== null ? t.classes.length : undefined },
  );
  const classification = isClassificationObjective(resolved.objective);
  if (qb === null && isRankingObjective(resolved.objective)) {
    throw new TunerError(`tuneGbdt: objective ${resolved.objective} needs query groups: give the group column (--group-column, the group option)`);
  }
  if (qb !== null && nFolds > qb.length - 1 && folds === undefined) throw new TunerError(`tuneGbdt: nFolds (${nFolds}) is more than the ${qb.length - 1} queries`);
  const { m, metricParams } = tunedMetric(metric ?? (classification ? 'accuracy' : OBJECTIVE_TABLE[resolved.objective].defaultMetric), resolved);
  // a weight_column param takes its column out of the features now, so the shared bins carry the weights
  const weighted = resolved.weight_column === '' ? dataset : dataset.withWeightColumn(resolved.weight_column, 'tuneGbdt: weight_column');
  // feature_pre_filter off: min_child_samples is tuned, so bins must not drop features for one value of it
  const binning = { max_bin: resolved.max_bin, min_data_in_bin: resolved.min_data_in_bin, use_missing: resolved.use_missing, zero_as_missing: resolved.zero_as_missing, feature_pre_filter: false };
  const binned = shared ? sharedBinnedDataset(weighted, binning) : BinnedDataset.fromDataset(weighted, binning);
  checkTargetFits(binned, resolved, m);
  let foldList = folds;
  if (foldList === undefined) {
    foldList =
      qb !== null
        ? groupKFold(qb, nFolds)
        : classification && t.classIndex !== null
          ? stratifiedKFold(t.classIndex, nFolds, { shuffle: true, seed })
          : kFold(dataset.nRows, nFolds, { shuffle: true, seed });
  }
  // a user's num_iterations / early_stopping_round (any alias) take the place of maxRounds / earlyStoppingRounds
  const given = (name: string): boolean => Object.keys(params).some((k) => canonicalParamName(k) === name);
  const fixedParams = fixedParamsOf(params);
  const baseParams: Record<string, unknown> = {};
  if (!given('verbosity')) baseParams.verbosity = -1;
  if (!given('seed')) baseParams.seed = seed;
  for (const [k, v] of Object.entries(fixedParams)) if (k !== 'num_iterations' && k !== 'early_stopping_round') baseParams[k] = v;
  Object.assign(baseParams, {
    objective: resolved.objective,
    ...metricParams,
    num_iterations: given('num_iterations') ? resolved.num_iterations : maxRounds,
    early_stopping_round: given('early_stopping_round') ? resolved.early_stopping_round : earlyStoppingRounds,
  });
  const settings: CvTrialSettings = { baseParams, metric: m.name, folds: foldList };
  return {
    dataset: weighted,
    binned,
    settings,
    metric: m.name,
    direction: m.higherIsBetter ? 'maximize' : 'minimize',
    nFolds: foldList.length,
    seed,
    objective: resolved.objective,
    objectiveInferred: !given('objective') && objective === undefined,
    fixedParams,
    explicitFolds: folds !== undefined,
  };
}

/** The `group_column` param (any alias) of user params, or undefined. */
function groupColumnOf(params: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(params)) if (canonicalParamName(k) === 'group_column' && typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

/**
 * The tuned metric and the params that make cv evaluate it: a ranking metric at one position
 * (`ndcg@10`: metric ndcg, eval_at [10]; `ndcg` alone: the first eval_at position, 1 by default).
 */
function tunedMetric(name: string, resolved: GbdtParams): { m: Metric; metricParams: Record<string, unknown> } {
  const { base, at } = splitMetricAt(name);
  const canonical = canonicalMetricName(base);
  if (!RANKING_METRICS.includes(canonical)) {
    const m = createMetric(name, metricOptionsOf(resolved));
    return { m, metricParams: { metric: [m.name] } };
  }
  const k = at ?? resolved.eval_at[0] ?? 1;
  const m = createMetric(`${canonical}@${k}`, { labelGain: resolved.label_gain });
  return { m, metricParams: { metric: [canonical], eval_at: [k] } };
}

/**
 * Fails before the first trial (instead of in every trial) when the objective or the tuned metric
 * cannot take the target: the objective's label checks (e.g. poisson: labels >= 0; cross_entropy:
 * in [0, 1]) and the metric's (e.g. gamma: labels > 0), on all rows, the metric scoring the
 * objective's initial score.
 */
function checkTargetFits(binned: BinnedDataset, params: GbdtParams, metric: Metric): void {
  const what = `objective ${params.objective}`;
  let label: Float64Array;
  let objective: Objective;
  try {
    label = labelFor(binned, params);
    objective = createObjective(params);
    objective.init(label, null, binned.queryBoundaries);
  } catch (e) {
    if (e instanceof DataError) throw new TunerError(`tuneGbdt: ${what} cannot fit the target: ${e.message}`);
    throw e;
  }
  const k = objective.numModelPerIteration;
  const score = new Float64Array(k * label.length);
  for (let c = 0; c < k; c++) score.fill(params.boost_from_average ? objective.boostFromScore(c) : 0, c * label.length, (c + 1) * label.length);
  try {
    metric.eval(score, label, objective, null, binned.queryBoundaries);
  } catch (e) {
    if (e instanceof DataError) throw new TunerError(`tuneGbdt: metric ${metric.name} cannot score the target: ${e.message}`);
    throw e;
  }
}

/**
 * The user's params as the trials get them (exported for tune.ts, which needs them before the data is read): canonical names (`min_child_samples` →
 * `min_data_in_leaf`), typed values (`'7'` → 7, as resolved), without `objective` and `metric`
 * (the study sets those). A LightGBM param gbtune accepts and ignores (`boosting=gbdt`) stays as given.
 * (The values are the user's, coerced; `resolveParams` has checked them already.)
 */
export function fixedParamsOf(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    const c = canonicalParamName(k);
    if (c === 'objective' || c === 'metric') continue;
    if (c === undefined) out[k] = v;
    else out[c] = coerceParam(PARAM_SPEC_BY_NAME.get(c) as ParamSpec, k, v);
  }
  return out;
}

/** Ends a context: its pool (if any) goes back to be reused by the next study of the process. */
export function releaseContext(ctx: TuneContext): void {
  if (ctx.pool !== null) releasePool(ctx.pool);
}

/**
 * The objective of one trial given its booster params: CV on the shared bins (in a worker when
 * the context has a pool), each round's fold mean reported to the trial for pruning, the best
 * round and each fold's value stored as user attrs, and what the trial cost (rounds run, folds,
 * seconds: see time-budget.ts). With `foldPruning` and a best trial with fold values, the first
 * folds train first and a trial whose first folds are all worse than the best trial's is pruned
 * there (user attr `stopped: 'first folds'`; see fold-cv.ts). With a `budget`, a trial still
 * running when the trials' share of it is spent is stopped at its next round: pruned, with the
 * user attr `stopped: 'time budget'`.
 */
export async function evaluateParams(ctx: TuneContext, trial: Trial, trialParams: BoosterParams, budget: TimeBudget | null = null, foldPruning = false): Promise<number> {
  // a refinement of an earlier trial (lr-refine.ts): more rounds and patience, never pruned
  const factor = refinementFactor(trial.userAttrs);
  const params = factor === null ? trialParams : refinedParams(ctx, trialParams, factor);
  trial.setUserAttr(PARAMS_ATTR, params);
  const t0 = performance.now();
  let rounds = 0;
  let timeUp = false;
  const outOfTime = (): boolean => {
    if (budget !== null && budget.spent()) timeUp = true;
    return timeUp;
  };
  const nSteps = roundsOf(ctx, params);
  const thresholds = factor === null ? trial.stepThresholds(nSteps) : null;
  const maximize = ctx.direction === 'maximize';
  const folds = !foldPruning ? null : factor !== null ? refinementFoldPruning(ctx, trial) : thresholds !== null ? foldPruningOf(ctx, trial, thresholds) : null;
  let r: CvTrialResult | undefined;
  // folds trained so far: the first ones until a round of all of them is reported
  let trained = folds === null ? ctx.nFolds : folds.firstFolds;
  // a trial stopped while its first folds trained alone: their means are reported for the record
  // (pruned trials' values do not enter the median pruner's thresholds, which read COMPLETE trials)
  let firstMeans: number[] | null = null;
  // k-fold rounds reported (the lockstep rounds before the first folds go on alone, see fold-cv.ts)
  let reported = 0;
  const reportFirst = (means: readonly number[] | null | undefined): void => {
    if (means !== null && means !== undefined) for (let i = reported; i < means.length; i++) trial.report(means[i], i);
  };
  try {
    if (ctx.pool !== null) {
      // the worker prunes the trial itself when the pruner gives per-step thresholds (no round trip per round)
      const pruning = thresholds === null ? null : { thresholds, refresh: () => trial.stepThresholds(nSteps) as Float64Array, maximize };
      r = await ctx.pool.run(
        params,
        (iteration, value) => {
          rounds = Math.max(rounds, iteration + 1);
          trained = ctx.nFolds;
          reported = Math.max(reported, iteration + 1);
          trial.report(value, iteration);
          // rounds come at least every round or so (batched by time): the budget is checked here
          return outOfTime() || (pruning === null && factor === null && trial.shouldPrune());
        },
        pruning,
        folds,
      );
    } else {
      let firstBest = NaN;
      firstMeans = [];
      r = runCvTrial(
        ctx.binned,
        params,
        ctx.settings,
        (iteration, value) => {
          rounds = Math.max(rounds, iteration + 1);
          trained = ctx.nFolds;
          reported = Math.max(reported, iteration + 1);
          trial.report(value, iteration);
          if (outOfTime()) throw new TrialPruned(`trial ${trial.number} stopped at round ${iteration + 1}: the time budget is spent`);
          if (factor === null && trial.shouldPrune()) throw new TrialPruned(`trial ${trial.number} pruned at round ${iteration + 1}`);
        },
        folds,
        // the first folds alone: the budget, and the pruner's thresholds on their mean (not reported)
        (iteration, value) => {
          rounds = Math.max(rounds, iteration + 1);
          firstMeans?.push(value);
          if (outOfTime()) throw new TrialPruned(`trial ${trial.number} stopped at round ${iteration + 1}: the time budget is spent`);
          if (!Number.isNaN(value) && (Number.isNaN(firstBest) || (maximize ? value > firstBest : value < firstBest))) firstBest = value;
          const th = thresholds === null ? NaN : (trial.stepThresholds(nSteps) as Float64Array)[iteration] ?? NaN;
          if (prunedByThreshold(th, firstBest, maximize)) throw new TrialPruned(`trial ${trial.number} pruned at round ${iteration + 1} of its first folds`);
        },
      );
    }
  } catch (e) {
    if (e instanceof TrialPruned && trained < ctx.nFolds) reportFirst((e as { firstMeans?: number[] | null }).firstMeans ?? firstMeans);
    if (timeUp && e instanceof TrialPruned) {
      trial.setUserAttr(STOPPED_ATTR, STOPPED_BY_TIME);
      e.message = `trial ${trial.number} stopped at round ${rounds}: the time budget is spent`;
    }
    throw e;
  } finally {
    trial.setUserAttr(ROUNDS_ATTR, r?.rounds ?? rounds);
    trial.setUserAttr(FOLDS_ATTR, r?.folds ?? trained);
    trial.setUserAttr(SECONDS_ATTR, (performance.now() - t0) / 1000);
  }
  trial.setUserAttr(FOLD_VALUES_ATTR, r.foldValues);
  if (r.stoppedAfterFirst) {
    reportFirst(r.firstMeans);
    trial.setUserAttr(STOPPED_ATTR, STOPPED_BY_FOLDS);
    const why = factor === null ? "each is worse than the best trial's" : `their mean is no better than trial ${String(trial.userAttrs[REFINED_FROM_ATTR])}'s, which it refines at a lower learning rate`;
    throw new TrialPruned(`trial ${trial.number} pruned after its first ${r.folds} folds: ${why}`);
  }
  trial.setUserAttr(BEST_ITERATION_ATTR, r.bestIteration);
  return r.value;
}

/**
 * Fold-level pruning of a trial (see fold-cv.ts): the first half of the folds (at least 2, fewer
 * than all) first, against the fold values of the study's best trial so far; null when there is
 * none yet (or it has no fold values) or the study has fewer than 3 folds. Up to the pruner's
 * first check (the first step of `thresholds` that is not NaN) every fold trains in lockstep, so
 * that a trial pruned there on the k-fold mean has not first trained its first folds to their
 * early stop. On breast_cancer (nWarmupSteps 20, seeds 1 and 2) such trials' first-fold rounds were
 * 26% and 31% of all the rounds the studies trained.
 */
function foldPruningOf(ctx: TuneContext, trial: Trial, thresholds: Float64Array): FoldPruning | null {
  // the best trial of the search: a refinement's folds ran at a lower learning rate (lr-refine.ts)
  const best = bestSearchTrial(trial.study.view.getTrials({ states: ['COMPLETE'] }), ctx.direction === 'maximize');
  const check = thresholds.findIndex((t) => !Number.isNaN(t));
  return firstFoldsAgainst(ctx, best, check < 0 ? 0 : check + 1, 'each');
}

/**
 * Fold-level pruning of a refinement (lr-refine.ts): its first folds first, against the folds of
 * the trial it refines; when their mean is not better, the lower learning rate does not pay on this
 * data and the refinement stops there (pruned, so the schedule refines no more) at about
 * `firstFolds / k` of its cost. No round-level pruning before (a refinement is never pruned on its
 * rounds). Null when the refined trial has no fold values or the study has fewer than 3 folds.
 * Measured (bench/tune-time.bench.mjs folds, seed 0): on breast_cancer the refinement stopped after
 * 2 of 5 folds (0.2 s); on credit_data and a 50,000-row sample of fertility it ran on, as the first
 * folds taken at their own best round favour it (fertility: it ended at 62.99% against its source's
 * 63.12%).
 */
function refinementFoldPruning(ctx: TuneContext, trial: Trial): FoldPruning | null {
  const from = trial.userAttrs[REFINED_FROM_ATTR];
  if (typeof from !== 'number') return null;
  const source = trial.study.view.getTrials({ states: ['COMPLETE'] }).find((t) => t.number === from);
  return firstFoldsAgainst(ctx, source, 0, 'mean');
}

/**
 * A trial's first half of the folds (at least 2, fewer than all) against `source`'s fold values,
 * judged by `rule` after `lockstepRounds` rounds of every fold; null when the study has fewer than
 * 3 folds or `source` is missing or has no value for every fold.
 */
function firstFoldsAgainst(ctx: TuneContext, source: FrozenTrial | null | undefined, lockstepRounds: number, rule: 'each' | 'mean'): FoldPruning | null {
  const k = ctx.nFolds;
  const firstFolds = Math.max(2, Math.floor(k / 2));
  const ref = source?.userAttrs[FOLD_VALUES_ATTR];
  if (firstFolds >= k || !Array.isArray(ref) || ref.length !== k || !ref.every((v) => typeof v === 'number')) return null;
  return { firstFolds, reference: ref as number[], maximize: ctx.direction === 'maximize', lockstepRounds, rule };
}

/** The most boosting rounds a trial's CV runs: its num_iterations (any alias), else the study's. */
function roundsOf(ctx: TuneContext, params: BoosterParams): number {
  let n = Number(ctx.settings.baseParams.num_iterations);
  for (const [k, v] of Object.entries(params)) if (canonicalParamName(k) === 'num_iterations' && Number.isFinite(Number(v))) n = Number(v);
  return Math.max(0, Math.floor(n));
}

/**
 * The booster params of a refinement trial (lr-refine.ts: its learning rate already divided by
 * `factor`): `factor` times the rounds a trial may run and times the early-stopping patience.
 */
function refinedParams(ctx: TuneContext, params: BoosterParams, factor: number): BoosterParams {
  let patience = Number(ctx.settings.baseParams.early_stopping_round);
  for (const [k, v] of Object.entries(params)) if (canonicalParamName(k) === 'early_stopping_round' && Number.isFinite(Number(v))) patience = Number(v);
  const out: BoosterParams = {};
  // the trial's own num_iterations / early_stopping_round (any alias) give way to the scaled ones
  for (const [k, v] of Object.entries(params)) {
    const c = canonicalParamName(k);
    if (c !== 'num_iterations' && c !== 'early_stopping_round') out[k] = v;
  }
  out.num_iterations = Math.ceil(roundsOf(ctx, params) * factor);
  if (patience > 0) out.early_stopping_round = Math.ceil(patience * factor);
  return out;
}

/** A finished trial's booster params and best round (from its user attrs). */
export function trialBoosterParams(t: FrozenTrial): { params: BoosterParams; bestIteration: number } {
  const params = t.userAttrs[PARAMS_ATTR];
  const it = t.userAttrs[BEST_ITERATION_ATTR];
  if (typeof params !== 'object' || params === null || typeof it !== 'number') {
    throw new TunerError(`trial ${t.number} has no '${PARAMS_ATTR}'/'${BEST_ITERATION_ATTR}' user attrs; was the study made by tuneGbdt?`);
  }
  return { params: params as BoosterParams, bestIteration: it };
}

/** The params to refit with: base params without early stopping, the trial's, num_iterations = best round. */
export function refitParams(ctx: TuneContext, params: BoosterParams, bestIteration: number): Record<string, unknown> {
  const p: Record<string, unknown> = { ...ctx.settings.baseParams, ...params, num_iterations: Math.max(1, bestIteration) };
  delete p.early_stopping_round;
  return p;
}

/** Trains the final model on all rows (same bins). */
export function refit(ctx: TuneContext, params: Record<string, unknown>): Booster {
  return train(params, ctx.binned);
}
