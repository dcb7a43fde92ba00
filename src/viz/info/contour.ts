/**
 * Data of the contour plot (Optuna's `plot_contour`): for each pair of params, the trials that
 * have both, and the target interpolated on a grid over the pair's axes (in log space for log
 * params, by choice index for categoricals). Optuna interpolates with scipy's `griddata`; here an
 * inverse-distance-weighted average of the trials (power 2, in axis units scaled to [0, 1]) fills
 * every cell, which needs no triangulation and degrades gently with few trials.
 *
 * Reference: Shepard, "A two-dimensional interpolation function for irregularly-spaced data" (1968).
 *
 * @example
 * ```ts
 * const { subplots } = getContourInfo(study, { params: ['x', 'y'] });
 * subplots[0].grid.z[0][0]; // the interpolated value at the lower-left cell
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { FrozenTrial } from '../../tune/trial/frozen-trial.js';
import { axisValue, completeTrials, paramAxis, paramNames, resolveTarget, type ParamAxis, type TargetOptions, type VizStudy } from './common.js';

/** Options of {@link getContourInfo}. */
export interface ContourOptions extends TargetOptions {
  /** Params to pair. Default: all, sorted. */
  params?: readonly string[];
  /** Grid cells per axis. Default 30. */
  resolution?: number;
}

/**
 * A cell grid: `z[iy][ix]` is the value at (`xs[ix]`, `ys[iy]`), in axis units (category index for
 * categoricals); NaN in the cells of a category no trial of the pair has (e.g. a conditional param).
 */
export interface ContourGrid {
  xs: number[];
  ys: number[];
  z: number[][];
}

/** One pair of params. */
export interface ContourSubplot {
  xAxis: ParamAxis;
  yAxis: ParamAxis;
  points: { x: number | string; y: number | string; value: number; number: number }[];
  grid: ContourGrid | null;
}

/** See {@link getContourInfo}. */
export interface ContourInfo {
  targetName: string;
  /** True when smaller is better (the color scale is reversed, as Optuna's). */
  minimize: boolean;
  zMin: number;
  zMax: number;
  subplots: ContourSubplot[];
}

/** Computes the contour data for every pair of the params (x before y in the given order). */
export function getContourInfo(study: VizStudy, { params, target, targetName, resolution = 30 }: ContourOptions = {}): ContourInfo {
  const { value, name } = resolveTarget(study, { target, targetName }, 'plotContour');
  const { trials, values } = completeTrials(study, value);
  const names = paramNames(trials, params, 'plotContour');
  if (params !== undefined && names.length < 2) throw new TunerError('plotContour: give at least two params');
  const subplots: ContourSubplot[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      subplots.push(pair(trials, values, names[i], names[j], resolution));
    }
  }
  let zMin = Infinity;
  let zMax = -Infinity;
  for (const v of values) {
    zMin = Math.min(zMin, v);
    zMax = Math.max(zMax, v);
  }
  return { targetName: name, minimize: target !== undefined || study.directions[0] === 'MINIMIZE', zMin, zMax, subplots };
}

/** Axis coordinate in [0, 1] used for distances, and the grid's cell centres in axis units. */
function scaler(axis: ParamAxis, resolution: number): { unit: (v: unknown) => number; centres: number[]; unitOf: (c: number) => number } {
  if (axis.scale === 'category') {
    const cats = axis.categories!;
    const k = Math.max(1, cats.length - 1);
    const index = new Map(cats.map((c, i) => [c, i]));
    return { unit: (v) => (index.get(v as string) ?? 0) / k, centres: cats.map((_, i) => i), unitOf: (c) => c / k };
  }
  const log = axis.scale === 'log';
  const f = (x: number) => (log ? Math.log(x) : x);
  const a = f(axis.min!);
  const b = f(axis.max!);
  const w = b > a ? b - a : 1;
  const centres: number[] = [];
  for (let c = 0; c < resolution; c++) {
    const u = (c + 0.5) / resolution;
    const z = a + u * (b - a);
    centres.push(log ? Math.exp(z) : z);
  }
  return { unit: (v) => (f(v as number) - a) / w, centres, unitOf: (c) => (f(c) - a) / w };
}

function pair(trials: readonly FrozenTrial[], values: readonly number[], px: string, py: string, resolution: number): ContourSubplot {
  const sub = trials.filter((t) => px in t.params && py in t.params);
  const xAxis = paramAxis(sub, px);
  const yAxis = paramAxis(sub, py);
  const points: ContourSubplot['points'] = [];
  const vals: number[] = [];
  for (let i = 0; i < trials.length; i++) {
    const t = trials[i];
    if (!(px in t.params && py in t.params)) continue;
    points.push({ x: axisValue(xAxis, t.params[px]!), y: axisValue(yAxis, t.params[py]!), value: values[i], number: t.number });
    vals.push(values[i]);
  }
  if (points.length === 0) return { xAxis, yAxis, points, grid: null };
  const sx = scaler(xAxis, resolution);
  const sy = scaler(yAxis, resolution);
  const n = points.length;
  const ux = new Float64Array(n);
  const uy = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    ux[k] = sx.unit(points[k].x);
    uy[k] = sy.unit(points[k].y);
  }
  const usedX = usedCategories(xAxis, points.map((p) => p.x));
  const usedY = usedCategories(yAxis, points.map((p) => p.y));
  const z: number[][] = [];
  for (let iy = 0; iy < sy.centres.length; iy++) {
    const gy = sy.unitOf(sy.centres[iy]);
    const row: number[] = [];
    for (let ix = 0; ix < sx.centres.length; ix++) {
      if ((usedX !== null && !usedX.has(ix)) || (usedY !== null && !usedY.has(iy))) {
        row.push(NaN);
        continue;
      }
      const gx = sx.unitOf(sx.centres[ix]);
      // inlined inverse-distance weighting: one pass over the trials per cell
      let wsum = 0;
      let vsum = 0;
      let exact = NaN;
      for (let k = 0; k < n; k++) {
        const dx = ux[k] - gx;
        const dy = uy[k] - gy;
        const d2 = dx * dx + dy * dy;
        if (d2 < 1e-18) {
          exact = vals[k];
          break;
        }
        const w = 1 / d2;
        wsum += w;
        vsum += w * vals[k];
      }
      row.push(Number.isNaN(exact) ? vsum / wsum : exact);
    }
    z.push(row);
  }
  return { xAxis, yAxis, points, grid: { xs: sx.centres, ys: sy.centres, z } };
}

/** For a category axis, the indices of the categories the points use; null for numeric axes. */
function usedCategories(axis: ParamAxis, values: readonly (number | string)[]): Set<number> | null {
  if (axis.scale !== 'category') return null;
  const index = new Map((axis.categories ?? []).map((c, i) => [c, i]));
  const out = new Set<number>();
  for (const v of values) {
    const i = index.get(v as string);
    if (i !== undefined) out.add(i);
  }
  return out;
}
