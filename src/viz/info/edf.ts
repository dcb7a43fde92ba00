/**
 * Data of the empirical distribution function plot (Optuna's `plot_edf`): for each study, the
 * fraction of COMPLETE trials whose value is at most x, on 100 points spanning every study's values.
 *
 * @example
 * ```ts
 * const { xs, lines } = getEdfInfo([studyA, studyB]);
 * lines[0].ys; // non-decreasing, ends at 1
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { completeTrials, resolveTarget, type TargetOptions, type VizStudy } from './common.js';

/** Options of {@link getEdfInfo}. */
export interface EdfOptions extends TargetOptions {
  /** Points on the x axis. Default 100 (Optuna's). */
  nPoints?: number;
}

/** See {@link getEdfInfo}. */
export interface EdfInfo {
  targetName: string;
  xs: number[];
  lines: { studyName: string; ys: number[] }[];
}

/** Computes the EDF of one study or several. */
export function getEdfInfo(studies: VizStudy | readonly VizStudy[], { target, targetName, nPoints = 100 }: EdfOptions = {}): EdfInfo {
  const list: readonly VizStudy[] = Array.isArray(studies) ? studies : [studies as VizStudy];
  if (list.length === 0) throw new TunerError('plotEdf: give at least one study');
  const { name } = resolveTarget(list[0], { target, targetName }, 'plotEdf');
  const all = list.map((s) => {
    const { value } = resolveTarget(s, { target, targetName }, 'plotEdf');
    return completeTrials(s, value).values.sort((a, b) => a - b);
  });
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of all) if (v.length > 0) {
    lo = Math.min(lo, v[0]);
    hi = Math.max(hi, v[v.length - 1]);
  }
  if (!Number.isFinite(lo)) return { targetName: name, xs: [], lines: list.map((s, i) => ({ studyName: s.studyName ?? `study ${i}`, ys: [] })) };
  const xs: number[] = [];
  for (let k = 0; k < nPoints; k++) xs.push(nPoints === 1 || k === nPoints - 1 ? hi : lo + ((hi - lo) * k) / (nPoints - 1));
  const lines = all.map((v, i) => {
    const ys: number[] = [];
    let c = 0;
    for (const x of xs) {
      while (c < v.length && v[c] <= x) c++;
      ys.push(v.length > 0 ? c / v.length : 0);
    }
    return { studyName: list[i].studyName ?? `study ${i}`, ys };
  });
  return { targetName: name, xs, lines };
}
