/**
 * Search spaces for {@link tuneGbdt}: the default space (the LightGBM + Optuna example's, anchor
 * `optuna-examples/lightgbm/lightgbm_simple.py`, plus `learning_rate` and a conditional
 * `max_depth`), and a declarative JSON spec turned into a define-by-run function.
 */
import { TunerError } from '../core/errors.js';
import type { CategoricalChoice } from '../tune/distributions.js';
import type { Trial } from '../tune/trial/trial.js';
import { canonicalParamName } from '../params/resolve.js';
import { checkEntryAgainstParams } from './space-params-check.js';

/** Booster params (LightGBM names) chosen for one trial. */
export type BoosterParams = Record<string, unknown>;

/** A define-by-run search space: suggests values on the trial and returns booster params. */
export type SearchSpaceFn = (trial: Trial) => BoosterParams;

/** One entry of a declarative spec. */
export type SearchSpaceEntry =
  | { type: 'float'; low: number; high: number; log?: boolean; step?: number | null }
  | { type: 'int'; low: number; high: number; log?: boolean; step?: number }
  | { type: 'categorical'; choices: CategoricalChoice[] }
  | { fixed: unknown };

/** A declarative spec: booster param name → entry, e.g. `{ "num_leaves": { "type": "int", "low": 2, "high": 256 } }`. */
export type SearchSpaceSpec = Record<string, SearchSpaceEntry>;

/** An entry that is searched (not fixed); the default space's entries are of this kind. */
export type SuggestedEntry = Exclude<SearchSpaceEntry, { fixed: unknown }>;

/** Entries a run adds to the default space, suggested after it (e.g. `scale_pos_weight` on an imbalanced target). */
export type ExtraEntries = readonly (readonly [string, SuggestedEntry])[];

const DEFAULT_ENTRIES: readonly (readonly [string, SuggestedEntry])[] = [
  ['lambda_l1', { type: 'float', low: 1e-8, high: 10, log: true }],
  ['lambda_l2', { type: 'float', low: 1e-8, high: 10, log: true }],
  ['num_leaves', { type: 'int', low: 2, high: 256 }],
  ['feature_fraction', { type: 'float', low: 0.4, high: 1 }],
  ['bagging_fraction', { type: 'float', low: 0.4, high: 1 }],
  ['bagging_freq', { type: 'int', low: 1, high: 7 }],
  ['min_child_samples', { type: 'int', low: 5, high: 100 }],
  ['learning_rate', { type: 'float', low: 0.005, high: 0.3, log: true }],
];
const LIMIT_DEPTH: SuggestedEntry = { type: 'categorical', choices: [false, true] };
const MAX_DEPTH: SuggestedEntry = { type: 'int', low: 3, high: 12 };

/**
 * The default space: `lambda_l1`, `lambda_l2` log-uniform 1e-8..10, `num_leaves` 2..256,
 * `feature_fraction` and `bagging_fraction` 0.4..1, `bagging_freq` 1..7, `min_child_samples`
 * 5..100, `learning_rate` log 0.005..0.3, and `max_depth`: a categorical `limit_depth`
 * (false → -1, true → an int 3..12 named `max_depth`).
 *
 * @example
 * ```ts
 * const params = defaultSearchSpace(new FixedTrial({ ... }));
 * ```
 */
export function defaultSearchSpace(trial: Trial): BoosterParams {
  return suggestDefault(trial, NOTHING_FIXED);
}

const NOTHING_FIXED: ReadonlySet<string> = new Set();

function suggestDefault(trial: Trial, fixed: ReadonlySet<string>, extra: ExtraEntries = []): BoosterParams {
  const p: BoosterParams = {};
  for (const [key, e] of DEFAULT_ENTRIES) if (!fixed.has(canonicalParamName(key) as string)) p[key] = suggestEntry(trial, key, e);
  if (!fixed.has('max_depth')) {
    const limit = trial.suggestCategorical('limit_depth', [false, true]);
    p.max_depth = limit ? (suggestEntry(trial, 'max_depth', MAX_DEPTH) as number) : -1;
  }
  // after the default ones, so that they are drawn as without the extra entries
  for (const [key, e] of extra) p[key] = suggestEntry(trial, key, e);
  return p;
}

/**
 * The default space without the params of `fixed` (canonical names), plus the `extra` entries: a
 * fixed param is not suggested at all (fixing `max_depth` also drops `limit_depth`), as Optuna's
 * `PartialFixedSampler` would leave it out of the sampled space.
 *
 * @example
 * ```ts
 * const space = defaultSearchSpaceWithout(new Set(['num_leaves']));
 * ```
 */
