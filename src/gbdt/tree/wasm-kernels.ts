/**
 * The trainer's WebAssembly kernels over row-major bins: histograms (SIMD), the gather of a leaf's
 * rows into a chunk, and the partition of a leaf's rows by a split.
 *
 * Histograms: the same sums as the generated JavaScript
 * kernels of `codegen.ts` (rows in order, each bin's gradient and hessian added as float64), with
 * a bin's (g, h) pair updated by ONE 128-bit load, `f64x2.add` and store instead of two scalar
 * read-modify-writes with their bounds checks. A row's float32 pair is loaded once as 64 bits and
 * widened (`f64x2.promote_low_f32x4`: exact), so every lane's sum is the scalar sum to the bit.
 *
 * Measured (Node 20, x64, 4,096 rows x 28 features x 255 bins in L2, process CPU time, medians):
 * 0.50 ns per row x feature against 1.09 ns for the generated JavaScript kernel.
 *
 * Each thread has one `WebAssembly.Memory` ({@link simdScratch}): the histogram of the layout
 * at address 0 (so a feature's histogram offset is the load's constant offset: no address add
 * per feature), then a chunk of rows and their gradient pairs, and copies of the learner's bins,
 * gradient pairs and row map. Callers copy a chunk of partition entries in, gather (or copy) rows
 * into the chunk, run the kernels, and copy the histogram out. A learner on threads instead has
 * one shared memory for all its threads (kernel-memory.ts): the same kernels, instantiated against
 * it (their modules then import a shared memory), each thread's histogram at its region's base.
 *
 * Gather and partition read rows through those copies (no bounds checks, many loads in flight):
 * measured on 300k x 28 rows, 4.9 ns per gathered row of a 20% leaf against 14-20 ns for the
 * generated JavaScript gather, and 1.8 ns per partitioned row against 4.8 ns for DataPartition.split
 * (reading a copy of the feature's column: one byte per row from the row-major copy touches a
 * cache line per row and was no faster than the JavaScript split).
 *
 * The module is assembled here, from integers only (feature histogram slots, row stride, checked
 * by {@link intIn}): a few opcodes, LEB128 numbers and the section layout of the WebAssembly
 * binary format (https://webassembly.github.io/spec/core/binary/). No tool and no bytes from
 * outside this file.
 */
import { intIn } from './codegen.js';

/** The part of the WebAssembly JS API used here (lib ES2022 and @types/node 20 do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
};

/** Adds the rows at byte addresses `row, row + stride, .. < end` (gradient pairs from `gh`, 8 bytes a row) to the histogram at 0. */
export type SimdHistogramKernel = (row: number, end: number, gh: number) => void;

/**
 * Switches: `enabled` false makes {@link simdAvailable} false (the tests compare both ways);
 * `minDataRows`: a learner on data of fewer rows builds histograms and partitions in JavaScript
 * (the same sums in the same order). On small data, zeroing the kernel memory's histogram and
 * copying it out for every leaf costs more than the kernels save. Measured (5-fold cv, 100 rounds,
 * 1 thread, CPU, interleaved runs): breast_cancer (569 rows) 465-485 ms a cv with WebAssembly
 * against 416-434 ms without; credit_data (4,454 rows) equal within the noise; 300k x 28 trains
 * in 2.7 s against 4.9 s.
 */
export const simdSwitches = { enabled: true, minDataRows: 4096 };

/** Opcodes used (core and the 0xfd SIMD prefix's). */
const Op = {
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  simd: 0xfd,
  /** The 0xfc prefix (bulk memory: `memory.fill` is its op 11). */
  misc: 0xfc,
} as const;
const SimdOp = { v128Load: 0, v128Store: 11, v128Load64Zero: 93, f64x2PromoteLowF32x4: 95, f64x2Add: 240 } as const;
const Type = { i32: 0x7f, v128: 0x7b, func: 0x60 } as const;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 127;
    v >>>= 7;
    if (v !== 0) b |= 128;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 127;
    v >>= 7;
    if ((v === 0 && (b & 64) === 0) || (v === -1 && (b & 64) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 128);
  }
}

