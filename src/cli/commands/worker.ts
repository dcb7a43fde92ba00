/**
 * `gbtune worker`: one worker of a shared study (runWorker). Loads the study from --storage, imports
 * the objective from a module (its default export, or `module.js#name` for a named export; the path
 * is relative to the current directory) and runs --n-trials trials. Start several against one
 * storage: trial numbers stay unique and no trial runs twice.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { TunerError, type StudyObjective } from '../../index.js';
import { runWorker } from '../../tune/index.js';
import { RetryFailedTrialCallback, type Storage } from '../../tune/storages/index.js';
import { chooseStudyName, openExistingStorage } from '../storage.js';
import { integer, positiveInt, printJson } from '../util.js';
import { duration } from './duration.js';

interface WorkerCliOptions {
  storage: string;
  studyName?: string;
  objective: string;
  nTrials?: number;
  timeout?: number;
  sampler?: string;
  seed?: number;
  batchSize?: number;
  jobs: number;
  heartbeatInterval?: number;
  gracePeriod?: number;
  retryFailedTrials?: number;
  json?: boolean;
}

/** Imports `module.js[#export]` relative to the cwd and returns the objective function. */
export async function importObjective(spec: string): Promise<StudyObjective> {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const name = hash > 0 ? spec.slice(hash + 1) : 'default';
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (e) {
    throw new TunerError(`--objective ${spec}: cannot import ${resolve(file)} (${(e as Error).message})`);
  }
  const fn = mod[name];
  if (typeof fn !== 'function') {
    const names = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw new TunerError(
      `--objective ${spec}: ${file} has no ${name === 'default' ? 'default export' : `export '${name}'`} that is a function (functions exported: ${names.join(', ') || 'none'}); use module.js#name`,
    );
  }
  return fn as StudyObjective;
}

function seconds(name: string): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n)) throw new TunerError(`${name} must be a positive number of seconds, got '${v}'`);
    return n;
  };
}

/** Registers `gbtune worker`. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run trials of a study kept in a shared storage (start several: one machine with sqlite/journal, many with postgresql/redis)')
    .requiredOption('--storage <url>', 'storage URL: sqlite:///f.db, journal:///f.log, postgresql://..., redis://...')
    .option('--study-name <name>', 'the study (optional when the storage holds one study)')
    .requiredOption('--objective <module>', 'objective module, relative to the current directory: file.js (default export) or file.js#name')
    .option('--n-trials <n>', 'trials this worker runs (default: until --timeout)', positiveInt('--n-trials'))
    .option('--timeout <duration>', 'start no new trial after this long (90, 30s, 10m, 1h)', duration('--timeout'))
    .option('--sampler <name>', 'tpe (default) | random | gp | cmaes | qmc | nsga2')
    .option('--seed <n>', 'sampler seed (give each worker its own, or use --batch-size)', integer('--seed'))
    .option('--batch-size <n>', 'deterministic mode: trials sampled in batches of n from the same history (needs --seed)', positiveInt('--batch-size'))
    .option('-j, --jobs <n>', 'trials at once in this process (async objectives)', positiveInt('--jobs'), 1)
    .option('--heartbeat-interval <s>', 'seconds between heartbeats of a running trial; stale trials of dead workers become FAIL', seconds('--heartbeat-interval'))
    .option('--grace-period <s>', 'seconds without heartbeat before a running trial is failed (default 2 x interval)', seconds('--grace-period'))
    .option('--retry-failed-trials <n>', 're-queue a trial failed by the heartbeat check up to n times (needs --heartbeat-interval)', integer('--retry-failed-trials'))
    .option('--json', 'print one JSON object: {studyName, nTrials, trialNumbers, states, seconds}')
    .action(async (opts: WorkerCliOptions) => {
      if (opts.nTrials === undefined && opts.timeout === undefined) throw new TunerError('gbtune worker: give --n-trials or --timeout');
      if (opts.retryFailedTrials !== undefined && opts.heartbeatInterval === undefined) {
        throw new TunerError('--retry-failed-trials needs --heartbeat-interval');
      }
      if (opts.batchSize !== undefined && opts.seed === undefined) throw new TunerError('--batch-size (deterministic mode) needs --seed');
      const objective = await importObjective(opts.objective);
      const storage = await openExistingStorage(opts.storage);
      try {
        const studyName = await chooseStudyName(storage, opts.storage, opts.studyName);
        await work(opts, objective, storage, studyName);
      } finally {
        await storage.close?.();
      }
    });
}

/** Runs the worker's trials on the open storage and prints what it did. */
async function work(opts: WorkerCliOptions, objective: StudyObjective, storage: Storage, studyName: string): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\ngbtune worker: stopping after the running trial(s) (Ctrl-C again to quit now)\n');
      controller.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSigint);
  const r = await runWorker({
    signal: controller.signal,
    storage,
    studyName,
    objective,
    nTrials: opts.nTrials,
    timeout: opts.timeout,
    sampler: opts.sampler,
    seed: opts.seed,
    batchSize: opts.batchSize,
    nJobs: opts.jobs,
    heartbeatInterval: opts.heartbeatInterval,
    gracePeriod: opts.gracePeriod,
    failedTrialCallback:
      opts.retryFailedTrials !== undefined ? new RetryFailedTrialCallback({ maxRetry: opts.retryFailedTrials }).callback : undefined,
  }).finally(() => process.off('SIGINT', onSigint));
  if (opts.json === true) {
    printJson({ studyName: r.studyName, nTrials: r.trialNumbers.length, trialNumbers: r.trialNumbers, states: r.states, seconds: r.seconds });
  } else {
    const complete = r.states.filter((s) => s === 'COMPLETE').length;
    process.stdout.write(`worker: ${r.trialNumbers.length} trials of study '${r.studyName}' (${complete} complete) in ${r.seconds.toFixed(1)} s\n`);
  }
}
