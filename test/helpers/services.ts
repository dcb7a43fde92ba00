/**
 * The one place the tests find the outside programs they need — Redis (`redis-server`),
 * PostgreSQL (`initdb` + `pg_ctl`), Chromium and Python with Optuna — and declare the suites that
 * need them. A program is looked up on PATH first, then at its known locations (Debian's
 * `/usr/lib/postgresql/<version>/bin`, `/usr/bin/chromium`, `/usr/bin/python3`).
 *
 * When a program is absent, a suite that needs it is still declared: outside CI it is skipped
 * with the reason in its title (`npm test` passes on a machine without it); with `CI=true` (as
 * `.ci/run` sets) it holds one failing test naming the missing program, so CI never passes with
 * part of the suite silently left out.
 *
 * Detection takes the environment (PATH) and the filesystem root of the known locations as
 * options, so a test can hide a program.
 *
 * @example
 * ```ts
 * describeWithService('redis', 'Redis journal', () => {
 *   it('round-trips', async () => { const server = await startRedis(); ... });
 * });
 * const python = servicePath('python-optuna'); // inside a test of such a suite
 * ```
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { describe, it } from 'vitest';

/**
 * The outside programs the tests use (`python-optuna`: a python3 that imports Optuna 3.x, the
 * version the interop tests are written against, Debian's python3-optuna 3.1).
 */
