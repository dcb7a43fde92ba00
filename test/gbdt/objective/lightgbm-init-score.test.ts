// Cross-check of boostFromScore against LightGBM 4.6: the first tree of a LightGBM model carries
// the initial score in its root's internal_value (LightGBM adds it to the first trees with AddBias,
// and the root's own output is ~0 when started from the optimal constant). model.txt prints 6
// significant digits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createObjective } from '../../../src/gbdt/objective/registry.js';
import { resolveParams } from '../../../src/params/resolve.js';

const root = new URL('../../../', import.meta.url);

function targetColumn(csv: string): Float64Array {
  const lines = readFileSync(new URL(`datasets/${csv}`, root), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const t = header.indexOf('target');
  return Float64Array.from(lines.slice(1), (l) => Number(l.split(',')[t]));
}

function rootInternalValues(fixture: string): number[] {
  const text = readFileSync(new URL(`test/fixtures/lightgbm/${fixture}.model.txt`, root), 'utf8');
  return [...text.matchAll(/^internal_value=(\S+)/gm)].map((m) => Number(m[1]));
}

describe('boostFromScore agrees with LightGBM 4.6 fixtures', () => {
  it.each([
    { fixture: 'breast_cancer_binary', csv: 'breast_cancer.csv', params: { objective: 'binary' } },
    { fixture: 'iris_multiclass', csv: 'iris.csv', params: { objective: 'multiclass', num_class: 3 } },
    { fixture: 'wine_regression_l2', csv: 'wine.csv', params: { objective: 'regression' } },
  ])('$fixture', ({ fixture, csv, params }) => {
    const label = targetColumn(csv);
    const obj = createObjective(resolveParams(params));
    obj.init(label, null);
    const roots = rootInternalValues(fixture);
    for (let k = 0; k < obj.numModelPerIteration; k++) {
      const want = roots[k];
      const got = obj.boostFromScore(k);
      expect(Math.abs(got - want)).toBeLessThan(5e-6 * Math.max(1, Math.abs(want)));
    }
  });
});
