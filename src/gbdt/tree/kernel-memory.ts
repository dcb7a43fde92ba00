/**
 * The shared WebAssembly memory of learners training on threads with the SIMD kernels: one per
 * dataset (per its row-major bins), holding the data's bins (row-major and by column) ONCE, and a
 * block per learner (cv's folds advance together: one block each) holding its row map, the tree's
 * gradient pairs, the partition, the gather buffer, and one region per thread: its histogram, a
 * chunk of rows and their gradient pairs, and a split's bin table. The
 * learner writes it on the calling thread; the kernels of every thread (each instantiates them
 * against this memory) read it, instead of a copy of everything in each thread's own memory.
 *
 * Layout (byte addresses, each part 64-byte aligned): the row-major bins from 0, the columns
 * (feature j's at `colsAt + j * dataRows`), then each learner's block: regions 0..regions-1 of
 * `regionBytes` each from `regionsAt` (the calling thread's is 0, worker i's is i + 1), the
 * gradient pairs by local row, the row map, the partition's entries and a split's two outputs
 * (local rows each: the kernels partition and gather them where they are, as a JavaScript copy
 * between shared arrays whose offsets differ mod 8 bytes goes byte by byte), the gathered rows and
 * their gradient pairs. A
 * thread's histogram kernels are compiled with its region's base folded into their loads'
 * constant offsets (wasm-kernels.ts), so the inner loop is the same as over a thread's own memory.
 * A disposed learner's block is reused by the next learner on the dataset (a study's trials).
 */
import { sharedKernelMemory, simdZeroKernel, TABLE_BYTES, type WasmMemory } from './wasm-kernels.js';

/** Byte addresses and sizes of a learner's kernel memory (see the module doc). */
export interface KernelLayout {
  /** The learner's block: its first byte and its size. */
  blockAt: number;
  blockBytes: number;
  /** Thread regions, where the first starts and the bytes of each (a region's histogram is at its start). */
  regions: number;
  regionsAt: number;
  regionBytes: number;
  /** Offsets within a region: chunk rows, chunk gradient pairs, bin table. */
  rowsOff: number;
  ghOff: number;
  tableOff: number;
  /** Rows of a chunk, bytes of a row (row-major). */
  chunk: number;
  stride: number;
  dataAt: number;
  colsAt: number;
  ghAllAt: number;
  mapAt: number;
  /** The partition's entries, and a split's left and right outputs (`localRows` each, 32-bit). */
  indicesAt: number;
  tmpAt: number;
  tmpRAt: number;
  gatherAt: number;
  gatherGhAt: number;
  /** Rows of the data, local rows (gradient pairs, row map entries), rows of the gather buffer. */
  dataRows: number;
  localRows: number;
  gatherRows: number;
  /** Total bytes. */
  bytes: number;
}

/** A learner's kernel memory and its layout (structured-cloneable: sent to the trainer threads). */
export interface KernelMemory {
  memory: WasmMemory;
  layout: KernelLayout;
}

const align = (n: number): number => Math.ceil(n / 64) * 64;

/** The bytes of a dataset's part of a kernel memory: `dataRows` rows of `stride` bytes, and `nF` columns. */
function dataBytes(dataRows: number, stride: number, nF: number): number {
  return align(align(dataRows * stride) + nF * dataRows);
}

/**
 * The layout of a learner's block at `blockAt` (at least past the dataset's part) for `regions`
 * threads, a histogram of `totalBins` bins, chunks of `chunk` rows of `stride` bytes, `nF`
 * columns of `dataRows` rows, `localRows` gradient pairs and map entries and a gather buffer of
 * `gatherRows` rows.
 *
 * @example
 * ```ts
 * kernelLayout({ blockAt: 0, regions: 2, totalBins: 7140, stride: 28, chunk: 4096, nF: 28, dataRows: 3e5, localRows: 3e5, gatherRows: 131072 }).blockBytes;
 * ```
 */
