/**
 * ECharts option of the intermediate values plot (Optuna's `plot_intermediate_values`): each
 * trial's learning curve, colored by state (one `lines` series per state, fast for many trials).
 *
 * @example
 * ```ts
 * plotIntermediateValues(study);
 * ```
 */
import type { VizStudy } from '../info/common.js';
import { getIntermediateValuesInfo, type IntermediateValuesInfo } from '../info/intermediate-values.js';
import { baseOption, COLORS, valueAxisOption, type ChartOption } from './common.js';

/**
 * A trial's curve as a polyline's points. A trial that reported once (pruned at its first step, or
 * running) gets its one point twice: ECharts' polyline reads a second point and throws without
 * one, which left the plot — and, in the dashboard, every plot after it — undrawn.
 */
function polyline(steps: readonly number[], values: readonly number[]): [number, number][] {
  const pts = steps.map((s, i): [number, number] => [s, values[i]]);
  if (pts.length === 1) pts.push([pts[0][0], pts[0][1]]);
  return pts;
}

/** The option for an intermediate values info. */
export function intermediateValuesOption(info: IntermediateValuesInfo): ChartOption {
  const states = [...new Set(info.lines.map((l) => l.state))];
  // a 'lines' series does not widen the axes: give their extent
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const l of info.lines) {
    for (let i = 0; i < l.steps.length; i++) {
      x0 = Math.min(x0, l.steps[i]);
      x1 = Math.max(x1, l.steps[i]);
      const v = l.values[i];
      if (Number.isFinite(v)) {
        y0 = Math.min(y0, v);
        y1 = Math.max(y1, v);
      }
    }
  }
  const pad = y1 > y0 ? 0.05 * (y1 - y0) : 1;
  return {
    ...baseOption('Intermediate Values Plot'),
    legend: { top: 28 },
    grid: { left: 80, right: 40, top: 70, bottom: 60 },
    xAxis: {
      type: 'value',
      name: 'Step',
      nameLocation: 'middle',
      nameGap: 28,
      min: Number.isFinite(x0) ? x0 : 0,
      max: Number.isFinite(x1) ? (x1 > x0 ? x1 : x0 + 1) : 1,
    },
    yAxis: valueAxisOption('Intermediate Value', 0, {
      min: Number.isFinite(y0) ? Number((y0 - pad).toPrecision(4)) : 0,
      max: Number.isFinite(y1) ? Number((y1 + pad).toPrecision(4)) : 1,
    }),
    dataZoom: [{ type: 'inside' }],
    series: states.map((st) => ({
      name: st,
      type: 'lines',
      coordinateSystem: 'cartesian2d',
      polyline: true,
      large: info.lines.length > 2000,
      largeThreshold: 0,
      color: COLORS.state[st],
      lineStyle: { color: COLORS.state[st], width: 1, opacity: 0.7 },
      tooltip: { formatter: '{b}' },
      data: info.lines
        .filter((l) => l.state === st)
        .map((l) => ({ name: `Trial ${l.number} (${l.state})`, coords: polyline(l.steps, l.values) })),
    })),
  };
}

/**
 * The intermediate values plot.
 *
 * @example
 * ```ts
 * plotIntermediateValues(study);
 * ```
 */
export function plotIntermediateValues(study: VizStudy): ChartOption {
  return intermediateValuesOption(getIntermediateValuesInfo(study));
}
