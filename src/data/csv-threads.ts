/**
 * Worker threads that split blocks of CSV files for the byte reader (`csv-bytes.ts`): started
 * once per process, grown to the most asked for, reused by every later read, and unref'd while
 * idle (they never keep the process alive). A block goes to a free thread (or waits for one) and
 * comes back as its field arrays; the reading thread adds the rows to the table in file order.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, workerScript } from '../core/worker-start.js';
import type { BlockFields, BlockJob } from './csv-block.js';
import { fieldBuffers, type SplitReply, type SplitRequest } from './csv-worker.js';

interface Slot {
  worker: Worker;
  /** Blocks sent and not back yet (a thread takes them in turn). */
  outstanding: number;
}

/** Blocks a thread may have waiting (one split, one next), so that it never waits for the next. */
const MAX_OUTSTANDING = 2;

interface Pending {
  slot: Slot;
  resolve: (f: BlockFields) => void;
  reject: (e: Error) => void;
}

/**
 * The process's CSV splitting threads.
 *
 * @example
 * ```ts
 * const threads = CsvThreads.acquire(2); // null when the worker script is not built
 * const fields = await threads?.split(sharedBytes, length, { from: 0, to: length, delimiter: 44, crlf: false, width: 29 });
 * ```
 */
export class CsvThreads {
  private static shared: CsvThreads | null = null;
  private readonly slots: Slot[] = [];
  /** Callers waiting for one of their first `limit` threads. */
  private readonly waiting: { limit: number; take: (s: Slot) => void }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(private readonly url: URL) {}

  /** The process's threads, at least `n` of them (started now if fewer), or null when they cannot be started. */
  static acquire(n: number): CsvThreads | null {
    if (CsvThreads.shared === null) {
      const url = workerScript(import.meta.url, 'csv-worker.js');
      if (url === null) return null;
      CsvThreads.shared = new CsvThreads(url);
    }
    const t = CsvThreads.shared;
    while (t.slots.length < n) t.start();
    return t;
  }

  /** Number of threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Whether one of the first `limit` threads can take a block now (it has fewer than two waiting). */
  idle(limit: number): boolean {
    for (let i = 0; i < limit && i < this.slots.length; i++) if (this.slots[i].outstanding < MAX_OUTSTANDING) return true;
    return false;
  }

  private start(): void {
    const slot: Slot = { worker: startWorker(this.url), outstanding: 0 };
    this.listen(slot);
    this.slots.push(slot);
  }

  private listen(slot: Slot): void {
    slot.worker.on('message', (m: SplitReply) => this.onReply(m));
    slot.worker.on('error', (e) => this.failSlot(slot, e));
    slot.worker.unref();
  }

  /**
   * Splits `bytes[job.from, job.to)` (a buffer over shared memory, `length` bytes used) on one of
   * the first `limit` threads. `reuse`: the arrays of a block done with, moved to the thread to be
   * filled again (they are unusable here afterwards).
   */
  async split(bytes: Buffer, length: number, job: BlockJob, limit: number, reuse: BlockFields | null = null): Promise<BlockFields> {
    if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.byteOffset !== 0) throw new Error('CsvThreads.split needs a buffer over a whole SharedArrayBuffer');
    const slot = await this.take(limit);
    const id = this.nextId++;
    return new Promise<BlockFields>((resolve, reject) => {
      this.pending.set(id, { slot, resolve, reject });
      const request: SplitRequest = { id, bytes: bytes.buffer as SharedArrayBuffer, length, job, reuse };
      slot.worker.postMessage(request, reuse === null ? [] : fieldBuffers(reuse));
    });
  }

  /** Of the first `limit` threads, the one with the fewest blocks waiting, once it has fewer than two. */
  private take(limit: number): Promise<Slot> {
    let best: Slot | null = null;
    for (let i = 0; i < limit && i < this.slots.length; i++) {
      const s = this.slots[i];
      if (s.outstanding < MAX_OUTSTANDING && (best === null || s.outstanding < best.outstanding)) best = s;
    }
    if (best !== null) {
      this.hold(best);
      return Promise.resolve(best);
    }
    return new Promise((res) => this.waiting.push({ limit, take: res }));
  }

  private hold(slot: Slot): void {
    if (slot.outstanding++ === 0) slot.worker.ref(); // a thread at work keeps the process alive until its blocks come back
  }

  private release(slot: Slot): void {
    if (--slot.outstanding === 0) slot.worker.unref();
    const i = this.waiting.findIndex((w) => this.slots.indexOf(slot) < w.limit);
    if (i >= 0) {
      const [w] = this.waiting.splice(i, 1);
      this.hold(slot);
      w.take(slot);
    }
  }

  private onReply(m: SplitReply): void {
    const p = this.pending.get(m.id);
    if (p === undefined) return;
    this.pending.delete(m.id);
    this.release(p.slot);
    if ('error' in m) p.reject(new Error(`a CSV thread failed: ${m.error}`));
    else p.resolve(m.fields);
  }

  /** A thread died: its block fails, and it is replaced. */
  private failSlot(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // (already replaced)
    this.slots.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(new Error(`a CSV thread failed: ${e.message}`));
    }
    // the new thread takes the dead one's place, for callers limited to the first threads
    const fresh: Slot = { worker: startWorker(this.url), outstanding: 0 };
    this.slots.splice(i, 0, fresh);
    this.listen(fresh);
    const w = this.waiting.findIndex((x) => i < x.limit);
    if (w >= 0) {
      const [next] = this.waiting.splice(w, 1);
      this.hold(fresh);
      next.take(fresh);
    }
  }
}
