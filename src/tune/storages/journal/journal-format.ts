/**
 * The record format of Optuna's journal storage (`optuna/storages/_journal/storage.py`, 3.1):
 * operation codes, the integer codes of states and directions, and datetimes as Python's
 * `datetime.now().isoformat(timespec="microseconds")` writes them (naive local time).
 *
 * @example
 * ```ts
 * const rec = { op_code: JournalOp.CREATE_STUDY, worker_id: 'w-0', study_name: 's', directions: [DIRECTION_CODE.MINIMIZE] };
 * formatPyDatetime(new Date(2024, 0, 2, 3, 4, 5, 678)); // '2024-01-02T03:04:05.678000'
 * ```
 */
import type { StudyDirection, TrialState } from '../../trial/frozen-trial.js';

/** Journal operation codes (Optuna's `JournalOperation`). */
export const JournalOp = {
  CREATE_STUDY: 0,
  DELETE_STUDY: 1,
  SET_STUDY_USER_ATTR: 2,
  SET_STUDY_SYSTEM_ATTR: 3,
  CREATE_TRIAL: 4,
  SET_TRIAL_PARAM: 5,
  SET_TRIAL_STATE_VALUES: 6,
  SET_TRIAL_INTERMEDIATE_VALUE: 7,
  SET_TRIAL_USER_ATTR: 8,
  SET_TRIAL_SYSTEM_ATTR: 9,
} as const;
export type JournalOp = (typeof JournalOp)[keyof typeof JournalOp];

/** One journal record: an operation code, the id of the writer, and the operation's fields. */
export interface JournalRecord {
  op_code: number;
  worker_id: string;
  [field: string]: unknown;
}

/** Optuna's `TrialState` integer values. */
export const STATE_CODE: Readonly<Record<TrialState, number>> = { RUNNING: 0, COMPLETE: 1, PRUNED: 2, FAIL: 3, WAITING: 4 };
/** Inverse of {@link STATE_CODE}. */
export const STATE_FROM_CODE: readonly TrialState[] = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'];

/** Optuna's `StudyDirection` integer values (0 is NOT_SET, never written). */
export const DIRECTION_CODE: Readonly<Record<StudyDirection, number>> = { MINIMIZE: 1, MAXIMIZE: 2 };

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * A date as Python's naive local `isoformat(timespec="microseconds")` (what Optuna writes).
 *
 * @example
 * ```ts
 * formatPyDatetime(new Date(2024, 0, 2, 3, 4, 5, 678)); // '2024-01-02T03:04:05.678000'
 * ```
 */
export function formatPyDatetime(d: Date): string {
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}` +
    `T${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds() * 1000, 6)}`
  );
}

/** local-time start (ms) of each hour seen, keyed by 'YYYY-MM-DDTHH' (time-zone lookups are slow) */
const hourStart = new Map<string, number>();

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Optuna's own form, 'YYYY-MM-DDTHH:MM:SS.ffffff' (naive local), without a regex or a time-zone lookup per call. */
function parseNaiveFast(s: string): number | null {
  if (s.length !== 26 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[19] !== '.') return null;
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  const us = digits(s, 20, 6);
  if (mi < 0 || sec < 0 || us < 0 || mi > 59 || sec > 59) return null;
  const key = s.slice(0, 13);
  let base = hourStart.get(key);
  if (base === undefined) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 2);
    const d = digits(s, 8, 2);
    const h = digits(s, 11, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23) return null;
    const start = new Date(y, mo - 1, d, h, 0, 0, 0);
    start.setFullYear(y);
    base = start.getTime();
    if (hourStart.size > 100_000) hourStart.clear();
    hourStart.set(key, base);
  }
  return base + mi * 60_000 + sec * 1000 + Math.floor(us / 1000);
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Reads an ISO datetime as Python's `datetime.fromisoformat` does for Optuna's records: naive
 * times are local, an offset (or `Z`) is honoured; microseconds are cut to milliseconds.
 * Returns null for text that is not such a datetime.
 *
 * @example
 * ```ts
 * parsePyDatetime('2024-01-02T03:04:05.678901')?.getMilliseconds(); // 678
 * ```
 */
export function parsePyDatetime(s: string): Date | null {
  const fast = parseNaiveFast(s);
  if (fast !== null) return new Date(fast);
  const m = ISO_RE.exec(s);
  if (m === null) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(6, '0')) / 1000);
  const tz = m[8];
  if (tz === undefined) {
    const out = new Date(y, mo - 1, d, h, mi, sec, ms);
    out.setFullYear(y); // years 0..99 are otherwise read as 1900..1999
    return out;
  }
  let offsetMin = 0;
  if (tz !== 'Z') {
    const digits = tz.replace(':', '');
    offsetMin = (tz[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000);
}
