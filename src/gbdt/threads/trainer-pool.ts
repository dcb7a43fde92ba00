/**
 * The trainer's threads: one pool per process (per thread that trains), its workers started once,
 * when the first training large enough to use them asks, and reused by every later training; idle
 * workers are unref'd and never keep the process alive. The learner on the calling thread runs
 * every phase of a tree synchronously: it writes the phase's plan into shared memory, wakes the
 * workers (`Atomics.notify`), claims tasks itself like any worker, and waits (`Atomics.wait`) for
 * the tasks the workers claimed. A worker not started yet, or busy elsewhere, simply claims
 * nothing: the calling thread runs what is left, so a training never waits for a worker to start.
 *
 * Tasks are claimed by compare-and-swap on 64-bit words holding the phase number and a range of
 * tasks: each thread of the phase owns a contiguous range (the calling thread the first, worker i
 * the (i + 1)-th), its word alone on a 64-byte line. A thread runs its own range from the front,
 * then takes what is left of the others' from their backs. A phase is closed (every word's range
 * emptied) before the next phase's plan is written, so a worker that wakes late can never run a
 * task against the wrong plan. Which thread ran which task never changes a result (see
 * node-tasks.ts), so models do not depend on the thread count.
 *
 * Why owned ranges (not one shared next-task counter): the learner cuts every phase into tasks in
 * row (or partition) order, so the thread that owns the first tasks of one phase touches mostly
 * the same rows in the next — the gradients it computed, the root's pairs it filled, the entries
 * it placed, the scores it added — and reads them from its own core's cache. With one counter the
 * tasks went to the threads in whatever order they came, and half of what a task read had just
 * been written by the other core. On the 2-vCPU development machine (AMD EPYC, a KVM guest whose
 * two vCPUs the host places on cores that share a cache or not, a cache line's round trip 130 ns
 * or 340 ns) that traffic cost 3 s of CPU of 12 per 1M x 28 training in the far placement.
 * See the commit log of `h33-placement` for the per-phase figures.
 *
 * Learners attach their buffers (NodeTaskParts, shared memory) to the workers by message; a
 * worker reads its messages synchronously (`receiveMessageOnPort`) when it wakes, before it
 * claims any task of the phase, so it always knows the learner a phase names. A batch prediction
 * is attached the same way ({@link TrainerPool.attachPrediction}) and runs as one phase of row
 * ranges (predict-tasks.ts).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { GbtuneError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { startWorker, workerScript } from '../../core/worker-start.js';
import type { TaskKind } from '../tree/node-plan.js';
import type { NodeTaskParts } from '../tree/node-tasks.js';
import type { PredictParts } from './predict-tasks.js';

/** Control words (Int32) shared with the workers. */
export const Ctrl = { gen: 0, done: 1, learner: 2, kind: 3, tasks: 4, maxWorkers: 5, error: 6, workerTasks: 7, spin: 8, dropped: 9 } as const;
export const CTRL_SIZE = 10;
/** The claim word's range part once a phase is closed: front 0xffff, back 0 (no task). */
export const CLOSED = 0xffff0000n;
/** Int64 words between two threads' claim words (one 64-byte line each). */
export const CLAIM_STRIDE = 8;
/** The most tasks of a phase (a claim word holds a task number in 16 bits). */
export const MAX_TASKS = 0xffff;
const LOW = 0xffffffffn;

/**
 * `callerRunsTasks`: the calling thread claims tasks too (false in tests, to make the workers run
 * every task of a phase); `callerSteals`: it also takes tasks of the workers' ranges once its own
 * are done (false in tests that need the workers to run theirs: on a loaded machine a worker can
 * wake after the calling thread ran every task). `spinMicros`: how long a worker that finished a phase, and the calling
 * thread waiting for the workers' last tasks, poll the shared word before they sleep
 * (`Atomics.wait`): a tree's phases follow each other within microseconds, while waking a
 * sleeping thread takes tens of microseconds here (a virtual machine's idle core); see
 * parallel-plan.ts for the measurement.
 */