export const SERVICE_NAMES = ['redis', 'postgres', 'chromium', 'python-optuna'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What is looked for, and the Debian package that brings it (`.ci/run` installs all four). */
const PROGRAMS: Record<ServiceName, { program: string; debian: string }> = {
  redis: { program: 'redis-server', debian: 'redis-server' },
  postgres: { program: 'PostgreSQL (initdb and pg_ctl)', debian: 'postgresql' },
  chromium: { program: 'Chromium', debian: 'chromium' },
  'python-optuna': { program: 'python3 with Optuna 3.x', debian: 'python3-optuna' },
};

/** Options of the detection functions. */
export interface DetectOptions {
  /** The environment: its PATH is searched and passed to the Python check. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The filesystem root the known locations are under. Default `'/'`. */
  root?: string;
}

/** Where a service's program is (`path`), or why it cannot be used (`reason`); exactly one is null. */
export interface ServiceStatus {
  /** redis-server / chromium / python3 executable, or the PostgreSQL bin directory. */
  path: string | null;
  reason: string | null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Every `dir/name` on the env's PATH that is an executable file, in PATH order. */
function onPath(name: string, env: NodeJS.ProcessEnv): string[] {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  return dirs.map((d) => join(d, name)).filter(isExecutable);
}

function missing(name: ServiceName, detail: string): ServiceStatus {
  const { program, debian } = PROGRAMS[name];
  return { path: null, reason: `${program} is absent (${detail}); install Debian ${debian}` };
}

function detectRedis(env: NodeJS.ProcessEnv): ServiceStatus {
  const found = onPath('redis-server', env)[0];
  return found !== undefined ? { path: found, reason: null } : missing('redis', 'not on PATH');
}

function detectChromium(env: NodeJS.ProcessEnv, root: string): ServiceStatus {
  const known = join(root, 'usr', 'bin', 'chromium');
  const found = [...onPath('chromium', env), ...onPath('chromium-browser', env), ...(isExecutable(known) ? [known] : [])][0];
  return found !== undefined ? { path: found, reason: null } : missing('chromium', `neither chromium nor chromium-browser is on PATH, nor ${known}`);
}

function detectPostgres(env: NodeJS.ProcessEnv, root: string): ServiceStatus {
  const both = (dir: string): boolean => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl'));
  const fromPath = onPath('initdb', env).map((p) => dirname(p)).find(both);
  const debianRoot = join(root, 'usr', 'lib', 'postgresql');
  const versions = existsSync(debianRoot) ? readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = fromPath ?? versions.map((v) => join(debianRoot, v, 'bin')).find(both);
  if (bin === undefined) return missing('postgres', `not on PATH, nor in ${debianRoot}/*/bin`);
  // initdb refuses to run as root: the tests run it as the user postgres
  if (process.getuid?.() === 0 && !hasUser(root, 'postgres')) {
    return { path: null, reason: `PostgreSQL cannot start: running as root and ${join(root, 'etc', 'passwd')} has no user postgres to run initdb as; install Debian postgresql` };
  }
  return { path: bin, reason: null };
}

function hasUser(root: string, user: string): boolean {
  try {
    return readFileSync(join(root, 'etc', 'passwd'), 'utf8').split('\n').some((line) => line.startsWith(`${user}:`));
  } catch {
    return false;
  }
}

function detectPythonOptuna(env: NodeJS.ProcessEnv, root: string): ServiceStatus {
  const known = join(root, 'usr', 'bin', 'python3');
  const candidates = [...new Set([...onPath('python3', env), ...(isExecutable(known) ? [known] : [])])];
  if (candidates.length === 0) return missing('python-optuna', `python3 is not on PATH, nor ${known}`);
  const failures: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8', env });
    const version = r.status === 0 ? r.stdout.trim().split('\n').pop() ?? '' : '';
    if (version.startsWith('3.')) return { path: python, reason: null };
    const last = (r.error?.message ?? r.stderr ?? '').trim().split('\n').pop() ?? '';
    failures.push(r.status === 0 ? `${python} has Optuna ${version}, not 3.x` : `${python} cannot import optuna (${last})`);
  }
  return missing('python-optuna', failures.join('; '));
}

/**
 * Finds a service's program with the given environment and root (no caching).
 *
 * @example
 * ```ts
 * detectService('redis', { env: { PATH: '/nowhere' } }).reason; // 'redis-server is absent (not on PATH); install Debian redis-server'
 * ```
 */
export function detectService(name: ServiceName, { env = process.env, root = '/' }: DetectOptions = {}): ServiceStatus {
  switch (name) {
    case 'redis':
      return detectRedis(env);
    case 'postgres':
      return detectPostgres(env, root);
    case 'chromium':
      return detectChromium(env, root);
    case 'python-optuna':
      return detectPythonOptuna(env, root);
  }
}

const cache = new Map<ServiceName, ServiceStatus>();

/** {@link detectService} for this process's environment, once per service. */
function status(name: ServiceName): ServiceStatus {
  let s = cache.get(name);
  if (s === undefined) {
    s = detectService(name);
    cache.set(name, s);
  }
  return s;
}

/**
 * Why a service cannot be used here (its program is absent), or null when it can.
 *
 * @example
 * ```ts
 * requireService('postgres'); // null on a machine with Debian postgresql
 * ```
 */
export function requireService(name: ServiceName): string | null {
  return status(name).reason;
}

/**
 * The program of an available service (redis-server, chromium or python3 executable; the
 * PostgreSQL bin directory); throws with the reason when it is absent. Call it inside a test
 * or hook of a suite declared with {@link describeWithService}.
 *
 * @example
 * ```ts
 * spawnSync(servicePath('python-optuna'), ['-c', 'import optuna']);
 * ```
 */
export function servicePath(name: ServiceName): string {
  const s = status(name);
  if (s.path === null) throw new Error(s.reason ?? `${name} is absent`);
  return s.path;
}

/**
 * Whether the run is CI (`CI` set to anything but '', '0' or 'false'): a missing program fails.
 *
 * @example
 * ```ts
 * isCi({ CI: 'true' }); // true
 * ```
 */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false';
}

/** How a suite needing `name` is declared: run it, skip it (reason), or fail it (reason). */
function verdict(name: ServiceName | null, options: DetectOptions | undefined): { reason: string | null; fail: boolean } {
  if (name === null) return { reason: null, fail: false };
  const reason = options === undefined ? status(name).reason : detectService(name, options).reason;
  return { reason, fail: reason !== null && isCi(options?.env ?? process.env) };
}

