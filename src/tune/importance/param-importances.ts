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
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { ImportanceEvaluator, ImportanceStudy } from './encode.js';
import { FanovaImportanceEvaluator } from './fanova.js';
import { createImportanceEvaluator, type ImportanceEvaluatorName } from './registry.js';

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
