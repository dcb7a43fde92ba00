/**
 * Several writer processes on one journal: 4 child processes x 50 trials of one study through
 * createStudy/optimize (the compiled library in dist/, built by `npm test`), on a journal file and
 * on Redis. Every trial number 0..199 appears exactly once and every trial is COMPLETE.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../../src/core/log.js';
import type { Storage } from '../../../../src/tune/storages/base.js';
import { FileLock } from '../../../../src/tune/storages/journal/file-lock.js';
import { getStorage } from '../../../../src/tune/storages/registry.js';
import { startRedis, type RedisHandle } from '../../../helpers/redis.js';
import { describeWithService } from '../../../helpers/services.js';

const WORKER = join(__dirname, 'journal-worker.mjs');
const DIST = join(__dirname, '..', '..', '..', '..', 'dist', 'tune', 'storages', 'journal', 'file-backend.js');
const N_WORKERS = 4;
const N_TRIALS = 50;

function runWorker(url: string, studyName: string, seed: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, url, studyName, String(N_TRIALS), String(seed)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

async function checkWorkers(url: string): Promise<void> {
  expect(existsSync(DIST), `${DIST} is missing: build first (npm test runs tsc -p tsconfig.build.json)`).toBe(true);
  const results = await Promise.all(Array.from({ length: N_WORKERS }, (_x, i) => runWorker(url, 'shared', i + 1)));
  for (const r of results) expect(r.code, r.stderr).toBe(0);
  const storage: Storage = await getStorage(url);
  try {
    const sid = await storage.getStudyIdFromName('shared');
    const trials = await storage.getAllTrials(sid);
    const total = N_WORKERS * N_TRIALS;
    expect(trials).toHaveLength(total);
    expect(trials.map((t) => t.number)).toEqual(Array.from({ length: total }, (_x, i) => i));
    expect(new Set(trials.map((t) => t.trialId)).size).toBe(total);
    expect(trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    for (const t of trials) {
      const x = t.params.x as number;
      const k = t.params.k as number;
      expect(t.values?.[0]).toBeCloseTo(x * x + k, 12);
      expect(t.intermediateValues.get(0)).toBeCloseTo(x * k, 12);
    }
    expect((await storage.getAllStudies()).map((s) => s.studyName)).toEqual(['shared']);
  } finally {
    await storage.close?.();
  }
}

/** Starts a worker that runs many trials, and kills it (SIGKILL) once the journal has `bytes` bytes. */
async function killWorkerMidway(url: string, path: string, bytes: number): Promise<void> {
  const child = spawn(process.execPath, [WORKER, url, 'shared', '100000', '99'], { stdio: 'ignore' });
  const began = Date.now();
  while (Date.now() - began < 60_000) {
    if (existsSync(path) && statSync(path).size >= bytes) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

describe('journal with several writer processes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gbtune-jconc-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`journal file: ${N_WORKERS} processes x ${N_TRIALS} trials give numbers 0..${N_WORKERS * N_TRIALS - 1} once each`, async () => {
    await checkWorkers(`journal://${join(dir, 'shared.log')}`);
    expect(existsSync(join(dir, 'shared.log.lock'))).toBe(false);
  }, 120_000);

  it('a lock held by a process killed with SIGKILL is broken at once by the next writer', async () => {
    const lockPath = join(dir, 'held.log.lock');
    const lockModule = join(dirname(DIST), 'file-lock.js');
    const code = `import(${JSON.stringify(lockModule)}).then(async (m) => { await new m.FileLock(${JSON.stringify(lockPath)}).acquire(); process.stdout.write('held\\n'); setInterval(() => {}, 1000); });`;
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
    expect(existsSync(lockPath)).toBe(true);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const logs = await captureLogsAsync(async () => {
      await new FileLock(lockPath, { staleMs: 600_000, timeoutMs: 10_000 }).withLock(() => undefined);
    });
    expect(logs.some((l) => l.level === 'warn' && l.message.includes(`pid ${child.pid} on this host, is no longer running`))).toBe(true);
    expect(existsSync(lockPath)).toBe(false);
  }, 60_000);

  it('a writer killed with SIGKILL loses nothing finished; other writers go on with the next numbers', async () => {
    const path = join(dir, 'killed.log');
    const url = `journal://${path}`;
    await killWorkerMidway(url, path, 20_000);
    const storage: Storage = await getStorage(url);
    const sid = await storage.getStudyIdFromName('shared');
    const before = await storage.getAllTrials(sid);
    expect(before.length).toBeGreaterThan(5);
    expect(before.map((t) => t.number)).toEqual(before.map((_t, i) => i));
    // at most the trial in progress is left RUNNING; every other one is COMPLETE
    expect(before.slice(0, -1).every((t) => t.state === 'COMPLETE')).toBe(true);
    await storage.close?.();
    // a new worker continues (breaking the lock if the killed one held it)
    const r = await runWorker(url, 'shared', 5);
    expect(r.code, r.stderr).toBe(0);
    const again: Storage = await getStorage(url);
    const after = await again.getAllTrials(sid);
    expect(after).toHaveLength(before.length + N_TRIALS);
    expect(after.map((t) => t.number)).toEqual(after.map((_t, i) => i));
    expect(after.slice(before.length).every((t) => t.state === 'COMPLETE')).toBe(true);
    await again.close?.();
  }, 120_000);
});

describeWithService('redis', 'Redis journal with several writer processes', () => {
  let server: RedisHandle;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server.stop();
  });

  it(`redis: ${N_WORKERS} processes x ${N_TRIALS} trials give numbers 0..${N_WORKERS * N_TRIALS - 1} once each`, async () => {
    await checkWorkers(server.url);
  }, 120_000);
});
