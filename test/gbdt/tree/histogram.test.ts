import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import {
  histogramAllRows,
  histogramRows,
  histogramSparse,
  rowMajorHistogram,
  subtractHistogram,
  subtractSparseHistogram,
} from '../../../src/gbdt/tree/histogram.js';

// Every histogram kernel against a naive loop: for each row in order, add its gradient pair to its
// bin. Each bin then sums its rows in the same order as the kernels do, so results compare exactly.

type Width = 8 | 16;

function column(rng: Rng, width: Width, nRows: number, numBin: number): Uint8Array | Uint16Array {
  const col = width === 8 ? new Uint8Array(nRows) : new Uint16Array(nRows);
  for (let i = 0; i < nRows; i++) col[i] = rng.below(numBin);
  return col;
}

function pairs(rng: Rng, n: number): Float32Array {
  const gh = new Float32Array(2 * n);
  for (let k = 0; k < n; k++) {
    gh[2 * k] = rng.normal();
    gh[2 * k + 1] = 0.05 + rng.random();
  }
  return gh;
}

/** A sorted random subset of 0..n-1 (a leaf's rows), about `fraction` of them. */
function subset(rng: Rng, n: number, fraction: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (rng.random() < fraction) out.push(i);
  return Uint32Array.from(out);
}

/** hist[2 * (off + bin(k)) + {0,1}] += pair(k) for k = 0..n-1, in order. */
function naive(size: number, n: number, binOf: (k: number) => number, slot: number, g: (k: number) => number, h: (k: number) => number): Float64Array {
  const hist = new Float64Array(size);
  for (let k = 0; k < n; k++) {
    const b = slot + binOf(k);
    hist[2 * b] += g(k);
    hist[2 * b + 1] += h(k);
  }
  return hist;
}

describe('column histograms (8- and 16-bit bins)', () => {
  for (const width of [8, 16] as const) {
    const numBin = width === 8 ? 256 : 1000;

    it(`adds all rows exactly as the naive loop (${width}-bit)`, () => {
      const rng = new Rng(width);
      const n = 5000;
      const col = column(rng, width, n, numBin);
      const gh = pairs(rng, n);
      const off = 7;
      const hist = new Float64Array(2 * (off + numBin));
      histogramAllRows(col, 2 * off, gh, n, hist);
      const ref = naive(hist.length, n, (i) => col[i], off, (i) => gh[2 * i], (i) => gh[2 * i + 1]);
      expect(Array.from(hist)).toEqual(Array.from(ref));
    });

    it(`adds a leaf's rows with ordered gradients exactly as the naive loop (${width}-bit)`, () => {
      const rng = new Rng(100 + width);
      const n = 6000;
      const col = column(rng, width, n, numBin);
      const ids = subset(rng, n, 0.3);
      const ogh = pairs(rng, ids.length);
      const off = 3;
      const hist = new Float64Array(2 * (off + numBin));
      histogramRows(col, 2 * off, ids, ogh, ids.length, hist);
      const ref = naive(hist.length, ids.length, (j) => col[ids[j]], off, (j) => ogh[2 * j], (j) => ogh[2 * j + 1]);
      expect(Array.from(hist)).toEqual(Array.from(ref));
    });

    for (const mapped of [false, true]) {
      it(`builds a sparse histogram exactly as the naive loop, with its bitmap (${width}-bit, ${mapped ? 'row subset' : 'all rows'})`, () => {
        const rng = new Rng(200 + width + (mapped ? 1 : 0));
        const nData = 4000;
        const nLocal = mapped ? 2500 : nData;
        const col = column(rng, width, nData, numBin);
        // local row i is data row rows[i] (a cv fold's training rows)
        const rows = mapped ? subset(rng, nData, 0.7).subarray(0, nLocal) : null;
        const gh = pairs(rng, nLocal);
        // the leaf: a range of a shuffled partition
        const idx = new Uint32Array(nLocal);
        for (let i = 0; i < nLocal; i++) idx[i] = i;
        for (let i = nLocal - 1; i > 0; i--) {
          const r = rng.below(i + 1);
          [idx[i], idx[r]] = [idx[r], idx[i]];
        }
        const begin = 100;
        const count = 40;
        const hoff = 37; // bins straddle bitmap words
        const bmBase = 2;
        const size = 2 * (hoff + numBin + 5);
        const hist = new Float64Array(size);
        for (let k = 0; k < size; k++) hist[k] = rng.normal() * 1e3; // stale numbers
        const stale = hist.slice();
        const bm = new Uint32Array(bmBase + Math.ceil(size / 64) + 1);
        histogramSparse(col, hoff, idx, begin, count, rows, gh, hist, bm, bmBase);
        const dataRow = (j: number): number => (rows === null ? idx[begin + j] : rows[idx[begin + j]]);
        const ref = naive(size, count, (j) => col[dataRow(j)], hoff, (j) => gh[2 * idx[begin + j]], (j) => gh[2 * idx[begin + j] + 1]);
        const touched = new Set<number>();
        for (let j = 0; j < count; j++) touched.add(hoff + col[dataRow(j)]);
        for (let b = 0; 2 * b < size; b++) {
          const bit = (bm[bmBase + (b >>> 5)] >>> (b & 31)) & 1;
          expect(bit, `bin ${b}`).toBe(touched.has(b) ? 1 : 0);
          const want = touched.has(b) ? [ref[2 * b], ref[2 * b + 1]] : [stale[2 * b], stale[2 * b + 1]];
          expect([hist[2 * b], hist[2 * b + 1]], `bin ${b}`).toEqual(want);
        }
        expect(bm[0]).toBe(0);
        expect(bm[1]).toBe(0);
      });
    }
  }
});

