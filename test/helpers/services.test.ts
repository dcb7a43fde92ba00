/**
 * The service detection of the tests (services.ts), with each program hidden: detection with a
 * PATH and a known-location root that hold nothing (and with fake programs that it must find), and
 * child vitest runs whose PATH holds only `node`: outside CI the suites are declared skipped with
 * the reason and the run passes; with CI=true each fails naming the missing program. The child
 * runs include the real Redis journal test file, which once declared no suite without Redis.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectService, isCi, SERVICE_NAMES, type ServiceName } from './services.js';

const tmp = mkdtempSync(join(tmpdir(), 'gbtune-services-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh directory under the test's temp dir. */
let dirNo = 0;
function freshDir(): string {
  const d = join(tmp, `d${++dirNo}`);
  mkdirSync(d, { recursive: true });
  return d;
}

/** An executable shell script at `path`. */
function fakeProgram(path: string, body = 'exit 0'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A bin dir holding only a `node` link: a PATH without any of the four programs. */
function nodeOnlyBin(): string {
  const bin = freshDir();
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

/** The word each reason must name. */
const NAMED: Record<ServiceName, RegExp> = {
  redis: /redis-server/,
  postgres: /initdb and pg_ctl/,
  chromium: /chromium/,
  'python-optuna': /python3/,
};

describe('detectService', () => {
  it('every program hidden from PATH and from its known locations: a reason naming it and the Debian package', () => {
    const env = { PATH: nodeOnlyBin() };
    const root = freshDir();
    for (const name of SERVICE_NAMES) {
      const s = detectService(name, { env, root });
      expect(s.path, name).toBeNull();
      expect(s.reason, name).toMatch(NAMED[name]);
      expect(s.reason, name).toMatch(/ is absent \(.*\); install Debian (redis-server|postgresql|chromium|python3-optuna)$/);
    }
  });

  it('finds programs on PATH, PATH first', () => {
    const bin = nodeOnlyBin();
    const root = freshDir();
    fakeProgram(join(bin, 'redis-server'));
    fakeProgram(join(bin, 'chromium-browser'));
    fakeProgram(join(bin, 'initdb'));
    fakeProgram(join(bin, 'pg_ctl'));
    fakeProgram(join(bin, 'python3'), 'echo 3.1.0');
    // a known location too: PATH wins
    fakeProgram(join(root, 'usr', 'bin', 'chromium'));
    const env = { PATH: `${freshDir()}:${bin}` };
    const opts = { env, root };
    expect(detectService('redis', opts)).toEqual({ path: join(bin, 'redis-server'), reason: null });
    expect(detectService('chromium', opts)).toEqual({ path: join(bin, 'chromium-browser'), reason: null });
    expect(detectService('python-optuna', opts)).toEqual({ path: join(bin, 'python3'), reason: null });
    const pg = detectService('postgres', opts);
    if (process.getuid?.() === 0) {
      // as root initdb runs as the user postgres, who must exist
      expect(pg.reason).toMatch(/no user postgres/);
      mkdirSync(join(root, 'etc'));
      writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\npostgres:x:100:100::/var/lib/postgresql:/bin/sh\n');
    }
    expect(detectService('postgres', opts)).toEqual({ path: bin, reason: null });
  });

  it('finds programs at their known locations when PATH has none; PostgreSQL: the highest version', () => {
    const root = freshDir();
    for (const v of ['13', '15']) for (const p of ['initdb', 'pg_ctl']) fakeProgram(join(root, 'usr', 'lib', 'postgresql', v, 'bin', p));
    fakeProgram(join(root, 'usr', 'lib', 'postgresql', '16', 'bin', 'initdb')); // no pg_ctl: not a usable version
    fakeProgram(join(root, 'usr', 'bin', 'chromium'));
    fakeProgram(join(root, 'usr', 'bin', 'python3'), 'echo 3.1.0');
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc', 'passwd'), 'postgres:x:100:100::/var/lib/postgresql:/bin/sh\n');
    const opts = { env: { PATH: nodeOnlyBin() }, root };
    expect(detectService('postgres', opts).path).toBe(join(root, 'usr', 'lib', 'postgresql', '15', 'bin'));
    expect(detectService('chromium', opts).path).toBe(join(root, 'usr', 'bin', 'chromium'));
    expect(detectService('python-optuna', opts).path).toBe(join(root, 'usr', 'bin', 'python3'));
    // redis-server has no known location: PATH only
    expect(detectService('redis', opts).reason).toMatch(/redis-server is absent \(not on PATH\)/);
  });

  it('python3 without Optuna, or with another major version, is not the service', () => {
    const bin = nodeOnlyBin();
    fakeProgram(join(bin, 'python3'), "echo \"ModuleNotFoundError: No module named 'optuna'\" >&2; exit 1");
    const opts = { env: { PATH: bin }, root: freshDir() };
    expect(detectService('python-optuna', opts).reason).toMatch(/cannot import optuna \(ModuleNotFoundError: No module named 'optuna'\)/);
    fakeProgram(join(bin, 'python3'), 'echo 4.5.0');
    expect(detectService('python-optuna', opts).reason).toMatch(/has Optuna 4\.5\.0, not 3\.x/);
    // a second python3 later on PATH that has Optuna 3 is taken
    const other = nodeOnlyBin();
    fakeProgram(join(other, 'python3'), 'echo 3.1.0');
    expect(detectService('python-optuna', { ...opts, env: { PATH: `${bin}:${other}` } }).path).toBe(join(other, 'python3'));
  });

  it('a file that is not executable is not a program', () => {
    const bin = nodeOnlyBin();
    writeFileSync(join(bin, 'redis-server'), '#!/bin/sh\n');
    chmodSync(join(bin, 'redis-server'), 0o644);
    expect(detectService('redis', { env: { PATH: bin } }).reason).toMatch(/redis-server is absent \(not on PATH\)/);
  });

  it('CI is any CI value but empty, 0 or false', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
  });
});

interface JsonReport {
  numFailedTests: number;
  numPassedTests: number;
  numPendingTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }[] }[];
}

