/**
 * The page's plots: ECharts (the modules the report's options use, bundled; nothing is loaded
 * from elsewhere) drawing options the server built with gbtune's `plot*` functions
 * (`gbtune/viz/browser` restores their functions). A set of charts is updated in place when a
 * newer one arrives (same chart elements, new options); a click on a trial's point opens it.
 */
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, HeatmapChart, LineChart, LinesChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { chartOptionFromJson, trialNumberAt, withTrialTooltips, type ChartPoint } from '../../viz/browser/index.js';
import { h, replace } from './dom.js';

echarts.use([
  BarChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  LinesChart,
  ParallelChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** One chart of a set, as the API sends it. */
export interface ChartJson {
  name: string;
  title: string;
  option: unknown;
}

/** Height in pixels a chart needs (as the report's `chartHeight`). */
function heightOf(option: Record<string, unknown>): number {
  const grid = option.grid;
  const n = Array.isArray(grid) ? grid.length : 1;
  const rows = Math.ceil(n / Math.min(n, 3));
  return Math.max(420, rows * 300 + 90);
}

/** A live set of charts in a container. */
export class ChartSet {
  private readonly charts = new Map<string, { el: HTMLElement; chart: echarts.ECharts; option: Record<string, unknown> }>();
  private readonly nav: HTMLElement;
  private readonly body: HTMLElement;
  /** Charts drawn so far (tests wait on it). */
  drawn = 0;

  constructor(
    readonly root: HTMLElement,
    private readonly onTrial: ((n: number) => void) | null,
  ) {
    this.nav = h('nav', { className: 'chart-nav' });
    this.body = h('div', { className: 'charts' });
    replace(root, this.nav, this.body);
    window.addEventListener('resize', () => {
      for (const c of this.charts.values()) c.chart.resize();
    });
  }

  private pending: Promise<void> = Promise.resolve();

  /**
   * Shows `list` (charts no longer in it are removed); `tips[n]` is trial n's tooltip HTML. The
   * charts are drawn one per task (the page stays responsive while thousands of points are laid
   * out); updates run in order.
   */
  update(list: readonly ChartJson[], tips: readonly string[]): Promise<void> {
    this.pending = this.pending.then(() => this.draw(list, tips));
    return this.pending;
  }

  private async draw(list: readonly ChartJson[], tips: readonly string[]): Promise<void> {
    const keep = new Set(list.map((c) => c.name));
    for (const [name, c] of this.charts) {
      if (!keep.has(name)) {
        c.chart.dispose();
        c.el.parentElement?.remove();
        this.charts.delete(name);
      }
    }
    replace(this.nav, list.map((c) => h('a', { href: `#chart-${c.name}`, onclick: (e: Event) => this.jump(e, c.name) }, c.title)));
    let prev: HTMLElement | null = null;
    for (const c of list) {
      const option = chartOptionFromJson(c.option);
      const shown = withTrialTooltips(option, (n) => tips[n] ?? `Trial ${n}`);
      let entry = this.charts.get(c.name);
      if (entry === undefined) {
        const el = h('div', { className: 'chart', id: `chart-${c.name}`, 'data-chart': c.name });
        el.style.height = `${heightOf(option)}px`;
        const section = h('section', { className: 'chart-section' }, h('h3', {}, c.title), el);
        if (prev === null) this.body.prepend(section);
        else prev.after(section);
        const chart = echarts.init(el, null, { renderer: 'canvas' });
        entry = { el, chart, option };
        const e = entry;
        chart.on('finished', () => {
          if (el.dataset.drawn !== 'true') this.drawn++;
          el.dataset.drawn = 'true';
        });
        chart.on('click', (p) => {
          const n = trialNumberAt(e.option, p as ChartPoint);
          if (n !== null && this.onTrial !== null) this.onTrial(n);
        });
        this.charts.set(c.name, entry);
      } else {
        entry.el.style.height = `${heightOf(option)}px`;
        entry.chart.resize();
      }
      entry.option = option;
      entry.chart.setOption(shown, { notMerge: true });
      prev = entry.el.parentElement;
      // one frame between two charts: the page paints (and answers input) while a large set draws
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    }
  }

  private jump(e: Event, name: string): void {
    e.preventDefault();
    this.charts.get(name)?.el.scrollIntoView({ behavior: 'smooth' });
  }

  /** Releases the charts. */
  dispose(): void {
    for (const c of this.charts.values()) c.chart.dispose();
    this.charts.clear();
  }
}

/** A small line chart of a trial's intermediate values. */
export function lineChart(el: HTMLElement, name: string, points: readonly [number, number | null][]): echarts.ECharts {
  const chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 70, right: 30, top: 30, bottom: 50 },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'value', name, scale: true },
    series: [{ type: 'line', name, showSymbol: points.length <= 60, data: points }],
  });
  return chart;
}
