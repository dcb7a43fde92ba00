/**
 * Search spaces for {@link tuneGbdt}: the default space (the LightGBM + Optuna example's, anchor
 * `optuna-examples/lightgbm/lightgbm_simple.py`, plus `learning_rate` and a conditional
 * `max_depth`), and a declarative JSON spec turned into a define-by-run function.
 */
import { TunerError } from '../core/errors.js';
import type { CategoricalChoice } from '../tune/distributions.js';
import type { Trial } from '../tune/trial/trial.js';

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
  const p: BoosterParams = {
    lambda_l1: trial.suggestFloat('lambda_l1', 1e-8, 10, { log: true }),
    lambda_l2: trial.suggestFloat('lambda_l2', 1e-8, 10, { log: true }),
    num_leaves: trial.suggestInt('num_leaves', 2, 256),
    feature_fraction: trial.suggestFloat('feature_fraction', 0.4, 1),
    bagging_fraction: trial.suggestFloat('bagging_fraction', 0.4, 1),
    bagging_freq: trial.suggestInt('bagging_freq', 1, 7),
    min_child_samples: trial.suggestInt('min_child_samples', 5, 100),
    learning_rate: trial.suggestFloat('learning_rate', 0.005, 0.3, { log: true }),
  };
  const limit = trial.suggestCategorical('limit_depth', [false, true]);
  p.max_depth = limit ? trial.suggestInt('max_depth', 3, 12) : -1;
  return p;
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
    if (!(allowed[type] as string[]).includes(k)) fail(key, `has unknown field "${k}" for type "${type}"; allowed: ${(allowed[type] as string[]).join(', ')}`);
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
  return { type: 'float', low, high, log, step: step as number | null };
}

/**
 * Validates a declarative spec and turns it into a define-by-run function. Each key is a booster
 * param (LightGBM name or alias); the trial's param of the same name holds the value.
 *
 * @example
 * ```ts
 * const space = parseSearchSpace({
 *   num_leaves: { type: 'int', low: 2, high: 256 },
 *   learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
 *   boosting: { type: 'categorical', choices: ['gbdt'] },
 *   max_bin: { fixed: 63 },
 * });
 * ```
 */
export function parseSearchSpace(spec: unknown, source = 'search space'): SearchSpaceFn {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TunerError(`${source}: expected a JSON object of param name → entry, got ${Array.isArray(spec) ? 'an array' : JSON.stringify(spec)}`);
  }
  const entries: [string, SearchSpaceEntry][] = [];
  for (const [key, e] of Object.entries(spec as Record<string, unknown>)) {
    try {
      entries.push([key, checkEntry(key, e)]);
    } catch (err) {
      if (err instanceof TunerError && source !== 'search space') throw new TunerError(`${source}: ${err.message}`);
      throw err;
    }
  }
  if (entries.length === 0) throw new TunerError(`${source}: the spec is empty; give at least one param`);
  return (trial: Trial): BoosterParams => {
    const p: BoosterParams = {};
    for (const [key, e] of entries) {
      if ('fixed' in e) p[key] = e.fixed;
      else if (e.type === 'float') p[key] = trial.suggestFloat(key, e.low, e.high, { log: e.log ?? false, step: e.step ?? null });
      else if (e.type === 'int') p[key] = trial.suggestInt(key, e.low, e.high, { log: e.log ?? false, step: e.step ?? 1 });
      else p[key] = trial.suggestCategorical(key, e.choices);
    }
    return p;
  };
}
