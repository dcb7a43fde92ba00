/**
 * Worker heartbeats (Optuna's `optuna/storages/_heartbeat.py` and `_optimize.py`'s
 * `fail_stale_trials`). With a `heartbeatInterval`, the optimize loop records a heartbeat for each
 * running trial every interval (an unref'd timer, so it never keeps the process alive); at the start
 * of each trial it marks the study's RUNNING trials whose last heartbeat is older than the grace
 * period as FAIL and runs the `failedTrialCallback` for each (e.g. {@link RetryFailedTrialCallback}
 * from `callbacks.ts`, which re-queues the trial with the same params).
 *
 * Storages that implement `recordHeartbeat`/`getStaleTrialIds` (the RDB storages: Optuna's
 * `trial_heartbeats` table, the database's clock) are used as such; for the others (journal,
 * Redis, in-memory) the heartbeat is the trial system attribute {@link HEARTBEAT_ATTR} holding the
 * worker's clock in milliseconds since the epoch, so those workers' clocks must agree (one machine or
 * a shared file system with synchronized clocks).
 *
 * @example
 * ```ts
 * const study = await loadStudy({
 *   studyName: 'exp', storage: 'sqlite:///exp.db',
 *   heartbeatInterval: 60, gracePeriod: 120,
 *   failedTrialCallback: new RetryFailedTrialCallback({ maxRetry: 3 }).callback,
 * });
 * await study.optimize(objective, { nTrials: 100 }); // a trial whose worker died is FAIL after 120 s
 * ```
 */
import { StorageError, TunerError } from '../core/errors.js';
import { log } from '../core/log.js';
import type { Storage } from './storages/base.js';
import type { FrozenTrial } from './trial/frozen-trial.js';

/** The trial system attribute carrying the heartbeat for storages without a heartbeat table. */
export const HEARTBEAT_ATTR = 'gbtune:heartbeat';

/** What a failed-trial callback may use of its study at the least (a `Study` has all of it). */
export interface HeartbeatStudy {
  readonly storage: Storage;
  readonly studyId: number;
  /** Re-reads the study's trials from the storage. */
  refresh(): Promise<void>;
}

/**
 * What the heartbeat functions need of a study `S` (`Study` implements `HeartbeatHost<Study>`): they
 * take the study through this interface and hand it back to the failed-trial callback as its own
 * type, so this module does not import `study/study.ts`.
 */
export interface HeartbeatHost<S> extends HeartbeatStudy {
  /** @internal The study's heartbeat settings, set by {@link setStudyHeartbeat}; null when heartbeats are off. */
  _heartbeat: HeartbeatSettings<S> | null;
}

/**
 * Called for each trial that the heartbeat check has just marked FAIL (the trial as it now is),
 * with its study: a `Study` for the studies of `createStudy`/`loadStudy`.
 *
 * @example
 * ```ts
 * const requeue: FailedTrialCallback<Study> = (study, trial) => study.enqueueTrial(trial.params);
 * await loadStudy({ studyName: 'exp', storage, heartbeatInterval: 60, failedTrialCallback: requeue });
 * ```
 */
export type FailedTrialCallback<S = HeartbeatStudy> = (study: S, trial: FrozenTrial) => void | Promise<void>;

/** Heartbeat options of `createStudy`/`loadStudy` (Optuna's `RDBStorage(heartbeat_interval, grace_period, failed_trial_callback)`). */
export interface HeartbeatOptions<S = HeartbeatStudy> {
  /** Seconds between two heartbeats of a running trial. Default: none (no heartbeats, no stale-trial check). */
  heartbeatInterval?: number;
  /** Seconds without a heartbeat after which a RUNNING trial is failed. Default `2 * heartbeatInterval`. */
  gracePeriod?: number;
  /** Runs for each trial failed by the stale-trial check. Default: none. */
  failedTrialCallback?: FailedTrialCallback<S>;
}

/** The resolved heartbeat settings of a study. */
export interface HeartbeatSettings<S = HeartbeatStudy> {
  readonly heartbeatInterval: number;
  readonly gracePeriod: number;
  readonly failedTrialCallback: FailedTrialCallback<S> | null;
}

/**
 * Validates heartbeat options and resolves their defaults; null when heartbeats are off (no
 * `heartbeatInterval`). Throws a `TunerError` naming the bad option.
 *
 * @example
 * ```ts
 * checkHeartbeatOptions({ heartbeatInterval: 5 }); // { heartbeatInterval: 5, gracePeriod: 10, failedTrialCallback: null }
 * ```
 */
