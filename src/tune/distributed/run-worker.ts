/**
 * One worker of a shared study (the library side of `gbtune worker`): loads the study from a storage,
 * runs `optimize` on it, closes the storage it opened, and says which trials it ran. Start as many
 * as you like against one storage — processes on one machine with `sqlite://` or `journal://`, on
 * many machines with `postgresql://` or `redis://` — the storage keeps trial numbers unique, and an
 * enqueued trial is popped by exactly one worker.
 *
 * @example
 * ```ts
 * await createStudy({ studyName: 'exp', storage: 'sqlite:///exp.db', loadIfExists: true });
 * const r = await runWorker({ storage: 'sqlite:///exp.db', studyName: 'exp', objective: (t) => t.suggestFloat('x', 0, 1) ** 2, nTrials: 25 });
 * console.log(r.trialNumbers.length); // 25
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { Pruner } from '../pruners/base.js';
import type { Sampler } from '../samplers/base.js';
import { createSampler } from '../samplers/registry.js';
import type { Storage } from '../storages/base.js';
import { getStorage } from '../storages/registry.js';
import type { HeartbeatOptions } from '../heartbeat.js';
import { loadStudy } from '../study/create-study.js';
import type { ErrorClass } from '../study/optimize.js';
import type { Objective, OptimizeCallback, Study } from '../study/study.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { DeterministicBatchSampler } from './deterministic-batch-sampler.js';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions extends HeartbeatOptions<Study> {
  /** A storage URL or instance (an instance is left open). */
  storage: string | Storage;
  /** The study to work on; may be omitted when the storage holds exactly one study. */
  studyName?: string;
  objective: Objective;
  /** Trials this worker runs. Default: no limit (until `timeout` or `study.stop()`). */
  nTrials?: number;
  /** Seconds after which this worker starts no new trial. Default: no limit. */
  timeout?: number;
  /** A sampler or its name. Default: TPE (seeded with `seed` when given); with `batchSize`, a {@link DeterministicBatchSampler}. */
  sampler?: Sampler | string;
  /** A pruner or its name. Default: the median pruner. */
  pruner?: Pruner | string;
  /** Seed of the default sampler (give each worker its own seed, or use `batchSize`). Default: random. */
  seed?: number;
  /** Deterministic mode: trials sampled in batches of this size from the same history (needs `seed`). Default: off. */
  batchSize?: number;
  /** Trials run concurrently in this process. Default 1. */
  nJobs?: number;
  /** Error classes that fail their trial without stopping the worker. Default `[]`. */
  catch?: readonly ErrorClass[];
  /** Called after each finished trial. Default `[]`. */
  callbacks?: readonly OptimizeCallback[];
  /** Aborting it stops the worker after its running trial(s) (e.g. on Ctrl-C). Default: none. */
  signal?: AbortSignal;
}

/** What {@link runWorker} returns. */
export interface WorkerResult {
  studyName: string;
  /** Numbers of the trials this worker finished, in finishing order. */
  trialNumbers: number[];
  /** Their states, in the same order. */
  states: FrozenTrial['state'][];
  /** Seconds spent. */
  seconds: number;
}

/** Builds the sampler of a worker from its options. */
export async function workerSampler({ sampler, seed, batchSize }: Pick<RunWorkerOptions, 'sampler' | 'seed' | 'batchSize'>): Promise<Sampler> {
  if (batchSize !== undefined) {
    if (seed === undefined) throw new TunerError('runWorker: batchSize (deterministic mode) needs a seed');
    if (sampler !== undefined && typeof sampler !== 'string') {
      throw new TunerError('runWorker: with batchSize give the sampler by name (each trial gets a fresh one), or build a DeterministicBatchSampler yourself');
    }
    const name = sampler ?? 'tpe';
    // make one sampler up front so that an unknown name fails now; the factory is synchronous
    const proto = createSampler(name, { seed: 0 });
    const Cls = proto.constructor as new (o: { seed: number }) => Sampler;
    return new DeterministicBatchSampler({ seed, batchSize, samplerFactory: (s) => new Cls({ seed: s }) });
  }
  if (sampler !== undefined && typeof sampler !== 'string') return sampler;
  return createSampler(sampler ?? 'tpe', seed === undefined ? {} : { seed });
}

/** See the module comment. */
export async function runWorker({
  storage,
  studyName,
  objective,
  nTrials,
  timeout,
  sampler,
  pruner,
  seed,
  batchSize,
  nJobs = 1,
  catch: catchList = [],
  callbacks = [],
  signal,
  ...heartbeat
}: RunWorkerOptions): Promise<WorkerResult> {
  if (typeof objective !== 'function') throw new TunerError('runWorker: objective must be a function (trial) => value');
  const t0 = performance.now();
  const st = await getStorage(storage);
  const opened = typeof storage === 'string';
  const trialNumbers: number[] = [];
  const states: FrozenTrial['state'][] = [];
  const record: OptimizeCallback = (_s: Study, t: FrozenTrial) => {
    trialNumbers.push(t.number);
    states.push(t.state);
  };
  let name = '';
  try {
    const study = await loadStudy({ storage: st, studyName, sampler: await workerSampler({ sampler, seed, batchSize }), pruner, ...heartbeat });
    name = study.studyName;
    if (signal?.aborted === true) return { studyName: name, trialNumbers, states, seconds: (performance.now() - t0) / 1000 };
    const onAbort = (): void => study.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await study.optimize(objective, { nTrials, timeout, nJobs, catch: catchList, callbacks: [record, ...callbacks] });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    if (opened) await st.close?.();
  }
  return { studyName: name, trialNumbers, states, seconds: (performance.now() - t0) / 1000 };
}