export function defaultSearchSpaceWithout(fixed: ReadonlySet<string>, extra: ExtraEntries = []): SearchSpaceFn {
  return fixed.size === 0 && extra.length === 0 ? defaultSearchSpace : (trial) => suggestDefault(trial, fixed, extra);
}

/**
 * The default space as the study records it: trial param name → {@link describeEntry}, without
 * the params of `fixed` (canonical names), with the `extra` entries.
 *
 * @example
 * ```ts
 * describeDefaultSpace(new Set()).num_leaves; // 'int 2..256'
 * ```
 */
export function describeDefaultSpace(fixed: ReadonlySet<string>, extra: ExtraEntries = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, e] of DEFAULT_ENTRIES) if (!fixed.has(canonicalParamName(key) as string)) out[key] = describeEntry(e);
  if (!fixed.has('max_depth')) {
    out.limit_depth = describeEntry(LIMIT_DEPTH);
    out.max_depth = `${describeEntry(MAX_DEPTH)} if limit_depth, else -1`;
  }
  for (const [key, e] of extra) out[key] = describeEntry(e);
  return out;
}

/** The trial param names the default space suggests, without the params of `fixed` (canonical names). */
export function defaultSpaceNames(fixed: ReadonlySet<string>): string[] {
  return Object.keys(describeDefaultSpace(fixed));
}

/**
 * An entry in one short line, e.g. `'float 1e-8..10 log'`, `'int 2..256'`, `'int 1..9 step 2'`,
 * `'categorical [false,true]'`, `'fixed 63'`.
 *
 * @example
 * ```ts
 * describeEntry({ type: 'int', low: 2, high: 256 }); // 'int 2..256'
 * ```
 */
export function describeEntry(e: SearchSpaceEntry): string {
  if ('fixed' in e) return `fixed ${JSON.stringify(e.fixed)}`;
  if (e.type === 'categorical') return `categorical ${JSON.stringify(e.choices)}`;
  const extra = e.log === true ? ' log' : e.step !== undefined && e.step !== null && !(e.type === 'int' && e.step === 1) ? ` step ${e.step}` : '';
  return `${e.type} ${e.low}..${e.high}${extra}`;
}

function suggestEntry(trial: Trial, key: string, e: SuggestedEntry): unknown {
  if (e.type === 'float') return trial.suggestFloat(key, e.low, e.high, { log: e.log ?? false, step: e.step ?? null });
  if (e.type === 'int') return trial.suggestInt(key, e.low, e.high, { log: e.log ?? false, step: e.step ?? 1 });
  return trial.suggestCategorical(key, e.choices);
}

function fail(key: string, what: string): never {
  throw new TunerError(`search space: '${key}' ${what}`);
}

function finiteNumber(key: string, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(key, `needs a finite number '${field}', got ${JSON.stringify(v)}`);
  return v;
}

