/**
 * gbtune reproduces LightGBM 4.6's own predictions from the model files it wrote
 * (test/fixtures/lightgbm), through the public path: loadModel → readCsv → predict.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';

import { FIXTURES } from '../../helpers/lightgbm-fixtures.js';

const DIR = 'test/fixtures/lightgbm';

describe('LightGBM fixtures', () => {
  it('every fixture in fixtures.json has its model file (each one is loaded, trained and param-checked below)', () => {
    expect(FIXTURES.length).toBeGreaterThan(25);
    for (const fx of FIXTURES) expect(existsSync(`${DIR}/${fx.name}.model.txt`), fx.name).toBe(true);
  });
});

function readMatrix(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

/** |a - b| <= 1e-9, relative for large values. */
function expectClose(actual: number, expected: number, what: string): void {
  const tol = 1e-9 * Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tol)) expect.fail(`${what}: got ${actual}, LightGBM ${expected}`);
}

describe.each(FIXTURES)('LightGBM fixture $name', (fx) => {
  it('reproduces raw_score.csv and predict.csv for every row', async () => {
    const booster = loadModel(`${DIR}/${fx.name}.model.txt`);
    const data = await readCsv(`datasets/${fx.data}`, { target: 'target' });
    expect(data.nRows).toBe(fx.rows);
    const rawExpected = readMatrix(`${DIR}/${fx.name}.raw_score.csv`);
    const predExpected = readMatrix(`${DIR}/${fx.name}.predict.csv`);
    expect(rawExpected.length).toBe(fx.rows);
    const k = booster.numTreePerIteration;
    expect(rawExpected[0].length).toBe(k);

    const raw = booster.predictRaw(data);
    expect(raw.length).toBe(fx.rows * k);
    for (let i = 0; i < fx.rows; i++) for (let c = 0; c < k; c++) expectClose(raw[i * k + c], rawExpected[i][c], `row ${i} class ${c} raw`);

    if (booster.classes === null) {
      const values = booster.predict(data) as Float64Array;
      expect(values).toBeInstanceOf(Float64Array);
      for (let i = 0; i < fx.rows; i++) expectClose(values[i], predExpected[i][0], `row ${i} value`);
      expect(() => booster.predictProba(data)).toThrow(/not a classification/);
      return;
    }
    const proba = booster.predictProba(data);
    const nc = booster.classes.length;
    expect(proba.length).toBe(fx.rows * nc);
    const labels = booster.predict(data) as string[];
    for (let i = 0; i < fx.rows; i++) {
      if (k === 1) {
        expectClose(proba[i * 2 + 1], predExpected[i][0], `row ${i} P(class 1)`);
        expectClose(proba[i * 2], 1 - predExpected[i][0], `row ${i} P(class 0)`);
        expect(labels[i]).toBe(predExpected[i][0] > 0.5 ? '1' : '0');
      } else {
        let best = 0;
        for (let c = 0; c < k; c++) {
          expectClose(proba[i * k + c], predExpected[i][c], `row ${i} P(class ${c})`);
          if (predExpected[i][c] > predExpected[i][best]) best = c;
        }
        expect(labels[i]).toBe(String(best));
      }
    }
  });

  it('predicts the same from records as from the CSV dataset', async () => {
    const booster = loadModel(`${DIR}/${fx.name}.model.txt`);
    const data = await readCsv(`datasets/${fx.data}`, { target: 'target' });
    // no cell of these files holds a comma: a split and the quotes taken off read them
    const unquote = (c: string): string => (c.length >= 2 && c.startsWith('"') && c.endsWith('"') ? c.slice(1, -1) : c);
    const header = readFileSync(`datasets/${fx.data}`, 'utf8').split('\n')[0].split(',').map(unquote);
    const lines = readFileSync(`datasets/${fx.data}`, 'utf8').trim().split('\n').slice(1, 41);
    const records = lines.map((line) => {
      const cells = line.split(',').map(unquote);
      const r: Record<string, unknown> = {};
      header.forEach((h, j) => {
        if (h === 'target') return;
        const c = cells[j];
        r[h] = c === '' ? null : Number.isNaN(Number(c)) ? c : Number(c);
      });
      return r;
    });
    const fromRecords = booster.predictRaw(records);
    const fromCsv = booster.predictRaw(data);
    const k = booster.numTreePerIteration;
    expect(Array.from(fromRecords)).toEqual(Array.from(fromCsv.subarray(0, 40 * k)));
  });
});

describe('credit_categorical_missing: categories through pandas_categorical', () => {
  it('maps Home/Marital/Records/Job text to the pandas codes, in categorical feature order', () => {
    const booster = loadModel(`${DIR}/credit_categorical_missing.model.txt`);
    const byName = new Map(booster.model.features.map((f) => [f.name, f]));
    expect(byName.get('Home')?.kind).toBe('categorical');
    expect(byName.get('Home')?.categories).toEqual(['ignore', 'other', 'owner', 'parents', 'priv', 'rent']);
    expect(byName.get('Marital')?.categories).toEqual(['divorced', 'married', 'separated', 'single', 'widow']);
    expect(byName.get('Records')?.categories).toEqual(['no', 'yes']);
    expect(byName.get('Job')?.categories).toEqual(['fixed', 'freelance', 'others', 'partime']);
    expect(byName.get('Income')?.kind).toBe('numeric');
    expect(booster.model.features.filter((f) => f.kind === 'categorical').length).toBe(4);
  });

  it('sends unseen and missing categories right, as LightGBM does for negative / NaN codes', () => {
    const booster = loadModel(`${DIR}/credit_categorical_missing.model.txt`);
    const base = { Seniority: 9, Time: 60, Age: 30, Expenses: 73, Income: 129, Assets: 0, Debt: 0, Amount: 800, Price: 846 };
    const unseen = booster.predictRaw([{ ...base, Home: 'castle', Marital: 'married', Records: 'no', Job: 'freelance' }]);
    const missing = booster.predictRaw([{ ...base, Home: null, Marital: 'married', Records: 'no', Job: 'freelance' }]);
    const cols = booster.columnsOf([{ ...base, Home: 'castle', Marital: 'married', Records: 'no', Job: 'freelance' }]);
    expect(cols[1][0]).toBe(-1);
    expect(unseen[0]).toBe(missing[0]);
  });
});
