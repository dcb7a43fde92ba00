/**
 * The WebAssembly loops of node tasks over a thread's kernel memory (node-tasks.ts): a thread's
 * kernels over a learner's shared kernel memory (kernel-memory.ts), a leaf's histogram built a
 * chunk of gathered rows at a time, and a partition split a chunk at a time through a scratch.
 */
import { kernelRegion, type KernelMemory, type KernelRegion } from './kernel-memory.js';
import { simdCopyKernel, simdGatherKernel, simdPartitionKernel, simdSplitGatherKernel, simdZeroKernel, type SimdCopyKernel, type SimdGatherKernel, type SimdHistogramKernel, type SimdPartitionKernel, type SimdSplitGatherKernel, type SimdZeroKernel } from './wasm-kernels.js';

/** Rows per chunk of a tile (as RowMajorHistogram: 4,096 rows of 28 bytes stay in L2). */
export const CHUNK = 4096;

/**
 * A thread's view of a learner's shared kernel memory: its region, the layout, and the kernels
 * instantiated against the memory (made once per parts, not per task).
 */
export interface SharedKernels {
  memory: KernelMemory['memory'];
  layout: KernelMemory['layout'];
  region: KernelRegion;
  zero: SimdZeroKernel;
  copy: SimdCopyKernel;
  gather: SimdGatherKernel;
  /** The gather into two 16-byte halves of each row (rows of 17 to 32 bytes), else null. */
  splitGather: SimdSplitGatherKernel | null;
  partition: SimdPartitionKernel;
}

/**
 * The shared kernels of region `index` of `km` for a histogram of `totalBins` bins over rows of
 * `stride` bytes, read through the row map when `mapped`.
 *
 * @example
 * ```ts
 * const k = sharedKernels(km, 0, data.totalBins, data.rowStride, false);
 * ```
 */
export function sharedKernels(km: KernelMemory, index: number, totalBins: number, stride: number, mapped: boolean): SharedKernels {
  return {
    memory: km.memory,
    layout: km.layout,
    region: kernelRegion(km, index, totalBins),
    zero: simdZeroKernel(km.memory),
    copy: simdCopyKernel(km.memory),
    gather: simdGatherKernel(stride, mapped, km.memory),
    splitGather: stride > 16 && stride <= 32 ? simdSplitGatherKernel(stride, mapped, km.memory) : null,
    partition: simdPartitionKernel(1, mapped, km.memory),
  };
}

/** Where a chunk's gathered rows and gradient pairs go in kernel memory (a thread's region or its own scratch). */
export interface GatherScratch {
  rowsAt: number;
  ghAt: number;
}

/** Where a chunk's entries are copied in kernel memory when the partition is not there. */
export interface EntryScratch {
  ids: Uint32Array;
  idsAt: number;
}

/**
 * The histogram kernels run over partition entries `s..e`, a chunk at a time: the chunk's rows
 * (bins at `dataAt`, gradient pairs at `ghAllAt`, row map at `mapAt`) gathered into `m` by the
 * WebAssembly `gather`, then added in order. `entries`: the byte address of `indices` when the
 * partition is in the kernel memory (its entries are read where they are), else the scratch each
 * chunk's entries are copied into first.
 *
 * @example
 * ```ts
 * gatherAndBuild(k.gather, kernels, k.region, l.dataAt, l.ghAllAt, l.mapAt, indices, l.indicesAt, s, e, stride);
 * ```
 */
export function gatherAndBuild(
  gather: SimdGatherKernel, kernels: readonly SimdHistogramKernel[], m: GatherScratch, dataAt: number, ghAllAt: number, mapAt: number,
  indices: Uint32Array, entries: number | EntryScratch, s: number, e: number, stride: number,
): void {
  for (let c0 = s; c0 < e; c0 += CHUNK) {
    const c1 = Math.min(e, c0 + CHUNK);
    let ids: number;
    if (typeof entries === 'number') ids = entries + 4 * c0;
    else {
      entries.ids.set(indices.subarray(c0, c1));
      ids = entries.idsAt;
    }
    gather(ids, ids + 4 * (c1 - c0), dataAt, ghAllAt, mapAt, m.rowsAt, m.ghAt);
    const end = m.rowsAt + (c1 - c0) * stride;
    for (let q = 0; q < kernels.length; q++) kernels[q](m.rowsAt, end, m.ghAt);
  }
}

/** A chunk's entries and the kernel's outputs in kernel memory (a thread's region or its own scratch). */
export interface PartitionScratch {
  ids: Uint32Array;
  idsAt: number;
  tableAt: number;
  outL: Uint32Array;
  outLAt: number;
  outR: Uint32Array;
  outRAt: number;
}

/**
 * Partition entries `s..e` split by the WebAssembly `kernel` (the feature's column at `col`, the
 * row map at `mapAt`, the bin table already in `m`), a chunk at a time through `m`: lefts to
 * `outL` from `lAt`, rights to `outR` from `rAt`, in order. Returns the left count.
 *
 * @example
 * ```ts
 * const left = partitionChunks(kernel, scratch, colAt, mapAt, indices, s, e, tmpL, s, tmpR, s);
 * ```
 */
export function partitionChunks(
  kernel: SimdPartitionKernel, m: PartitionScratch, col: number, mapAt: number, indices: Uint32Array,
  s: number, e: number, outL: Uint32Array, lAt: number, outR: Uint32Array, rAt: number,
): number {
  let l = lAt;
  let r = rAt;
  for (let c0 = s; c0 < e; c0 += CHUNK) {
    const n = Math.min(e, c0 + CHUNK) - c0;
    m.ids.set(indices.subarray(c0, c0 + n));
    const nl = kernel(m.idsAt, m.idsAt + 4 * n, col, mapAt, m.tableAt, m.outLAt, m.outRAt);
    outL.set(m.outL.subarray(0, nl), l);
    outR.set(m.outR.subarray(0, n - nl), r);
    l += nl;
    r += n - nl;
  }
  return l - lAt;
}
