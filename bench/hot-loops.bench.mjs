// The trainer's generated hot loops (src/gbdt/tree/codegen.ts) against the plain loops they
// replace, measured in the same run: the figures quoted in codegen.ts's module comment.
//
// (a) row-major histogram of all rows, 200k x 28 (255 bins): generated, features unrolled with
//     literal offsets, vs one loop over the features reading their offsets from an array;
// (b) column histogram of all rows, 1M rows, 8- and 16-bit columns in turn: one generated kernel
//     per bin width vs one function fed both widths;
// (c) split scan of 28 features x 255 bins with L1 (tuning's case), missing values as NaN on half
//     of them: the generated kernel per variant (through findBestNumericalSplit) vs one loop
//     branching per bin on the gain formula, the extra_trees threshold and the default bin;
// (d) the same scan under monotone constraints (the bounded kernels: constant bounds, as the basic
//     and intermediate methods; per-threshold bounds right-to-left, as the advanced method) against
//     the unbounded kernels of (c).
// Times are process CPU time (the machine may be shared), median of interleaved repeats.
//
// Run: node bench/run.mjs hot-loops   (builds dist/ first)   or   node bench/hot-loops.bench.mjs [repeats]
import { Rng } from '../dist/core/rng.js';
import { histogramAllRows, rowMajorHistogram } from '../dist/gbdt/tree/histogram.js';
import { findBestNumericalSplit } from '../dist/gbdt/tree/split-finder.js';
import { OutputBounds } from '../dist/gbdt/tree/output-bounds.js';
import { leafGain, SplitInfo } from '../dist/gbdt/tree/split-info.js';

const REPEATS = Number(process.argv[2] ?? 15);
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3; // ms
};
/** Median ms of `fns` run interleaved `REPEATS` times each (after 3 warm-up rounds). */
function race(fns) {
  const times = fns.map(() => []);
  for (let r = 0; r < REPEATS + 3; r++) {
    for (let k = 0; k < fns.length; k++) {
      const t0 = cpu();
      fns[k]();
      if (r >= 3) times[k].push(cpu() - t0);
    }
  }
  return times.map(median);
}
const rng = new Rng(7);

// (a) row-major histograms
const N = 200_000;
const F = 28;
const stride = (F + 3) & ~3;
const off2 = new Int32Array(F + 1);
for (let f = 0; f < F; f++) off2[f + 1] = off2[f] + 2 * 255;
const rb = new Uint8Array(N * stride);
for (let i = 0; i < N * stride; i++) rb[i] = rng.below(255);
const gh = new Float32Array(2 * 1_000_000);
for (let k = 0; k < gh.length; k++) gh[k] = k % 2 === 0 ? rng.normal() : 0.25;
const histA = new Float64Array(off2[F]);
const histB = new Float64Array(off2[F]);
function rowMajorPlain(rowBins, rowStride, nF, offsets, g, n, hist) {
  for (let i = 0, base = 0; i < n; i++, base += rowStride) {
    const gi = g[2 * i];
    const hi = g[2 * i + 1];
    for (let f = 0; f < nF; f++) {
      const s = offsets[f] + (rowBins[base + f] << 1);
      hist[s] += gi;
      hist[s + 1] += hi;
    }
  }
}
const gen = rowMajorHistogram(F, stride, off2);
const [rmGen, rmPlain] = race([() => gen.all(rb, gh, N, histA), () => rowMajorPlain(rb, stride, F, off2, gh, N, histB)]);

// (b) column histograms, 8 and 16 bits
const NC = 1_000_000;
const col8 = new Uint8Array(NC);
const col16 = new Uint16Array(NC);
for (let i = 0; i < NC; i++) {
  col8[i] = rng.below(255);
  col16[i] = rng.below(1000);
}
const histC = new Float64Array(2 * 1000);
function columnPlain(col, o2, g, n, hist) {
  for (let i = 0; i < n; i++) {
    const s = o2 + (col[i] << 1);
    hist[s] += g[2 * i];
    hist[s + 1] += g[2 * i + 1];
  }
}
const [colGen, colPlain] = race([
  () => {
    histogramAllRows(col8, 0, gh, NC, histC);
    histogramAllRows(col16, 0, gh, NC, histC);
  },
  () => {
    columnPlain(col8, 0, gh, NC, histC);
    columnPlain(col16, 0, gh, NC, histC);
  },
]);

