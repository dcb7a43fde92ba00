/**
 * The trainer's generated hot loops: every `new Function` of the trainer is in this module. Each
 * loop has ONE source, a template below, specialised per variant as LightGBM specialises its
 * histogram and threshold-search templates (`template <bool USE_RAND, bool REVERSE, ...>` in
 * `src/treelearner/feature_histogram.hpp`):
 *
 * - histogram kernels ({@link columnHistogramKernel}, {@link rowMajorKernels},
 *   {@link sparseHistogramKernel}): one row loop ({@link rowLoop}) and one bin update
 *   ({@link addPair}, {@link addPairFirstTouch}), specialised per bin width (Uint8/Uint16), row
 *   source (all rows, a leaf's rows with gathered gradients, a chunk of copied rows, partition
 *   rows mapped or not to data rows) and layout (one column, or a row-major block of features
 *   with every histogram offset a literal);
 * - split-scan kernels ({@link scanKernel}): one bin step ({@link scanBody}), specialised per
 *   direction, dense / random-threshold / sparse bin walk, gain formula, missing-value handling
 *   and, left-to-right, whether LightGBM's histogram lacks bin 0 (`offset`, most_freq_bin 0).
 *
 * Why generated code, measured by `bench/hot-loops.bench.mjs` (Node 20, x64, process CPU time,
 * medians of interleaved repeats on a shared machine; the commit has the run):
 * - row-major histograms: the feature loop unrolled with every histogram offset a literal runs in
 *   1.1 ns per row x feature against 3.7 ns for the same loop reading offsets from an array
 *   (200k rows x 28 features): the reason code generation was brought in;
 * - split scan: a kernel per variant has no per-bin branch on options (gain formula, extra_trees
 *   threshold, skipped default bin; DESIGN's "choose a specialised loop once"): 4.2 ns per bin
 *   against 4.7 ns for the same loops branching per bin (4.8 ns for gbtune's previous finder);
 * - column histograms: a kernel per bin width (monomorphic typed-array loads) against one function
 *   fed both widths: 3.1 against 3.3 ns per row, memory-bound on the gradients. They are generated
 *   to share the one row loop and bin update with the other histogram kernels, not for speed.
 * V8 keeps type feedback and optimised code per function, so only separate functions give each
 * variant its own specialised code; a template is the one way to write their body once.
 *
 * What enters generated source: text written in this module, and integers checked by
 * {@link intIn} against their bounds before they are printed (feature offsets, row stride, feature
 * count, variant flags). No string from outside this module ever reaches `new Function`; runtime
 * values (histograms, sums, params) are arguments of the generated functions.
 *
 * Cache: fixed-variant kernels live in arrays indexed by their flags, bounded by construction
 * (4 column + 4 sparse histogram kernels, 2 column gathers, 2 x 2 x 3 x 3 x 3 x 3 = 324 scan slots
 * of which 93 are reachable: left-to-right scans and no-bin-0 variants only run with missing
 * values, bounded kernels ignore the gain flag, and per-threshold bounds are only read
 * right-to-left). Row-major kernels depend on a dataset's layout (any number of layouts), so they
 * are kept in an LRU of {@link MAX_LAYOUTS} layouts; a layout keeps the kernels of the feature
 * ranges that multi-threaded histograms asked for (ranges of an even split of the features into at
 * most 64 groups, so a bounded number).
 */
import { leafGain, leafGainGivenOutput, leafOutput } from './split-info.js';

/** Any bin column. */
type Bins = Uint8Array | Uint16Array;

/**
 * Adds rows `j0..j1` to `hist` (interleaved [g, h]): their bins from `bins`, their gradient pairs
 * `gh[2j], gh[2j+1]`, the row ids from `ids` when the kernel gathers. `off2` is the feature's
 * first histogram slot times 2 (column kernels; row-major kernels have literal offsets).
 */
export type HistogramKernel = (bins: Bins, ids: Uint32Array, gh: Float32Array, j0: number, j1: number, hist: Float64Array, off2: number) => void;

/**
 * Adds the partition's rows `ids[j0..j1)` (local rows; data rows through `rows` when the kernel
 * maps) of one column to a sparse histogram: gradient pairs `gh[2 * local]`, histogram bin
 * `hoff + bin`, set on first touch (its bit in `bm[bmBase + (bin >> 5)]` then set) and added to after.
 */
