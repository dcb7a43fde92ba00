// multiclassova (one binary log loss per class, LightGBM's MulticlassOVA) on hand examples and trained on iris.
import { describe, expect, it } from 'vitest';
import { DataError, ParamError } from '../../../src/core/errors.js';
import { captureLogs } from '../../../src/core/log.js';
import { readCsv } from '../../../src/data/csv.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { BinaryObjective } from '../../../src/gbdt/objective/binary.js';
import { MulticlassOvaObjective } from '../../../src/gbdt/objective/multiclass-ova.js';
import { createObjective, parseObjectiveLine } from '../../../src/gbdt/objective/registry.js';
import { resolveParams } from '../../../src/params/resolve.js';

describe('multiclassova objective', () => {
  it("class k's gradients are the binary objective's for labels (y == k), with its sigmoid and class weights", () => {
    const label = new Float64Array([0, 1, 2, 2, 1, 2]);
    const n = label.length;
    const score = Float64Array.from({ length: 3 * n }, (_, j) => ((j * 7) % 5) / 2 - 1);
    for (const opts of [
      { sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 },
      { sigmoid: 2, is_unbalance: true, scale_pos_weight: 1 },
      { sigmoid: 1, is_unbalance: false, scale_pos_weight: 3 },
    ]) {
      const ova = createObjective(resolveParams({ objective: 'ova', num_class: 3, ...opts }));
      expect(ova).toBeInstanceOf(MulticlassOvaObjective);
      ova.init(label, null);
      const g = new Float32Array(3 * n);
      const h = new Float32Array(3 * n);
      ova.getGradients(score, g, h);
      for (let c = 0; c < 3; c++) {
        const bin = new BinaryObjective(opts);
        bin.init(Float64Array.from(label, (y) => (y === c ? 1 : 0)), null);
        const bg = new Float32Array(n);
        const bh = new Float32Array(n);
        bin.getGradients(score.subarray(c * n, (c + 1) * n), bg, bh);
        expect(Array.from(g.subarray(c * n, (c + 1) * n))).toEqual(Array.from(bg));
        expect(Array.from(h.subarray(c * n, (c + 1) * n))).toEqual(Array.from(bh));
        expect(ova.boostFromScore(c)).toBe(bin.boostFromScore(0));
      }
    }
  });

  it('outputs each class\'s own sigmoid (not normalised), writes num_class and sigmoid', () => {
    const ova = new MulticlassOvaObjective({ num_class: 3, sigmoid: 0.5, is_unbalance: false, scale_pos_weight: 1 });
    const out = new Float64Array(3);
    ova.convertOutput([0, 2, -2], out);
    expect(Array.from(out)).toEqual([0.5, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1))]);
    expect(ova.toString()).toBe('multiclassova num_class:3 sigmoid:0.5');
    expect(parseObjectiveLine(ova.toString()).toString()).toBe(ova.toString());
  });

  it('a class without rows needs no trees (LightGBM warns: only one class); bad labels are DataErrors', () => {
    const ova = new MulticlassOvaObjective({ num_class: 3, sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 });
    const logs = captureLogs(() => ova.init(new Float64Array([0, 1, 1, 0]), null));
    expect(logs.some((l) => l.level === 'warn')).toBe(true);
    expect([0, 1, 2].map((c) => ova.classNeedTrain(c))).toEqual([true, true, false]);
    expect(() => ova.init(new Float64Array([0, 3]), null)).toThrow(/multiclassova objective: label of row 1 is 3; labels must be class indices in \[0, 3\)/);
    expect(() => ova.init(new Float64Array([0.5]), null)).toThrow(DataError);
  });

  it('params: num_class > 1, multiclass metrics only, the binary settings apply without a warning', () => {
    expect(() => resolveParams({ objective: 'multiclassova' })).toThrow(/num_class = 1 is not valid for objective multiclassova: it must be > 1/);
    expect(() => resolveParams({ objective: 'ovr', num_class: 3, metric: 'binary_logloss' })).toThrow(ParamError);
    const p = resolveParams({ objective: 'multiclass_ova', num_class: 3 }, { numClass: 3 });
    expect([p.objective, p.metric]).toEqual(['multiclassova', ['multi_logloss']]);
    const logs = captureLogs(() => resolveParams({ objective: 'multiclassova', num_class: 3, sigmoid: 2, is_unbalance: true }));
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
    const warned = captureLogs(() => resolveParams({ objective: 'multiclass', num_class: 3, sigmoid: 2 }));
    expect(warned.map((l) => l.message).join('\n')).toMatch(/sigmoid only applies to objectives binary and multiclassova \(sigmoid: and lambdarank\); ignored for multiclass/);
  });
});

describe('multiclassova on iris', () => {
  it('keeps the classes, predicts per-class sigmoids and the most probable class; model.txt round-trips', async () => {
    const data = await readCsv('datasets/iris.csv');
    const booster = train({ objective: 'multiclassova', num_iterations: 20, num_leaves: 7, min_data_in_leaf: 5, verbosity: -1 }, data);
    expect(booster.classes).toEqual(['0', '1', '2']);
    expect(booster.numTreePerIteration).toBe(3);
    expect(booster.objective).toBe('multiclassova num_class:3 sigmoid:1');
    const raw = booster.predictRaw(data);
    const proba = booster.predictProba(data);
    const labels = booster.predict(data) as string[];
    let notOne = 0;
    let right = 0;
    for (let i = 0; i < data.nRows; i++) {
      let best = 0;
      let sum = 0;
      for (let c = 0; c < 3; c++) {
        expect(proba[i * 3 + c]).toBe(1 / (1 + Math.exp(-raw[i * 3 + c])));
        if (proba[i * 3 + c] > proba[i * 3 + best]) best = c;
        sum += proba[i * 3 + c];
      }
      if (Math.abs(sum - 1) > 1e-3) notOne++;
      expect(labels[i]).toBe(String(best));
      if (labels[i] === String(data.target!.classIndex![i])) right++;
    }
    expect(notOne).toBeGreaterThan(0);
    expect(right / data.nRows).toBeGreaterThan(0.95);
    const back = loadModel(booster.modelToString());
    expect(back.classes).toEqual(['0', '1', '2']);
    expect(Array.from(back.predictProba(data))).toEqual(Array.from(proba));
  });

  it('cross-validates with stratified folds, multi_logloss and accuracy', async () => {
    const data = await readCsv('datasets/iris.csv');
    const r = cv({ objective: 'multiclassova', num_iterations: 15, verbosity: -1 }, data, { nfold: 3, seed: 1 });
    expect(Object.keys(r.best).sort()).toEqual(['accuracy', 'multi_logloss']);
    expect(r.best.accuracy.mean).toBeGreaterThan(0.9);
    expect(r.best.multi_logloss.mean).toBeLessThan(0.5);
  });
});
