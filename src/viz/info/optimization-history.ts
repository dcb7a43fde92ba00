/**
 * Data of the optimization history plot (Optuna's `plot_optimization_history`,
 * `optuna/visualization/_optimization_history.py`): each COMPLETE trial's value by trial number and
 * the best value so far; several studies overlaid, or (with `errorBar`) their mean ± std per number.
 *
 * @example
 * ```ts
 * const info = getOptimizationHistoryInfo(study);
 * info.series[0].bestValues; // [3.1, 2.4, 2.4, 0.9, ...]
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { StudyDirection } from '../../tune/trial/frozen-trial.js';
import { completeTrials, resolveTarget, type TargetOptions, type VizStudy } from './common.js';

/** Options of {@link getOptimizationHistoryInfo}. */
export interface OptimizationHistoryOptions extends TargetOptions {
  /** Draw the mean ± standard deviation over the studies instead of each study. Default false. */
  errorBar?: boolean;
}

/** One study's points. */
export interface HistorySeries {
  studyName: string;
  /** Trial numbers of the COMPLETE trials, ascending. */
  numbers: number[];
  values: number[];
  /** Best value so far at each point (empty when a custom target is plotted, as Optuna does). */
  bestValues: number[];
}

/** Mean and standard deviation per trial number over several studies. */
export interface HistoryErrorBar {
  numbers: number[];
  mean: number[];
  std: number[];
  bestMean: number[];
  bestStd: number[];
}

/** See {@link getOptimizationHistoryInfo}. */
export interface OptimizationHistoryInfo {
  targetName: string;
  direction: StudyDirection;
  series: HistorySeries[];
  errorBar: HistoryErrorBar | null;
}

/** Computes the history data of one study or several (same direction). */
export function getOptimizationHistoryInfo(
  studies: VizStudy | readonly VizStudy[],
  { target, targetName, errorBar = false }: OptimizationHistoryOptions = {},
): OptimizationHistoryInfo {
  const list: readonly VizStudy[] = Array.isArray(studies) ? studies : [studies as VizStudy];
  if (list.length === 0) throw new TunerError('plotOptimizationHistory: give at least one study');
  const first = list[0];
  const { name } = resolveTarget(first, { target, targetName }, 'plotOptimizationHistory');
  const direction = first.directions[0];
  const series: HistorySeries[] = [];
  list.forEach((study, i) => {
    const { value } = resolveTarget(study, { target, targetName }, 'plotOptimizationHistory');
    if (target === undefined && study.directions[0] !== direction) {
      throw new TunerError('plotOptimizationHistory: the studies must have the same direction');
    }
    const { trials, values } = completeTrials(study, value);
    const best: number[] = [];
    if (target === undefined) {
      let b = NaN;
      for (const v of values) {
        b = Number.isNaN(b) ? v : direction === 'MINIMIZE' ? Math.min(b, v) : Math.max(b, v);
        best.push(b);
      }
    }
    series.push({ studyName: study.studyName ?? `study ${i}`, numbers: trials.map((t) => t.number), values, bestValues: best });
  });
  return { targetName: name, direction, series, errorBar: errorBar ? meanStd(series) : null };
}

function meanStd(series: readonly HistorySeries[]): HistoryErrorBar {
  const byNumber = new Map<number, { v: number[]; b: number[] }>();
  for (const s of series) {
    for (let i = 0; i < s.numbers.length; i++) {
      const k = s.numbers[i];
      let e = byNumber.get(k);
      if (e === undefined) byNumber.set(k, (e = { v: [], b: [] }));
      e.v.push(s.values[i]);
      if (s.bestValues.length > 0) e.b.push(s.bestValues[i]);
    }
  }
  const out: HistoryErrorBar = { numbers: [], mean: [], std: [], bestMean: [], bestStd: [] };
  for (const k of [...byNumber.keys()].sort((a, b) => a - b)) {
    const e = byNumber.get(k)!;
    const [m, s] = moments(e.v);
    out.numbers.push(k);
    out.mean.push(m);
    out.std.push(s);
    if (e.b.length > 0) {
      const [bm, bs] = moments(e.b);
      out.bestMean.push(bm);
      out.bestStd.push(bs);
    }
  }
  return out;
}

/** Mean and population standard deviation (numpy's default, as Optuna uses). */
function moments(x: readonly number[]): [number, number] {
  let m = 0;
  for (const v of x) m += v / x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2 / x.length;
  return [m, Math.sqrt(s)];
}