export type SparseHistogramKernel = (
  col: Bins,
  ids: Uint32Array,
  rows: Uint32Array,
  gh: Float32Array,
  j0: number,
  j1: number,
  hist: Float64Array,
  hoff: number,
  bm: Uint32Array,
  bmBase: number,
) => void;

/** Copies rows `ids[j0..j1)` of `rw` (row-major bins as 32-bit words) one after another into `buf`. */
export type CopyRowsKernel = (rw: Uint32Array, ids: Uint32Array, j0: number, j1: number, buf: Uint32Array) => void;

/** Inputs and outputs of a split scan, read and written by the scan kernels (see split-finder). */
export interface ScanState {
  sumG: number;
  sumH: number;
  numData: number;
  parentOutput: number;
  smooth: number;
  minGainShift: number;
  /** LightGBM's kEpsilon: the starting hessian sum of the scanned side. */
  eps: number;
  /** Set when the kernel returns true (a threshold beat the no-split gain). */
  bestGain: number;
  bestThreshold: number;
  bestLeftG: number;
  bestLeftH: number;
  bestLeftCount: number;
  /** Bounded scans ({@link ScanBounds}): the feature's monotone direction (1, -1, 0). */
  monotone: number;
  /** Constant bounds: [leftMin, leftMax, rightMin, rightMax] of the children's outputs. */
  bounds: Float64Array;
  /** Per-threshold bounds: those of threshold bin t at index t. */
  leftMin: Float64Array;
  leftMax: Float64Array;
  rightMin: Float64Array;
  rightMax: Float64Array;
  /** Set with the best (bounded scans): its children's bounds, [leftMin, leftMax, rightMin, rightMax]. */
  bestBounds: Float64Array;
}

/** The split-params fields a scan kernel reads. */
export interface ScanParams {
  lambda_l1: number;
  lambda_l2: number;
  max_delta_step: number;
  min_data_in_leaf: number;
  min_sum_hessian_in_leaf: number;
}

/**
 * Scans one feature's histogram bins (feature bin t at `2 * (off + t)`) for the best threshold;
 * returns whether any beat `st.minGainShift` (the best then in `st`). `rand`: the only threshold
 * considered (random-threshold kernels); `words`/`base`: the non-empty-bin bitmap (sparse kernels).
 */
export type ScanKernel = (
  hist: Float64Array,
  off: number,
  numBin: number,
  defaultBin: number,
  rand: number,
  words: Uint32Array,
  base: number,
  p: ScanParams,
  st: ScanState,
) => boolean;

/** How a split scan walks the bins. */
export const ScanMode = { dense: 0, randomThreshold: 1, sparse: 2 } as const;
export type ScanMode = (typeof ScanMode)[keyof typeof ScanMode];
/** The gain formula a split scan inlines (as LightGBM's USE_L1 / USE_MAX_OUTPUT / USE_SMOOTHING). */
export const ScanGain = { plain: 0, l1: 1, general: 2 } as const;
export type ScanGain = (typeof ScanGain)[keyof typeof ScanGain];
/**
 * Monotone constraints of a scan (LightGBM's USE_MC): none (the closed-form gain), constant bounds
 * on the children's outputs, or bounds per threshold (the advanced method, right-to-left). Bounded
 * scans clamp both outputs, give 0 to a split that breaks the feature's direction and take the gain
 * of the clamped outputs (whatever the gain flag says); the unbounded kernels are not touched.
 */
export const ScanBounds = { none: 0, constant: 1, perThreshold: 2 } as const;
export type ScanBounds = (typeof ScanBounds)[keyof typeof ScanBounds];
/** Missing-value handling of a scan: none, skip the default (zero) bin, leave out the last (NaN) bin. */
export const ScanMissing = { none: 0, zero: 1, nan: 2 } as const;
export type ScanMissing = (typeof ScanMissing)[keyof typeof ScanMissing];

/** Most row-major layouts kept compiled (one per binned dataset; the folds and trials of a study share one). */
export const MAX_LAYOUTS = 16;
/** Features per generated row-major function: larger functions defeat the optimiser. */
const FEATURES_PER_BLOCK = 32;
/** Bounds of what may be printed into source (generous; they exist to refuse non-integers and nonsense). */
const MAX_FEATURES = 1 << 20;
const MAX_STRIDE = 4 * MAX_FEATURES;
const MAX_SLOT = 2 ** 31 - 1;

