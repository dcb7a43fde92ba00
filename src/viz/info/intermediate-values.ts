/**
 * Data of the intermediate values plot (Optuna's `plot_intermediate_values`): the learning curve
 * (reported step → value) of every COMPLETE, PRUNED or RUNNING trial that reported any.
 *
 * @example
 * ```ts
 * getIntermediateValuesInfo(study).lines[0]; // { number: 0, state: 'PRUNED', steps: [0, 1], values: [0.9, 0.8] }
 * ```
 */
import type { TrialState } from '../../tune/trial/frozen-trial.js';
import type { VizStudy } from './common.js';

/** See {@link getIntermediateValuesInfo}. */
export interface IntermediateValuesInfo {
  lines: { number: number; state: TrialState; steps: number[]; values: number[] }[];
}

/** Computes the learning curves, steps ascending. */
export function getIntermediateValuesInfo(study: VizStudy): IntermediateValuesInfo {
  const lines: IntermediateValuesInfo['lines'] = [];
  for (const t of study.trials) {
    if (!(t.state === 'COMPLETE' || t.state === 'PRUNED' || t.state === 'RUNNING')) continue;
    if (t.intermediateValues.size === 0) continue;
    const steps = [...t.intermediateValues.keys()].sort((a, b) => a - b);
    lines.push({ number: t.number, state: t.state, steps, values: steps.map((s) => t.intermediateValues.get(s)!) });
  }
  return { lines };
}
