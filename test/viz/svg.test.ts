import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudy } from '../../src/tune/study/create-study.js';
import { createTrial } from '../../src/tune/trial/create-trial.js';
import { plotContour } from '../../src/viz/render/contour.js';
import { echartsBundle, toJsSource } from '../../src/viz/render/html.js';
import { plotOptimizationHistory } from '../../src/viz/render/optimization-history.js';
import { plotParallelCoordinate } from '../../src/viz/render/parallel-coordinate.js';
import { plotParetoFront } from '../../src/viz/render/pareto-front.js';
import { plotSlice } from '../../src/viz/render/slice.js';
import { renderSvg } from '../../src/viz/render/svg.js';
import { buildHtmlReport, reportCharts, writeSvgPlots } from '../../src/viz/report.js';
import { FloatDistribution } from '../../src/tune/distributions.js';
import { largeVizStudy, mixedStudy } from './fixtures.js';

/** A small XML well-formedness check: balanced tags, quoted attributes, known entities. */
function parseXml(text: string): { root: string; elements: number } {
  const stack: string[] = [];
  let root = '';
  let elements = 0;
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].startsWith('<!--') || m[0].startsWith('<?') || m[0].startsWith('<![CDATA[')) continue;
    if (m[2] === undefined) throw new Error(`malformed markup at ${m.index}: ${text.slice(m.index, m.index + 60)}`);
    if (m[1] === '/') {
      const open = stack.pop();
      if (open !== m[2]) throw new Error(`</${m[2]}> closes <${open}> at ${m.index}`);
    } else {
      elements++;
      if (stack.length === 0) {
        if (root !== '') throw new Error('several root elements');
        root = m[2];
      }
      if (m[4] !== '/') stack.push(m[2]);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  return { root, elements };
}

describe('SVG rendering', () => {
  it('the XML checker rejects broken markup', () => {
    expect(() => parseXml('<svg><g></svg>')).toThrow();
    expect(() => parseXml('<svg a=1></svg>')).toThrow();
    expect(() => parseXml('<svg>&nbsp;</svg>')).toThrow();
    expect(parseXml('<?xml version="1.0"?><svg a="1"><g/></svg>')).toEqual({ root: 'svg', elements: 2 });
  });

  it('each plot renders to well-formed SVG with its axis titles', async () => {
    const study = await mixedStudy(60, 2);
    const cases: [string, ReturnType<typeof plotSlice>, string[]][] = [
      ['history', plotOptimizationHistory(study), ['Optimization History Plot', 'Trial', 'Objective Value']],
      ['slice', plotSlice(study), ['Slice Plot', 'lr', 'depth', 'booster', 'drop_rate', 'gbdt', 'dart', 'Objective Value']],
      ['contour', plotContour(study, { params: ['lr', 'depth'] }), ['Contour Plot', 'lr', 'depth']],
      ['parallel', plotParallelCoordinate(study, { params: ['lr', 'depth', 'booster'] }), ['Parallel Coordinate Plot', 'Objective Value', 'booster']],
    ];
    for (const [name, option, titles] of cases) {
      const svg = renderSvg(option, { width: 800 });
      const { root, elements } = parseXml(svg);
      expect(root, name).toBe('svg');
      expect(elements, name).toBeGreaterThan(20);
      for (const t of titles) expect(svg, `${name}: ${t}`).toContain(`>${t}<`);
    }
    // the log axis of lr shows powers of ten
    const slice = renderSvg(plotSlice(study, { params: ['lr'] }));
    expect(slice).toContain('>0.001<');
    expect(slice).toContain('>0.01<');
  });

  it('renders a Pareto front with the objective names', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'] });
    for (const values of [[1, 4], [2, 2], [4, 1], [3, 3]]) await study.addTrial(createTrial({ values }));
    const svg = renderSvg(plotParetoFront(study, { targetNames: ['loss', 'latency'] }));
    parseXml(svg);
    expect(svg).toContain('>loss<');
    expect(svg).toContain('>latency<');
    expect(svg).toContain('>Best Trial<');
  });

  it('writeSvgPlots writes every applicable plot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-svg-'));
    try {
      const study = await mixedStudy(40, 4);
      const paths = writeSvgPlots(study, join(dir, 'plots'), { now: Date.UTC(2026, 0, 2) });
      expect(readdirSync(join(dir, 'plots')).sort()).toEqual(
        [
          'contour.svg',
          'edf.svg',
          'intermediate-values.svg',
          'optimization-history.svg',
          'parallel-coordinate.svg',
          'param-importances.svg',
          'rank.svg',
          'slice.svg',
          'time-to-best.svg',
          'timeline.svg',
        ].sort(),
      );
      for (const p of paths) expect(parseXml(readFileSync(p, 'utf8')).root).toBe('svg');
      expect(readFileSync(join(dir, 'plots', 'param-importances.svg'), 'utf8')).toContain('>Hyperparameter Importance<');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SVG rendering, more cases', () => {
  it('overlays studies, with error bars, in SVG', async () => {
    const a = await mixedStudy(30, 1, 'alpha');
    const b = await mixedStudy(30, 2, 'beta');
    const overlay = renderSvg(plotOptimizationHistory([a, b]));
    parseXml(overlay);
    expect(overlay).toContain('>alpha: Objective Value<');
    expect(overlay).toContain('>beta: Best Value<');
    const bars = renderSvg(plotOptimizationHistory([a, b], { errorBar: true }));
    parseXml(bars);
    expect(bars).toContain('>Best Value ± std<');
  });

  it('renders the large-mode plots (2,000 trials) to well-formed SVG', () => {
    const study = largeVizStudy(2000, 3);
    for (const [name, option] of [
      ['history', plotOptimizationHistory(study)],
      ['slice', plotSlice(study)],
      ['contour', plotContour(study, { params: ['lr', 'booster'] })],
      ['parallel', plotParallelCoordinate(study)],
    ] as const) {
      const svg = renderSvg(option);
      expect(parseXml(svg).root, name).toBe('svg');
      expect(svg.length, name).toBeGreaterThan(5000);
    }
  });
});

