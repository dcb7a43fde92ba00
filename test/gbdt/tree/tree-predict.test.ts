import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { Tree } from '../../../src/gbdt/tree/tree.js';
import { K_ZERO_THRESHOLD as ZERO_THRESHOLD } from '../../../src/core/constants.js';
import { addForestOutput, packForest } from '../../../src/gbdt/boosting/packed-forest.js';
import { addTreeOutput, checkTreeStructure, decide, treeLeafIndex, treePredictRow } from '../../../src/gbdt/tree/tree-predict.js';

/** A stump on feature 0: leaf 0 (value 1) left, leaf 1 (value 2) right. */
function stump(threshold: number, decisionType: number): Tree {
  const t = new Tree(2);
  t.numLeaves = 2;
  t.splitFeature[0] = 0;
  t.threshold[0] = threshold;
  t.decisionType[0] = decisionType;
  t.leftChild[0] = ~0;
  t.rightChild[0] = ~1;
  t.leafValue[0] = 1;
  t.leafValue[1] = 2;
  return t;
}

const NONE = 0;
const ZERO = 1 << 2;
const NAN = 2 << 2;
const DEFAULT_LEFT = 2;

const leafOf = (t: Tree, v: number): number => treeLeafIndex(t, [new Float64Array([v])], 0);

describe('numerical decision (LightGBM tree.h NumericalDecision)', () => {
  it('goes left when value <= threshold', () => {
    const t = stump(0.5, NONE);
    expect(leafOf(t, 0.5)).toBe(0);
    expect(leafOf(t, 0.49)).toBe(0);
    expect(leafOf(t, 0.5000001)).toBe(1);
    expect(leafOf(t, -Infinity)).toBe(0);
    expect(leafOf(t, Infinity)).toBe(1);
  });

  it('missing type none: NaN is treated as 0', () => {
    expect(leafOf(stump(0.5, NONE), NaN)).toBe(0);
    expect(leafOf(stump(-0.5, NONE), NaN)).toBe(1);
    expect(leafOf(stump(-0.5, NONE | DEFAULT_LEFT), NaN)).toBe(1); // default direction unused
  });

  it('missing type NaN: NaN takes the default direction, zero compares normally', () => {
    expect(leafOf(stump(-0.5, NAN | DEFAULT_LEFT), NaN)).toBe(0);
    expect(leafOf(stump(0.5, NAN), NaN)).toBe(1);
    expect(leafOf(stump(-0.5, NAN | DEFAULT_LEFT), 0)).toBe(1);
  });

  it('missing type zero: zero, tiny values and NaN take the default direction', () => {
    const right = stump(-0.5, ZERO);
    const left = stump(0.5, ZERO | DEFAULT_LEFT);
    for (const v of [0, -0, 1e-36, -1e-36, ZERO_THRESHOLD, NaN]) {
      expect(leafOf(right, v)).toBe(1);
      expect(leafOf(stump(-0.5, ZERO | DEFAULT_LEFT), v)).toBe(0);
      expect(leafOf(stump(0.5, ZERO), v)).toBe(1);
    }
    expect(leafOf(left, 2 * ZERO_THRESHOLD)).toBe(0);
    expect(leafOf(stump(0, ZERO), 2 * ZERO_THRESHOLD)).toBe(1);
  });

  it('values with |v| <= kZeroThreshold count as 0 (LightGBM drops them from dense rows)', () => {
    // threshold between 0 and 1e-36: 1e-36 behaves as 0 and goes left
    const t = stump(1e-37, NONE);
    expect(leafOf(t, 1e-36)).toBe(0);
    expect(leafOf(t, 1e-34)).toBe(1);
  });
});

/** A categorical stump: categories in `cats` go left. */
function catStump(cats: number[]): Tree {
  const t = stump(0, 1);
  const words = new Uint32Array(Math.max(...cats) / 32 + 1);
  for (const c of cats) words[c >>> 5] |= 1 << (c & 31);
  t.numCat = 1;
  t.catBoundaries = new Int32Array([0, words.length]);
  t.catThreshold = words;
  return t;
}

