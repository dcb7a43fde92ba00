/**
 * Turns user params (an object from code, or `key=value` strings from the CLI) into
 * {@link GbdtParams}: aliases mapped, unknown keys rejected with a suggestion, strings coerced,
 * types and ranges checked, seeds derived, cross-param rules applied (see `check-conflicts.ts`).
 * Follows LightGBM's `Config::Set` (src/io/config.cpp) in what it accepts and how seeds derive.
 *
 * @example
 * ```ts
 * const params = resolveParams({ objective: 'binary', n_estimators: 200, subsample: 0.8, subsample_freq: 1 });
 * params.num_iterations; // 200
 * params.metric; // ['binary_logloss']
 * resolveParams(parseParamAssignments(['num_leaves=63', 'metric=auc,binary_logloss']));
 * ```
 */
import { ParamError } from '../core/errors.js';
import { log, type LogLevel } from '../core/log.js';
import type { GbdtParams, GbdtParamsInput } from './resolved.js';
import {
  DEFAULT_METRICS,
  IGNORED_LIGHTGBM_PARAMS,
  INT32_MAX,
  INT32_MIN,
  PARAM_SPECS,
  UNSUPPORTED_LIGHTGBM_PARAMS,
  type IgnoredLightGbmParam,
  type ObjectiveName,
  type ParamCheck,
  type ParamName,
  type ParamSpec,
} from './schema.js';
import { checkConflicts } from './check-conflicts.js';
import { deriveSeeds } from './seeds.js';
import { OBJECTIVE_TABLE } from './objectives.js';
import { closest, editDistance } from '../core/closest-name.js';

/**
 * Params as `resolveParams` takes them: typed {@link GbdtParamsInput}, or any record built at run
 * time (CLI `key=value` strings, a JSON file), whose keys and values it checks.
 */
export type ParamsRecord = GbdtParamsInput | Readonly<Record<string, unknown>>;

/**
 * gbtune's log level for a LightGBM `verbosity`: `< 0` errors only, `0` warnings, `1` info, `> 1` debug.
 *
 * @example
 * ```ts
 * log.setLevel(verbosityToLogLevel(params.verbosity));
 * ```
 */
export function verbosityToLogLevel(verbosity: number): LogLevel {
  if (verbosity < 0) return 'error';
  if (verbosity === 0) return 'warn';
  if (verbosity === 1) return 'info';
  return 'debug';
}

/** Options of {@link resolveParams}. */
export interface ResolveParamsOptions {
  /** Where the params come from, put before every error message (e.g. `'--param'`, `'train()'`). Default: none. */
  context?: string;
  /** The objective used when the user gives none (e.g. the one inferred from the target). Default `'regression'` (LightGBM's). */
  defaultObjective?: ObjectiveName;
  /**
   * Number of classes in the training target, when known. Multiclass: `num_class` defaults to it and
   * may not be smaller; binary: the target may not have more than 2. Default: unknown (no check).
   */
  numClass?: number;
}

/** Every name a user may write for a param → its row. */
const KEY_TO_SPEC: ReadonlyMap<string, ParamSpec> = (() => {
  const m = new Map<string, ParamSpec>();
  for (const s of PARAM_SPECS) {
    m.set(s.name, s);
    for (const a of s.aliases) m.set(a, s);
  }
  return m;
})();

const IGNORED_KEY_TO_ENTRY = (() => {
  const m = new Map<string, IgnoredLightGbmParam>();
  for (const e of IGNORED_LIGHTGBM_PARAMS) {
    m.set(e.name, e);
    for (const a of e.aliases) m.set(a, e);
  }
  return m;
})();

const UNSUPPORTED_KEY_HINT: ReadonlyMap<string, string | undefined> = (() => {
  const m = new Map<string, string | undefined>();
  for (const e of UNSUPPORTED_LIGHTGBM_PARAMS) for (const n of e.names) m.set(n, e.hint);
  return m;
})();

/** The canonical name of a param key or alias, or undefined when unknown. */
export function canonicalParamName(key: string): ParamName | undefined {
  return KEY_TO_SPEC.get(key)?.name;
}