const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: readonly number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (text: string): number[] => vec([...text].map((c) => [c.charCodeAt(0)]));
const simd = (op: number): number[] => [Op.simd, ...uleb(op)];

/** Pages of the largest 32-bit memory (the maximum a module importing a shared memory declares). */
const MAX_PAGES = 65536;

/**
 * A module importing memory `m.mem` and exporting function `k` of `params` i32 parameters, no
 * result, with `locals` (count, type) and `body` (without its final `end`). `shared`: the memory
 * imported is a shared one (limits flag 3, with a maximum).
 */
function assemble(params: number, locals: readonly [number, number][], body: readonly number[], returnsI32 = false, shared = false): Uint8Array {
  const types = section(1, vec([[Type.func, ...vec(Array.from({ length: params }, () => [Type.i32])), ...(returnsI32 ? [1, Type.i32] : [0])]]));
  const limits = shared ? [0x03, 1, ...uleb(MAX_PAGES)] : [0x00, 1];
  const imports = section(2, vec([[...name('m'), ...name('mem'), 0x02, ...limits]]));
  const functions = section(3, vec([[0]]));
  const exports = section(7, vec([[...name('k'), 0x00, 0]]));
  const code = [...vec(locals.map(([count, type]) => [...uleb(count), type])), ...body, Op.end];
  const codes = section(10, vec([[...uleb(code.length), ...code]]));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...codes]);
}

/** Parameters and locals of the kernel. */
const ROW = 0;
const END = 1;
const GH = 2;
const ADDR = 3;
const PAIR = 4;

/**
 * The kernel body: `do { pair = widen(gh[0..8)); for each feature f: hist[slot_f + row[f]] += pair;
 * gh += 8; row += stride } while (row < end)` (so it must be called with at least one row).
 */
function kernelBody(slots: readonly number[], firstFeature: number, stride: number, base = 0): number[] {
  const b: number[] = [Op.loop, 0x40];
  b.push(Op.localGet, GH, ...simd(SimdOp.v128Load64Zero), 3, 0, ...simd(SimdOp.f64x2PromoteLowF32x4), Op.localSet, PAIR);
  for (let k = 0; k < slots.length; k++) {
    // the histogram's base folded into the memarg offset: no address add per feature
    const at = uleb(base + 16 * slots[k]);
    // addr = row[f] << 4; store(addr + 16 slot, load(addr + 16 slot) + pair)
    b.push(Op.localGet, ROW, Op.i32Load8U, 0, ...uleb(firstFeature + k), Op.i32Const, 4, Op.i32Shl, Op.localTee, ADDR);
    b.push(Op.localGet, ADDR, ...simd(SimdOp.v128Load), 3, ...at, Op.localGet, PAIR, ...simd(SimdOp.f64x2Add), ...simd(SimdOp.v128Store), 3, ...at);
  }
  b.push(Op.localGet, GH, Op.i32Const, 8, Op.i32Add, Op.localSet, GH);
  b.push(Op.localGet, ROW, Op.i32Const, ...sleb(stride), Op.i32Add, Op.localTee, ROW, Op.localGet, END, Op.i32LtU, Op.brIf, 0, Op.end);
  return b;
}

let available: boolean | null = null;

/**
 * True when this runtime runs WebAssembly SIMD (and {@link simdSwitches}.enabled).
 *
 * @example
 * ```ts
 * if (simdAvailable()) simdHistogramKernels([0, 255], 4, 0, 2);
 * ```
 */
export function simdAvailable(): boolean {
  if (!simdSwitches.enabled) return false;
  if (available === null) {
    try {
      available = typeof WebAssembly === 'object' && WebAssembly.validate(assemble(3, [[1, Type.i32], [1, Type.v128]], kernelBody([0], 0, 4)));
    } catch {
      available = false;
    }
  }
  return available === true;
}

/** Bytes of a wasm page. */
const PAGE = 65536;

/** This thread's memory (one per thread: the kernels of every layout import it). */
let memory: WasmMemory | null = null;