/**
 * `v` when it is an integer in [lo, hi]; throws otherwise. Every number printed into generated
 * source goes through here first.
 *
 * @example
 * ```ts
 * intIn('row stride', 28, 1, 1 << 22); // 28
 * ```
 */
export function intIn(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`codegen: ${name} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  return v;
}

/** Compiles a kernel from source built in this module (helpers such as leafGain passed by value). */
function compile<F>(params: readonly string[], body: string, ...closure: readonly [string, unknown][]): F {
  // the kernel is returned by a factory so that helpers (leafGain) are closure variables, not globals
  const factory = new Function(...closure.map(([name]) => name), `'use strict';\nreturn function kernel(${params.join(', ')}) {\n${body}\n};`) as (
    ...args: unknown[]
  ) => F;
  return factory(...closure.map(([, value]) => value));
}

// ---- histograms -----------------------------------------------------------------------------

/** Where a histogram loop's rows come from. */
const Rows = {
  /** rows one after another (`row` steps by the stride), gradient pair j */
  sequential: 0,
  /** row ids[j], gradient pair j (gradients already gathered in the leaf's order) */
  gathered: 1,
  /** partition entry ids[j] is local row `local`, which is the data row; gradient pair `local` */
  local: 2,
  /** as local, the data row being rows[local] (a row subset) */
  mapped: 3,
} as const;
type Rows = (typeof Rows)[keyof typeof Rows];

/** The one row loop of every histogram kernel: defines `row`, `g`, `h` for `body`. */
function rowLoop(rows: Rows, stride: number, body: string): string {
  const s = intIn('row stride', stride, 1, MAX_STRIDE);
  if (rows === Rows.sequential) {
    return `for (let j = j0, row = 0; j < j1; j++, row += ${s}) {\nconst g = gh[2 * j];\nconst h = gh[2 * j + 1];\n${body}}`;
  }
  if (rows === Rows.gathered) return `for (let j = j0; j < j1; j++) {\nconst row = ids[j];\nconst g = gh[2 * j];\nconst h = gh[2 * j + 1];\n${body}}`;
  const row = rows === Rows.mapped ? 'rows[local]' : 'local';
  return `for (let j = j0; j < j1; j++) {\nconst local = ids[j];\nconst row = ${row};\nconst g = gh[2 * local];\nconst h = gh[2 * local + 1];\n${body}}`;
}

/** Adds (g, h) to the histogram pair of a bin: `slot2` is the feature's first slot times 2. */
function addPair(slot2: string, bin: string): string {
  return `{\nconst s = ${slot2} + (${bin} << 1);\nhist[s] += g;\nhist[s + 1] += h;\n}\n`;
}

/**
 * As {@link addPair} on a sparse histogram: the bin's first row sets it (`0 + g`: the sum a zeroed
 * bin would hold, -0 included) and sets its bit; later rows add.
 */
function addPairFirstTouch(slot: string, bin: string): string {
  return `{\nconst b = ${slot} + ${bin};\nconst w = bmBase + (b >>> 5);\nconst m = 1 << (b & 31);\nconst word = bm[w];
if ((word & m) === 0) {\nbm[w] = word | m;\nhist[2 * b] = 0 + g;\nhist[2 * b + 1] = 0 + h;\n} else {\nhist[2 * b] += g;\nhist[2 * b + 1] += h;\n}\n}\n`;
}

function binWidth(width: number): void {
  if (width !== 8 && width !== 16) throw new RangeError(`codegen: bin width must be 8 or 16, got ${String(width)}`);
}

const HISTOGRAM_PARAMS = ['bins', 'ids', 'gh', 'j0', 'j1', 'hist', 'off2'] as const;
const columnKernels: (HistogramKernel | undefined)[] = new Array(4);
const sparseKernels: (SparseHistogramKernel | undefined)[] = new Array(4);

/**
 * The histogram kernel of one column of `width`-bit bins: all rows in order (`gathered` false,
 * `ids` unused, j0 = 0) or a leaf's rows `ids[j0..j1)` with their gradients gathered in order.
 *
 * @example
 * ```ts
 * columnHistogramKernel(8, false)(col, new Uint32Array(0), gh, 0, n, hist, 2 * offset);
 * ```
 */
export function columnHistogramKernel(width: 8 | 16, gathered: boolean): HistogramKernel {
  const code = (width === 16 ? 1 : 0) + (gathered ? 2 : 0);
  const hit = columnKernels[code];
  if (hit !== undefined) return hit;
  binWidth(width);
  const kernel = compile<HistogramKernel>(HISTOGRAM_PARAMS, rowLoop(gathered ? Rows.gathered : Rows.sequential, 1, addPair('off2', 'bins[row]')));
  columnKernels[code] = kernel;
  return kernel;
}

/**
 * The sparse (first-touch) histogram kernel of one column of `width`-bit bins, for partition rows
 * that are data rows (`mapped` false) or map to them through `rows`.
 *
 * @example
 * ```ts
 * sparseHistogramKernel(8, false)(col, indices, noRows, gh, begin, begin + count, hist, offset, bitmap, 0);
 * ```
 */
export function sparseHistogramKernel(width: 8 | 16, mapped: boolean): SparseHistogramKernel {
  const code = (width === 16 ? 1 : 0) + (mapped ? 2 : 0);
  const hit = sparseKernels[code];
  if (hit !== undefined) return hit;
  binWidth(width);
  const params = ['bins', 'ids', 'rows', 'gh', 'j0', 'j1', 'hist', 'hoff', 'bm', 'bmBase'];
  const kernel = compile<SparseHistogramKernel>(params, rowLoop(mapped ? Rows.mapped : Rows.local, 1, addPairFirstTouch('hoff', 'bins[row]')));
  sparseKernels[code] = kernel;
  return kernel;
}

/**
 * Histogram kernels of one row-major layout (`nF` features, row i's feature f at byte
 * `i * stride + f`, feature f's first histogram slot `off2[f] / 2`): per block of up to 32
 * features, `all` adds rows `j0..j1` read in place (row j at `j * stride`, so j0 = 0) and `seq`
 * adds rows `j0..j1` of a chunk filled by `copy` (chunk row k at `k * stride`).
 */
export interface RowMajorKernels {
  readonly all: readonly HistogramKernel[];
  readonly seq: readonly HistogramKernel[];
  readonly copy: CopyRowsKernel;
  /**
   * The `all`/`seq` kernels of features `f0..f1` only (a feature group of a multi-threaded
   * histogram), compiled on first use and kept with the layout.
   */
  range(f0: number, f1: number): RowMajorRange;
  /**
   * Copies partition rows `ids[j0..j1)` into a chunk as `copy` does and gathers their gradient
   * pairs beside it: index `mapped` 0 when partition entries are data rows, 1 when they map to
   * data rows through `rows`.
   */
  readonly gather: readonly [GatherRowsKernel, GatherRowsKernel];
}

/** The histogram kernels of a feature range of a row-major layout (see {@link RowMajorKernels}). */
export interface RowMajorRange {
  readonly all: readonly HistogramKernel[];
  readonly seq: readonly HistogramKernel[];
}

/**
 * Copies partition entries `ids[j0..j1)` (local rows; data rows through `rows` when the kernel
 * maps) of `rw` (row-major bins as 32-bit words) one after another into `buf`, and their gradient
 * pairs `gh[2 * local], gh[2 * local + 1]` into `cgh[2k], cgh[2k + 1]` (chunk row k).
 */
export type GatherRowsKernel = (rw: Uint32Array, ids: Uint32Array, rows: Uint32Array, gh: Float32Array, j0: number, j1: number, buf: Uint32Array, cgh: Float32Array) => void;

/**
 * Writes the data rows of partition entries `ids[j0..j1)` (through `rows` when the kernel maps)
 * into `out[k]` and their gradient pairs into `cgh[2k], cgh[2k + 1]` (the column layout's chunk).
 */
export type GatherIdsKernel = (ids: Uint32Array, rows: Uint32Array, gh: Float32Array, j0: number, j1: number, out: Uint32Array, cgh: Float32Array) => void;

const layouts = new Map<string, RowMajorKernels>();

/**
 * The kernels of a row-major layout, compiled once per layout and kept in an LRU of
 * {@link MAX_LAYOUTS} layouts.
 *
 * @example
 * ```ts
 * const k = rowMajorKernels(28, 28, off2);
 * for (const block of k.all) block(rowBins, noIds, gh, 0, n, hist, 0);
 * ```
 */
export function rowMajorKernels(nF: number, stride: number, off2: Int32Array): RowMajorKernels {
  intIn('feature count', nF, 1, MAX_FEATURES);
  intIn('row stride', stride, nF, MAX_STRIDE);
  if (stride % 4 !== 0) throw new RangeError(`codegen: row stride must be a multiple of 4, got ${stride}`);
  const slots: number[] = [];
  for (let f = 0; f < nF; f++) slots.push(intIn(`histogram offset of feature ${f}`, off2[f] ?? NaN, 0, MAX_SLOT));
  const key = `${nF}:${stride}:${slots.join(',')}`;
  const hit = layouts.get(key);
  if (hit !== undefined) {
    layouts.delete(key);
    layouts.set(key, hit);
    return hit;
  }
  const { all, seq } = rangeKernels(slots, stride, 0, nF);
  const words = stride >> 2;
  let copyBody = '';
  for (let w = 0; w < words; w++) copyBody += `buf[o + ${w}] = rw[b + ${w}];\n`;
  const copy = compile<CopyRowsKernel>(['rw', 'ids', 'j0', 'j1', 'buf'], `for (let j = j0, o = 0; j < j1; j++, o += ${words}) {\nconst b = ids[j] * ${words};\n${copyBody}}`);
  const ranges = new Map<string, RowMajorRange>();
  const range = (f0: number, f1: number): RowMajorRange => {
    intIn('first feature of a range', f0, 0, nF - 1);
    intIn('end feature of a range', f1, f0 + 1, nF);
    const k = `${f0}:${f1}`;
    let r = ranges.get(k);
    if (r === undefined) {
      r = f0 === 0 && f1 === nF ? { all, seq } : rangeKernels(slots, stride, f0, f1);
      ranges.set(k, r);
    }
    return r;
  };
  const gather = [gatherRows(words, false), gatherRows(words, true)] as const;
  const kernels: RowMajorKernels = { all, seq, copy, range, gather };
  layouts.set(key, kernels);
  if (layouts.size > MAX_LAYOUTS) {
    const oldest = layouts.keys().next();
    if (oldest.done !== true) layouts.delete(oldest.value);
  }
  return kernels;
}

/** The `all` and `seq` kernels of features f0..f1 (histogram slots `slots[f]`), up to 32 features per function. */
function rangeKernels(slots: readonly number[], stride: number, f0: number, f1: number): RowMajorRange {
  const all: HistogramKernel[] = [];
  const seq: HistogramKernel[] = [];
  for (let b0 = f0; b0 < f1; b0 += FEATURES_PER_BLOCK) {
    let body = '';
    for (let f = b0; f < Math.min(f1, b0 + FEATURES_PER_BLOCK); f++) body += addPair(String(slots[f]), `bins[row + ${f}]`);
    // the same loop serves both: in place from row j0 = 0, or from a chunk whose row 0 is j0
    const source = rowLoop(Rows.sequential, stride, body);
    all.push(compile<HistogramKernel>(HISTOGRAM_PARAMS, source));
    seq.push(compile<HistogramKernel>(HISTOGRAM_PARAMS, source));
  }
  return { all, seq };
}

/** The row copy of a layout of `words` 32-bit words per row, gathering the gradient pairs beside it. */
function gatherRows(words: number, mapped: boolean): GatherRowsKernel {
  let copyBody = '';
  for (let w = 0; w < words; w++) copyBody += `buf[o + ${w}] = rw[b + ${w}];\n`;
  const row = mapped ? 'rows[local]' : 'local';
  const body = `for (let j = j0, o = 0, k = 0; j < j1; j++, o += ${words}, k += 2) {\nconst local = ids[j];\nconst b = ${row} * ${words};
cgh[k] = gh[2 * local];\ncgh[k + 1] = gh[2 * local + 1];\n${copyBody}}`;
  return compile<GatherRowsKernel>(['rw', 'ids', 'rows', 'gh', 'j0', 'j1', 'buf', 'cgh'], body);
}

const idKernels: (GatherIdsKernel | undefined)[] = new Array(2);

/**
 * The column layout's chunk gather: data rows and gradient pairs of partition entries, mapped
 * through `rows` or not.
 *
 * @example
 * ```ts
 * gatherIdsKernel(false)(indices, noRows, gh, begin, end, chunkIds, chunkGh);
 * ```
 */
export function gatherIdsKernel(mapped: boolean): GatherIdsKernel {
  const code = mapped ? 1 : 0;
  const hit = idKernels[code];
  if (hit !== undefined) return hit;
  const row = mapped ? 'rows[local]' : 'local';
  const body = `for (let j = j0, k = 0; j < j1; j++, k++) {\nconst local = ids[j];\nout[k] = ${row};\ncgh[2 * k] = gh[2 * local];\ncgh[2 * k + 1] = gh[2 * local + 1];\n}`;
  const kernel = compile<GatherIdsKernel>(['ids', 'rows', 'gh', 'j0', 'j1', 'out', 'cgh'], body);
  idKernels[code] = kernel;
  return kernel;
}

/**
 * Row-major layouts compiled and kept (for tests).
 *
 * @example
 * ```ts
 * compiledLayoutCount() <= MAX_LAYOUTS; // true
 * ```
 */
export function compiledLayoutCount(): number {
  return layouts.size;
}

// ---- split scan -----------------------------------------------------------------------------

/** The gain of a candidate (left and right sums defined), per {@link ScanGain}; the same arithmetic as leafGain. */
const GAIN_SOURCE = [
  'const gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2);',
  'const al = Math.abs(lg) - l1;\nconst ar = Math.abs(rg) - l1;\nconst gain = (al > 0 ? (al * al) / (lh + l2) : 0) + (ar > 0 ? (ar * ar) / (rh + l2) : 0);',
  'const gain = leafGain(lg, lh, l1, l2, md, smooth, lc, parentOutput) + leafGain(rg, rh, l1, l2, md, smooth, rc, parentOutput);',
] as const;

/**
 * The gain of a bounded candidate (LightGBM's GetSplitGains with USE_MC): per-threshold bounds read
 * first at the candidate's threshold `thr`; the same arithmetic as output-bounds' boundedSplitGain.
 */
function boundedGainSource(bounds: ScanBounds, threshold: string): string {
  const read = bounds === ScanBounds.perThreshold ? `const thr = ${threshold};\ncLMin = tLMin[thr];\ncLMax = tLMax[thr];\ncRMin = tRMin[thr];\ncRMax = tRMax[thr];\n` : '';
  return `${read}let lo = leafOutput(lg, lh, l1, l2, md, smooth, lc, parentOutput);
if (lo < cLMin) lo = cLMin;\nelse if (lo > cLMax) lo = cLMax;
let ro = leafOutput(rg, rh, l1, l2, md, smooth, rc, parentOutput);
if (ro < cRMin) ro = cRMin;\nelse if (ro > cRMax) ro = cRMax;
const gain = (mono > 0 && lo > ro) || (mono < 0 && lo < ro) ? 0 : leafGainGivenOutput(lg, lh, l1, l2, lo) + leafGainGivenOutput(rg, rh, l1, l2, ro);`;
}

/** A bounded scan's new best: LightGBM skips it when a child's bounds are empty, else keeps its bounds. */
const KEEP_BOUNDS = 'if (cLMin > cLMax || cRMin > cRMax) continue;\nbestLMin = cLMin;\nbestLMax = cLMax;\nbestRMin = cRMin;\nbestRMax = cRMax;\n';

/**
 * The one step of every scan kernel, for feature bin `t`: add the bin to the scanned side (the
 * right side scanning right-to-left, the left side left-to-right), check the constraints, and keep
 * the candidate when its gain is strictly the best (LightGBM's FindBestThresholdSequentially).
 */
function scanBody(reverse: boolean, mode: ScanMode, gain: ScanGain, missing: ScanMissing, noBin0: boolean, bounds: ScanBounds): string {
  const a = reverse ? 'r' : 'l';
  const o = reverse ? 'l' : 'r';
  const threshold = reverse ? 't - 1' : 't';
  const add = `const s = (off + t) << 1;\nconst h = hist[s + 1];\n${a}g += hist[s];\n${a}h += h;\n${a}c += (h * cntFactor + 0.5) | 0; // LightGBM's RoundInt\n`;
  // no bin 0 with NaN: the left side starts from the totals minus the other bins, and bin 0's threshold adds nothing
  const step = noBin0 && missing === ScanMissing.nan ? `if (t !== 0) {\n${add}}\n` : add;
  return `${missing === ScanMissing.zero ? 'if (t === defaultBin) continue;\n' : ''}${step}if (${a}c < minData || ${a}h < minHess) continue;
const ${o}c = numData - ${a}c;
if (${o}c < minData) break bins;
const ${o}h = sumH - ${a}h;
if (${o}h < minHess) break bins;
${mode === ScanMode.randomThreshold ? `if (${threshold} !== rand) continue;\n` : ''}const ${o}g = sumG - ${a}g;
${bounds === ScanBounds.none ? GAIN_SOURCE[gain] : boundedGainSource(bounds, threshold)}
if (gain <= minGainShift) continue;
splittable = true;
if (gain > bestGain) {\n${bounds === ScanBounds.none ? '' : KEEP_BOUNDS}bestLeftCount = lc;\nbestLeftG = lg;\nbestLeftH = lh;\nbestThreshold = ${threshold};\nbestGain = gain;\n}\n`;
}

