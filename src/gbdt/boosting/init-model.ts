/**
 * Continued training (LightGBM's `lgb.train(..., init_model=...)`, anchor
 * `python-package/lightgbm/engine.py` and `basic.py`: `_set_init_score_by_predictor`,
 * `LGBM_BoosterMerge`): training starts from the init model's raw scores on the training and
 * validation data, computed from their raw feature values, and the new model holds the init
 * model's trees followed by the new ones. The init model must fit the data: the same features in
 * the same order (with the same category codes), the same objective and the same classes.
 */
import { DataError } from '../../core/errors.js';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import { Dataset } from '../../data/dataset.js';
import type { FeatureMeta } from '../../data/feature-meta.js';
import type { GbdtParams } from '../../params/resolved.js';
import { Booster } from './booster.js';
import { defaultClassLabels } from './model.js';
import { loadModel } from './model-io.js';
import { lightGbmFeatureName } from './model-txt-write.js';
import { objectiveOf } from './predict.js';
import type { SessionStart } from './session.js';

/** A model to continue: a {@link Booster}, or a gbtune JSON / LightGBM model.txt path. */
export type InitModel = Booster | string;

/**
 * The init model as a Booster (loading it when given as a path).
 *
 * @example
 * ```ts
 * const init = initBooster('model.txt');
 * ```
 */
export function initBooster(initModel: InitModel): Booster {
  if (initModel instanceof Booster) return initModel;
  if (typeof initModel !== 'string') throw new DataError(`initModel must be a Booster or a model file path, got ${typeof initModel}`);
  return loadModel(initModel);
}

const show = (list: readonly string[]): string => `[${list.length > 8 ? `${list.slice(0, 8).join(', ')}, ...` : list.join(', ')}]`;

/** Why the data's feature `d` cannot continue the model's feature `m` (same position), or null. */
function featureMismatch(m: FeatureMeta, d: FeatureMeta): string | null {
  if (lightGbmFeatureName(m.name) !== lightGbmFeatureName(d.name)) return `is '${m.name}' in the model but '${d.name}' in the data`;
  if (m.kind !== d.kind) return `'${d.name}' is ${m.kind} in the model but ${d.kind} in the data`;
  if (m.kind !== 'categorical') return null;
  const dc = d.categories ?? [];
  // a model that knows only integer codes (a LightGBM model.txt without pandas_categorical) fits
  // data whose codes are those integers
  const mc = m.categories ?? dc.map((_, i) => String(i));
  if (mc.length !== dc.length || mc.some((c, i) => c !== dc[i])) {
    return `categorical '${d.name}' has the categories ${show(mc)} in the model but ${show(dc)} in the data (the codes must be the same)`;
  }
  return null;
}

/**
 * Checks that the init model fits the training data and params, with a {@link DataError} naming
 * what differs: features (names, order, kinds, categories), objective, number of classes and class
 * labels (a model that stores none, as a LightGBM model.txt, fits any labels of the same count).
 *
 * @example
 * ```ts
 * checkInitModel(loadModel('model.txt'), binned, params);
 * ```
 */
export function checkInitModel(init: Booster, data: BinnedDataset, params: GbdtParams): void {
  const model = init.model;
  const mf = model.features;
  const df = data.features;
  if (mf.length !== df.length) {
    throw new DataError(`initModel: the model has ${mf.length} features ${show(mf.map((f) => f.name))}, the data ${df.length} ${show(df.map((f) => f.name))}; continued training needs the same features in the same order`);
  }
  for (let f = 0; f < mf.length; f++) {
    const why = featureMismatch(mf[f], df[f]);
    if (why !== null) throw new DataError(`initModel: feature ${f} ${why}; continued training needs the same features in the same order`);
  }
  const objective = objectiveOf(model);
  if (objective === null || objective.name !== params.objective) {
    throw new DataError(`initModel: the model's objective is '${model.objective}' but training asks for '${params.objective}'; continue a model with its own objective`);
  }
  if (model.numTreePerIteration !== objective.numModelPerIteration || (params.objective === 'multiclass' && model.numClass !== params.num_class)) {
    throw new DataError(`initModel: the model has ${model.numClass} classes, the params ${params.num_class}`);
  }
  const classes = data.target?.classes ?? null;
  if (model.classes !== null && classes !== null) {
    const same = model.classes.length === classes.length && model.classes.every((c, i) => c === classes[i]);
    const defaults = defaultClassLabels(model.objective, model.numClass);
    const unlabelled = defaults !== null && defaults.length === classes.length && model.classes.every((c, i) => c === defaults[i]);
    if (!same && !unlabelled) {
      throw new DataError(`initModel: the model's classes ${show(model.classes)} differ from the data's ${show(classes)}; continued training needs the same classes`);
    }
  }
}

/** Raw scores of `booster` (all its rounds) on `data`, class-major over `rows` (null: all rows). */
function classMajorScores(booster: Booster, data: Dataset, rows: Uint32Array | null): Float64Array {
  const k = booster.numTreePerIteration;
  const raw = booster.predictRaw(data, { numIteration: booster.numIterations });
  const n = rows === null ? data.nRows : rows.length;
  const out = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) out[c * n + i] = raw[(rows === null ? i : rows[i]) * k + c];
  }
  return out;
}

/**
 * The scores a continued training starts from: the init model's raw scores (every round, as
 * LightGBM's predictor) on the training rows and on each validation set, all given as raw
 * {@link Dataset}s (the scores come from feature values, not bins).
 *
 * @example
 * ```ts
 * const start = startScores(init, data, null, [valid]);
 * new BoostingSession(params, binned, label, null, objective, metrics, valids, true, start);
 * ```
 */
export function startScores(init: Booster, data: Dataset | BinnedDataset, rows: Uint32Array | null, valid: readonly (Dataset | BinnedDataset)[]): SessionStart {
  const raw = (d: Dataset | BinnedDataset, what: string): Dataset => {
    if (d instanceof Dataset) return d;
    throw new DataError(`initModel: the ${what} is a BinnedDataset; pass the Dataset: the init model scores rows from their feature values, as LightGBM does`);
  };
  return {
    score: classMajorScores(init, raw(data, 'training data'), rows),
    validScores: valid.map((v, i) => classMajorScores(init, raw(v, `validation set ${i}`), null)),
  };
}