/** Runs vitest in a child with PATH = a bin dir holding only node, CI as given; its exit code and JSON report. */
function childVitest(args: string[], ci: boolean, root: string): { status: number | null; report: JsonReport; stdout: string } {
  const out = join(freshDir(), 'report.json');
  const env: NodeJS.ProcessEnv = { PATH: nodeOnlyBin(), HOME: process.env.HOME, PROBE_ROOT: root };
  if (ci) env.CI = 'true';
  const r = spawnSync(process.execPath, [join('node_modules', 'vitest', 'vitest.mjs'), 'run', ...args, '--reporter=json', `--outputFile=${out}`], {
    cwd: join(__dirname, '..', '..'),
    env,
    encoding: 'utf8',
  });
  return { status: r.status, report: JSON.parse(readFileSync(out, 'utf8')) as JsonReport, stdout: r.stdout + r.stderr };
}

const flat = (report: JsonReport) => report.testResults.flatMap((f) => f.assertionResults);

describe('suites that need an absent program (child vitest runs, PATH = node only)', () => {
  const probe = ['--config', join('test', 'helpers', 'fixtures', 'vitest.probe.config.ts')];

  it('outside CI: each suite and test is declared skipped with the reason, and the run passes', () => {
    const { status, report, stdout } = childVitest(probe, false, freshDir());
    expect(status, stdout).toBe(0);
    const tests = flat(report);
    expect(tests.length).toBe(SERVICE_NAMES.length + 1);
    for (const t of tests) expect(t.status).toMatch(/skipped|pending/);
    for (const name of SERVICE_NAMES) {
      const t = tests.find((x) => x.ancestorTitles.some((a) => a.startsWith(`probe suite needing ${name} [skipped: `)));
      expect(t, name).toBeDefined();
      expect(t!.ancestorTitles.join(' '), name).toMatch(NAMED[name]);
    }
    expect(tests.some((t) => /^probe test needing redis \[skipped: redis-server is absent \(not on PATH\)/.test(t.title))).toBe(true);
  }, 120_000);

  it('with CI=true: each suite and test fails, naming the missing program', () => {
    const { status, report, stdout } = childVitest(probe, true, freshDir());
    expect(status, stdout).toBe(1);
    const tests = flat(report);
    expect(tests.length).toBe(SERVICE_NAMES.length + 1);
    for (const t of tests) expect(t.status).toBe('failed');
    for (const name of SERVICE_NAMES) {
      const t = tests.find((x) => x.ancestorTitles.includes(`probe suite needing ${name}`))!;
      expect(t.title).toMatch(/^needs /);
      expect(t.failureMessages.join('\n'), name).toMatch(/missing under CI=true/);
      expect(t.failureMessages.join('\n'), name).toMatch(NAMED[name]);
    }
  }, 120_000);

  it('the Redis journal test file without redis-server: skipped with the reason outside CI, failed under CI', () => {
    const file = join('test', 'tune', 'storages', 'journal', 'redis-backend.test.ts');
    const skipped = childVitest([file], false, '/');
    expect(skipped.status, skipped.stdout).toBe(0);
    const tests = flat(skipped.report);
    expect(tests.length).toBeGreaterThanOrEqual(4);
    for (const t of tests) {
      expect(t.status).toMatch(/skipped|pending/);
      expect(t.ancestorTitles[0]).toMatch(/^Redis journal \[skipped: redis-server is absent \(not on PATH\); install Debian redis-server\]$/);
    }
    const failed = childVitest([file], true, '/');
    expect(failed.status, failed.stdout).toBe(1);
    expect(flat(failed.report).map((t) => [t.title, t.status])).toEqual([['needs redis-server', 'failed']]);
  }, 120_000);
});