/** The title of a suite or test left out. */
function skippedTitle(title: string, reason: string): string {
  return `${title} [skipped: ${reason}]`;
}

/** The error of a suite or test whose program is missing under CI. */
function ciFailure(name: ServiceName, title: string, reason: string): Error {
  return new Error(`${title}: needs ${PROGRAMS[name].program}, which is missing under CI=true (a missing program fails in CI instead of skipping): ${reason}`);
}

/**
 * Declares a suite that needs an outside program (`null`: none). Present: `describe(title, fn)`.
 * Absent outside CI: `describe.skip` with the reason in the title (and printed once). Absent with
 * `CI=true`: a suite of one failing test naming the missing program. `options` steer detection
 * (tests of this module); by default this process's environment, detected once.
 *
 * @example
 * ```ts
 * describeWithService('chromium', 'HTML report in headless Chromium', () => { ... });
 * ```
 */
export function describeWithService(name: ServiceName | null, title: string, fn: () => void, options?: DetectOptions): void {
  const { reason, fail } = verdict(name, options);
  if (reason === null) {
    describe(title, fn);
  } else if (fail) {
    describe(title, () => {
      it(`needs ${PROGRAMS[name!].program}`, () => {
        throw ciFailure(name!, title, reason);
      });
    });
  } else {
    console.log(`skipped: ${title}: ${reason}`);
    describe.skip(skippedTitle(title, reason), fn);
  }
}

/**
 * Declares one test that needs an outside program, inside a suite that does not: as
 * {@link describeWithService} but for a single test (`it.skip` with the reason outside CI, a
 * failing test under CI).
 *
 * @example
 * ```ts
 * itWithService('python-optuna', 'Optuna reads the study', () => { ... }, 60_000);
 * ```
 */
export function itWithService(
  name: ServiceName, title: string, fn: () => unknown, timeout?: number, options?: DetectOptions,
): void {
  const { reason, fail } = verdict(name, options);
  if (reason === null) {
    it(title, fn, timeout);
  } else if (fail) {
    it(title, () => {
      throw ciFailure(name, title, reason);
    });
  } else {
    console.log(`skipped: ${title}: ${reason}`);
    it.skip(skippedTitle(title, reason), fn);
  }
}

/**
 * `describe.each` over items that may each need an outside program (`service`, absent: none):
 * one {@link describeWithService} per item, `$name` in the title replaced by the item's name.
 *
 * @example
 * ```ts
 * describeEachWithService(STORAGE_FACTORIES, 'Storage conformance: $name', (factory) => { ... });
 * ```
 */
export function describeEachWithService<T extends { name: string; service?: ServiceName }>(
  items: readonly T[], title: string, fn: (item: T) => void,
): void {
  for (const item of items) describeWithService(item.service ?? null, title.replace('$name', item.name), () => fn(item));
}

/**
 * For a factory handed to a published suite (`gbtune/testing`), which lists a factory's tests as
 * skipped when its `skip` is set: the reason outside CI; `undefined` under CI or when the program
 * is present, so that under CI the tests run and fail in `create` (call {@link servicePath} there
 * first), naming the missing program.
 *
 * @example
 * ```ts
 * const factory = { name: 'redis', skip: factorySkip('redis'), create: async () => { servicePath('redis'); ... } };
 * ```
 */
export function factorySkip(name: ServiceName, options?: DetectOptions): string | undefined {
  const { reason, fail } = verdict(name, options);
  if (reason === null || fail) return undefined;
  console.log(`skipped: ${name} storage conformance: ${reason}`);
  return reason;
}

/**
 * Throws, under CI, the failure of a test that needs `name` when it is missing (see
 * {@link factorySkip}); does nothing when it is present.
 *
 * @example
 * ```ts
 * create: async () => { needService('redis'); return getStorage((await startRedis()).url); }
 * ```
 */
export function needService(name: ServiceName, title = `${name} storage conformance`): void {
  const reason = status(name).reason;
  if (reason !== null) throw ciFailure(name, title, reason);
}
