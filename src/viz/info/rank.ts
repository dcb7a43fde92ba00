/**
 * Data of the rank plot (Optuna's `plot_rank`): for each pair of params (or the single param
 * against the target), every COMPLETE trial that has them, colored by the rank of its target value
 * (0 = best, 1 = worst, ties share the mean rank).
 *
 * @example
 * ```ts
 * getRankInfo(study, { params: ['x', 'y'] }).subplots[0].points[0].rank; // in [0, 1]
 * ```
 */
import type { FrozenTrial } from '../../tune/trial/frozen-trial.js';
import { axisValue, completeTrials, paramAxis, paramNames, resolveTarget, type ParamAxis, type TargetOptions, type VizStudy } from './common.js';

/** Options of {@link getRankInfo}. */
export interface RankOptions extends TargetOptions {
  /** Params to pair. Default: all, sorted. */
  params?: readonly string[];
}

/** One pair (yAxis null: the single param against the target value). */
export interface RankSubplot {
  xAxis: ParamAxis;
  yAxis: ParamAxis | null;
  points: { x: number | string; y: number | string; value: number; rank: number; number: number }[];
}

/** See {@link getRankInfo}. */
export interface RankInfo {
  targetName: string;
  subplots: RankSubplot[];
}

/** Computes the rank data. */
export function getRankInfo(study: VizStudy, { params, target, targetName }: RankOptions = {}): RankInfo {
  const { value, name } = resolveTarget(study, { target, targetName }, 'plotRank');
  const { trials, values } = completeTrials(study, value);
  const minimize = target !== undefined || study.directions[0] === 'MINIMIZE';
  const ranks = rankFractions(values, minimize);
  const names = paramNames(trials, params, 'plotRank');
  const subplots: RankSubplot[] = [];
  const build = (px: string, py: string | null): RankSubplot => {
    const sub = trials.filter((t) => px in t.params && (py === null || py in t.params));
    const xAxis = paramAxis(sub, px);
    const yAxis = py === null ? null : paramAxis(sub, py);
    const points: RankSubplot['points'] = [];
    for (let i = 0; i < trials.length; i++) {
      const t: FrozenTrial = trials[i];
      if (!(px in t.params) || (py !== null && !(py in t.params))) continue;
      points.push({
        x: axisValue(xAxis, t.params[px]!),
        y: yAxis === null ? values[i] : axisValue(yAxis, t.params[py!]!),
        value: values[i],
        rank: ranks[i],
        number: t.number,
      });
    }
    return { xAxis, yAxis, points };
  };
  if (names.length === 1) subplots.push(build(names[0], null));
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) subplots.push(build(names[i], names[j]));
  return { targetName: name, subplots };
}

/** Rank of each value scaled to [0, 1] (best 0), ties averaged. */
export function rankFractions(values: readonly number[], minimize: boolean): number[] {
  const n = values.length;
  const order = values.map((_, i) => i).sort((a, b) => (minimize ? values[a] - values[b] : values[b] - values[a]));
  const out = new Array<number>(n).fill(0);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = n > 1 ? (i + j) / 2 / (n - 1) : 0;
    for (let k = i; k <= j; k++) out[order[k]] = r;
    i = j + 1;
  }
  return out;
}
