/**
 * The optimize loop (Optuna's `optuna/study/_optimize.py`): `nJobs` runners in this process draw
 * trials from one shared counter until `nTrials`, `timeout` or `study.stop()`. Objectives may be
 * sync or async; async objectives of different runners interleave. An error thrown by the
 * objective fails its trial and, unless its class is in `catch`, stops the loop (the running trials
 * finish) and is rethrown. Throwing `TrialPruned` prunes the trial.
 */
import { availableParallelism } from 'node:os';
import { TrialPruned, TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { failStaleTrials, startTrialHeartbeat, type HeartbeatHost } from '../heartbeat.js';
import type { FrozenTrial, TrialState } from '../trial/frozen-trial.js';
import type { Trial, TrialHost } from '../trial/trial.js';
import { showValue, type TellOutcome } from './tell.js';

/** What an objective returns: the value, or one value per objective (multi-objective). */
export type ObjectiveValue = number | readonly number[];

/**
 * What the optimize loop needs of a study `S` (`Study` implements `OptimizeHost<Study>`). The loop
 * takes the study through this interface and hands it back as its own type (the objective's
 * `trial.study`, the callbacks' first argument), so this module does not import `study.ts`.
 */
export interface OptimizeHost<S extends TrialHost> extends TrialHost, HeartbeatHost<S> {
  /** Set by `stop()`; read by the loop. */
  _stopFlag: boolean;
  /** Number of `optimize` calls running. */
  _optimizing: number;
  /** The best COMPLETE trial; throws when there is none (or several objectives). */
  readonly bestTrial: FrozenTrial;
  /** Starts a trial (Study.ask). */
  ask(): Promise<Trial<S>>;
  /** Finishes a trial (Study.tell with Optuna's `suppress_warning`). */
  _tell(trial: Trial, values: unknown, state: TrialState | undefined, skipIfFinished: boolean, suppressWarning: boolean): Promise<TellOutcome>;
}

/** An error class, for {@link OptimizeOptions.catch}. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorClass = abstract new (...args: any[]) => unknown;

/** Options of `study.optimize` for a study of type `S` (`OptimizeOptions`, exported by study.ts, is this for `Study`). */
export interface OptimizeLoopOptions<S> {
  /** Number of trials to run. Default: no limit (until `timeout` or `stop()`). */
  nTrials?: number;
  /** Stop starting new trials after this many seconds. Default: no limit. */
  timeout?: number;
  /** Trials run concurrently in this process; -1 = the number of CPUs. Default 1. */
  nJobs?: number;
  /** Error classes that fail their trial but do not stop the study. Default `[]`. */
  catch?: readonly ErrorClass[];
  /** Called after each finished trial with the study and the trial (may be async). Default `[]`. */
  callbacks?: readonly ((study: S, trial: FrozenTrial) => void | Promise<void>)[];
  /** Run the garbage collector after each trial when Node exposes it (`--expose-gc`). Default false. */
  gcAfterTrial?: boolean;
  /** Draw a progress bar on stderr (needs `nTrials` or `timeout`). Default false. */
  showProgressBar?: boolean;
}

function isPruned(e: unknown): boolean {
  return e instanceof TrialPruned || (e instanceof Error && e.name === 'TrialPruned');
}

function checkCount(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < min)) {
    throw new TunerError(`optimize: ${name} (${String(v)}) must be a number >= ${min}`);
  }
}

