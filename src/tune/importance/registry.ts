/**
 * The importance evaluator registry: a name (or Optuna's class name, in any case) to an evaluator,
 * built from the options of its class. {@link getParamImportances} resolves its `evaluator` name here.
 *
 * @example
 * ```ts
 * const ev = createImportanceEvaluator('ped-anova', { baselineQuantile: 0.1 });
 * IMPORTANCE_EVALUATORS; // ['fanova', 'mdi', 'ped-anova']
 * ```
 */
import { Registry, type RegistryOptionsArg } from '../../core/registry.js';
import type { ImportanceEvaluator } from './encode.js';
import { FanovaImportanceEvaluator, type FanovaOptions } from './fanova.js';
import { MeanDecreaseImpurityImportanceEvaluator, type MdiOptions } from './mdi.js';
import { PedAnovaImportanceEvaluator, type PedAnovaOptions } from './ped-anova.js';

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
