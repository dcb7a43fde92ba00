/**
 * Data of the feature importance plot (LightGBM's `plot_importance`): the model's features by
 * importance, largest first, the unused ones (importance 0) left out.
 *
 * @example
 * ```ts
 * getFeatureImportanceInfo(explanation).features; // [{ feature: 'income', importance: 40.1 }, ...]
 * ```
 */
import { checkModelExplanation, type ModelExplanation } from './model-explanation.js';

/** Options of {@link getFeatureImportanceInfo}. */
export interface FeatureImportanceInfoOptions {
  /** Keep at most this many features. Default 20. */
  maxFeatures?: number;
}

/** See {@link getFeatureImportanceInfo}. */
export interface FeatureImportanceInfo {
  importanceType: 'split' | 'gain';
  /** Largest first; ties in model order. */
  features: { feature: string; importance: number }[];
  /** Features with a positive importance (before `maxFeatures`). */
  nUsed: number;
}

/** The features by importance (see the module doc). */
export function getFeatureImportanceInfo(e: ModelExplanation, { maxFeatures = 20 }: FeatureImportanceInfoOptions = {}): FeatureImportanceInfo {
  checkModelExplanation(e, 'getFeatureImportanceInfo');
  const used = e.featureNames
    .map((feature, i) => ({ feature, importance: e.importance[i], i }))
    .filter((r) => r.importance > 0)
    .sort((a, b) => b.importance - a.importance || a.i - b.i);
  return {
    importanceType: e.importanceType,
    features: used.slice(0, Math.max(0, maxFeatures)).map(({ feature, importance }) => ({ feature, importance })),
    nUsed: used.length,
  };
}