describe('HTML page', () => {
  it('serializes options with closure-free functions and escapes script-breaking text', () => {
    const src = toJsSource({ a: [1, 2], f: function g(x: number) { return x + 1; }, s: '</script>', u: undefined });
    const value = new Function(`return ${src};`)() as { a: number[]; f: (x: number) => number; s: string; u?: unknown };
    expect(value.a).toEqual([1, 2]);
    expect(value.f(1)).toBe(2);
    expect(value.s).toBe('</script>');
    expect('u' in value).toBe(false);
    expect(src).not.toContain('</script>');
  });

  it('the report holds the summary, ECharts inline and no external resource', async () => {
    const study = await mixedStudy(30, 5, 'sum<mary>');
    const html = buildHtmlReport(study, { now: Date.UTC(2026, 0, 2) });
    expect(html).toContain('sum&lt;mary&gt;');
    expect(html).not.toContain('sum<mary>');
    expect(html).toContain(`Best Objective value</th><td>${Number(study.bestValue.toPrecision(6))}`);
    expect(html).toMatch(/Trials<\/th><td>30 \(COMPLETE: \d+, PRUNED: \d+, FAIL: \d+\)/);
    const bundle = echartsBundle().replace(/<\/script/gi, '<\\/script');
    expect(html.includes(bundle)).toBe(true); // ECharts is inlined
    const ours = html.replace(bundle, '');
    expect(/<script[^>]+src=|<link[^>]+href=|https?:\/\//i.test(ours)).toBe(false);
  });

  it('reports a multi-objective study (Pareto front, first objective elsewhere) and an empty study', async () => {
    const mo = await createStudy({ directions: ['minimize', 'maximize'], studyName: 'mo' });
    const d = { x: new FloatDistribution(0, 1) };
    for (let i = 0; i < 12; i++) {
      const x = i / 11;
      await mo.addTrial(createTrial({ params: { x }, distributions: d, values: [x, Math.sqrt(x)] }));
    }
    await mo.setMetricNames(['loss', 'gain']);
    const names = reportCharts(mo).map((c) => c.name);
    expect(names).toEqual([
      'pareto-front',
      'optimization-history',
      'param-importances',
      'slice',
      'parallel-coordinate',
      'rank',
      'edf',
      'timeline',
    ]);
    const imp = reportCharts(mo).find((c) => c.name === 'param-importances')!.option;
    expect((imp.series as { name: string }[]).map((x) => x.name)).toEqual(['loss', 'gain']);
    const html = buildHtmlReport(mo);
    expect(html).toContain('Pareto-front trials</th><td>12: #0, #1');
    const empty = await createStudy({ studyName: 'empty' });
    expect(reportCharts(empty)).toEqual([]);
    expect(buildHtmlReport(empty)).toContain('Trials</th><td>0 ()');
  });
});
