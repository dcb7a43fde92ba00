/**
 * `gbtune/viz/browser`: the part of `gbtune/viz` a web page can import (nothing in it needs
 * Node) — chart options built on a server with the `plot*` functions, sent as JSON and drawn in
 * the page, with gbtune's chart functions restored by name (no code evaluated from text) and
 * the trial of a point found for tooltips and clicks. The dashboard's page uses it. Re-exports only.
 *
 * @example
 * ```ts
 * import { chartOptionFromJson, withTrialTooltips } from 'gbtune/viz/browser';
 * chart.setOption(withTrialTooltips(chartOptionFromJson(await (await fetch(url)).text()), (n) => `Trial ${n}`));
 * ```
 */
export { chartOptionToJson, chartOptionFromJson, trialNumberAt, withTrialTooltips, type ChartPoint } from '../render/chart-json.js';
