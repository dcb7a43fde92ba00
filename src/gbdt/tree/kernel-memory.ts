/**
 * A learner's shared WebAssembly memory, when it trains on threads with the SIMD kernels: the
 * data's bins (row-major and by column), the row map, the tree's gradient pairs and the gather
 * buffer held ONCE, written by the learner on the calling thread and read by the kernels of every
 * thread (each instantiates them against this memory), instead of a copy in each thread's own
 * memory. Each thread also has its own region of it: its histogram, a chunk of rows and their
 * gradient pairs, partition entries, a partition's outputs and a split's bin table.
 *
 * Layout (byte addresses, each part 64-byte aligned): regions 0..regions-1 of `regionBytes` each
 * from 0 (the calling thread's is 0, worker i's is i + 1), then the row-major bins, the columns
 * (feature j's at `colsAt + j * dataRows`), the gradient pairs by local row, the row map, the
 * gathered rows and their gradient pairs. A thread's histogram kernels are compiled with its
 * region's base folded into their loads' constant offsets (wasm-kernels.ts), so the inner loop is
 * the same as over a thread's own memory.
 */
import { sharedKernelMemory, TABLE_BYTES, type WasmMemory } from './wasm-kernels.js';

/** Byte addresses and sizes of a learner's kernel memory (see the module doc). */
export interface KernelLayout {
  /** Thread regions and the bytes of each (a region's histogram is at its start). */
  regions: number;
  regionBytes: number;
  /** Offsets within a region: chunk rows, chunk gradient pairs, entries, left and right outputs, bin table. */
  rowsOff: number;
  ghOff: number;
  idsOff: number;
  outLOff: number;
  outROff: number;
  tableOff: number;
  /** Rows of a chunk (entries of `ids`, `outL`, `outR`), bytes of a row (row-major). */
  chunk: number;
  stride: number;
  dataAt: number;
  colsAt: number;
  ghAllAt: number;
  mapAt: number;
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

/**
 * The layout for `regions` threads, a histogram of `totalBins` bins, chunks of `chunk` rows of
 * `stride` bytes, `nF` columns of `dataRows` rows, `localRows` gradient pairs and map entries and
 * a gather buffer of `gatherRows` rows.
 *
 * @example
 * ```ts
 * kernelLayout({ regions: 2, totalBins: 7140, stride: 28, chunk: 4096, nF: 28, dataRows: 3e5, localRows: 3e5, gatherRows: 131072 }).bytes;
 * ```
 */
export function kernelLayout(o: { regions: number; totalBins: number; stride: number; chunk: number; nF: number; dataRows: number; localRows: number; gatherRows: number }): KernelLayout {
  const rowsOff = align(16 * o.totalBins);
  const ghOff = align(rowsOff + o.chunk * o.stride);
  const idsOff = align(ghOff + 8 * o.chunk);
  const outLOff = align(idsOff + 4 * o.chunk);
  const outROff = align(outLOff + 4 * o.chunk);
  const tableOff = align(outROff + 4 * o.chunk);
  const regionBytes = align(tableOff + TABLE_BYTES);
  const dataAt = o.regions * regionBytes;
  const colsAt = align(dataAt + o.dataRows * o.stride);
  const ghAllAt = align(colsAt + o.nF * o.dataRows);
  const mapAt = align(ghAllAt + 8 * o.localRows);
  const gatherAt = align(mapAt + 4 * o.localRows);
  const gatherGhAt = align(gatherAt + o.gatherRows * o.stride);
  const bytes = align(gatherGhAt + 8 * o.gatherRows);
  return { regions: o.regions, regionBytes, rowsOff, ghOff, idsOff, outLOff, outROff, tableOff, chunk: o.chunk, stride: o.stride, dataAt, colsAt, ghAllAt, mapAt, gatherAt, gatherGhAt, dataRows: o.dataRows, localRows: o.localRows, gatherRows: o.gatherRows, bytes };
}

/**
 * A new shared kernel memory of `layout` with the data's row-major bins `rowBins` and columns
 * `cols` (8-bit) copied in, and the row map `rows` (null: none).
 *
 * @example
 * ```ts
 * const km = createKernelMemory(layout, data.rowBins, data.bins, rows);
 * ```
 */
export function createKernelMemory(layout: KernelLayout, rowBins: Uint8Array, cols: readonly ArrayLike<number>[], rows: Uint32Array | null): KernelMemory {
  const memory = sharedKernelMemory(layout.bytes);
  const buf = memory.buffer;
  new Uint8Array(buf, layout.dataAt, rowBins.length).set(rowBins);
  const colBytes = new Uint8Array(buf, layout.colsAt, cols.length * layout.dataRows);
  for (let j = 0; j < cols.length; j++) colBytes.set(cols[j], j * layout.dataRows);
  if (rows !== null) new Uint32Array(buf, layout.mapAt, rows.length).set(rows);
  return { memory, layout };
}

/** The views of a kernel memory the learner hands to its tasks (they live in the memory). */
export interface KernelViews {
  /** Gradient pairs by local row (2 x localRows float32). */
  gh: Float32Array;
  /** The row map (localRows entries). */
  map: Uint32Array;
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
    gatherWords: new Uint32Array(buf, l.gatherAt, (l.gatherRows * l.stride) >> 2),
    gatherGh: new Float32Array(buf, l.gatherGhAt, 2 * l.gatherRows),
  };
}

/** One thread's region: its byte addresses and the views it fills and reads. */
export interface KernelRegion {
  base: number;
  /** The histogram as float64 [g, h] pairs (bin k at `base + 16 k`). */
  hist: Float64Array;
  idsAt: number;
  ids: Uint32Array;
  rowsAt: number;
  ghAt: number;
  outLAt: number;
  outL: Uint32Array;
  outRAt: number;
  outR: Uint32Array;
  tableAt: number;
  table: Uint8Array;
}

/**
 * Region `t` of `km` (0: the calling thread; worker i: i + 1) for a histogram of `totalBins` bins.
 *
 * @example
 * ```ts
 * const r = kernelRegion(km, 0, totalBins);
 * r.ids.set(entries);
 * ```
 */
export function kernelRegion(km: KernelMemory, t: number, totalBins: number): KernelRegion {
  const l = km.layout;
  const buf = km.memory.buffer;
  const base = t * l.regionBytes;
  return {
    base,
    hist: new Float64Array(buf, base, 2 * totalBins),
    idsAt: base + l.idsOff,
    ids: new Uint32Array(buf, base + l.idsOff, l.chunk),
    rowsAt: base + l.rowsOff,
    ghAt: base + l.ghOff,
    outLAt: base + l.outLOff,
    outL: new Uint32Array(buf, base + l.outLOff, l.chunk),
    outRAt: base + l.outROff,
    outR: new Uint32Array(buf, base + l.outROff, l.chunk),
    tableAt: base + l.tableOff,
    table: new Uint8Array(buf, base + l.tableOff, TABLE_BYTES),
  };
}