export function checkHeartbeatOptions<S>({
  heartbeatInterval,
  gracePeriod,
  failedTrialCallback,
}: HeartbeatOptions<S>): HeartbeatSettings<S> | null {
  if (heartbeatInterval === undefined) {
    if (gracePeriod !== undefined || failedTrialCallback !== undefined) {
      throw new TunerError('gracePeriod and failedTrialCallback need heartbeatInterval (seconds between heartbeats)');
    }
    return null;
  }
  if (typeof heartbeatInterval !== 'number' || !(heartbeatInterval > 0) || !Number.isFinite(heartbeatInterval)) {
    throw new TunerError(`heartbeatInterval (${String(heartbeatInterval)}) must be a positive number of seconds`);
  }
  const grace = gracePeriod ?? 2 * heartbeatInterval;
  if (typeof grace !== 'number' || !(grace > 0) || !Number.isFinite(grace)) {
    throw new TunerError(`gracePeriod (${String(gracePeriod)}) must be a positive number of seconds`);
  }
  if (failedTrialCallback !== undefined && typeof failedTrialCallback !== 'function') {
    throw new TunerError('failedTrialCallback must be a function (study, trial) => void, e.g. new RetryFailedTrialCallback().callback');
  }
  return { heartbeatInterval, gracePeriod: grace, failedTrialCallback: failedTrialCallback ?? null };
}

/**
 * Turns heartbeats on for a study (what `createStudy`/`loadStudy` do with {@link HeartbeatOptions});
 * options without `heartbeatInterval` turn them off.
 *
 * @example
 * ```ts
 * setStudyHeartbeat(study, { heartbeatInterval: 5 });
 * ```
 */
export function setStudyHeartbeat<S extends HeartbeatHost<S>>(study: S, options: HeartbeatOptions<S>): void {
  study._heartbeat = checkHeartbeatOptions(options);
}

/** The study's heartbeat settings, or null when heartbeats are off. */
export function getStudyHeartbeat<S extends HeartbeatHost<S>>(study: S): HeartbeatSettings<S> | null {
  return study._heartbeat;
}

/** Records one heartbeat of a trial (the storage's own, or the {@link HEARTBEAT_ATTR} attribute). */
export async function recordTrialHeartbeat(storage: Storage, trialId: number): Promise<void> {
  if (typeof storage.recordHeartbeat === 'function') await storage.recordHeartbeat(trialId);
  else await storage.setTrialSystemAttr(trialId, HEARTBEAT_ATTR, Date.now());
}

/** Ids of the study's RUNNING trials whose last heartbeat is older than `graceSeconds` (trials without a heartbeat are never stale). */
export async function staleTrialIds(storage: Storage, studyId: number, graceSeconds: number): Promise<number[]> {
  if (typeof storage.getStaleTrialIds === 'function') return storage.getStaleTrialIds(studyId, graceSeconds);
  const limit = Date.now() - graceSeconds * 1000;
  const out: number[] = [];
  for (const t of await storage.getAllTrials(studyId, { states: ['RUNNING'] })) {
    const hb = t.systemAttrs[HEARTBEAT_ATTR];
    if (typeof hb === 'number' && hb < limit) out.push(t.trialId);
  }
  return out;
}

/**
 * Starts heartbeats for a running trial: one now (awaited), then one every interval. Returns the
 * function that stops them. A failed heartbeat write is logged, not thrown.
 */
export async function startTrialHeartbeat<S extends HeartbeatHost<S>>(study: S, trialId: number): Promise<() => void> {
  const s = getStudyHeartbeat(study);
  if (s === null) return () => undefined;
  await recordTrialHeartbeat(study.storage, trialId);
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    recordTrialHeartbeat(study.storage, trialId)
      .catch((e: unknown) => log.debug(`heartbeat of trial id ${trialId} not recorded: ${(e as Error).message}`))
      .finally(() => {
        inFlight = false;
      });
  }, s.heartbeatInterval * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Marks the study's stale RUNNING trials as FAIL and runs the failed-trial callback for each trial
 * this worker failed (another worker that failed it first runs it instead). Returns the numbers of
 * the trials failed here. Does nothing when heartbeats are off.
 *
 * @example
 * ```ts
 * const failed = await failStaleTrials(study); // e.g. [17]
 * ```
 */
export async function failStaleTrials<S extends HeartbeatHost<S>>(study: S): Promise<number[]> {
  const s = getStudyHeartbeat(study);
  if (s === null) return [];
  const ids = await staleTrialIds(study.storage, study.studyId, s.gracePeriod);
  const failed: FrozenTrial[] = [];
  for (const id of ids) {
    try {
      if (await study.storage.setTrialStateValues(id, 'FAIL', null)) failed.push(await study.storage.getTrial(id));
    } catch (e) {
      if (!(e instanceof StorageError)) throw e;
      // finished by its own worker or failed by another worker meanwhile
    }
  }
  if (failed.length === 0) return [];
  await study.refresh();
  for (const t of failed) {
    log.warn(`trial ${t.number} failed: its worker sent no heartbeat for ${s.gracePeriod} s (stale trial)`);
    if (s.failedTrialCallback !== null) await s.failedTrialCallback(study, t);
  }
  return failed.map((t) => t.number);
}