export function kernelLayout(o: { blockAt: number; regions: number; totalBins: number; stride: number; chunk: number; nF: number; dataRows: number; localRows: number; gatherRows: number }): KernelLayout {
  const rowsOff = align(16 * o.totalBins);
  const ghOff = align(rowsOff + o.chunk * o.stride);
  const tableOff = align(ghOff + 8 * o.chunk);
  const regionBytes = align(tableOff + TABLE_BYTES);
  const colsAt = align(o.dataRows * o.stride);
  const blockAt = Math.max(align(o.blockAt), dataBytes(o.dataRows, o.stride, o.nF));
  const regionsAt = blockAt;
  const ghAllAt = regionsAt + o.regions * regionBytes;
  const mapAt = align(ghAllAt + 8 * o.localRows);
  const indicesAt = align(mapAt + 4 * o.localRows);
  const tmpAt = align(indicesAt + 4 * o.localRows);
  const tmpRAt = align(tmpAt + 4 * o.localRows);
  const gatherAt = align(tmpRAt + 4 * o.localRows);
  const gatherGhAt = align(gatherAt + o.gatherRows * o.stride);
  const bytes = align(gatherGhAt + 8 * o.gatherRows);
  return {
    blockAt, blockBytes: bytes - blockAt, regions: o.regions, regionsAt, regionBytes, rowsOff, ghOff, tableOff, chunk: o.chunk, stride: o.stride,
    dataAt: 0, colsAt, ghAllAt, mapAt, indicesAt, tmpAt, tmpRAt, gatherAt, gatherGhAt, dataRows: o.dataRows, localRows: o.localRows, gatherRows: o.gatherRows, bytes,
  };
}

/** A dataset's kernel memory: where its blocks end, and the blocks of disposed learners ([at, bytes]). */
interface DatasetMemory {
  memory: WasmMemory;
  end: number;
  free: [number, number][];
}

/** Per dataset (its row-major bins): its kernel memory, while it lives. */
const byData = new WeakMap<Uint8Array, DatasetMemory>();

/** Bytes of a wasm page. */
const PAGE = 65536;

/**
 * A block of `bytes` in `dm`: a free one (first fit, its rest kept free) or a new one past the end
 * (growing the memory); -1 when that would pass `limit` bytes or the memory cannot grow.
 */
function takeBlock(dm: DatasetMemory, bytes: number, limit: number): number {
  for (let k = 0; k < dm.free.length; k++) {
    const [at, size] = dm.free[k];
    if (size < bytes) continue;
    if (size === bytes) dm.free.splice(k, 1);
    else dm.free[k] = [at + bytes, size - bytes];
    return at;
  }
  const at = dm.end;
  if (at + bytes > limit) return -1;
  const have = dm.memory.buffer.byteLength;
  if (at + bytes > have) {
    try {
      dm.memory.grow(Math.ceil((at + bytes - have) / PAGE));
    } catch {
      return -1;
    }
  }
  dm.end = at + bytes;
  return at;
}

/**
 * A learner's block in the kernel memory of its data (`rowBins` and 8-bit `cols`, that memory
 * made and filled once per dataset), laid out for `o` (see {@link kernelLayout}), with the row
 * map `rows` (null: none) copied in and the gradient pairs zeroed; null when the memory would
 * pass `limit` bytes. Give it back with {@link releaseKernelMemory}.
 *
 * @example
 * ```ts
 * const km = acquireKernelMemory(data.rowBins, data.bins, rows, { regions: 2, totalBins, stride, chunk: 4096, localRows: n, gatherRows }, 2 ** 31);
 * ```
 */
export function acquireKernelMemory(
  rowBins: Uint8Array,
  cols: readonly ArrayLike<number>[],
  rows: Uint32Array | null,
  o: { regions: number; totalBins: number; stride: number; chunk: number; localRows: number; gatherRows: number },
  limit: number,
): KernelMemory | null {
  const dataRows = rowBins.length / o.stride;
  const nF = cols.length;
  const probe = kernelLayout({ ...o, blockAt: 0, nF, dataRows });
  let dm = byData.get(rowBins);
  if (dm === undefined) {
    if (probe.bytes > limit) return null;
    const memory = sharedKernelMemory(probe.bytes);
    const buf = memory.buffer;
    new Uint8Array(buf, 0, rowBins.length).set(rowBins);
    const colBytes = new Uint8Array(buf, probe.colsAt, nF * dataRows);
    for (let j = 0; j < nF; j++) colBytes.set(cols[j], j * dataRows);
    dm = { memory, end: probe.blockAt, free: [] };
    byData.set(rowBins, dm);
  }
  const at = takeBlock(dm, probe.blockBytes, limit);
  if (at < 0) return null;
  const layout = kernelLayout({ ...o, blockAt: at, nF, dataRows });
  if (rows !== null) new Uint32Array(dm.memory.buffer, layout.mapAt, rows.length).set(rows);
  simdZeroKernel(dm.memory)(layout.ghAllAt, 8 * layout.localRows);
  return { memory: dm.memory, layout };
}