/** See the module comment and `Study.optimize`. */
export async function optimizeStudy<S extends OptimizeHost<S>>(
  study: S,
  objective: (trial: Trial<S>) => unknown,
  options: OptimizeLoopOptions<S>,
): Promise<void> {
  const {
    nTrials,
    timeout,
    nJobs = 1,
    catch: catchList = [],
    callbacks = [],
    gcAfterTrial = false,
    showProgressBar = false,
  } = options;
  if (typeof objective !== 'function') throw new TunerError('optimize: the objective must be a function (trial) => value');
  checkCount('nTrials', nTrials, 0);
  if (nTrials !== undefined && !Number.isInteger(nTrials)) throw new TunerError(`optimize: nTrials (${nTrials}) must be an integer`);
  checkCount('timeout', timeout, 0);
  if (!Number.isInteger(nJobs) || (nJobs < 1 && nJobs !== -1)) {
    throw new TunerError(`optimize: nJobs (${nJobs}) must be a positive integer or -1 (all CPUs)`);
  }
  const jobs = nJobs === -1 ? Math.max(1, availableParallelism()) : nJobs;
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const bar = showProgressBar ? new ProgressBar(nTrials, timeout) : null;

  if (study._optimizing === 0) study._stopFlag = false; // a stop() of an earlier run does not carry over
  study._optimizing++;
  let started = 0;
  let finished = 0;
  let failure: { error: unknown } | null = null;

  const canStart = (): boolean =>
    !study._stopFlag && failure === null && (nTrials === undefined || started < nTrials) && (timeout === undefined || elapsed() < timeout);

  const runner = async (): Promise<void> => {
    while (canStart()) {
      started++;
      try {
        const frozen = await runTrial(study, objective, catchList);
        if (gcAfterTrial) (globalThis as { gc?: () => void }).gc?.();
        for (const cb of callbacks) await cb(study, frozen);
        finished++;
        bar?.update(finished, elapsed(), study);
      } catch (e) {
        if (failure === null) failure = { error: e };
      }
    }
  };

  try {
    const runners: Promise<void>[] = [];
    for (let j = 0; j < jobs; j++) runners.push(runner());
    await Promise.all(runners);
  } finally {
    study._optimizing--;
    bar?.close();
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/** One trial: ask, run the objective, tell, log (Optuna's `_run_trial`). Returns the finished trial. */
async function runTrial<S extends OptimizeHost<S>>(
  study: S,
  objective: (trial: Trial<S>) => unknown,
  catchList: readonly ErrorClass[],
): Promise<FrozenTrial> {
  await failStaleTrials(study); // heartbeats on: fail the trials of dead workers first (Optuna's fail_stale_trials)
  const trial = await study.ask();
  let state: TrialState | undefined;
  let result: unknown;
  let funcErr: unknown = undefined;
  let threw = false;
  let stopHeartbeat = (): void => undefined;
  try {
    stopHeartbeat = await startTrialHeartbeat(study, trial.trialId);
    // a sampler that samples from a fixed history (DeterministicBatchSampler) waits for it here
    const ready = (study.sampler as { prepareTrial?: (s: S, t: Trial<S>) => Promise<void> }).prepareTrial;
    if (typeof ready === 'function') await ready.call(study.sampler, study, trial);
    result = await objective(trial);
  } catch (e) {
    threw = true;
    funcErr = e;
    state = isPruned(e) ? 'PRUNED' : 'FAIL';
  } finally {
    stopHeartbeat();
  }
  const outcome = await study._tell(trial, state === undefined ? result : undefined, state, false, true);
  const params = JSON.stringify(trial.params);
  if (outcome.state === 'COMPLETE') {
    logCompleted(study, outcome.trial);
  } else if (outcome.state === 'PRUNED') {
    log.info(`trial ${trial.number} pruned. ${funcErr instanceof Error ? funcErr.message : ''}`);
  } else if (threw) {
    const msg = funcErr instanceof Error ? `${funcErr.name}: ${funcErr.message}` : showValue(funcErr);
    log.warn(`trial ${trial.number} failed with parameters: ${params} because of the following error: ${msg}`);
  } else if (outcome.warning !== null) {
    log.warn(`trial ${trial.number} failed with parameters: ${params} because of the following error: ${outcome.warning}`);
    log.warn(`trial ${trial.number} failed with value ${showValue(result)}`);
  }
  if (outcome.state === 'FAIL' && threw && !catchList.some((c) => funcErr instanceof (c as unknown as new () => unknown))) {
    throw funcErr;
  }
  return outcome.trial;
}

function logCompleted(study: { readonly bestTrial: FrozenTrial }, t: FrozenTrial): void {
  if (log.getLevel() !== 'debug' && log.getLevel() !== 'info') return;
  const values = t.values as readonly number[];
  if (values.length > 1) {
    log.info(`trial ${t.number} finished with values: ${showValue(values)} and parameters: ${JSON.stringify(t.params)}`);
    return;
  }
  let msg = `trial ${t.number} finished with value: ${values[0]} and parameters: ${JSON.stringify(t.params)}.`;
  try {
    const best = study.bestTrial;
    msg += ` Best is trial ${best.number} with value: ${(best.values as number[])[0]}.`;
  } catch {
    // no completed trial in the snapshot
  }
  log.info(msg);
}

/** A one-line progress bar on stderr (only when stderr is a terminal). */
class ProgressBar {
  private readonly tty = process.stderr.isTTY === true;
  constructor(
    private readonly nTrials: number | undefined,
    private readonly timeout: number | undefined,
  ) {}

  update(done: number, seconds: number, study: { readonly bestTrial: FrozenTrial }): void {
    if (!this.tty) return;
    const total = this.nTrials;
    const frac = total !== undefined && total > 0 ? done / total : this.timeout !== undefined ? Math.min(1, seconds / this.timeout) : 0;
    const width = 30;
    const fill = Math.round(frac * width);
    let best = '';
    try {
      const b = study.bestTrial;
      best = ` best trial ${b.number}: ${(b.values as readonly number[])[0]}`;
    } catch {
      // none yet, or several objectives
    }
    const count = total !== undefined ? `${done}/${total}` : `${done}`;
    process.stderr.write(`\r[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${count} ${seconds.toFixed(1)}s${best}   `);
  }

  close(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
