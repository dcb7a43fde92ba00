/**
 * Readable log axes, a color scale that shows its values, and static exports (SVG, PNG) without
 * the interactive widgets the HTML page keeps. Checked on the ECharts options and on the SVG text.
 */
import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { FloatDistribution } from '../../src/tune/distributions.js';
import { freezeTrial } from '../../src/tune/trial/create-trial.js';
import type { FrozenTrial } from '../../src/tune/trial/frozen-trial.js';
import { Rng } from '../../src/core/rng.js';
import { formatValue, type VizStudy } from '../../src/viz/info/common.js';
import { getContourInfo } from '../../src/viz/info/contour.js';
import { logTickLabel, type ChartOption } from '../../src/viz/render/common.js';
import { plotContour } from '../../src/viz/render/contour.js';
import { chartsToJson } from '../../src/viz/render/html.js';
import { plotOptimizationHistory } from '../../src/viz/render/optimization-history.js';
import { plotParallelCoordinate } from '../../src/viz/render/parallel-coordinate.js';
import { plotSlice } from '../../src/viz/render/slice.js';
import { plotTimeline } from '../../src/viz/render/timeline.js';
import { renderSvg, staticOption } from '../../src/viz/render/svg.js';
import { buildHtmlReport } from '../../src/viz/report.js';

/** `n` trials over lambda_l1 in [1e-8, 1] (log) and lr in [1e-3, 10] (log). */
function logStudy(n: number, seed: number): VizStudy {
  const rng = new Rng(seed);
  const dists = { lambda_l1: new FloatDistribution(1e-8, 1, { log: true }), lr: new FloatDistribution(1e-3, 10, { log: true }) };
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.exp(rng.uniform(Math.log(1e-8), 0));
    const b = Math.exp(rng.uniform(Math.log(1e-3), Math.log(10)));
    trials.push(
      freezeTrial({
        number: i,
        trialId: i,
        state: 'COMPLETE',
        values: [Math.log10(a) ** 2 + b],
        datetimeStart: new Date(Date.UTC(2026, 0, 1) + 1000 * i),
        datetimeComplete: new Date(Date.UTC(2026, 0, 1) + 1000 * i + 600),
        params: [['lambda_l1', a], ['lr', b]],
        distributions: dists,
        userAttrs: [],
        systemAttrs: [],
        intermediateValues: [[0, 1], [1, 0.5]],
      }),
    );
  }
  return { studyName: 'log', trials, directions: ['MINIMIZE'] };
}

/** The text of every `<text>` element of an SVG, in order. */
const svgTexts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

const DECADES = ['1e-8', '1e-7', '1e-6', '1e-5', '1e-4', '0.001', '0.01', '0.1', '1'];

/**
 * Pairs of horizontal (numeric) tick labels on one row of an SVG that overlap: labels centred at x on the
 * same baseline, each about 6.7 px wide per character at ECharts' 12 px sans-serif.
 */
