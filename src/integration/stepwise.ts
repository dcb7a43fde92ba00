/**
 * `tuneGbdtStepwise`: Optuna's LightGBMTuner/LightGBMTunerCV order (anchor
 * `optuna/integration/_lightgbm_tuner/optimize.py`): feature_fraction on a 7-point grid 0.4..1,
 * num_leaves 2..256 by TPE (20 trials), bagging_fraction/bagging_freq by TPE (10), feature_fraction
 * again on a 6-point grid ±0.08 around the best (stage 2), lambda_l1/lambda_l2 log 1e-8..10 by TPE
 * (20), min_child_samples on the grid 5, 10, 25, 50, 100. Each step starts from the best params so
 * far; each step is its own study (`<studyName>:<step>`) in one storage, so a stopped run resumes
 * where it stopped (a step's finished trials count towards its budget).
 */
import type { Dataset } from '../data/dataset.js';
import { GridSampler } from '../tune/samplers/grid.js';
import { TPESampler } from '../tune/samplers/tpe/sampler.js';
import type { Sampler } from '../tune/samplers/base.js';
import type { Storage } from '../tune/storages/base.js';
import { getStorage } from '../tune/storages/index.js';
import { createStudy } from '../tune/study/create-study.js';
import type { Study } from '../tune/study/study.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';
import type { Trial } from '../tune/trial/trial.js';
import { prepareContext, releaseContext, trialBoosterParams, refit, refitParams, type TuneDataOptions } from './context.js';
import { writeTuneOutputs, type BestParamsFile } from './output.js';
import type { BoosterParams } from './search-space.js';
import { resolveTunePruner, runTrials, type TuneGbdtResult } from './tune.js';
import type { Pruner } from '../tune/pruners/base.js';

/** The stepwise steps, in order. */
export const STEPWISE_STEPS = ['feature_fraction', 'num_leaves', 'bagging', 'feature_fraction_stage2', 'regularization_factors', 'min_data_in_leaf'] as const;
export type StepwiseStep = (typeof STEPWISE_STEPS)[number];

/** Optuna's trial count per step (grids: their size). */
export const STEPWISE_TRIALS: Readonly<Record<StepwiseStep, number>> = {
  feature_fraction: 7,
  num_leaves: 20,
  bagging: 10,
  feature_fraction_stage2: 6,
  regularization_factors: 20,
  min_data_in_leaf: 5,
};

/** Options of {@link tuneGbdtStepwise}. */
export interface TuneGbdtStepwiseOptions extends TuneDataOptions {
  /** Trials per step (overrides {@link STEPWISE_TRIALS}; a grid step runs at most its grid). Default Optuna's. */
  stepTrials?: Partial<Record<StepwiseStep, number>>;
  /** Stop starting trials after this many seconds over all steps. Default none. */
  timeout?: number;
  /** A pruner or its name. Default as tuneGbdt. */
  pruner?: Pruner | string;
  storage?: string | Storage;
  /** Default 'gbtune-stepwise'. */
  studyName?: string;
  nJobs?: number;
  refit?: boolean;
  onTrial?: (trial: FrozenTrial, study: Study, step: StepwiseStep) => void;
  outDir?: string;
  signal?: AbortSignal;
}

/** What {@link tuneGbdtStepwise} returns: tuneGbdt's result plus the steps. */
export interface TuneGbdtStepwiseResult extends TuneGbdtResult {
  steps: { step: StepwiseStep; nTrials: number; bestValue: number | null; study: Study }[];
}

const DEFAULTS: BoosterParams = { lambda_l1: 0, lambda_l2: 0, num_leaves: 31, feature_fraction: 1, bagging_fraction: 1, bagging_freq: 0, min_child_samples: 20 };

function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(a + ((b - a) * i) / (n - 1));
  return out;
}

