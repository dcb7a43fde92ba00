/**
 * `tuneGbdtStepwise`: Optuna's LightGBMTuner/LightGBMTunerCV order (anchor
 * `optuna/integration/_lightgbm_tuner/optimize.py`): feature_fraction on a 7-point grid 0.4..1,
 * num_leaves 2..256 by TPE (20 trials), bagging_fraction/bagging_freq by TPE (10), feature_fraction
 * again on a 6-point grid ±0.08 around the best (stage 2), lambda_l1/lambda_l2 log 1e-8..10 by TPE
 * (20), min_child_samples on the grid 5, 10, 25, 50, 100: 68 trials, as LightGBMTuner runs them.
 * `nTrials` makes that a total budget instead, shared by the steps in the same proportions (see
 * `stepwiseBudget`). Each step starts from the best params so far; fixed `params` are not searched
 * (a step with nothing left to search is skipped). Each step is its own study
 * (`<studyName>:<step>`) in one storage, checked against this run (study-identity.ts) before any
 * trial, so a stopped run resumes where it stopped (a step's finished trials count towards its budget).
 */
import type { Dataset } from '../data/dataset.js';
import { TunerError } from '../core/errors.js';
import { canonicalParamName } from '../params/resolve.js';
import type { Storage } from '../tune/storages/base.js';
import { getStorage } from '../tune/storages/registry.js';
import { loadStudy } from '../tune/study/create-study.js';
import type { Study } from '../tune/study/study.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';
import { RandomSampler } from '../tune/samplers/random.js';
import { prepareContext, releaseContext, trialBoosterParams, refit, refitParams, fixedParamsOf, type TuneContext, type TuneDataOptions } from './context.js';
import { recordOutputs, writeTuneOutputs, type BestParamsFile } from './output.js';
import { runInfo } from './run-info.js';
import { fixedNames } from './run-space.js';
import type { BoosterParams } from './search-space.js';
import { STEP_PARAMS, STEPWISE_STEPS, describeStep, skippedSteps, stepSpace, stepwiseBudget, type StepwiseStep } from './stepwise-steps.js';
import { studyIdentity } from './study-identity.js';
import { TimeBudget } from './time-budget.js';
import { addCounts, openTuningStudy, resolveTunePruner, runTrials, type TrialCounts, type TuneGbdtResult } from './tune.js';
import type { Pruner } from '../tune/pruners/base.js';
import type { TuneRunInfo } from './run-info.js';
import { defaultJobs, type JobsOption } from './threads/jobs.js';

export { STEPWISE_STEPS, STEPWISE_TRIALS, stepwiseBudget, type StepwiseStep } from './stepwise-steps.js';

/** Options of {@link tuneGbdtStepwise}. */
export interface TuneGbdtStepwiseOptions extends TuneDataOptions {
  /**
   * The total trials of all steps, shared in LightGBMTuner's proportions (`stepwiseBudget`); a
   * step's finished trials, earlier runs included, count towards its share. Default: LightGBMTuner's
   * fixed steps, 68 trials ({@link STEPWISE_TRIALS}).
   */
  nTrials?: number;
  /** Trials per step (overrides the share of `nTrials` or {@link STEPWISE_TRIALS}; a grid step runs at most its grid). */
  stepTrials?: Partial<Record<StepwiseStep, number>>;
  /** The run's time budget in seconds over all steps, the refit included (as tuneGbdt's `timeout`). Default none. */
  timeout?: number;
  /** A pruner or its name. Default as tuneGbdt. */
  pruner?: Pruner | string;
  storage?: string | Storage;
  /** Default 'gbtune-stepwise'. */
  studyName?: string;
  /** Trials at once (and trainer threads per trial): as tuneGbdt's nJobs, `'auto'` included. Default 1, or `'auto'` with a `timeout` (as tuneGbdt). */
  nJobs?: JobsOption;
  refit?: boolean;
  /** Called after every finished trial with its step and the best value over all steps so far (null: none completed). */
  onTrial?: (trial: FrozenTrial, study: Study, step: StepwiseStep, bestValue: number | null) => void;
  /** Called once the data is read and every step's study checked, before the first trial. */
  onStart?: (info: TuneRunInfo) => void;
  outDir?: string;
  signal?: AbortSignal;
}