/**
 * Gives `km`'s block back to the kernel memory of its data `rowBins` (its learner is done: no
 * thread runs its tasks any more); the next learner on the data may take it.
 *
 * @example
 * ```ts
 * releaseKernelMemory(data.rowBins, km);
 * ```
 */
export function releaseKernelMemory(rowBins: Uint8Array, km: KernelMemory): void {
  const dm = byData.get(rowBins);
  if (dm === undefined || dm.memory !== km.memory) return;
  dm.free.push([km.layout.blockAt, km.layout.blockBytes]);
  // free blocks at the end shrink it
  for (;;) {
    const k = dm.free.findIndex(([at, size]) => at + size === dm.end);
    if (k < 0) break;
    dm.end = dm.free[k][0];
    dm.free.splice(k, 1);
  }
}

/** The views of a kernel memory the learner hands to its tasks (they live in the memory). */
export interface KernelViews {
  /** Gradient pairs by local row (2 x localRows float32). */
  gh: Float32Array;
  /** The row map (localRows entries). */
  map: Uint32Array;
  /** The partition's entries, and a split's left and right outputs (localRows entries each). */
  indices: Uint32Array;
  tmp: Uint32Array;
  tmpR: Uint32Array;
  /** The gather buffer: rows as 32-bit words, and their gradient pairs. */
  gatherWords: Uint32Array;
  gatherGh: Float32Array;
}

/**
 * The learner-wide views of `km` (see {@link KernelViews}).
 *
 * @example
 * ```ts
 * const { gh } = kernelViews(km);
 * ```
 */
export function kernelViews(km: KernelMemory): KernelViews {
  const l = km.layout;
  const buf = km.memory.buffer;
  return {
    gh: new Float32Array(buf, l.ghAllAt, 2 * l.localRows),
    map: new Uint32Array(buf, l.mapAt, l.localRows),
    indices: new Uint32Array(buf, l.indicesAt, l.localRows),
    tmp: new Uint32Array(buf, l.tmpAt, l.localRows),
    tmpR: new Uint32Array(buf, l.tmpRAt, l.localRows),
    gatherWords: new Uint32Array(buf, l.gatherAt, (l.gatherRows * l.stride) >> 2),
    gatherGh: new Float32Array(buf, l.gatherGhAt, 2 * l.gatherRows),
  };
}

/** One thread's region: its byte addresses and the views it fills and reads. */
export interface KernelRegion {
  base: number;
  /** The histogram as float64 [g, h] pairs (bin k at `base + 16 k`). */
  hist: Float64Array;
  rowsAt: number;
  ghAt: number;
  tableAt: number;
  table: Uint8Array;
}

/**
 * Region `t` of `km` (0: the calling thread; worker i: i + 1) for a histogram of `totalBins` bins.
 *
 * @example
 * ```ts
 * const r = kernelRegion(km, 0, totalBins);
 * r.table.set(goLeft);
 * ```
 */
export function kernelRegion(km: KernelMemory, t: number, totalBins: number): KernelRegion {
  const l = km.layout;
  const buf = km.memory.buffer;
  const base = l.regionsAt + t * l.regionBytes;
  return {
    base,
    hist: new Float64Array(buf, base, 2 * totalBins),
    rowsAt: base + l.rowsOff,
    ghAt: base + l.ghOff,
    tableAt: base + l.tableOff,
    table: new Uint8Array(buf, base + l.tableOff, TABLE_BYTES),
  };
}
