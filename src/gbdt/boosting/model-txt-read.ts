/**
 * Reads LightGBM's text model format (model.txt, version v4) into a {@link BoosterModel}, as
 * LightGBM's `GBDT::LoadModelFromString` (`src/boosting/gbdt_model_text.cpp`) and
 * `Tree::Tree(const char*, size_t*)` (`src/io/tree.cpp`) read it, but strictly: a truncated or
 * corrupt file is a {@link ModelFormatError} naming the file, the tree and the field at fault.
 * The Python package's trailing `pandas_categorical:` line maps categorical codes to text.
 */
import { ModelFormatError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { Tree } from '../tree/tree.js';
import type { FeatureMeta } from '../../data/feature-meta.js';
import { defaultClassLabels, type BoosterModel } from './model.js';
import { checkModel } from './model-check.js';
import { parseCNumber } from './model-number-format.js';

/** Header keys gbtune adds to a model.txt (LightGBM's parser keeps unknown header keys and ignores them). */
export const GBTUNE_HEADER_KEYS = {
  classes: 'gbtune_classes',
  target: 'gbtune_target',
  featureNames: 'gbtune_feature_names',
} as const;

const SUPPORTED_VERSIONS = new Set(['v2', 'v3', 'v4']);

interface Line {
  readonly text: string;
  /** Offset of the line's first character in the file text. */
  readonly start: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let stop = end;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    lines.push({ text: text.slice(pos, stop), start: pos });
    pos = end + 1;
  }
  return lines;
}

/**
 * Parses the text of a LightGBM model.txt. `file` only names the source in error messages.
 *
 * @example
 * ```ts
 * const model = parseLightGbmText(readFileSync('model.txt', 'utf8'), 'model.txt');
 * model.trees.length; // 50
 * ```
 */
