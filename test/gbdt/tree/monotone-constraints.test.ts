import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParamError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { readCsv } from '../../../src/data/csv.js';
import { Dataset, type ColumnInput } from '../../../src/data/dataset.js';
import { captureLogs } from '../../../src/core/log.js';
import type { Booster } from '../../../src/gbdt/boosting/booster.js';
import { parseLightGbmText } from '../../../src/gbdt/boosting/model-txt-read.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';

const METHODS = ['basic', 'intermediate', 'advanced'] as const;

/**
 * The violations of monotonicity of a model's raw score along each constrained feature (`mc[j]`
 * 1: non-decreasing, -1: non-increasing): for `nRows` rows drawn from `cols`, feature j is set to
 * every split threshold on it (going left) and just above (going right), in increasing order, and
 * the raw scores must move the constrained way — exactly: each tree moves its way and rounding is
 * monotone, so the sum does too.
 */
function violations(booster: Booster, cols: readonly Float64Array[], mc: readonly number[], nRows: number, seed: number): number {
  const rng = new Rng(seed);
  const trees = booster.model.trees;
  let bad = 0;
  for (let j = 0; j < mc.length; j++) {
    if (mc[j] === 0) continue;
    const cuts = new Set<number>();
    for (const t of trees) for (let n = 0; n < t.numLeaves - 1; n++) if (t.splitFeature[n] === j) cuts.add(t.threshold[n]);
    // (a threshold of 1e300 splits the missing values from the rest: not a point of the axis)
    const points = [-1e299, 1e299];
    for (const c of cuts) if (c < 1e299) points.push(c, c + Math.max(1e-40, Math.abs(c) * 1e-9));
    const grid = [...new Set(points)].sort((a, b) => a - b);
    // the rows, each repeated over the grid, with feature j set along it
    const probe = cols.map(() => new Float64Array(nRows * grid.length));
    for (let r = 0; r < nRows; r++) {
      const row = rng.below(cols[0].length);
      for (let g = 0; g < grid.length; g++) for (let f = 0; f < cols.length; f++) probe[f][r * grid.length + g] = f === j ? grid[g] : cols[f][row];
    }
    const raw = booster.predictRaw(probe);
    for (let r = 0; r < nRows; r++) {
      for (let g = 1; g < grid.length; g++) {
        const step = raw[r * grid.length + g] - raw[r * grid.length + g - 1];
        if (mc[j] * step < 0) bad++;
      }
    }
  }
  return bad;
}

const columnsOf = (d: Dataset): Float64Array[] => d.features.map((c) => c.values);

/** credit_data with its numeric missing values set to -1 (categorical columns, missing or not, kept). */
async function creditComplete(): Promise<Dataset> {
  const d = await readCsv('datasets/credit_data.csv');
  const cols: Record<string, ColumnInput> = {};
  for (const c of d.features) {
    cols[c.name] = c.kind === 'categorical' ? Array.from(c.values, (v) => (Number.isNaN(v) ? null : (c.categories ?? [])[v])) : c.values.map((v) => (Number.isNaN(v) ? -1 : v));
  }
  const t = d.target;
  if (t === null || t.classIndex === null || t.classes === null) throw new Error('credit_data has a class target');
  const classes = t.classes;
  cols.target = Array.from(t.classIndex, (k) => classes[k]);
  return Dataset.fromColumns(cols, { target: 'target' });
}

