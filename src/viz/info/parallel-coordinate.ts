/**
 * Data of the parallel coordinate plot (Optuna's `plot_parallel_coordinate`): one line per COMPLETE
 * trial through the target and each param axis. Only trials that have every drawn param are drawn
 * (as Optuna does), so conditional params should be chosen with `params`.
 *
 * @example
 * ```ts
 * getParallelCoordinateInfo(study).dimensions.map((d) => d.name); // ['Objective Value', 'depth', 'lr']
 * ```
 */
import { axisValue, completeTrials, paramAxis, paramNames, resolveTarget, type ParamAxis, type TargetOptions, type VizStudy } from './common.js';

/** Options of {@link getParallelCoordinateInfo}. */
export interface ParallelCoordinateOptions extends TargetOptions {
  /** Params to draw. Default: all, sorted. */
  params?: readonly string[];
}

/** See {@link getParallelCoordinateInfo}. */
export interface ParallelCoordinateInfo {
  targetName: string;
  minimize: boolean;
  /** The target first (its range rounded outward to 3 significant digits), then each param's axis. */
  dimensions: { name: string; axis: ParamAxis | null; min: number | null; max: number | null }[];
  /** Per line: the trial number and one entry per dimension. */
  lines: { number: number; values: (number | string)[] }[];
}

/** Computes the parallel coordinate data. */
export function getParallelCoordinateInfo(study: VizStudy, { params, target, targetName }: ParallelCoordinateOptions = {}): ParallelCoordinateInfo {
  const { value, name } = resolveTarget(study, { target, targetName }, 'plotParallelCoordinate');
  const { trials, values } = completeTrials(study, value);
  const names = paramNames(trials, params, 'plotParallelCoordinate');
  const keep: number[] = [];
  for (let i = 0; i < trials.length; i++) if (names.every((p) => p in trials[i].params)) keep.push(i);
  const kept = keep.map((i) => trials[i]);
  const axes = names.map((p) => paramAxis(kept, p));
  let lo = Infinity;
  let hi = -Infinity;
  for (const i of keep) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  return {
    targetName: name,
    minimize: target !== undefined || study.directions[0] === 'MINIMIZE',
    dimensions: [
      { name, axis: null, min: keep.length > 0 ? niceDown(lo) : null, max: keep.length > 0 ? niceUp(hi) : null },
      ...axes.map((a) => ({ name: a.param, axis: a, min: a.min, max: a.max })),
    ],
    lines: keep.map((i) => ({
      number: trials[i].number,
      values: [values[i], ...axes.map((a) => axisValue(a, trials[i].params[a.param]!))],
    })),
  };
}

/** `x` rounded down to 3 significant digits (an axis end that reads well and holds every value). */
export function niceDown(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const p = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2);
  return Number((Math.floor(x / p) * p).toPrecision(3));
}

/** `x` rounded up to 3 significant digits. */
export function niceUp(x: number): number {
  return -niceDown(-x);
}
