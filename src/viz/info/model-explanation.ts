/**
 * A trained model explained on a sample of rows, as plain data: what the model plots (feature
 * importance, SHAP summary, SHAP dependence) draw. `gbtune/tune-gbdt` builds one from a booster
 * and its data (`explainModel`); any other source can fill it in, since the plots need no model.
 *
 * @example
 * ```ts
 * const explanation: ModelExplanation = {
 *   featureNames: ['age', 'income'],
 *   importance: [12.5, 40.1],
 *   importanceType: 'gain',
 *   values: [Float64Array.of(31, 45), Float64Array.of(2100, NaN)],
 *   categories: [null, null],
 *   shap: [Float64Array.of(-0.2, 0.1), Float64Array.of(0.5, -0.3)],
 *   shapTarget: 'raw score (log-odds)',
 *   nRows: 2,
 * };
 * ```
 */
import { TunerError } from '../../core/errors.js';

/** See the module doc. Feature arrays are in the same (model) order; per-row arrays cover the same sampled rows. */
export interface ModelExplanation {
  featureNames: readonly string[];
  /** Per feature: its importance in the model (LightGBM's `feature_importance`). */
  importance: readonly number[];
  importanceType: 'split' | 'gain';
  /** Per feature: the sampled rows' values (NaN = missing; a categorical feature's category code). */
  values: readonly Float64Array[];
  /** Per feature: a categorical feature's category texts (code → text), null for a numeric one. */
  categories: readonly (readonly string[] | null)[];
  /** Per feature: the sampled rows' SHAP values (LightGBM's `pred_contrib`). */
  shap: readonly Float64Array[];
  /** What the SHAP values add up to (an axis name), e.g. `'raw score (log-odds)'`. */
  shapTarget: string;
  /** The rows of the data the sample was drawn from (the plots say "n of N rows"). */
  nRows: number;
}

/**
 * Checks that the arrays of an explanation line up, naming the first that does not; returns the
 * number of sampled rows.
 *
 * @example
 * ```ts
 * const n = checkModelExplanation(explanation, 'getShapSummaryInfo');
 * ```
 */
export function checkModelExplanation(e: ModelExplanation, plot: string): number {
  const f = e.featureNames.length;
  for (const [name, len] of [
    ['importance', e.importance.length],
    ['values', e.values.length],
    ['categories', e.categories.length],
    ['shap', e.shap.length],
  ] as const) {
    if (len !== f) throw new TunerError(`${plot}: ${name} has ${len} entries for ${f} features`);
  }
  const n = f > 0 ? e.values[0].length : 0;
  for (let j = 0; j < f; j++) {
    if (e.values[j].length !== n || e.shap[j].length !== n) {
      throw new TunerError(`${plot}: feature '${e.featureNames[j]}' has ${e.values[j].length} values and ${e.shap[j].length} SHAP values; feature 0 has ${n}`);
    }
  }
  return n;
}
