/**
 * Data of the Pareto front plot (Optuna's `plot_pareto_front`): the COMPLETE trials' objective
 * values, split into the Pareto front (best trials) and the dominated ones.
 *
 * @example
 * ```ts
 * const info = getParetoFrontInfo(study);
 * info.best.map((p) => p.number); // the trials on the front
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { paretoFrontTrials } from '../../tune/multi-objective.js';
import type { FrozenTrial } from '../../tune/trial/frozen-trial.js';
import type { VizStudy } from './common.js';

/** Options of {@link getParetoFrontInfo}. */
export interface ParetoFrontOptions {
  /** Objective names. Default: the study's metric names or 'Objective 0', 'Objective 1', ... */
  targetNames?: readonly string[];
  /** Draw the dominated trials too. Default true. */
  includeDominatedTrials?: boolean;
}

/** See {@link getParetoFrontInfo}. */
export interface ParetoFrontInfo {
  targetNames: string[];
  directions: string[];
  best: { number: number; values: number[] }[];
  dominated: { number: number; values: number[] }[];
}

/** Computes the front of a study with two or more objectives. */
export function getParetoFrontInfo(study: VizStudy, { targetNames, includeDominatedTrials = true }: ParetoFrontOptions = {}): ParetoFrontInfo {
  const m = study.directions.length;
  if (m < 2) throw new TunerError('plotParetoFront: the study has one objective; a Pareto front needs two or more');
  if (targetNames !== undefined && targetNames.length !== m) {
    throw new TunerError(`plotParetoFront: give ${m} targetNames, one per objective; got ${targetNames.length}`);
  }
  const names = targetNames !== undefined ? [...targetNames] : (study.metricNames ?? Array.from({ length: m }, (_, i) => `Objective ${i}`));
  const front = paretoFrontTrials(study.trials, study.directions);
  const onFront = new Set(front.map((t) => t.number));
  const point = (t: FrozenTrial) => ({ number: t.number, values: [...(t.values as number[])] });
  const dominated = includeDominatedTrials
    ? study.trials.filter((t) => t.state === 'COMPLETE' && t.values !== null && !onFront.has(t.number)).map(point)
    : [];
  return { targetNames: names, directions: [...study.directions], best: front.map(point), dominated };
}