describe('categorical decision (LightGBM tree.h CategoricalDecision)', () => {
  const t = catStump([1, 3, 40]);
  it('bitset lookup of the integer code', () => {
    expect([0, 1, 2, 3, 4, 39, 40, 41].map((v) => leafOf(t, v))).toEqual([1, 0, 1, 0, 1, 1, 0, 1]);
  });
  it('truncates toward zero like static_cast<int>', () => {
    expect(leafOf(t, 3.9)).toBe(0);
    expect(leafOf(catStump([0]), -0.5)).toBe(0);
  });
  it('NaN, negative (unseen) and codes past the bitset go right', () => {
    for (const v of [NaN, -1, -7, 64, 1000, 2 ** 31, Infinity]) expect(leafOf(t, v)).toBe(1);
  });
  it('several categorical splits use their own bitsets', () => {
    const tree = new Tree(3);
    tree.numLeaves = 3;
    tree.numCat = 2;
    tree.splitFeature.set([0, 1]);
    tree.decisionType.set([1, 1]);
    tree.threshold.set([0, 1]);
    tree.leftChild.set([1, ~0]);
    tree.rightChild.set([~2, ~1]);
    tree.leafValue.set([10, 20, 30]);
    tree.catBoundaries = new Int32Array([0, 1, 3]);
    tree.catThreshold = new Uint32Array([0b110, 0, 1]); // split 0: {1,2}; split 1: {32}
    const cols = [new Float64Array([1, 2, 0, 1]), new Float64Array([32, 0, 32, NaN])];
    expect([0, 1, 2, 3].map((i) => treePredictRow(tree, cols, i))).toEqual([10, 20, 30, 20]);
    expect(checkTreeStructure(tree, 2)).toBeNull();
  });
});

/** A random full tree of `nLeaves` leaves over `nFeatures` features, some splits categorical. */
function randomTree(rng: Rng, nLeaves: number, nFeatures: number, withCat: boolean): Tree {
  const t = new Tree(nLeaves);
  t.numLeaves = nLeaves;
  // grow leaf-wise: split a random leaf each step
  const leafParent: { node: number; left: boolean }[] = [{ node: -1, left: true }];
  const bitsets: number[][] = [];
  for (let s = 0; s < nLeaves - 1; s++) {
    const leaf = Math.floor(rng.random() * leafParent.length);
    const at = leafParent[leaf];
    if (at.node >= 0) (at.left ? t.leftChild : t.rightChild)[at.node] = s;
    t.splitFeature[s] = Math.floor(rng.random() * nFeatures);
    if (withCat && rng.random() < 0.3) {
      t.decisionType[s] = 1;
      t.threshold[s] = bitsets.length;
      bitsets.push([Math.floor(rng.random() * 2 ** 32), Math.floor(rng.random() * 2 ** 32)]);
    } else {
      t.decisionType[s] = (Math.floor(rng.random() * 3) << 2) | (rng.random() < 0.5 ? 2 : 0);
      const u = rng.random();
      t.threshold[s] = u < 0.15 ? 0 : u < 0.2 ? ZERO_THRESHOLD : u < 0.25 ? -ZERO_THRESHOLD : rng.random() * 2 - 1;
    }
    leafParent[leaf] = { node: s, left: true };
    leafParent.push({ node: s, left: false });
  }
  leafParent.forEach((p, i) => {
    (p.left ? t.leftChild : t.rightChild)[p.node] = ~i;
    t.leafValue[i] = rng.random() * 2 - 1;
  });
  if (bitsets.length > 0) {
    t.numCat = bitsets.length;
    t.catBoundaries = Int32Array.from({ length: bitsets.length + 1 }, (_, j) => 2 * j);
    t.catThreshold = Uint32Array.from(bitsets.flat());
  }
  return t;
}

/** Reference: the decision written directly from LightGBM's tree.h, one node at a time. */
function naiveLeaf(t: Tree, row: number[]): number {
  let node = 0;
  while (node >= 0) {
    const dt = t.decisionType[node];
    let v = row[t.splitFeature[node]];
    if (dt & 1) {
      if (Number.isNaN(v) || Math.trunc(v) < 0) node = t.rightChild[node];
      else {
        const iv = Math.trunc(v);
        const c = t.threshold[node];
        const b = t.catBoundaries[c];
        const n = t.catBoundaries[c + 1] - b;
        node = Math.floor(iv / 32) < n && (t.catThreshold[b + Math.floor(iv / 32)] >>> iv % 32) & 1 ? t.leftChild[node] : t.rightChild[node];
      }
      continue;
    }
    const missing = (dt >> 2) & 3;
    if (Math.abs(v) <= ZERO_THRESHOLD) v = 0;
    if (Number.isNaN(v) && missing !== 2) v = 0;
    if ((missing === 1 && v === 0) || (missing === 2 && Number.isNaN(v))) node = dt & 2 ? t.leftChild[node] : t.rightChild[node];
    else node = v <= t.threshold[node] ? t.leftChild[node] : t.rightChild[node];
  }
  return ~node;
}

