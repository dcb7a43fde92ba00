/**
 * Data of the slice plot (Optuna's `plot_slice`): for each param, the target value of every
 * COMPLETE trial that has the param (conditional params only where present), on the param's axis.
 *
 * @example
 * ```ts
 * getSliceInfo(study, { params: ['lr'] }).subplots[0]; // { axis: { scale: 'log', ... }, points: [...] }
 * ```
 */
import { axisValue, completeTrials, paramAxis, paramNames, resolveTarget, type ParamAxis, type TargetOptions, type VizStudy } from './common.js';

/** Options of {@link getSliceInfo}. */
export interface SliceOptions extends TargetOptions {
  /** Params to draw. Default: all, sorted. */
  params?: readonly string[];
}

/** One point: the param's value (label for categoricals), the target value and the trial number. */
export interface SlicePoint {
  x: number | string;
  y: number;
  number: number;
}

/** See {@link getSliceInfo}. */
export interface SliceInfo {
  targetName: string;
  subplots: { axis: ParamAxis; points: SlicePoint[] }[];
}

/** Computes the slice data. */
export function getSliceInfo(study: VizStudy, { params, target, targetName }: SliceOptions = {}): SliceInfo {
  const { value, name } = resolveTarget(study, { target, targetName }, 'plotSlice');
  const { trials, values } = completeTrials(study, value);
  const names = paramNames(trials, params, 'plotSlice');
  return {
    targetName: name,
    subplots: names.map((p) => {
      const axis = paramAxis(trials, p);
      const points: SlicePoint[] = [];
      for (let i = 0; i < trials.length; i++) {
        const t = trials[i];
        if (!(p in t.params)) continue;
        points.push({ x: axisValue(axis, t.params[p]!), y: values[i], number: t.number });
      }
      return { axis, points };
    }),
  };
}