/**
 * Resolves user params to {@link GbdtParams} (every key present, canonical names, checked).
 * `undefined` and `null` values count as not given. Throws {@link ParamError} naming the key,
 * the value and what was expected.
 *
 * @example
 * ```ts
 * resolveParams({ num_leaves: 1 });
 * // ParamError: num_leaves = 1 is out of range: must be an integer in [2, 131072]
 * resolveParams({ learning_rat: 0.1 });
 * // ParamError: unknown param 'learning_rat'; did you mean 'learning_rate'?
 * ```
 */
export function resolveParams(
  user: ParamsRecord,
  { context, defaultObjective = 'regression', numClass }: ResolveParamsOptions = {},
): GbdtParams {
  const where = context !== undefined && context !== '' ? `${context}: ` : '';
  if (user === null || user === undefined) user = {};
  if (typeof user !== 'object' || Array.isArray(user)) {
    throw new ParamError('params', user, `${where}params must be an object of key: value pairs, got ${Array.isArray(user) ? 'an array' : typeof user}`, 'PARAM_TYPE');
  }
  // canonical name → the first key that gave it and its coerced value
  const given = new Map<ParamName, { key: string; value: unknown }>();
  const record: Readonly<Record<string, unknown>> = user;
  for (const key of Object.keys(record)) {
    const raw = record[key];
    if (raw === undefined || raw === null) continue;
    const spec = KEY_TO_SPEC.get(key);
    if (spec === undefined) {
      const ignored = IGNORED_KEY_TO_ENTRY.get(key);
      if (ignored !== undefined) {
        checkIgnored(key, raw, ignored, where);
        continue;
      }
      if (UNSUPPORTED_KEY_HINT.has(key)) {
        const hint = UNSUPPORTED_KEY_HINT.get(key);
        throw new ParamError(key, raw, `${where}'${key}' is a LightGBM param that gbtune does not support${hint !== undefined ? `; ${hint}` : ''}`, 'PARAM_UNSUPPORTED');
      }
      throw new ParamError(key, raw, `${where}unknown param '${key}'${suggestion(key)}`, 'PARAM_UNKNOWN');
    }
    const name = spec.name;
    const value = coerceParam(spec, key, raw, where);
    if (value === undefined) continue; // e.g. metric='' means "not given", as in LightGBM
    const prev = given.get(name);
    if (prev !== undefined) {
      if (!sameValue(prev.value, value)) {
        throw new ParamError(
          key, raw,
          `${where}${describeKey(name, prev.key)} = ${show(prev.value)} and ${describeKey(name, key)} = ${show(value)} ` +
            `set the same param '${name}' to different values; give only one`,
          'PARAM_ALIAS_CONFLICT',
        );
      }
      continue;
    }
    given.set(name, { key, value });
  }

  const out: Record<string, unknown> = {};
  for (const spec of PARAM_SPECS) {
    const g = given.get(spec.name);
    out[spec.name] = g !== undefined ? g.value : cloneDefault(spec.default);
  }
  // every key of GbdtParams is set above from its row: a value coerceParam checked, or the row's default
  const params = out as GbdtParams;
  if (!given.has('objective')) params.objective = defaultObjective;
  // LightGBM: a given seed derives the other seeds; seeds given explicitly still win
  if (params.seed !== null) {
    const derived = deriveSeeds(params.seed);
    for (const k of ['data_random_seed', 'bagging_seed', 'drop_seed', 'feature_fraction_seed', 'objective_seed', 'extra_seed'] as const) {
      if (!given.has(k)) params[k] = derived[k];
    }
  }
  if (!given.has('metric')) params.metric = [...DEFAULT_METRICS[params.objective]];
  // an objective with one output per class takes num_class from the data when not given
  if (OBJECTIVE_TABLE[params.objective].outputs === 'per_class' && !given.has('num_class') && numClass !== undefined && numClass > 1) {
    params.num_class = numClass;
  }
  return checkConflicts(params, { explicit: new Set(given.keys()), numClass, context });
}

export { deriveSeeds, type DerivedSeeds } from './seeds.js';