export function parseLightGbmText(text: string, file?: string): BoosterModel {
  const fail = (msg: string): never => {
    throw new ModelFormatError(msg, file);
  };
  const lines = splitLines(text);
  let li = 0;
  while (li < lines.length && lines[li].text.trim() === '') li++;
  if (li >= lines.length) fail('the model file is empty');
  if (lines[li].text.trim() !== 'tree') fail(`not a LightGBM model: first line is '${lines[li].text.slice(0, 60)}', expected 'tree'`);
  li++;

  // ---- header: key=value lines up to the first Tree= line
  const header = new Map<string, string>();
  for (; li < lines.length; li++) {
    const t = lines[li].text;
    if (t.startsWith('Tree=') || t === 'end of trees') break;
    if (t.length === 0) continue;
    const eq = t.indexOf('=');
    if (eq < 0) header.set(t, '');
    else header.set(t.slice(0, eq), t.slice(eq + 1));
  }
  const need = (key: string): string => {
    const v = header.get(key);
    if (v === undefined) fail(`header has no '${key}=' line`);
    return v as string;
  };
  const headerInt = (key: string, v: string, min: number): number => {
    if (!/^[+-]?\d+$/.test(v.trim()) || Number(v) < min) fail(`header '${key}=${v}': expected an integer >= ${min}`);
    return Number(v);
  };
  const version = need('version');
  if (!SUPPORTED_VERSIONS.has(version)) fail(`model format version '${version}' is not supported (expected v4)`);
  const numClass = headerInt('num_class', need('num_class'), 1);
  const k = header.has('num_tree_per_iteration') ? headerInt('num_tree_per_iteration', header.get('num_tree_per_iteration') as string, 1) : numClass;
  headerInt('label_index', need('label_index'), 0);
  const nFeatures = headerInt('max_feature_idx', need('max_feature_idx'), -1) + 1;
  let names = need('feature_names').split(' ');
  if (nFeatures === 0 && names.length === 1 && names[0] === '') names = [];
  if (names.length !== nFeatures) fail(`header 'feature_names' has ${names.length} names; max_feature_idx says ${nFeatures}`);
  let infos = need('feature_infos').split(' ');
  if (nFeatures === 0 && infos.length === 1 && infos[0] === '') infos = [];
  if (infos.length !== nFeatures) fail(`header 'feature_infos' has ${infos.length} entries; max_feature_idx says ${nFeatures}`);
  const objective = header.get('objective') ?? '';
  // LightGBM refuses a model whose monotone_constraints do not list every feature (GBDT::LoadModelFromString)
  const monotone = header.get('monotone_constraints');
  if (monotone !== undefined) {
    const mc = monotone.trim() === '' ? [] : monotone.trim().split(' ');
    if (mc.length !== nFeatures || !mc.every((v) => v === '-1' || v === '0' || v === '1')) {
      fail(`header 'monotone_constraints=${monotone.slice(0, 60)}': expected ${nFeatures} values of -1, 0 or 1, one per feature`);
    }
  }

  // ---- trees
  const treeStarts: number[] = [];
  for (; li < lines.length; li++) {
    const t = lines[li].text;
    if (t === 'end of trees') break;
    if (t.startsWith('Tree=')) treeStarts.push(li);
  }
  const endOfTrees = li;
  if (endOfTrees >= lines.length) {
    fail(`truncated: no 'end of trees' line after ${treeStarts.length} tree(s)`);
  }
  const sizesText = header.get('tree_sizes');
  let sizes: number[] | null = null;
  if (sizesText !== undefined) {
    const parts = sizesText.trim() === '' ? [] : sizesText.trim().split(' ');
    sizes = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : fail(`header 'tree_sizes': '${p}' is not a size`)));
    if (sizes.length !== treeStarts.length) fail(`header 'tree_sizes' lists ${sizes.length} trees; the file has ${treeStarts.length}`);
  }
  const trees: Tree[] = [];
  for (let t = 0; t < treeStarts.length; t++) {
    const first = treeStarts[t];
    const next = t + 1 < treeStarts.length ? treeStarts[t + 1] : endOfTrees;
    const label = lines[first].text.slice(5);
    if (label !== String(t)) fail(`tree ${t}: block is headed 'Tree=${label}', expected 'Tree=${t}'`);
    if (sizes !== null) {
      const block = text.slice(lines[first].start, lines[next].start);
      const bytes = Buffer.byteLength(block, 'utf8');
      // a file whose line ends were turned into CRLF is still read (sizes count LF-only lines)
      if (bytes !== sizes[t] && Buffer.byteLength(block.replace(/\r\n/g, '\n'), 'utf8') !== sizes[t]) {
        fail(`tree ${t}: tree_sizes says ${sizes[t]} bytes, the block has ${bytes}`);
      }
    }
    const fields = new Map<string, string>();
    for (let j = first + 1; j < next; j++) {
      const s = lines[j].text;
      if (s.length === 0) continue;
      const eq = s.indexOf('=');
      if (eq < 0) fail(`tree ${t}: line '${s.slice(0, 60)}' is not key=value`);
      fields.set(s.slice(0, eq), s.slice(eq + 1));
    }
    trees.push(parseTree(fields, t, fail));
  }

  // ---- trailer: feature importances (recomputed, ignored), parameters, pandas_categorical
  const params: Record<string, unknown> = {};
  let pandas: unknown = null;
  let inParams = false;
  let sawParams = false;
  let paramsClosed = false;
  for (let j = endOfTrees + 1; j < lines.length; j++) {
    const s = lines[j].text;
    if (s === 'parameters:') {
      inParams = true;
      sawParams = true;
    } else if (s === 'end of parameters') {
      inParams = false;
      paramsClosed = true;
    } else if (inParams) {
      const m = /^\[([^:\]]+): ?(.*)\]$/.exec(s);
      if (m !== null) params[m[1]] = m[2];
      else if (s.length > 0) fail(`parameters: line '${s.slice(0, 60)}' is not '[key: value]'`);
    } else if (s.startsWith('pandas_categorical:')) {
      try {
        pandas = JSON.parse(s.slice('pandas_categorical:'.length));
      } catch {
        fail(`pandas_categorical: not valid JSON`);
      }
    }
  }
  if (sawParams && !paramsClosed) fail("truncated: 'parameters:' block has no 'end of parameters' line");

  const features = buildFeatures(names, infos, params, pandas, header, fail);
  const classes = classLabels(objective, numClass, header, fail);
  const target = header.get(GBTUNE_HEADER_KEYS.target);
  const model: BoosterModel = {
    objective,
    numClass,
    numTreePerIteration: k,
    features,
    trees,
    classes,
    targetName: target !== undefined ? parseHeaderJson<string>(GBTUNE_HEADER_KEYS.target, target, 'string', fail) : null,
    params,
    bestIteration: 0,
  };
  if (header.has('average_output')) model.averageOutput = true;
  checkModel(model, file);
  return model;
}