/** What {@link tuneGbdtStepwise} returns: tuneGbdt's result plus the steps. */
export interface TuneGbdtStepwiseResult extends TuneGbdtResult {
  steps: { step: StepwiseStep; nTrials: number; bestValue: number | null; study: Study }[];
}

const DEFAULTS: BoosterParams = { lambda_l1: 0, lambda_l2: 0, num_leaves: 31, feature_fraction: 1, bagging_fraction: 1, bagging_freq: 0, min_child_samples: 20 };

/**
 * Tunes one group of params at a time, in LightGBMTuner's order.
 *
 * @example
 * ```ts
 * const r = await tuneGbdtStepwise('datasets/breast_cancer.csv', { seed: 0 });
 * r.steps.map((s) => s.step); // ['feature_fraction', 'num_leaves', ...]
 * r.bestParams;
 * ```
 */
export async function tuneGbdtStepwise(data: string | Dataset, options: TuneGbdtStepwiseOptions = {}): Promise<TuneGbdtStepwiseResult> {
  const t0 = performance.now();
  const { stepTrials = {}, timeout, pruner, storage, studyName = 'gbtune-stepwise', nJobs = defaultJobs(timeout), refit: doRefit = true, onTrial, onStart, outDir, signal } = options;
  const seed = options.seed ?? 0;
  if (options.nTrials !== undefined && (!Number.isInteger(options.nTrials) || options.nTrials < 1)) {
    throw new TunerError(`tuneGbdtStepwise: nTrials (${options.nTrials}) must be a positive integer`);
  }
  const fixed = fixedParamsOf(options.params ?? {});
  const names = fixedNames(fixed);
  const skip = skippedSteps(names);
  const budget = stepwiseBudget(options.nTrials, skip);
  for (const step of STEPWISE_STEPS) if (!skip.has(step) && stepTrials[step] !== undefined) budget[step] = stepTrials[step];
  const prunerObj = resolveTunePruner(pruner);
  const ctx = await prepareContext(data, options, nJobs, options.nTrials);
  try {
    const store = await getStorage(storage);
    // every step's study is checked before the first trial of any step
    const done: Partial<Record<StepwiseStep, number>> = {};
    for (const step of STEPWISE_STEPS) {
      const identity = studyIdentity(ctx, { kind: 'stepwise', entries: describeStep(step, names) });
      const opened = await openTuningStudy(store, `${studyName}:${step}`, identity, async () => new RandomSampler({ seed }), prunerObj);
      done[step] = opened.getTrials({ states: ['COMPLETE', 'PRUNED'] }).length;
    }
    let planned = 0;
    let before = 0;
    for (const step of STEPWISE_STEPS) {
      planned += Math.max(0, budget[step] - (done[step] as number));
      before += done[step] as number;
    }
    const searched = [...new Set(STEPWISE_STEPS.flatMap((s) => (budget[s] === 0 ? [] : STEP_PARAMS[s].filter((p) => !names.has(p)))))];
    const info = runInfo(ctx, { searched, specFixed: {} }, studyName, before, planned);
    onStart?.(info);
    return await runSteps(ctx, store, { ...options, studyName, seed, budget, names, prunerObj, t0, info, onTrial, timeout, nJobs, signal, doRefit, outDir });
  } finally {
    releaseContext(ctx);
  }
}

interface StepsRun extends TuneGbdtStepwiseOptions {
  studyName: string;
  seed: number;
  budget: Record<StepwiseStep, number>;
  names: ReadonlySet<string>;
  prunerObj: Pruner;
  t0: number;
  info: TuneRunInfo;
  doRefit: boolean;
}

