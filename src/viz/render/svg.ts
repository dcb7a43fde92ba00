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

/** Renders an option to an SVG document string. */
export function renderSvg(option: ChartOption, { width = 900, height }: RenderSvgOptions = {}): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: height ?? chartHeight(option) });
  try {
    chart.setOption(stripPrivate(option) as echarts.EChartsOption);
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