/** The sampler and the suggest function of one step, given the best params so far. */
function stepSpace(step: StepwiseStep, best: BoosterParams, nTrials: number, seed: number): { sampler: Sampler; n: number; suggest: (t: Trial) => BoosterParams } {
  const tpe = (): Sampler => new TPESampler({ seed });
  switch (step) {
    case 'feature_fraction': {
      const grid = linspace(0.4, 1, 7).slice(0, nTrials);
      return { sampler: new GridSampler({ feature_fraction: grid }, { seed }), n: grid.length, suggest: (t) => ({ feature_fraction: t.suggestFloat('feature_fraction', 0.4, 1) }) };
    }
    case 'feature_fraction_stage2': {
      const ff = best.feature_fraction as number;
      const grid = linspace(ff - 0.08, ff + 0.08, 6).filter((v) => v >= 0.4 && v <= 1).slice(0, nTrials);
      return { sampler: new GridSampler({ feature_fraction: grid }, { seed }), n: grid.length, suggest: (t) => ({ feature_fraction: t.suggestFloat('feature_fraction', 0.4, 1) }) };
    }
    case 'num_leaves':
      return { sampler: tpe(), n: nTrials, suggest: (t) => ({ num_leaves: t.suggestInt('num_leaves', 2, 256) }) };
    case 'bagging':
      return {
        sampler: tpe(),
        n: nTrials,
        suggest: (t) => ({ bagging_fraction: t.suggestFloat('bagging_fraction', 0.4, 1), bagging_freq: t.suggestInt('bagging_freq', 1, 7) }),
      };
    case 'regularization_factors':
      return {
        sampler: tpe(),
        n: nTrials,
        suggest: (t) => ({ lambda_l1: t.suggestFloat('lambda_l1', 1e-8, 10, { log: true }), lambda_l2: t.suggestFloat('lambda_l2', 1e-8, 10, { log: true }) }),
      };
    case 'min_data_in_leaf': {
      const grid = [5, 10, 25, 50, 100].slice(0, nTrials);
      return { sampler: new GridSampler({ min_child_samples: grid }, { seed }), n: grid.length, suggest: (t) => ({ min_child_samples: t.suggestInt('min_child_samples', 5, 100) }) };
    }
  }
}

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
  const { stepTrials = {}, timeout, pruner, storage, studyName = 'gbtune-stepwise', nJobs = 1, refit: doRefit = true, onTrial, outDir, signal } = options;
  const seed = options.seed ?? 0;
  const ctx = await prepareContext(data, options, nJobs);
  const store = await getStorage(storage);
  try {
    let best: BoosterParams = { ...DEFAULTS, ...(options.params ?? {}) };
    let bestValue: number | null = null;
    let bestTrial: FrozenTrial | null = null;
    let bestStudy: Study | null = null;
    const better = (v: number): boolean => bestValue === null || (ctx.direction === 'maximize' ? v > bestValue : v < bestValue);
    const steps: TuneGbdtStepwiseResult['steps'] = [];
    let nTrialsRun = 0;
    let nTrials = 0;
    for (const step of STEPWISE_STEPS) {
      const { sampler, n, suggest } = stepSpace(step, best, stepTrials[step] ?? STEPWISE_TRIALS[step], seed);
      const study = await createStudy({ direction: ctx.direction, sampler, pruner: resolveTunePruner(pruner), storage: store, studyName: `${studyName}:${step}`, loadIfExists: true });
      const done = study.getTrials({ states: ['COMPLETE', 'PRUNED'] }).length;
      const base = best;
      const left = timeout === undefined ? undefined : timeout - (performance.now() - t0) / 1000;
      if (n - done > 0 && (left === undefined || left > 0) && signal?.aborted !== true) {
        nTrialsRun += await runTrials(ctx, study, (t) => ({ ...base, ...suggest(t) }), {
          nTrials: n - done,
          ...(left !== undefined ? { timeout: left } : {}),
          nJobs,
          ...(onTrial !== undefined ? { onTrial: (t: FrozenTrial, s: Study) => onTrial(t, s, step) } : {}),
          ...(signal !== undefined ? { signal } : {}),
        });
      }
      await study.refresh();
      nTrials += study.trials.filter((t) => t.state !== 'RUNNING' && t.state !== 'WAITING').length;
      let stepBest: number | null = null;
      try {
        const bt = study.bestTrial;
        stepBest = bt.values![0]!;
        if (better(stepBest)) {
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
    if (bestTrial === null || bestStudy === null) throw new Error('stepwise tuning: no trial completed');
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
    };
    const paths = outDir !== undefined ? writeTuneOutputs(outDir, steps.map((s) => [s.step, s.study] as const), file, booster) : {};
    if (typeof storage === 'string') paths.storage = storage;
    return {
      bestValue: bestValue as number,
      bestParams: params,
      bestTrialParams: { ...bestTrial.params },
      bestIteration,
      metric: ctx.metric,
      direction: ctx.direction,
      nTrials,
      nTrialsRun,
      seconds: (performance.now() - t0) / 1000,
      study: bestStudy,
      booster,
      paths,
      steps,
    };
  } finally {
    releaseContext(ctx);
  }
}