/**
 * A thread's kernel memory laid out for a learner: views and the byte addresses the kernels take.
 * Besides the histogram and the chunk, it can hold copies of the learner's row-major bins, of the
 * tree's gradient pairs and of its local-to-data row map (`resident*`: what they are copies of),
 * so that a leaf's rows are gathered into the chunk by a WebAssembly loop.
 */
export interface SimdScratch {
  /** The histogram (address 0), as float64 [g, h] pairs. */
  hist: Float64Array;
  /** The chunk's rows (bytes from `rowsAt`) and as 32-bit words. */
  rows: Uint8Array;
  words: Uint32Array;
  rowsAt: number;
  /** The chunk's gradient pairs (float32, from `ghAt`). */
  gh: Float32Array;
  ghAt: number;
  /** The chunk's partition entries (from `idsAt`). */
  ids: Uint32Array;
  idsAt: number;
  /** A partition's outputs: the chunk's left and right entries, and the split's bin table (256 bytes). */
  outL: Uint32Array;
  outLAt: number;
  outR: Uint32Array;
  outRAt: number;
  table: Uint8Array;
  tableAt: number;
  /** The copy of the data's row-major bins (from `dataAt`), of the gradient pairs by local row (`ghAllAt`), of the row map (`mapAt`). */
  data: Uint8Array;
  dataAt: number;
  ghAll: Float32Array;
  ghAllAt: number;
  map: Uint32Array;
  mapAt: number;
  /** The copy of the data's bins column by column (feature j's at `colsAt + j * dataRows`), read by partitions. */
  cols: Uint8Array;
  colsAt: number;
  residentCols: readonly unknown[] | null;
  residentBins: Uint8Array | null;
  residentGh: Float32Array | null;
  residentGhVersion: number;
  residentMap: Uint32Array | null;
}

/** Bytes of a split's bin table in kernel memory (row-major bins are 8-bit). */
export const TABLE_BYTES = 256;

let scratch: SimdScratch | null = null;
let scratchKey = '';

/**
 * This thread's kernel memory for a histogram of `totalBins` bins, a chunk of `chunkRows` rows of
 * `stride` bytes and room for copies of `dataRows` rows of bins (row-major, and `columns`
 * columns of them), `localRows` gradient pairs and row-map entries (0 when unused). Grown when needed; the same object while the sizes stay
 * (the copies it holds stay valid), a new one with no copies otherwise.
 *
 * @example
 * ```ts
 * const s = simdScratch(totalBins, 4096, stride);
 * s.rows.set(chunk); s.gh.set(chunkGh);
 * ```
 */
export function simdScratch(totalBins: number, chunkRows: number, stride: number, dataRows = 0, localRows = 0, columns = 0): SimdScratch {
  const key = `${totalBins}:${chunkRows}:${stride}:${dataRows}:${localRows}:${columns}`;
  if (scratch !== null && key === scratchKey && memory !== null && memory.buffer.byteLength > 0) return scratch;
  const rowsAt = 16 * totalBins;
  const ghAt = rowsAt + chunkRows * stride;
  const idsAt = ghAt + 8 * chunkRows;
  const outLAt = idsAt + 4 * chunkRows;
  const outRAt = outLAt + 4 * chunkRows;
  const tableAt = outRAt + 4 * chunkRows;
  const dataAt = tableAt + TABLE_BYTES;
  const ghAllAt = dataAt + dataRows * stride;
  const mapAt = ghAllAt + 8 * localRows;
  const colsAt = mapAt + 4 * localRows;
  const bytes = colsAt + columns * dataRows;
  if (memory === null) memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
  else if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  const buf = memory.buffer;
  scratchKey = key;
  scratch = {
    hist: new Float64Array(buf, 0, 2 * totalBins),
    rows: new Uint8Array(buf, rowsAt, chunkRows * stride),
    words: new Uint32Array(buf, rowsAt, (chunkRows * stride) >> 2),
    rowsAt,
    gh: new Float32Array(buf, ghAt, 2 * chunkRows),
    ghAt,
    ids: new Uint32Array(buf, idsAt, chunkRows),
    idsAt,
    outL: new Uint32Array(buf, outLAt, chunkRows),
    outLAt,
    outR: new Uint32Array(buf, outRAt, chunkRows),
    outRAt,
    table: new Uint8Array(buf, tableAt, TABLE_BYTES),
    tableAt,
    data: new Uint8Array(buf, dataAt, dataRows * stride),
    dataAt,
    ghAll: new Float32Array(buf, ghAllAt, 2 * localRows),
    ghAllAt,
    map: new Uint32Array(buf, mapAt, localRows),
    mapAt,
    cols: new Uint8Array(buf, colsAt, columns * dataRows),
    colsAt,
    residentCols: null,
    residentBins: null,
    residentGh: null,
    residentGhVersion: -1,
    residentMap: null,
  };
  return scratch;
}