describe('monotone constraints: predictions move the constrained way along each constrained feature', () => {
  const cases: { name: string; data: () => Promise<Dataset>; params: GbdtParamsInput; mc: number[] }[] = [
    { name: 'diabetes (regression)', data: () => readCsv('datasets/diabetes.csv'), params: { objective: 'regression', num_leaves: 31, min_data_in_leaf: 5 }, mc: [0, 1, 1, 1, -1, 0, -1, 0, 1, 0] },
    {
      name: 'breast_cancer (binary)', data: () => readCsv('datasets/breast_cancer.csv'), params: { objective: 'binary', num_leaves: 31, min_data_in_leaf: 5 },
      mc: [1, 1, 1, 1, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, -1, 0, 0],
    },
    // categorical features (free, some missing)
    { name: 'credit_data (binary, categorical)', data: creditComplete, params: { objective: 'binary', num_leaves: 31, min_data_in_leaf: 10 }, mc: [1, 0, -1, 1, 0, 0, 0, -1, 1, 1, -1, 0, 0] },
  ];
  for (const c of cases) {
    it(`${c.name}: none without constraints, every method with them`, async () => {
      const data = await c.data();
      const cols = columnsOf(data);
      const base: GbdtParamsInput = { ...c.params, num_iterations: 25, learning_rate: 0.2, verbosity: -1 };
      // the check has power: an unconstrained model breaks the constraints
      expect(violations(train(base, data), cols, c.mc, 40, 1)).toBeGreaterThan(0);
      for (const method of METHODS) {
        for (const penalty of [0, 1.5]) {
          const booster = train({ ...base, monotone_constraints: c.mc, monotone_constraints_method: method, monotone_penalty: penalty }, data);
          expect(violations(booster, cols, c.mc, 40, 2), `${method}, penalty ${penalty}`).toBe(0);
        }
      }
    });
  }

  it('hold with extra_trees, bagging, feature sampling, L1, max_delta_step and path_smooth', async () => {
    const data = await readCsv('datasets/diabetes.csv');
    const mc = [1, -1, 1, 1, 0, -1, -1, 0, 1, 0];
    for (const method of METHODS) {
      const p: GbdtParamsInput = {
        objective: 'regression', num_iterations: 20, num_leaves: 63, min_data_in_leaf: 3, extra_trees: true, bagging_fraction: 0.7, bagging_freq: 1,
        feature_fraction: 0.8, lambda_l1: 1, max_delta_step: 40, path_smooth: 1, monotone_constraints: mc, monotone_constraints_method: method, verbosity: -1,
      };
      expect(violations(train(p, data), columnsOf(data), mc, 30, 3), method).toBe(0);
    }
  });

  it('with missing values: basic holds them; intermediate and advanced (LightGBM\'s, split for split) come with a warning', async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const mc = [1, 0, -1, 1, 0, 0, 0, -1, 1, 1, -1, 0, 0];
    const p: GbdtParamsInput = { objective: 'binary', num_iterations: 25, learning_rate: 0.2, num_leaves: 31, min_data_in_leaf: 10, monotone_constraints: mc };
    let booster: Booster | null = null;
    expect(captureLogs(() => (booster = train(p, data)))).toEqual([]);
    expect(violations(booster as unknown as Booster, columnsOf(data), mc, 60, 4)).toBe(0);
    for (const method of ['intermediate', 'advanced'] as const) {
      const logs = captureLogs(() => train({ ...p, num_iterations: 1, monotone_constraints_method: method }, data));
      expect(logs.map((l) => l.level)).toEqual(['warn']);
      expect(logs[0].message).toMatch(new RegExp(`^monotone_constraints_method = ${method}: features 'Income', 'Assets', 'Debt' have missing values, .* monotone_constraints_method = basic holds them$`));
    }
    // silent at verbosity < 0, and on complete data
    expect(captureLogs(() => train({ ...p, num_iterations: 1, monotone_constraints_method: 'advanced', verbosity: -1 }, data))).toEqual([]);
    expect(captureLogs(() => train({ objective: 'regression', num_iterations: 1, monotone_constraints_method: 'advanced', mc: [0, 0, 1, 1, 0, 0, -1, 0, 1, 0] }, diabetesData))).toEqual([]);
  });
});

let diabetesData: Dataset;
beforeAll(async () => {
  diabetesData = await readCsv('datasets/diabetes.csv');
});

