/**
 * Batch prediction of a {@link BoosterModel} on columns (LightGBM's `GBDT::PredictRaw` and
 * `GBDT::Predict`, `src/boosting/gbdt_prediction.cpp`): a row's raw score for class k is the sum
 * of class k's trees over the first `numIteration` rounds; the objective's link turns raw
 * scores into probabilities or values.
 */
import { DataError } from '../../core/errors.js';
import { treeLeafIndex } from '../tree/tree-predict.js';
import { resolveThreads } from '../threads/trainer-pool.js';
import { addForestOutput, packForest } from './packed-forest.js';
import { predictRawOnThreads, predictThreadSwitches } from './predict-threads.js';
import type { BoosterModel } from './model.js';
import { parseObjectiveLine } from '../objective/registry.js';
import type { Objective } from '../objective/objective.js';

/** Options of the prediction functions. */
export interface PredictRawOptions {
  /**
   * Rounds of boosting to use. Default (undefined or <= 0): the model's `bestIteration` when it
   * is > 0, else every round (LightGBM's `num_iteration=None`). Larger values are clamped.
   */
  numIteration?: number;
  /**
   * Threads of a batch prediction (LightGBM's predict `num_threads`; the aliases are the
   * training param's). Default (undefined or <= 0): the machine's cores, as a training's
   * (`resolveThreads`); 1: the calling thread only. A batch under 2,000,000 rows x trees stays on
   * the calling thread. Raw scores are the same bits at any thread count. Used by raw scores,
   * values, labels and probabilities (not by leaf indices or SHAP contributions).
   */
  numThreads?: number;
}

/**
 * The number of rounds a prediction uses: `numIteration` if > 0, else `bestIteration` if > 0,
 * else all rounds; never more than the model has.
 *
 * @example
 * ```ts
 * roundsToUse({ ...model, bestIteration: 8 }); // 8
 * ```
 */
export function roundsToUse(model: BoosterModel, numIteration?: number): number {
  const total = Math.floor(model.trees.length / Math.max(1, model.numTreePerIteration));
  let n = numIteration !== undefined && numIteration > 0 ? Math.floor(numIteration) : model.bestIteration > 0 ? model.bestIteration : total;
  if (n > total) n = total;
  return n;
}

/**
 * Checks that `columns` can feed the model (one Float64Array per feature, all of one length)
 * and returns the number of rows; a {@link DataError} otherwise.
 *
 * @example
 * ```ts
 * const nRows = checkColumns(model, columns);
 * ```
 */
export function checkColumns(model: BoosterModel, columns: readonly Float64Array[]): number {
  const nFeatures = model.features.length;
  if (columns.length !== nFeatures) {
    throw new DataError(`prediction input has ${columns.length} columns; the model has ${nFeatures} features`);
  }
  const nRows = nFeatures > 0 ? columns[0].length : 0;
  for (let f = 0; f < nFeatures; f++) {
    const c = columns[f];
    if (!(c instanceof Float64Array)) {
      throw new DataError(`prediction input column ${f} ('${model.features[f].name}') is not a Float64Array`);
    }
    if (c.length !== nRows) {
      throw new DataError(`prediction input column ${f} ('${model.features[f].name}') has ${c.length} rows; column 0 has ${nRows}`);
    }
  }
  return nRows;
}

/**
 * Raw scores of every row, row-major: `out[i * numTreePerIteration + k]` is class k's raw score
 * of row i (the layout of LightGBM's `predict(raw_score=True)`). The trees are packed once
 * (packed-forest.ts) and walked outer, rows inner: each tree's arrays stay hot in cache while the
 * rows stream past (measured faster than rows outer on the fixtures' models). A large batch is
 * split by rows over the trainer's threads (predict-threads.ts; see `numThreads`).
 *
 * @example
 * ```ts
 * const raw = predictRawColumns(model, columns); // Float64Array(nRows * model.numTreePerIteration)
 * ```
 */
