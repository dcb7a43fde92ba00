/**
 * SHAP contributions (TreeSHAP) and leaf indices: LightGBM 4.6's own `pred_contrib` / `pred_leaf`
 * outputs for the fixtures, additivity on random models, and exact Shapley values by enumerating
 * every feature subset (the path-dependent conditional expectation of the TreeSHAP paper).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { readCsv } from '../../../src/data/csv.js';
import { Dataset } from '../../../src/data/dataset.js';
import type { Booster } from '../../../src/gbdt/boosting/booster.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { ShapPath, treeExpectedValue, treeMaxDepth, treeShap } from '../../../src/gbdt/boosting/tree-shap.js';
import { decide, treeLeafIndex } from '../../../src/gbdt/tree/tree-predict.js';
import { Tree } from '../../../src/gbdt/tree/tree.js';
import { FIXTURES } from '../../helpers/lightgbm-fixtures.js';

const DIR = 'test/fixtures/lightgbm';

function readMatrix(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

const withOutput = (out: string) => FIXTURES.filter((fx) => fx.outputs?.includes(out));

describe.each(withOutput('contrib'))('pred_contrib of LightGBM fixture $name', (fx) => {
  it('equals LightGBM\'s contrib.csv to 1e-9 for every row and column', async () => {
    const booster = loadModel(`${DIR}/${fx.name}.model.txt`);
    const data = await readCsv(`datasets/${fx.data}`, { target: 'target' });
    const expected = readMatrix(`${DIR}/${fx.name}.contrib.csv`);
    const phi = booster.predict(data, { contrib: true });
    const width = booster.numTreePerIteration * (booster.featureNames.length + 1);
    expect(expected.length).toBe(fx.rows);
    expect(expected[0].length).toBe(width);
    expect(phi.length).toBe(fx.rows * width);
    let maxDiff = 0;
    for (let i = 0; i < fx.rows; i++) {
      for (let c = 0; c < width; c++) {
        const e = expected[i][c];
        const d = Math.abs(phi[i * width + c] - e) / Math.max(1, Math.abs(e));
        if (d > maxDiff) maxDiff = d;
      }
    }
    expect(maxDiff).toBeLessThan(1e-9);
  });
});

describe.each(withOutput('leaf'))('pred_leaf of LightGBM fixture $name', (fx) => {
  it("equals LightGBM's leaf.csv for every row and tree", async () => {
    const booster = loadModel(`${DIR}/${fx.name}.model.txt`);
    const data = await readCsv(`datasets/${fx.data}`, { target: 'target' });
    const expected = readMatrix(`${DIR}/${fx.name}.leaf.csv`);
    const leaves = booster.predict(data, { leaf: true });
    expect(leaves).toBeInstanceOf(Int32Array);
    expect(expected[0].length).toBe(booster.numTrees);
    expect(Array.from(leaves)).toEqual(expected.flat());
  });
});

/** A random table: `nNum` numeric columns (5% missing), one categorical, a binary or 3-class target. */
function randomData(seed: number, nRows: number, nNum: number, classes: number): Dataset {
  const rng = new Rng(seed);
  const cols: Record<string, Float64Array | string[]> = {};
  for (let f = 0; f < nNum; f++) cols[`x${f}`] = Float64Array.from({ length: nRows }, () => (rng.random() < 0.05 ? NaN : rng.normal()));
  cols.cat = Array.from({ length: nRows }, () => ['a', 'b', 'c', 'd', 'e'][rng.below(5)]);
  const x0 = cols.x0 as Float64Array;
  const x1 = cols.x1 as Float64Array;
  cols.target = Array.from({ length: nRows }, (_, i) => {
    const s = (Number.isNaN(x0[i]) ? 0.5 : x0[i]) + 0.5 * (Number.isNaN(x1[i]) ? 0 : x1[i]) + ((cols.cat as string[])[i] === 'b' ? 1 : 0) + 0.7 * rng.normal();
    return classes === 2 ? (s > 0.3 ? 'yes' : 'no') : s < -0.3 ? 'lo' : s < 0.8 ? 'mid' : 'hi';
  });
  return Dataset.fromColumns(cols, { target: 'target' });
}

describe('contributions of random models', () => {
  it.each([
    [2, 1],
    [3, 2],
  ])('%i classes: every class block sums to the raw score (additivity), to 1e-12', (classes, seed) => {
    const data = randomData(seed, 400, 5, classes);
    const booster = train({ objective: classes === 2 ? 'binary' : 'multiclass', num_leaves: 12, min_data_in_leaf: 5, num_iterations: 15, max_cat_to_onehot: 2, verbosity: -1 }, data);
    const hasCat = booster.model.trees.some((t) => t.numCat > 0);
    expect(hasCat).toBe(true);
    const phi = booster.predictContrib(data);
    const raw = booster.predictRaw(data);
    const k = booster.numTreePerIteration;
    const nf = booster.featureNames.length;
    const width = k * (nf + 1);
    let maxDiff = 0;
    for (let i = 0; i < data.nRows; i++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let f = 0; f <= nf; f++) s += phi[i * width + c * (nf + 1) + f];
        maxDiff = Math.max(maxDiff, Math.abs(s - raw[i * k + c]));
      }
    }
    expect(maxDiff).toBeLessThan(1e-12);
  });

  it('numIteration limits the rounds, as predictRaw does', () => {
    const booster = train({ objective: 'binary', num_leaves: 6, num_iterations: 10, verbosity: -1 }, randomData(3, 200, 3, 2));
    const data = randomData(4, 30, 3, 2);
    const phi = booster.predictContrib(data, { numIteration: 4 });
    const raw = booster.predictRaw(data, { numIteration: 4 });
    for (let i = 0; i < 30; i++) {
      let s = 0;
      for (let f = 0; f < 5; f++) s += phi[i * 5 + f];
      expect(s).toBeCloseTo(raw[i], 12);
    }
    expect(booster.predictLeaf(data, { numIteration: 4 }).length).toBe(30 * 4);
  });
});

