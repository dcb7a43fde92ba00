/**
 * Static SVG of an ECharts option, rendered in Node with ECharts' server-side SVG renderer
 * (`renderToSVGString`), no browser needed — for papers and CI artifacts.
 *
 * @example
 * ```ts
 * const svg = renderSvg(plotOptimizationHistory(study), { width: 900 });
 * ```
 */
import * as echarts from 'echarts';
import { chartHeight, type ChartOption } from './common.js';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Pixels. Default 900. */
  width?: number;
  /** Pixels. Default: what the option's subplots need ({@link chartHeight}). */
  height?: number;
}

/**
 * Renders an option to an SVG document string, as a static picture: {@link staticOption} leaves
 * out the interactive widgets (zoom sliders, toolboxes, draggable color-scale handles), which the
 * HTML page keeps.
 */
export function renderSvg(option: ChartOption, { width = 900, height }: RenderSvgOptions = {}): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: height ?? chartHeight(option) });
  try {
    chart.setOption(staticOption(stripPrivate(option)) as echarts.EChartsOption);
    const svg = chart.renderToSVGString();
    return svg.startsWith('<?xml') ? svg : `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`;
  } finally {
    chart.dispose();
  }
}

/** A copy of the option without gbtune's private series keys (gbtuneTrialDim, gbtuneTrialNumbers). */
export function stripPrivate(option: ChartOption): ChartOption {
  const series = option.series;
  if (!Array.isArray(series)) return option;
  return {
    ...option,
    series: series.map((s: ChartOption) => {
      if (!('gbtuneTrialDim' in s) && !('gbtuneTrialNumbers' in s)) return s;
      const { gbtuneTrialDim: _dim, gbtuneTrialNumbers: _numbers, ...rest } = s;
      return rest;
    }),
  };
}

/** Interactive components a static picture leaves out (they only make sense under a pointer). */
const INTERACTIVE_COMPONENTS = ['dataZoom', 'toolbox', 'brush'] as const;

/**
 * A copy of the option for a static picture (SVG, PNG): without zoom sliders (`dataZoom`),
 * toolboxes and brushes, and with every color scale (`visualMap`) drawn without drag handles
 * (`calculable: false`; its end labels stay). The data and axes are untouched.
 *
 * @example
 * ```ts
 * staticOption({ dataZoom: [{ type: 'slider' }], series: [] }); // { series: [] }
 * ```
 */
export function staticOption(option: ChartOption): ChartOption {
  const out: ChartOption = { ...option };
  for (const key of INTERACTIVE_COMPONENTS) delete out[key];
  const vm = option.visualMap;
  if (vm !== undefined && vm !== null) {
    const fixed = (v: ChartOption): ChartOption => (v.calculable === true ? { ...v, calculable: false } : v);
    out.visualMap = Array.isArray(vm) ? vm.map(fixed) : fixed(vm as ChartOption);
  }
  return out;
}