/**
 * Parses CLI `key=value` assignments into a params object for {@link resolveParams} (values stay
 * strings; `resolveParams` coerces them). The value is everything after the first `=`; whitespace
 * around key and value is trimmed. The same key twice with different values is an error.
 *
 * @example
 * ```ts
 * parseParamAssignments(['num_leaves=63', 'metric=auc,binary_logloss']);
 * // { num_leaves: '63', metric: 'auc,binary_logloss' }
 * ```
 */
export function parseParamAssignments(assignments: readonly string[], { context = '--param' }: { context?: string } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq < 0) {
      throw new ParamError(a, undefined, `${context}: '${a}' is not of the form key=value`, 'PARAM_SYNTAX');
    }
    const key = a.slice(0, eq).trim();
    const value = a.slice(eq + 1).trim();
    if (key === '') {
      throw new ParamError(a, value, `${context}: '${a}' has no key before '='`, 'PARAM_SYNTAX');
    }
    const prev = out[key];
    if (prev !== undefined && prev !== value) {
      throw new ParamError(key, value, `${context}: ${key} is given twice, as '${prev}' and as '${value}'`, 'PARAM_ALIAS_CONFLICT');
    }
    out[key] = value;
  }
  return out;
}

/**
 * Coerces and checks one user value for `spec` (given under `key`, the name or an alias).
 * Returns undefined for a `metric` of `''` (meaning "not given", as in LightGBM).
 */
export function coerceParam(spec: ParamSpec, key: string, raw: unknown, where = ''): unknown {
  const label = describeKey(spec.name, key);
  const bad = (expected: string): ParamError =>
    new ParamError(key, raw, `${where}${label} = ${show(raw)} is not valid: expected ${expected}`, 'PARAM_TYPE');
  switch (spec.type) {
    case 'int': {
      let v: number;
      if (typeof raw === 'number') v = raw;
      else if (typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)) v = Number(raw);
      else if (typeof raw === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) && Number.isInteger(Number(raw))) v = Number(raw);
      else throw bad('an integer');
      if (!Number.isInteger(v)) throw bad('an integer');
      if (v < INT32_MIN || v > INT32_MAX) throw rangeError(spec, key, raw, where, 'an integer');
      checkRange(spec, key, raw, v, where);
      return v;
    }
    case 'float': {
      let v: number;
      if (typeof raw === 'number') v = raw;
      else if (typeof raw === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw)) v = Number(raw);
      else throw bad('a number');
      if (!Number.isFinite(v)) throw bad('a finite number');
      checkRange(spec, key, raw, v, where);
      return v;
    }
    case 'bool': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 1 || raw === 0) return raw === 1;
      if (typeof raw === 'string') {
        const s = raw.trim().toLowerCase();
        if (s === 'true' || s === '1' || s === '+' || s === 'yes') return true;
        if (s === 'false' || s === '0' || s === '-' || s === 'no') return false;
      }
      throw bad('true or false');
    }
    case 'string': {
      if (typeof raw !== 'string') throw bad('a string');
      // a free-form string (a column name) keeps its case; a choice (objective) is matched in lower case
      if (spec.check?.oneOf === undefined) return raw.trim();
      return checkEnumValue(spec, key, raw.trim().toLowerCase(), where);
    }
    case 'string[]': {
      let items: string[];
      if (typeof raw === 'string') {
        if (raw.trim() === '') return undefined;
        items = raw.split(',');
      } else if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) {
        items = raw;
      } else {
        throw bad('a list of strings or a comma-separated string');
      }
      const out: string[] = [];
      for (const item of items) {
        const s = item.trim().toLowerCase();
        if (s === '') continue;
        const v = checkEnumValue(spec, key, s, where);
        if (v !== 'none' && !out.includes(v)) out.push(v);
      }
      return out;
    }
    case 'int[]':
    case 'float[]': {
      const isInt = spec.type === 'int[]';
      let items: unknown[];
      if (typeof raw === 'string') items = raw.trim() === '' ? [] : raw.split(',');
      else if (typeof raw === 'number') items = [raw];
      else if (Array.isArray(raw) || ArrayBuffer.isView(raw)) items = Array.from(raw as ArrayLike<unknown>);
      else throw bad(`a list of ${isInt ? 'integers' : 'numbers'} or a comma-separated string`);
      const out: number[] = [];
      for (const item of items) {
        const text = typeof item === 'string' ? item.trim() : item;
        const v = typeof text === 'number' ? text : typeof text === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
        if (!Number.isFinite(v) || (isInt && (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX))) {
          throw bad(`a list of ${isInt ? 'integers' : 'finite numbers'} (item ${show(item)} is not)`);
        }
        checkRange(spec, key, raw, v, where);
        out.push(v);
      }
      // LightGBM sorts the positions it evaluates (Config::Set)
      if (spec.name === 'eval_at') out.sort((a, b) => a - b);
      return out;
    }
    case 'int[][]':
      return coerceIntLists(spec, key, raw, where, bad);
  }
}

