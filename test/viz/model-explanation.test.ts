/**
 * The model plots of the report (feature importance, SHAP summary beeswarm, SHAP dependence), as
 * data (checked by value) and as ECharts options, SVG and report charts.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TunerError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { getFeatureImportanceInfo } from '../../src/viz/info/feature-importance.js';
import type { ModelExplanation } from '../../src/viz/info/model-explanation.js';
import { getShapDependenceInfo } from '../../src/viz/info/shap-dependence.js';
import { beeswarmOffsets, colorScale, getShapSummaryInfo } from '../../src/viz/info/shap-summary.js';
import { LARGE_POINTS } from '../../src/viz/render/common.js';
import { plotFeatureImportance } from '../../src/viz/render/feature-importance.js';
import { plotShapDependence, shapDependenceOption } from '../../src/viz/render/shap-dependence.js';
import { plotShapSummary, shapSummaryOption } from '../../src/viz/render/shap-summary.js';
import { renderSvg } from '../../src/viz/render/svg.js';
import { buildHtmlReport, reportCharts, writeSvgPlots } from '../../src/viz/report.js';
import { mixedStudy } from './fixtures.js';

/** Four features: 'a' (strong, numeric, some missing), 'b' (categorical), 'c' (weak), 'unused' (no effect). */
function explanation(n = 60, seed = 1): ModelExplanation {
  const rng = new Rng(seed);
  const a = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : rng.normal()));
  const b = Float64Array.from({ length: n }, () => rng.below(3));
  const c = Float64Array.from({ length: n }, () => rng.random());
  const unused = Float64Array.from({ length: n }, () => rng.random());
  return {
    featureNames: ['a', 'b', 'c', 'unused'],
    importance: [30, 12.5, 12.5, 0],
    importanceType: 'gain',
    values: [a, b, c, unused],
    categories: [null, ['x', 'y', 'z'], null, null],
    shap: [Float64Array.from(a, (v) => (Number.isNaN(v) ? 0.1 : 2 * v)), Float64Array.from(b, (v) => v - 1), Float64Array.from(c, (v) => 0.1 * v), new Float64Array(n)],
    shapTarget: 'raw score',
    nRows: 1000,
  };
}

describe('feature importance info', () => {
  it('lists used features largest first (ties in model order), at most maxFeatures', () => {
    const info = getFeatureImportanceInfo(explanation());
    expect(info).toEqual({
      importanceType: 'gain',
      nUsed: 3,
      features: [
        { feature: 'a', importance: 30 },
        { feature: 'b', importance: 12.5 },
        { feature: 'c', importance: 12.5 },
      ],
    });
    expect(getFeatureImportanceInfo(explanation(), { maxFeatures: 1 }).features).toEqual([{ feature: 'a', importance: 30 }]);
  });

  it('names arrays that do not line up', () => {
    const e = explanation();
    expect(() => getFeatureImportanceInfo({ ...e, importance: [1, 2] })).toThrow(TunerError);
    expect(() => getShapSummaryInfo({ ...e, shap: [e.shap[0], e.shap[1], e.shap[2], new Float64Array(3)] })).toThrow(/feature 'unused' has 60 values and 3 SHAP values/);
  });
});

describe('SHAP summary info', () => {
  it('colours numeric values between their 5th and 95th percentiles, categories by code, missing as null', () => {
    const v = Float64Array.from({ length: 101 }, (_, i) => i);
    const c = colorScale(v, null);
    expect(c[0]).toBe(0);
    expect(c[5]).toBe(0);
    expect(c[50]).toBeCloseTo(0.5, 12);
    expect(c[95]).toBe(1);
    expect(c[100]).toBe(1);
    expect(c[23]).toBeCloseTo((23 - 5) / 90, 12);
    expect(colorScale(Float64Array.of(3, NaN, 3), null)).toEqual([0.5, null, 0.5]);
    // 5th and 95th percentiles equal: 1st and 99th, then min and max
    const mostlyZero = Float64Array.from({ length: 100 }, (_, i) => (i === 99 ? 10 : 0));
    expect(colorScale(mostlyZero, null)[99]).toBe(1);
    expect(colorScale(Float64Array.of(0, 2, 1, NaN), 3)).toEqual([0, 1, 0.5, null]);
  });

  it('stacks equal SHAP values in layers 0, +1, -1, +2, -2 within ±0.4; spread values stay on the line', () => {
    const same = beeswarmOffsets(Float64Array.of(1, 1, 1, 1, 1), 100);
    const step = 0.4 / 3;
    expect(Array.from(same)).toEqual([0, step, -step, 2 * step, -2 * step]);
    expect(Array.from(beeswarmOffsets(Float64Array.of(0, 1, 2, 3), 100))).toEqual([0, 0, 0, 0]);
    const rng = new Rng(3);
    const many = beeswarmOffsets(Float64Array.from({ length: 500 }, () => rng.normal()), 100);
    for (const o of many) expect(Math.abs(o)).toBeLessThan(0.4);
  });

  it('ranks features by mean |SHAP|, drops features without effect, keeps every row as a point', () => {
    const e = explanation();
    const info = getShapSummaryInfo(e);
    expect(info.features.map((f) => f.feature)).toEqual(['a', 'b', 'c']);
    let meanAbsA = 0;
    for (const s of e.shap[0]) meanAbsA += Math.abs(s) / 60;
    expect(info.features[0].meanAbs).toBeCloseTo(meanAbsA, 12);
    expect(info.features[0].points.length).toBe(60);
    expect(info.features[0].points.filter((p) => p.color === null).length).toBe(6);
    expect(info.features[0].points.map((p) => p.shap)).toEqual(Array.from(e.shap[0]));
    expect(info.features[1].points.map((p) => p.color)).toEqual(Array.from(e.values[1], (v) => v / 2));
    expect({ nRows: info.nRows, nSampled: info.nSampled, shapTarget: info.shapTarget }).toEqual({ nRows: 1000, nSampled: 60, shapTarget: 'raw score' });
    expect(getShapSummaryInfo(e, { maxFeatures: 2 }).features.length).toBe(2);
  });
});