describe('monotone_penalty', () => {
  it('forbids constrained splits on the first floor(penalty) levels (LightGBM: gain x kEpsilon)', async () => {
    const data = await readCsv('datasets/diabetes.csv');
    const mc = [0, 0, 1, 1, 0, 0, -1, 0, 1, 0];
    const booster = train({ objective: 'regression', num_iterations: 10, num_leaves: 15, min_data_in_leaf: 5, monotone_constraints: mc, monotone_penalty: 2, verbosity: -1 }, data);
    let deepConstrained = 0;
    for (const t of booster.model.trees) {
      // depth of each node: the root is 0, a child one deeper
      const depth = new Int32Array(t.numLeaves - 1);
      for (let n = 0; n < t.numLeaves - 1; n++) {
        for (const c of [t.leftChild[n], t.rightChild[n]]) if (c >= 0) depth[c] = depth[n] + 1;
        if (mc[t.splitFeature[n]] !== 0) {
          expect(depth[n]).toBeGreaterThanOrEqual(2);
          deepConstrained++;
        }
      }
    }
    expect(deepConstrained).toBeGreaterThan(5);
  });
});

describe('gbtune models with constraints, in LightGBM\'s format', () => {
  const fixture = (name: string): string => readFileSync(`test/fixtures/lightgbm/${name}.model.txt`, 'utf8');
  const fixtureParams = (name: string): Record<string, unknown> => {
    const fx = (JSON.parse(readFileSync('test/fixtures/lightgbm/fixtures.json', 'utf8')) as { name: string; params: Record<string, unknown>; num_boost_round: number }[]).find((f) => f.name === name);
    if (fx === undefined) throw new Error(name);
    return { ...fx.params, num_iterations: fx.num_boost_round };
  };
  const lines = (text: string, re: RegExp): string[] => text.split('\n').filter((l) => re.test(l));

  it('write the header line and params LightGBM writes, and trees identical to its text (advanced, monotone_penalty)', async () => {
    const name = 'diabetes_monotone_advanced';
    const text = train(fixtureParams(name), await readCsv('datasets/diabetes.csv')).modelToString();
    const lgb = fixture(name);
    expect(lines(text, /^monotone_constraints=/)).toEqual(['monotone_constraints=0 0 1 1 0 0 -1 0 1 0']);
    const constraintParams = /^\[(monotone_constraints|monotone_constraints_method|monotone_penalty|interaction_constraints): /;
    expect(lines(text, constraintParams)).toEqual(lines(lgb, constraintParams));
    const trees = (t: string): string => t.slice(t.indexOf('Tree=0'), t.indexOf('end of trees'));
    expect(trees(text)).toBe(trees(lgb));
    // and back: the params round-trip and the model predicts the same
    const back = parseLightGbmText(text);
    expect(back.params.monotone_constraints).toBe('0,0,1,1,0,0,-1,0,1,0');
    expect(back.params.monotone_constraints_method).toBe('advanced');
  });

  it('write interaction_constraints as LightGBM does ([0,1],[2,3])', async () => {
    const name = 'breast_cancer_interaction';
    const text = train(fixtureParams(name), await readCsv('datasets/breast_cancer.csv')).modelToString();
    expect(lines(text, /^\[interaction_constraints: /)).toEqual(['[interaction_constraints: [0,1,2,3,4],[5,6,7,8,9],[20,21,22,23]]']);
    expect(lines(fixture(name), /^\[interaction_constraints: /)).toEqual(['[interaction_constraints: [0,1,2,3,4],[5,6,7,8,9],[20,21,22,23]]']);
  });
});

describe('monotone constraints against the data', () => {
  it('need one value per feature and none on a categorical feature (LightGBM: fatal)', async () => {
    const diabetes = await readCsv('datasets/diabetes.csv');
    const err = (f: () => unknown): ParamError => {
      try {
        f();
      } catch (e) {
        if (e instanceof ParamError) return e;
        throw e;
      }
      throw new Error('expected a ParamError');
    };
    expect(err(() => train({ objective: 'regression', num_iterations: 1, monotone_constraints: [1, 0, -1] }, diabetes)).message).toBe(
      'monotone_constraints has 3 values; the data has 10 features: give one of -1, 0, 1 per feature, in order',
    );
    const credit = await readCsv('datasets/credit_data.csv');
    expect(err(() => train({ objective: 'binary', num_iterations: 1, mc: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }, credit)).message).toBe(
      "monotone_constraints[1] = 1: feature 'Home' is categorical, and the output cannot be monotone in a categorical feature; give it 0",
    );
  });
});