/**
 * Walks the bins of a scan: a plain loop, or the set bits of the non-empty bitmap (sparse).
 * `noBin0` (left-to-right only): zero as missing leaves bin 0 out; NaN visits bin 0's threshold
 * even when the bin is empty (its bit forced on).
 */
function scanLoop(reverse: boolean, mode: ScanMode, missing: ScanMissing, noBin0: boolean, body: string): string {
  // right-to-left starts below the NaN bin when it is missing; left-to-right stops before the last bin
  const top = reverse && missing === ScanMissing.nan ? 2 : 1;
  const first = noBin0 && missing === ScanMissing.zero ? 1 : 0;
  if (mode !== ScanMode.sparse) {
    return reverse ? `bins: for (let t = numBin - ${top}; t >= 1; t--) {\n${body}}` : `const tEnd = numBin - 2;\nbins: for (let t = ${first}; t <= tEnd; t++) {\n${body}}`;
  }
  // histogram bins lo..hi of this feature (off + t), 32 per bitmap word; bits outside masked off
  const range = reverse ? `const lo = off + 1;\nconst hi = off + numBin - ${top};` : `const lo = off + ${first};\nconst hi = off + numBin - 2;`;
  const forceLo = noBin0 && missing === ScanMissing.nan ? ' | (1 << (lo & 31))' : '';
  const words = reverse ? 'for (let w = hi >>> 5; w >= lo >>> 5 && hi >= lo; w--)' : 'for (let w = lo >>> 5; w <= hi >>> 5 && hi >= lo; w++)';
  const nextBin = reverse
    ? 'const bit = 31 - Math.clz32(word);\nword ^= 1 << bit;\nconst t = (w << 5) + bit - off;'
    : 'const low = word & -word;\nword ^= low;\nconst t = (w << 5) + 31 - Math.clz32(low) - off;';
  return `${range}\nbins: ${words} {\nlet word = words[base + w] | 0;
if (w === hi >>> 5 && (hi & 31) !== 31) word &= (1 << ((hi & 31) + 1)) - 1;
if (w === lo >>> 5) word = (word & (-1 << (lo & 31)))${forceLo};
while (word !== 0) {\n${nextBin}\n${body}}\n}`;
}

