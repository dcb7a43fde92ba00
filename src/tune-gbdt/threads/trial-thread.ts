/**
 * The worker thread of {@link WorkerPool}: receives a study's shared bins ('init'; 'detach' drops
 * them while the pool waits for its next study), then runs one trial's CV per 'run' message,
 * and the result ('done') or the error ('error'). A task given thresholds prunes itself at the
 * first step whose threshold its best fold mean so far fails ('pruned'), and posts its rounds'
 * fold means in batches ('rounds', at most every {@link BATCH_MS} ms, and before its final message);
 * a task without posts every round ('round'). Either way the main thread can stop a task by storing
 * its id into the shared control word; the round callback sees it and stops the CV ('stopped').
 */
import { parentPort } from 'node:worker_threads';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import { log } from '../../core/log.js';
import { adoptFoldCopies } from '../../gbdt/boosting/fold-copies.js';
import { setDefaultTrainerThreads } from '../../gbdt/threads/trainer-pool.js';
import { prunedByThreshold } from '../../tune/pruners/base.js';
import { runCvTrial, type CvTrialResult, type CvTrialSettings, type FoldPruning } from '../cv-trial.js';
import { binnedFromParts, type BinnedParts } from './shared-bins.js';

/** Messages the main thread sends. */
export type ToWorker =
  | {
      kind: 'init';
      parts: BinnedParts;
      copies: { train: BinnedParts; valid: BinnedParts }[] | null;
      settings: CvTrialSettings;
      control: Int32Array;
      logLevel: string;
      /** Trainer threads of this thread's trainings whose num_threads is 0 (the default). */
      trainerThreads: number;
    }
  | { kind: 'detach' }
  | { kind: 'run'; task: number; params: Record<string, unknown>; pruning: { thresholds: Float64Array; maximize: boolean } | null; folds: FoldPruning | null };

/** Messages the worker sends. */
export type FromWorker =
  | { kind: 'round'; task: number; iteration: number; value: number }
  | { kind: 'rounds'; task: number; first: number; values: number[] }
  | { kind: 'done'; task: number; result: CvTrialResult }
  | { kind: 'pruned'; task: number; iteration: number; firstMeans: number[] | null }
  | { kind: 'stopped'; task: number }
  | { kind: 'error'; task: number; name: string; message: string };

class Stopped extends Error {}

class Pruned extends Error {
  constructor(readonly iteration: number) {
    super('pruned');
  }
}

/** The longest a self-pruning task keeps its rounds before posting them (the study's records only). */
const BATCH_MS = 200;

/**
 * The threshold at `step`, read under the main thread's sequence lock (it rewrites the
 * thresholds when a trial finishes): retried while a write is under way.
 */
function thresholdAt(thresholds: Float64Array, ctrl: Int32Array, step: number): number {
  if (step >= thresholds.length) return NaN;
  for (;;) {
    const seq = Atomics.load(ctrl, 1);
    const t = thresholds[step];
    if ((seq & 1) === 0 && Atomics.load(ctrl, 1) === seq) return t;
  }
}

let binned: BinnedDataset | null = null;
let settings: CvTrialSettings | null = null;
let control: Int32Array | null = null;

const port = parentPort;
if (port !== null) {
  port.on('message', (msg: ToWorker) => {
    if (msg.kind === 'init') {
      binned = binnedFromParts(msg.parts);
      settings = msg.settings;
      // the folds' shared copies: every trial's cv trains on them instead of copying its own
      if (msg.copies !== null) adoptFoldCopies(binned, settings.folds, msg.copies.map((c) => ({ train: binnedFromParts(c.train), valid: binnedFromParts(c.valid) })));
      control = msg.control;
      // trials at once share the cores: each trains on its share unless its params say otherwise
      setDefaultTrainerThreads(msg.trainerThreads);
      log.setLevel(msg.logLevel as Parameters<typeof log.setLevel>[0]);
      return;
    }
    if (msg.kind === 'detach') {
      // the pool waits for its next study: let the study's bins and fold copies be collected
      binned = null;
      settings = null;
      return;
    }
    const task = msg.task;
    const ctrl = control as Int32Array;
    const pruning = msg.pruning;
    // a self-pruning task's rounds not yet posted: values[i] is round first + i
    let values: number[] = [];
    let first = 0;
    let posted = performance.now();
    const flush = (): void => {
      if (values.length === 0) return;
      port.postMessage({ kind: 'rounds', task, first, values } satisfies FromWorker);
      values = [];
    };
    let best = NaN;
    const firstMeans: number[] = [];
    let inFirst = false;
    try {
      // the first folds alone (fold-level pruning): stopped by the main thread or by the thresholds, never posted
      let firstBest = NaN;
      const onFirstRound = (iteration: number, value: number): void => {
        inFirst = true;
        firstMeans.push(value);
        if (Atomics.load(ctrl, 0) === task) throw new Stopped();
        if (pruning === null) return;
        if (!Number.isNaN(value) && (Number.isNaN(firstBest) || (pruning.maximize ? value > firstBest : value < firstBest))) firstBest = value;
        if (prunedByThreshold(thresholdAt(pruning.thresholds, ctrl, iteration), firstBest, pruning.maximize)) throw new Pruned(iteration);
      };
      const r = runCvTrial(binned as BinnedDataset, msg.params, settings as CvTrialSettings, (iteration, value) => {
        inFirst = false;
        if (Atomics.load(ctrl, 0) === task) throw new Stopped();
        if (pruning === null) {
          port.postMessage({ kind: 'round', task, iteration, value } satisfies FromWorker);
          return;
        }
        if (values.length === 0) first = iteration;
        values.push(value);
        if (!Number.isNaN(value) && (Number.isNaN(best) || (pruning.maximize ? value > best : value < best))) best = value;
        if (prunedByThreshold(thresholdAt(pruning.thresholds, ctrl, iteration), best, pruning.maximize)) throw new Pruned(iteration);
        const now = performance.now();
        if (now - posted >= BATCH_MS) {
          flush();
          posted = now;
        }
      }, msg.folds, onFirstRound);
      flush();
      port.postMessage({ kind: 'done', task, result: r } satisfies FromWorker);
    } catch (e) {
      flush();
      if (e instanceof Stopped) port.postMessage({ kind: 'stopped', task } satisfies FromWorker);
      else if (e instanceof Pruned) port.postMessage({ kind: 'pruned', task, iteration: e.iteration, firstMeans: inFirst ? firstMeans : null } satisfies FromWorker);
      else {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ kind: 'error', task, name: err.name, message: err.message } satisfies FromWorker);
      }
    }
  });
}
