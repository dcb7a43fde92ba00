/**
 * Histograms of quantized gradients (use_quantized_grad) are integer histograms: every bin the
 * integer sum of its rows' steps times the scale, exactly — against a naive integer reference, in
 * any row order, for the column, sparse and row-major kernels and for subtraction.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { GradientQuantizer } from '../../../src/gbdt/boosting/gradient-quantizer.js';
import { histogramAllRows, histogramRows, histogramSparse, rowMajorHistogram, subtractHistogram } from '../../../src/gbdt/tree/histogram.js';

const N = 20000;
const NUM_BIN = 37;

/** Quantized gradient pairs of N rows (interleaved), their integer steps and the scales. */
function quantizedPairs(seed: number, bins: number): { gh: Float32Array; gSteps: Int32Array; hSteps: Int32Array; gs: number; hs: number } {
  const rng = new Rng(seed);
  const grad = new Float32Array(N);
  const hess = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    grad[i] = 2.5 * rng.normal();
    hess[i] = 0.05 + rng.random();
  }
  const q = new GradientQuantizer(N, { bins, seed });
  const qg = new Float32Array(N);
  const qh = new Float32Array(N);
  q.quantize(grad, hess, qg, qh);
  const gh = new Float32Array(2 * N);
  const gSteps = new Int32Array(N);
  const hSteps = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    gh[2 * i] = qg[i];
    gh[2 * i + 1] = qh[i];
    gSteps[i] = Math.round(qg[i] / q.gradScale);
    hSteps[i] = Math.round(qh[i] / q.hessScale);
  }
  return { gh, gSteps, hSteps, gs: q.gradScale, hs: q.hessScale };
}

/** Integer step sums per bin of rows `rows`, times the scales: [g0, h0, g1, h1, ...]. */
function naiveInteger(col: Uint8Array, rows: Uint32Array, p: ReturnType<typeof quantizedPairs>): Float64Array {
  const gi = new Int32Array(NUM_BIN);
  const hi = new Int32Array(NUM_BIN);
  for (const r of rows) {
    gi[col[r]] += p.gSteps[r];
    hi[col[r]] += p.hSteps[r];
  }
  const out = new Float64Array(2 * NUM_BIN);
  for (let b = 0; b < NUM_BIN; b++) {
    out[2 * b] = gi[b] * p.gs;
    out[2 * b + 1] = hi[b] * p.hs;
  }
  return out;
}

function shuffled(rng: Rng, rows: Uint32Array): Uint32Array {
  const out = rows.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function gathered(gh: Float32Array, rows: Uint32Array): Float32Array {
  const out = new Float32Array(2 * rows.length);
  for (let k = 0; k < rows.length; k++) {
    out[2 * k] = gh[2 * rows[k]];
    out[2 * k + 1] = gh[2 * rows[k] + 1];
  }
  return out;
}

describe.each([4, 16, 127])('histograms of quantized gradients (num_grad_quant_bins = %i)', (bins) => {
  const rng = new Rng(bins);
  const p = quantizedPairs(bins, bins);
  const col = Uint8Array.from({ length: N }, () => rng.below(NUM_BIN));
  const all = Uint32Array.from({ length: N }, (_, i) => i);
  const leaf = Uint32Array.from(all.filter(() => rng.random() < 0.3));

  it('all rows: each bin is exactly its integer sums times the scales', () => {
    const hist = new Float64Array(2 * NUM_BIN);
    histogramAllRows(col, 0, p.gh, N, hist);
    expect(hist).toEqual(naiveInteger(col, all, p));
  });

  it('a leaf in any row order gives the same bits (exact sums)', () => {
    const want = naiveInteger(col, leaf, p);
    for (const rows of [leaf, shuffled(rng, leaf)]) {
      const hist = new Float64Array(2 * NUM_BIN);
      histogramRows(col, 0, rows, gathered(p.gh, rows), rows.length, hist);
      expect(hist).toEqual(want);
    }
  });

  it('sparse kernel and row-major kernel: the same integer sums', () => {
    const want = naiveInteger(col, leaf, p);
    const sparse = new Float64Array(2 * NUM_BIN);
    const bm = new Uint32Array(2);
    histogramSparse(col, 0, leaf, 0, leaf.length, null, p.gh, sparse, bm, 0);
    for (let b = 0; b < NUM_BIN; b++) {
      if ((bm[b >>> 5] & (1 << (b & 31))) !== 0) {
        expect(sparse[2 * b]).toBe(want[2 * b]);
        expect(sparse[2 * b + 1]).toBe(want[2 * b + 1]);
      } else expect(want[2 * b + 1]).toBe(0);
    }
    // a one-feature row-major layout (stride 4 bytes)
    const rowBins = new Uint8Array(4 * N);
    for (let i = 0; i < N; i++) rowBins[4 * i] = col[i];
    const rm = new Float64Array(2 * NUM_BIN);
    rowMajorHistogram(1, 4, Int32Array.of(0)).rows(new Uint32Array(rowBins.buffer), leaf, gathered(p.gh, leaf), leaf.length, rm);
    expect(rm).toEqual(want);
  });

  it('the larger child by subtraction is exactly its own integer histogram', () => {
    const parent = new Float64Array(2 * NUM_BIN);
    histogramAllRows(col, 0, p.gh, N, parent);
    const child = new Float64Array(2 * NUM_BIN);
    histogramRows(col, 0, leaf, gathered(p.gh, leaf), leaf.length, child);
    subtractHistogram(parent, child, parent, 0, parent.length);
    const inLeaf = new Uint8Array(N);
    for (const r of leaf) inLeaf[r] = 1;
    expect(parent).toEqual(naiveInteger(col, Uint32Array.from(all.filter((r) => inLeaf[r] === 0)), p));
  });
});
