/**
 * The tuned model's explanation in the report: a seeded, capped row sample, SHAP values from
 * TreeSHAP on it (the predicted class's block for multiclass), gain importance; and tuneGbdt's
 * report.html holding the model plots.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { train } from '../../src/gbdt/boosting/train.js';
import { explainModel } from '../../src/tune-gbdt/model-explanation.js';
import { tuneGbdt } from '../../src/tune-gbdt/tune.js';

describe('explainModel', () => {
  it('explains a seeded sample of at most maxRows rows with the booster\'s own SHAP values and gain importance', async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const booster = train({ objective: 'binary', num_iterations: 10, verbosity: -1 }, data);
    const e = explainModel(booster, data, { maxRows: 150, seed: 3 });
    const n = e.values[0].length;
    expect(n).toBe(150);
    expect(e.nRows).toBe(4454);
    expect(explainModel(booster, data, { maxRows: 150, seed: 3 }).values).toEqual(e.values);
    expect(explainModel(booster, data, { maxRows: 150, seed: 4 }).values[0]).not.toEqual(e.values[0]);
    expect(e.importance).toEqual(Array.from(booster.featureImportance({ importanceType: 'gain' })));
    expect(e.featureNames).toEqual(booster.featureNames);
    expect(e.categories[booster.featureNames.indexOf('Home')]).toEqual(['ignore', 'other', 'owner', 'parents', 'priv', 'rent']);
    expect(e.categories[booster.featureNames.indexOf('Income')]).toBeNull();
    expect(e.shapTarget).toBe("raw score (log-odds of 'good')");
    // each sampled row's SHAP values are those of the same row predicted alone
    const all = booster.columnsOf(data);
    const nf = all.length;
    for (const i of [0, 77, 149]) {
      // find the data row: the sample keeps data order, so row values identify it
      let row = -1;
      for (let r = 0; r < data.nRows && row < 0; r++) if (all.every((c, f) => Object.is(c[r], e.values[f][i]))) row = r;
      expect(row).toBeGreaterThanOrEqual(0);
      const phi = booster.predictContrib(all.map((c) => Float64Array.of(c[row])));
      for (let f = 0; f < nf; f++) expect(e.shap[f][i]).toBe(phi[f]);
    }
  });

  it('caps the rows by the model size (rows × leaves <= leafBudget, never under minRows)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const booster = train({ objective: 'binary', num_iterations: 20, num_leaves: 10, verbosity: -1 }, data);
    let leaves = 0;
    for (const t of booster.model.trees) leaves += t.numLeaves;
    expect(explainModel(booster, data, { leafBudget: 300 * leaves, minRows: 10 }).values[0].length).toBe(300);
    expect(explainModel(booster, data, { leafBudget: 1, minRows: 40 }).values[0].length).toBe(40);
    expect(explainModel(booster, data).values[0].length).toBe(569);
    // the default floor: 50 rows, so that a model of many large trees stays a few seconds' work
    expect(explainModel(booster, data, { leafBudget: 1 }).values[0].length).toBe(50);
  });

  it('multiclass: each row is explained by its predicted class\'s block (the SHAP values sum to the largest raw score)', async () => {
    const data = await readCsv('datasets/iris.csv');
    const booster = train({ objective: 'multiclass', num_iterations: 10, verbosity: -1 }, data);
    const e = explainModel(booster, data);
    expect(e.shapTarget).toBe("the predicted class's raw score");
    const raw = booster.predictRaw(e.values as Float64Array[]);
    const phi = booster.predictContrib(e.values as Float64Array[]);
    const nf = e.featureNames.length;
    for (let i = 0; i < 150; i++) {
      const scores = [0, 1, 2].map((c) => raw[i * 3 + c]);
      const c = scores.indexOf(Math.max(...scores));
      let s = phi[i * 3 * (nf + 1) + c * (nf + 1) + nf];
      for (let f = 0; f < nf; f++) s += e.shap[f][i];
      expect(s).toBeCloseTo(scores[c], 12);
    }
  });
});

describe('tuneGbdt report', () => {
  it('report.html explains the refitted model: feature importance, SHAP summary and dependence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-explain-report-'));
    const data = await readCsv('datasets/breast_cancer.csv');
    const r = await tuneGbdt(data, { nTrials: 2, nFolds: 3, maxRounds: 20, earlyStoppingRounds: 5, seed: 1, sampler: 'random', pruner: 'nop', outDir: dir });
    expect(r.booster).not.toBeNull();
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const id of ['chart-feature-importance', 'chart-shap-summary', 'chart-shap-dependence']) expect(html).toContain(id);
    expect(html).toContain('569 rows');
    const noRefit = mkdtempSync(join(tmpdir(), 'gbtune-explain-report-'));
    await tuneGbdt(data, { nTrials: 2, nFolds: 3, maxRounds: 20, seed: 1, sampler: 'random', pruner: 'nop', outDir: noRefit, refit: false });
    expect(readFileSync(join(noRefit, 'report.html'), 'utf8')).not.toContain('chart-shap-summary');
  });
});
