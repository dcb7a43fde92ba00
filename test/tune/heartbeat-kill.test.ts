/**
 * A worker killed with SIGKILL in the middle of a trial (the compiled CLI `gbtune worker` in dist/),
 * on SQLite (heartbeat table) and on a journal file (heartbeat trial attribute): the COMPLETE trials
 * are all still there, the killed trial stays RUNNING until the grace period has passed, then the
 * next worker marks it FAIL, RetryFailedTrialCallback re-queues it with the same params, and that
 * worker runs the retry.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryFailedTrialCallback } from '../../src/tune/callbacks.js';
import { failStaleTrials } from '../../src/tune/heartbeat.js';
import { createStudy, loadStudy } from '../../src/tune/study/create-study.js';
import type { FrozenTrial } from '../../src/tune/trial/frozen-trial.js';
import { itWithService, servicePath } from '../helpers/services.js';

const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const GRACE = 3; // seconds
let dir = '';

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-hb-'));
  writeFileSync(
    join(dir, 'objective.mjs'),
    [
      "import { writeFileSync } from 'node:fs';",
      'export async function hangAt3(trial) {',
      "  const x = trial.suggestFloat('x', 0, 1);",
      '  if (trial.number === 3) {',
      "    writeFileSync(process.env.HB_MARKER, 'running');",
      '    await new Promise(() => setInterval(() => undefined, 1000)); // hangs until killed',
      '  }',
      '  return x;',
      '}',
      "export const fast = (trial) => trial.suggestFloat('x', 0, 1);",
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [bin, 'worker', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function trialsOf(url: string): Promise<FrozenTrial[]> {
  const s = await loadStudy({ storage: url, studyName: 'hb', sampler: 'random' });
  const t = s.trials.slice();
  await s.storage.close?.();
  return t;
}

async function killAndResume(url: string): Promise<void> {
  const s0 = await createStudy({ storage: url, studyName: 'hb', direction: 'maximize' });
  await s0.storage.close?.();
  const marker = join(dir, `marker-${Math.random().toString(36).slice(2)}`);
  const child = cli(['--storage', url, '--study-name', 'hb', '--objective', 'objective.mjs#hangAt3', '--n-trials', '10', '--sampler', 'random', '--heartbeat-interval', '0.5'], {
    HB_MARKER: marker,
  });
  const done = exited(child);
  for (let i = 0; i < 600 && !existsSync(marker); i++) await sleep(50);
  expect(existsSync(marker), 'the worker never reached trial 3').toBe(true);
  await sleep(700); // at least one timer heartbeat after the start
  child.kill('SIGKILL');
  const ex = await done;
  expect(ex.signal).toBe('SIGKILL');

  const before = await trialsOf(url);
  expect(before.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'RUNNING']);
  const params3 = before[3]?.params;
  expect(typeof params3?.x).toBe('number');

  // within the grace period the dead worker's trial is not stale yet
  const early = await loadStudy({ storage: url, studyName: 'hb', sampler: 'random', heartbeatInterval: 1, gracePeriod: GRACE });
  expect(await failStaleTrials(early)).toEqual([]);
  expect(early.trials[3]?.state).toBe('RUNNING');
  await early.storage.close?.();

  await sleep(GRACE * 1000 + 500);
  const next = cli(['--storage', url, '--study-name', 'hb', '--objective', 'objective.mjs#fast', '--n-trials', '2', '--sampler', 'random', '--heartbeat-interval', '1', '--grace-period', String(GRACE), '--retry-failed-trials', '2', '--json']);
  let stdout = '';
  next.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const r = await exited(next);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/trial 3 failed: its worker sent no heartbeat/);
  const out = JSON.parse(stdout) as { trialNumbers: number[] };
  expect(out.trialNumbers).toEqual([4, 5]); // the retry (4, popped from the queue) first, then a new trial

  const after = await trialsOf(url);
  expect(after.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE', 'FAIL', 'COMPLETE', 'COMPLETE']);
  for (let i = 0; i < 3; i++) expect(after[i]?.values).toEqual(before[i]?.values);
  const retry = after[4];
  expect(retry.params).toEqual(params3);
  expect(retry.values).toEqual([params3?.x]);
  expect(RetryFailedTrialCallback.retriedTrialNumber(retry)).toBe(3);
  expect(RetryFailedTrialCallback.retryHistory(retry)).toEqual([3]);
  expect(RetryFailedTrialCallback.retriedTrialNumber(after[5])).toBeNull();
}

describe('heartbeats: a worker killed with SIGKILL mid-trial', () => {
  it('SQLite: RUNNING until the grace period, then FAIL, retried with the same params by the next worker', async () => {
    await killAndResume(`sqlite:///${join(dir, 'hb.db')}`);
  });

  itWithService('python-optuna', 'SQLite: Optuna 3.1 reads the retry as its own RetryFailedTrialCallback wrote it', () => {
    // the study file of the test above
    const url = `sqlite:///${join(dir, 'hb.db')}`;
    const py = [
      'import json, sys, optuna',
      'from optuna.storages import RetryFailedTrialCallback as R',
      "s = optuna.load_study(study_name='hb', storage=sys.argv[1])",
      't = s.trials',
      'print(json.dumps([[x.state.name for x in t], R.retried_trial_number(t[4]), R.retry_history(t[4]), t[4].params == t[3].params]))',
    ].join('\n');
    const r = spawnSync(servicePath('python-optuna'), ['-c', py, url], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop() as string)).toEqual([['COMPLETE', 'COMPLETE', 'COMPLETE', 'FAIL', 'COMPLETE', 'COMPLETE'], 3, [3], true]);
  });

  it('journal file: the same, with the heartbeat kept as a trial attribute', async () => {
    await killAndResume(`journal:///${join(dir, 'hb.log')}`);
  });
});