/**
 * Drops this thread's references to the arrays its kernel memory holds copies of (a learner is
 * done with them: they may be collected); the memory itself stays for the next learner.
 *
 * @example
 * ```ts
 * forgetResidentArrays(); // after a training
 * ```
 */
export function forgetResidentArrays(): void {
  if (scratch === null) return;
  scratch.residentBins = null;
  scratch.residentCols = null;
  scratch.residentGh = null;
  scratch.residentMap = null;
}

/** Copies partition entries `ids .. idsEnd` (4 bytes each) of the resident data into a chunk: see {@link simdGatherKernel}. */
export type SimdGatherKernel = (ids: number, idsEnd: number, data: number, gh: number, map: number, out: number, outGh: number) => void;

const gathers = new Map<string, SimdGatherKernel>();

/**
 * The gather of a chunk: for each partition entry `local` at `ids .. idsEnd` (at least one), its
 * data row's `stride` bytes (row `local`, or the row map's entry `map[local]` when `mapped`) from
 * `data` and its gradient pair (8 bytes at `gh + 8 local`) copied one after another to `out` and
 * `outGh` — the same bytes as codegen's gather.
 *
 * @example
 * ```ts
 * simdGatherKernel(stride, false)(s.idsAt, s.idsAt + 4 * n, s.dataAt, s.ghAllAt, s.mapAt, s.rowsAt, s.ghAt);
 * ```
 */
export function simdGatherKernel(stride: number, mapped: boolean, shared: WasmMemory | null = null): SimdGatherKernel {
  intIn('row stride', stride, 4, 1 << 22);
  if (stride % 4 !== 0) throw new RangeError(`codegen: row stride must be a multiple of 4, got ${stride}`);
  const key = `${stride}:${mapped ? 1 : 0}`;
  if (shared !== null) return sharedInstance(shared, `g:${key}`, () => assemble(7, [[2, Type.i32]], gatherBody(stride, mapped), false, true)) as SimdGatherKernel;
  const hit = gathers.get(key);
  if (hit !== undefined) return hit;
  if (memory === null) memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(assemble(7, [[2, Type.i32]], gatherBody(stride, mapped))), { m: { mem: memory } });
  const kernel = instance.exports.k as SimdGatherKernel;
  gathers.set(key, kernel);
  return kernel;
}

/**
 * Gathers rows as {@link SimdGatherKernel} into two regions of 16-byte rows: bytes 0..16 of each
 * row to `outA`, bytes `stride - 16 .. stride` to `outB` (16 < stride <= 32), its gradient pair to `outGh`.
 */
export type SimdSplitGatherKernel = (ids: number, idsEnd: number, data: number, gh: number, map: number, outA: number, outB: number, outGh: number) => void;

/** The split gather kernel over a shared memory (see {@link SimdSplitGatherKernel}). */
export function simdSplitGatherKernel(stride: number, mapped: boolean, shared: WasmMemory): SimdSplitGatherKernel {
  intIn('row stride', stride, 17, 32);
  return sharedInstance(shared, `sg:${stride}:${mapped ? 1 : 0}`, () => assemble(8, [[2, Type.i32]], splitGatherBody(stride, mapped), false, true)) as SimdSplitGatherKernel;
}

