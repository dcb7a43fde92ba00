import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { rowMajorHistogram } from '../../../src/gbdt/tree/histogram.js';

/** Naive histogram of rows ids[0..n) with gradient pairs ogh[2j], ogh[2j+1]. */
function naive(rb: Uint8Array, stride: number, nF: number, off2: Int32Array, ids: Uint32Array, ogh: Float32Array, n: number, size: number): Float64Array {
  const hist = new Float64Array(size);
  for (let j = 0; j < n; j++) {
    for (let f = 0; f < nF; f++) {
      const s = (off2[f] as number) + 2 * (rb[(ids[j] as number) * stride + f] as number);
      hist[s] += ogh[2 * j] as number;
      hist[s + 1] += ogh[2 * j + 1] as number;
    }
  }
  return hist;
}

describe('rowMajorHistogram', () => {
  // 3,000 rows: one chunk; 40,000: ten chunks of 4,096 rows
  for (const nRows of [3000, 40000]) {
    it(`adds a leaf's scattered rows exactly as the naive loop (${nRows} rows)`, () => {
      const rng = new Rng(nRows);
      const nF = 33; // two generated blocks (32 features per block)
      const stride = (nF + 3) & ~3;
      const numBin = Array.from({ length: nF }, () => 2 + rng.below(200));
      const off2 = new Int32Array(nF + 1);
      for (let f = 0; f < nF; f++) off2[f + 1] = (off2[f] as number) + 2 * (numBin[f] as number);
      const rb = new Uint8Array(nRows * stride);
      for (let i = 0; i < nRows; i++) for (let f = 0; f < nF; f++) rb[i * stride + f] = rng.below(numBin[f] as number);
      const ids = new Uint32Array(Math.floor(nRows * 0.3));
      for (let j = 0, i = 0; j < ids.length; i++) if (rng.random() < 0.3 || nRows - i <= ids.length - j) ids[j++] = i;
      const ogh = new Float32Array(2 * ids.length);
      for (let k = 0; k < ogh.length; k++) ogh[k] = k % 2 === 0 ? rng.normal() : 0.1 + rng.random();
      const size = off2[nF] as number;
      const hist = new Float64Array(size);
      const h = rowMajorHistogram(nF, stride, off2);
      h.rows(new Uint32Array(rb.buffer), ids, ogh, ids.length, hist);
      expect(Array.from(hist)).toEqual(Array.from(naive(rb, stride, nF, off2, ids, ogh, ids.length, size)));
    });
  }
});
