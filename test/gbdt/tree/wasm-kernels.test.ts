import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { Dataset } from '../../../src/data/dataset.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { Booster } from '../../../src/gbdt/boosting/booster.js';
import { trainModel } from '../../../src/gbdt/boosting/train-model.js';
import { readCsv } from '../../../src/data/csv.js';
import { simdAvailable, simdGatherKernel, simdHistogramKernels, simdPartitionKernel, simdScratch, simdSwitches } from '../../../src/gbdt/tree/wasm-kernels.js';

// The WebAssembly SIMD histogram kernels against the naive loop (rows in order, features in order:
// each bin sums its rows in the kernels' order, so results compare exactly), and the trainer with
// and without them (the same model bytes).

/** Features with 2..256 bins (some with few, so bins repeat often); row i's feature f at i * stride + f. */
function layout(rng: Rng, nRows: number, nF: number) {
  const stride = (nF + 3) & ~3;
  const numBin = Array.from({ length: nF }, (_, f) => (f % 3 === 0 ? 2 + rng.below(6) : 2 + rng.below(255)));
  const slots = [0];
  for (let f = 0; f < nF; f++) slots.push(slots[f] + numBin[f]);
  const rb = new Uint8Array(nRows * stride);
  for (let i = 0; i < nRows; i++) for (let f = 0; f < nF; f++) rb[i * stride + f] = rng.below(numBin[f]);
  const gh = new Float32Array(2 * nRows);
  for (let i = 0; i < nRows; i++) {
    gh[2 * i] = rng.normal();
    gh[2 * i + 1] = i % 7 === 0 ? -0 : 0.05 + rng.random();
  }
  return { stride, slots, rb, gh, totalBins: slots[nF] };
}

function naive(rb: Uint8Array, stride: number, slots: number[], gh: Float32Array, nRows: number, f0: number, f1: number): Float64Array {
  const hist = new Float64Array(2 * slots[slots.length - 1]);
  for (let i = 0; i < nRows; i++) {
    for (let f = f0; f < f1; f++) {
      const s = 2 * (slots[f] + rb[i * stride + f]);
      hist[s] += gh[2 * i];
      hist[s + 1] += gh[2 * i + 1];
    }
  }
  return hist;
}

describe('SIMD histogram kernels', () => {
  it('are available on this runtime (Node 20 runs WebAssembly SIMD)', () => {
    expect(simdAvailable()).toBe(true);
  });

  // 5 features: one kernel; 40: two (32 features per kernel); a feature range as a thread's group
  for (const [nF, f0, f1] of [
    [5, 0, 5],
    [40, 0, 40],
    [40, 3, 37],
  ] as const) {
    it(`add every row exactly as the naive loop (${nF} features, range ${f0}..${f1})`, () => {
      const rng = new Rng(900 + nF + f0);
      const nRows = 3000;
      const { stride, slots, rb, gh, totalBins } = layout(rng, nRows, nF);
      const kernels = simdHistogramKernels(slots.slice(0, nF), stride, f0, f1);
      expect(kernels.length).toBe(Math.ceil((f1 - f0) / 32));
      const m = simdScratch(totalBins, nRows, stride);
      m.hist.fill(0);
      m.rows.set(rb);
      m.gh.set(gh);
      for (const k of kernels) k(m.rowsAt, m.rowsAt + nRows * stride, m.ghAt);
      const got = Array.from(simdScratch(totalBins, nRows, stride).hist);
      expect(got).toEqual(Array.from(naive(rb, stride, slots, gh, nRows, f0, f1)));
      // -0 hessians added to +0 bins give +0, as the scalar loop (Object.is tells them apart)
      expect(got.some((v) => Object.is(v, -0))).toBe(false);
    });
  }

  // strides 4, 12 (i64 + i32 copies), 28 (v128 + i64 + i32), 32 (two v128); rows mapped or not
  for (const nF of [3, 10, 28, 32]) {
    for (const mapped of [false, true]) {
      it(`gather a leaf's rows and gradient pairs as the naive copy (${nF} features, ${mapped ? 'row map' : 'no map'})`, () => {
        const rng = new Rng(40 + nF);
        const nData = 500;
        const { stride, rb, totalBins } = layout(rng, nData, nF);
        const nLocal = mapped ? 300 : nData;
        const map = Uint32Array.from({ length: nLocal }, () => rng.below(nData));
        const gh = new Float32Array(2 * nLocal).map(() => rng.normal());
        const ids = Uint32Array.from({ length: 200 }, () => rng.below(nLocal));
        const m = simdScratch(totalBins, ids.length, stride, nData, nLocal);
        m.data.set(rb);
        m.ghAll.set(gh);
        m.map.set(map);
        m.ids.set(ids);
        simdGatherKernel(stride, mapped)(m.idsAt, m.idsAt + 4 * ids.length, m.dataAt, m.ghAllAt, m.mapAt, m.rowsAt, m.ghAt);
        const wantRows = new Uint8Array(ids.length * stride);
        const wantGh = new Float32Array(2 * ids.length);
        ids.forEach((local, k) => {
          const row = mapped ? map[local] : local;
          wantRows.set(rb.subarray(row * stride, (row + 1) * stride), k * stride);
          wantGh[2 * k] = gh[2 * local];
          wantGh[2 * k + 1] = gh[2 * local + 1];
        });
        expect(Array.from(m.rows.subarray(0, ids.length * stride))).toEqual(Array.from(wantRows));
        expect(Array.from(m.gh.subarray(0, 2 * ids.length))).toEqual(Array.from(wantGh));
      });
    }
  }

  for (const mapped of [false, true]) {
    it(`partition a leaf's entries stably by a bin table as the naive split (${mapped ? 'row map' : 'no map'})`, () => {
      const rng = new Rng(mapped ? 71 : 70);
      const nData = 5000;
      const nF = 6;
      const cols = Array.from({ length: nF }, () => Uint8Array.from({ length: nData }, () => rng.below(256)));
      const nLocal = mapped ? 3000 : nData;
      const map = Uint32Array.from({ length: nLocal }, () => rng.below(nData));
      const ids = Uint32Array.from({ length: 2500 }, () => rng.below(nLocal));
      const table = Uint8Array.from({ length: 256 }, () => (rng.random() < 0.4 ? 1 : 0));
      const feature = 4;
      const m = simdScratch(16, ids.length, 8, nData, nLocal, nF);
      cols.forEach((c, j) => m.cols.set(c, j * nData));
      m.map.set(map);
      m.ids.set(ids);
      m.table.set(table);
      const left = simdPartitionKernel(1, mapped)(m.idsAt, m.idsAt + 4 * ids.length, m.colsAt + feature * nData, m.mapAt, m.tableAt, m.outLAt, m.outRAt);
      const goes = (local: number): boolean => table[cols[feature][mapped ? map[local] : local]] === 1;
      const wantL = Array.from(ids).filter(goes);
      const wantR = Array.from(ids).filter((i) => !goes(i));
      expect(left).toBe(wantL.length);
      expect(Array.from(m.outL.subarray(0, left))).toEqual(wantL);
      expect(Array.from(m.outR.subarray(0, ids.length - left))).toEqual(wantR);
    });
  }

  it('refuses a range outside the layout and a non-integer slot', () => {
    expect(() => simdHistogramKernels([0, 10], 4, 1, 3)).toThrow('end feature of a range must be an integer in [2, 2], got 3');
    expect(() => simdHistogramKernels([0, 10.5], 4, 0, 2)).toThrow('histogram slot of feature 1 must be an integer');
    expect(() => simdGatherKernel(6, false)).toThrow('row stride must be a multiple of 4, got 6');
  });
});

