import { describe, expect, it } from 'vitest';
import { alignToFeatures, UNSEEN_CATEGORY } from '../../src/data/align.js';
import { Dataset } from '../../src/data/dataset.js';
import { readCsv } from '../../src/data/csv.js';
import { CsvError } from '../../src/core/errors.js';

describe('alignToFeatures', () => {
  it('orders columns as the model, re-codes categories by text, unseen → -1, missing → NaN', () => {
    const data = Dataset.fromRecords(
      [
        { home: 'rent', age: 30, extra: 1 },
        { home: 'castle', age: 41, extra: 2 },
        { home: null, age: null, extra: 3 },
        { home: 'owner', age: 22, extra: 4 },
      ],
      { target: false },
    );
    const model = [
      { name: 'age', kind: 'numeric' as const },
      { name: 'home', kind: 'categorical' as const, categories: ['ignore', 'other', 'owner', 'parents', 'priv', 'rent'] },
    ];
    const [age, home] = alignToFeatures(data, model);
    expect(Array.from(age)).toEqual([30, 41, NaN, 22]);
    expect(age).toBe(data.column('age')!.values); // shared, not copied
    expect(Array.from(home)).toEqual([5, UNSEEN_CATEGORY, NaN, 2]);
  });

  it('numeric categories: a numeric or text column matches by value', () => {
    const data = Dataset.fromColumns({ a: [1, 2, 7, 1.5], b: ['1.0', '2', 'x', '10'] }, { target: false });
    const cats = ['1', '2', '10'];
    const [a, b] = alignToFeatures(data, [
      { name: 'a', kind: 'categorical', categories: cats },
      { name: 'b', kind: 'categorical', categories: cats },
    ]);
    expect(Array.from(a)).toEqual([0, 1, -1, -1]);
    expect(Array.from(b)).toEqual([0, 1, -1, 2]);
  });

  it('categorical feature without category texts: values are the codes', () => {
    const data = Dataset.fromColumns({ a: [0, 3, NaN], b: ['2', 'x', '1'] }, { target: false });
    const [a] = alignToFeatures(data, [{ name: 'a', kind: 'categorical' }]);
    expect(Array.from(a)).toEqual([0, 3, NaN]);
    expect(() => alignToFeatures(data, [{ name: 'b', kind: 'categorical' }])).toThrow(
      `columns, column 'b': holds the text 'x' but the model knows this categorical feature only by integer codes; expected numbers`,
    );
  });

  it('errors: a missing column, text for a numeric feature', async () => {
    const data = await readCsv('datasets/credit_data.csv', { target: false });
    expect(() => alignToFeatures(data, [{ name: 'Salary', kind: 'numeric' }])).toThrow(CsvError);
    expect(() => alignToFeatures(data, [{ name: 'Salary', kind: 'numeric' }])).toThrow(
      /^datasets\/credit_data\.csv, column 'Salary': the model needs feature 'Salary' but the data has no such column; it has: Seniority, Home, /,
    );
    expect(() => alignToFeatures(data, [{ name: 'Home', kind: 'numeric' }])).toThrow(
      `datasets/credit_data.csv, column 'Home': holds text (e.g. 'ignore') but the model's feature 'Home' is numeric; expected numbers or missing values`,
    );
  });

  it('credit_data codes equal the fixture model order (pandas_categorical)', async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const job = data.column('Job')!;
    const [aligned] = alignToFeatures(data, [{ name: 'Job', kind: 'categorical', categories: ['fixed', 'freelance', 'others', 'partime'] }]);
    expect(Array.from(aligned)).toEqual(Array.from(job.values));
  });
});