/** One group `[...]` of LightGBM's list-of-lists text, capturing its inside. */
const BRACKET_GROUP = /\[([^[\]]*)\]/g;

/**
 * An `int[][]` value: an array of integer arrays, or LightGBM's text `[0,1,2],[2,3]` (the groups
 * `Common::StringToArrayofArrays` reads; Python's `[[0,1,2],[2,3]]` too). `''` is the empty list.
 */
function coerceIntLists(spec: ParamSpec, key: string, raw: unknown, where: string, bad: (expected: string) => ParamError): number[][] {
  const expected = 'a list of integer lists, e.g. [[0, 1, 2], [2, 3]], or LightGBM\'s text [0,1,2],[2,3]';
  let groups: unknown[][];
  if (typeof raw === 'string') {
    let text = raw.trim();
    if (/^\[\s*\[/.test(text) && /\]\s*\]$/.test(text)) text = text.slice(1, -1).trim();
    if (text === '') return [];
    // nothing but bracket groups separated by commas
    if (text.replace(BRACKET_GROUP, '').replace(/[\s,]/g, '') !== '' || !/^\[/.test(text)) throw bad(expected);
    groups = [...text.matchAll(BRACKET_GROUP)].map((m) => (m[1].trim() === '' ? [] : m[1].split(',')));
  } else if (Array.isArray(raw) && raw.every((g) => Array.isArray(g) || ArrayBuffer.isView(g))) {
    groups = raw.map((g) => Array.from(g as ArrayLike<unknown>));
  } else {
    throw bad(expected);
  }
  return groups.map((items) =>
    items.map((item) => {
      const text = typeof item === 'string' ? item.trim() : item;
      const v = typeof text === 'number' ? text : typeof text === 'string' && /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) throw bad(`${expected} (item ${show(item)} is not an integer)`);
      checkRange(spec, key, raw, v, where);
      return v;
    }),
  );
}

function checkEnumValue(spec: ParamSpec, key: string, value: string, where: string): string {
  const mapped = spec.valueAliases?.[value] ?? value;
  const allowed = spec.check?.oneOf;
  if (allowed === undefined || allowed.includes(mapped) || spec.valueAliases?.[value] === 'none') return mapped;
  const label = describeKey(spec.name, key);
  if (spec.unsupportedValues?.includes(value)) {
    throw new ParamError(
      key, value,
      `${where}${label} = ${value} is a LightGBM ${spec.name} that gbtune does not support; supported: ${allowed.join(', ')}`,
      'PARAM_UNSUPPORTED',
    );
  }
  const near = closest(value, [...allowed, ...Object.keys(spec.valueAliases ?? {})]);
  throw new ParamError(
    key, value,
    `${where}${label} = ${value} is not valid: expected one of ${allowed.join(', ')}${near !== undefined ? ` (did you mean '${near}'?)` : ''}`,
    'PARAM_VALUE',
  );
}