describe('row-major histograms', () => {
  /** Features with 2..201 bins; row i's feature f at i * stride + f. */
  function layout(rng: Rng, nRows: number, nF: number) {
    const stride = (nF + 3) & ~3;
    const numBin = Array.from({ length: nF }, () => 2 + rng.below(200));
    const off2 = new Int32Array(nF + 1);
    for (let f = 0; f < nF; f++) off2[f + 1] = off2[f] + 2 * numBin[f];
    const rb = new Uint8Array(nRows * stride);
    for (let i = 0; i < nRows; i++) for (let f = 0; f < nF; f++) rb[i * stride + f] = rng.below(numBin[f]);
    return { stride, off2, rb, size: off2[nF] };
  }

  /** The naive row-major loop: rows in order, features in order. */
  function naiveRowMajor(rb: Uint8Array, stride: number, nF: number, off2: Int32Array, rowOf: (j: number) => number, gh: Float32Array, n: number, size: number): Float64Array {
    const hist = new Float64Array(size);
    for (let j = 0; j < n; j++) {
      for (let f = 0; f < nF; f++) {
        const s = off2[f] + 2 * rb[rowOf(j) * stride + f];
        hist[s] += gh[2 * j];
        hist[s + 1] += gh[2 * j + 1];
      }
    }
    return hist;
  }

  // 5 features: one generated block; 33: two blocks (32 features per block)
  for (const nF of [5, 33]) {
    it(`.all() adds every row exactly as the naive loop (${nF} features)`, () => {
      const rng = new Rng(300 + nF);
      const nRows = 9000;
      const { stride, off2, rb, size } = layout(rng, nRows, nF);
      const gh = pairs(rng, nRows);
      const hist = new Float64Array(size);
      rowMajorHistogram(nF, stride, off2).all(rb, gh, nRows, hist);
      expect(Array.from(hist)).toEqual(Array.from(naiveRowMajor(rb, stride, nF, off2, (i) => i, gh, nRows, size)));
    });

    // 3,000 rows: one chunk; 40,000: ten chunks of 4,096 rows
    for (const nRows of [3000, 40000]) {
      it(`.rows() adds a leaf's scattered rows exactly as the naive loop (${nF} features, ${nRows} rows)`, () => {
        const rng = new Rng(nRows + nF);
        const { stride, off2, rb, size } = layout(rng, nRows, nF);
        const ids = subset(rng, nRows, 0.3);
        const ogh = pairs(rng, ids.length);
        const hist = new Float64Array(size);
        rowMajorHistogram(nF, stride, off2).rows(new Uint32Array(rb.buffer), ids, ogh, ids.length, hist);
        expect(Array.from(hist)).toEqual(Array.from(naiveRowMajor(rb, stride, nF, off2, (j) => ids[j], ogh, ids.length, size)));
      });
    }
  }
});

describe('histogram subtraction', () => {
  it('subtracts a range, and a sparse child over its bitmap only, exactly as the naive loop', () => {
    const rng = new Rng(9);
    const size = 2 * 300;
    const parent = Float64Array.from({ length: size }, () => rng.normal());
    const child = Float64Array.from({ length: size }, () => rng.normal());
    const dense = parent.slice();
    subtractHistogram(dense, child, dense, 20, 400);
    for (let k = 0; k < size; k++) expect(dense[k]).toBe(k >= 20 && k < 400 ? parent[k] - child[k] : parent[k]);
    const bm = new Uint32Array(1 + 300 / 32 + 1);
    const set = new Set<number>();
    for (let b = 0; b < 300; b++) if (rng.random() < 0.2) set.add(b);
    for (const b of set) bm[1 + (b >>> 5)] |= 1 << (b & 31);
    const sparse = parent.slice();
    subtractSparseHistogram(sparse, child, bm, 1, bm.length - 1);
    for (let k = 0; k < size; k++) expect(sparse[k]).toBe(set.has(k >> 1) ? parent[k] - child[k] : parent[k]);
  });
});
