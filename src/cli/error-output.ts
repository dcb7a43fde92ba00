/**
 * How a failed command ends: a user error (a {@link GbtuneError}, a usage error, a file the system
 * refused) is one line on stderr, or with `--json` exactly one `{"error": {...}}` object on stdout;
 * anything else is a bug and keeps its stack.
 */
import { GbtuneError } from '../index.js';

/** Exit code of a user error (bad option, bad data, unknown param, ...), as argparse and Optuna's CLI use. */
export const USER_ERROR_EXIT = 2;
/** Exit code of a system error (a file that cannot be opened) and of a bug. */
export const OTHER_ERROR_EXIT = 1;

/** A Node system error (ENOENT, EACCES, ...) raised by a file operation. */
interface SystemError extends Error {
  code: string;
  syscall: string;
  path?: string;
}

function isSystemError(e: unknown): e is SystemError {
  const s = e as Partial<SystemError> | null;
  return e instanceof Error && typeof s?.code === 'string' && /^E[A-Z]+$/.test(s.code) && typeof s.syscall === 'string';
}

/** A value that JSON can hold (the `value` of a ParamError may be anything a user passed). */
function jsonSafe(v: unknown): unknown {
  if (v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  try {
    return JSON.parse(JSON.stringify(v)) as unknown;
  } catch {
    return String(v);
  }
}

/**
 * The `error` object printed under `--json`: the error's class as `type`, its message, and the
 * fields its class has (`code`, `key`, `value`, `file`, `line`, `column`, `path`, ...).
 *
 * @example
 * ```ts
 * errorRecord(new ParamError('num_leaves', 1, 'num_leaves = 1 is out of range'));
 * // { type: 'ParamError', message: 'num_leaves = 1 is out of range', code: 'PARAM_ERROR', key: 'num_leaves', value: 1 }
 * ```
 */
export function errorRecord(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { type: 'Error', message: String(e) };
  const rec: Record<string, unknown> = { type: e.name, message: e.message };
  for (const [k, v] of Object.entries(e)) {
    if (k === 'name' || k === 'message' || k === 'stack' || k === 'cause' || v === undefined) continue;
    rec[k] = jsonSafe(v);
  }
  return rec;
}

/**
 * Prints a failed command's error the way the CLI promises and returns the exit code: a
 * GbtuneError (user error) is `gbtune: error: MESSAGE` on stderr (exit 2); a system error on a file
 * is one line naming the path (exit 1); any other error is a bug, printed with its stack (exit 1).
 * With `json` the only stdout output is also `{"error": {"type", "message", ...}}` (stderr keeps
 * the line, or the bug's stack, for a person watching a piped run).
 *
 * @example
 * ```ts
 * process.exitCode = printError(new DataError('the target has one class'), { json: false });
 * // stderr: gbtune: error: the target has one class
 * ```
 */
export function printError(e: unknown, { json }: { json: boolean }): number {
  const user = e instanceof GbtuneError;
  const system = !user && isSystemError(e);
  if (json) process.stdout.write(`${JSON.stringify({ error: errorRecord(e) }, null, 2)}\n`);
  // the line goes to stderr under --json too: a person watching a piped run still reads it
  if (user || system) {
    process.stderr.write(`gbtune: error: ${e.message}\n`);
    return user ? USER_ERROR_EXIT : OTHER_ERROR_EXIT;
  }
  // a bug: keep the whole story for the report
  process.stderr.write(`gbtune: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return OTHER_ERROR_EXIT;
}
