/**
 * Notes (Markdown) on studies and trials, stored where optuna-dashboard stores them
 * (`optuna_dashboard/_note.py`), so that each dashboard reads the other's: in the study's system
 * attributes — a trial's note too, since a finished trial cannot be written — as a version
 * `dashboard:note_ver` (a trial's: `dashboard:<trial_id>:note_ver`) and the text cut into chunks of
 * at most 2,045 characters (Python's, i.e. code points) `dashboard:note_str:0`, `...:1`, ...; chunks
 * left over from a longer earlier note are set to `''`. A save names the version it replaces
 * plus one; another version in the storage means someone saved meanwhile (HTTP 409, as
 * optuna-dashboard answers).
 *
 * @example
 * ```ts
 * const note = readNote(await storage.getStudySystemAttrs(studyId), null); // { version: 0, body: '' }
 * await saveNote(storage, studyId, null, note.version + 1, '# Run 3\nlr too high');
 * ```
 */
import { GbtuneError } from '../index.js';
import type { Storage } from '../tune/storages/index.js';

/** A note and its version (0: none yet). */
export interface Note {
  version: number;
  body: string;
}

/** Chunk length, in code points (optuna-dashboard's `SYSTEM_ATTR_MAX_LENGTH`). */
export const NOTE_CHUNK = 2045;

/** A save that lost the race: `current` is the stored note (HTTP 409). */
export class NoteConflictError extends GbtuneError {
  readonly current: Note;
  constructor(current: Note, given: number) {
    super(`the note was saved meanwhile (version ${current.version}); a save must give version ${current.version + 1}, not ${given}`, 'DASHBOARD_NOTE_CONFLICT');
    this.current = current;
  }
}

/**
 * The key of a note's version.
 *
 * @example
 * ```ts
 * noteVersionKey(null); // 'dashboard:note_ver'
 * noteVersionKey(12);   // 'dashboard:12:note_ver'
 * ```
 */
export function noteVersionKey(trialId: number | null): string {
  return trialId === null ? 'dashboard:note_ver' : `dashboard:${trialId}:note_ver`;
}

/**
 * The prefix of a note's chunk keys.
 *
 * @example
 * ```ts
 * noteChunkPrefix(null); // 'dashboard:note_str:'
 * ```
 */
export function noteChunkPrefix(trialId: number | null): string {
  return trialId === null ? 'dashboard:note_str:' : `dashboard:${trialId}:note_str:`;
}

/**
 * The note of the study (`trialId` null) or of a trial, from the study's system attributes.
 *
 * @example
 * ```ts
 * readNote({ 'dashboard:note_ver': 2, 'dashboard:note_str:0': 'hi' }, null); // { version: 2, body: 'hi' }
 * ```
 */
export function readNote(systemAttrs: Readonly<Record<string, unknown>>, trialId: number | null): Note {
  const ver = systemAttrs[noteVersionKey(trialId)];
  if (ver === undefined) return { version: 0, body: '' };
  const prefix = noteChunkPrefix(trialId);
  let n = 0;
  for (const k of Object.keys(systemAttrs)) if (k.startsWith(prefix)) n++;
  let body = '';
  for (let i = 0; i < n; i++) {
    const chunk = systemAttrs[`${prefix}${i}`];
    if (typeof chunk === 'string') body += chunk;
  }
  return { version: Number(ver), body };
}

/**
 * Whether a system attribute key belongs to a note (hidden from the attribute tables).
 *
 * @example
 * ```ts
 * isNoteKey('dashboard:3:note_str:0'); // true
 * ```
 */
export function isNoteKey(key: string): boolean {
  return /^dashboard:(\d+:)?note_(ver|str:\d+)$/.test(key);
}

/**
 * The attribute writes that store `body` as version `version`: the version, each chunk, and `''`
 * for each chunk of a longer earlier note.
 *
 * @example
 * ```ts
 * noteWrites({}, null, 1, 'hi'); // [['dashboard:note_ver', 1], ['dashboard:note_str:0', 'hi']]
 * ```
 */
export function noteWrites(systemAttrs: Readonly<Record<string, unknown>>, trialId: number | null, version: number, body: string): [string, unknown][] {
  const prefix = noteChunkPrefix(trialId);
  const points = Array.from(body);
  const writes: [string, unknown][] = [[noteVersionKey(trialId), version]];
  const n = Math.ceil(points.length / NOTE_CHUNK);
  for (let i = 0; i < n; i++) writes.push([`${prefix}${i}`, points.slice(i * NOTE_CHUNK, (i + 1) * NOTE_CHUNK).join('')]);
  let old = 0;
  for (const k of Object.keys(systemAttrs)) if (k.startsWith(prefix)) old++;
  for (let i = n; i < old; i++) writes.push([`${prefix}${i}`, '']);
  return writes;
}

/**
 * Saves a note as `version` (the stored version plus one, else a {@link NoteConflictError});
 * returns the note saved.
 *
 * @example
 * ```ts
 * await saveNote(storage, studyId, trial.trialId, 1, 'diverged after round 40');
 * ```
 */
export async function saveNote(storage: Storage, studyId: number, trialId: number | null, version: number, body: string): Promise<Note> {
  const attrs = await storage.getStudySystemAttrs(studyId);
  const current = readNote(attrs, trialId);
  if (version !== current.version + 1) throw new NoteConflictError(current, version);
  for (const [k, v] of noteWrites(attrs, trialId, version, body)) await storage.setStudySystemAttr(studyId, k, v);
  return { version, body };
}