function overlappingLabels(svg: string): string[] {
  const rows = new Map<string, { x: number; text: string }[]>();
  for (const m of svg.matchAll(/<text[^>]*text-anchor="middle"[^>]*transform="translate\(([-\d.]+) ([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)) {
    if (!/^-?[\d.]+(e-?\d+)?$/.test(m[3])) continue; // tick labels only, not titles or a color scale's name
    const row = rows.get(m[2]) ?? [];
    row.push({ x: Number(m[1]), text: m[3] });
    rows.set(m[2], row);
  }
  const out: string[] = [];
  for (const row of rows.values()) {
    if (row.length < 3) continue; // an axis row holds several ticks; a color scale's two end values are not one
    row.sort((a, b) => a.x - b.x);
    for (let i = 1; i < row.length; i++) {
      const gap = row[i].x - row[i - 1].x;
      if (gap < ((row[i].text.length + row[i - 1].text.length) * 6.7) / 2) out.push(`${row[i - 1].text}|${row[i].text}`);
    }
  }
  return out;
}

/** Colors (fill / stroke) in an SVG. */
const svgColors = (svg: string): Set<string> => new Set([...svg.matchAll(/(?:fill|stroke)="([^"]*)"/g)].map((m) => m[1]));

/** An option drawn by ECharts as is (what the HTML page draws), as SVG. */
function drawRaw(option: ChartOption, width = 900, height = 420): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption(option as echarts.EChartsOption);
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** The colors only ECharts' zoom slider draws in `option`: those drawn with its dataZoom minus those without. */
function sliderColors(option: ChartOption): string[] {
  const plain = svgColors(drawRaw({ ...option, dataZoom: undefined }));
  return [...svgColors(drawRaw(option))].filter((c) => !plain.has(c));
}

describe('log axis tick labels', () => {
  it('powers of ten as 1e-8 ... 1e-4, 0.001 ... 1000, 1e4; other values with 6 significant digits', () => {
    expect(logTickLabel(1.0000000000000002e-8)).toBe('1e-8');
    expect(logTickLabel(0.00009999999999999999)).toBe('1e-4');
    expect(logTickLabel(0.00001)).toBe('1e-5');
    expect(logTickLabel(0.0010000000000000002)).toBe('0.001');
    expect(logTickLabel(1)).toBe('1');
    expect(logTickLabel(1000.0000000000001)).toBe('1000');
    expect(logTickLabel(10000)).toBe('1e4');
    expect(logTickLabel(1e12)).toBe('1e12');
    expect(logTickLabel(0.30000000000000004)).toBe('0.3');
    expect(logTickLabel(3e-7)).toBe('3e-7');
    expect(logTickLabel(250)).toBe('250');
  });

  it('the slice and contour SVGs of a log axis from 1e-8 to 1 label decades readably: no float noise, no two labels overlapping', () => {
    const study = logStudy(40, 1);
    for (const [name, option] of [['slice', plotSlice(study)], ['contour', plotContour(study)]] as const) {
      // as narrow as a subplot of a many-param study (three columns of a 900 px chart)
      const svg = renderSvg(option, { width: 450 });
      const texts = svgTexts(svg);
      // the axis ends and the decades between them that fit (ECharts hides a label that would overlap its neighbour)
      const shown = DECADES.filter((d) => texts.includes(d));
      expect(shown.length, `${name}: ${shown.join(' ')}`).toBeGreaterThanOrEqual(3);
      // no float noise (0.00009999999999999999, 0.00001000000000000000) and no long zeros (0.00000001)
      for (const t of texts) {
        expect(t, name).not.toMatch(/\d{12,}|0\.0000/);
        expect(t.length, `${name}: ${t}`).toBeLessThanOrEqual(16);
      }
      expect(overlappingLabels(svg), name).toEqual([]);
    }
    // parallel coordinates draw log axes too
    const texts = svgTexts(renderSvg(plotParallelCoordinate(study)));
    for (const label of ['1e-8', '1e-4', '1']) expect(texts).toContain(label);
    for (const t of texts) expect(t).not.toMatch(/\d{12,}|0\.0000/);
  });

  it('the HTML page gets the label function as closure-free source that gives the same labels', () => {
    const option = plotSlice(logStudy(20, 2));
    const { json, functions } = chartsToJson([{ id: 'c', option }]);
    expect(functions.length).toBeGreaterThan(0);
    const revived = functions.map((src) => new Function(`return ${src};`)() as (v: number) => string);
    const xAxis = (JSON.parse(json) as { option: { xAxis: { type: string; axisLabel?: { formatter: { __gbtuneFn: number } } }[] } }[])[0].option.xAxis;
    const logAxes = xAxis.filter((a) => a.type === 'log');
    expect(logAxes.length).toBe(2);
    for (const a of logAxes) {
      const f = revived[a.axisLabel!.formatter.__gbtuneFn];
      expect([1.0000000000000002e-8, 0.00009999999999999999, 0.001, 10, 0.3].map(f)).toEqual(['1e-8', '1e-4', '0.001', '10', '0.3']);
    }
  });
});

describe('color scales show their values', () => {
  it('contour: the visualMap labels its ends with the interpolated min and max, in the option and the SVG', () => {
    const study = logStudy(40, 3);
    const info = getContourInfo(study);
    const option = plotContour(study);
    const vm = option.visualMap as ChartOption;
    expect(vm.min).toBe(info.zMin);
    expect(vm.max).toBe(info.zMax);
    expect(vm.text).toEqual([`Objective Value\n${formatValue(info.zMax)}`, formatValue(info.zMin)]);
    const texts = svgTexts(renderSvg(option));
    expect(texts).toContain(formatValue(info.zMax));
    expect(texts).toContain(formatValue(info.zMin));
    expect(info.zMax).toBeGreaterThan(info.zMin);
  });

  it('slice: the trial-number scale shows 0 and the last trial number', () => {
    const texts = svgTexts(renderSvg(plotSlice(logStudy(25, 4))));
    expect(texts).toContain('Trial');
    expect(texts).toContain('24');
  });
});

describe('static exports leave out interactive widgets', () => {
  it('history and timeline SVGs draw no zoom slider; the HTML report keeps the sliders', () => {
    const study = logStudy(30, 5);
    for (const [name, option] of [['history', plotOptimizationHistory(study)], ['timeline', plotTimeline(study)]] as const) {
      const zoom = option.dataZoom as ChartOption[];
      expect(zoom.some((z) => z.type === 'slider'), name).toBe(true);
      const colors = sliderColors(option);
      expect(colors.length, name).toBeGreaterThan(0);
      const drawn = svgColors(renderSvg(option));
      for (const c of colors) expect(drawn.has(c), `${name}: slider color ${c}`).toBe(false);
    }
    const html = buildHtmlReport(study, { now: Date.UTC(2026, 0, 2) });
    expect(html).toContain('"dataZoom":[{"type":"inside"},{"type":"slider"');
  });

  it('staticOption drops dataZoom, toolbox and brush and freezes draggable visualMap handles, leaving the rest', () => {
    const option: ChartOption = {
      title: { text: 't' },
      dataZoom: [{ type: 'slider' }],
      toolbox: { feature: { saveAsImage: {} } },
      brush: {},
      visualMap: [{ type: 'continuous', calculable: true, min: 0, max: 1 }, { type: 'continuous', min: 0, max: 2 }],
      series: [{ type: 'scatter', data: [[0, 1]] }],
    };
    const s = staticOption(option);
    expect(Object.keys(s).sort()).toEqual(['series', 'title', 'visualMap']);
    expect(s.visualMap).toEqual([{ type: 'continuous', calculable: false, min: 0, max: 1 }, { type: 'continuous', min: 0, max: 2 }]);
    expect(s.series).toBe(option.series);
    expect(option.dataZoom).toBeDefined(); // the caller's option is not changed
    // a draggable color scale draws its handles' labels in an SVG only when calculable
    const withHandles: ChartOption = {
      xAxis: { type: 'value' },
      yAxis: { type: 'value' },
      visualMap: { type: 'continuous', calculable: true, dimension: 1, min: 0, max: 1 },
      series: option.series,
    };
    const handles = [...svgColors(drawRaw(withHandles))].filter((c) => !svgColors(drawRaw({ ...withHandles, visualMap: { ...(withHandles.visualMap as ChartOption), calculable: false } })).has(c));
    expect(handles.length).toBeGreaterThan(0);
    const drawn = svgColors(renderSvg(withHandles, { height: 420 }));
    for (const c of handles) expect(drawn.has(c), c).toBe(false);
  });
});
