/**
 * `gbtune dashboard` and `gbtune tune --dashboard` as a user runs them (the compiled CLI): the
 * `listening on` line, the API behind it, Ctrl-C, errors; a running `gbtune tune` watched through
 * its own dashboard and stopped cleanly from a second, writable one (its running trial finishes,
 * the model is refitted and written, the run's files are then offered for download with the best
 * params as JSON and as `gbtune train` flags).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStorage } from '../../src/tune/storages/registry.js';
import { ensureDashboardAssets, seedStudy } from '../helpers/dashboard.js';
import { root, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-dash-'));
const bin = join(root, 'dist', 'cli', 'main.js');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `gbtune ...args`; `waitFor(re, 'stdout' | 'stderr')` resolves with the first match. */
function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; out: () => string; err: () => string; waitFor: (re: RegExp, stream?: 'stdout' | 'stderr', ms?: number) => Promise<RegExpExecArray>; exited: Promise<number> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, CI: 'true', ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const waitFor = async (re: RegExp, stream: 'stdout' | 'stderr' = 'stdout', ms = 60_000): Promise<RegExpExecArray> => {
    const t0 = Date.now();
    for (;;) {
      const m = re.exec(stream === 'stdout' ? out : err);
      if (m !== null) return m;
      if (child.exitCode !== null || Date.now() - t0 > ms) throw new Error(`no ${re} on ${stream}; stdout: ${out}\nstderr: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, out: () => out, err: () => err, waitFor, exited };
}

describe('gbtune dashboard', () => {
  // every test of this block reads the same seeded storage, so each also runs alone (-t)
  beforeAll(async () => {
    ensureDashboardAssets();
    const st = await getStorage(`sqlite:///${join(dir, 'cli.db')}`);
    await seedStudy(st, 'from-cli', 8);
    await st.close?.();
  });

  it('prints "listening on http://127.0.0.1:PORT/", serves the storage, and stops on Ctrl-C', async () => {
    const url = `sqlite:///${join(dir, 'cli.db')}`;
    const p = start(['dashboard', '--storage', url, '--port', '0']);
    const [line, base] = await p.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/);
    expect(p.out()).toBe(`${line}`);
    const studies = (await (await fetch(`${base}api/studies`)).json()) as { studies: { studyName: string; nTrials: number }[] };
    expect(studies.studies.map((s) => [s.studyName, s.nTrials])).toEqual([['from-cli', 8]]);
    expect((await fetch(base)).headers.get('content-type')).toBe('text/html; charset=utf-8');
    // read-only by default
    expect((await fetch(`${base}api/studies`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"x"}' })).status).toBe(403);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.err()).toBe('');
  });

  it('--open opens the page with the system opener (xdg-open on Linux)', async () => {
    if (process.platform !== 'linux') return;
    const bindir = join(dir, 'bin');
    mkdirSync(bindir, { recursive: true });
    const opened = join(dir, 'opened.txt');
    writeFileSync(join(bindir, 'xdg-open'), `#!/bin/sh\necho "$1" > ${opened}\n`);
    chmodSync(join(bindir, 'xdg-open'), 0o755);
    const p = start(['dashboard', '--storage', `sqlite:///${join(dir, 'cli.db')}`, '--port', '0', '--open'], { PATH: `${bindir}:${process.env.PATH ?? ''}` });
    const [, base] = await p.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/);
    for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(opened, 'utf8').trim()).toBe(base);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
  });

  it('warns when it listens beyond this machine, and refuses a missing storage file or a bad port', async () => {
    const url = `sqlite:///${join(dir, 'cli.db')}`;
    const p = start(['dashboard', '--storage', url, '--port', '0', '--host', '0.0.0.0']);
    await p.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+\/\n/);
    await p.waitFor(/warn: the dashboard listens on 0\.0\.0\.0: anyone who can reach this machine/, 'stderr');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    let r = runCli(['dashboard', '--storage', `sqlite:///${join(dir, 'missing.db')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the file ${join(dir, 'missing.db')} does not exist`);
    r = runCli(['dashboard', '--storage', url, '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be from 0 to 65535');
  });
});

describe('gbtune tune --dashboard, stopped from a writable dashboard', () => {
  it('serves the running study, stops cleanly on a stop request, then offers the model, the report and the best params', async () => {
    ensureDashboardAssets();
    const out = join(dir, 'run');
    const url = `sqlite:///${join(out, 'study.db')}`;
    const tune = start(['tune', 'datasets/breast_cancer.csv', '--trials', '2000', '--folds', '3', '--param', 'num_iterations=20', '--out', out, '--dashboard', '0', '--json']);
    const [, watch] = await tune.waitFor(/dashboard listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/, 'stderr');
    // the tune's own dashboard is read-only and shows the study as it runs
    let n = 0;
    for (let i = 0; i < 200 && n < 3; i++) {
      const s = (await (await fetch(`${watch}api/studies`)).json()) as { studies: { studyName: string; states: { COMPLETE: number } }[] };
      n = s.studies.find((x) => x.studyName === 'gbtune')?.states.COMPLETE ?? 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(n).toBeGreaterThanOrEqual(3);
    expect((await fetch(`${watch}api/studies/1/stop`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(403);
    // a second dashboard with --allow-write stops the run
    const admin = start(['dashboard', '--storage', url, '--port', '0', '--allow-write']);
    const [, base] = await admin.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/);
    const stop = await fetch(`${base}api/studies/1/stop`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(stop.status).toBe(200);
    expect(await tune.exited).toBe(0);
    const result = JSON.parse(tune.out()) as { nTrialsRun: number; bestValue: number; bestIteration: number; paths: Record<string, string>; interrupted: boolean };
    expect(result.nTrialsRun).toBeGreaterThanOrEqual(3);
    expect(result.nTrialsRun).toBeLessThan(2000);
    expect(existsSync(result.paths.modelTxt)).toBe(true);
    // the writable dashboard offers what the run wrote
    admin.child.kill('SIGINT');
    await admin.exited;
    const again = start(['dashboard', '--storage', url, '--port', '0']);
    const [, b2] = await again.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/);
    const d = (await (await fetch(`${b2}api/studies/1`)).json()) as {
      study: { states: Record<string, number> };
      tuning: { metric: string; bestParams: Record<string, unknown>; cliFlags: string; outputs: { name: string; available: boolean }[] };
    };
    expect(d.study.states.RUNNING).toBe(0);
    expect(d.tuning.metric).toBe('accuracy');
    const best = JSON.parse(readFileSync(result.paths.bestParams, 'utf8')) as { params: Record<string, unknown>; bestIteration: number };
    expect(d.tuning.bestParams.num_iterations).toBe(best.bestIteration);
    // the params to train the tuned model with: best_params.json's (which lists the metric, and adds seeds and threads)
    for (const [k, v] of Object.entries(d.tuning.bestParams)) if (k in best.params && k !== 'metric') expect(best.params[k], k).toEqual(v);
    expect(best.params.metric).toEqual([d.tuning.bestParams.metric]);
    expect(d.tuning.cliFlags).toContain('--target target --param objective=binary --param metric=accuracy');
    expect(d.tuning.cliFlags).toContain(`--param num_iterations=${best.bestIteration}`);
    expect(d.tuning.outputs.filter((o) => o.available).map((o) => o.name).sort()).toEqual(['best_params.json', 'model.json', 'model.txt', 'report.html', 'trials.csv']);
    const model = await fetch(`${b2}api/studies/1/files/model.txt`);
    expect(model.status).toBe(200);
    expect(await model.text()).toBe(readFileSync(result.paths.modelTxt, 'utf8'));
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 180_000);
});