/** Runs the steps in order, each from the best params so far, then refits and writes the outputs. */
async function runSteps(ctx: TuneContext, store: Storage, run: StepsRun): Promise<TuneGbdtStepwiseResult> {
  const { studyName, seed, budget, names, prunerObj, t0, info, onTrial, timeout, signal, doRefit, outDir, storage } = run;
  const nJobs = ctx.jobs.jobs;
  const time = timeout === undefined ? null : new TimeBudget(timeout, t0);
  const defaults: BoosterParams = {};
  for (const [k, v] of Object.entries(DEFAULTS)) if (!names.has(canonicalParamName(k) as string)) defaults[k] = v;
  let best: BoosterParams = { ...ctx.fixedParams, ...defaults };
  let bestValue: number | null = null;
  let bestTrial: FrozenTrial | null = null;
  let bestStudy: Study | null = null;
  const better = (v: number, than: number | null): boolean => than === null || (ctx.direction === 'maximize' ? v > than : v < than);
  const steps: TuneGbdtStepwiseResult['steps'] = [];
  let stopRequested = false; // a stop request (requestStudyStop on a step's study) ends the later steps too
  let states: TrialCounts = { complete: 0, pruned: 0, failed: 0 };
  let nTrials = 0;
  for (const step of STEPWISE_STEPS) {
    // a step without trials to run (no budget, or skipped: all its params fixed) is only read
    const { sampler, n, suggest } = budget[step] > 0 ? stepSpace(step, best, budget[step], seed, names) : { sampler: new RandomSampler({ seed }), n: 0, suggest: () => ({}) };
    const study = await loadStudy({ storage: store, studyName: `${studyName}:${step}`, sampler, pruner: prunerObj });
    const done = study.getTrials({ states: ['COMPLETE', 'PRUNED'] }).length;
    const base = best;
    if (n - done > 0 && time?.spent() !== true && signal?.aborted !== true && !stopRequested) {
      let running = bestValue;
      for (const t of study.getTrials({ states: ['COMPLETE'] })) if (better(t.values![0], running)) running = t.values![0];
      const report = (t: FrozenTrial, s: Study): void => {
        if (t.state === 'COMPLETE' && better(t.values![0], running)) running = t.values![0];
        onTrial?.(t, s, step, running);
      };
      const counts = await runTrials(ctx, study, (t) => ({ ...base, ...suggest(t) }), {
        nTrials: n - done,
        budget: time,
        refit: doRefit,
        outputs: outDir !== undefined,
        nJobs,
        onTrial: report,
        onStopRequest: () => {
          stopRequested = true;
        },
        ...(signal !== undefined ? { signal } : {}),
      });
      states = addCounts(states, counts);
    }
    await study.refresh();
    nTrials += study.trials.filter((t) => t.state !== 'RUNNING' && t.state !== 'WAITING').length;
    let stepBest: number | null = null;
    try {
      const bt = study.bestTrial;
      stepBest = bt.values![0];
      if (better(stepBest, bestValue)) {
        bestValue = stepBest;
        bestTrial = bt;
        bestStudy = study;
        best = { ...best, ...trialBoosterParams(bt).params };
      }
    } catch {
      // no completed trial in this step
    }
    steps.push({ step, nTrials: study.trials.length, bestValue: stepBest, study });
  }
  if (bestTrial === null || bestStudy === null) throw new TunerError(`stepwise tuning: no trial of study '${studyName}' completed; nothing to refit`);
  const { params, bestIteration } = trialBoosterParams(bestTrial);
  const fitParams = refitParams(ctx, params, bestIteration);
  const booster = doRefit ? refit(ctx, fitParams) : null;
  const file: BestParamsFile = {
    metric: ctx.metric,
    direction: ctx.direction,
    bestValue: bestValue as number,
    bestIteration,
    bestTrial: bestTrial.number,
    nFolds: ctx.nFolds,
    params: fitParams,
    trialParams: { ...bestTrial.params },
    fixedParams: { ...ctx.fixedParams },
  };
  const paths = outDir !== undefined ? writeTuneOutputs(outDir, steps.map((s) => [s.step, s.study] as const), file, booster, ctx.dataset) : {};
  if (outDir !== undefined) for (const s of steps) await recordOutputs(s.study, paths);
  if (typeof storage === 'string') paths.storage = storage;
  return {
    bestValue: bestValue as number,
    bestParams: { ...ctx.fixedParams, ...params },
    bestTrialParams: { ...bestTrial.params },
    bestIteration,
    metric: ctx.metric,
    direction: ctx.direction,
    nTrials,
    nTrialsRun: states.complete + states.pruned + states.failed,
    states,
    info,
    seconds: (performance.now() - t0) / 1000,
    study: bestStudy,
    booster,
    paths,
    steps,
  };
}