/** The path-dependent conditional expectation E[f(x) | x_S]: follow x on features in S, else average the children by cover. */
function condExp(tree: Tree, node: number, inS: (f: number) => boolean, x: readonly Float64Array[], row: number): number {
  if (node < 0) return tree.leafValue[~node];
  const f = tree.splitFeature[node];
  if (inS(f)) return condExp(tree, decide(tree, node, x[f][row]), inS, x, row);
  const cover = (n: number): number => (n >= 0 ? tree.internalCount[n] : tree.leafCount[~n]);
  const l = tree.leftChild[node];
  const r = tree.rightChild[node];
  return (cover(l) * condExp(tree, l, inS, x, row) + cover(r) * condExp(tree, r, inS, x, row)) / cover(node);
}

/** Exact Shapley values of one tree for one row, by enumerating all 2^M subsets. */
function bruteForceShapley(tree: Tree, m: number, x: readonly Float64Array[], row: number): Float64Array {
  const fact = [1];
  for (let i = 1; i <= m; i++) fact.push(fact[i - 1] * i);
  const v = new Float64Array(1 << m);
  for (let s = 0; s < 1 << m; s++) v[s] = tree.numLeaves <= 1 ? tree.leafValue[0] : condExp(tree, 0, (f) => ((s >> f) & 1) === 1, x, row);
  const phi = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    for (let s = 0; s < 1 << m; s++) {
      if (((s >> i) & 1) === 1) continue;
      let size = 0;
      for (let b = 0; b < m; b++) size += (s >> b) & 1;
      phi[i] += ((fact[size] * fact[m - size - 1]) / fact[m]) * (v[s | (1 << i)] - v[s]);
    }
  }
  phi[m] = v[0];
  return phi;
}

describe('TreeSHAP equals brute-force Shapley values (M = 6 features, every subset)', () => {
  it('on every tree of a model with missing values, a categorical feature and repeated splits on a feature', () => {
    const data = randomData(7, 300, 5, 2);
    const booster: Booster = train({ objective: 'binary', num_leaves: 10, min_data_in_leaf: 4, num_iterations: 8, max_cat_to_onehot: 2, verbosity: -1 }, data);
    const x = booster.columnsOf(data);
    const m = x.length;
    expect(m).toBe(6);
    let checked = 0;
    let repeated = 0;
    let maxDiff = 0;
    for (const tree of booster.model.trees) {
      const used = new Set(Array.from(tree.splitFeature.subarray(0, tree.numLeaves - 1)));
      if (used.size < tree.numLeaves - 1) repeated++;
      const path = new ShapPath(treeMaxDepth(tree));
      for (let row = 0; row < 40; row++) {
        const phi = new Float64Array(m + 1);
        treeShap(tree, x, row, phi, 0, m, path);
        const ref = bruteForceShapley(tree, m, x, row);
        for (let f = 0; f <= m; f++) maxDiff = Math.max(maxDiff, Math.abs(phi[f] - ref[f]));
        checked++;
      }
      expect(treeExpectedValue(tree)).toBeCloseTo(bruteForceShapley(tree, m, x, 0)[m], 12);
    }
    expect(checked).toBe(8 * 40);
    expect(repeated).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThan(1e-12);
  });

  it('a single-leaf tree contributes its value to the bias only', () => {
    const stump = new Tree(2);
    stump.leafValue[0] = 0.7;
    const phi = new Float64Array(5);
    treeShap(stump, [Float64Array.of(1), Float64Array.of(1), Float64Array.of(1), Float64Array.of(1)], 0, phi, 0, 4, new ShapPath(0));
    expect(Array.from(phi)).toEqual([0, 0, 0, 0, stump.leafValue[0]]);
  });
});

describe('predict options', () => {
  it('leaf indices are the leaves predictRaw sums', () => {
    const booster = loadModel(`${DIR}/iris_multiclass.model.txt`);
    const x = [Float64Array.of(5.1, 6.3, NaN), Float64Array.of(3.5, 2.9, 3), Float64Array.of(1.4, 5.6, 4), Float64Array.of(0.2, 1.8, NaN)];
    const leaves = booster.predictLeaf(x);
    const raw = booster.predictRaw(x);
    const nt = booster.numTrees;
    for (let i = 0; i < 3; i++) {
      const sums = [0, 0, 0];
      for (let t = 0; t < nt; t++) {
        expect(leaves[i * nt + t]).toBe(treeLeafIndex(booster.model.trees[t], x, i));
        sums[t % 3] += booster.model.trees[t].leafValue[leaves[i * nt + t]];
      }
      for (let c = 0; c < 3; c++) expect(sums[c]).toBeCloseTo(raw[i * 3 + c], 12);
    }
  });

  it('raw, contrib and leaf are one output each: asking for two is a ParamError', () => {
    const booster = loadModel(`${DIR}/iris_multiclass.model.txt`);
    const x = [Float64Array.of(5), Float64Array.of(3), Float64Array.of(1), Float64Array.of(0.2)];
    expect(() => booster.predict(x, { contrib: true, leaf: true })).toThrow(ParamError);
    expect(() => booster.predict(x, { raw: true, contrib: true })).toThrow(/raw and contrib cannot be asked for together/);
    expect(booster.predict(x, { contrib: true })).toEqual(booster.predictContrib(x));
    expect(booster.predict(x, { leaf: true })).toEqual(booster.predictLeaf(x));
  });
});