// (c) split scan
const NB = 255;
const scanHist = new Float64Array(2 * F * NB);
let sumG = 0;
let sumH = 0;
for (let f = 0; f < F; f++) {
  let sg = 0;
  let sh = 0;
  for (let b = 0; b < NB; b++) {
    const c = 1 + rng.below(40);
    const g = (b < NB / 2 ? -0.2 : 0.2) * c + rng.normal();
    scanHist[2 * (f * NB + b)] = g;
    scanHist[2 * (f * NB + b) + 1] = 0.25 * c;
    sg += g;
    sh += 0.25 * c;
  }
  if (f === 0) {
    sumG = sg;
    sumH = sh;
  }
}
const params = { lambda_l1: 0.5, lambda_l2: 1, max_delta_step: 0, path_smooth: 0, min_data_in_leaf: 20, min_sum_hessian_in_leaf: 1e-3, min_gain_to_split: 0 };
const infos = Array.from({ length: F }, (_, f) => ({ numBin: NB, missingType: f % 2 === 0 ? 2 : 0, defaultBin: 0 }));
const numData = Math.round(sumH / 0.25);
const out = new SplitInfo(8);
const ROUNDS = 400;
/** The scan as plain loops branching per bin on options (gbtune's before the kernels). */
function scanPlain(hist, off, numBin, reverse, defaultBin, naAsMissing, p, rand, st) {
  const l1 = p.lambda_l1;
  const l2 = p.lambda_l2;
  const md = p.max_delta_step;
  const minData = p.min_data_in_leaf;
  const minHess = p.min_sum_hessian_in_leaf;
  const { sumG, sumH, numData, parentOutput, smooth, minGainShift } = st;
  const plain = l1 <= 0 && md <= 0 && smooth <= 0;
  const onlyL1 = !plain && md <= 0 && smooth <= 0;
  const cntFactor = numData / sumH;
  let bestGain = -Infinity;
  let found = false;
  if (reverse) {
    let rg = 0;
    let rh = 1e-15;
    let rc = 0;
    for (let t = numBin - 1 - (naAsMissing ? 1 : 0); t >= 1; t--) {
      if (t === defaultBin) continue;
      const s = (off + t) << 1;
      const h = hist[s + 1];
      rg += hist[s];
      rh += h;
      rc += (h * cntFactor + 0.5) | 0;
      if (rc < minData || rh < minHess) continue;
      const lc = numData - rc;
      if (lc < minData) break;
      const lh = sumH - rh;
      if (lh < minHess) break;
      if (rand >= 0 && t - 1 !== rand) continue;
      const lg = sumG - rg;
      let gain = 0;
      if (plain) gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2);
      else if (onlyL1) {
        const al = Math.abs(lg) - l1;
        const ar = Math.abs(rg) - l1;
        gain = (al > 0 ? (al * al) / (lh + l2) : 0) + (ar > 0 ? (ar * ar) / (rh + l2) : 0);
      } else gain = leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput);
      if (gain <= minGainShift) continue;
      found = true;
      if (gain > bestGain) bestGain = gain;
    }
  } else {
    let lg = 0;
    let lh = 1e-15;
    let lc = 0;
    const tEnd = numBin - 2;
    for (let t = 0; t <= tEnd; t++) {
      if (t === defaultBin) continue;
      const s = (off + t) << 1;
      const h = hist[s + 1];
      lg += hist[s];
      lh += h;
      lc += (h * cntFactor + 0.5) | 0;
      if (lc < minData || lh < minHess) continue;
      const rc = numData - lc;
      if (rc < minData) break;
      const rh = sumH - lh;
      if (rh < minHess) break;
      if (rand >= 0 && t !== rand) continue;
      const rg = sumG - lg;
      let gain = 0;
      if (plain) gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2);
      else if (onlyL1) {
        const al = Math.abs(lg) - l1;
        const ar = Math.abs(rg) - l1;
        gain = (al > 0 ? (al * al) / (lh + l2) : 0) + (ar > 0 ? (ar * ar) / (rh + l2) : 0);
      } else gain = leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput);
      if (gain <= minGainShift) continue;
      found = true;
      if (gain > bestGain) bestGain = gain;
    }
  }
  return found;
}
const st = { sumG, sumH: sumH + 2e-15, numData, parentOutput: 0, smooth: 0, minGainShift: 0 };
st.minGainShift = leafGain(st.sumG, st.sumH, params.lambda_l1, params.lambda_l2, 0, 0, numData, 0);
let sink = 0;
const [scanGen, scanPlainMs] = race([
  () => {
    for (let r = 0; r < ROUNDS; r++) {
      for (let f = 0; f < F; f++) {
        out.reset();
        if (findBestNumericalSplit(scanHist, f * NB, infos[f], sumG, sumH, numData, 0, params, -1, out)) sink++;
      }
    }
  },
  () => {
    for (let r = 0; r < ROUNDS; r++) {
      for (let f = 0; f < F; f++) {
        const nan = infos[f].missingType === 2;
        if (scanPlain(scanHist, f * NB, NB, true, -1, nan, params, -1, st)) sink++;
        if (nan && scanPlain(scanHist, f * NB, NB, false, -1, false, params, -1, st)) sink++;
      }
    }
  },
]);
const scannedBins = ROUNDS * F * NB * 1.5; // NaN features scan both ways