function checkRange(spec: ParamSpec, key: string, raw: unknown, v: number, where: string): void {
  const c = spec.check;
  if (c === undefined) return;
  const lowOk = c.min === undefined || (c.minExclusive === true ? v > c.min : v >= c.min);
  const highOk = c.max === undefined || (c.maxExclusive === true ? v < c.max : v <= c.max);
  if (!lowOk || !highOk) {
    const kind =
      spec.type === 'int'
        ? 'an integer'
        : spec.type === 'int[]' || spec.type === 'int[][]'
          ? `${spec.type === 'int[]' ? 'a list of integers' : 'lists of integers'} (item ${v} is not), each`
          : spec.type === 'float[]'
            ? `a list of numbers (item ${v} is not), each`
            : 'a number';
    throw rangeError(spec, key, raw, where, kind);
  }
}

function rangeError(spec: ParamSpec, key: string, raw: unknown, where: string, kind: string): ParamError {
  return new ParamError(
    key, raw,
    `${where}${describeKey(spec.name, key)} = ${show(raw)} is out of range: must be ${kind}${formatRange(spec.check, spec.type)}`,
    'PARAM_RANGE',
  );
}

/**
 * The allowed range of a check as text after "must be an integer/a number", e.g. `' in [2, 131072]'`,
 * `' > 0'`, `' in (0, 1]'`; empty for no bounds (int params are still limited to int32).
 */
export function formatRange(check: ParamCheck | undefined, type: ParamSpec['type']): string {
  if (check === undefined) return type === 'int' ? ` in [${INT32_MIN}, ${INT32_MAX}]` : '';
  let { min, minExclusive, max, maxExclusive } = check;
  // state integer bounds inclusively: "> 1" reads better as "in [2, ...]" for ints
  if (type === 'int' || type === 'int[]' || type === 'int[][]') {
    if (min !== undefined && minExclusive === true) { min = Math.floor(min) + 1; minExclusive = false; }
    if (max !== undefined && maxExclusive === true) { max = Math.ceil(max) - 1; maxExclusive = false; }
  }
  if (min !== undefined && max !== undefined) {
    return ` in ${minExclusive === true ? '(' : '['}${min}, ${max}${maxExclusive === true ? ')' : ']'}`;
  }
  if (min !== undefined) return ` ${minExclusive === true ? '>' : '>='} ${min}`;
  if (max !== undefined) return ` ${maxExclusive === true ? '<' : '<='} ${max}`;
  return '';
}

function checkIgnored(key: string, raw: unknown, entry: IgnoredLightGbmParam, where: string): void {
  const s = String(raw).trim().toLowerCase();
  if (!entry.accepts.includes(s)) {
    throw new ParamError(
      key, raw,
      `${where}${describeKey(entry.name, key)} = ${show(raw)} is not supported by gbtune; accepted: ${entry.accepts.join(', ')}`,
      'PARAM_UNSUPPORTED',
    );
  }
  log.debug(`${where}${key} = ${show(raw)} is accepted and has no effect in gbtune`);
}

function describeKey(name: string, key: string): string {
  return key === name ? name : `${name} (given as ${key})`;
}

function show(v: unknown): string {
  if (typeof v === 'string') return v === '' ? "''" : v;
  if (Array.isArray(v)) return `[${v.map((x) => (Array.isArray(x) ? show(x) : String(x))).join(',')}]`;
  return String(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return a === b;
}

function cloneDefault(v: unknown): unknown {
  return Array.isArray(v) ? [...v] : v;
}

/**
 * "did you mean": the nearest name or alias, but a param's own name when it is at most one edit
 * further (`num_leafs` → `num_leaves`, not the alias `num_leaf`); an alias is shown with its param
 * (`colsample_bytre` → `colsample_bytree`, alias of feature_fraction).
 */
function suggestion(key: string): string {
  const any = closest(key, [...KEY_TO_SPEC.keys(), ...IGNORED_KEY_TO_ENTRY.keys()]);
  if (any === undefined) return '';
  const own = closest(key, PARAM_SPECS.map((s) => s.name));
  const k = key.toLowerCase();
  const near = own !== undefined && editDistance(k, own.toLowerCase()) <= editDistance(k, any.toLowerCase()) + 1 ? own : any;
  const name = KEY_TO_SPEC.get(near)?.name;
  return name !== undefined && name !== near ? `; did you mean '${near}' (alias of ${name})?` : `; did you mean '${near}'?`;
}
