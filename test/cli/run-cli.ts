/**
 * Runs the compiled `gbtune` binary as a user does (build dist/ first: `npx tsc -p tsconfig.build.json`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(__dirname, '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');

/** What one run printed and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `gbtune ...args` in `cwd` (default: the repository root, so `datasets/...` paths work).
 *
 * @example
 * ```ts
 * const r = runCli(['cv', 'datasets/iris.csv', '--json']);
 * ```
 */
export function runCli(args: string[], { cwd = root }: { cwd?: string } = {}): CliRun {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npx tsc -p tsconfig.build.json): ${bin} is missing`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The `error` object of a `--json` run that failed; throws unless stdout is exactly one JSON object holding one. */
export function jsonError(r: CliRun): Record<string, unknown> {
  const o = JSON.parse(r.stdout) as { error?: Record<string, unknown> };
  if (o.error === undefined || Object.keys(o).length !== 1) throw new Error(`not an {"error": ...} object: ${r.stdout}`);
  return o.error;
}
