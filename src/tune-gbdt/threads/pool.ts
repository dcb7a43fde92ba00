/**
 * N worker threads over ONE shared copy of the binned data, each running one trial's CV at a time
 * (see trial-thread.ts). The main thread keeps the study. When the pruner can state its decisions as
 * per-step thresholds (`Trial.stepThresholds`: MedianPruner, PercentilePruner, NopPruner), the
 * worker prunes its trial itself against them: they sit in shared memory, rewritten when another
 * trial finishes ({@link WorkerPool.refreshPruning}), and the worker posts its rounds' fold means
 * in batches, only for the study's records. Otherwise the worker posts every round, the main
 * thread reports it and asks the pruner, and stops the CV by writing the task id into the
 * worker's shared control word (`Atomics.store`), which the worker checks every round.
 *
 * A pool outlives its study: {@link acquirePool} hands out the idle pool a finished study gave
 * back ({@link releasePool}) before it starts new threads, as loky's reusable executor does. A new
 * thread compiles the trainer's hot code cold (about 0.3 s of a breast_cancer study per worker), so
 * the second study of a process runs on warm workers. Idle workers are unref'd (they never keep the
 * process alive) and hold no data: releasing a pool drops the workers' references to the bins.
 */
import type { Worker } from 'node:worker_threads';
import { DataError, ParamError, TrialPruned, TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { startWorker, workerExecArgv, workerScript } from '../../core/worker-start.js';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import type { FoldCopy } from '../../gbdt/boosting/fold-copies.js';
import type { CvTrialResult, CvTrialSettings, FoldPruning } from '../cv-trial.js';
import { binnedParts } from './shared-bins.js';
import type { FromWorker, ToWorker } from './trial-thread.js';

/** Per-round hook of a task: return true to stop (prune) the task. */
export type RoundHook = (iteration: number, value: number) => boolean;

/**
 * A task pruned in its worker: the pruner's per-step thresholds (see `Trial.stepThresholds`) now
 * and, from `refresh`, after other trials finished; `maximize`: the direction.
 */
export interface WorkerPruning {
  thresholds: Float64Array;
  refresh: () => Float64Array;
  maximize: boolean;
}

interface Slot {
  worker: Worker;
  /** [0]: the id of a task to stop; [1]: the thresholds' sequence number (odd while they are written). */
  control: Int32Array;
  /** The shared per-step thresholds of the slot's task (grown as a task needs). */
  thresholds: Float64Array;
  busy: boolean;
}

interface Pending {
  slot: Slot;
  onRound: RoundHook;
  pruning: WorkerPruning | null;
  resolve: (r: CvTrialResult) => void;
  reject: (e: unknown) => void;
  settled: boolean;
}

function settle(p: Pending, f: () => void): void {
  if (p.settled) return;
  p.settled = true;
  f();
}

/** The compiled worker script (dist/ when running from the TypeScript sources). */
function workerUrl(): URL {
  const url = workerScript(import.meta.url, 'trial-thread.js');
  if (url === null) throw new TunerError('nJobs > 1 needs the compiled worker dist/tune-gbdt/threads/trial-thread.js; run `npm run build` first');
  return url;
}

export { workerExecArgv };

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
 * const pool = acquirePool(2);
 * pool.attach(binned, settings, foldCopiesFor(binned, settings.folds, { allocate: (n) => new SharedArrayBuffer(n) }));
 * const r = await pool.run({ num_leaves: 31 }, (it, v) => false);
 * releasePool(pool);
 * ```
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((s: Slot) => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextTask = 1;
  private failed = false;

  /** Starts `size` workers (they load their code while the caller reads and bins the data). */
  constructor(size: number) {
    const url = workerUrl();
    for (let i = 0; i < size; i++) {
      const control = new Int32Array(new SharedArrayBuffer(8));
      const worker = startWorker(url);
      const slot: Slot = { worker, control, thresholds: new Float64Array(new SharedArrayBuffer(0)), busy: false };
      worker.on('message', (m: FromWorker) => this.onMessage(m));
      worker.on('error', (e) => this.failSlot(slot, e));
      this.slots.push(slot);
    }
  }

  /**
   * Whether the workers keep the process alive: yes while a study uses the pool (its trials are
   * awaited), no while the pool is idle. (A 'message' listener refs a worker's port, so this is
   * set after the listeners.)
   */
  keepAlive(on: boolean): void {
    for (const s of this.slots) {
      if (on) s.worker.ref();
      else s.worker.unref();
    }
  }

  /** Number of workers. */
  get size(): number {
    return this.slots.length;
  }

  /** True once a worker died (an uncaught error): the pool must not be reused. */
  get broken(): boolean {
    return this.failed;
  }

  /**
   * Hands every worker a study's data: the shared bins, the study's settings and, when not null,
   * the folds' rows copied in shared memory (cv's foldCopiesFor), and the trainer threads of each
   * trial (`num_threads` 0 means this many; see jobs.ts). Messages are handled in order, so a
   * worker still finishing an earlier study's pruned task takes the new data after it.
   */
  attach(binned: BinnedDataset, settings: CvTrialSettings, foldCopies: FoldCopy[] | null = null, trainerThreads = 1): void {
    const parts = binnedParts(binned);
    const copies = foldCopies === null ? null : foldCopies.map((c) => ({ train: binnedParts(c.train), valid: binnedParts(c.valid) }));
    for (const slot of this.slots) {
      const init: ToWorker = { kind: 'init', parts, copies, settings, control: slot.control, logLevel: log.getLevel(), trainerThreads };
      slot.worker.postMessage(init);
    }
  }

  /** Makes the workers drop the attached data (the bins can then be garbage-collected). */
  detach(): void {
    for (const slot of this.slots) slot.worker.postMessage({ kind: 'detach' } satisfies ToWorker);
  }

  /**
   * Runs one trial's CV on a free worker. Rejects with TrialPruned when `onRound` asked to stop, or
   * when the worker pruned the task against `pruning`'s thresholds (then `onRound` sees the rounds
   * in batches, up to the pruned one, and its answer still stops the task).
   */
  async run(params: Record<string, unknown>, onRound: RoundHook, pruning: WorkerPruning | null = null, folds: FoldPruning | null = null): Promise<CvTrialResult> {
    const slot = await this.acquire();
    const task = this.nextTask++;
    let local: { thresholds: Float64Array; maximize: boolean } | null = null;
    if (pruning !== null) {
      if (slot.thresholds.length < pruning.thresholds.length) slot.thresholds = new Float64Array(new SharedArrayBuffer(8 * pruning.thresholds.length));
      writeThresholds(slot, pruning.thresholds);
      local = { thresholds: slot.thresholds, maximize: pruning.maximize };
    }
    return new Promise<CvTrialResult>((resolve, reject) => {
      this.pending.set(task, { slot, onRound, pruning, resolve, reject, settled: false });
      const msg: ToWorker = { kind: 'run', task, params, pruning: local, folds };
      slot.worker.postMessage(msg);
    });
  }

  /** Rewrites the thresholds of the tasks pruned in their workers (call when a trial finished). */
  refreshPruning(): void {
    for (const p of this.pending.values()) {
      if (p.pruning !== null && !p.settled) writeThresholds(p.slot, p.pruning.refresh());
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
    if (m.kind === 'round' || m.kind === 'rounds') {
      if (p.settled) return;
      const first = m.kind === 'round' ? m.iteration : m.first;
      const values = m.kind === 'round' ? [m.value] : m.values;
      try {
        for (let i = 0; i < values.length; i++) {
          if (p.onRound(first + i, values[i])) {
            Atomics.store(p.slot.control, 0, m.task);
            settle(p, () => p.reject(new TrialPruned(`pruned at round ${first + i + 1}`)));
            return;
          }
        }
      } catch (e) {
        Atomics.store(p.slot.control, 0, m.task);
        settle(p, () => p.reject(e));
      }
      return;
    }
    // a final message: the task's outcome (unless already settled) and the worker is free again
    if (m.kind === 'done') settle(p, () => p.resolve(m.result));
    else if (m.kind === 'pruned') {
      // pruned while its first folds trained alone: their means go with the error (evaluateParams reports them)
      const e = new TrialPruned(`pruned at round ${m.iteration + 1}`);
      settle(p, () => p.reject(m.firstMeans !== null ? Object.assign(e, { firstMeans: m.firstMeans }) : e));
    }
    else if (m.kind === 'stopped') settle(p, () => p.reject(new TrialPruned('pruned')));
    else settle(p, () => p.reject(rebuildError(m.name, m.message)));
    this.pending.delete(m.task);
    this.release(p.slot);
  }

  private failSlot(slot: Slot, e: unknown): void {
    this.failed = true;
    for (const [task, p] of this.pending) {
      if (p.slot === slot) {
        this.pending.delete(task);
        settle(p, () => p.reject(e));
      }
    }
  }
}

/**
 * Writes a task's thresholds into its slot under a sequence lock: the worker reads a step's
 * threshold between two reads of an even, unchanged sequence number (see trial-thread.ts).
 */
function writeThresholds(slot: Slot, thresholds: Float64Array): void {
  Atomics.add(slot.control, 1, 1);
  slot.thresholds.set(thresholds.length <= slot.thresholds.length ? thresholds : thresholds.subarray(0, slot.thresholds.length));
  slot.thresholds.fill(NaN, thresholds.length);
  Atomics.add(slot.control, 1, 1);
}

/** The idle pool kept for the next study of this process (one at most). */
let idle: WorkerPool | null = null;

/**
 * A pool of `size` workers for one study: the idle pool an earlier study released, when it has
 * that size, else a new one. Give it back with {@link releasePool}.
 */
export function acquirePool(size: number): WorkerPool {
  const kept = idle;
  idle = null;
  if (kept !== null) {
    if (kept.size === size) {
      kept.keepAlive(true);
      return kept;
    }
    void kept.close();
  }
  return new WorkerPool(size);
}

/**
 * Gives a study's pool back: its workers drop the study's data and wait, unref'd, for the next
 * {@link acquirePool} (a pool whose worker died is closed instead). Replaces an idle pool kept
 * earlier (that one is closed).
 */
export function releasePool(pool: WorkerPool): void {
  if (pool.broken) {
    void pool.close();
    return;
  }
  pool.detach();
  pool.keepAlive(false);
  if (idle !== null && idle !== pool) void idle.close();
  idle = pool;
}

/** Terminates the idle pool, if any (tests; a process exits without it, as idle workers are unref'd). */
export async function closeIdlePool(): Promise<void> {
  const kept = idle;
  idle = null;
  if (kept !== null) await kept.close();
}
