/**
 * gbtune's own model file: versioned JSON (`{"format": "gbtune-model", "version": 1, ...}`) that
 * holds a {@link BoosterModel} exactly — every double round-trips bit for bit (JSON numbers are
 * printed shortest-exact by JavaScript; NaN, ±Infinity and -0 are written as strings).
 */
import { ModelFormatError } from '../../core/errors.js';
import { Tree } from '../tree/tree.js';
import type { FeatureMeta } from '../../data/feature-meta.js';
import type { BoosterModel } from './model.js';
import { checkModel } from './model-check.js';

/** The `format` tag of a gbtune JSON model. */
export const MODEL_JSON_FORMAT = 'gbtune-model';
/** The JSON model version this code writes (and the newest it reads). */
export const MODEL_JSON_VERSION = 1;

/** A number as JSON: finite values as numbers, the rest (and -0) as strings. */
type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/** One tree in the JSON file (LightGBM's field names, camelCased). */
export interface TreeJson {
  numLeaves: number;
  numCat: number;
  shrinkage: JsonNumber;
  splitFeature: number[];
  splitGain: JsonNumber[];
  threshold: JsonNumber[];
  decisionType: number[];
  leftChild: number[];
  rightChild: number[];
  leafValue: JsonNumber[];
  leafWeight: JsonNumber[];
  leafCount: number[];
  internalValue: JsonNumber[];
  internalWeight: JsonNumber[];
  internalCount: number[];
  catBoundaries: number[];
  catThreshold: number[];
}

/** The whole JSON file. */
export interface ModelJson {
  format: typeof MODEL_JSON_FORMAT;
  version: number;
  objective: string;
  numClass: number;
  numTreePerIteration: number;
  features: FeatureMeta[];
  classes: string[] | null;
  targetName: string | null;
  params: Record<string, unknown>;
  bestIteration: number;
  /** Present (true) for a random forest: predictions average the trees. */
  averageOutput?: boolean;
  trees: TreeJson[];
}

function enc(x: number): JsonNumber {
  if (Number.isFinite(x)) return x === 0 && 1 / x < 0 ? '-0' : x;
  return x !== x ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

function encAll(a: ArrayLike<number>, n: number): JsonNumber[] {
  const out = new Array<JsonNumber>(n);
  for (let i = 0; i < n; i++) out[i] = enc(a[i]);
  return out;
}

function ints(a: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => a[i]);
}

/**
 * The model as the JSON object that `saveModel(path)` writes (`JSON.stringify` it).
 *
 * @example
 * ```ts
 * const json = modelToJson(model);
 * json.format; // 'gbtune-model'
 * ```
 */
export function modelToJson(model: BoosterModel): ModelJson {
  return {
    format: MODEL_JSON_FORMAT,
    version: MODEL_JSON_VERSION,
    objective: model.objective,
    numClass: model.numClass,
    numTreePerIteration: model.numTreePerIteration,
    features: model.features.map((f) =>
      f.categories !== undefined ? { name: f.name, kind: f.kind, categories: [...f.categories], info: f.info } : { name: f.name, kind: f.kind, info: f.info },
    ),
    classes: model.classes === null ? null : [...model.classes],
    targetName: model.targetName,
    params: { ...model.params },
    bestIteration: model.bestIteration,
    ...(model.averageOutput === true ? { averageOutput: true } : {}),
    trees: model.trees.map((t) => {
      const nl = t.numLeaves;
      const ni = nl - 1;
      return {
        numLeaves: nl,
        numCat: t.numCat,
        shrinkage: enc(t.shrinkage),
        splitFeature: ints(t.splitFeature, ni),
        splitGain: encAll(t.splitGain, ni),
        threshold: encAll(t.threshold, ni),
        decisionType: ints(t.decisionType, ni),
        leftChild: ints(t.leftChild, ni),
        rightChild: ints(t.rightChild, ni),
        leafValue: encAll(t.leafValue, nl),
        leafWeight: encAll(t.leafWeight, nl),
        leafCount: ints(t.leafCount, nl),
        internalValue: encAll(t.internalValue, ni),
        internalWeight: encAll(t.internalWeight, ni),
        internalCount: ints(t.internalCount, ni),
        catBoundaries: ints(t.catBoundaries, t.numCat + 1),
        catThreshold: ints(t.catThreshold, t.catBoundaries[t.numCat]),
      };
    }),
  };
}

type Fail = (msg: string) => never;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function dec(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === '-0') return -0;
  return undefined;
}

/**
 * Builds a {@link BoosterModel} from a parsed gbtune JSON model, checking every field.
 *
 * @example
 * ```ts
 * const model = modelFromJson(JSON.parse(readFileSync('model.json', 'utf8')), 'model.json');
 * ```
 */