describe('SHAP dependence info', () => {
  it('pairs each row\'s feature value with its SHAP value, categories as text, missing rows counted', () => {
    const e = explanation();
    const info = getShapDependenceInfo(e);
    expect(info.subplots.map((s) => s.feature)).toEqual(['a', 'b', 'c']);
    expect(info.subplots[0].nMissing).toBe(6);
    expect(info.subplots[0].points.length).toBe(54);
    expect(info.subplots[0].points[0]).toEqual({ x: e.values[0][1], y: e.shap[0][1] });
    expect(info.subplots[1].categories).toEqual(['x', 'y', 'z']);
    expect(info.subplots[1].points.map((p) => p.x)).toEqual(Array.from(e.values[1], (v) => ['x', 'y', 'z'][v]));
    expect(getShapDependenceInfo(e, { features: ['c'] }).subplots.map((s) => s.feature)).toEqual(['c']);
    expect(() => getShapDependenceInfo(e, { features: ['d'] })).toThrow(/no feature 'd'/);
  });
});

describe('model plots as ECharts options and SVG', () => {
  it('summary: features on a category axis, most important on top; points on the hidden value axis at line + offset, one series per colour band', () => {
    const e = explanation();
    const info = getShapSummaryInfo(e);
    const option = shapSummaryOption(info);
    const yAxes = option.yAxis as { type: string; data?: string[]; min?: number; max?: number; show?: boolean }[];
    expect(yAxes[0].data).toEqual(['c', 'b', 'a']);
    expect(yAxes[1]).toMatchObject({ type: 'value', min: -0.5, max: 2.5, show: false });
    const series = option.series as { name: string; yAxisIndex: number; data: Float64Array }[];
    expect(series.map((s) => s.name)).toEqual(['low', 'lower', 'middle', 'higher', 'high', 'missing']);
    let points = 0;
    for (const s of series) points += s.data.length / 2;
    expect(points).toBe(3 * 60);
    // feature 'a' (line 2): its missing rows are grey, at y = 2 + offset
    const missing = series[5].data;
    expect(missing.length / 2).toBe(6);
    for (let i = 1; i < missing.length; i += 2) expect(Math.abs(missing[i] - 2)).toBeLessThan(0.4);
    // category 'z' of feature 'b' (colour 1) is in the 'high' band, on line 1
    const high = series[4].data;
    const bHigh = e.values[1].filter((v) => v === 2).length;
    let onLine1 = 0;
    for (let i = 1; i < high.length; i += 2) if (Math.abs(high[i] - 1) < 0.4) onLine1++;
    expect(onLine1).toBe(bHigh);
  });

  it('dependence: one subplot per feature, a category x axis for a categorical feature, large mode for many points', () => {
    const option = plotShapDependence(explanation());
    const x = option.xAxis as { type: string; data?: string[] }[];
    expect(x.map((a) => a.type)).toEqual(['value', 'category', 'value']);
    expect(x[1].data).toEqual(['x', 'y', 'z']);
    const titles = option.title as { text: string }[];
    expect(titles[1].text).toBe('a (6 missing not shown)');
    const big = shapDependenceOption(getShapDependenceInfo(explanation(LARGE_POINTS + 10)));
    const s = (big.series as { large?: boolean; data: unknown }[])[1];
    expect(s.large).toBe(true);
    expect(s.data).toBeInstanceOf(Float64Array);
  });

  it('all three render to SVG naming their features', () => {
    const e = explanation();
    for (const option of [plotFeatureImportance(e), plotShapSummary(e), plotShapDependence(e)]) {
      const svg = renderSvg(option);
      expect(svg).toMatch(/^<\?xml/);
      expect(svg).toContain('>a<');
    }
    expect(renderSvg(plotShapSummary(e))).toContain('60 sampled of 1000 rows');
  });
});

describe('the report with a model', () => {
  it('adds the model plots after the study plots, in the HTML page and as SVG files', async () => {
    const study = await mixedStudy(20, 2, 'model-report');
    const plain = reportCharts(study).map((c) => c.name);
    const withModel = reportCharts(study, { model: explanation() }).map((c) => c.name);
    expect(withModel).toEqual([...plain, 'feature-importance', 'shap-summary', 'shap-dependence']);
    const html = buildHtmlReport(study, { model: explanation() });
    for (const id of ['chart-feature-importance', 'chart-shap-summary', 'chart-shap-dependence']) expect(html).toContain(id);
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-model-svg-'));
    writeSvgPlots(study, dir, { model: explanation() });
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['feature-importance.svg', 'shap-summary.svg', 'shap-dependence.svg']));
  });
});
