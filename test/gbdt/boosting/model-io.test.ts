import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GbtuneError, ModelFormatError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { Booster } from '../../../src/gbdt/boosting/booster.js';
import type { BoosterModel } from '../../../src/gbdt/boosting/model.js';
import { loadModel, parseModel } from '../../../src/gbdt/boosting/model-io.js';
import { modelToJson } from '../../../src/gbdt/boosting/model-json.js';
import { parseLightGbmText } from '../../../src/gbdt/boosting/model-txt-read.js';
import { modelToLightGbmText } from '../../../src/gbdt/boosting/model-txt-write.js';
import type { Tree } from '../../../src/gbdt/tree/tree.js';

const DIR = 'test/fixtures/lightgbm';
// the constraint fixtures: LightGBM's monotone_constraints= header line and constraint params written back
const NAMES = ['breast_cancer_binary', 'iris_multiclass', 'credit_categorical_missing', 'wine_regression_l2', 'diabetes_monotone', 'diabetes_monotone_advanced', 'breast_cancer_interaction'];
const text = (name: string): string => readFileSync(`${DIR}/${name}.model.txt`, 'utf8');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'gbtune-model-io-'));

/** Random columns in a model's feature ranges (categorical: codes, some unseen), with NaNs. */
function randomColumns(model: BoosterModel, nRows: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return model.features.map((f) => {
    const c = new Float64Array(nRows);
    const m = /^\[(.*):(.*)\]$/.exec(f.info);
    const lo = m ? Number(m[1]) : 0;
    const hi = m ? Number(m[2]) : 10;
    for (let i = 0; i < nRows; i++) {
      const u = rng.random();
      c[i] = u < 0.05 ? NaN : f.kind === 'categorical' ? Math.floor(rng.random() * 8) - 1 : lo + (hi - lo) * rng.random() * 1.1 - 0.05 * (hi - lo);
    }
    return c;
  });
}

function expectTreesIdentical(a: Tree[], b: Tree[]): void {
  expect(b.length).toBe(a.length);
  const same = (x: ArrayLike<number>, y: ArrayLike<number>, n: number): boolean => {
    for (let i = 0; i < n; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  };
  for (let t = 0; t < a.length; t++) {
    const p = a[t];
    const q = b[t];
    const nl = p.numLeaves;
    expect([q.numLeaves, q.numCat, q.shrinkage]).toEqual([nl, p.numCat, p.shrinkage]);
    for (const key of ['splitFeature', 'splitGain', 'threshold', 'decisionType', 'leftChild', 'rightChild', 'internalValue', 'internalWeight', 'internalCount'] as const) {
      expect(same(p[key], q[key], nl - 1), `tree ${t} ${key}`).toBe(true);
    }
    for (const key of ['leafValue', 'leafWeight', 'leafCount'] as const) expect(same(p[key], q[key], nl), `tree ${t} ${key}`).toBe(true);
    expect(Array.from(q.catBoundaries)).toEqual(Array.from(p.catBoundaries));
    expect(Array.from(q.catThreshold)).toEqual(Array.from(p.catThreshold));
  }
}

describe.each(NAMES)('round trips of %s', (name) => {
  it('model.txt → load → write gives the original text byte for byte', () => {
    const original = text(name);
    expect(loadModel(`${DIR}/${name}.model.txt`).modelToString()).toBe(original);
    expect(loadModel(original).modelToString()).toBe(original);
  });

  it('JSON round trip is bit-identical, and JSON → model.txt is the original text', () => {
    const model = parseLightGbmText(text(name));
    const json = JSON.stringify(modelToJson(model));
    const back = parseModel(json);
    expectTreesIdentical(model.trees, back.trees);
    expect(JSON.stringify(modelToJson(back))).toBe(json);
    expect({ ...back, trees: [] }).toEqual({ ...model, trees: [] });
    expect(modelToLightGbmText(back)).toBe(text(name));
  });

  it('saveModel → loadModel (txt and json) predicts identically', () => {
    const dir = tmp();
    const booster = loadModel(`${DIR}/${name}.model.txt`);
    const cols = randomColumns(booster.model, 500, 11);
    const expected = booster.predictRaw(cols);
    booster.saveModel(join(dir, 'm.txt'));
    booster.saveModel(join(dir, 'm.json'));
    booster.saveModel(join(dir, 'm.model'), { format: 'txt' });
    expect(readFileSync(join(dir, 'm.txt'), 'utf8')).toBe(text(name));
    expect(readFileSync(join(dir, 'm.json'), 'utf8').startsWith('{"format":"gbtune-model","version":1,')).toBe(true);
    for (const f of ['m.txt', 'm.json', 'm.model']) expect(Array.from(loadModel(join(dir, f)).predictRaw(cols))).toEqual(Array.from(expected));
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'm.model', 'm.txt']);
  });
});

