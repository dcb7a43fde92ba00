/**
 * Data of the timeline plot (Optuna's `plot_timeline`): one bar per started trial from its start
 * to its completion (running trials up to `now`), colored by state.
 *
 * @example
 * ```ts
 * getTimelineInfo(study).bars[0]; // { number: 0, state: 'COMPLETE', start: 1700000000000, end: 1700000001500 }
 * ```
 */
import type { TrialState } from '../../tune/trial/frozen-trial.js';
import type { VizStudy } from './common.js';

/** Options of {@link getTimelineInfo}. */
export interface TimelineOptions {
  /** The end of running trials' bars (ms since epoch). Default `Date.now()`. */
  now?: number;
}

/** See {@link getTimelineInfo}. */
export interface TimelineInfo {
  /** Times in ms since the epoch. */
  bars: { number: number; state: TrialState; start: number; end: number }[];
}

/** Computes the bars of the trials that have started. */
export function getTimelineInfo(study: VizStudy, { now = Date.now() }: TimelineOptions = {}): TimelineInfo {
  const bars: TimelineInfo['bars'] = [];
  for (const t of study.trials) {
    if (t.datetimeStart === null) continue;
    const start = t.datetimeStart.getTime();
    const end = t.datetimeComplete !== null ? t.datetimeComplete.getTime() : Math.max(start, now);
    bars.push({ number: t.number, state: t.state, start, end });
  }
  return { bars };
}
