/**
 * `gbtune/viz`: seeing a study — every Optuna plot as pure data (`get*Info`) and as ECharts options
 * (`plot*`), rendered to a self-contained HTML report, to SVG, or to PNG (which loads the optional
 * package `@resvg/resvg-js` when first asked for) — and seeing a model: feature importance, SHAP
 * summary (beeswarm) and SHAP dependence plots from a `ModelExplanation`. Re-exports only.
 *
 * @example
 * ```ts
 * import { writeHtmlReport, renderSvg, plotSlice } from 'gbtune/viz';
 * writeHtmlReport(study, 'report.html');
 * const svg = renderSvg(plotSlice(study, { params: ['lr'] }));
 * ```
 */
export type { ParamAxis, TargetOptions, VizStudy } from './info/common.js';
export { getContourInfo, type ContourInfo, type ContourOptions } from './info/contour.js';
export { getEdfInfo, type EdfInfo, type EdfOptions } from './info/edf.js';
export { getIntermediateValuesInfo, type IntermediateValuesInfo } from './info/intermediate-values.js';
export { getOptimizationHistoryInfo, type OptimizationHistoryInfo, type OptimizationHistoryOptions } from './info/optimization-history.js';
export { getParallelCoordinateInfo, type ParallelCoordinateInfo, type ParallelCoordinateOptions } from './info/parallel-coordinate.js';
export { getParamImportancesInfo, type ParamImportancesInfo, type ParamImportancesPlotOptions } from './info/param-importances.js';
export { getParetoFrontInfo, type ParetoFrontInfo, type ParetoFrontOptions } from './info/pareto-front.js';
export { getRankInfo, type RankInfo, type RankOptions } from './info/rank.js';
export { getSliceInfo, type SliceInfo, type SliceOptions } from './info/slice.js';
export { getTimelineInfo, type TimelineInfo, type TimelineOptions } from './info/timeline.js';
export { getTimeToBestInfo, type TimeToBestInfo } from './info/time-to-best.js';
export type { ModelExplanation } from './info/model-explanation.js';
export { getFeatureImportanceInfo, type FeatureImportanceInfo, type FeatureImportanceInfoOptions } from './info/feature-importance.js';
export { getShapSummaryInfo, type ShapSummaryInfo, type ShapSummaryOptions, type ShapSummaryPoint } from './info/shap-summary.js';
export { getShapDependenceInfo, type ShapDependenceInfo, type ShapDependenceOptions, type ShapDependenceSubplot } from './info/shap-dependence.js';
export type { ChartOption } from './render/common.js';
export { plotContour } from './render/contour.js';
export { plotEdf } from './render/edf.js';
export { plotIntermediateValues } from './render/intermediate-values.js';
export { plotOptimizationHistory } from './render/optimization-history.js';
export { plotParallelCoordinate } from './render/parallel-coordinate.js';
export { plotParamImportances } from './render/param-importances.js';
export { plotParetoFront } from './render/pareto-front.js';
export { plotRank } from './render/rank.js';
export { plotSlice } from './render/slice.js';
export { plotTimeline } from './render/timeline.js';
export { plotTimeToBest } from './render/time-to-best.js';
export { plotFeatureImportance } from './render/feature-importance.js';
export { plotShapSummary } from './render/shap-summary.js';
export { plotShapDependence } from './render/shap-dependence.js';
export { buildHtmlPage, type HtmlPageOptions, type PageChart } from './render/html.js';
export { renderSvg, type RenderSvgOptions } from './render/svg.js';
export { buildHtmlReport, reportCharts, writeHtmlReport, writeSvgPlots, writePngPlots, type ReportOptions, type SvgPlotsOptions } from './report.js';
export { svgToPng } from './render/png.js';