describe('gbtune facts LightGBM has no field for', () => {
  function irisWithLabels(): BoosterModel {
    const model = parseLightGbmText(text('iris_multiclass'));
    return {
      ...model,
      features: model.features.map((f, i) => ({ ...f, name: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'][i] })),
      classes: ['setosa', 'versi=color', 'virgínica'],
      targetName: 'species = kind',
    };
  }

  it('are written as gbtune_* header lines that LightGBM’s header parser accepts, and read back', () => {
    const model = irisWithLabels();
    const out = modelToLightGbmText(model);
    const header = out.slice(0, out.indexOf('Tree=0'));
    expect(header).toContain('feature_names=sepal_length_(cm) sepal_width_(cm) petal_length_(cm) petal_width_(cm)\n');
    expect(header).toMatch(/^gbtune_classes=\["setosa","versi\\u003dcolor","virg\\u00ednica"\]$/m);
    expect(header).toMatch(/^gbtune_target=/m);
    expect(header).toMatch(/^gbtune_feature_names=/m);
    // LightGBM (GBDT::LoadModelFromString) fails on a header line with more than one '=' unless it is feature_names
    for (const line of header.split('\n')) {
      if (!line.startsWith('feature_names=')) expect(line.split('=').length, line).toBeLessThanOrEqual(2);
      expect(/^[\x20-\x7e]*$/.test(line), line).toBe(true);
    }
    // only the header differs from the LightGBM file
    expect(out.slice(out.indexOf('tree_sizes='))).toBe(text('iris_multiclass').slice(text('iris_multiclass').indexOf('tree_sizes=')));
    const back = parseLightGbmText(out);
    expect(back.classes).toEqual(model.classes);
    expect(back.targetName).toBe(model.targetName);
    expect(back.features.map((f) => f.name)).toEqual(model.features.map((f) => f.name));
    expect(modelToLightGbmText(back)).toBe(out);
  });

  it('predicting from a dataset whose names have spaces matches LightGBM’s underscored names', () => {
    const booster = loadModel(`${DIR}/iris_multiclass.model.txt`);
    const labels = booster.predict([{ 'sepal length (cm)': 5.1, 'sepal width (cm)': 3.5, 'petal length (cm)': 1.4, 'petal width (cm)': 0.2 }]);
    expect(labels).toEqual(['0']);
    const named = new Booster(irisWithLabels());
    expect(named.predict([{ 'sepal length (cm)': 6.7, 'sepal width (cm)': 3.0, 'petal length (cm)': 5.2, 'petal width (cm)': 2.3 }])).toEqual(['virgínica']);
  });

  it('pandas_categorical is written as Python json.dumps writes it, numbers kept as numbers', () => {
    const model = parseLightGbmText(text('credit_categorical_missing'));
    const features = model.features.map((f) => (f.name === 'Home' ? { ...f, categories: ['a=b', 'café', 'x"y', 'owner', 'parents', 'rent'] } : f.name === 'Records' ? { ...f, categories: ['0', '1.5'] } : f));
    const out = modelToLightGbmText({ ...model, features });
    const last = out.trimEnd().split('\n').pop() as string;
    expect(last).toBe(
      'pandas_categorical:[["a=b", "caf\\u00e9", "x\\"y", "owner", "parents", "rent"], ["divorced", "married", "separated", "single", "widow"], [0, 1.5], ["fixed", "freelance", "others", "partime"]]',
    );
    const back = parseLightGbmText(out);
    expect(back.features.find((f) => f.name === 'Home')?.categories).toEqual(['a=b', 'café', 'x"y', 'owner', 'parents', 'rent']);
    expect(back.features.find((f) => f.name === 'Records')?.categories).toEqual(['0', '1.5']);
  });
});

describe('categorical features a model does not use', () => {
  it('keep their place and categories through a gbtune model.txt (categorical_feature, as LightGBM writes it)', async () => {
    const { train } = await import('../../../src/gbdt/boosting/train.js');
    const { Dataset } = await import('../../../src/data/dataset.js');
    // 'street' has one rare value (unused, feature_infos 'none'), 'zone' and 'x' carry the target
    const n = 200;
    const rows = Array.from({ length: n }, (_, i) => ({
      street: i % 100 === 0 ? 'gravel' : 'paved',
      zone: ['a', 'b', 'c', 'd'][i % 4],
      x: i / n,
      target: (i % 4) * 10 + (i / n) * 5 + (i % 7),
    }));
    const data = Dataset.fromRecords(rows);
    const booster = train({ objective: 'regression', num_iterations: 5, min_data_in_leaf: 5, verbosity: -1 }, data);
    expect(booster.model.features.map((f) => [f.kind, f.info === 'none'])).toEqual([['categorical', true], ['categorical', false], ['numeric', false]]);
    const txt = booster.modelToString();
    expect(txt).toContain('[categorical_feature: 0,1]\n');
    const back = loadModel(txt);
    expect(back.model.features.map((f) => f.categories ?? null)).toEqual([['gravel', 'paved'], ['a', 'b', 'c', 'd'], null]);
    expect(Array.from(back.predictRaw(data))).toEqual(Array.from(booster.predictRaw(data)));
  });
});

describe('tolerated variations', () => {
  it('a model.txt with CRLF line ends reads the same', () => {
    const lf = text('credit_categorical_missing');
    const crlf = parseLightGbmText(lf.replace(/\n/g, '\r\n'));
    expect(modelToLightGbmText(crlf)).toBe(lf);
  });

  it("names with LightGBM's forbidden JSON characters are written with '_' and restored", () => {
    const model = parseLightGbmText(text('wine_regression_l2'));
    const names = model.features.map((f, i) => (i === 0 ? 'alc: [%], {x}' : f.name));
    const out = modelToLightGbmText({ ...model, features: model.features.map((f, i) => ({ ...f, name: names[i] })) });
    expect(out).toMatch(/^feature_names=alc___%____x_ malic_acid /m);
    expect(parseLightGbmText(out).features.map((f) => f.name)).toEqual(names);
  });
});

describe('numIteration and bestIteration when saving', () => {
  it('model.txt keeps bestIteration rounds by default (as LightGBM’s save_model), JSON keeps all', () => {
    const model = { ...parseLightGbmText(text('iris_multiclass')), bestIteration: 12 };
    const booster = new Booster(model);
    const txt = loadModel(booster.modelToString());
    expect(txt.numTrees).toBe(36);
    expect(txt.bestIteration).toBe(0);
    const json = loadModel(JSON.stringify(booster));
    expect(json.numTrees).toBe(90);
    expect(json.bestIteration).toBe(12);
    const cols = randomColumns(model, 50, 3);
    expect(Array.from(txt.predictRaw(cols))).toEqual(Array.from(booster.predictRaw(cols)));
    expect(Array.from(json.predictRaw(cols))).toEqual(Array.from(booster.predictRaw(cols)));
    expect(loadModel(booster.modelToString({ numIteration: 30 })).numTrees).toBe(90);
    const dir = tmp();
    booster.saveModel(join(dir, 'five.json'), { numIteration: 5 });
    expect(loadModel(join(dir, 'five.json')).numIterations).toBe(5);
  });
});

// ---------------------------------------------------------------- corrupt files

/** Rewrites tree_sizes so that it matches the blocks (to test one fault at a time). */
function fixTreeSizes(t: string): string {
  const start = t.indexOf('\nTree=0\n') + 1;
  const end = t.indexOf('end of trees\n');
  const blocks = t.slice(start, end).split(/(?=^Tree=\d+\n)/m);
  const sizes = blocks.map((b) => Buffer.byteLength(b));
  return t.replace(/^tree_sizes=.*$/m, `tree_sizes=${sizes.join(' ')}`);
}

/** Replaces field `field` of tree `tree` via `edit`, with tree_sizes fixed. */
function editField(t: string, tree: number, field: string, edit: (value: string) => string): string {
  const at = t.indexOf(`Tree=${tree}\n`);
  const fieldAt = t.indexOf(`\n${field}=`, at) + 1;
  const eol = t.indexOf('\n', fieldAt);
  const value = t.slice(fieldAt + field.length + 1, eol);
  return fixTreeSizes(t.slice(0, fieldAt) + `${field}=${edit(value)}` + t.slice(eol));
}

function expectModelError(content: string, pattern: RegExp, file?: string): ModelFormatError {
  let caught: unknown;
  try {
    if (file === undefined) parseModel(content);
    else {
      writeFileSync(file, content);
      loadModel(file);
    }
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ModelFormatError);
  expect((caught as Error).message).toMatch(pattern);
  return caught as ModelFormatError;
}

describe('corrupt LightGBM model files', () => {
  const base = text('breast_cancer_binary');

  it('names the file, the tree and the field', () => {
    const file = join(tmp(), 'bad.txt');
    const e = expectModelError(editField(base, 3, 'leaf_value', (v) => v.split(' ').slice(1).join(' ')), /tree 3, field 'leaf_value': expected 15 numbers, found 14/, file);
    expect(e.message.startsWith(`${file}: `)).toBe(true);
    expect(e.file).toBe(file);
  });

  it('truncated files (no end of trees, cut parameters)', () => {
    expectModelError(base.slice(0, base.indexOf('Tree=10')), /truncated: no 'end of trees' line after 10 tree/);
    expectModelError(base.slice(0, base.indexOf('Tree=10') + 200), /truncated|tree_sizes/);
    expectModelError(base.slice(0, base.indexOf('[num_leaves: 15]')), /truncated: 'parameters:' block has no 'end of parameters'/);
    expectModelError('', /empty/);
    expectModelError('tree\n', /header has no 'version='/);
  });

  it('wrong array lengths, bad numbers, bad integers', () => {
    expectModelError(editField(base, 5, 'threshold', (v) => `${v} 1.5`), /tree 5, field 'threshold': expected 14 numbers, found 15/);
    expectModelError(editField(base, 7, 'threshold', (v) => v.replace(/^(\S+ \S+ )\S+/, '$10.5x')), /tree 7, field 'threshold': item 2 '0.5x' is not a number/);
    expectModelError(editField(base, 2, 'left_child', (v) => v.replace(/^\S+/, '1.5')), /tree 2, field 'left_child': item 0 '1.5' is not an integer/);
    expectModelError(editField(base, 2, 'num_leaves', () => 'many'), /tree 2, field 'num_leaves': 'many' is not an integer/);
    expectModelError(editField(base, 4, 'decision_type', (v) => v.replace(/^\S+/, '200')), /tree 4, field 'decision_type': item 0 '200'/);
    expectModelError(fixTreeSizes(base.replace(/\nleaf_value=[^\n]*\n/, '\n')), /tree 0: missing field 'leaf_value'/);
  });

  it('wrong tree_sizes, misnumbered trees, bad structure', () => {
    expectModelError(base.replace(/^tree_sizes=(\d+)/m, (_, n: string) => `tree_sizes=${Number(n) + 1}`), /tree 0: tree_sizes says 1652 bytes, the block has 1651/);
    expectModelError(base.replace(/^tree_sizes=\d+ /m, 'tree_sizes='), /tree_sizes' lists 49 trees; the file has 50/);
    expectModelError(fixTreeSizes(base.replace('Tree=4\n', 'Tree=40\n')), /tree 4: block is headed 'Tree=40'/);
    expectModelError(editField(base, 6, 'left_child', (v) => v.replace(/^\S+/, '0')), /tree 6: node 0: child 0 is reached twice/);
    expectModelError(editField(base, 6, 'split_feature', (v) => v.replace(/^\S+/, '30')), /tree 6: node 0: split_feature 30 is not a feature index \(0\.\.29\)/);
    expectModelError(editField(base, 1, 'is_linear', () => '1'), /tree 1: linear trees/);
  });

  it('bad headers', () => {
    expectModelError(base.replace('version=v4', 'version=v9'), /version 'v9' is not supported/);
    expectModelError(base.replace('max_feature_idx=29', 'max_feature_idx=30'), /'feature_names' has 30 names; max_feature_idx says 31/);
    expectModelError(base.replace('num_class=1\n', ''), /header has no 'num_class='/);
    expectModelError(base.replace('objective=binary sigmoid:1', 'objective=telepathy'), /unknown objective 'telepathy'/);
    expectModelError('{"format":"gbtune-model"', /not valid JSON/);
    expectModelError('hello\n', /not a model file/);
    expectModelError(base.replace('tree\n', 'forest\n'), /not a model file/);
    const mc = text('diabetes_monotone');
    expectModelError(mc.replace('monotone_constraints=0 0 1 1 0 0 -1 0 1 0', 'monotone_constraints=0 0 1 1'), /header 'monotone_constraints=0 0 1 1': expected 10 values of -1, 0 or 1, one per feature/);
    expectModelError(mc.replace('monotone_constraints=0 0 1 1 0 0 -1 0 1 0', 'monotone_constraints=0 0 1 1 0 0 -1 0 2 0'), /expected 10 values of -1, 0 or 1/);
  });

  it('a missing file or a non-UTF-8 file is a ModelFormatError naming it', () => {
    expect(() => loadModel('/nonexistent/model.txt')).toThrow(/\/nonexistent\/model\.txt: no such model file/);
    const file = join(tmp(), 'latin1.txt');
    writeFileSync(file, Buffer.from([0x74, 0x72, 0x65, 0x65, 0x0a, 0xe9, 0x0a]));
    expect(() => loadModel(file)).toThrow(/not UTF-8/);
  });

  it('never fails with anything but a ModelFormatError under random damage', () => {
    const rng = new Rng(2024);
    const json = JSON.stringify(modelToJson(parseLightGbmText(text('credit_categorical_missing'))));
    const samples = [base, text('credit_categorical_missing'), json];
    let failures = 0;
    for (let rep = 0; rep < 300; rep++) {
      const src = samples[rep % samples.length];
      let s = src;
      const kind = rep % 4;
      const pos = Math.floor(rng.random() * s.length);
      if (kind === 0) s = s.slice(0, pos);
      else if (kind === 1) s = s.slice(0, pos) + s.slice(pos + 1 + Math.floor(rng.random() * 20));
      else if (kind === 2) s = s.slice(0, pos) + '9-.e x'[Math.floor(rng.random() * 6)] + s.slice(pos + 1);
      else s = fixTreeSizes(src).slice(0, pos) + ' ' + src.slice(pos);
      try {
        const m = parseModel(s);
        new Booster(m).predictRaw(randomColumns(m, 20, rep));
      } catch (e) {
        failures++;
        if (!(e instanceof GbtuneError)) throw e;
        expect(e).toBeInstanceOf(ModelFormatError);
      }
    }
    expect(failures).toBeGreaterThan(150);
  });
});

describe('corrupt JSON model files', () => {
  const json = modelToJson(parseLightGbmText(text('iris_multiclass')));
  const mutate = (f: (j: Record<string, any>) => void): string => {
    const j = JSON.parse(JSON.stringify(json));
    f(j);
    return JSON.stringify(j);
  };
  it('unknown versions, wrong format tag, bad fields', () => {
    expectModelError(mutate((j) => (j.version = 2)), /model version 2 was written by a newer gbtune; this one reads up to version 1/);
    expectModelError(mutate((j) => (j.format = 'other')), /"format" is "other"/);
    expectModelError(mutate((j) => j.trees[4].leafValue.pop()), /tree 4, field 'leafValue': expected 7 numbers, found 6/);
    expectModelError(mutate((j) => (j.trees[2].threshold[1] = 'abc')), /tree 2, field 'threshold': item 1 "abc" is not a number/);
    expectModelError(mutate((j) => j.trees.pop()), /89 trees is not a multiple of num_tree_per_iteration \(3\)/);
    expectModelError(mutate((j) => (j.classes = ['a', 'b'])), /2 class labels for a model with num_class=3/);
    expectModelError(mutate((j) => (j.bestIteration = 31)), /bestIteration 31 is not in 0\.\.30/);
    expectModelError(mutate((j) => (j.features[0].kind = 'text')), /features\[0\]\.kind/);
    expectModelError(mutate((j) => (j.trees[0].leftChild[0] = 2 ** 32 + 1)), /tree 0, field 'leftChild': item 0/);
  });
  it('non-finite numbers and -0 survive the round trip', () => {
    const model = parseModel(JSON.stringify(json));
    model.trees[0].leafWeight[0] = -0;
    model.trees[0].splitGain[0] = Infinity;
    model.trees[0].internalValue[0] = NaN;
    const back = parseModel(JSON.stringify(modelToJson(model)));
    expect(Object.is(back.trees[0].leafWeight[0], -0)).toBe(true);
    expect(back.trees[0].splitGain[0]).toBe(Infinity);
    expect(back.trees[0].internalValue[0]).toBeNaN();
  });
});

describe('atomic saveModel', () => {
  it('a failed write leaves the old file intact and no temporary file behind', () => {
    const dir = tmp();
    const booster = loadModel(`${DIR}/wine_regression_l2.model.txt`);
    // the target is a non-empty directory: the final rename fails after the temp file was written
    mkdirSync(join(dir, 'model.json'));
    writeFileSync(join(dir, 'model.json', 'keep'), 'x');
    expect(() => booster.saveModel(join(dir, 'model.json'))).toThrow();
    expect(readdirSync(dir)).toEqual(['model.json']);
    // an existing model survives a save that fails before writing (bad format option)
    booster.saveModel(join(dir, 'old.txt'));
    const before = readFileSync(join(dir, 'old.txt'), 'utf8');
    expect(() => booster.saveModel(join(dir, 'old.txt'), { format: 'xml' as 'txt' })).toThrow(/format must be 'json' or 'txt'/);
    expect(readFileSync(join(dir, 'old.txt'), 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'old.txt']);
  });
});