describe('training with the SIMD kernels', () => {
  const savedRows = simdSwitches.minDataRows;
  afterEach(() => {
    simdSwitches.enabled = true;
    simdSwitches.minDataRows = savedRows;
  });

  it('small data trains in JavaScript by default and gives the same bytes through the kernels (minDataRows 0)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    expect(data.nRows).toBeLessThan(simdSwitches.minDataRows);
    const params = { objective: 'binary' as const, num_iterations: 10, bagging_fraction: 0.8, bagging_freq: 1, verbosity: -1, num_threads: 1 };
    const binned = BinnedDataset.fromDataset(data, { max_bin: 255 });
    expect(binned.rowBins).not.toBeNull();
    const rows = Uint32Array.from({ length: 400 }, (_, k) => k + 100);
    const texts = (): string[] => [new Booster(trainModel(params, binned)).modelToString(), new Booster(trainModel(params, binned, { rows })).modelToString()];
    const plain = texts();
    simdSwitches.minDataRows = 0;
    expect(texts()).toEqual(plain);
  });

  it('gives the same model bytes as the JavaScript kernels (row-major data, all rows, bagged leaves gathered in wasm with new gradients each tree, wasm partitions, a row subset)', () => {
    const rng = new Rng(31);
    const n = 12000;
    const nF = 9;
    const cols = Array.from({ length: nF }, (_, j) => Float64Array.from({ length: n }, () => (j % 4 === 1 ? Math.round(2 * rng.normal()) : rng.normal())));
    const y = Float64Array.from({ length: n }, (_, i) => (cols[0][i] - 0.5 * cols[1][i] + 0.3 * cols[2][i] * cols[3][i] + 0.5 * rng.normal() > 0 ? 1 : 0));
    const data = new Dataset(
      cols.map((values, j) => ({ name: `f${j}`, kind: 'numeric' as const, values })),
      { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' },
    );
    const params = { objective: 'binary' as const, num_iterations: 8, num_leaves: 15, min_data_in_leaf: 5, bagging_fraction: 0.7, bagging_freq: 1, verbosity: -1, num_threads: 1 };
    const binned = BinnedDataset.fromDataset(data, params);
    expect(binned.rowBins).not.toBeNull();
    const rows = Uint32Array.from({ length: n / 2 }, (_, k) => 2 * k + 1);
    const texts = (): string[] => [new Booster(trainModel(params, binned)).modelToString(), new Booster(trainModel(params, binned, { rows })).modelToString()];
    const withSimd = texts();
    simdSwitches.enabled = false;
    expect(simdAvailable()).toBe(false);
    expect(texts()).toEqual(withSimd);
  });
});