type Fail = (msg: string) => never;

function parseHeaderJson<T>(key: string, value: string, kind: 'string' | 'string[]', fail: Fail): T {
  let v: unknown;
  try {
    v = JSON.parse(value);
  } catch {
    return fail(`header '${key}': not valid JSON`);
  }
  const ok = kind === 'string' ? typeof v === 'string' : Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!ok) fail(`header '${key}': expected a JSON ${kind === 'string' ? 'string' : 'array of strings'}`);
  return v as T;
}

function classLabels(objective: string, numClass: number, header: Map<string, string>, fail: Fail): string[] | null {
  const stored = header.get(GBTUNE_HEADER_KEYS.classes);
  if (stored !== undefined) return parseHeaderJson<string[]>(GBTUNE_HEADER_KEYS.classes, stored, 'string[]', fail);
  return defaultClassLabels(objective, numClass);
}

/** Categorical features are those whose feature_infos is a ':'-separated list of integer codes. */
function buildFeatures(
  names: string[],
  infos: string[],
  params: Record<string, unknown>,
  pandas: unknown,
  header: Map<string, string>,
  fail: Fail,
): FeatureMeta[] {
  const storedNames = header.get(GBTUNE_HEADER_KEYS.featureNames);
  if (storedNames !== undefined) {
    const original = parseHeaderJson<string[]>(GBTUNE_HEADER_KEYS.featureNames, storedNames, 'string[]', fail);
    if (original.length !== names.length) fail(`header '${GBTUNE_HEADER_KEYS.featureNames}' has ${original.length} names for ${names.length} features`);
    names = original;
  }
  const isCat: boolean[] = infos.map((info, f) => {
    if (info.startsWith('[')) {
      if (!/^\[[^:\]]+:[^:\]]+\]$/.test(info)) fail(`feature_infos of feature ${f} ('${names[f]}'): '${info}' is not [min:max]`);
      return false;
    }
    if (info === 'none') return false;
    if (!/^-?\d+(:-?\d+)*$/.test(info)) fail(`feature_infos of feature ${f} ('${names[f]}'): '${info}' is neither [min:max], 'none' nor category codes`);
    return true;
  });
  // features declared categorical but unused ('none') still own a pandas list
  const declared = typeof params.categorical_feature === 'string' ? params.categorical_feature.split(',').filter((s) => /^\d+$/.test(s)).map(Number) : [];
  let catIdx = isCat.flatMap((c, f) => (c ? [f] : []));
  let lists: unknown[] = Array.isArray(pandas) ? pandas : [];
  if (lists.length > 0 && lists.length !== catIdx.length) {
    const union = [...new Set([...catIdx, ...declared.filter((f) => f < names.length)])].sort((a, b) => a - b);
    if (union.length === lists.length) {
      catIdx = union;
    } else {
      log.warn(
        `model file: pandas_categorical has ${lists.length} lists for ${catIdx.length} categorical features; ` +
          'categorical inputs must be given as codes',
      );
      lists = [];
    }
  }
  const categories = new Map<number, string[]>();
  for (let j = 0; j < lists.length; j++) {
    const list = lists[j];
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
      fail(`pandas_categorical: entry ${j} is not a list of category values`);
    }
    categories.set(catIdx[j], (list as unknown[]).map((x) => String(x)));
  }
  const catSet = new Set(catIdx);
  return names.map((name, f) => {
    const cats = categories.get(f);
    const meta: FeatureMeta = catSet.has(f)
      ? cats !== undefined
        ? { name, kind: 'categorical', categories: cats, info: infos[f] }
        : { name, kind: 'categorical', info: infos[f] }
      : { name, kind: 'numeric', info: infos[f] };
    return meta;
  });
}

// ---- one tree block

