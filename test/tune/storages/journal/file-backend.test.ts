import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../../../src/core/errors.js';
import { captureLogsAsync } from '../../../../src/core/log.js';
import { FloatDistribution } from '../../../../src/tune/distributions.js';
import { openJournalFileStorage } from '../../../../src/tune/storages/journal/file-backend.js';
import { FileLock } from '../../../../src/tune/storages/journal/file-lock.js';
import { getStorage } from '../../../../src/tune/storages/registry.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-jfile-'));
  path = join(dir, 'study.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

async function writeStudy(nTrials: number): Promise<void> {
  const s = await openJournalFileStorage(path);
  const sid = await s.createNewStudy(['MINIMIZE'], 'a');
  for (let i = 0; i < nTrials; i++) {
    const t = await s.createNewTrial(sid);
    await s.setTrialParam(t, 'x', i / 10, new FloatDistribution(0, 10));
    await s.setTrialStateValues(t, 'COMPLETE', [i * 2]);
  }
  await s.close();
}

describe('journal file storage', () => {
  it('opens through the registry (journal:///abs/path) and writes one JSON record per line', async () => {
    const s = await getStorage(`journal://${path}`);
    const sid = await s.createNewStudy(['MAXIMIZE'], 'reg');
    await s.createNewTrial(sid);
    await s.close?.();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => (JSON.parse(l) as { op_code: number }).op_code)).toEqual([0, 4]);
    expect(JSON.parse(lines[0])).toMatchObject({ study_name: 'reg', directions: [2] });
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('replays only new records on each read (incremental), across two storages on one file', async () => {
    const a = await openJournalFileStorage(path);
    const b = await openJournalFileStorage(path);
    const sid = await a.createNewStudy(['MINIMIZE'], 's');
    const t0 = await a.createNewTrial(sid);
    await a.setTrialStateValues(t0, 'COMPLETE', [1]);
    expect((await b.getAllTrials(sid)).map((t) => t.state)).toEqual(['COMPLETE']);
    expect(b.recordsRead).toBe(3);
    const t1 = await b.createNewTrial(sid);
    expect(b.recordsRead).toBe(4);
    expect((await a.getTrial(t1)).number).toBe(1);
    expect(a.recordsRead).toBe(4);
    // a finished trial's snapshot is reused between reads
    const first = (await a.getAllTrials(sid))[0];
    expect((await a.getAllTrials(sid))[0]).toBe(first);
    await a.close();
    await b.close();
  });

  it('skips a truncated last line with a warning; the next append starts on a new line', async () => {
    await writeStudy(2);
    const full = readFileSync(path, 'utf8');
    appendFileSync(path, '{"op_code": 4, "worker_id": "dead", "study_id": 0, "datetime_sta');
    const logs = await captureLogsAsync(async () => {
      const s = await openJournalFileStorage(path);
      expect(await s.getNTrials(0)).toBe(2);
      // appending repairs the line ending first, then the record is on its own line
      const t = await s.createNewTrial(0);
      expect((await s.getTrial(t)).number).toBe(2);
      await s.close();
    });
    expect(logs.some((l) => l.level === 'warn' && /study\.log line 8: the last line is an incomplete record/.test(l.message))).toBe(true);
    expect(logs.some((l) => l.level === 'warn' && /ended before appending/.test(l.message))).toBe(true);
    const after = readFileSync(path, 'utf8');
    expect(after.startsWith(full)).toBe(true);
    const lines = after.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[7]).toMatch(/datetime_sta$/);
    expect(JSON.parse(lines[8])).toMatchObject({ op_code: 4, study_id: 0 });
    // a fresh reader sees the repaired cut record as skipped (warned), the new one applied
    const seen = await captureLogsAsync(async () => {
      const s = await openJournalFileStorage(path);
      expect((await s.getAllTrials(0)).map((t) => t.number)).toEqual([0, 1, 2]);
      await s.close();
    });
    expect(seen.some((l) => /line 8: an incomplete record .* is skipped/.test(l.message))).toBe(true);
  });

  it('reports a corrupt line in the middle with the file and line, and leaves the file as it was', async () => {
    await writeStudy(3);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[4] = '{"op_code": 5, "worker_id": "x", "trial_id": 1, garbage}';
    writeFileSync(path, lines.join('\n'));
    const before = sha(path);
    const err = await openJournalFileStorage(path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('JOURNAL_CORRUPT');
    expect((err as Error).message).toContain(`${path} line 5`);
    expect(sha(path)).toBe(before);
  });

  it('reports a well-formed record with bad fields, or an unknown op code, by line', async () => {
    await writeStudy(1);
    appendFileSync(path, '{"op_code": 42, "worker_id": "future"}\n');
    await expect(openJournalFileStorage(path)).rejects.toThrow(/line 5: not a valid journal record: unknown op_code 42/);
    writeFileSync(path, '{"op_code": 0, "worker_id": "w", "study_name": 3, "directions": [1]}\n');
    await expect(openJournalFileStorage(path)).rejects.toThrow(/line 1: .*'study_name' must be a string/);
  });

  it('lets exactly one of two writers pop a queued trial (the log order decides)', async () => {
    const a = await openJournalFileStorage(path);
    const b = await openJournalFileStorage(path);
    const sid = await a.createNewStudy(['MINIMIZE'], 's');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await a.createNewTrial(sid, { state: 'WAITING' }));
    for (const id of ids) {
      const got = await Promise.all([a.setTrialStateValues(id, 'RUNNING'), b.setTrialStateValues(id, 'RUNNING'), a.setTrialStateValues(id, 'RUNNING')]);
      expect(got.filter((x) => x)).toHaveLength(1);
    }
    expect((await b.getAllTrials(sid)).map((t) => t.state)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    await a.close();
    await b.close();
  });

  it('refuses writes to finished trials even when another process finished the trial in between', async () => {
    const a = await openJournalFileStorage(path);
    const b = await openJournalFileStorage(path);
    const sid = await a.createNewStudy(['MINIMIZE'], 's');
    const t = await a.createNewTrial(sid);
    await a.getTrial(t);
    await b.setTrialStateValues(t, 'COMPLETE', [1]);
    const e = await a.setTrialUserAttr(t, 'k', 1).catch((x: unknown) => x);
    expect((e as StorageError).code).toBe('UPDATE_FINISHED_TRIAL');
    await a.close();
    await b.close();
  });
});

describe('FileLock', () => {
  it('excludes concurrent holders in one process', async () => {
    const lockPath = join(dir, 'x.lock');
    const order: string[] = [];
    const run = async (name: string): Promise<void> => {
      const lock = new FileLock(lockPath);
      await lock.withLock(async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`${name}-`);
      });
    };
    await Promise.all(['a', 'b', 'c', 'd'].map(run));
    for (let i = 0; i < order.length; i += 2) expect(order[i][0]).toBe(order[i + 1][0]);
    expect(existsSync(lockPath)).toBe(false);
  });

  it('breaks at once a lock whose holder on this host is dead', async () => {
    const lockPath = join(dir, 'y.lock');
    // a pid that cannot be running: above the kernel's pid_max
    writeFileSync(lockPath, JSON.stringify({ host: (await import('node:os')).hostname(), pid: 2 ** 22 + 12345, token: 't' }));
    const logs = await captureLogsAsync(async () => {
      await new FileLock(lockPath, { staleMs: 60_000 }).withLock(() => undefined);
    });
    expect(logs.some((l) => l.level === 'warn' && /broke the stale lock .* is no longer running/.test(l.message))).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
  });

  it('breaks an old lock without owner data (e.g. Optuna\'s symlink lock) by age; waits on a fresh one', async () => {
    const lockPath = join(dir, 'z.lock');
    writeFileSync(lockPath, '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockPath, old, old);
    await new FileLock(lockPath, { staleMs: 30_000 }).withLock(() => undefined);
    expect(existsSync(lockPath)).toBe(false);
    writeFileSync(lockPath, '');
    const e = await new FileLock(lockPath, { staleMs: 30_000, timeoutMs: 200 }).acquire().catch((x: unknown) => x);
    expect((e as StorageError).code).toBe('LOCK_TIMEOUT');
    expect((e as Error).message).toContain(lockPath);
    expect(existsSync(lockPath)).toBe(true);
  });
});
