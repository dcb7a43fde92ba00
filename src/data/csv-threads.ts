/**
 * Worker threads that split blocks of CSV files for the byte reader (`csv-bytes.ts`): started
 * once per process, grown to the most asked for, reused by every later read, and unref'd while
 * idle (they never keep the process alive). A block goes to a free thread (or waits for one) and
 * comes back as its field arrays; the reading thread adds the rows to the table in file order.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockFields, BlockJob } from './csv-block.js';
import { fieldBuffers, type SplitReply, type SplitRequest } from './csv-worker.js';

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Pending {
  slot: Slot;
  resolve: (f: BlockFields) => void;
  reject: (e: Error) => void;
}

/** The compiled worker script: next to this module, or under dist/ when running from TypeScript sources (tests); null when absent. */
function workerUrl(): URL | null {
  const here = new URL('./csv-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const path = fileURLToPath(import.meta.url).replace(/([\\/])src([\\/])data([\\/])[^\\/]+$/, '$1dist$2data$3csv-worker.js');
  return existsSync(path) ? pathToFileURL(path) : null;
}

/** The process's Node options minus those of a `node -e`/`--input-type` main script, which a worker refuses. */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--input-type=')) continue;
    if (a === '--input-type' || a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
      i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function startWorker(url: URL): Worker {
  try {
    return new Worker(url, { execArgv: workerExecArgv() });
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw e;
    return new Worker(url, { execArgv: [] });
  }
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
  private readonly waiting: ((s: Slot) => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(private readonly url: URL) {}

  /** The process's threads, at least `n` of them (started now if fewer), or null when they cannot be started. */
  static acquire(n: number): CsvThreads | null {
    if (CsvThreads.shared === null) {
      const url = workerUrl();
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

  private start(): void {
    const slot: Slot = { worker: startWorker(this.url), busy: false };
    slot.worker.on('message', (m: SplitReply) => this.onReply(m));
    slot.worker.on('error', (e) => this.failSlot(slot, e));
    slot.worker.unref();
    this.slots.push(slot);
  }

  /**
   * Splits `bytes[job.from, job.to)` (a buffer over shared memory, `length` bytes used) on a free
   * thread. `reuse`: the arrays of a block done with, moved to the thread to be filled again
   * (they are unusable here afterwards).
   */
  async split(bytes: Buffer, length: number, job: BlockJob, reuse: BlockFields | null = null): Promise<BlockFields> {
    if (!(bytes.buffer instanceof SharedArrayBuffer) || bytes.byteOffset !== 0) throw new Error('CsvThreads.split needs a buffer over a whole SharedArrayBuffer');
    const slot = await this.take();
    const id = this.nextId++;
    return new Promise<BlockFields>((resolve, reject) => {
      this.pending.set(id, { slot, resolve, reject });
      const request: SplitRequest = { id, bytes: bytes.buffer as SharedArrayBuffer, length, job, reuse };
      slot.worker.postMessage(request, reuse === null ? [] : fieldBuffers(reuse));
    });
  }

  private take(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free !== undefined) {
      free.busy = true;
      free.worker.ref(); // a thread at work keeps the process alive until its block comes back
      return Promise.resolve(free);
    }
    return new Promise((res) => this.waiting.push(res));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(slot);
    else {
      slot.busy = false;
      slot.worker.unref();
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
    if (i >= 0) this.slots.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(new Error(`a CSV thread failed: ${e.message}`));
    }
    this.start();
    const fresh = this.slots[this.slots.length - 1];
    const next = this.waiting.shift();
    if (next !== undefined) {
      fresh.busy = true;
      fresh.worker.ref();
      next(fresh);
    }
  }
}
