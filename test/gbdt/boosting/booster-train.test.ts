/**
 * Models trained by gbtune survive both file formats: same predictions after save → load, the
 * categorical text mapping travels in pandas_categorical, labels and target name in gbtune_* lines.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { train } from '../../../src/gbdt/boosting/train.js';

/**
 * The checks LightGBM 4.6's loader makes (GBDT::LoadModelFromString, Tree::Tree(const char*)),
 * re-stated: header lines split on '=' into at most 2 parts (feature_names excepted), the required
 * keys, tree_sizes offsets landing on 'Tree=' lines, at most 22 key=value lines per tree.
 */
function expectLightGbmLoads(text: string): void {
  const firstTree = text.indexOf('\nTree=0\n') + 1;
  const header = text.slice(0, firstTree).split('\n').filter((l) => l.length > 0);
  const keys = new Map<string, string>();
  for (const line of header) {
    const parts = line.split('=');
    if (parts.length > 2) expect(parts[0], `header line ${line}`).toMatch(/^(feature_names|monotone_constraints)$/);
    keys.set(parts[0], parts.slice(1).join('='));
  }
  for (const k of ['num_class', 'label_index', 'max_feature_idx', 'feature_names', 'feature_infos', 'tree_sizes']) expect(keys.has(k), k).toBe(true);
  const nFeatures = Number(keys.get('max_feature_idx')) + 1;
  expect(keys.get('feature_names')!.split(' ').length).toBe(nFeatures);
  expect(keys.get('feature_infos')!.split(' ').length).toBe(nFeatures);
  const sizes = keys.get('tree_sizes')!.split(' ').map(Number);
  const bytes = Buffer.from(text, 'utf8');
  let at = Buffer.byteLength(text.slice(0, firstTree));
  sizes.forEach((size, t) => {
    const block = bytes.subarray(at, at + size).toString('utf8');
    expect(block.startsWith(`Tree=${t}\n`), `tree ${t} at its tree_sizes offset`).toBe(true);
    const lines = block.split('\n').slice(1);
    const fields = lines.slice(0, lines.indexOf(''));
    expect(fields.length).toBeLessThanOrEqual(22);
    for (const f of fields) expect(f).toMatch(/^[a-z_]+=/);
    at += size;
  });
  expect(bytes.subarray(at, at + 13).toString()).toBe('end of trees\n');
}

describe('trained models through model files', () => {
  it('credit (categorical text, missing values, string classes): txt and json round trips predict identically', async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const booster = train({ objective: 'binary', num_iterations: 15, num_leaves: 15, verbosity: -1, seed: 3 }, data);
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-booster-'));
    booster.saveModel(join(dir, 'credit.txt'));
    booster.saveModel(join(dir, 'credit.json'));
    const text = readFileSync(join(dir, 'credit.txt'), 'utf8');
    expect(text).toMatch(/^gbtune_classes=\["bad","good"\]$/m);
    expect(text).toMatch(/^gbtune_target="target"$/m);
    expect(text.trimEnd().split('\n').pop()).toBe(
      'pandas_categorical:[["ignore", "other", "owner", "parents", "priv", "rent"], ["divorced", "married", "separated", "single", "widow"], ["no", "yes"], ["fixed", "freelance", "others", "partime"]]',
    );
    expectLightGbmLoads(text);
    const raw = booster.predictRaw(data);
    const labels = booster.predict(data) as string[];
    expect(new Set(labels)).toEqual(new Set(['bad', 'good']));
    for (const f of ['credit.txt', 'credit.json']) {
      const back = loadModel(join(dir, f));
      expect(back.classes).toEqual(['bad', 'good']);
      expect(back.targetName).toBe('target');
      expect(back.featureNames).toEqual(booster.featureNames);
      expect(Array.from(back.predictRaw(data))).toEqual(Array.from(raw));
      expect(back.predict(data)).toEqual(labels);
    }
    // the JSON file holds the model exactly
    expect(JSON.stringify(loadModel(join(dir, 'credit.json')))).toBe(JSON.stringify(booster));
    // txt → load → txt is stable
    expect(loadModel(text).modelToString()).toBe(text);
  });

  it('iris (names with spaces, 3 classes): model.txt names are LightGBM-safe and the originals come back', async () => {
    const data = await readCsv('datasets/iris.csv');
    const booster = train({ objective: 'multiclass', num_class: 3, num_iterations: 5, verbosity: -1 }, data);
    const text = booster.modelToString();
    expectLightGbmLoads(text);
    expect(text).toContain('feature_names=sepal_length_(cm) sepal_width_(cm) petal_length_(cm) petal_width_(cm)\n');
    const back = loadModel(text);
    expect(back.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(Array.from(back.predictProba(data))).toEqual(Array.from(booster.predictProba(data)));
    const imp = booster.featureImportance({ importanceType: 'gain' });
    // model.txt keeps split gains as float32 (as LightGBM): gains agree to float precision
    const backGain = back.featureImportance({ importanceType: 'gain' });
    for (let f = 0; f < 4; f++) expect(Math.abs(backGain[f] - imp[f])).toBeLessThanOrEqual(1e-6 * Math.abs(imp[f]));
    expect(imp.some((g) => g > 0)).toBe(true);
    expect(Array.from(back.featureImportance())).toEqual(Array.from(booster.featureImportance()));
  });
});

describe('the LightGBM loader checks above', () => {
  it('accept every model.txt LightGBM wrote, and reject a header line with two "="', () => {
    for (const name of ['breast_cancer_binary', 'iris_multiclass', 'credit_categorical_missing', 'wine_regression_l2']) {
      expectLightGbmLoads(readFileSync(`test/fixtures/lightgbm/${name}.model.txt`, 'utf8'));
    }
    const bad = readFileSync('test/fixtures/lightgbm/iris_multiclass.model.txt', 'utf8').replace('label_index=0', 'label_index=0=1');
    expect(() => expectLightGbmLoads(bad)).toThrow();
  });
});
