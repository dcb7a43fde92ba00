/**
 * N worker threads over ONE shared copy of the binned data, each running one trial's CV at a time
 * (see worker.ts). The main thread keeps the study: it reports each posted round's fold mean to
 * the trial, asks the pruner, and stops a worker's CV by writing the task id into the worker's
 * shared control word (`Atomics.store`), which the worker checks every round.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DataError, ParamError, TrialPruned, TunerError } from '../core/errors.js';
import { log } from '../core/log.js';
import type { BinnedDataset } from '../data/binned-dataset.js';
import type { FoldCopy } from '../gbdt/boosting/fold-copies.js';
import type { CvTrialResult, CvTrialSettings } from './cv-trial.js';
import { binnedParts } from './shared-bins.js';
import type { FromWorker, ToWorker } from './worker.js';

/** Per-round hook of a task: return true to stop (prune) the task. */
export type RoundHook = (iteration: number, value: number) => boolean;

interface Slot {
  worker: Worker;
  control: Int32Array;
  busy: boolean;
}

interface Pending {
  slot: Slot;
  onRound: RoundHook;
  resolve: (r: CvTrialResult) => void;
  reject: (e: unknown) => void;
  settled: boolean;
  interrupted: boolean;
}

function settle(p: Pending, f: () => void): void {
  if (p.settled) return;
  p.settled = true;
  f();
}

/** The compiled worker script: next to this module, or under dist/ when running from TypeScript sources (tests). */
function workerUrl(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const path = fileURLToPath(import.meta.url).replace(/([\\/])src([\\/])integration([\\/])[^\\/]+$/, '$1dist$2integration$3worker.js');
  if (!existsSync(path)) throw new TunerError(`nJobs > 1 needs the compiled worker ${path}; run \`npm run build\` first`);
  return pathToFileURL(path);
}

function rebuildError(name: string, message: string): Error {
  if (name === 'ParamError') return new ParamError('', undefined, message);
  if (name === 'DataError') return new DataError(message);
  if (name === 'TunerError') return new TunerError(message);
  const e = new Error(message);
  e.name = name;
  return e;
}

/**
 * A pool of CV workers.
 *
 * @example
 * ```ts
 * const pool = new WorkerPool(2, binned, settings, foldCopiesFor(binned, settings.folds, { allocate: (n) => new SharedArrayBuffer(n) }));
 * const r = await pool.run({ num_leaves: 31 }, (it, v) => false);
 * await pool.close();
 * ```
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((s: Slot) => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextTask = 1;

  /** `foldCopies`: the folds' rows copied in shared memory (cv's foldCopiesFor), or null. */
  constructor(size: number, binned: BinnedDataset, settings: CvTrialSettings, foldCopies: FoldCopy[] | null = null) {
    const url = workerUrl();
    const parts = binnedParts(binned);
    const copies = foldCopies === null ? null : foldCopies.map((c) => ({ train: binnedParts(c.train), valid: binnedParts(c.valid) }));
    for (let i = 0; i < size; i++) {
      const control = new Int32Array(new SharedArrayBuffer(4));
      const worker = new Worker(url);
      worker.unref();
      const slot: Slot = { worker, control, busy: false };
      worker.on('message', (m: FromWorker) => this.onMessage(m));
      worker.on('error', (e) => this.failSlot(slot, e));
      const init: ToWorker = { kind: 'init', parts, copies, settings, control, logLevel: log.getLevel() };
      worker.postMessage(init);
      this.slots.push(slot);
    }
  }

  /** Runs one trial's CV on a free worker. Rejects with TrialPruned when `onRound` asked to stop. */
  async run(params: Record<string, unknown>, onRound: RoundHook): Promise<CvTrialResult> {
    const slot = await this.acquire();
    const task = this.nextTask++;
    return new Promise<CvTrialResult>((resolve, reject) => {
      this.pending.set(task, { slot, onRound, resolve, reject, settled: false, interrupted: false });
      const msg: ToWorker = { kind: 'run', task, params };
      slot.worker.postMessage(msg);
    });
  }

  /** Stops every running task (they reject with a TunerError 'interrupted'). */
  interrupt(): void {
    for (const [task, p] of this.pending) {
      p.interrupted = true;
      Atomics.store(p.slot.control, 0, task);
    }
  }

  /** Terminates the workers. */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free !== undefined) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((res) => this.waiting.push(res));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(slot);
    else slot.busy = false;
  }

  private onMessage(m: FromWorker): void {
    const p = this.pending.get(m.task);
    if (p === undefined) return;
    if (m.kind === 'round') {
      if (p.settled) return;
      try {
        if (p.onRound(m.iteration, m.value)) {
          Atomics.store(p.slot.control, 0, m.task);
          settle(p, () => p.reject(new TrialPruned(`pruned at round ${m.iteration + 1}`)));
        }
      } catch (e) {
        Atomics.store(p.slot.control, 0, m.task);
        settle(p, () => p.reject(e));
      }
      return;
    }
    // a final message: the task's outcome (unless already settled) and the worker is free again
    if (m.kind === 'done') settle(p, () => p.resolve({ value: m.value, bestIteration: m.bestIteration }));
    else if (m.kind === 'stopped') settle(p, () => p.reject(p.interrupted ? new TunerError('the trial was interrupted') : new TrialPruned('pruned')));
    else settle(p, () => p.reject(rebuildError(m.name, m.message)));
    this.pending.delete(m.task);
    this.release(p.slot);
  }

  private failSlot(slot: Slot, e: unknown): void {
    for (const [task, p] of this.pending) {
      if (p.slot === slot) {
        this.pending.delete(task);
        settle(p, () => p.reject(e));
      }
    }
  }
}
