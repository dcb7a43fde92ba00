/**
 * ECharts option of the timeline plot (Optuna's `plot_timeline`): one horizontal bar per trial
 * from start to completion on a time axis, colored by state.
 *
 * @example
 * ```ts
 * plotTimeline(study);
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getTimelineInfo, type TimelineInfo, type TimelineOptions } from '../info/timeline.js';
import { baseOption, COLORS, LARGE_POINTS, renderBar, type ChartOption } from './common.js';

/** The option for a timeline info. */
export function timelineOption(info: TimelineInfo): ChartOption {
  const states = [...new Set(info.bars.map((b) => b.state))];
  let maxN = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const b of info.bars) {
    maxN = Math.max(maxN, b.number);
    t0 = Math.min(t0, b.start);
    t1 = Math.max(t1, b.end);
  }
  const many = info.bars.length > LARGE_POINTS;
  return {
    ...baseOption('Timeline Plot'),
    legend: { top: 28 },
    grid: { left: 80, right: 40, top: 70, bottom: 80 },
    xAxis: {
      type: 'time',
      name: 'Datetime',
      nameLocation: 'middle',
      nameGap: 28,
      min: Number.isFinite(t0) ? t0 : undefined,
      max: Number.isFinite(t1) ? t1 : undefined,
    },
    yAxis: { type: 'value', name: 'Trial', nameLocation: 'middle', nameGap: 48, min: -0.5, max: maxN + 0.5, inverse: true },
    dataZoom: [{ type: 'inside', yAxisIndex: 0 }, { type: 'slider', height: 18, bottom: 8 }],
    series: states.map((st) => {
      const bars = info.bars.filter((b) => b.state === st);
      if (many) {
        // thousands of bars: one large 'lines' path per state (custom items cost ~0.05 ms each)
        return {
          name: st,
          type: 'lines',
          coordinateSystem: 'cartesian2d',
          large: true,
          largeThreshold: 0,
          color: COLORS.state[st],
          lineStyle: { color: COLORS.state[st], width: 2, opacity: 1 },
          data: bars.map((b) => ({ coords: [[b.start, b.number], [Math.max(b.end, b.start + 1), b.number]] })),
          gbtuneTrialNumbers: bars.map((b) => b.number),
        };
      }
      return {
        name: st,
        type: 'custom',
        color: COLORS.state[st],
        renderItem: renderBar,
        encode: { x: [0, 1], y: 2 },
        data: bars.map((b) => [b.start, b.end, b.number]),
        gbtuneTrialDim: 2,
      };
    }),
  };
}

/**
 * The timeline plot.
 *
 * @example
 * ```ts
 * plotTimeline(study);
 * ```
 */
export function plotTimeline(study: VizStudy, options: TimelineOptions = {}): ChartOption {
  return timelineOption(getTimelineInfo(study, options));
}
