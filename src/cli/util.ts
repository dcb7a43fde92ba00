import { GbtuneError } from '../index.js';

/** Collects a repeatable option's values (`--param a=1 --param b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses a positive integer or `auto`, naming the option on error (`--jobs`). */
export function positiveIntOrAuto(name: string): (value: string) => number | 'auto' {
  const int = positiveInt(name);
  return (value: string) => {
    if (value === 'auto') return 'auto';
    try {
      return int(value);
    } catch {
      throw new GbtuneError(`${name} must be a positive integer or 'auto', got '${value}'`, 'CLI_ARG');
    }
  };
}

/** Parses a positive integer option, naming the option on error. */
export function positiveInt(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new GbtuneError(`${name} must be a positive integer, got '${value}'`, 'CLI_ARG');
    return n;
  };
}

/** Parses a number of CV folds (an integer >= 2), naming the option on error. */
export function foldCount(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 2) throw new GbtuneError(`${name} must be an integer >= 2, got '${value}'`, 'CLI_ARG');
    return n;
  };
}

/** Parses an integer option, naming the option on error. */
export function integer(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new GbtuneError(`${name} must be an integer, got '${value}'`, 'CLI_ARG');
    return n;
  };
}

/** Splits a comma-separated list option. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Prints one JSON object on stdout (the only stdout output under `--json`). */
export function printJson(obj: unknown): void {
  process.stdout.write(`${JSON.stringify(obj, null, 2)}\n`);
}

/** Seconds since `t0` (from `performance.now()`), rounded to milliseconds. */
export function secondsSince(t0: number): number {
  return Math.round(performance.now() - t0) / 1000;
}
