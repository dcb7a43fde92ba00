/**
 * Runs `gbtune` as a user does: the compiled binary (build dist/ first: `npx tsc -p
 * tsconfig.build.json`), or, for fast checks of quick commands, the CLI's `main` in this process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/program.js';

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

/**
 * `gbtune ...args` through the CLI's `main` in this process, with stdout and stderr captured.
 *
 * @example
 * ```ts
 * const r = await runMain(['studies', '--storage', url, '--json']);
 * ```
 */
export async function runMain(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  process.exitCode = undefined;
  try {
    await main(['node', 'gbtune', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, stdout, stderr };
}
