/**
 * The dashboard's write API, served only with `allowWrite` (else every route answers 403 before
 * reading the request): notes on studies and trials (optuna-dashboard's keys, see `notes.ts`),
 * create / delete / rename a study, mark a RUNNING trial FAIL (a worker that died), and ask the
 * runs of a study to stop after their running trials (`requestStudyStop`).
 *
 * - `PUT /api/studies/:id/note`, `PUT /api/studies/:id/trials/:number/note`: `{ version, body }`
 * - `POST /api/studies`: `{ name, directions: ['minimize' | 'maximize', ...] }`
 * - `DELETE /api/studies/:id`: `{ force?: true }` (needed while trials run)
 * - `POST /api/studies/:id/rename`: `{ name }` (not while trials run)
 * - `POST /api/studies/:id/trials/:number/fail`, `POST /api/studies/:id/stop`: `{}`
 *
 * @example
 * ```ts
 * const routes = writeRoutes(ctx); // each marked `write: true`
 * ```
 */
import { StorageError, type StudyDirection } from '../index.js';
import { requestStudyStop, trialTemplate } from '../tune/index.js';
import type { Storage } from '../tune/storages/index.js';
import type { ApiContext } from './api-read.js';
import { studyOr404, trialOr404 } from './api-read.js';
import { HttpError, readJsonBody, type Route } from './http.js';
import { isNoteKey, NoteConflictError, noteWrites, readNote, saveNote } from './notes.js';
import type { StudyEntry } from './watcher.js';

function noteArgs(body: Record<string, unknown>): { version: number; text: string } {
  const { version, body: text } = body;
  if (!Number.isInteger(version) || typeof text !== 'string') {
    throw new HttpError(400, 'BAD_NOTE', 'a note is saved as { "version": <the current version + 1>, "body": "<Markdown>" }');
  }
  return { version: version as number, text };
}

async function putNote(ctx: ApiContext, entry: StudyEntry, trialId: number | null, body: Record<string, unknown>): Promise<unknown> {
  const { version, text } = noteArgs(body);
  try {
    const note = await saveNote(ctx.watcher.storage, entry.studyId, trialId, version, text);
    return { note };
  } catch (e) {
    if (e instanceof NoteConflictError) throw new HttpError(409, e.code, e.message, { note: e.current });
    throw e;
  }
}

function studyName(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > 512) throw new HttpError(400, 'BAD_STUDY_NAME', 'a study name is a non-empty text of at most 512 characters');
  return v;
}

function running(entry: StudyEntry): number {
  return entry.stats.states.RUNNING;
}

/**
 * Copies a study under a new name in the same storage (attributes, trials with their times and
 * states, notes moved to the new trial ids), then deletes the old one; returns the new id.
 */
async function renameStudy(storage: Storage, entry: StudyEntry, name: string): Promise<number> {
  const id = await storage.createNewStudy(entry.directions, name);
  try {
    for (const [k, v] of Object.entries(entry.userAttrs)) await storage.setStudyUserAttr(id, k, v);
    for (const [k, v] of Object.entries(entry.systemAttrs)) if (!isNoteKey(k) || k.startsWith('dashboard:note_')) await storage.setStudySystemAttr(id, k, v);
    const newIds = new Map<number, number>();
    for (const t of entry.trials) {
      const tid = await storage.createNewTrial(id, trialTemplate(t));
      newIds.set(t.trialId, tid);
    }
    for (const [oldId, newId] of newIds) {
      const note = readNote(entry.systemAttrs, oldId);
      if (note.version === 0) continue;
      for (const [k, v] of noteWrites({}, newId, note.version, note.body)) await storage.setStudySystemAttr(id, k, v);
    }
  } catch (e) {
    await storage.deleteStudy(id).catch(() => undefined);
    throw e;
  }
  await storage.deleteStudy(entry.studyId);
  return id;
}

/**
 * The write routes (see the module comment).
 *
 * @example
 * ```ts
 * writeRoutes(ctx).every((r) => r.write); // true
 * ```
 */