/** Checks one entry and returns it typed; throws a TunerError naming the key otherwise. */
function checkEntry(key: string, e: unknown): SearchSpaceEntry {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) {
    fail(key, `must be an object like {"type": "float", "low": 0, "high": 1}, {"type": "categorical", "choices": [...]} or {"fixed": value}; got ${JSON.stringify(e)}`);
  }
  const o = e as Record<string, unknown>;
  if ('fixed' in o) {
    const extra = Object.keys(o).filter((k) => k !== 'fixed');
    if (extra.length > 0) fail(key, `has "fixed" and also ${extra.map((k) => `"${k}"`).join(', ')}; a fixed entry takes nothing else`);
    return { fixed: o.fixed };
  }
  const type = o.type;
  const allowed: Record<string, string[]> = {
    float: ['type', 'low', 'high', 'log', 'step'],
    int: ['type', 'low', 'high', 'log', 'step'],
    categorical: ['type', 'choices'],
  };
  if (typeof type !== 'string' || allowed[type] === undefined) {
    fail(key, `has type ${JSON.stringify(type)}; expected "float", "int" or "categorical" (or {"fixed": value})`);
  }
  for (const k of Object.keys(o)) {
    if (!allowed[type].includes(k)) fail(key, `has unknown field "${k}" for type "${type}"; allowed: ${allowed[type].join(', ')}`);
  }
  if (type === 'categorical') {
    const choices = o.choices;
    if (!Array.isArray(choices) || choices.length === 0) fail(key, `needs a non-empty array "choices", got ${JSON.stringify(choices)}`);
    for (const c of choices) {
      if (c !== null && typeof c !== 'string' && typeof c !== 'number' && typeof c !== 'boolean') {
        fail(key, `has choice ${JSON.stringify(c)}; choices must be strings, numbers, booleans or null`);
      }
    }
    return { type: 'categorical', choices: choices as CategoricalChoice[] };
  }
  const low = finiteNumber(key, 'low', o.low);
  const high = finiteNumber(key, 'high', o.high);
  if (low > high) fail(key, `has low (${low}) > high (${high})`);
  const log = o.log ?? false;
  if (typeof log !== 'boolean') fail(key, `has "log" ${JSON.stringify(log)}; expected true or false`);
  if (log && low <= 0) fail(key, `has log: true and low (${low}); low must be > 0 on a log scale`);
  if (type === 'int') {
    if (!Number.isInteger(low) || !Number.isInteger(high)) fail(key, `is an int range but low (${low}) or high (${high}) is not an integer`);
    const step = o.step ?? 1;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) fail(key, `has step ${JSON.stringify(step)}; expected an integer >= 1`);
    if (log && step !== 1) fail(key, 'has log: true and step != 1; they cannot be combined');
    return { type: 'int', low, high, log, step };
  }
  const step = o.step ?? null;
  if (step !== null && (typeof step !== 'number' || !(step > 0))) fail(key, `has step ${JSON.stringify(step)}; expected a number > 0 or null`);
  if (log && step !== null) fail(key, 'has log: true and a step; they cannot be combined');
  return { type: 'float', low, high, log, step: step };
}

/**
 * Validates a declarative spec and returns its entries, checked: each entry's shape, then its key,
 * bounds, choices or fixed value against the booster params table (see `space-params-check.ts`).
 * Throws a TunerError naming `source` and the key.
 *
 * @example
 * ```ts
 * checkSearchSpace({ num_leaves: { type: 'int', low: 1, high: 64 } });
 * // TunerError: search space: 'num_leaves' low: num_leaves = 1 is out of range: must be an integer in [2, 131072]
 * ```
 */
export function checkSearchSpace(spec: unknown, source = 'search space'): [string, SearchSpaceEntry][] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TunerError(`${source}: expected a JSON object of param name → entry, got ${Array.isArray(spec) ? 'an array' : JSON.stringify(spec)}`);
  }
  const entries: [string, SearchSpaceEntry][] = [];
  for (const [key, e] of Object.entries(spec as Record<string, unknown>)) {
    try {
      const entry = checkEntry(key, e);
      checkEntryAgainstParams(key, entry, 'search space');
      entries.push([key, entry]);
    } catch (err) {
      if (err instanceof TunerError && source !== 'search space') throw new TunerError(`${source}: ${err.message}`);
      throw err;
    }
  }
  if (entries.length === 0) throw new TunerError(`${source}: the spec is empty; give at least one param`);
  const seen = new Map<string, string>();
  for (const [key] of entries) {
    const name = canonicalParamName(key) ?? key;
    const prev = seen.get(name);
    if (prev !== undefined) throw new TunerError(`${source}: '${prev}' and '${key}' are the same param '${name}'; give it once`);
    seen.set(name, key);
  }
  return entries;
}

/**
 * Validates a declarative spec ({@link checkSearchSpace}) and turns it into a define-by-run
 * function. Each key is a booster param (LightGBM name or alias); the trial's param of the same
 * name holds the value.
 *
 * @example
 * ```ts
 * const space = parseSearchSpace({
 *   num_leaves: { type: 'int', low: 2, high: 256 },
 *   learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
 *   extra_trees: { type: 'categorical', choices: [false, true] },
 *   max_bin: { fixed: 63 },
 * });
 * ```
 */
export function parseSearchSpace(spec: unknown, source = 'search space'): SearchSpaceFn {
  return spaceFromEntries(checkSearchSpace(spec, source));
}

/**
 * The define-by-run function of checked entries.
 *
 * @example
 * ```ts
 * const space = spaceFromEntries(checkSearchSpace(spec));
 * ```
 */
export function spaceFromEntries(entries: readonly (readonly [string, SearchSpaceEntry])[]): SearchSpaceFn {
  return (trial: Trial): BoosterParams => {
    const p: BoosterParams = {};
    for (const [key, e] of entries) p[key] = 'fixed' in e ? e.fixed : suggestEntry(trial, key, e);
    return p;
  };
}