function parseTree(fields: Map<string, string>, t: number, fail: Fail): Tree {
  const where = (field: string): string => `tree ${t}, field '${field}'`;
  const getInt = (field: string, min: number): number => {
    const v = fields.get(field);
    if (v === undefined) return fail(`tree ${t}: missing field '${field}'`);
    if (!/^[+-]?\d+$/.test(v.trim()) || Number(v) < min) fail(`${where(field)}: '${v}' is not an integer >= ${min}`);
    return Number(v);
  };
  const numbers = (field: string, n: number, required: boolean, integer: boolean, maxInt = 0x7fffffff): number[] | null => {
    const v = fields.get(field);
    if (v === undefined) {
      if (required) fail(`tree ${t}: missing field '${field}'`);
      return null;
    }
    const parts = v.trim() === '' ? [] : v.trim().split(/ +/);
    if (parts.length !== n) fail(`${where(field)}: expected ${n} numbers, found ${parts.length}`);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const x = integer ? (/^[+-]?\d+$/.test(parts[i]) && Math.abs(Number(parts[i])) <= maxInt ? Number(parts[i]) : undefined) : parseCNumber(parts[i]);
      if (x === undefined) fail(`${where(field)}: item ${i} '${parts[i].slice(0, 40)}' is not ${integer ? 'an integer' : 'a number'}`);
      out[i] = x;
    }
    return out;
  };
  const numLeaves = getInt('num_leaves', 1);
  const numCat = getInt('num_cat', 0);
  if (fields.has('is_linear') && getInt('is_linear', 0) !== 0) fail(`tree ${t}: linear trees (is_linear=1) are not supported`);
  const tree = new Tree(numLeaves);
  tree.numLeaves = numLeaves;
  tree.numCat = numCat;
  const nInternal = numLeaves - 1;
  const leafValue = numbers('leaf_value', numLeaves, true, false) as number[];
  tree.leafValue.set(leafValue);
  const leafWeight = numbers('leaf_weight', numLeaves, false, false);
  if (leafWeight !== null) tree.leafWeight.set(leafWeight);
  const leafCount = numbers('leaf_count', numLeaves, false, true);
  if (leafCount !== null) tree.leafCount.set(leafCount);
  if (fields.has('shrinkage')) {
    const s = parseCNumber(fields.get('shrinkage') as string);
    if (s === undefined) fail(`${where('shrinkage')}: '${fields.get('shrinkage')}' is not a number`);
    tree.shrinkage = s;
  }
  if (nInternal > 0) {
    tree.leftChild.set(numbers('left_child', nInternal, true, true) as number[]);
    tree.rightChild.set(numbers('right_child', nInternal, true, true) as number[]);
    tree.splitFeature.set(numbers('split_feature', nInternal, true, true) as number[]);
    tree.threshold.set(numbers('threshold', nInternal, true, false) as number[]);
    const gain = numbers('split_gain', nInternal, false, false);
    // LightGBM keeps split gains as float32
    if (gain !== null) for (let i = 0; i < nInternal; i++) tree.splitGain[i] = Math.fround(gain[i]);
    const iv = numbers('internal_value', nInternal, false, false);
    if (iv !== null) tree.internalValue.set(iv);
    const iw = numbers('internal_weight', nInternal, false, false);
    if (iw !== null) tree.internalWeight.set(iw);
    const ic = numbers('internal_count', nInternal, false, true);
    if (ic !== null) tree.internalCount.set(ic);
    const dt = numbers('decision_type', nInternal, false, true);
    if (dt !== null) {
      for (let i = 0; i < nInternal; i++) {
        if (dt[i] < 0 || dt[i] > 127) fail(`${where('decision_type')}: item ${i} '${dt[i]}' is not a decision type (0..127)`);
      }
      tree.decisionType.set(dt);
    }
  }
  if (numCat > 0) {
    const bounds = numbers('cat_boundaries', numCat + 1, true, true) as number[];
    const words = bounds[numCat];
    if (words < 0) fail(`${where('cat_boundaries')}: last boundary ${words} is negative`);
    const thr = numbers('cat_threshold', words, true, true, 0xffffffff) as number[];
    for (let i = 0; i < thr.length; i++) {
      if (thr[i] < 0 || thr[i] > 0xffffffff) fail(`${where('cat_threshold')}: item ${i} '${thr[i]}' is not a 32-bit word`);
    }
    tree.catBoundaries = Int32Array.from(bounds);
    tree.catThreshold = Uint32Array.from(thr);
  }
  return tree;
}