const scanKernels: (ScanKernel | undefined)[] = new Array(324);

/**
 * The start of a left-to-right scan with NaN when LightGBM's histogram has no bin 0: the left side
 * is the leaf's totals minus bins 1..numBin-1 (the non-empty ones, sparse), subtracted in bin order
 * (LightGBM's FindBestThresholdSequentially with `offset == 1`), so its sums are LightGBM's to the bit.
 */
function leftFromTotals(mode: ScanMode): string {
  const skipEmpty = mode === ScanMode.sparse ? 'if ((words[base + (k >>> 5)] & (1 << (k & 31))) === 0) continue;\n' : '';
  return `lg = sumG;\nlh = sumH - st.eps;\nlc = numData;
for (let t = 1; t < numBin; t++) {\nconst k = off + t;\n${skipEmpty}const s = k << 1;\nconst bh = hist[s + 1];\nlg -= hist[s];\nlh -= bh;\nlc -= (bh * cntFactor + 0.5) | 0;\n}\n`;
}

/** A bounded kernel's bounds and best bounds (declarations before the scan). */
function boundsPrologue(bounds: ScanBounds): string {
  if (bounds === ScanBounds.none) return '';
  const perThreshold = bounds === ScanBounds.perThreshold ? 'const tLMin = st.leftMin;\nconst tLMax = st.leftMax;\nconst tRMin = st.rightMin;\nconst tRMax = st.rightMax;\n' : '';
  return `const mono = st.monotone;\nconst cb = st.bounds;\nlet cLMin = cb[0];\nlet cLMax = cb[1];\nlet cRMin = cb[2];\nlet cRMax = cb[3];
${perThreshold}let bestLMin = -Number.MAX_VALUE;\nlet bestLMax = Number.MAX_VALUE;\nlet bestRMin = -Number.MAX_VALUE;\nlet bestRMax = Number.MAX_VALUE;\n`;
}

