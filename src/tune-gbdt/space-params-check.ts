/**
 * Checks one search-space entry against the booster params table (`params/schema.ts`) before
 * any trial runs: the key must be a param (name or alias; else "did you mean"), a range must fit
 * the param's type (an int param takes an int range, a bool or string param takes choices), and
 * both bounds, every choice and a fixed value must pass the param's own range check. So a spec
 * such as `num_leaves: int 1..64` fails at once, naming the key and the allowed range, instead of
 * failing trial 0 after the study was made.
 */
import { ParamError, TunerError } from '../core/errors.js';
import { closest } from '../core/closest-name.js';
import { canonicalParamName, coerceParam } from '../params/resolve.js';
import { IGNORED_LIGHTGBM_PARAMS, PARAM_SPECS, PARAM_SPEC_BY_NAME, UNSUPPORTED_LIGHTGBM_PARAMS, type IgnoredLightGbmParam, type ParamSpec } from '../params/schema.js';

/** The ignored LightGBM params, widened to plain strings for lookups by a user's key. */
const IGNORED: readonly IgnoredLightGbmParam[] = IGNORED_LIGHTGBM_PARAMS;

/** The shape of a search-space entry that the check reads (a `SearchSpaceEntry` is one). */
export type CheckedEntry =
  | { readonly fixed: unknown }
  | { readonly type: 'float' | 'int'; readonly low: number; readonly high: number }
  | { readonly type: 'categorical'; readonly choices: readonly unknown[] };

/** Canonical param names, then the aliases and LightGBM's accepted-and-ignored params. */
function knownKeys(): { names: string[]; others: string[] } {
  const names: string[] = [];
  const others: string[] = [];
  for (const s of PARAM_SPECS) {
    names.push(s.name);
    others.push(...s.aliases);
  }
  for (const e of IGNORED_LIGHTGBM_PARAMS) others.push(e.name, ...e.aliases);
  return { names, others };
}

/** "; did you mean ..." for an unknown key: the nearest param name, else the nearest alias. */
function suggest(key: string): string {
  const { names, others } = knownKeys();
  const near = closest(key, names) ?? closest(key, others);
  if (near === undefined) return '';
  const name = canonicalParamName(near);
  return name !== undefined && name !== near ? `; did you mean '${near}' (alias of ${name})?` : `; did you mean '${near}'?`;
}

/** The values an entry gives a param: its bounds, its choices or its fixed value, each with a label. */
function valuesOf(e: CheckedEntry): [string, unknown][] {
  if ('fixed' in e) return [['fixed value', e.fixed]];
  if (e.type === 'categorical') return e.choices.filter((c) => c !== null).map((c) => [`choice ${JSON.stringify(c)}`, c]);
  return [
    ['low', e.low],
    ['high', e.high],
  ];
}

/** A param that a search space may not set (the study sets it). */
const NOT_SEARCHABLE: Readonly<Record<string, string>> = {
  metric: 'the tuned metric is set by the metric option (--metric), not searched',
};

/**
 * Throws a TunerError naming `key` when `entry` does not fit the params table (see the module
 * comment); `where` is put before the message (e.g. `'search space'`).
 *
 * @example
 * ```ts
 * checkEntryAgainstParams('num_leaves', { type: 'int', low: 1, high: 64 }, 'search space');
 * // TunerError: search space: 'num_leaves' low: num_leaves = 1 is out of range: must be an integer in [2, 131072]
 * ```
 */
export function checkEntryAgainstParams(key: string, entry: CheckedEntry, where: string): void {
  const fail = (what: string): never => {
    throw new TunerError(`${where}: '${key}' ${what}`);
  };
  const name = canonicalParamName(key);
  if (name === undefined) {
    const ignored = IGNORED.find((e) => e.name === key || e.aliases.includes(key));
    if (ignored !== undefined) {
      if (!('fixed' in entry) && entry.type !== 'categorical') fail(`is a ${ignored.name} setting; gbtune accepts only ${ignored.accepts.join(', ')}`);
      for (const [label, v] of valuesOf(entry)) {
        if (!ignored.accepts.includes(String(v).trim().toLowerCase())) fail(`${label} is not supported by gbtune; accepted: ${ignored.accepts.join(', ')}`);
      }
      return;
    }
    const unsupported = UNSUPPORTED_LIGHTGBM_PARAMS.find((e) => e.names.includes(key));
    if (unsupported !== undefined) fail(`is a LightGBM param that gbtune does not support${unsupported.hint !== undefined ? `; ${unsupported.hint}` : ''}`);
    fail(`is not a booster param${suggest(key)} (the keys of a search space are LightGBM param names or aliases; see gbtune params)`);
  }
  const reason = NOT_SEARCHABLE[name as string];
  if (reason !== undefined) fail(`cannot be searched: ${reason}`);
  const spec = PARAM_SPEC_BY_NAME.get(name as string) as ParamSpec;
  if (!('fixed' in entry) && entry.type !== 'categorical') {
    if (spec.type !== 'int' && spec.type !== 'float') {
      fail(`is a ${spec.type === 'bool' ? 'true/false' : 'text'} param; give it as {"type": "categorical", "choices": [...]} or {"fixed": value}, not ${entry.type === 'int' ? 'an' : 'a'} ${entry.type} range`);
    }
    if (spec.type === 'int' && entry.type === 'float') {
      fail(`is an integer param; give it as {"type": "int", "low": ..., "high": ...}, not a float range`);
    }
  }
  for (const [label, v] of valuesOf(entry)) {
    try {
      coerceParam(spec, key, v);
    } catch (e) {
      if (e instanceof ParamError) fail(`${label}: ${e.message}`);
      throw e;
    }
  }
}
