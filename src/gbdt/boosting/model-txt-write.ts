/**
 * Writes a {@link BoosterModel} in LightGBM's text model format, byte for byte as LightGBM 4.6's
 * `GBDT::SaveModelToString` + `Tree::ToString` (`src/boosting/gbdt_model_text.cpp`,
 * `src/io/tree.cpp`) and the Python package's `pandas_categorical:` trailer write it, so that
 * LightGBM loads a gbtune model.txt and predicts the same values.
 *
 * gbtune's own facts that LightGBM has no field for (class labels, target name, feature names
 * that LightGBM would alter) go into extra header lines `gbtune_*=<JSON>`: LightGBM's header
 * parser stores unknown `key=value` lines and ignores them (the JSON never contains a raw `=`).
 */
import type { Tree } from '../tree/tree.js';
import { featureImportance } from './importance.js';
import { defaultClassLabels, type BoosterModel } from './model.js';
import { formatG } from '../../core/format.js';
import { formatDouble17, formatFloat32G } from './model-number-format.js';
import { GBTUNE_HEADER_KEYS } from './model-txt-read.js';
import { roundsToUse } from './predict.js';

/** Options of {@link modelToLightGbmText}. */
export interface ModelToTextOptions {
  /** Rounds to write; default `bestIteration` when > 0, else all (as LightGBM's Python `save_model`). */
  numIteration?: number;
}

function join(values: ArrayLike<number>, n: number, format: (x: number) => string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += (i > 0 ? ' ' : '') + format(values[i]);
  return s;
}

const int = (x: number): string => String(x);
const g6 = (x: number): string => formatG(x, 6);

/**
 * One tree's block body as LightGBM's `Tree::ToString` writes it (ends with a blank line).
 *
 * @example
 * ```ts
 * treeToLightGbmText(tree).startsWith('num_leaves='); // true
 * ```
 */
export function treeToLightGbmText(tree: Tree): string {
  const nl = tree.numLeaves;
  const ni = nl - 1;
  let s = `num_leaves=${nl}\nnum_cat=${tree.numCat}\n`;
  s += `split_feature=${join(tree.splitFeature, ni, int)}\n`;
  s += `split_gain=${join(tree.splitGain, ni, formatFloat32G)}\n`;
  s += `threshold=${join(tree.threshold, ni, formatDouble17)}\n`;
  s += `decision_type=${join(tree.decisionType, ni, int)}\n`;
  s += `left_child=${join(tree.leftChild, ni, int)}\n`;
  s += `right_child=${join(tree.rightChild, ni, int)}\n`;
  s += `leaf_value=${join(tree.leafValue, nl, formatDouble17)}\n`;
  s += `leaf_weight=${join(tree.leafWeight, nl, formatDouble17)}\n`;
  s += `leaf_count=${join(tree.leafCount, nl, int)}\n`;
  s += `internal_value=${join(tree.internalValue, ni, g6)}\n`;
  s += `internal_weight=${join(tree.internalWeight, ni, g6)}\n`;
  s += `internal_count=${join(tree.internalCount, ni, int)}\n`;
  if (tree.numCat > 0) {
    s += `cat_boundaries=${join(tree.catBoundaries, tree.numCat + 1, int)}\n`;
    s += `cat_threshold=${join(tree.catThreshold, tree.catBoundaries[tree.numCat], int)}\n`;
  }
  s += `is_linear=0\nshrinkage=${g6(tree.shrinkage)}\n\n`;
  return s;
}

/**
 * A feature name as LightGBM can hold it: LightGBM replaces spaces with '_' and refuses the JSON
 * characters `" , : [ ] { }` (`Dataset::set_feature_names`); gbtune replaces those and any other
 * whitespace (which would break the line-based format) with '_'. The original names are kept
 * in the `gbtune_feature_names` header line.
 *
 * @example
 * ```ts
 * lightGbmFeatureName('sepal length (cm)'); // 'sepal_length_(cm)'
 * ```
 */
