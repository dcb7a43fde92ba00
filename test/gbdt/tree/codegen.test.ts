import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import {
  compiledLayoutCount,
  intIn,
  MAX_LAYOUTS,
  rowMajorKernels,
  scanKernel,
  ScanBounds,
  ScanGain,
  ScanMissing,
  ScanMode,
  type ScanState,
} from '../../../src/gbdt/tree/codegen.js';
import { K_EPSILON } from '../../../src/core/constants.js';
import { leafGain, type SplitParams } from '../../../src/gbdt/tree/split-info.js';
import { naiveScan } from '../../helpers/naive-scan.js';

const baseParams: SplitParams = {
  lambda_l1: 0,
  lambda_l2: 0,
  max_delta_step: 0,
  path_smooth: 0,
  min_data_in_leaf: 1,
  min_sum_hessian_in_leaf: 1e-3,
  min_gain_to_split: 0,
  max_cat_to_onehot: 4,
  max_cat_threshold: 32,
  cat_smooth: 10,
  cat_l2: 10,
  min_data_per_group: 5,
};

describe('codegen input checks', () => {
  it('lets only integers within bounds through', () => {
    expect(intIn('x', 7, 0, 10)).toBe(7);
    for (const bad of [1.5, NaN, Infinity, -1, 11]) expect(() => intIn('x', bad, 0, 10)).toThrow(`x must be an integer in [0, 10], got ${String(bad)}`);
  });

  it('refuses a row-major layout with a non-integer offset, a short offset table or a bad stride', () => {
    expect(() => rowMajorKernels(2, 4, Int32Array.of(0, 10))).not.toThrow();
    expect(() => rowMajorKernels(2, 4, Float64Array.of(0, 10.5) as unknown as Int32Array)).toThrow('histogram offset of feature 1 must be an integer');
    expect(() => rowMajorKernels(3, 4, Int32Array.of(0, 10))).toThrow('histogram offset of feature 2 must be an integer');
    expect(() => rowMajorKernels(2, 6, Int32Array.of(0, 10))).toThrow('row stride must be a multiple of 4, got 6');
    expect(() => rowMajorKernels(8, 4, new Int32Array(8))).toThrow('row stride must be an integer in [8,');
    expect(() => rowMajorKernels(0, 4, new Int32Array(1))).toThrow('feature count must be an integer in [1,');
  });

  it(`keeps at most ${MAX_LAYOUTS} row-major layouts, the least recently used going first`, () => {
    const layout = (k: number): Int32Array => Int32Array.of(0, 2 * (3 + k));
    const first = rowMajorKernels(2, 4, layout(0));
    const second = rowMajorKernels(2, 4, layout(1));
    for (let k = 2; k < MAX_LAYOUTS + 5; k++) {
      rowMajorKernels(2, 4, layout(k));
      expect(rowMajorKernels(2, 4, layout(1))).toBe(second); // used again: stays
      expect(compiledLayoutCount()).toBeLessThanOrEqual(MAX_LAYOUTS);
    }
    expect(compiledLayoutCount()).toBe(MAX_LAYOUTS);
    expect(rowMajorKernels(2, 4, layout(0))).not.toBe(first); // evicted, compiled again
  });
});

describe('scan kernels against the naive scan', () => {
  const modes = [ScanMode.dense, ScanMode.randomThreshold, ScanMode.sparse];
  const gains = [ScanGain.plain, ScanGain.l1, ScanGain.general];
  const missings = [ScanMissing.none, ScanMissing.zero, ScanMissing.nan];
  for (const reverse of [true, false]) {
    for (const mode of modes) {
      for (const gain of gains) {
        for (const missing of missings) {
          // LightGBM's histogram without bin 0 (most_freq_bin 0) changes left-to-right scans with missing values
          for (const noBin0 of !reverse && missing !== ScanMissing.none ? [false, true] : [false]) {
          it(`finds exactly the naive best (reverse ${reverse}, mode ${mode}, gain ${gain}, missing ${missing}, no bin 0 ${noBin0})`, () => {
            const rng = new Rng(1000 + (reverse ? 1 : 0) + 2 * (mode + 3 * (gain + 3 * missing)) + (noBin0 ? 500 : 0));
            const kernel = scanKernel(reverse, mode, gain, missing, noBin0);
            let found = 0;
            for (let rep = 0; rep < 60; rep++) {
              const c = randomCase(rng, gain, mode === ScanMode.sparse);
              const rand = mode === ScanMode.randomThreshold ? rng.below(c.numBin) : -1;
              const skipBin = missing === ScanMissing.zero ? c.defaultBin : -1;
              const st: ScanState = { ...c.state, bestGain: 0, bestThreshold: 0, bestLeftG: 0, bestLeftH: 0, bestLeftCount: 0 };
              const hist = mode === ScanMode.sparse ? c.sparse : c.dense;
              const got = kernel(hist, c.off, c.numBin, c.defaultBin, rand, c.words, c.base, c.p, st);
              const ref = naiveScan({ ...c.state, hist: c.dense, off: c.off, numBin: c.numBin, skipBin, skipLast: missing === ScanMissing.nan, reverse, noBin0, rand, p: c.p });
              expect(got).toBe(ref.found);
              if (!ref.found) continue;
              found++;
              expect([st.bestGain, st.bestThreshold, st.bestLeftG, st.bestLeftH, st.bestLeftCount]).toEqual([
                ref.bestGain,
                ref.bestThreshold,
                ref.bestLeftG,
                ref.bestLeftH,
                ref.bestLeftCount,
              ]);
            }
            expect(found).toBeGreaterThan(mode === ScanMode.randomThreshold ? 5 : 30);
          });
          }
        }
      }
    }
  }
});