export const trainerPoolSwitches = { callerRunsTasks: true, callerSteals: true, spinMicros: 500 };

/**
 * Polls `word[at]` while it equals `value`, for at most `micros` µs; returns true when it changed.
 *
 * @example
 * ```ts
 * if (!spinWhile(ctrl, Ctrl.gen, seen, 200)) Atomics.wait(ctrl, Ctrl.gen, seen);
 * ```
 */
export function spinWhile(word: Int32Array, at: number, value: number, micros: number): boolean {
  if (micros <= 0) return Atomics.load(word, at) !== value;
  const end = performance.now() + micros / 1000;
  for (let k = 1; ; k++) {
    if (Atomics.load(word, at) !== value) return true;
    // the clock every 64 polls: a poll is a few nanoseconds, a clock read tens
    if ((k & 63) === 0 && performance.now() > end) return false;
  }
}

/** The most threads a training uses (the calling thread included). */
export const MAX_THREADS = 64;

/** Messages a worker reads from its port: a learner's or a prediction's buffers attached, or dropped. */
export type ToTrainerThread =
  | { kind: 'attach'; id: number; parts: NodeTaskParts }
  | { kind: 'attach-predict'; id: number; parts: PredictParts }
  | { kind: 'detach'; id: number };

/** What runs a phase's tasks on a thread: a learner's NodeTasks or a prediction's PredictTasks. */
export interface PhaseTasks {
  run(kind: number, task: number): void;
}

/** What a worker reports on its port: a task that threw. */
export interface TaskFailure {
  name: string;
  message: string;
}

/**
 * Opens phase `gen` of `nTasks` tasks (at most {@link MAX_TASKS}) to `owners` threads: owner o's
 * word holds tasks `floor(o * n / owners) .. floor((o + 1) * n / owners)`.
 *
 * @example
 * ```ts
 * openClaims(claim, gen, 8, 2); // owner 0: tasks 0..3, owner 1: 4..7
 * ```
 */
export function openClaims(word: BigInt64Array, gen: number, nTasks: number, owners: number): void {
  const tag = BigInt(gen) << 32n;
  for (let o = 0; o < owners; o++) Atomics.store(word, o * CLAIM_STRIDE, tag | BigInt(ownedFrom(o, nTasks, owners) * 0x10000 + ownedFrom(o + 1, nTasks, owners)));
}

/** The first task owner `o` of `owners` owns in a phase of `nTasks` (owner o: from(o) .. from(o + 1)). */
const ownedFrom = (o: number, nTasks: number, owners: number): number => Math.floor((o * nTasks) / owners);

/**
 * Closes phase `gen` for `owners` threads: no task can be claimed any more. Returns the number of
 * tasks claimed before (of `nTasks`, as {@link openClaims} cut them).
 *
 * @example
 * ```ts
 * const claimed = closeClaims(claim, gen, 8, 2);
 * ```
 */
export function closeClaims(word: BigInt64Array, gen: number, nTasks: number, owners: number): number {
  const closed = (BigInt(gen) << 32n) | CLOSED;
  let claimed = 0;
  for (let o = 0; o < owners; o++) {
    const v = Atomics.exchange(word, o * CLAIM_STRIDE, closed);
    const lo = ownedFrom(o, nTasks, owners);
    const hi = ownedFrom(o + 1, nTasks, owners);
    const low = Number(v & LOW);
    const front = low >>> 16;
    const back = low & 0xffff;
    claimed += front >= back ? hi - lo : front - lo + (hi - back);
  }
  return claimed;
}

/**
 * Claims a task of phase `gen` for owner `self` of `owners`: the front of its own range, else
 * (`steal`) the back of another's (the next owners' first); -1 when the phase has no task left
 * (of those it may claim) or is over.
 *
 * @example
 * ```ts
 * for (let t = claimTask(word, gen, 1, 2); t >= 0; t = claimTask(word, gen, 1, 2)) run(t);
 * ```
 */
