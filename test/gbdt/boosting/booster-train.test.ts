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