describe('bounded scan kernels (monotone constraints) against the naive scan', () => {
  const modes = [ScanMode.dense, ScanMode.randomThreshold, ScanMode.sparse];
  const missings = [ScanMissing.none, ScanMissing.zero, ScanMissing.nan];
  for (const reverse of [true, false]) {
    for (const mode of modes) {
      for (const missing of missings) {
        // per-threshold bounds are read right-to-left on dense histograms only (the advanced method)
        const kinds = reverse && mode !== ScanMode.sparse ? [ScanBounds.constant, ScanBounds.perThreshold] : [ScanBounds.constant];
        for (const kind of kinds) {
          for (const noBin0 of !reverse && missing !== ScanMissing.none ? [false, true] : [false]) {
            it(`finds exactly the naive best (reverse ${reverse}, mode ${mode}, missing ${missing}, bounds ${kind}, no bin 0 ${noBin0})`, () => {
              const rng = new Rng(7000 + (reverse ? 1 : 0) + 2 * (mode + 3 * (missing + 3 * kind)) + (noBin0 ? 500 : 0));
              let found = 0;
              let clamped = 0;
              for (let rep = 0; rep < 60; rep++) {
                const gain = [ScanGain.plain, ScanGain.l1, ScanGain.general][rep % 3];
                const c = randomCase(rng, gain, mode === ScanMode.sparse);
                const rand = mode === ScanMode.randomThreshold ? rng.below(c.numBin) : -1;
                const monotone = [-1, 0, 1][rng.below(3)];
                // bounds around the outputs' scale, per threshold or one set; now and then an empty one
                const draw = (): [number, number, number, number] => {
                  const lo = (): number => (rng.random() < 0.3 ? -Number.MAX_VALUE : rng.normal() * 0.3 - 0.2);
                  const hi = (): number => (rng.random() < 0.3 ? Number.MAX_VALUE : rng.normal() * 0.3 + 0.2);
                  return [lo(), hi(), lo(), hi()];
                };
                const one = draw();
                const per = Array.from({ length: c.numBin }, () => draw());
                const at = (t: number): [number, number, number, number] => (kind === ScanBounds.perThreshold ? per[t] : one);
                const st: ScanState = { ...c.state, bestGain: 0, bestThreshold: 0, bestLeftG: 0, bestLeftH: 0, bestLeftCount: 0, monotone };
                st.bounds = Float64Array.from(one);
                st.leftMin = Float64Array.from(per, (b) => b[0]);
                st.leftMax = Float64Array.from(per, (b) => b[1]);
                st.rightMin = Float64Array.from(per, (b) => b[2]);
                st.rightMax = Float64Array.from(per, (b) => b[3]);
                st.bestBounds = new Float64Array(4);
                const hist = mode === ScanMode.sparse ? c.sparse : c.dense;
                const got = scanKernel(reverse, mode, gain, missing, noBin0, kind)(hist, c.off, c.numBin, c.defaultBin, rand, c.words, c.base, c.p, st);
                const skipBin = missing === ScanMissing.zero ? c.defaultBin : -1;
                const ref = naiveScan({
                  ...c.state, hist: c.dense, off: c.off, numBin: c.numBin, skipBin, skipLast: missing === ScanMissing.nan, reverse, noBin0, rand, p: c.p,
                  outputBounds: { monotone, at },
                });
                expect(got).toBe(ref.found);
                if (!ref.found || ref.bestBounds === undefined) continue;
                found++;
                expect([st.bestGain, st.bestThreshold, st.bestLeftG, st.bestLeftH, st.bestLeftCount]).toEqual([
                  ref.bestGain, ref.bestThreshold, ref.bestLeftG, ref.bestLeftH, ref.bestLeftCount,
                ]);
                expect(Array.from(st.bestBounds)).toEqual(ref.bestBounds);
                const unbounded = naiveScan({ ...c.state, hist: c.dense, off: c.off, numBin: c.numBin, skipBin, skipLast: missing === ScanMissing.nan, reverse, noBin0, rand, p: c.p });
                if (unbounded.bestGain !== ref.bestGain) clamped++;
              }
              expect(found).toBeGreaterThan(mode === ScanMode.randomThreshold ? 5 : 12);
              // the bounds change the result in many cases (else this test could not fail)
              expect(clamped).toBeGreaterThan(mode === ScanMode.randomThreshold ? 3 : 10);
            });
          }
        }
      }
    }
  }
});

