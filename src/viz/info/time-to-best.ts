/**
 * Data of the time-to-best plot: the best objective value so far against the wall time since the
 * study's first trial started — what a budget of time buys, where the optimization history plot
 * shows what a number of trials buys. One point per finished trial, in order of completion.
 *
 * @example
 * ```ts
 * const info = getTimeToBestInfo(study);
 * info.improvements; // [{ trial: 0, seconds: 0.41, value: 0.951 }, { trial: 3, seconds: 1.6, value: 0.965 }, ...]
 * ```
 */
import type { TrialState } from '../../tune/trial/frozen-trial.js';
import { resolveTarget, type TargetOptions, type VizStudy } from './common.js';

/** See {@link getTimeToBestInfo}. */
export interface TimeToBestInfo {
  targetName: string;
  /** Finished trials by completion time: seconds since the first trial started, and the best value then (null: none COMPLETE yet). */
  points: { trial: number; state: TrialState; seconds: number; best: number | null }[];
  /** The points where the best value changed: when each new best was reached, by which trial. */
  improvements: { trial: number; seconds: number; value: number }[];
}

/**
 * Computes the curve of a single-objective study (or of `target`); trials without a start or an
 * end time (running, waiting) are left out.
 */
export function getTimeToBestInfo(study: VizStudy, options: TargetOptions = {}): TimeToBestInfo {
  const { value, name } = resolveTarget(study, options, 'time to best');
  const maximize = (study.directions[0] ?? 'MINIMIZE') === 'MAXIMIZE';
  let t0 = Infinity;
  for (const t of study.trials) if (t.datetimeStart !== null) t0 = Math.min(t0, t.datetimeStart.getTime());
  const done = study.trials
    .filter((t) => t.datetimeStart !== null && t.datetimeComplete !== null)
    .sort((a, b) => (a.datetimeComplete as Date).getTime() - (b.datetimeComplete as Date).getTime() || a.number - b.number);
  const points: TimeToBestInfo['points'] = [];
  const improvements: TimeToBestInfo['improvements'] = [];
  let best: number | null = null;
  for (const t of done) {
    const seconds = ((t.datetimeComplete as Date).getTime() - t0) / 1000;
    if (t.state === 'COMPLETE' && t.values !== null) {
      const v = value(t);
      if (Number.isFinite(v) && (best === null || (maximize ? v > best : v < best))) {
        best = v;
        improvements.push({ trial: t.number, seconds, value: v });
      }
    }
    points.push({ trial: t.number, state: t.state, seconds, best });
  }
  return { targetName: name, points, improvements };
}
