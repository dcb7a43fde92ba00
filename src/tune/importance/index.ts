/**
 * Hyperparameter importance (Optuna's `optuna.importance.get_param_importances`): which params
 * explain the objective, by fANOVA (default), mean decrease impurity or PED-ANOVA.
 *
 * @example
 * ```ts
 * const imp = getParamImportances(study); // { lr: 0.62, num_leaves: 0.25, ... }, sums to 1
 * getParamImportances(study, { evaluator: new PedAnovaImportanceEvaluator(), params: ['lr', 'depth'] });
 * ```
 */
import { Registry, type RegistryOptionsArg } from '../../core/registry.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { ImportanceEvaluator, ImportanceStudy } from './encode.js';
import { FanovaImportanceEvaluator, type FanovaOptions } from './fanova.js';
import { MeanDecreaseImpurityImportanceEvaluator, type MdiOptions } from './mdi.js';
import { PedAnovaImportanceEvaluator, type PedAnovaOptions } from './ped-anova.js';

export type { EvaluateOptions, ImportanceEvaluator, ImportanceStudy } from './encode.js';
export { FanovaImportanceEvaluator, type FanovaOptions } from './fanova.js';
export { MeanDecreaseImpurityImportanceEvaluator, type MdiOptions } from './mdi.js';
export { PedAnovaImportanceEvaluator, type PedAnovaOptions } from './ped-anova.js';

/** Options accepted by {@link createImportanceEvaluator}, per name: the options of the evaluator's class. */
export interface ImportanceEvaluatorOptionsByName {
  fanova: FanovaOptions;
  mdi: MdiOptions;
  'ped-anova': PedAnovaOptions;
}
export type ImportanceEvaluatorName = keyof ImportanceEvaluatorOptionsByName;

/** The evaluators by name, with the spellings each accepts (any case: Optuna's class names too). */
export const EVALUATORS = new Registry<ImportanceEvaluatorOptionsByName, ImportanceEvaluator>('importance evaluator', {
  fanova: { create: (o) => new FanovaImportanceEvaluator(o), aliases: ['FanovaImportanceEvaluator'] },
  mdi: { create: (o) => new MeanDecreaseImpurityImportanceEvaluator(o), aliases: ['MeanDecreaseImpurityImportanceEvaluator'] },
  'ped-anova': { create: (o) => new PedAnovaImportanceEvaluator(o), aliases: ['ped_anova', 'pedanova', 'PedAnovaImportanceEvaluator'] },
});

/** Registry names of the evaluators. */
export const IMPORTANCE_EVALUATORS: readonly ImportanceEvaluatorName[] = EVALUATORS.names;

/** Options of {@link getParamImportances}. */
export interface ParamImportancesOptions {
  /** An evaluator or its name. Default `new FanovaImportanceEvaluator({ seed: 0 })`. */
  evaluator?: ImportanceEvaluator | ImportanceEvaluatorName;
  /** Params to evaluate. Default: those every COMPLETE trial has. */
  params?: readonly string[];
  /** The value to explain. Default: the objective value (required with several objectives). */
  target?: (t: FrozenTrial) => number;
  /** Scale the importances to sum to 1. Default true. */
  normalize?: boolean;
}

/**
 * Turns an evaluator name into an evaluator, with the options of its class (default seed 0).
 * Throws an `UnknownNameError` for other names, naming the known ones and the nearest.
 *
 * @example
 * ```ts
 * const ev = createImportanceEvaluator('fanova', { nTrees: 32, seed: 1 });
 * ```
 */
export function createImportanceEvaluator<N extends string>(name: N, ...options: RegistryOptionsArg<ImportanceEvaluatorOptionsByName, N>): ImportanceEvaluator {
  return EVALUATORS.create(name, ...options);
}

/**
 * Param importances, sorted from the most important, normalized to sum 1 by default.
 *
 * @example
 * ```ts
 * getParamImportances(study, { evaluator: 'mdi', normalize: false });
 * ```
 */
export function getParamImportances(
  study: ImportanceStudy,
  { evaluator, params, target, normalize = true }: ParamImportancesOptions = {},
): Record<string, number> {
  const ev = evaluator === undefined ? new FanovaImportanceEvaluator({ seed: 0 }) : typeof evaluator === 'string' ? createImportanceEvaluator(evaluator) : evaluator;
  const raw = ev.evaluate(study, { params, target });
  if (!normalize) return raw;
  let sum = 0;
  for (const v of Object.values(raw)) sum += v;
  const out: Record<string, number> = {};
  const keys = Object.keys(raw);
  for (const k of keys) out[k] = sum > 0 ? raw[k] / sum : 1 / keys.length;
  return out;
}