export function claimTask(word: BigInt64Array, gen: number, self: number, owners: number, steal = true): number {
  const tag = BigInt(gen) << 32n;
  for (let k = 0; k < (steal ? owners : 1); k++) {
    const at = ((self + k) % owners) * CLAIM_STRIDE;
    for (;;) {
      const v = Atomics.load(word, at);
      if ((v & ~LOW) !== tag) return -1;
      const low = Number(v & LOW);
      const front = low >>> 16;
      const back = low & 0xffff;
      if (front >= back) break;
      if (k === 0) {
        if (Atomics.compareExchange(word, at, v, v + 0x10000n) === v) return front;
      } else if (Atomics.compareExchange(word, at, v, v - 1n) === v) return back - 1;
    }
  }
  return -1;
}

interface Thread {
  worker: Worker;
  port: MessagePort;
}

/** Counters for tests and benchmarks. */
export interface TrainerPoolStats {
  /** Workers started by this pool. */
  started: number;
  /** Phases run with workers invited. */
  phases: number;
  /** Tasks run by workers (the rest ran on the calling thread). */
  workerTasks: number;
  /** Milliseconds the calling thread spent waiting for workers to finish their tasks of a phase. */
  waitMs: number;
  /**
   * Learners dropped by workers, summed over the workers, each counted once its worker has
   * collected its heap (the learner's memory is then free as far as that worker goes).
   */
  dropped: number;
}

/**
 * The process's trainer threads (see the module doc). Get it with {@link trainerPool}.
 *
 * @example
 * ```ts
 * const pool = trainerPool(4);
 * const id = pool.attach(parts);
 * pool.run(id, TaskKind.build, nTiles, 3, localTasks);
 * pool.detach(id);
 * ```
 */
