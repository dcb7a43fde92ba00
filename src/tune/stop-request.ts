/**
 * Stopping a running `optimize` from outside its process: a stop request is a study system
 * attribute ({@link STOP_REQUEST_ATTR}) that anyone who can write the storage sets (the dashboard's
 * Stop button, a script); a worker's {@link stopRequestCallback}, made when its run starts, reads it
 * between trials and calls `study.stop()` when it holds a request newer than the one it saw at the
 * start — so the running trials finish and are stored, no new one starts, and a request never
 * stops a later run. Optuna has no such call (its `study.stop()` only works in-process).
 *
 * @example
 * ```ts
 * // the worker
 * const stop = await stopRequestCallback(study);
 * await study.optimize(objective, { nTrials: 1000, callbacks: [stop] });
 * // anywhere else, e.g. another machine sharing the PostgreSQL storage
 * await requestStudyStop(storage, studyId);
 * ```
 */
import { randomUUID } from 'node:crypto';
import type { Storage } from './storages/base.js';
import type { FrozenTrial } from './trial/frozen-trial.js';

/** The study system attribute holding the last stop request: `{ id, at, by }`. */
export const STOP_REQUEST_ATTR = 'gbtune:stop_request';

/** A stop request as stored. */
export interface StopRequest {
  /** Unique per request (a UUID). */
  id: string;
  /** When it was made (ISO 8601, the requester's clock). */
  at: string;
  /** Who asked (free text, e.g. 'dashboard'). */
  by: string;
}

/** The study a {@link stopRequestCallback} watches (a `Study` fits). */
export interface StopRequestStudy {
  readonly storage: Storage;
  readonly studyId: number;
  stop(): void;
}

/** Options of {@link stopRequestCallback}. */
export interface StopRequestCallbackOptions {
  /** Read the storage at most this often, in ms (trials finishing faster share one read). Default 1000. */
  minIntervalMs?: number;
  /** Called once when a request stops the run (after `study.stop()`). Default none. */
  onStop?: (request: StopRequest) => void;
}

function requestId(v: unknown): string | null {
  return v !== null && typeof v === 'object' && typeof (v as StopRequest).id === 'string' ? (v as StopRequest).id : null;
}

/**
 * Asks every run of the study that watches stop requests to stop after its running trials;
 * returns the request written.
 *
 * @example
 * ```ts
 * const req = await requestStudyStop(storage, study.studyId, { by: 'nightly-script' });
 * ```
 */
export async function requestStudyStop(storage: Storage, studyId: number, { by = 'api' }: { by?: string } = {}): Promise<StopRequest> {
  const request: StopRequest = { id: randomUUID(), at: new Date().toISOString(), by };
  await storage.setStudySystemAttr(studyId, STOP_REQUEST_ATTR, request);
  return request;
}

/**
 * Reads the study's current stop request (to ignore it) and returns an `optimize` callback that
 * stops the study once a newer one is stored.
 *
 * @example
 * ```ts
 * await study.optimize(objective, { callbacks: [await stopRequestCallback(study, { onStop: () => console.log('stopped') })] });
 * ```
 */
export async function stopRequestCallback(
  study: StopRequestStudy,
  { minIntervalMs = 1000, onStop }: StopRequestCallbackOptions = {},
): Promise<(study: StopRequestStudy, trial: FrozenTrial) => Promise<void>> {
  const seen = requestId((await study.storage.getStudySystemAttrs(study.studyId))[STOP_REQUEST_ATTR]);
  let lastRead = performance.now();
  let stopped = false;
  return async (s) => {
    if (stopped || performance.now() - lastRead < minIntervalMs) return;
    lastRead = performance.now();
    const current = (await s.storage.getStudySystemAttrs(s.studyId))[STOP_REQUEST_ATTR];
    const id = requestId(current);
    if (id === null || id === seen) return;
    stopped = true;
    s.stop();
    onStop?.(current as StopRequest);
  };
}