/** The split gather kernel's body. */
function splitGatherBody(stride: number, mapped: boolean): number[] {
  // params: ids 0, idsEnd 1, data 2, gh 3, map 4, outA 5, outB 6, outGh 7; locals: local 8, src 9
  const [IDS, IDS_END, DATA, GH_ALL, MAP, OUT_A, OUT_B, OUT_GH, LOCAL, SRC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const b: number[] = [Op.loop, 0x40, Op.localGet, IDS, Op.i32Load, 2, 0, Op.localSet, LOCAL];
  if (mapped) b.push(Op.localGet, LOCAL, Op.i32Const, 2, Op.i32Shl, Op.localGet, MAP, Op.i32Add, Op.i32Load, 2, 0);
  else b.push(Op.localGet, LOCAL);
  b.push(Op.i32Const, ...sleb(stride), Op.i32Mul, Op.localGet, DATA, Op.i32Add, Op.localSet, SRC);
  b.push(Op.localGet, OUT_A, Op.localGet, SRC, ...simd(SimdOp.v128Load), 0, 0, ...simd(SimdOp.v128Store), 0, 0);
  b.push(Op.localGet, OUT_B, Op.localGet, SRC, ...simd(SimdOp.v128Load), 0, ...uleb(stride - 16), ...simd(SimdOp.v128Store), 0, 0);
  b.push(Op.localGet, OUT_GH, Op.localGet, LOCAL, Op.i32Const, 3, Op.i32Shl, Op.localGet, GH_ALL, Op.i32Add, Op.i64Load, 0, 0, Op.i64Store, 0, 0);
  b.push(Op.localGet, OUT_A, Op.i32Const, 16, Op.i32Add, Op.localSet, OUT_A);
  b.push(Op.localGet, OUT_B, Op.i32Const, 16, Op.i32Add, Op.localSet, OUT_B);
  b.push(Op.localGet, OUT_GH, Op.i32Const, 8, Op.i32Add, Op.localSet, OUT_GH);
  b.push(Op.localGet, IDS, Op.i32Const, 4, Op.i32Add, Op.localTee, IDS, Op.localGet, IDS_END, Op.i32LtU, Op.brIf, 0, Op.end);
  return b;
}

/** The gather kernel's body (see {@link simdGatherKernel}). */
function gatherBody(stride: number, mapped: boolean): number[] {
  // params: ids 0, idsEnd 1, data 2, gh 3, map 4, out 5, outGh 6; locals: local 7, src 8
  const [IDS, IDS_END, DATA, GH_ALL, MAP, OUT, OUT_GH, LOCAL, SRC] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const b: number[] = [Op.loop, 0x40, Op.localGet, IDS, Op.i32Load, 2, 0, Op.localSet, LOCAL];
  // src = data + row * stride
  if (mapped) b.push(Op.localGet, LOCAL, Op.i32Const, 2, Op.i32Shl, Op.localGet, MAP, Op.i32Add, Op.i32Load, 2, 0);
  else b.push(Op.localGet, LOCAL);
  b.push(Op.i32Const, ...sleb(stride), Op.i32Mul, Op.localGet, DATA, Op.i32Add, Op.localSet, SRC);
  let o = 0;
  for (; o + 16 <= stride; o += 16) b.push(Op.localGet, OUT, Op.localGet, SRC, ...simd(SimdOp.v128Load), 0, ...uleb(o), ...simd(SimdOp.v128Store), 0, ...uleb(o));
  for (; o + 8 <= stride; o += 8) b.push(Op.localGet, OUT, Op.localGet, SRC, Op.i64Load, 0, ...uleb(o), Op.i64Store, 0, ...uleb(o));
  for (; o + 4 <= stride; o += 4) b.push(Op.localGet, OUT, Op.localGet, SRC, Op.i32Load, 0, ...uleb(o), Op.i32Store, 0, ...uleb(o));
  b.push(Op.localGet, OUT_GH, Op.localGet, LOCAL, Op.i32Const, 3, Op.i32Shl, Op.localGet, GH_ALL, Op.i32Add, Op.i64Load, 0, 0, Op.i64Store, 0, 0);
  b.push(Op.localGet, OUT, Op.i32Const, ...sleb(stride), Op.i32Add, Op.localSet, OUT);
  b.push(Op.localGet, OUT_GH, Op.i32Const, 8, Op.i32Add, Op.localSet, OUT_GH);
  b.push(Op.localGet, IDS, Op.i32Const, 4, Op.i32Add, Op.localTee, IDS, Op.localGet, IDS_END, Op.i32LtU, Op.brIf, 0, Op.end);
  return b;
}

/**
 * Splits partition entries `ids .. idsEnd` (at least one): an entry whose row's bin
 * (`col[row * stride]`, `col` the feature's first byte in the data copy, row the entry or
 * `map[entry]`) has `table[bin]` 1 goes to `outL`, the others to `outR`, in order; returns the
 * left count.
 */
export type SimdPartitionKernel = (ids: number, idsEnd: number, col: number, map: number, table: number, outL: number, outR: number) => number;

const partitions = new Map<string, SimdPartitionKernel>();

/**
 * The partition kernel of rows of `stride` bytes, through the row map or not: branch-free, as
 * DataPartition.split (each entry written to both sides, the side's count advanced by the table).
 *
 * @example
 * ```ts
 * const left = simdPartitionKernel(stride, false)(s.idsAt, s.idsAt + 4 * n, s.dataAt + feature, s.mapAt, s.tableAt, s.outLAt, s.outRAt);
 * ```
 */
export function simdPartitionKernel(stride: number, mapped: boolean, shared: WasmMemory | null = null): SimdPartitionKernel {
  intIn('row stride', stride, 1, 1 << 22);
  const key = `${stride}:${mapped ? 1 : 0}`;
  if (shared !== null) return sharedInstance(shared, `p:${key}`, () => assemble(7, [[4, Type.i32]], partitionBody(stride, mapped), true, true)) as SimdPartitionKernel;
  const hit = partitions.get(key);
  if (hit !== undefined) return hit;
  if (memory === null) memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(assemble(7, [[4, Type.i32]], partitionBody(stride, mapped), true)), { m: { mem: memory } });
  const kernel = instance.exports.k as SimdPartitionKernel;
  partitions.set(key, kernel);
  return kernel;
}

