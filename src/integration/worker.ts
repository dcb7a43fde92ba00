/**
 * The worker thread of {@link WorkerPool}: receives a study's shared bins ('init'; 'detach' drops
 * them while the pool waits for its next study), then runs one trial's CV per 'run' message,
 * posting every round's fold mean back ('round'), and the result ('done') or the error ('error').
 * The main thread prunes a trial by storing its task id into the shared control word; the round
 * callback sees it and stops the CV.
 */
import { parentPort } from 'node:worker_threads';
import type { BinnedDataset } from '../data/binned-dataset.js';
import { log } from '../core/log.js';
import { adoptFoldCopies } from '../gbdt/boosting/fold-copies.js';
import { runCvTrial, type CvTrialSettings } from './cv-trial.js';
import { binnedFromParts, type BinnedParts } from './shared-bins.js';

/** Messages the main thread sends. */
export type ToWorker =
  | { kind: 'init'; parts: BinnedParts; copies: { train: BinnedParts; valid: BinnedParts }[] | null; settings: CvTrialSettings; control: Int32Array; logLevel: string }
  | { kind: 'detach' }
  | { kind: 'run'; task: number; params: Record<string, unknown> };

/** Messages the worker sends. */
export type FromWorker =
  | { kind: 'round'; task: number; iteration: number; value: number }
  | { kind: 'done'; task: number; value: number; bestIteration: number }
  | { kind: 'stopped'; task: number }
  | { kind: 'error'; task: number; name: string; message: string };

class Stopped extends Error {}

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
    try {
      const r = runCvTrial(binned as BinnedDataset, msg.params, settings as CvTrialSettings, (iteration, value) => {
        if (Atomics.load(ctrl, 0) === task) throw new Stopped();
        port.postMessage({ kind: 'round', task, iteration, value } satisfies FromWorker);
      });
      port.postMessage({ kind: 'done', task, value: r.value, bestIteration: r.bestIteration } satisfies FromWorker);
    } catch (e) {
      if (e instanceof Stopped) port.postMessage({ kind: 'stopped', task } satisfies FromWorker);
      else {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ kind: 'error', task, name: err.name, message: err.message } satisfies FromWorker);
      }
    }
  });
}
