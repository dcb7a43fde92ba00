/**
 * The write routes: refused (403, nothing written) without `allowWrite`; with it, notes stored as
 * optuna-dashboard stores them (read back by Python Optuna 3.1, and the other way round),
 * version conflicts (409), create / rename / delete a study, fail a RUNNING trial, stop requests,
 * and the request checks (JSON only, same origin).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noteWrites, readNote } from '../../src/dashboard/notes.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { STOP_REQUEST_ATTR } from '../../src/tune/stop-request.js';
import type { Storage } from '../../src/tune/storages/base.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import { ensureDashboardAssets, seedStudy } from '../helpers/dashboard.js';
import { itWithService, servicePath } from '../helpers/services.js';

const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gbtune-dash-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function call(dash: Dashboard, method: string, path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${dash.url}${path.slice(1)}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: method === 'GET' ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

describe('notes as optuna-dashboard stores them', () => {
  it('splits a note into 2,045-character chunks (code points, as Python counts) and blanks the chunks of a longer old note', () => {
    const body = `${'a'.repeat(2044)}😀${'b'.repeat(2045)}c`; // the emoji is one code point, two UTF-16 units
    const w = noteWrites({}, null, 1, body);
    expect(w.map(([k]) => k)).toEqual(['dashboard:note_ver', 'dashboard:note_str:0', 'dashboard:note_str:1', 'dashboard:note_str:2']);
    expect(Array.from(w[1][1] as string)).toHaveLength(2045);
    expect((w[1][1] as string).endsWith('😀')).toBe(true);
    expect(w[3][1]).toBe('c');
    const attrs = Object.fromEntries(w);
    expect(readNote(attrs, null)).toEqual({ version: 1, body });
    const shorter = noteWrites(attrs, null, 2, 'short');
    expect(shorter).toEqual([
      ['dashboard:note_ver', 2],
      ['dashboard:note_str:0', 'short'],
      ['dashboard:note_str:1', ''],
      ['dashboard:note_str:2', ''],
    ]);
    expect(readNote({ ...attrs, ...Object.fromEntries(shorter) }, null)).toEqual({ version: 2, body: 'short' });
    expect(noteWrites({}, 17, 1, 'x')).toEqual([
      ['dashboard:17:note_ver', 1],
      ['dashboard:17:note_str:0', 'x'],
    ]);
  });
});

describe('dashboard writes', () => {
  let storage: Storage;
  let ro: Dashboard;
  let rw: Dashboard;
  let url = '';
  let studyId = 0;

  beforeAll(async () => {
    url = `sqlite:///${join(dir, 'w.db')}`;
    storage = await getStorage(url);
    studyId = (await seedStudy(storage, 'alpha', 12)).studyId;
    const assetsDir = ensureDashboardAssets();
    ro = await startDashboard({ storage, port: 0, assetsDir });
    rw = await startDashboard({ storage, port: 0, assetsDir, allowWrite: true });
  });
  afterAll(async () => {
    await ro.close();
    await rw.close();
    await storage.close?.();
  });

  it('refuses every write route with 403 without allowWrite, writing nothing', async () => {
    const before = await storage.changeToken?.();
    const routes: [string, string, unknown][] = [
      ['PUT', `/api/studies/${studyId}/note`, { version: 1, body: 'x' }],
      ['PUT', `/api/studies/${studyId}/trials/0/note`, { version: 1, body: 'x' }],
      ['POST', '/api/studies', { name: 'new' }],
      ['DELETE', `/api/studies/${studyId}`, {}],
      ['POST', `/api/studies/${studyId}/rename`, { name: 'renamed' }],
      ['POST', `/api/studies/${studyId}/trials/0/fail`, {}],
      ['POST', `/api/studies/${studyId}/stop`, {}],
    ];
    for (const [method, path, body] of routes) {
      const r = await call(ro, method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect((r.body.error as { code: string }).code).toBe('READ_ONLY');
    }
    expect(await storage.changeToken?.()).toBe(before);
    expect((await storage.getAllStudies()).map((s) => s.studyName)).toEqual(['alpha']);
  });

  it('saves study and trial notes with versions, and answers a stale version with 409 and the stored note', async () => {
    let r = await call(rw, 'PUT', `/api/studies/${studyId}/note`, { version: 1, body: '# Run 1\nlr **too** high' });
    expect(r.status).toBe(200);
    expect(r.body.note).toEqual({ version: 1, body: '# Run 1\nlr **too** high' });
    r = await call(rw, 'PUT', `/api/studies/${studyId}/note`, { version: 1, body: 'lost' });
    expect(r.status).toBe(409);
    expect(r.body.note).toEqual({ version: 1, body: '# Run 1\nlr **too** high' });
    r = await call(rw, 'PUT', `/api/studies/${studyId}/trials/3/note`, { version: 1, body: 'trial three' });
    expect(r.status).toBe(200);
    const trial3 = (await storage.getAllTrials(studyId))[3];
    const attrs = await storage.getStudySystemAttrs(studyId);
    expect(attrs[`dashboard:${trial3.trialId}:note_ver`]).toBe(1);
    expect(attrs[`dashboard:${trial3.trialId}:note_str:0`]).toBe('trial three');
    // both dashboards show them; the note keys stay out of the attribute table
    rw.watcher.invalidate();
    const d = await call(rw, 'GET', `/api/studies/${studyId}`);
    expect(d.body.note).toEqual({ version: 1, body: '# Run 1\nlr **too** high' });
    expect(Object.keys(d.body.systemAttrs as object).some((k) => k.startsWith('dashboard:'))).toBe(false);
    const t = await call(ro, 'GET', `/api/studies/${studyId}/trials/3`);
    expect(t.body.note).toEqual({ version: 1, body: 'trial three' });
    expect((await call(rw, 'PUT', `/api/studies/${studyId}/note`, { body: 'no version' })).status).toBe(400);
  });

  itWithService('python-optuna', 'notes written here are read by Python Optuna 3.1, and notes it writes are read here', async () => {
    const big = `## Long note\n${'ü'.repeat(3000)}\n😀 end`;
    const cur = (await call(rw, 'GET', `/api/studies/${studyId}`)).body.note as { version: number };
    expect((await call(rw, 'PUT', `/api/studies/${studyId}/note`, { version: cur.version + 1, body: big })).status).toBe(200);
    const tv = ((await call(rw, 'GET', `/api/studies/${studyId}/trials/5`)).body.note as { version: number }).version;
    expect((await call(rw, 'PUT', `/api/studies/${studyId}/trials/5/note`, { version: tv + 1, body: 'five' })).status).toBe(200);
    const script = join(__dirname, 'optuna_notes.py');
    // asynchronously: the server answers from this process meanwhile
    const run = async (...args: string[]): Promise<Record<string, unknown>> => {
      const { stdout } = await execFileAsync(servicePath('python-optuna'), [script, ...args], { encoding: 'utf8' });
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    const got = (await run('read', url, 'alpha')) as { study: { version: number; body: string }; trials: Record<string, { version: number; body: string }> };
    expect(got.study).toEqual({ version: cur.version + 1, body: big });
    expect(got.trials['5']).toEqual({ version: tv + 1, body: 'five' });
    // Optuna's side writes (as optuna-dashboard's save_note does): a shorter study note
    const file = join(dir, 'notes.json');
    writeFileSync(file, JSON.stringify({ study: 'from *Python*', trial: 'py 7' }));
    await run('write', url, 'alpha', '7', file);
    rw.watcher.invalidate();
    expect((await call(rw, 'GET', `/api/studies/${studyId}`)).body.note).toEqual({ version: cur.version + 2, body: 'from *Python*' });
    expect((await call(rw, 'GET', `/api/studies/${studyId}/trials/7`)).body.note).toEqual({ version: 1, body: 'py 7' });
  }, 60_000);

  it('creates, renames (trials, attributes and notes move) and deletes studies', async () => {
    let r = await call(rw, 'POST', '/api/studies', { name: 'made', directions: ['maximize', 'minimize'] });
    expect(r.status).toBe(201);
    const made = r.body.studyId as number;
    expect(await storage.getStudyDirections(made)).toEqual(['MAXIMIZE', 'MINIMIZE']);
    expect((await call(rw, 'POST', '/api/studies', { name: 'made' })).status).toBe(409);
    expect((await call(rw, 'POST', '/api/studies', { name: '' })).status).toBe(400);
    expect((await call(rw, 'POST', '/api/studies', { name: 'x', directions: ['up'] })).status).toBe(400);
    const before = await storage.getAllTrials(studyId);
    const noteBefore = (await call(rw, 'GET', `/api/studies/${studyId}/trials/3`)).body.note;
    r = await call(rw, 'POST', `/api/studies/${studyId}/rename`, { name: 'alpha-2' });
    expect(r.status).toBe(200);
    const renamed = r.body.studyId as number;
    expect((await storage.getAllStudies()).map((s) => s.studyName).sort()).toEqual(['alpha-2', 'made']);
    const after = await storage.getAllTrials(renamed);
    expect(after.map((t) => [t.number, t.state, t.values, t.params, t.datetimeStart?.getTime()])).toEqual(
      before.map((t) => [t.number, t.state, t.values, t.params, t.datetimeStart?.getTime()]),
    );
    rw.watcher.invalidate();
    expect((await call(rw, 'GET', `/api/studies/${renamed}/trials/3`)).body.note).toEqual(noteBefore);
    studyId = renamed;
    r = await call(rw, 'DELETE', `/api/studies/${made}`);
    expect(r.status).toBe(200);
    expect((await storage.getAllStudies()).map((s) => s.studyName)).toEqual(['alpha-2']);
    expect((await call(rw, 'DELETE', `/api/studies/${made}`)).status).toBe(404);
  });

  it('marks a RUNNING trial FAIL (and only a RUNNING one); refuses to rename or delete a study with running trials', async () => {
    const running = await storage.createNewTrial(studyId);
    rw.watcher.invalidate();
    const n = (await storage.getTrial(running)).number;
    expect((await call(rw, 'POST', `/api/studies/${studyId}/rename`, { name: 'busy' })).status).toBe(409);
    expect((await call(rw, 'DELETE', `/api/studies/${studyId}`)).status).toBe(409);
    let r = await call(rw, 'POST', `/api/studies/${studyId}/trials/${n}/fail`);
    expect(r.status).toBe(200);
    expect((await storage.getTrial(running)).state).toBe('FAIL');
    r = await call(rw, 'POST', `/api/studies/${studyId}/trials/0/fail`);
    expect(r.status).toBe(409);
    expect((r.body.error as { message: string }).message).toMatch(/trial 0 is COMPLETE; only a RUNNING trial/);
  });

  it('writes a stop request the tune loop reads', async () => {
    const r = await call(rw, 'POST', `/api/studies/${studyId}/stop`);
    expect(r.status).toBe(200);
    const req = (await storage.getStudySystemAttrs(studyId))[STOP_REQUEST_ATTR] as { id: string; by: string };
    expect(req.by).toBe('dashboard');
    expect(req.id).toBe((r.body.stopRequest as { id: string }).id);
  });

  it('takes writes only as JSON from its own origin', async () => {
    const path = `/api/studies/${studyId}/note`;
    const r = await fetch(`${rw.url}${path.slice(1)}`, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: '{"version":9,"body":"x"}' });
    expect(r.status).toBe(415);
    const form = await fetch(`${rw.url}${path.slice(1)}`, { method: 'PUT', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'version=9' });
    expect(form.status).toBe(415);
    expect((await call(rw, 'PUT', path, { version: 9, body: 'x' }, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await call(rw, 'PUT', path, { version: 9, body: 'x' }, { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    const huge = await call(rw, 'PUT', path, { version: 9, body: 'x'.repeat(1 << 21) });
    expect(huge.status).toBe(413);
  });
});
