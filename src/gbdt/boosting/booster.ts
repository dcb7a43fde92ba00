/**
 * A trained model, ready to predict, explain and save: LightGBM's `Booster` with sklearn-style
 * class labels. `train()` returns one; {@link loadModel} reads one from a gbtune JSON or a
 * LightGBM model.txt file.
 */
import { DataError, ParamError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { alignToFeatures, type AlignFeature } from '../../data/align.js';
import { Dataset } from '../../data/dataset.js';
import type { Objective } from '../objective/objective.js';
import { argmaxFirst, isPositiveClass } from '../metric/predicted-class.js';
import { featureImportance, type FeatureImportanceOptions } from './importance.js';
import type { BoosterModel } from './model.js';
import { modelToJson, type ModelJson } from './model-json.js';
import { lightGbmFeatureName, modelToLightGbmText } from './model-txt-write.js';
import { convertRawScores, objectiveOf, outputScores, predictLeafColumns, predictRawColumns, roundsToUse, type PredictRawOptions } from './predict.js';
import { predictContribColumns } from './predict-contrib.js';
import { refitLabel, refitModel, type RefitOptions } from './refit.js';

/**
 * What `predict` accepts: a {@link Dataset} (e.g. from `readCsv`), records
 * (`[{ age: 31, home: 'rent' }, ...]`, read as `Dataset.fromRecords(records, { target: false })`),
 * or columns already in the model's feature order (`Float64Array[]`, categorical features as
 * the model's category codes, NaN = missing, -1 = unseen category).
 * Datasets and records are matched to the model's features by column name (extra columns, such as
 * the target, are ignored; LightGBM's feature names with '_' for spaces match the original names).
 */
export type PredictInput = Dataset | readonly Record<string, unknown>[] | readonly Float64Array[];

/** Options of {@link Booster.predict}. */
export interface PredictOptions extends PredictRawOptions {
  /** Return raw scores (as {@link Booster.predictRaw}) instead of labels / values. Default false. */
  raw?: boolean;
  /** Return SHAP contributions (as {@link Booster.predictContrib}; LightGBM's `pred_contrib`). Default false. */
  contrib?: boolean;
  /** Return leaf indices (as {@link Booster.predictLeaf}; LightGBM's `pred_leaf`). Default false. */
  leaf?: boolean;
}

/** The two model file formats. */
export type ModelFileFormat = 'json' | 'txt';

/** Options of {@link Booster.saveModel}. */
export interface SaveModelOptions {
  /** `'txt'` (LightGBM model.txt) or `'json'` (gbtune). Default: `'txt'` for a `.txt` path, else `'json'`. */
  format?: ModelFileFormat;
  /**
   * Rounds to save. Default: JSON keeps every round and `bestIteration`; model.txt keeps the
   * first `bestIteration` rounds when it is > 0 (as LightGBM's Python `save_model`), else all.
   */
  numIteration?: number;
}

/** Options of {@link Booster.modelToString}. */
export interface ModelToStringOptions {
  /** Rounds to write; default `bestIteration` when > 0, else all. */
  numIteration?: number;
}

/**
 * The format {@link Booster.saveModel} picks for a path: `'txt'` for `*.txt`, else `'json'`.
 *
 * @example
 * ```ts
 * modelFormatForPath('model.txt'); // 'txt'
 * modelFormatForPath('model.json'); // 'json'
 * ```
 */
export function modelFormatForPath(path: string): ModelFileFormat {
  return /\.txt$/i.test(path) ? 'txt' : 'json';
}

/**
 * A trained gradient-boosting model.
 *
 * Output layouts (all `Float64Array`s are row-major, like numpy arrays from LightGBM):
 * - `predictRaw(data)`: `numTreePerIteration` columns (1 for binary and regression, K for
 *   K-class multiclass); row i, class k at `[i * cols + k]`.
 * - `predictProba(data)` (classification only): one column per class label (`classes.length`;
 *   2 for binary: `[P(classes[0]), P(classes[1])]`, as sklearn's `predict_proba`).
 * - `predict(data)`: classification → `string[]` of class labels (the most probable class;
 *   binary: `classes[1]` when its probability is > 0.5); other objectives → `Float64Array` of
 *   transformed outputs (regression values). With `raw: true`, the raw scores; with
 *   `contrib: true`, `predictContrib`; with `leaf: true`, `predictLeaf`.
 * - `predictContrib(data)` (LightGBM's `pred_contrib`, TreeSHAP): `numTreePerIteration *
 *   (nFeatures + 1)` columns — per class, one SHAP value per feature (model order) then the bias
 *   (the expected raw score); row i, class k, feature f at `[i * cols + k * (nFeatures + 1) + f]`.
 *   Each class's block sums to that class's raw score.
 * - `predictLeaf(data)` (LightGBM's `pred_leaf`): an `Int32Array` with one column per tree
 *   used (rounds × numTreePerIteration, in `model.trees` order): the leaf index the row reaches.
 * - A random forest (`boosting=rf`, `model.averageOutput`): raw scores are the sum of the trees of
 *   the rounds used, as LightGBM's `raw_score`; probabilities and values come from their average.
 *
 * @example
 * ```ts
 * const booster = loadModel('model.txt');
 * const data = await readCsv('new.csv', { target: false });
 * const labels = booster.predict(data) as string[];
 * const proba = booster.predictProba(data); // row i, class k: proba[i * booster.classes!.length + k]
 * const shap = booster.predict(data, { contrib: true }); // row i: shap[i * (nFeatures + 1) + f]
 * const leaves = booster.predict(data, { leaf: true }); // Int32Array, one column per tree
 * booster.featureImportance({ importanceType: 'gain' });
 * booster.saveModel('model.json');
 * ```
 */
export class Booster {
  /** The model's content (trees, features, classes). Treat as read-only. */
  readonly model: BoosterModel;
  private readonly objectiveFn: Objective | null;

  constructor(model: BoosterModel) {
    this.model = model;
    this.objectiveFn = objectiveOf(model);
  }

  /** Number of trees (all rounds × trees per round). */
  get numTrees(): number {
    return this.model.trees.length;
  }

  /** Number of boosting rounds. */
  get numIterations(): number {
    return Math.floor(this.model.trees.length / Math.max(1, this.model.numTreePerIteration));
  }

  /** LightGBM's num_class: 1 for binary and regression, K for K-class multiclass. */
  get numClass(): number {
    return this.model.numClass;
  }

  /** Trees per round (K for multiclass, else 1): the number of raw score columns. */
  get numTreePerIteration(): number {
    return this.model.numTreePerIteration;
  }

  /** The features' names, in model order. */
  get featureNames(): string[] {
    return this.model.features.map((f) => f.name);
  }

  /** Class labels (index = class id) for classification, else null. */
  get classes(): string[] | null {
    return this.model.classes === null ? null : [...this.model.classes];
  }

  /** The target column's name when known. */
  get targetName(): string | null {
    return this.model.targetName;
  }

  /** Best round from early stopping (1-based), or 0 when every round counts. */
  get bestIteration(): number {
    return this.model.bestIteration;
  }

  /** The objective as LightGBM's model.txt line, e.g. `'binary sigmoid:1'`. */
  get objective(): string {
    return this.model.objective;
  }

  /** The model's input columns for `data`, in feature order. */
  columnsOf(data: PredictInput): Float64Array[] {
    if (data instanceof Dataset) return this.align(data);
    if (!Array.isArray(data)) throw new DataError('predict: data must be a Dataset, an array of records or an array of Float64Array columns');
    if (data.length > 0 && (Array.isArray(data[0]) || ArrayBuffer.isView(data[0])) && !(data[0] instanceof Float64Array)) {
      throw new DataError('predict: columns must be Float64Arrays (one per model feature); records must be plain objects');
    }
    if (data.length > 0 && data[0] instanceof Float64Array) {
      for (let f = 0; f < data.length; f++) {
        if (!(data[f] instanceof Float64Array)) throw new DataError(`predict: column ${f} is not a Float64Array (all columns must be)`);
      }
      return data as Float64Array[];
    }
    if (data.length === 0) return this.model.features.map(() => new Float64Array(0));
    return this.align(Dataset.fromRecords(data as readonly Record<string, unknown>[], { target: false }));
  }

  private align(data: Dataset): Float64Array[] {
    const have = new Set(data.featureNames);
    // LightGBM writes names with '_' for spaces: match such a name to the data's original column
    const bySanitized = new Map<string, string | null>();
    for (const name of have) {
      const s = lightGbmFeatureName(name);
      bySanitized.set(s, bySanitized.has(s) ? null : name);
    }
    const features: AlignFeature[] = this.model.features.map((f) => {
      if (have.has(f.name)) return f;
      const original = bySanitized.get(f.name);
      return original !== undefined && original !== null ? { ...f, name: original } : f;
    });
    return alignToFeatures(data, features);
  }

  /**
   * Raw scores (before the sigmoid / softmax), row-major with {@link numTreePerIteration} columns.
   *
   * @example
   * ```ts
   * booster.predictRaw(data, { numIteration: 10 });
   * ```
   */
  predictRaw(data: PredictInput, options: PredictRawOptions = {}): Float64Array {
    return predictRawColumns(this.model, this.columnsOf(data), options);
  }

  /**
   * Class probabilities, row-major with one column per class label (binary: 2 columns).
   * Throws a {@link DataError} for a model that is not a classifier.
   */
  predictProba(data: PredictInput, options: PredictRawOptions = {}): Float64Array {
    return this.predictWithProba(data, options).proba;
  }

  /**
   * A classifier's labels and class probabilities from one pass over the trees: what `predict`
   * and `predictProba` return, the raw scores computed once (`gbtune predict` writes both).
   * Throws a {@link DataError} for a model that is not a classifier.
   *
   * @example
   * ```ts
   * const { labels, proba } = booster.predictWithProba(data); // labels[i]; proba[i * booster.classes!.length + k]
   * ```
   */
  predictWithProba(data: PredictInput, options: PredictRawOptions = {}): { labels: string[]; proba: Float64Array } {
    const classes = this.model.classes;
    if (classes === null) throw new DataError(`predictProba: the model's objective '${this.model.objective}' is not a classification objective`);
    const out = this.convertedScores(data, options);
    const labels = this.labelsOf(out, classes);
    if (this.model.numTreePerIteration !== 1 || classes.length !== 2) return { labels, proba: out };
    const n = out.length;
    const two = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      two[2 * i] = 1 - out[i];
      two[2 * i + 1] = out[i];
    }
    return { labels, proba: two };
  }

  /** The model's outputs (probabilities, values) of the rounds used: raw scores through the objective. */
  private convertedScores(data: PredictInput, options: PredictRawOptions): Float64Array {
    const raw = this.predictRaw(data, options);
    return convertRawScores(this.model, outputScores(this.model, raw, roundsToUse(this.model, options.numIteration)), this.objectiveFn);
  }

  /** The labels of converted classifier outputs: the rule every label-scoring metric uses too (metric/predicted-class.ts). */
  private labelsOf(out: Float64Array, classes: readonly string[]): string[] {
    const k = Math.max(1, this.model.numTreePerIteration);
    const n = out.length / k;
    const labels = new Array<string>(n);
    if (k === 1) {
      for (let i = 0; i < n; i++) labels[i] = isPositiveClass(out[i]) ? classes[1] : classes[0];
      return labels;
    }
    for (let i = 0; i < n; i++) labels[i] = classes[argmaxFirst(out, i * k, 1, k)];
    return labels;
  }

  /**
   * SHAP contributions (TreeSHAP, exactly LightGBM's `pred_contrib`): row-major with
   * `numTreePerIteration * (nFeatures + 1)` columns, per class the features then the bias.
   *
   * @example
   * ```ts
   * const phi = booster.predictContrib(data);
   * const width = booster.numTreePerIteration * (booster.featureNames.length + 1);
   * phi[2 * width + 0]; // row 2's SHAP value of the first feature (class 0)
   * ```
   */
  predictContrib(data: PredictInput, options: PredictRawOptions = {}): Float64Array {
    return predictContribColumns(this.model, this.columnsOf(data), options);
  }

  /**
   * The leaf index each row reaches in each tree (LightGBM's `pred_leaf`), row-major with one
   * column per tree of the rounds used.
   *
   * @example
   * ```ts
   * const leaves = booster.predictLeaf(data, { numIteration: 10 }); // 10 * numTreePerIteration columns
   * ```
   */
  predictLeaf(data: PredictInput, options: PredictRawOptions = {}): Int32Array {
    return predictLeafColumns(this.model, this.columnsOf(data), options);
  }

  /** Labels (classification) or values; with `raw`, `contrib` or `leaf` the other outputs. See the class doc. */
  predict(data: PredictInput, options: PredictOptions & { leaf: true }): Int32Array;
  predict(data: PredictInput, options: PredictOptions & ({ raw: true } | { contrib: true })): Float64Array;
  predict(data: PredictInput, options?: PredictOptions & { leaf?: false }): string[] | Float64Array;
  predict(data: PredictInput, options: PredictOptions): string[] | Float64Array | Int32Array;
  predict(data: PredictInput, { raw = false, contrib = false, leaf = false, numIteration, numThreads }: PredictOptions = {}): string[] | Float64Array | Int32Array {
    const kinds = [raw && 'raw', contrib && 'contrib', leaf && 'leaf'].filter((x): x is string => typeof x === 'string');
    if (kinds.length > 1) {
      throw new ParamError(kinds[1], true, `predict: ${kinds.join(' and ')} cannot be asked for together (pick one output)`);
    }
    if (contrib) return this.predictContrib(data, { numIteration });
    if (leaf) return this.predictLeaf(data, { numIteration });
    if (raw) return this.predictRaw(data, { numIteration, numThreads });
    const out = this.convertedScores(data, { numIteration, numThreads });
    const classes = this.model.classes;
    return classes === null ? out : this.labelsOf(out, classes);
  }

  /**
   * Per feature (model order): the number of splits on it (`'split'`, default) or the sum of
   * their gains (`'gain'`), over the first `numIteration` rounds (default as `predict`).
   */
  featureImportance(options: FeatureImportanceOptions = {}): Float64Array {
    return featureImportance(this.model, options);
  }

  /**
   * A new Booster with the same trees and leaf values refitted on `data` (which must hold the
   * target), as LightGBM's `Booster.refit(data, label, decay_rate)`: round by round from zero raw
   * scores, each leaf's output from the new rows' gradients (with the model's lambda_l1,
   * lambda_l2, max_delta_step, path_smooth) blended as `decayRate * old + (1 - decayRate) * new`.
   * Every tree is refitted (not only the best iteration's).
   *
   * @example
   * ```ts
   * const fresh = await readCsv('this-month.csv');
   * const refitted = booster.refit(fresh, { decayRate: 0.9 });
   * ```
   */
  refit(data: Dataset, options: RefitOptions = {}): Booster {
    if (!(data instanceof Dataset)) throw new DataError('refit: data must be a Dataset with the target column (e.g. from readCsv)');
    return new Booster(refitModel(this.model, this.columnsOf(data), refitLabel(this.model, data), options));
  }

  /** The model as LightGBM model.txt text. */
  modelToString({ numIteration }: ModelToStringOptions = {}): string {
    return modelToLightGbmText(this.model, { numIteration });
  }

  /** The model as gbtune's versioned JSON object (so `JSON.stringify(booster)` is the JSON file). */
  toJSON(): ModelJson {
    return modelToJson(this.model);
  }

  /**
   * Writes the model to `path`, whole or not at all (temporary file + rename).
   *
   * @example
   * ```ts
   * booster.saveModel('model.txt'); // LightGBM text
   * booster.saveModel('model.json'); // gbtune JSON
   * ```
   */
  saveModel(path: string, { format = modelFormatForPath(path), numIteration }: SaveModelOptions = {}): void {
    if (format !== 'json' && format !== 'txt') {
      throw new ParamError('format', format, `saveModel: format must be 'json' or 'txt', got '${String(format)}'`);
    }
    writeFileAtomic(path, this.serialize(format, numIteration));
  }

  /** The text `saveModel` writes. */
  serialize(format: ModelFileFormat, numIteration?: number): string {
    if (format === 'txt') return modelToLightGbmText(this.model, { numIteration });
    if (numIteration === undefined || numIteration <= 0) return `${JSON.stringify(modelToJson(this.model))}\n`;
    const rounds = roundsToUse(this.model, numIteration);
    const trees = this.model.trees.slice(0, rounds * Math.max(1, this.model.numTreePerIteration));
    const bestIteration = this.model.bestIteration <= rounds ? this.model.bestIteration : 0;
    return `${JSON.stringify(modelToJson({ ...this.model, trees, bestIteration }))}\n`;
  }
}