/** The partition kernel's body (see {@link simdPartitionKernel}). */
function partitionBody(stride: number, mapped: boolean): number[] {
  // params: ids 0, idsEnd 1, col 2, map 3, table 4, outL 5, outR 6; locals: local 7, left 8, l 9, r 10 (byte offsets)
  const [IDS, IDS_END, COL, MAP, TABLE, OUT_L, OUT_R, LOCAL, LEFT, L, R] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const b: number[] = [Op.loop, 0x40, Op.localGet, IDS, Op.i32Load, 2, 0, Op.localSet, LOCAL];
  if (mapped) b.push(Op.localGet, LOCAL, Op.i32Const, 2, Op.i32Shl, Op.localGet, MAP, Op.i32Add, Op.i32Load, 2, 0);
  else b.push(Op.localGet, LOCAL);
  // left = table[col[row * stride]]
  b.push(Op.i32Const, ...sleb(stride), Op.i32Mul, Op.localGet, COL, Op.i32Add, Op.i32Load8U, 0, 0, Op.localGet, TABLE, Op.i32Add, Op.i32Load8U, 0, 0, Op.localSet, LEFT);
  b.push(Op.localGet, OUT_L, Op.localGet, L, Op.i32Add, Op.localGet, LOCAL, Op.i32Store, 2, 0);
  b.push(Op.localGet, OUT_R, Op.localGet, R, Op.i32Add, Op.localGet, LOCAL, Op.i32Store, 2, 0);
  // l += 4 left; r += 4 - 4 left
  b.push(Op.localGet, L, Op.localGet, LEFT, Op.i32Const, 2, Op.i32Shl, Op.i32Add, Op.localSet, L);
  b.push(Op.localGet, R, Op.i32Const, 4, Op.localGet, LEFT, Op.i32Const, 2, Op.i32Shl, Op.i32Sub, Op.i32Add, Op.localSet, R);
  b.push(Op.localGet, IDS, Op.i32Const, 4, Op.i32Add, Op.localTee, IDS, Op.localGet, IDS_END, Op.i32LtU, Op.brIf, 0, Op.end);
  b.push(Op.localGet, L, Op.i32Const, 2, Op.i32ShrU);
  return b;
}

