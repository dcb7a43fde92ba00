/**
 * Refit: new leaf values for a model's trees from new data, keeping every tree's structure
 * (LightGBM's `Booster.refit`, anchors `python-package/lightgbm/basic.py` `refit`,
 * `GBDT::RefitTree` in `src/boosting/gbdt.cpp` and `SerialTreeLearner::FitByExistingTree` in
 * `src/treelearner/serial_tree_learner.cpp`). Round by round, from raw scores starting at zero:
 * the objective's gradients at the current scores; for each tree, each leaf's output from the
 * gradient and hessian sums of the rows the tree sends there (L1, L2 and max_delta_step from the
 * model's params), times the tree's shrinkage, blended with the old value as
 * `decayRate * old + (1 - decayRate) * new`; then the scores move by the refitted tree.
 *
 * A model trained with `path_smooth > 0` is refused: LightGBM's refit then smooths towards the
 * leaf's parent node INDEX read from a `leaf_parent` array a loaded model does not have
 * (LightGBM 4.7 crashes on it, checked), so there is no defined result to reproduce.
 */
import { K_EPSILON } from '../../core/constants.js';
import { DataError, ParamError } from '../../core/errors.js';
import type { Dataset } from '../../data/dataset.js';
import { resolveParams } from '../../params/resolve.js';
import type { GbdtParams } from '../../params/resolved.js';
import { createObjective } from '../objective/registry.js';
import { leafOutput } from '../tree/split-info.js';
import type { Tree } from '../tree/tree.js';
import { defaultClassLabels, type BoosterModel } from './model.js';
import { objectiveOf, predictLeafColumns } from './predict.js';
import { copyTree } from './tree-copy.js';

/** Options of `Booster.refit`. */
export interface RefitOptions {
  /**
   * LightGBM's `decay_rate` (`refit_decay_rate`): a leaf becomes `decayRate * old + (1 -
   * decayRate) * refitted`, in [0, 1]. Default 0.9.
   */
  decayRate?: number;
}

/** The params a refit reads, taken from the model's params (LightGBM: the booster's params) and objective line. */
const REFIT_KEYS = ['objective', 'num_class', 'sigmoid', 'is_unbalance', 'scale_pos_weight', 'alpha', 'lambda_l1', 'lambda_l2', 'max_delta_step', 'path_smooth'] as const;

/** The refit's params: the model's own values of {@link REFIT_KEYS}, the objective line where the params have none. */
function refitParams(model: BoosterModel): GbdtParams {
  const input: Record<string, unknown> = {};
  for (const key of REFIT_KEYS) if (model.params[key] !== undefined && model.params[key] !== '') input[key] = model.params[key];
  if (input.objective === undefined) {
    const objective = objectiveOf(model);
    if (objective === null) throw new ParamError('objective', model.objective, "refit: the model has no objective (LightGBM: 'Cannot refit due to null objective function')");
    input.objective = objective.name;
    const sigmoid = /(?:^|\s)sigmoid:(\S+)/.exec(model.objective);
    if (sigmoid !== null) input.sigmoid = Number(sigmoid[1]);
  }
  if (model.numTreePerIteration > 1) input.num_class = model.numClass;
  return resolveParams(input, { context: 'refit', numClass: model.numClass });
}

/**
 * The labels of `data` in the model's terms: class indices by class label (classification), or
 * the numeric target.
 *
 * @example
 * ```ts
 * const label = refitLabel(booster.model, await readCsv('new.csv'));
 * ```
 */
