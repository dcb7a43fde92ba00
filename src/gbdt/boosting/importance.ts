/**
 * Split and gain feature importance as LightGBM computes it (`GBDT::FeatureImportance`,
 * `src/boosting/gbdt_model_text.cpp`): over the trees of the first `numIteration` rounds, each
 * split with a positive gain adds 1 (`'split'`) or its gain (`'gain'`) to its feature.
 */
import { ParamError } from '../../core/errors.js';
import type { BoosterModel } from './model.js';
import { roundsToUse } from './predict.js';

/** The kinds of importance (LightGBM's `importance_type`). */
export const ImportanceType = { split: 'split', gain: 'gain' } as const;
export type ImportanceType = (typeof ImportanceType)[keyof typeof ImportanceType];

/** Options of {@link featureImportance}. */
export interface FeatureImportanceOptions {
  /** `'split'` (default): number of splits on the feature; `'gain'`: sum of their gains. */
  importanceType?: ImportanceType;
  /** Rounds to count; default `bestIteration` when > 0, else all rounds (as `predict`). */
  numIteration?: number;
}

/**
 * One value per feature, in the model's feature order.
 *
 * @example
 * ```ts
 * const imp = featureImportance(model, { importanceType: 'gain' });
 * model.features.map((f, i) => [f.name, imp[i]]);
 * ```
 */
export function featureImportance(
  model: BoosterModel,
  { importanceType = 'split', numIteration }: FeatureImportanceOptions = {},
): Float64Array {
  if (importanceType !== 'split' && importanceType !== 'gain') {
    throw new ParamError('importanceType', importanceType, `importanceType must be 'split' or 'gain', got '${String(importanceType)}'`);
  }
  const out = new Float64Array(model.features.length);
  const nTrees = roundsToUse(model, numIteration) * Math.max(1, model.numTreePerIteration);
  const gain = importanceType === 'gain';
  for (let t = 0; t < nTrees; t++) {
    const tree = model.trees[t];
    const nSplits = tree.numLeaves - 1;
    for (let s = 0; s < nSplits; s++) {
      const g = tree.splitGain[s];
      if (g > 0) out[tree.splitFeature[s]] += gain ? g : 1;
    }
  }
  return out;
}