/**
 * The split-scan kernel of one variant: direction (`reverse`: right-to-left, missing values left),
 * bin walk, gain formula, missing-value handling, `noBin0`: the feature's most frequent bin is
 * bin 0, which LightGBM's histogram leaves out (it matters left-to-right with missing values only;
 * other scans ignore it), and `bounds`: monotone constraints ({@link ScanBounds}; the gain flag is
 * then unused).
 *
 * @example
 * ```ts
 * const scan = scanKernel(true, ScanMode.dense, ScanGain.l1, ScanMissing.none);
 * if (scan(hist, off, numBin, -1, -1, noWords, 0, params, state)) keepBest(state);
 * ```
 */
export function scanKernel(reverse: boolean, mode: ScanMode, gainIn: ScanGain, missing: ScanMissing, noBin0In = false, bounds: ScanBounds = ScanBounds.none): ScanKernel {
  const noBin0 = noBin0In && !reverse && missing !== ScanMissing.none;
  const gain = bounds === ScanBounds.none ? gainIn : ScanGain.plain;
  const code = (reverse ? 1 : 0) + 2 * (mode + 3 * (gain + 3 * (missing + 3 * ((noBin0 ? 1 : 0) + 2 * bounds))));
  const hit = scanKernels[code];
  if (hit !== undefined) return hit;
  intIn('scan mode', mode, 0, 2);
  intIn('scan gain', gain, 0, 2);
  intIn('scan missing', missing, 0, 2);
  intIn('scan bounds', bounds, 0, 2);
  const a = reverse ? 'r' : 'l';
  const keepBounds = bounds === ScanBounds.none ? '' : 'const bb = st.bestBounds;\nbb[0] = bestLMin;\nbb[1] = bestLMax;\nbb[2] = bestRMin;\nbb[3] = bestRMax;\n';
  const body = `const sumG = st.sumG;\nconst sumH = st.sumH;\nconst numData = st.numData;\nconst parentOutput = st.parentOutput;
const smooth = st.smooth;\nconst minGainShift = st.minGainShift;\nconst cntFactor = numData / sumH;
const l1 = p.lambda_l1;\nconst l2 = p.lambda_l2;\nconst md = p.max_delta_step;\nconst minData = p.min_data_in_leaf;\nconst minHess = p.min_sum_hessian_in_leaf;
let bestGain = -Infinity;\nlet bestLeftG = NaN;\nlet bestLeftH = NaN;\nlet bestLeftCount = 0;\nlet bestThreshold = numBin;\nlet splittable = false;
${boundsPrologue(bounds)}let ${a}g = 0;\nlet ${a}h = st.eps;\nlet ${a}c = 0;
${noBin0 && missing === ScanMissing.nan ? leftFromTotals(mode) : ''}${scanLoop(reverse, mode, missing, noBin0, scanBody(reverse, mode, gain, missing, noBin0, bounds))}
if (splittable) {\nst.bestGain = bestGain;\nst.bestThreshold = bestThreshold;\nst.bestLeftG = bestLeftG;\nst.bestLeftH = bestLeftH;\nst.bestLeftCount = bestLeftCount;\n${keepBounds}}
return splittable;`;
  const kernel = compile<ScanKernel>(
    ['hist', 'off', 'numBin', 'defaultBin', 'rand', 'words', 'base', 'p', 'st'],
    body,
    ['leafGain', leafGain],
    ['leafOutput', leafOutput],
    ['leafGainGivenOutput', leafGainGivenOutput],
  );
  scanKernels[code] = kernel;
  return kernel;
}