// (d) bounded scans: outputs clamped to [-0.3, 0.3] (often active), the feature increasing
const constant = new OutputBounds(NB);
constant.monotone = 1;
constant.setAll(-0.3, 0.3);
const perThreshold = new OutputBounds(NB);
perThreshold.monotone = 1;
perThreshold.setAll(-0.3, 0.3);
perThreshold.perThreshold = true;
for (let t = 0; t < NB; t++) {
  perThreshold.thresholdLeftMin[t] = -0.3;
  perThreshold.thresholdLeftMax[t] = 0.3 - t / (4 * NB);
  perThreshold.thresholdRightMin[t] = -0.3 + t / (4 * NB);
  perThreshold.thresholdRightMax[t] = 0.3;
}
const scanWith = (bounds) => () => {
  for (let r = 0; r < ROUNDS; r++) {
    for (let f = 0; f < F; f++) {
      out.reset();
      if (findBestNumericalSplit(scanHist, f * NB, infos[f], sumG, sumH, numData, 0, params, -1, out, null, bounds)) sink++;
    }
  }
};
const [scanFree, scanConst, scanPer] = race([scanWith(null), scanWith(constant), scanWith(perThreshold)]);

const ns = (ms, units) => ((ms * 1e6) / units).toFixed(2);
console.log(`${REPEATS} interleaved repeats, medians of process CPU time${sink < 0 ? '' : ''}`);
console.log('| loop | unit | generated ns | plain loop ns | plain / generated |');
console.log('|---|---|---|---|---|');
console.log(`| row-major histogram, all rows (${N / 1000}k x ${F}) | row x feature | ${ns(rmGen, N * F)} | ${ns(rmPlain, N * F)} | ${(rmPlain / rmGen).toFixed(2)}x |`);
console.log(`| column histogram, 8- and 16-bit (${NC / 1e6}M rows each) | row | ${ns(colGen, 2 * NC)} | ${ns(colPlain, 2 * NC)} | ${(colPlain / colGen).toFixed(2)}x |`);
console.log(`| split scan, L1, ${F} x ${NB} bins (half NaN) | bin | ${ns(scanGen, scannedBins)} | ${ns(scanPlainMs, scannedBins)} | ${(scanPlainMs / scanGen).toFixed(2)}x |`);
console.log('');
console.log('| split scan under monotone constraints | unit | unbounded ns | constant bounds ns | per-threshold bounds ns |');
console.log('|---|---|---|---|---|');
console.log(`| ${F} x ${NB} bins (half NaN), L1 | bin | ${ns(scanFree, scannedBins)} | ${ns(scanConst, scannedBins)} | ${ns(scanPer, scannedBins)} |`);
