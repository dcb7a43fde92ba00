/**
 * What a reader changed on a live plot — its zoom (ECharts `dataZoom`) and the series hidden from
 * its legend — read before a live update redraws the plot with the new trials, and put back into
 * the new option, so that an update does not reset them. A zoom is kept by its axis values (the
 * trials or dates shown stay shown as the axis grows), except a zoom reaching the end of its axis,
 * which keeps reaching it (new trials come into view, as on a plot that follows its data). No DOM
 * here: the rules are tested in Node.
 *
 * @example
 * ```ts
 * const kept = viewState(chart.getOption());
 * chart.setOption(withViewState(newOption, kept), { notMerge: true });
 * ```
 */

/** One dataZoom's range: percentages of its axis, and the axis values they are at. */
export interface ZoomRange {
  start: number;
  end: number;
  startValue: number | null;
  endValue: number | null;
}

/** A plot's view as the reader left it: each dataZoom's range (in option order) and the legend's hidden series. */
export interface ViewState {
  zoom: ZoomRange[];
  /** Series names switched off in the legend. */
  hidden: string[];
}

/** Below 0.01 % from an end of its axis counts as at the end. */
const EDGE = 0.01;

const asArray = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : v !== null && typeof v === 'object' ? [v as Record<string, unknown>] : []);
const numOr = (v: unknown, d: number | null): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/**
 * The view of a drawn plot, from its `chart.getOption()`.
 *
 * @example
 * ```ts
 * viewState({ dataZoom: [{ start: 20, end: 60, startValue: 40, endValue: 120 }] }); // { zoom: [{ start: 20, end: 60, startValue: 40, endValue: 120 }], hidden: [] }
 * ```
 */
export function viewState(drawn: Readonly<Record<string, unknown>>): ViewState {
  const zoom = asArray(drawn.dataZoom).map((d) => ({
    start: numOr(d.start, 0) as number,
    end: numOr(d.end, 100) as number,
    startValue: numOr(d.startValue, null),
    endValue: numOr(d.endValue, null),
  }));
  const hidden: string[] = [];
  for (const l of asArray(drawn.legend)) {
    const sel = l.selected;
    if (sel !== null && typeof sel === 'object') for (const [name, on] of Object.entries(sel as Record<string, unknown>)) if (on === false) hidden.push(name);
  }
  return { zoom, hidden };
}

/** True when a zoom shows its whole axis (the default: nothing to keep). */
export function isWhole(z: ZoomRange): boolean {
  return z.start <= EDGE && z.end >= 100 - EDGE;
}

/** The range props a new dataZoom gets to show what `z` showed. */
function keptRange(z: ZoomRange): Record<string, number> {
  const out: Record<string, number> = {};
  if (z.start <= EDGE) out.start = 0;
  else if (z.startValue !== null) out.startValue = z.startValue;
  else out.start = z.start;
  if (z.end >= 100 - EDGE) out.end = 100;
  else if (z.endValue !== null) out.endValue = z.endValue;
  else out.end = z.end;
  return out;
}

/**
 * `option` (a new option of the same plot) with the view `kept` put back: each of its dataZooms
 * (matched by order; none is added) given the kept range unless that showed the whole axis, and
 * the legend's hidden series hidden. `option` itself is not changed.
 *
 * @example
 * ```ts
 * withViewState({ dataZoom: [{ type: 'inside' }] }, { zoom: [{ start: 20, end: 100, startValue: 40, endValue: 200 }], hidden: [] });
 * // { dataZoom: [{ type: 'inside', startValue: 40, end: 100 }] }
 * ```
 */
export function withViewState<T extends Record<string, unknown>>(option: T, kept: ViewState | null): T {
  if (kept === null) return option;
  const out: Record<string, unknown> = { ...option };
  if (kept.zoom.some((z) => !isWhole(z)) && option.dataZoom !== undefined) {
    const zooms = asArray(option.dataZoom).map((d, i) => {
      const z = kept.zoom[i];
      if (z === undefined || isWhole(z)) return d;
      const { start: _s, end: _e, startValue: _sv, endValue: _ev, ...rest } = d;
      return { ...rest, ...keptRange(z) };
    });
    out.dataZoom = Array.isArray(option.dataZoom) ? zooms : zooms[0];
  }
  if (kept.hidden.length > 0 && option.legend !== undefined) {
    const hide = (l: Record<string, unknown>): Record<string, unknown> => ({
      ...l,
      selected: { ...((l.selected as Record<string, boolean> | undefined) ?? {}), ...Object.fromEntries(kept.hidden.map((n) => [n, false])) },
    });
    out.legend = Array.isArray(option.legend) ? asArray(option.legend).map(hide) : hide(asArray(option.legend)[0]);
  }
  return out as T;
}