/** Features per kernel (as codegen's row-major blocks: a block's histograms stay in L2). */
const FEATURES_PER_BLOCK = 32;
/** Most feature ranges of layouts kept compiled (as codegen's layouts; a layout has a few ranges). */
const MAX_RANGES = 64;
const compiled = new Map<string, SimdHistogramKernel[]>();

/**
 * The SIMD kernels of features `f0..f1` of a row-major layout (feature f's first histogram slot
 * `slots[f]`, rows of `stride` bytes), up to 32 features each, over this thread's memory;
 * compiled once and kept in an LRU of {@link MAX_RANGES} ranges. With `shared`: over a learner's
 * shared memory, the histogram at `shared.base` (folded into the loads' constant offsets, as 0 is:
 * no instruction more per feature), instantiated once per memory.
 *
 * @example
 * ```ts
 * const ks = simdHistogramKernels(slots, stride, 0, nF);
 * for (const k of ks) k(s.rowsAt, s.rowsAt + n * stride, s.ghAt);
 * ```
 */
export function simdHistogramKernels(slots: readonly number[], stride: number, f0: number, f1: number, shared: SharedHistogram | null = null): SimdHistogramKernel[] {
  intIn('row stride', stride, 1, 1 << 22);
  intIn('first feature of a range', f0, 0, slots.length - 1);
  intIn('end feature of a range', f1, f0 + 1, slots.length);
  if (shared !== null) {
    const base = intIn('histogram base address', shared.base, 0, 2 ** 31);
    const out: SimdHistogramKernel[] = [];
    for (let b0 = f0; b0 < f1; b0 += FEATURES_PER_BLOCK) {
      const block = slots.slice(b0, Math.min(f1, b0 + FEATURES_PER_BLOCK)).map((s, k) => intIn(`histogram slot of feature ${b0 + k}`, s, 0, 2 ** 27));
      const bytes = (): Uint8Array => assemble(3, [[1, Type.i32], [1, Type.v128]], kernelBody(block, b0, stride, base), false, true);
      out.push(sharedInstance(shared.memory, `h:${stride}:${b0}:${base}:${block.join(',')}`, bytes) as SimdHistogramKernel);
    }
    return out;
  }
  const key = `${stride}:${f0}:${f1}:${slots.join(',')}`;
  const hit = compiled.get(key);
  if (hit !== undefined) {
    compiled.delete(key);
    compiled.set(key, hit);
    return hit;
  }
  if (memory === null) memory = new WebAssembly.Memory({ initial: 1 });
  const out: SimdHistogramKernel[] = [];
  for (let b0 = f0; b0 < f1; b0 += FEATURES_PER_BLOCK) {
    const block = slots.slice(b0, Math.min(f1, b0 + FEATURES_PER_BLOCK)).map((s, k) => intIn(`histogram slot of feature ${b0 + k}`, s, 0, 2 ** 27));
    const bytes = assemble(3, [[1, Type.i32], [1, Type.v128]], kernelBody(block, b0, stride));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { mem: memory } });
    out.push(instance.exports.k as SimdHistogramKernel);
  }
  compiled.set(key, out);
  if (compiled.size > MAX_RANGES) {
    const oldest = compiled.keys().next();
    if (oldest.done !== true) compiled.delete(oldest.value);
  }
  return out;
}

