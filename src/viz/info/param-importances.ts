/**
 * Data of the param importances plot (Optuna's `plot_param_importances`): the importances of each
 * param, one set per objective for multi-objective studies (or one for a custom target).
 *
 * @example
 * ```ts
 * getParamImportancesInfo(study).objectives[0].importances; // [{ param: 'lr', importance: 0.7 }, ...]
 * ```
 */
import { getParamImportances } from '../../tune/importance/param-importances.js';
import type { ImportanceEvaluatorName } from '../../tune/importance/registry.js';
import type { ImportanceEvaluator } from '../../tune/importance/encode.js';
import type { FrozenTrial } from '../../tune/trial/frozen-trial.js';
import type { VizStudy } from './common.js';

/** Options of {@link getParamImportancesInfo}. */
export interface ParamImportancesPlotOptions {
  /** Default fANOVA with seed 0. */
  evaluator?: ImportanceEvaluator | ImportanceEvaluatorName;
  /** Default: every param all COMPLETE trials have. */
  params?: readonly string[];
  /** Default: each objective in turn. */
  target?: (t: FrozenTrial) => number;
  /** Default 'Objective Value' (or the metric names). */
  targetName?: string;
}

/** See {@link getParamImportancesInfo}. */
export interface ParamImportancesInfo {
  objectives: { targetName: string; importances: { param: string; importance: number }[] }[];
}

/** Computes normalized importances per objective (sorted from the most important). */
export function getParamImportancesInfo(
  study: VizStudy,
  { evaluator, params, target, targetName }: ParamImportancesPlotOptions = {},
): ParamImportancesInfo {
  const st = { trials: study.trials, directions: study.directions };
  const targets: { fn: ((t: FrozenTrial) => number) | undefined; name: string }[] = [];
  if (target !== undefined || study.directions.length === 1) {
    targets.push({ fn: target, name: targetName ?? (target === undefined ? study.metricNames?.[0] : undefined) ?? 'Objective Value' });
  } else {
    for (let i = 0; i < study.directions.length; i++) {
      targets.push({ fn: (t) => (t.values as readonly number[])[i], name: study.metricNames?.[i] ?? `Objective ${i}` });
    }
  }
  const hasComplete = study.trials.some((t) => t.state === 'COMPLETE');
  return {
    objectives: targets.map(({ fn, name }) => {
      const imp = hasComplete ? getParamImportances(st, { evaluator, params, target: fn }) : {};
      return { targetName: name, importances: Object.entries(imp).map(([param, importance]) => ({ param, importance })) };
    }),
  };
}