export class TrainerPool {
  private readonly threads: Thread[] = [];
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL_SIZE));
  private readonly claim = new BigInt64Array(new SharedArrayBuffer(8 * CLAIM_STRIDE * MAX_THREADS));
  private readonly attached = new Map<number, ToTrainerThread>();
  private readonly url: URL;
  private nextId = 1;
  private gen = 0;
  private phases = 0;
  private waitMs = 0;
  private readonly cores = availableParallelism();
  private closed = false;

  constructor(url: URL) {
    this.url = url;
  }

  /** Workers started. */
  get size(): number {
    return this.threads.length;
  }

  /** Starts workers until there are `n` (they load their code while the caller trains). */
  ensureWorkers(n: number): void {
    while (!this.closed && this.threads.length < Math.min(n, MAX_THREADS - 1)) {
      const { port1, port2 } = new MessageChannel();
      const worker = startWorker(this.url, {
        workerData: { ctrl: this.ctrl, claim: this.claim, index: this.threads.length, port: port2 },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      // a worker never exits by itself; one that failed to start leaves its tasks to the others
      worker.on('error', (e) => log.debug(`trainer thread failed: ${e instanceof Error ? e.message : String(e)}`));
      for (const message of this.attached.values()) port1.postMessage(message);
      this.threads.push({ worker, port: port1 });
    }
  }

  /** Makes a learner's buffers known to every worker (and to workers started later); returns its id. */
  attach(parts: NodeTaskParts): number {
    const id = this.nextId++;
    this.update(id, parts);
    return id;
  }

  /** Replaces the buffers of learner `id` (after it grew one). */
  update(id: number, parts: NodeTaskParts): void {
    this.send({ kind: 'attach', id, parts });
  }

  /** Makes a prediction's buffers known to every worker (see predict-tasks.ts); returns its id, to {@link detach} after. */
  attachPrediction(parts: PredictParts): number {
    const id = this.nextId++;
    this.send({ kind: 'attach-predict', id, parts });
    return id;
  }

  private send(message: ToTrainerThread & { id: number }): void {
    this.attached.set(message.id, message);
    for (const t of this.threads) t.port.postMessage(message);
  }

  /**
   * Makes the workers drop learner `id`'s buffers (now: they wake for it). It does not wait for
   * them: a worker collects its heap after dropping a learner (a few ms), while the caller goes on;
   * waiting here cost 7-43 ms per training of 100k x 28 on 2 threads at load 7 (a 200 ms training).
   * {@link TrainerPoolStats.dropped} counts the drops done.
   */
  detach(id: number): void {
    if (!this.attached.delete(id)) return;
    for (const t of this.threads) t.port.postMessage({ kind: 'detach', id } satisfies ToTrainerThread);
    // an empty phase wakes the workers to read it now: an idle worker would otherwise keep the
    // learner's buffers (and its data's bins) until the next training on threads
    const gen = (this.gen = (this.gen + 1) & 0x7fffffff);
    Atomics.store(this.ctrl, Ctrl.tasks, 0);
    closeClaims(this.claim, gen, 0, MAX_THREADS);
    Atomics.store(this.ctrl, Ctrl.gen, gen);
    Atomics.notify(this.ctrl, Ctrl.gen);
  }

  /**
   * Runs tasks 0..nTasks-1 of a phase of learner `id`, on this thread (`local`) and on up to
   * `maxWorkers` workers; returns when all are done. Throws the first task failure. `kind`: a
   * learner's {@link TaskKind}; a prediction has one kind of task (0).
   */
  run(id: number, kind: TaskKind | 0, nTasks: number, maxWorkers: number, local: PhaseTasks): void {
    if (nTasks > MAX_TASKS) throw new GbtuneError(`a trainer phase of ${nTasks} tasks: at most ${MAX_TASKS}`, 'TRAINER_PHASE_TOO_LARGE');
    const c = this.ctrl;
    const owners = maxWorkers + 1;
    const gen = (this.gen = (this.gen + 1) & 0x7fffffff);
    this.phases++;
    Atomics.store(c, Ctrl.learner, id);
    Atomics.store(c, Ctrl.kind, kind);
    Atomics.store(c, Ctrl.tasks, nTasks);
    Atomics.store(c, Ctrl.maxWorkers, maxWorkers);
    Atomics.store(c, Ctrl.done, 0);
    // more threads than cores: a polling thread would take the core of one with work
    const spin = maxWorkers < this.cores ? trainerPoolSwitches.spinMicros : 0;
    Atomics.store(c, Ctrl.spin, spin);
    openClaims(this.claim, gen, nTasks, owners);
    Atomics.store(c, Ctrl.gen, gen);
    Atomics.notify(c, Ctrl.gen);
    let failure: unknown = null;
    const caller = trainerPoolSwitches.callerRunsTasks;
    const steal = trainerPoolSwitches.callerSteals;
    for (let t = caller ? claimTask(this.claim, gen, 0, owners, steal) : -1; t >= 0; t = claimTask(this.claim, gen, 0, owners, steal)) {
      try {
        local.run(kind, t);
      } catch (e) {
        failure = e;
        break;
      } finally {
        Atomics.add(c, Ctrl.done, 1);
      }
    }
    // after a failure here, no more claims: wait only for the tasks already claimed
    const claimed = failure === null ? nTasks : closeClaims(this.claim, gen, nTasks, owners);
    if (Atomics.load(c, Ctrl.done) < claimed) {
      const t0 = performance.now();
      for (;;) {
        const d = Atomics.load(c, Ctrl.done);
        if (d >= claimed) break;
        if (!spinWhile(c, Ctrl.done, d, spin)) Atomics.wait(c, Ctrl.done, d);
      }
      this.waitMs += performance.now() - t0;
    }
    closeClaims(this.claim, gen, nTasks, owners);
    if (failure !== null) throw failure;
    if (Atomics.load(c, Ctrl.error) !== 0) {
      Atomics.store(c, Ctrl.error, 0);
      let report: GbtuneError | null = null;
      for (const t of this.threads) {
        for (let m = receiveMessageOnPort(t.port); m !== undefined; m = receiveMessageOnPort(t.port)) {
          const e = m.message as TaskFailure;
          report ??= new GbtuneError(`a trainer thread failed: ${e.name}: ${e.message}`, 'TRAINER_THREAD_FAILED');
        }
      }
      throw report ?? new GbtuneError('a trainer thread failed', 'TRAINER_THREAD_FAILED');
    }
  }

  /** Counters (see {@link TrainerPoolStats}). */
  stats(): TrainerPoolStats {
    return {
      started: this.threads.length,
      phases: this.phases,
      workerTasks: Atomics.load(this.ctrl, Ctrl.workerTasks),
      waitMs: this.waitMs,
      dropped: Atomics.load(this.ctrl, Ctrl.dropped),
    };
  }

  /** Terminates the workers. */
  async close(): Promise<void> {
    this.closed = true;
    const ts = this.threads.splice(0);
    await Promise.all(ts.map((t) => t.worker.terminate()));
  }
}

let pool: TrainerPool | null = null;
let missingScript = false;
/** Threads a training uses when num_threads <= 0 (see {@link setDefaultTrainerThreads}). */
let defaultThreads = 0;

/**
 * The number of threads a training with `num_threads` uses: the value itself when > 0, else the
 * default — the machine's cores (`os.availableParallelism()`, as LightGBM's OpenMP default), or
 * what {@link setDefaultTrainerThreads} set for this thread; at most {@link MAX_THREADS}.
 *
 * @example
 * ```ts
 * resolveThreads(0); // e.g. 8 on an 8-core machine
 * resolveThreads(2); // 2
 * ```
 */
export function resolveThreads(numThreads: number): number {
  const n = numThreads > 0 ? numThreads : defaultThreads > 0 ? defaultThreads : availableParallelism();
  return Math.max(1, Math.min(MAX_THREADS, Math.floor(n)));
}

/**
 * Sets the threads of a training with num_threads <= 0 on this thread (0: the machine's cores).
 * A tuning trial thread sets 1: trials in parallel threads each train on one thread, with no
 * nested pools, unless their params ask for threads.
 *
 * @example
 * ```ts
 * setDefaultTrainerThreads(1);
 * ```
 */
export function setDefaultTrainerThreads(n: number): void {
  defaultThreads = Math.max(0, Math.floor(n));
}

/**
 * The process's trainer pool with at least `threads - 1` workers (started now, in the background),
 * or null when `threads` is 1 or the worker script is not built.
 *
 * @example
 * ```ts
 * const pool = trainerPool(resolveThreads(params.num_threads));
 * ```
 */
export function trainerPool(threads: number): TrainerPool | null {
  if (threads <= 1 || missingScript) return null;
  if (pool === null) {
    const url = workerScript(import.meta.url, 'trainer-thread.js');
    if (url === null) {
      missingScript = true;
      log.warn('num_threads > 1: the trainer thread script (dist/gbdt/threads/trainer-thread.js) is not built; training on one thread');
      return null;
    }
    pool = new TrainerPool(url);
  }
  pool.ensureWorkers(threads - 1);
  return pool;
}

/**
 * The process's trainer pool's counters, or null when no pool was made (tests).
 *
 * @example
 * ```ts
 * trainerPoolStats()?.started; // workers started so far
 * ```
 */
export function trainerPoolStats(): TrainerPoolStats | null {
  return pool === null ? null : pool.stats();
}

/**
 * Terminates the trainer pool's workers (tests; a process exits without it, the workers being
 * unref'd). The next training that needs threads starts a new pool.
 *
 * @example
 * ```ts
 * await closeTrainerPool();
 * ```
 */
export async function closeTrainerPool(): Promise<void> {
  const p = pool;
  pool = null;
  if (p !== null) await p.close();
}