/**
 * One feature's histogram from random rows (float32 gradients, hessians 0.05..1.05), dense and as
 * a sparse histogram (stale numbers in empty bins, a bitmap of the non-empty ones), with params
 * that select `gain`'s formula.
 */
function randomCase(rng: Rng, gain: ScanGain, sparse: boolean) {
  const numBin = 2 + rng.below(rng.random() < 0.5 ? 20 : 150);
  const off = rng.below(70); // the feature's bins start anywhere in the bitmap words
  const defaultBin = rng.below(numBin);
  const total = off + numBin + 40;
  const dense = new Float64Array(2 * total);
  const sparseHist = new Float64Array(2 * total);
  for (let k = 0; k < sparseHist.length; k++) sparseHist[k] = rng.normal() * 1e3;
  const base = 3;
  const words = new Uint32Array(base + ((total + 31) >>> 5));
  const n = 1 + rng.below(rng.random() < 0.5 ? 60 : 3000);
  // rows crowd a few bins for small n, so that sparse histograms have empty bins between them
  let sumG = 0;
  let sumH = 0;
  for (let i = 0; i < n; i++) {
    const b = off + rng.below(numBin);
    const g = Math.fround(rng.normal() + (b - off < numBin / 2 ? -0.4 : 0.4));
    const h = Math.fround(0.05 + rng.random());
    dense[2 * b] += g;
    dense[2 * b + 1] += h;
    if ((words[base + (b >>> 5)] & (1 << (b & 31))) === 0) {
      words[base + (b >>> 5)] |= 1 << (b & 31);
      sparseHist[2 * b] = 0;
      sparseHist[2 * b + 1] = 0;
    }
    sparseHist[2 * b] += g;
    sparseHist[2 * b + 1] += h;
    sumG += g;
    sumH += h;
  }
  const p: SplitParams = {
    ...baseParams,
    lambda_l1: gain === ScanGain.plain ? 0 : 0.05 + rng.random(),
    lambda_l2: rng.random() < 0.5 ? 0 : rng.random() * 3,
    max_delta_step: gain === ScanGain.general && rng.random() < 0.5 ? 0.05 + rng.random() : 0,
    min_data_in_leaf: 1 + rng.below(sparse ? 5 : 20),
    min_sum_hessian_in_leaf: rng.random() < 0.5 ? 1e-3 : rng.random() * 5,
    min_gain_to_split: rng.random() < 0.7 ? 0 : rng.random(),
  };
  // path smoothing selects the general gain too (when max_delta_step does not)
  const smooth = gain === ScanGain.general && p.max_delta_step === 0 ? 0.5 + rng.random() * 3 : 0;
  const parentOutput = rng.normal() * 0.1;
  const sh = sumH + 2 * K_EPSILON;
  const minGainShift = leafGain(sumG, sh, p.lambda_l1, p.lambda_l2, p.max_delta_step, smooth, n, parentOutput) + p.min_gain_to_split;
  const none = new Float64Array(0);
  const state = {
    sumG, sumH: sh, numData: n, parentOutput, smooth, minGainShift, eps: K_EPSILON,
    monotone: 0, bounds: new Float64Array(4), leftMin: none, leftMax: none, rightMin: none, rightMax: none, bestBounds: new Float64Array(4),
  };
  return { numBin, off, defaultBin, dense, sparse: sparseHist, words, base, p, state };
}
