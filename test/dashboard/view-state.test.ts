/**
 * The page's view-state rules (src/dashboard/page/view-state.ts): a reader's zoom and hidden
 * legend series, read from a drawn plot, are put back into the plot's next option — a zoom by its
 * axis values, one reaching an end of its axis still reaching it; a whole-axis zoom leaves the new
 * option as it is. The page keeping them across a live update is tested in Chromium
 * (browser.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { isWhole, viewState, withViewState } from '../../src/dashboard/page/view-state.js';

describe('viewState', () => {
  it("reads each dataZoom's range and the legend's hidden series from a drawn option", () => {
    const v = viewState({
      dataZoom: [
        { type: 'inside', start: 20, end: 60, startValue: 40, endValue: 120 },
        { type: 'slider', start: 20, end: 60, startValue: 40, endValue: 120 },
      ],
      legend: [{ selected: { 'Objective value': false, 'Best value': true } }],
    });
    expect(v).toEqual({ zoom: [{ start: 20, end: 60, startValue: 40, endValue: 120 }, { start: 20, end: 60, startValue: 40, endValue: 120 }], hidden: ['Objective value'] });
    expect(viewState({ dataZoom: { start: 5 } })).toEqual({ zoom: [{ start: 5, end: 100, startValue: null, endValue: null }], hidden: [] });
    expect(viewState({ series: [] })).toEqual({ zoom: [], hidden: [] });
  });
});

describe('withViewState', () => {
  const next = { dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, start: 0, end: 100 }], legend: { top: 28 }, series: [{ name: 'a' }] };

  it('keeps a zoom inside its axis by its axis values (the same trials stay shown as the axis grows)', () => {
    const kept = { zoom: [{ start: 20, end: 60, startValue: 40, endValue: 120 }, { start: 20, end: 60, startValue: 40, endValue: 120 }], hidden: [] };
    expect(withViewState(next, kept).dataZoom).toEqual([
      { type: 'inside', startValue: 40, endValue: 120 },
      { type: 'slider', height: 18, startValue: 40, endValue: 120 },
    ]);
    // the new option itself is left as it was
    expect(next.dataZoom[1]).toEqual({ type: 'slider', height: 18, start: 0, end: 100 });
  });

  it('keeps a zoom reaching an end of its axis at that end (new trials come into view)', () => {
    const kept = { zoom: [{ start: 70, end: 100, startValue: 140, endValue: 200 }], hidden: [] };
    expect(withViewState(next, kept).dataZoom).toEqual([{ type: 'inside', startValue: 140, end: 100 }, { type: 'slider', height: 18, start: 0, end: 100 }]);
    const left = { zoom: [{ start: 0, end: 30, startValue: 0, endValue: 60 }], hidden: [] };
    expect((withViewState(next, left).dataZoom as unknown[])[0]).toEqual({ type: 'inside', start: 0, endValue: 60 });
    // no axis values read: the percentages
    const pct = { zoom: [{ start: 10, end: 40, startValue: null, endValue: null }], hidden: [] };
    expect((withViewState(next, pct).dataZoom as unknown[])[0]).toEqual({ type: 'inside', start: 10, end: 40 });
  });

  it('leaves the option as it is when nothing was zoomed or hidden', () => {
    const whole = { zoom: [{ start: 0, end: 100, startValue: 0, endValue: 200 }], hidden: [] };
    expect(isWhole(whole.zoom[0])).toBe(true);
    expect(withViewState(next, whole)).toEqual(next);
    expect(withViewState(next, null)).toBe(next);
    // a kept zoom on an option without dataZoom adds none
    expect(withViewState({ series: [] }, { zoom: [{ start: 10, end: 20, startValue: 1, endValue: 2 }], hidden: [] })).toEqual({ series: [] });
  });

  it("hides the series the reader hid from the legend, keeping the option's own choices", () => {
    const out = withViewState({ legend: { top: 28, selected: { b: false } } }, { zoom: [], hidden: ['a'] });
    expect(out.legend).toEqual({ top: 28, selected: { b: false, a: false } });
    expect(withViewState({ legend: [{ top: 1 }] }, { zoom: [], hidden: ['x'] }).legend).toEqual([{ top: 1, selected: { x: false } }]);
  });
});
