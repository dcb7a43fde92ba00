/**
 * The steps of `tuneGbdtStepwise` (Optuna's LightGBMTuner order, anchor
 * `optuna/integration/_lightgbm_tuner/optimize.py`): what each step searches, with which sampler,
 * and how many trials it gets — Optuna's fixed counts, or a share of a total budget.
 */
import { canonicalParamName } from '../params/resolve.js';
import type { Sampler } from '../tune/samplers/base.js';
import { GridSampler } from '../tune/samplers/grid.js';
import { TPESampler } from '../tune/samplers/tpe/sampler.js';
import type { Trial } from '../tune/trial/trial.js';
import type { BoosterParams } from './search-space.js';

/** The stepwise steps, in order. */
export const STEPWISE_STEPS = ['feature_fraction', 'num_leaves', 'bagging', 'feature_fraction_stage2', 'regularization_factors', 'min_data_in_leaf'] as const;
export type StepwiseStep = (typeof STEPWISE_STEPS)[number];

/** Optuna's trial count per step (grids: their size); 68 in all. */
export const STEPWISE_TRIALS: Readonly<Record<StepwiseStep, number>> = {
  feature_fraction: 7,
  num_leaves: 20,
  bagging: 10,
  feature_fraction_stage2: 6,
  regularization_factors: 20,
  min_data_in_leaf: 5,
};

/** The booster params (canonical names) each step searches. */
export const STEP_PARAMS: Readonly<Record<StepwiseStep, readonly string[]>> = {
  feature_fraction: ['feature_fraction'],
  num_leaves: ['num_leaves'],
  bagging: ['bagging_fraction', 'bagging_freq'],
  feature_fraction_stage2: ['feature_fraction'],
  regularization_factors: ['lambda_l1', 'lambda_l2'],
  min_data_in_leaf: ['min_data_in_leaf'],
};

/** Grid steps run at most their grid. */
const GRID_SIZE: Partial<Record<StepwiseStep, number>> = { feature_fraction: 7, feature_fraction_stage2: 6, min_data_in_leaf: 5 };

/**
 * Trials per step for a total budget `nTrials`: shared in proportion to Optuna's counts
 * ({@link STEPWISE_TRIALS}) by the D'Hondt rule (each next trial goes to the step with the largest
 * `count / (given + 1)`, ties to the earlier step), a grid step getting at most its grid, and a
 * skipped step nothing. With 68 (Optuna's total) every step gets Optuna's count; without
 * `nTrials`, Optuna's counts.
 *
 * @example
 * ```ts
 * stepwiseBudget(34, new Set()); // { feature_fraction: 3, num_leaves: 11, bagging: 5, feature_fraction_stage2: 3, regularization_factors: 10, min_data_in_leaf: 2 }
 * ```
 */
export function stepwiseBudget(nTrials: number | undefined, skip: ReadonlySet<StepwiseStep>): Record<StepwiseStep, number> {
  const out = {} as Record<StepwiseStep, number>;
  for (const s of STEPWISE_STEPS) out[s] = skip.has(s) ? 0 : nTrials === undefined ? STEPWISE_TRIALS[s] : 0;
  if (nTrials === undefined) return out;
  for (let seat = 0; seat < nTrials; seat++) {
    let pick: StepwiseStep | null = null;
    let pickQ = -1;
    for (const s of STEPWISE_STEPS) {
      if (skip.has(s) || out[s] >= (GRID_SIZE[s] ?? Infinity)) continue;
      const q = STEPWISE_TRIALS[s] / (out[s] + 1);
      if (q > pickQ) {
        pick = s;
        pickQ = q;
      }
    }
    if (pick === null) break;
    out[pick]++;
  }
  return out;
}

/** The steps that have nothing left to search: every param they search is fixed (canonical names). */
export function skippedSteps(fixed: ReadonlySet<string>): Set<StepwiseStep> {
  return new Set(STEPWISE_STEPS.filter((s) => STEP_PARAMS[s].every((p) => fixed.has(p))));
}

/** How a step's search is recorded in its study (see study-identity.ts). */
export function describeStep(step: StepwiseStep, fixed: ReadonlySet<string>): Record<string, string> {
  const all: Record<string, string> = {
    feature_fraction: step === 'feature_fraction' ? 'grid 0.4..1, 7 points' : 'grid of 6 points within ±0.08 of the best',
    num_leaves: 'int 2..256',
    bagging_fraction: 'float 0.4..1',
    bagging_freq: 'int 1..7',
    lambda_l1: 'float 1e-8..10 log',
    lambda_l2: 'float 1e-8..10 log',
    min_data_in_leaf: 'grid 5, 10, 25, 50, 100',
  };
  const out: Record<string, string> = { step };
  for (const p of STEP_PARAMS[step]) if (!fixed.has(p)) out[p] = all[p];
  return out;
}

function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(a + ((b - a) * i) / (n - 1));
  return out;
}

/**
 * The sampler and the suggest function of one step, given the best params so far; params in
 * `fixed` (canonical names) are not suggested.
 */
export function stepSpace(
  step: StepwiseStep,
  best: BoosterParams,
  nTrials: number,
  seed: number,
  fixed: ReadonlySet<string>,
): { sampler: Sampler; n: number; suggest: (t: Trial) => BoosterParams } {
  const tpe = (): Sampler => new TPESampler({ seed });
  const free = (name: string): boolean => !fixed.has(canonicalParamName(name) ?? name);
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
        suggest: (t) => ({
          ...(free('bagging_fraction') ? { bagging_fraction: t.suggestFloat('bagging_fraction', 0.4, 1) } : {}),
          ...(free('bagging_freq') ? { bagging_freq: t.suggestInt('bagging_freq', 1, 7) } : {}),
        }),
      };
    case 'regularization_factors':
      return {
        sampler: tpe(),
        n: nTrials,
        suggest: (t) => ({
          ...(free('lambda_l1') ? { lambda_l1: t.suggestFloat('lambda_l1', 1e-8, 10, { log: true }) } : {}),
          ...(free('lambda_l2') ? { lambda_l2: t.suggestFloat('lambda_l2', 1e-8, 10, { log: true }) } : {}),
        }),
      };
    case 'min_data_in_leaf': {
      const grid = [5, 10, 25, 50, 100].slice(0, nTrials);
      return { sampler: new GridSampler({ min_child_samples: grid }, { seed }), n: grid.length, suggest: (t) => ({ min_child_samples: t.suggestInt('min_child_samples', 5, 100) }) };
    }
  }
}