describe('batch walk', () => {
  it('addTreeOutput, treeLeafIndex and decide agree with a naive walk on random trees and data', () => {
    const rng = new Rng(7);
    const nRows = 300;
    const nFeatures = 5;
    for (let rep = 0; rep < 20; rep++) {
      const withCat = rep % 2 === 1;
      const tree = randomTree(rng, 2 + (rep % 12), nFeatures, withCat);
      expect(checkTreeStructure(tree, nFeatures)).toBeNull();
      const cols = Array.from({ length: nFeatures }, () => {
        const c = new Float64Array(nRows);
        for (let i = 0; i < nRows; i++) {
          const u = rng.random();
          c[i] = u < 0.1 ? NaN : u < 0.2 ? 0 : u < 0.25 ? 1e-36 : u < 0.3 ? -ZERO_THRESHOLD : u < 0.32 ? ZERO_THRESHOLD : withCat ? Math.floor(rng.random() * 70) - 3 : rng.random() * 2 - 1;
        }
        return c;
      });
      const out = new Float64Array(nRows * 2).fill(0.25);
      addTreeOutput(tree, cols, nRows, out, 1, 2);
      for (let i = 0; i < nRows; i++) {
        const row = cols.map((c) => c[i]);
        const leaf = naiveLeaf(tree, row);
        expect(treeLeafIndex(tree, cols, i)).toBe(leaf);
        expect(out[2 * i]).toBe(0.25);
        expect(out[2 * i + 1]).toBe(0.25 + tree.leafValue[leaf]);
        let node = 0;
        while (node >= 0) node = decide(tree, node, row[tree.splitFeature[node]]);
        expect(~node).toBe(leaf);
      }
    }
  });

  it('a one-leaf tree adds its value to every row', () => {
    const t = new Tree(1);
    t.leafValue[0] = 0.75;
    const out = new Float64Array(3);
    addTreeOutput(t, [], 3, out, 0, 1);
    expect(Array.from(out)).toEqual([0.75, 0.75, 0.75]);
  });
});

describe('packed forest (boosting/packed-forest.ts)', () => {
  it('addForestOutput over any row ranges is the naive walk summed tree by tree, per class, one-leaf trees included', () => {
    const rng = new Rng(17);
    const nRows = 400;
    const nFeatures = 5;
    const trees: Tree[] = [];
    for (let t = 0; t < 16; t++) {
      if (t === 5) {
        const one = new Tree(1);
        one.leafValue[0] = 0.375;
        trees.push(one);
      } else trees.push(randomTree(rng, 2 + (t % 12), nFeatures, t % 3 !== 0));
    }
    const cols = Array.from({ length: nFeatures }, () => {
      const c = new Float64Array(nRows);
      for (let i = 0; i < nRows; i++) {
        const u = rng.random();
        c[i] = u < 0.1 ? NaN : u < 0.2 ? 0 : u < 0.25 ? 1e-36 : u < 0.3 ? -ZERO_THRESHOLD : u < 0.32 ? ZERO_THRESHOLD : u < 0.6 ? Math.floor(rng.random() * 70) - 3 : rng.random() * 2 - 1;
      }
      return c;
    });
    const k = 2;
    for (const nTrees of [16, 7]) {
      const expected = new Float64Array(nRows * k);
      for (let i = 0; i < nRows; i++) {
        const row = cols.map((c) => c[i]);
        for (let t = 0; t < nTrees; t++) expected[i * k + (t % k)] += trees[t].leafValue[trees[t].numLeaves === 1 ? 0 : naiveLeaf(trees[t], row)];
      }
      const forest = packForest(trees, nTrees, k, { shared: nTrees === 7 });
      const whole = new Float64Array(nRows * k);
      addForestOutput(forest, cols, 0, nRows, whole);
      expect(Array.from(whole)).toEqual(Array.from(expected));
      const pieces = new Float64Array(nRows * k);
      for (const [r0, r1] of [[0, 1], [1, 130], [130, 131], [131, 400]]) addForestOutput(forest, cols, r0, r1, pieces);
      expect(Array.from(pieces)).toEqual(Array.from(expected));
    }
  });
});

describe('checkTreeStructure', () => {
  it('finds cycles, shared nodes, bad leaves and bad features', () => {
    const rng = new Rng(3);
    const ok = randomTree(rng, 6, 4, false);
    expect(checkTreeStructure(ok, 4)).toBeNull();
    ok.splitFeature[0] = 3;
    expect(checkTreeStructure(ok, 3) ?? '').toMatch(/split_feature 3 is not a feature index/);
    const cyc = randomTree(new Rng(3), 6, 4, false);
    const inner = cyc.leftChild.findIndex((c, i) => i < 5 && c > 0);
    const other = inner >= 0 ? inner : cyc.rightChild.findIndex((c, i) => i < 5 && c > 0);
    (inner >= 0 ? cyc.leftChild : cyc.rightChild)[other] = 0;
    expect(checkTreeStructure(cyc, 4) ?? '').toMatch(/reached twice|not reachable/);
    const badLeaf = stump(0, 0);
    badLeaf.rightChild[0] = ~5;
    expect(checkTreeStructure(badLeaf, 1) ?? '').toMatch(/leaf 5 is not a leaf index/);
    const dupLeaf = stump(0, 0);
    dupLeaf.rightChild[0] = ~0;
    expect(checkTreeStructure(dupLeaf, 1) ?? '').toMatch(/reached twice/);
    const badCat = stump(3, 1);
    expect(checkTreeStructure(badCat, 1) ?? '').toMatch(/categorical threshold 3/);
  });
});