export function lightGbmFeatureName(name: string): string {
  return name.replace(/[\s",:[\]{}]/g, '_');
}

/** JSON as Python's `json.dumps` prints it: `, ` and `: ` separators, non-ASCII as `\uXXXX`. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'string') return asciiJsonString(value, false);
  return JSON.stringify(value);
}

/** A JSON string literal with non-ASCII characters (and `=` when `escapeEquals`: header lines) escaped. */
function asciiJsonString(s: string, escapeEquals: boolean): string {
  const re = escapeEquals ? /[\u0080-\uffff=]/g : /[\u0080-\uffff]/g;
  return JSON.stringify(s).replace(re, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function headerJson(values: readonly string[] | string): string {
  return typeof values === 'string' ? asciiJsonString(values, true) : `[${values.map((v) => asciiJsonString(v, true)).join(',')}]`;
}

/** A category list as pandas would have it: numbers stay numbers when every category is a plain number. */
function pandasCategories(categories: readonly string[]): unknown[] {
  const numeric = categories.length > 0 && categories.every((c) => c.trim() !== '' && String(Number(c)) === c);
  return numeric ? categories.map(Number) : [...categories];
}

function paramValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  // a list of lists as LightGBM writes interaction_constraints: [0,1,2],[2,3]
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? `[${x.map(paramValue).join(',')}]` : paramValue(x))).join(',');
  if (typeof v === 'object') return JSON.stringify(v).replace(/\n/g, ' ');
  return String(v).replace(/[\r\n]/g, ' ');
}

/**
 * LightGBM's `monotone_constraints=` header value (space-separated, as `GBDT::SaveModelToString`)
 * from the params' list (a model gbtune trained) or text (`-1,0,1`, a model read from model.txt);
 * '' when there are none.
 */
function monotoneHeader(v: unknown): string {
  const items = Array.isArray(v) ? v.map(String) : typeof v === 'string' && v.trim() !== '' ? v.split(',').map((x) => x.trim()) : [];
  return items.join(' ');
}

/**
 * The model as LightGBM model.txt text.
 *
 * @example
 * ```ts
 * writeFileAtomic('model.txt', modelToLightGbmText(model));
 * ```
 */
export function modelToLightGbmText(model: BoosterModel, { numIteration }: ModelToTextOptions = {}): string {
  const k = Math.max(1, model.numTreePerIteration);
  const rounds = roundsToUse(model, numIteration);
  const nTrees = rounds * k;
  const names = model.features.map((f) => lightGbmFeatureName(f.name));
  let s = 'tree\nversion=v4\n';
  s += `num_class=${model.numClass}\nnum_tree_per_iteration=${k}\nlabel_index=0\n`;
  s += `max_feature_idx=${model.features.length - 1}\n`;
  if (model.objective.trim() !== '') s += `objective=${model.objective}\n`;
  if (model.averageOutput === true) s += 'average_output\n';
  s += `feature_names=${names.join(' ')}\n`;
  const monotone = monotoneHeader(model.params.monotone_constraints);
  if (monotone !== '') s += `monotone_constraints=${monotone}\n`;
  s += `feature_infos=${model.features.map((f) => (f.info.trim() === '' ? 'none' : f.info)).join(' ')}\n`;
  const defaults = defaultClassLabels(model.objective, model.numClass);
  if (model.classes !== null && (defaults === null || model.classes.join('\u0000') !== defaults.join('\u0000'))) {
    s += `${GBTUNE_HEADER_KEYS.classes}=${headerJson(model.classes)}\n`;
  }
  if (model.targetName !== null) s += `${GBTUNE_HEADER_KEYS.target}=${headerJson(model.targetName)}\n`;
  if (names.some((n, i) => n !== model.features[i].name)) {
    s += `${GBTUNE_HEADER_KEYS.featureNames}=${headerJson(model.features.map((f) => f.name))}\n`;
  }
  const blocks: string[] = new Array(nTrees);
  const sizes: number[] = new Array(nTrees);
  for (let t = 0; t < nTrees; t++) {
    blocks[t] = `Tree=${t}\n${treeToLightGbmText(model.trees[t])}\n`;
    sizes[t] = Buffer.byteLength(blocks[t], 'utf8');
  }
  s += `tree_sizes=${sizes.join(' ')}\n\n`;
  s += blocks.join('');
  s += 'end of trees\n';

  // split importance, integer counts > 0, stable-sorted by decreasing count (as LightGBM)
  const imp = featureImportance(model, { importanceType: 'split', numIteration: rounds });
  const pairs: { count: number; name: string }[] = [];
  for (let f = 0; f < imp.length; f++) if (Math.floor(imp[f]) > 0) pairs.push({ count: Math.floor(imp[f]), name: names[f] });
  pairs.sort((a, b) => b.count - a.count);
  s += '\nfeature_importances:\n';
  for (const p of pairs) s += `${p.name}=${p.count}\n`;

  const keys = Object.keys(model.params);
  // LightGBM writes the categorical columns' indices: a reader needs them to pair the
  // pandas_categorical lists with features when a categorical feature is unused ('none')
  const catIndices = model.features.flatMap((f, i) => (f.kind === 'categorical' ? [i] : []));
  if (keys.length > 0) {
    s += '\nparameters:\n';
    for (const key of keys) {
      s += `[${key}: ${paramValue(model.params[key])}]\n`;
      if (key === 'zero_as_missing' && catIndices.length > 0 && !keys.includes('categorical_feature')) s += `[categorical_feature: ${catIndices.join(',')}]\n`;
    }
    s += '\nend of parameters\n';
  }

  const cats = model.features.filter((f) => f.kind === 'categorical');
  const pandas = cats.length > 0 && cats.every((f) => f.categories !== undefined) ? cats.map((f) => pandasCategories(f.categories ?? [])) : cats.length > 0 ? null : [];
  s += `\npandas_categorical:${pythonJson(pandas)}\n`;
  return s;
}
