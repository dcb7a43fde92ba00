/**
 * The intermediate values plot's option: one polyline per trial, by state, each with at least two
 * points — a trial that reported once (pruned at its first step, or still running) gets its point
 * twice, as ECharts' polyline throws on a one-point line (it read the missing second point; the
 * dashboard's study page then drew none of the plots after it). Drawn in Chromium by
 * test/dashboard/browser.test.ts (a live update adding such a trial).
 */
import { describe, expect, it } from 'vitest';
import { intermediateValuesOption } from '../../src/viz/render/intermediate-values.js';

describe('intermediateValuesOption', () => {
  it('gives every curve at least two points, a one-report trial its point twice', () => {
    const option = intermediateValuesOption({
      lines: [
        { number: 0, state: 'COMPLETE', steps: [0, 1, 2], values: [0.5, 0.4, 0.3] },
        { number: 1, state: 'PRUNED', steps: [0], values: [0.9] },
        { number: 2, state: 'RUNNING', steps: [3], values: [NaN] },
      ],
    });
    const series = option.series as { name: string; data: { name: string; coords: number[][] }[] }[];
    expect(series.map((s) => s.name)).toEqual(['COMPLETE', 'PRUNED', 'RUNNING']);
    expect(series[0].data[0].coords).toEqual([[0, 0.5], [1, 0.4], [2, 0.3]]);
    expect(series[1].data[0]).toEqual({ name: 'Trial 1 (PRUNED)', coords: [[0, 0.9], [0, 0.9]] });
    expect(series[2].data[0].coords).toEqual([[3, NaN], [3, NaN]]);
    for (const s of series) for (const d of s.data) expect(d.coords.length).toBeGreaterThanOrEqual(2);
  });
});