export function modelFromJson(json: unknown, file?: string): BoosterModel {
  const fail: Fail = (msg) => {
    throw new ModelFormatError(msg, file);
  };
  if (!isObject(json)) return fail('not a gbtune model: the JSON is not an object');
  if (json.format !== MODEL_JSON_FORMAT) fail(`not a gbtune model: "format" is ${JSON.stringify(json.format)}, expected "${MODEL_JSON_FORMAT}"`);
  const version = json.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) fail(`"version" ${JSON.stringify(version)} is not a model version`);
  if (version > MODEL_JSON_VERSION) {
    fail(`model version ${version} was written by a newer gbtune; this one reads up to version ${MODEL_JSON_VERSION}`);
  }
  const int = (key: string, v: unknown, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`"${key}" must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  const str = (key: string, v: unknown): string => (typeof v === 'string' ? v : fail(`"${key}" must be a string, got ${JSON.stringify(v)}`));
  const strs = (key: string, v: unknown): string[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : fail(`"${key}" must be an array of strings`);

  if (!Array.isArray(json.features)) fail('"features" must be an array');
  const features: FeatureMeta[] = (json.features as unknown[]).map((f, i) => {
    if (!isObject(f)) return fail(`features[${i}] is not an object`);
    const name = str(`features[${i}].name`, f.name);
    const kind = f.kind === 'numeric' || f.kind === 'categorical' ? f.kind : fail(`features[${i}].kind must be "numeric" or "categorical"`);
    const info = str(`features[${i}].info`, f.info);
    if (f.categories === undefined) return { name, kind, info };
    return { name, kind, categories: strs(`features[${i}].categories`, f.categories), info };
  });
  if (!Array.isArray(json.trees)) fail('"trees" must be an array');
  const trees = (json.trees as unknown[]).map((t, i) => treeFromJson(t, i, fail));
  const params = json.params === undefined ? {} : isObject(json.params) ? { ...json.params } : fail('"params" must be an object');
  const model: BoosterModel = {
    objective: str('objective', json.objective),
    numClass: int('numClass', json.numClass, 1),
    numTreePerIteration: int('numTreePerIteration', json.numTreePerIteration, 1),
    features,
    trees,
    classes: json.classes === null ? null : strs('classes', json.classes),
    targetName: json.targetName === null || json.targetName === undefined ? null : str('targetName', json.targetName),
    params,
    bestIteration: int('bestIteration', json.bestIteration ?? 0, 0),
  };
  if (json.averageOutput !== undefined) {
    if (typeof json.averageOutput !== 'boolean') fail(`"averageOutput" must be true or false, got ${JSON.stringify(json.averageOutput)}`);
    if (json.averageOutput) model.averageOutput = true;
  }
  checkModel(model, file);
  return model;
}

function treeFromJson(t: unknown, i: number, fail: Fail): Tree {
  if (!isObject(t)) return fail(`tree ${i}: not an object`);
  const count = (key: string, min: number): number => {
    const v = t[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(`tree ${i}, field '${key}': expected an integer >= ${min}, got ${JSON.stringify(v)}`);
    return v;
  };
  const numLeaves = count('numLeaves', 1);
  const numCat = count('numCat', 0);
  const list = (key: string, n: number, integer: boolean, maxInt = 0x7fffffff): number[] => {
    const v = t[key];
    if (!Array.isArray(v)) return fail(`tree ${i}, field '${key}': expected an array`);
    if (v.length !== n) fail(`tree ${i}, field '${key}': expected ${n} numbers, found ${v.length}`);
    const out = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const x = integer ? (Number.isInteger(v[j]) && Math.abs(v[j] as number) <= maxInt ? (v[j] as number) : undefined) : dec(v[j]);
      if (x === undefined) fail(`tree ${i}, field '${key}': item ${j} ${JSON.stringify(v[j])} is not ${integer ? 'an integer' : 'a number'}`);
      out[j] = x;
    }
    return out;
  };
  const ni = numLeaves - 1;
  const tree = new Tree(numLeaves);
  tree.numLeaves = numLeaves;
  tree.numCat = numCat;
  const shrinkage = dec(t.shrinkage);
  if (shrinkage === undefined) fail(`tree ${i}, field 'shrinkage': not a number`);
  tree.shrinkage = shrinkage;
  tree.splitFeature.set(list('splitFeature', ni, true));
  tree.splitGain.set(list('splitGain', ni, false));
  tree.threshold.set(list('threshold', ni, false));
  const dt = list('decisionType', ni, true);
  for (let j = 0; j < ni; j++) if (dt[j] < 0 || dt[j] > 127) fail(`tree ${i}, field 'decisionType': item ${j} ${dt[j]} is not 0..127`);
  tree.decisionType.set(dt);
  tree.leftChild.set(list('leftChild', ni, true));
  tree.rightChild.set(list('rightChild', ni, true));
  tree.leafValue.set(list('leafValue', numLeaves, false));
  tree.leafWeight.set(list('leafWeight', numLeaves, false));
  tree.leafCount.set(list('leafCount', numLeaves, true));
  tree.internalValue.set(list('internalValue', ni, false));
  tree.internalWeight.set(list('internalWeight', ni, false));
  tree.internalCount.set(list('internalCount', ni, true));
  const nb = Array.isArray(t.catBoundaries) ? t.catBoundaries.length : 0;
  const bounds = list('catBoundaries', nb, true);
  if (bounds.length !== numCat + 1) fail(`tree ${i}, field 'catBoundaries': expected ${numCat + 1} numbers, found ${bounds.length}`);
  const nw = Array.isArray(t.catThreshold) ? t.catThreshold.length : 0;
  const words = list('catThreshold', nw, true, 0xffffffff);
  for (let j = 0; j < nw; j++) if (words[j] < 0) fail(`tree ${i}, field 'catThreshold': item ${j} is not a 32-bit word`);
  tree.catBoundaries = Int32Array.from(bounds);
  tree.catThreshold = Uint32Array.from(words);
  return tree;
}