export function predictRawColumns(
  model: BoosterModel,
  columns: readonly Float64Array[],
  { numIteration, numThreads }: PredictRawOptions = {},
): Float64Array {
  const nRows = checkColumns(model, columns);
  const k = Math.max(1, model.numTreePerIteration);
  const nTrees = roundsToUse(model, numIteration) * k;
  const threads = resolveThreads(numThreads ?? 0);
  if (threads > 1 && nRows > 1 && nRows * nTrees >= predictThreadSwitches.minWork) {
    const out = predictRawOnThreads(model, columns, nRows, nTrees, threads);
    if (out !== null) return out;
  }
  const out = new Float64Array(nRows * k);
  addForestOutput(packForest(model.trees, nTrees, k), columns, 0, nRows, out);
  return out;
}

/**
 * The leaf each row reaches in each tree (LightGBM's `predict(pred_leaf=True)`), row-major with
 * one column per tree of the first `numIteration` rounds: row i, tree t at
 * `out[i * nTrees + t]` (trees round-major, as `model.trees`).
 *
 * @example
 * ```ts
 * const leaves = predictLeafColumns(model, columns); // Int32Array(nRows * model.trees.length)
 * ```
 */
export function predictLeafColumns(model: BoosterModel, columns: readonly Float64Array[], { numIteration }: PredictRawOptions = {}): Int32Array {
  const nRows = checkColumns(model, columns);
  const nTrees = roundsToUse(model, numIteration) * Math.max(1, model.numTreePerIteration);
  const out = new Int32Array(nRows * nTrees);
  for (let t = 0; t < nTrees; t++) {
    const tree = model.trees[t];
    for (let i = 0, o = t; i < nRows; i++, o += nTrees) out[o] = treeLeafIndex(tree, columns, i);
  }
  return out;
}

/**
 * The scores the objective's transform applies to: the raw scores, or for a random forest
 * (`averageOutput`) their average over the `rounds` used (LightGBM's `GBDT::Predict` divides by
 * `num_iteration_for_pred_`). Returns `raw` itself when there is nothing to do.
 *
 * @example
 * ```ts
 * const proba = convertRawScores(model, outputScores(model, raw, roundsToUse(model)));
 * ```
 */
export function outputScores(model: BoosterModel, raw: Float64Array, rounds: number): Float64Array {
  if (model.averageOutput !== true || rounds <= 0) return raw;
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i] / rounds;
  return out;
}

/**
 * Applies the objective's output transform to row-major raw scores (sigmoid for binary,
 * softmax for multiclass, identity for regression), returning a new array of the same layout.
 *
 * @example
 * ```ts
 * const proba = convertRawScores(model, predictRawColumns(model, columns));
 * ```
 */
export function convertRawScores(model: BoosterModel, raw: Float64Array, objective: Objective | null = objectiveOf(model)): Float64Array {
  const k = Math.max(1, model.numTreePerIteration);
  if (objective === null) return Float64Array.from(raw);
  const out = new Float64Array(raw.length);
  const nRows = raw.length / k;
  const rowIn = new Float64Array(k);
  const rowOut = new Float64Array(k);
  for (let i = 0; i < nRows; i++) {
    const base = i * k;
    for (let j = 0; j < k; j++) rowIn[j] = raw[base + j];
    objective.convertOutput(rowIn, rowOut);
    for (let j = 0; j < k; j++) out[base + j] = rowOut[j];
  }
  return out;
}

/**
 * The objective named by the model's objective line (T2a's registry), or null when the model
 * has none (a model.txt without `objective=`: outputs are the raw scores).
 *
 * @example
 * ```ts
 * objectiveOf(model)?.name; // 'binary'
 * ```
 */
export function objectiveOf(model: BoosterModel, file?: string): Objective | null {
  return model.objective.trim() === '' ? null : parseObjectiveLine(model.objective, { file });
}