export function writeRoutes(ctx: ApiContext): Route[] {
  const storage = ctx.watcher.storage;
  const done = <T>(v: T): T => {
    ctx.watcher.invalidate();
    return v;
  };
  return [
    {
      method: 'PUT',
      path: /^\/api\/studies\/([^/]+)\/note$/,
      write: true,
      handler: async (c, [id]) => {
        const body = await readJsonBody(c.req);
        return done(await putNote(ctx, await studyOr404(ctx, id), null, body));
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/studies\/([^/]+)\/trials\/([^/]+)\/note$/,
      write: true,
      handler: async (c, [id, n]) => {
        const body = await readJsonBody(c.req);
        const entry = await studyOr404(ctx, id);
        return done(await putNote(ctx, entry, trialOr404(entry, n).trialId, body));
      },
    },
    {
      method: 'POST',
      path: /^\/api\/studies$/,
      write: true,
      created: true,
      handler: async (c) => {
        const body = await readJsonBody(c.req);
        const name = studyName(body.name);
        const dirs = Array.isArray(body.directions) ? body.directions : ['minimize'];
        if (dirs.length === 0 || !dirs.every((d) => d === 'minimize' || d === 'maximize')) {
          throw new HttpError(400, 'BAD_DIRECTIONS', `directions ${JSON.stringify(body.directions)}: a list of 'minimize' and 'maximize'`);
        }
        try {
          const studyId = await storage.createNewStudy(dirs.map((d) => String(d).toUpperCase() as StudyDirection), name);
          return done({ studyId });
        } catch (e) {
          if (e instanceof StorageError && e.code === 'DUPLICATED_STUDY') throw new HttpError(409, e.code, e.message);
          throw e;
        }
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/studies\/([^/]+)$/,
      write: true,
      handler: async (c, [id]) => {
        const body = await readJsonBody(c.req);
        const entry = await studyOr404(ctx, id);
        if (running(entry) > 0 && body.force !== true) {
          throw new HttpError(409, 'STUDY_RUNNING', `study '${entry.studyName}' has ${running(entry)} RUNNING trial(s); stop its runs first, or send { "force": true }`);
        }
        await storage.deleteStudy(entry.studyId);
        return done({ deleted: entry.studyId });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/studies\/([^/]+)\/rename$/,
      write: true,
      handler: async (c, [id]) => {
        const body = await readJsonBody(c.req);
        const name = studyName(body.name);
        const entry = await studyOr404(ctx, id);
        if (running(entry) > 0) throw new HttpError(409, 'STUDY_RUNNING', `study '${entry.studyName}' has ${running(entry)} RUNNING trial(s); a study is renamed (copied) only when no run writes to it`);
        try {
          return done({ studyId: await renameStudy(storage, entry, name) });
        } catch (e) {
          if (e instanceof StorageError && e.code === 'DUPLICATED_STUDY') throw new HttpError(409, e.code, e.message);
          throw e;
        }
      },
    },
    {
      method: 'POST',
      path: /^\/api\/studies\/([^/]+)\/trials\/([^/]+)\/fail$/,
      write: true,
      handler: async (c, [id, n]) => {
        await readJsonBody(c.req);
        const entry = await studyOr404(ctx, id);
        const t = trialOr404(entry, n);
        if (t.state !== 'RUNNING') throw new HttpError(409, 'TRIAL_NOT_RUNNING', `trial ${t.number} is ${t.state}; only a RUNNING trial can be marked FAIL`);
        try {
          await storage.setTrialStateValues(t.trialId, 'FAIL', null);
        } catch (e) {
          if (e instanceof StorageError && e.code === 'UPDATE_FINISHED_TRIAL') throw new HttpError(409, 'TRIAL_NOT_RUNNING', e.message);
          throw e;
        }
        return done({ number: t.number, state: 'FAIL' });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/studies\/([^/]+)\/stop$/,
      write: true,
      handler: async (c, [id]) => {
        await readJsonBody(c.req);
        const entry = await studyOr404(ctx, id);
        return done({ stopRequest: await requestStudyStop(storage, entry.studyId, { by: 'dashboard' }) });
      },
    },
  ];
}
