import { describe, expect, it } from 'vitest';
import { K_EPSILON } from '../../../src/core/constants.js';
import { Rng } from '../../../src/core/rng.js';
import { MissingType } from '../../../src/data/bin-mapper.js';
import { findBestNumericalSplit } from '../../../src/gbdt/tree/split-finder.js';
import { findBestCategoricalSplit } from '../../../src/gbdt/tree/categorical-split.js';
import { SplitInfo, type SplitParams } from '../../../src/gbdt/tree/split-info.js';
import { naiveBestSplit } from '../../helpers/naive-scan.js';

const base: SplitParams = {
  lambda_l1: 0,
  lambda_l2: 0,
  max_delta_step: 0,
  path_smooth: 0,
  min_data_in_leaf: 3,
  min_sum_hessian_in_leaf: 1e-3,
  min_gain_to_split: 0,
  max_cat_to_onehot: 4,
  max_cat_threshold: 32,
  cat_smooth: 10,
  cat_l2: 10,
  min_data_per_group: 5,
};

/** Rows with a bin and a gradient; hessian 1 so that counts are exact. */
function rows(rng: Rng, n: number, numBin: number): { bin: number[]; g: number[] } {
  const bin: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = rng.below(numBin);
    bin.push(b);
    g.push(Math.fround((b < numBin / 2 ? -0.5 : 0.5) + rng.normal()));
  }
  return { bin, g };
}

function histOf(bin: number[], g: number[], numBin: number): Float64Array {
  const h = new Float64Array(2 * numBin);
  for (let i = 0; i < bin.length; i++) {
    h[2 * bin[i]] += g[i];
    h[2 * bin[i] + 1] += 1;
  }
  return h;
}

function l1(s: number, a: number): number {
  return Math.sign(s) * Math.max(0, Math.abs(s) - a);
}

/** Brute force: the gain of every (threshold, missing direction) split, from the rows themselves. */
function bruteForce(bin: number[], g: number[], numBin: number, missing: 'none' | 'nan', p: SplitParams) {
  const leafGain = (sg: number, n: number) => {
    let out = -l1(sg, p.lambda_l1) / (n + p.lambda_l2);
    if (p.max_delta_step > 0 && Math.abs(out) > p.max_delta_step) out = Math.sign(out) * p.max_delta_step;
    return -(2 * l1(sg, p.lambda_l1) * out + (n + p.lambda_l2) * out * out);
  };
  const total = g.reduce((a, b) => a + b, 0);
  const parent = leafGain(total, bin.length);
  let best = { gain: -Infinity, threshold: -1, defaultLeft: true };
  const nanBin = missing === 'nan' ? numBin - 1 : -1;
  const lastThr = missing === 'nan' ? numBin - 2 : numBin - 2;
  for (const defaultLeft of missing === 'nan' ? [true, false] : [true]) {
    for (let t = 0; t <= lastThr; t++) {
      let lg = 0;
      let ln = 0;
      for (let i = 0; i < bin.length; i++) {
        const b = bin[i];
        const left = b === nanBin ? defaultLeft : b <= t;
        if (left) {
          lg += g[i];
          ln++;
        }
      }
      const rn = bin.length - ln;
      if (ln < p.min_data_in_leaf || rn < p.min_data_in_leaf) continue;
      if (missing === 'nan' && t === numBin - 2 && defaultLeft) continue; // all rows left
      const gain = leafGain(lg, ln) + leafGain(total - lg, rn) - parent - p.min_gain_to_split;
      if (gain > best.gain + 1e-9) best = { gain, threshold: t, defaultLeft };
    }
  }
  return best;
}

