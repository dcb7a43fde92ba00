// What integer histograms could gain in JS (use_quantized_grad): one leaf's histogram of F features
// over a leaf of R rows (random rows of N, gathered in order, 255 bins), built by
//  - gbtune's float kernel (histogramRows: two Float64 adds per row and feature, float32 pairs),
//  - one Int32 add per row and feature of a packed pair (gradient steps << 16 | hessian steps,
//    LightGBM's 16-bit histogram bins; exact while a bin's hessian steps stay below 2^16),
//  - one Float64 add per row and feature of a packed pair (gradient steps * 2^26 + hessian steps:
//    exact for any leaf below 2^24 rows at 4 bins).
// The integer kernels are written here only to measure them; training uses the float kernel on
// quantized values (see src/gbdt/boosting/gradient-quantizer.ts).
// Usage: node bench/quantized-histogram.bench.mjs [N] [leafRows] [features] [repeats]
import { Rng } from '../dist/core/rng.js';
import { histogramRows } from '../dist/gbdt/tree/histogram.js';

const N = Number(process.argv[2] ?? 1_000_000);
const R = Number(process.argv[3] ?? 200_000);
const F = Number(process.argv[4] ?? 28);
const REPEATS = Number(process.argv[5] ?? 5);
const BINS = 255;

const rng = new Rng(7);
const cols = Array.from({ length: F }, () => Uint8Array.from({ length: N }, () => rng.below(BINS)));
const leaf = Uint32Array.from({ length: N }, (_, i) => i).filter(() => rng.random() < R / N);
const n = leaf.length;
// quantized steps at 4 bins: gradient in [-2, 2], hessian in [0, 4]
const gSteps = Int32Array.from({ length: N }, () => rng.below(5) - 2);
const hSteps = Int32Array.from({ length: N }, () => rng.below(5));
const ogh = new Float32Array(2 * n);
const packed32 = new Int32Array(n);
const packed64 = new Float64Array(n);
for (let k = 0; k < n; k++) {
  const r = leaf[k];
  ogh[2 * k] = gSteps[r] * 0.125;
  ogh[2 * k + 1] = hSteps[r] * 0.0625;
  packed32[k] = gSteps[r] * 65536 + hSteps[r];
  packed64[k] = gSteps[r] * 67108864 + hSteps[r];
}

function int32Kernel(col, rows, p, count, hist) {
  for (let k = 0; k < count; k++) {
    const b = col[rows[k]];
    hist[b] = (hist[b] + p[k]) | 0;
  }
}

function float64PackedKernel(col, rows, p, count, hist) {
  for (let k = 0; k < count; k++) hist[col[rows[k]]] += p[k];
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function time(label, build) {
  build(); // warm up
  const secs = [];
  for (let r = 0; r < REPEATS; r++) {
    const c0 = cpu();
    build();
    secs.push(cpu() - c0);
  }
  secs.sort((a, b) => a - b);
  const s = secs[Math.floor((secs.length - 1) / 2)];
  return { label, s, ns: (s * 1e9) / (n * F) };
}

const fHist = new Float64Array(2 * BINS);
const iHist = new Int32Array(BINS);
const pHist = new Float64Array(BINS);
const results = [
  time('float kernel, [g, h] float32 pairs, Float64 histogram (gbtune today)', () => {
    for (let j = 0; j < F; j++) {
      fHist.fill(0);
      histogramRows(cols[j], 0, leaf, ogh, n, fHist);
    }
  }),
  time('packed int16 pair, one Int32 add', () => {
    for (let j = 0; j < F; j++) {
      iHist.fill(0);
      int32Kernel(cols[j], leaf, packed32, n, iHist);
    }
  }),
  time('packed pair in a float64, one Float64 add', () => {
    for (let j = 0; j < F; j++) {
      pHist.fill(0);
      float64PackedKernel(cols[j], leaf, packed64, n, pHist);
    }
  }),
];
// the packed sums decode to the float kernel's (steps x scales)
for (let b = 0; b < BINS; b++) {
  const h = iHist[b] & 0xffff;
  const g = (iHist[b] - h) / 65536;
  const hp = pHist[b] - Math.floor(pHist[b] / 67108864) * 67108864;
  const gp = (pHist[b] - hp) / 67108864;
  if (g * 0.125 !== fHist[2 * b] || h * 0.0625 !== fHist[2 * b + 1] || gp !== g || hp !== h) throw new Error(`bin ${b}: packed sums differ`);
}
console.log(`leaf of ${n} rows (of ${N}) x ${F} features, ${BINS} bins; CPU seconds, median of ${REPEATS}`);
console.log('| kernel | CPU s | ns per row x feature | vs float |');
console.log('|---|---|---|---|');
for (const r of results) console.log(`| ${r.label} | ${r.s.toFixed(3)} | ${r.ns.toFixed(2)} | ${(r.s / results[0].s).toFixed(2)}x |`);
