/**
 * Parses a duration option such as `90`, `30s`, `10m`, `1.5h` into seconds (commander argParser).
 */
import { GbtuneError } from '../../index.js';

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600 };

/**
 * An argParser for a duration option: a number with an optional unit s, m or h.
 *
 * @example
 * ```ts
 * duration('--timeout')('10m'); // 600
 * ```
 */
export function duration(name: string): (value: string) => number {
  return (value: string) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$/i.exec(value);
    if (m === null) throw new GbtuneError(`${name} must be a duration like 90, 30s, 10m or 1h; got '${value}'`, 'CLI_ARG');
    const v = Number(m[1]) * UNITS[m[2].toLowerCase()];
    if (!(v > 0)) throw new GbtuneError(`${name} must be > 0; got '${value}'`, 'CLI_ARG');
    return v;
  };
}
