/**
 * Data of SHAP dependence plots (the `shap` package's `dependence_plot`): for each chosen feature,
 * every sampled row as a point (feature value, SHAP value of that feature), showing how the
 * model's output moves with the feature. Rows where the feature is missing have no x position and
 * are counted instead.
 *
 * @example
 * ```ts
 * const info = getShapDependenceInfo(explanation, { features: ['income'] });
 * info.subplots[0].points; // [{ x: 2100, y: 0.5 }, ...]
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { checkModelExplanation, type ModelExplanation } from './model-explanation.js';
import { getShapSummaryInfo } from './shap-summary.js';

/** Options of {@link getShapDependenceInfo}. */
export interface ShapDependenceOptions {
  /** Features to plot. Default: the `maxFeatures` with the largest mean |SHAP value|. */
  features?: readonly string[];
  /** Without `features`: how many. Default 4. */
  maxFeatures?: number;
}

/** One feature's points. */
export interface ShapDependenceSubplot {
  feature: string;
  /** Category texts (x is then the category's text) or null (x is the value). */
  categories: string[] | null;
  points: { x: number | string; y: number }[];
  /** Rows left out because the feature is missing there. */
  nMissing: number;
}

/** See {@link getShapDependenceInfo}. */
export interface ShapDependenceInfo {
  shapTarget: string;
  subplots: ShapDependenceSubplot[];
}

/** The dependence plots' points (see the module doc). */
export function getShapDependenceInfo(e: ModelExplanation, { features, maxFeatures = 4 }: ShapDependenceOptions = {}): ShapDependenceInfo {
  const n = checkModelExplanation(e, 'getShapDependenceInfo');
  const chosen = features ?? getShapSummaryInfo(e, { maxFeatures }).features.map((f) => f.feature);
  return {
    shapTarget: e.shapTarget,
    subplots: chosen.map((feature) => {
      const j = e.featureNames.indexOf(feature);
      if (j < 0) throw new TunerError(`getShapDependenceInfo: no feature '${feature}'; the features are ${e.featureNames.join(', ')}`);
      const cats = e.categories[j];
      const points: { x: number | string; y: number }[] = [];
      let nMissing = 0;
      for (let i = 0; i < n; i++) {
        const v = e.values[j][i];
        if (Number.isNaN(v)) nMissing++;
        else points.push({ x: cats === null ? v : (cats[v] ?? String(v)), y: e.shap[j][i] });
      }
      return { feature, categories: cats === null ? null : [...cats], points, nMissing };
    }),
  };
}