/** Where a thread's histogram kernels add up in a learner's shared memory (see kernel-memory.ts). */
export interface SharedHistogram {
  memory: WasmMemory;
  /** Byte address of the thread's histogram (bin k's pair at `base + 16 k`). */
  base: number;
}

/** Modules importing a shared memory, compiled once per process (by key), and their instances per memory. */
const sharedModules = new Map<string, object>();
const sharedInstances = new WeakMap<WasmMemory, Map<string, unknown>>();
/** Most modules kept compiled for shared memories (each feature range and thread base is one). */
const MAX_SHARED_MODULES = 4 * MAX_RANGES;

/** Export `k` of the module `bytes()` (compiled once per key) instantiated over shared `memory` (once per memory and key). */
function sharedInstance(memory: WasmMemory, key: string, bytes: () => Uint8Array): unknown {
  let byKey = sharedInstances.get(memory);
  if (byKey === undefined) {
    byKey = new Map();
    sharedInstances.set(memory, byKey);
  }
  const hit = byKey.get(key);
  if (hit !== undefined) return hit;
  let module = sharedModules.get(key);
  if (module === undefined) {
    module = new WebAssembly.Module(bytes());
    sharedModules.set(key, module);
    if (sharedModules.size > MAX_SHARED_MODULES) {
      const oldest = sharedModules.keys().next();
      if (oldest.done !== true) sharedModules.delete(oldest.value);
    }
  }
  const kernel = new WebAssembly.Instance(module, { m: { mem: memory } }).exports.k;
  byKey.set(key, kernel);
  return kernel;
}

/** Zeroes `bytes` bytes from byte address `at` (`memory.fill`: a shared typed array's `fill` goes element by element). */
export type SimdZeroKernel = (at: number, bytes: number) => void;

/**
 * The zeroing kernel over shared `memory` (bulk memory's `memory.fill`): a thread's histogram
 * zeroed before a tile, about 10x faster than `Float64Array.fill` over shared memory (measured:
 * 114 KB in 1.3 µs plain, 16-21 µs shared).
 *
 * @example
 * ```ts
 * simdZeroKernel(memory)(base + 16 * slot0, 16 * bins);
 * ```
 */
export function simdZeroKernel(memory: WasmMemory): SimdZeroKernel {
  const body = [Op.localGet, 0, Op.i32Const, 0, Op.localGet, 1, Op.misc, ...uleb(11), 0];
  return sharedInstance(memory, 'z', () => assemble(2, [], body, false, true)) as SimdZeroKernel;
}

/** Copies `bytes` bytes from byte address `from` to `to` (`memory.copy`, overlapping ranges allowed). */
export type SimdCopyKernel = (to: number, from: number, bytes: number) => void;

/**
 * The copy kernel over shared `memory` (bulk memory's `memory.copy`): a split's outputs copied to
 * their places in the partition. A typed array's `set` between shared arrays whose byte offsets
 * differ mod 8 copies byte by byte (measured: 1.9 ns per 32-bit entry, against 0.2 aligned).
 *
 * @example
 * ```ts
 * simdCopyKernel(memory)(layout.indicesAt + 4 * at, layout.tmpAt + 4 * s, 4 * n);
 * ```
 */
export function simdCopyKernel(memory: WasmMemory): SimdCopyKernel {
  const body = [Op.localGet, 0, Op.localGet, 1, Op.localGet, 2, Op.misc, ...uleb(10), 0, 0];
  return sharedInstance(memory, 'c', () => assemble(3, [], body, false, true)) as SimdCopyKernel;
}

/**
 * A shared memory of `bytes` bytes, growable to 4 GiB, that the kernels of every thread import: sent
 * to the trainer threads with a learner's parts (a shared `WebAssembly.Memory` is cloned to a
 * worker as the same memory).
 *
 * @example
 * ```ts
 * const memory = sharedKernelMemory(1 << 20);
 * ```
 */
export function sharedKernelMemory(bytes: number): WasmMemory {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  intIn('pages of a shared kernel memory', pages, 1, MAX_PAGES);
  // the largest maximum: a dataset's memory grows by a block per learner (cv's folds)
  return new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
}