describe('findBestNumericalSplit', () => {
  for (const [name, extra] of [
    ['plain', {}],
    ['L1 + L2', { lambda_l1: 2, lambda_l2: 5 }],
    ['max_delta_step', { max_delta_step: 0.05, lambda_l2: 1 }],
  ] as const) {
    it(`finds the brute-force best threshold (${name})`, () => {
      const p = { ...base, ...extra };
      const rng = new Rng(42);
      for (let trial = 0; trial < 20; trial++) {
        const numBin = 3 + rng.below(20);
        const { bin, g } = rows(rng, 60 + rng.below(100), numBin);
        const hist = histOf(bin, g, numBin);
        const out = new SplitInfo(8);
        out.reset();
        const sg = g.reduce((a, b) => a + b, 0);
        findBestNumericalSplit(hist, 0, { numBin, missingType: MissingType.None, defaultBin: 0, mostFreqBin: 0 }, sg, bin.length, bin.length, 0, p, -1, out);
        const ref = bruteForce(bin, g, numBin, 'none', p);
        expect(out.gain).toBeCloseTo(ref.gain, 6);
        expect(out.threshold).toBe(ref.threshold);
        expect(out.leftCount + out.rightCount).toBe(bin.length);
        expect(out.leftCount).toBe(bin.filter((b) => b <= out.threshold).length);
      }
    });
  }

  it('learns the default direction of the NaN bin', () => {
    const rng = new Rng(5);
    let sawRight = 0;
    let sawLeft = 0;
    for (let trial = 0; trial < 30; trial++) {
      const numBin = 4 + rng.below(10);
      const n = 80 + rng.below(80);
      const bin: number[] = [];
      const g: number[] = [];
      const nanGoesWith = rng.random() < 0.5 ? -2 : 2;
      for (let i = 0; i < n; i++) {
        const b = rng.below(numBin);
        bin.push(b);
        const base = b === numBin - 1 ? nanGoesWith : b < numBin / 2 ? -2 : 2;
        g.push(Math.fround(base + 0.3 * rng.normal()));
      }
      const hist = histOf(bin, g, numBin);
      const out = new SplitInfo(8);
      out.reset();
      findBestNumericalSplit(hist, 0, { numBin, missingType: MissingType.NaN, defaultBin: 0, mostFreqBin: 0 }, g.reduce((a, b) => a + b, 0), n, n, 0, base, -1, out);
      const ref = bruteForce(bin, g, numBin, 'nan', base);
      expect(out.gain).toBeCloseTo(ref.gain, 6);
      expect(out.threshold).toBe(ref.threshold);
      expect(out.defaultLeft).toBe(ref.defaultLeft);
      if (out.defaultLeft) sawLeft++;
      else sawRight++;
    }
    expect(sawLeft).toBeGreaterThan(0);
    expect(sawRight).toBeGreaterThan(0);
  });

  it('bin 0 most frequent, with NaN: the left-to-right scan starts from the totals minus the other bins (LightGBM offset 1)', () => {
    // LightGBM stores no bin 0 for such a feature: its NaN-goes-right scan starts with left = totals
    // minus bins 1..4 (hessian: sumH + 2 eps - eps - ...), then adds bin 1; adding bins 0 and 1 to
    // an empty left (eps + h0 + h1) gives other last bits (the credit_data parity gap, issue 19)
    const g = [-3.1, -2.7, 2.3, 2.9, 3.3];
    const h = [10.1, 9.7, 10.3, 9.9, 10.7];
    const hist = new Float64Array(10);
    g.forEach((v, b) => {
      hist[2 * b] = v;
      hist[2 * b + 1] = h[b]!;
    });
    const sg = g.reduce((a, b) => a + b, 0);
    const sh = h.reduce((a, b) => a + b, 0);
    const eps = K_EPSILON;
    const fromTotals = sh + 2 * eps - eps - h[1]! - h[2]! - h[3]! - h[4]! + h[1]! - eps;
    const fromEmpty = eps + h[0]! + h[1]! - eps;
    expect(fromTotals).not.toBe(fromEmpty);
    const split = (mostFreqBin: number): SplitInfo => {
      const out = new SplitInfo(8);
      out.reset();
      findBestNumericalSplit(hist, 0, { numBin: 5, missingType: MissingType.NaN, defaultBin: 0, mostFreqBin }, sg, sh, 50, 0, base, -1, out);
      return out;
    };
    const lgb = split(0);
    expect([lgb.threshold, lgb.defaultLeft]).toEqual([1, false]);
    expect(lgb.leftSumH).toBe(fromTotals);
    expect(lgb.leftSumG).toBe(sg - g[1]! - g[2]! - g[3]! - g[4]! + g[1]!);
    // bin 0 stored (most frequent bin elsewhere): the plain sums
    expect(split(2).leftSumH).toBe(fromEmpty);
  });

  it('sends the zero bin with the default direction under MissingType.Zero', () => {
    // bins 0 1 [2 = zero] 3 4; zero rows have large positive gradients like bins 3, 4
    const bin: number[] = [];
    const g: number[] = [];
    for (let b = 0; b < 5; b++) for (let r = 0; r < 20; r++) {
      bin.push(b);
      g.push(b === 2 || b >= 3 ? 1 : -1);
    }
    const hist = histOf(bin, g, 5);
    const out = new SplitInfo(8);
    out.reset();
    findBestNumericalSplit(hist, 0, { numBin: 5, missingType: MissingType.Zero, defaultBin: 2, mostFreqBin: 2 }, 20, 100, 100, 0, base, -1, out);
    // best: bins 0,1 left; zero bin (default) right with 3,4
    expect(out.threshold).toBe(1);
    expect(out.defaultLeft).toBe(false);
    expect(out.leftCount).toBe(40);
  });

  it('respects min_data_in_leaf and min_gain_to_split', () => {
    const bin = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const g = [-10, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const hist = histOf(bin, g, 2);
    const out = new SplitInfo(8);
    out.reset();
    findBestNumericalSplit(hist, 0, { numBin: 2, missingType: MissingType.None, defaultBin: 0, mostFreqBin: 0 }, -1, 10, 10, 0, { ...base, min_data_in_leaf: 2 }, -1, out);
    expect(out.gain).toBe(-Infinity);
    out.reset();
    findBestNumericalSplit(hist, 0, { numBin: 2, missingType: MissingType.None, defaultBin: 0, mostFreqBin: 0 }, -1, 10, 10, 0, { ...base, min_data_in_leaf: 1 }, -1, out);
    expect(out.gain).toBeGreaterThan(0);
    const gain = out.gain;
    out.reset();
    findBestNumericalSplit(hist, 0, { numBin: 2, missingType: MissingType.None, defaultBin: 0, mostFreqBin: 0 }, -1, 10, 10, 0, { ...base, min_data_in_leaf: 1, min_gain_to_split: gain + 1 }, -1, out);
    expect(out.gain).toBe(-Infinity);
  });
});

describe('findBestCategoricalSplit', () => {
  it('one-vs-rest picks the brute-force best category (few categories)', () => {
    const rng = new Rng(9);
    for (let trial = 0; trial < 10; trial++) {
      const numBin = 4; // bin 0 = NaN/other + 3 categories <= max_cat_to_onehot
      const { bin, g } = rows(rng, 90, numBin);
      const hist = histOf(bin, g, numBin);
      const total = g.reduce((a, b) => a + b, 0);
      const out = new SplitInfo(8);
      out.reset();
      findBestCategoricalSplit(hist, 0, numBin, total, bin.length, bin.length, 0, base, -1, out);
      let best = -Infinity;
      let bestCat = -1;
      for (let c = 1; c < numBin; c++) {
        const n = bin.filter((b) => b === c).length;
        const sg = g.filter((_, i) => bin[i] === c).reduce((a, b) => a + b, 0);
        if (n < base.min_data_in_leaf || bin.length - n < base.min_data_in_leaf) continue;
        const gain = (sg * sg) / n + ((total - sg) * (total - sg)) / (bin.length - n) - (total * total) / bin.length;
        if (gain > best) {
          best = gain;
          bestCat = c;
        }
      }
      expect(out.isCategorical).toBe(true);
      expect(out.numCat).toBe(1);
      expect(out.catBins[0]).toBe(bestCat);
      expect(out.gain).toBeCloseTo(best, 6);
      expect(out.defaultLeft).toBe(false);
    }
  });

  it('many categories: the chosen set is a prefix of the ctr order and beats every other prefix', () => {
    const rng = new Rng(4);
    const numBin = 12;
    const n = 600;
    const bin: number[] = [];
    const g: number[] = [];
    const effect = Array.from({ length: numBin }, () => rng.normal());
    for (let i = 0; i < n; i++) {
      const b = 1 + rng.below(numBin - 1);
      bin.push(b);
      g.push(Math.fround(effect[b] + 0.5 * rng.normal()));
    }
    const hist = histOf(bin, g, numBin);
    const total = g.reduce((a, b) => a + b, 0);
    const p = { ...base, cat_smooth: 1, cat_l2: 1, min_data_per_group: 1 };
    const out = new SplitInfo(numBin);
    out.reset();
    findBestCategoricalSplit(hist, 0, numBin, total, n, n, 0, p, -1, out);
    const stats = Array.from({ length: numBin }, (_, c) => ({
      c,
      g: hist[2 * c],
      h: hist[2 * c + 1],
    })).filter((s) => s.c > 0 && s.h >= p.cat_smooth);
    stats.sort((a, b) => a.g / (a.h + p.cat_smooth) - b.g / (b.h + p.cat_smooth));
    const gainOf = (set: Set<number>) => {
      let lg = 0;
      let ln = 0;
      for (let i = 0; i < n; i++) if (set.has(bin[i])) {
        lg += g[i];
        ln++;
      }
      const l2 = p.lambda_l2 + p.cat_l2;
      return (lg * lg) / (ln + l2) + ((total - lg) * (total - lg)) / (n - ln + l2) - (total * total) / n;
    };
    const chosen = new Set(Array.from(out.catBins.subarray(0, out.numCat)));
    let bestPrefix = -Infinity;
    const maxK = Math.min(p.max_cat_threshold, (stats.length + 1) >> 1);
    for (const order of [stats, [...stats].reverse()]) {
      for (let k = 1; k <= maxK; k++) bestPrefix = Math.max(bestPrefix, gainOf(new Set(order.slice(0, k).map((s) => s.c))));
    }
    expect(gainOf(chosen)).toBeCloseTo(bestPrefix, 6);
    expect(out.gain).toBeCloseTo(bestPrefix, 6);
  });
});

describe('findBestNumericalSplit on a sparse histogram (non-empty bitmap)', () => {
  it('finds exactly the dense scan\'s split, with stale numbers in the empty bins', () => {
    const rng = new Rng(11);
    let compared = 0;
    for (let rep = 0; rep < 400; rep++) {
      const numBin = 2 + rng.below(120);
      const off = rng.below(70); // the feature's bins start anywhere in the words
      const missingType = [MissingType.None, MissingType.Zero, MissingType.NaN][rng.below(3)];
      const defaultBin = rng.below(numBin);
      const total = off + numBin + 40;
      const dense = new Float64Array(2 * total);
      const sparse = new Float64Array(2 * total);
      for (let k = 0; k < sparse.length; k++) sparse[k] = rng.normal() * 1e3; // stale garbage
      const words = new Uint32Array(3 + ((total + 31) >>> 5));
      const base = 3;
      const n = 1 + rng.below(60);
      let sg = 0;
      let sh = 0;
      for (let i = 0; i < n; i++) {
        const b = off + rng.below(numBin);
        const g = Math.fround(rng.normal());
        const h = Math.fround(0.05 + rng.random());
        dense[2 * b] += g;
        dense[2 * b + 1] += h;
        if ((words[base + (b >>> 5)] & (1 << (b & 31))) === 0) {
          words[base + (b >>> 5)] |= 1 << (b & 31);
          sparse[2 * b] = 0;
          sparse[2 * b + 1] = 0;
        }
        sparse[2 * b] += g;
        sparse[2 * b + 1] += h;
        sg += g;
        sh += h;
      }
      const p = { ...base0(), lambda_l1: rep % 3 === 0 ? 0 : 0.1, lambda_l2: rep % 2, min_data_in_leaf: 1 + rng.below(4), max_delta_step: rep % 5 === 4 ? 0.3 : 0 };
      // half the features as LightGBM stores them without bin 0 (most frequent bin 0)
      const info = { numBin, missingType, defaultBin, mostFreqBin: rep % 4 < 2 ? 0 : defaultBin };
      const a = new SplitInfo(8);
      const b = new SplitInfo(8);
      a.reset();
      b.reset();
      const fa = findBestNumericalSplit(dense, off, info, sg, sh, n, 0, p, -1, a);
      const fb = findBestNumericalSplit(sparse, off, info, sg, sh, n, 0, p, -1, b, { words, base });
      expect(fb).toBe(fa);
      expect(b.gain).toBe(a.gain);
      if (a.gain > -Infinity) {
        compared++;
        expect([b.threshold, b.defaultLeft, b.leftCount, b.leftSumG, b.leftSumH, b.leftOutput, b.rightOutput]).toEqual([
          a.threshold,
          a.defaultLeft,
          a.leftCount,
          a.leftSumG,
          a.leftSumH,
          a.leftOutput,
          a.rightOutput,
        ]);
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});

function base0(): SplitParams {
  return { ...base };
}

describe('findBestNumericalSplit against the naive search', () => {
  it('gives exactly the naive best split for every missing type, gain formula and bin walk (dense, extra_trees, sparse)', () => {
    const rng = new Rng(21);
    let compared = 0;
    for (let rep = 0; rep < 900; rep++) {
      const numBin = 2 + rng.below(rep % 3 === 0 ? 6 : 200);
      const off = rng.below(70);
      const missingType = [MissingType.None, MissingType.Zero, MissingType.NaN][rep % 3];
      const defaultBin = rng.below(numBin);
      const total = off + numBin + 40;
      const dense = new Float64Array(2 * total);
      const sparse = new Float64Array(2 * total);
      for (let k = 0; k < sparse.length; k++) sparse[k] = rng.normal() * 1e3; // stale numbers
      const words = new Uint32Array(3 + ((total + 31) >>> 5));
      const n = 1 + rng.below(rng.random() < 0.5 ? 50 : 2000);
      let sg = 0;
      let sh = 0;
      for (let i = 0; i < n; i++) {
        const b = off + rng.below(numBin);
        const g = Math.fround(rng.normal() + (b - off === defaultBin ? 1 : b - off < numBin / 2 ? -0.5 : 0.5));
        const h = Math.fround(0.05 + rng.random());
        dense[2 * b] += g;
        dense[2 * b + 1] += h;
        if ((words[3 + (b >>> 5)] & (1 << (b & 31))) === 0) {
          words[3 + (b >>> 5)] |= 1 << (b & 31);
          sparse[2 * b] = 0;
          sparse[2 * b + 1] = 0;
        }
        sparse[2 * b] += g;
        sparse[2 * b + 1] += h;
        sg += g;
        sh += h;
      }
      const gainKind = Math.floor(rep / 3) % 4; // plain, L1, max_delta_step, path_smooth
      const p: SplitParams = {
        ...base0(),
        lambda_l1: gainKind === 0 ? 0 : 0.1 + rng.random(),
        lambda_l2: rng.random() < 0.5 ? 0 : rng.random() * 3,
        max_delta_step: gainKind === 2 ? 0.1 + rng.random() : 0,
        path_smooth: gainKind === 3 ? 1 + rng.random() * 5 : 0,
        min_data_in_leaf: 1 + rng.below(10),
        min_sum_hessian_in_leaf: rng.random() < 0.5 ? 1e-3 : rng.random() * 3,
        min_gain_to_split: rng.random() < 0.7 ? 0 : rng.random(),
      };
      const walk = Math.floor(rep / 12) % 3; // dense, extra_trees, sparse
      const rand = walk === 1 ? rng.below(Math.max(1, numBin - 2)) : -1;
      // LightGBM's histogram lacks bin 0 when it is the most frequent bin: half the cases
      const info = { numBin, missingType, defaultBin, mostFreqBin: rep % 2 === 0 ? 0 : Math.max(1, defaultBin) };
      const parentOutput = gainKind === 3 ? rng.normal() * 0.2 : 0;
      const out = new SplitInfo(8);
      out.reset();
      const found = findBestNumericalSplit(walk === 2 ? sparse : dense, off, info, sg, sh, n, parentOutput, p, rand, out, walk === 2 ? { words, base: 3 } : null);
      const ref = naiveBestSplit(dense, off, info, sg, sh, n, parentOutput, p, rand);
      expect(found).toBe(ref.found);
      expect(out.gain).toBe(ref.gain);
      if (ref.gain === -Infinity) continue;
      compared++;
      const want = new SplitInfo(8);
      want.setChildren(ref.leftG, ref.leftH, ref.leftCount, sg, sh + 2 * K_EPSILON, n, p.lambda_l1, p.lambda_l2, p.max_delta_step, p.path_smooth, parentOutput, ref.gain);
      expect([out.threshold, out.defaultLeft, out.leftCount, out.rightCount, out.leftSumG, out.leftSumH, out.rightSumG, out.rightSumH, out.leftOutput, out.rightOutput]).toEqual([
        ref.threshold,
        ref.defaultLeft,
        want.leftCount,
        want.rightCount,
        want.leftSumG,
        want.leftSumH,
        want.rightSumG,
        want.rightSumH,
        want.leftOutput,
        want.rightOutput,
      ]);
    }
    expect(compared).toBeGreaterThan(500);
  });
});