export function refitLabel(model: BoosterModel, data: Dataset): Float64Array {
  const t = data.target;
  if (t === null) throw new DataError('refit: the data has no target column (refit needs the labels)');
  if (model.classes === null) {
    if (t.numeric === null) throw new DataError(`refit: the model predicts numbers but target '${t.name}' holds text`);
    return t.numeric;
  }
  if (t.classes === null || t.classIndex === null) throw new DataError(`refit: the model is a classifier but target '${t.name}' has no class labels`);
  const classes = model.classes;
  const defaults = defaultClassLabels(model.objective, model.numClass);
  const unlabelled = defaults !== null && defaults.length === classes.length && classes.every((c, i) => c === defaults[i]);
  // a model that stores no labels (LightGBM's model.txt: class indices) takes the data's labels in order
  const byPosition = unlabelled && t.classes.length === classes.length && t.classes.some((c) => !classes.includes(c));
  const map = t.classes.map((c, j) => {
    const k = byPosition ? j : classes.indexOf(c);
    if (k < 0) throw new DataError(`refit: class '${c}' of target '${t.name}' is not one of the model's classes [${classes.join(', ')}]`);
    return k;
  });
  return Float64Array.from(t.classIndex, (c) => map[c]);
}

/** One tree's refit (LightGBM's FitByExistingTree) from the rows' leaves and its class's gradients. */
function refitTree(old: Tree, leafOf: Int32Array, stride: number, t: number, grad: Float32Array, hess: Float32Array, offset: number, n: number, p: GbdtParams, decay: number): Tree {
  const tree = copyTree(old);
  const nl = tree.numLeaves;
  const sg = new Float64Array(nl);
  const sh = new Float64Array(nl).fill(K_EPSILON);
  const cnt = new Int32Array(nl);
  // each leaf's sums in row order, as LightGBM's partition by leaf prediction lists them
  for (let i = 0, o = t; i < n; i++, o += stride) {
    const l = leafOf[o];
    sg[l] += grad[offset + i];
    sh[l] += hess[offset + i];
    cnt[l]++;
  }
  for (let l = 0; l < nl; l++) {
    const out = leafOutput(sg[l], sh[l], p.lambda_l1, p.lambda_l2, p.max_delta_step, 0, cnt[l], 0);
    tree.leafValue[l] = decay * old.leafValue[l] + (1 - decay) * (out * tree.shrinkage);
  }
  return tree;
}

/**
 * The model with every tree refitted on `columns` (model feature order) and `label` (class
 * indices or values); trees, features and params otherwise unchanged.
 *
 * @example
 * ```ts
 * const refitted = refitModel(booster.model, booster.columnsOf(data), refitLabel(booster.model, data), { decayRate: 0.9 });
 * ```
 */
export function refitModel(model: BoosterModel, columns: readonly Float64Array[], label: Float64Array, { decayRate = 0.9 }: RefitOptions = {}): BoosterModel {
  if (!(typeof decayRate === 'number' && decayRate >= 0 && decayRate <= 1)) {
    throw new ParamError('decayRate', decayRate, `refit: decayRate must be in [0, 1], got ${String(decayRate)}`);
  }
  const params = refitParams(model);
  if (params.path_smooth > K_EPSILON) {
    throw new ParamError('path_smooth', params.path_smooth, `refit: the model was trained with path_smooth = ${params.path_smooth}; LightGBM's refit has no defined result for path smoothing (it reads a parent the model does not keep), so gbtune does not refit such a model`);
  }
  const objective = createObjective(params);
  const k = Math.max(1, model.numTreePerIteration);
  const rounds = Math.floor(model.trees.length / k);
  const nTrees = rounds * k;
  const leafOf = predictLeafColumns(model, columns, { numIteration: rounds });
  const n = label.length;
  if (n === 0) throw new DataError('refit: the data has no rows');
  if (leafOf.length !== n * nTrees) throw new DataError(`refit: the data has ${leafOf.length / Math.max(1, nTrees)} rows but ${n} labels`);
  objective.init(label, null);
  const score = new Float64Array(k * n);
  const grad = new Float32Array(k * n);
  const hess = new Float32Array(k * n);
  const trees: Tree[] = [];
  for (let r = 0; r < rounds; r++) {
    objective.getGradients(score, grad, hess);
    for (let c = 0; c < k; c++) {
      const t = r * k + c;
      const tree = refitTree(model.trees[t], leafOf, nTrees, t, grad, hess, c * n, n, params, decayRate);
      for (let i = 0, o = t; i < n; i++, o += nTrees) score[c * n + i] += tree.leafValue[leafOf[o]];
      trees.push(tree);
    }
  }
  return { ...model, trees };
}
