/**
 * SHAP contributions of every row (LightGBM's `predict(pred_contrib=True)`, `GBDT::PredictContrib`
 * in `src/boosting/gbdt_prediction.cpp`): per class, one column per feature then the bias, each
 * tree's {@link treeShap} added in tree order over the first `numIteration` rounds.
 */
import type { BoosterModel } from './model.js';
import { checkColumns, roundsToUse, type PredictRawOptions } from './predict.js';
import { addFeatureShap, ShapPath, treeExpectedValue, treeMaxDepth } from './tree-shap.js';

/**
 * Contributions, row-major: `numTreePerIteration * (nFeatures + 1)` columns per row. Row i,
 * class k, feature f is `out[i * cols + k * (nFeatures + 1) + f]`, and class k's bias (the
 * expected raw score) is at `f = nFeatures`. A row's columns of class k sum to its raw score of
 * class k. The layout of LightGBM's dense `pred_contrib` output.
 *
 * @example
 * ```ts
 * const contrib = predictContribColumns(model, columns);
 * const cols = model.numTreePerIteration * (model.features.length + 1);
 * contrib[3 * cols + model.features.length]; // row 3's bias
 * ```
 */
export function predictContribColumns(model: BoosterModel, columns: readonly Float64Array[], { numIteration }: PredictRawOptions = {}): Float64Array {
  const nRows = checkColumns(model, columns);
  const k = Math.max(1, model.numTreePerIteration);
  const nf = model.features.length;
  const width = k * (nf + 1);
  const out = new Float64Array(nRows * width);
  const nTrees = roundsToUse(model, numIteration) * k;
  const path = new ShapPath();
  for (let t = 0; t < nTrees; t++) {
    const tree = model.trees[t];
    path.ensure(treeMaxDepth(tree));
    const classOffset = (t % k) * (nf + 1);
    const expected = treeExpectedValue(tree);
    for (let i = 0, o = classOffset; i < nRows; i++, o += width) {
      addFeatureShap(tree, columns, i, out, o, path);
      out[o + nf] += expected;
    }
  }
  return out;
}
