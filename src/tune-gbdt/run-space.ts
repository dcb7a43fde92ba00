/**
 * The search space of one tuning run with the user's fixed params taken out: a booster param given
 * in `params` (`--param key=value`) is fixed, so the default space does not suggest it, a spec may
 * not name it, and a define-by-run function gets the fixed value for it from a
 * `PartialFixedSampler` (Optuna's way to fix params of a space one cannot edit). Every trial trains
 * with the fixed values, which its `gbdt_params` user attr records with the searched ones.
 */
import { TunerError } from '../core/errors.js';
import { canonicalParamName } from '../params/resolve.js';
import { PARAM_SPEC_BY_NAME } from '../params/schema.js';
import type { ParamValue } from '../tune/distributions.js';
import type { Sampler } from '../tune/samplers/base.js';
import { PartialFixedSampler } from '../tune/samplers/partial-fixed.js';
import type { Trial } from '../tune/trial/trial.js';
import {
  checkSearchSpace,
  defaultSearchSpaceWithout,
  describeDefaultSpace,
  describeEntry,
  spaceFromEntries,
  type BoosterParams,
  type ExtraEntries,
  type SearchSpaceEntry,
  type SearchSpaceFn,
  type SearchSpaceSpec,
} from './search-space.js';

/** How a study records its search space (see study-identity.ts). */
export interface SearchSpaceRecord {
  /** `default`: gbtune's default space; `spec`: a declarative spec; `function`: define-by-run; `stepwise`: one step of tuneGbdtStepwise. */
  kind: 'default' | 'spec' | 'function' | 'stepwise';
  /** Trial param name → its entry in one line (default and spec), or the step's params (stepwise). */
  entries?: Record<string, string>;
  /** A function's key (`searchSpaceKey`), or null when none was given (then it cannot be checked). */
  key?: string | null;
}

/** The run's space, fixed params applied. */
export interface RunSpace {
  /** The trial's booster params: the fixed ones, then the searched ones. */
  fn: SearchSpaceFn;
  /** The trial param names searched (null for a function: known only once it runs). */
  searched: string[] | null;
  /** Params a spec fixes (`{"fixed": value}`), by the spec's key. */
  specFixed: Record<string, unknown>;
  record: SearchSpaceRecord;
  /** Wraps the study's sampler so that a function's suggestions of a fixed param return the fixed value. */
  wrapSampler: (sampler: Sampler) => Sampler;
}

/** The canonical names of the fixed params (a key gbtune ignores, such as `boosting`, stands for itself). */
export function fixedNames(fixed: Readonly<Record<string, unknown>>): Set<string> {
  return new Set(Object.keys(fixed).map((k) => canonicalParamName(k) ?? k));
}

/**
 * The params the default space leaves out: the fixed ones, and with GOSS fixed
 * (`data_sample_strategy = goss`, or LightGBM's older `boosting = goss`) `bagging_fraction` and
 * `bagging_freq` too, which GOSS cannot use (LightGBM refuses the pair).
 */
function defaultSpaceSkips(fixed: Readonly<Record<string, unknown>>): Set<string> {
  const names = fixedNames(fixed);
  const goss = Object.entries(fixed).some(([k, v]) => {
    const name = canonicalParamName(k) ?? k;
    return (name === 'data_sample_strategy' || name === 'boosting') && String(v).trim().toLowerCase() === 'goss';
  });
  if (goss) {
    names.add('bagging_fraction');
    names.add('bagging_freq');
  }
  return names;
}

function sortedRecord(entries: Iterable<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

/** `params` without the keys whose param is fixed. */
function withoutFixed(params: BoosterParams, names: ReadonlySet<string>): BoosterParams {
  const out: BoosterParams = {};
  for (const [k, v] of Object.entries(params)) if (!names.has(canonicalParamName(k) ?? k)) out[k] = v;
  return out;
}

/** Fixed value by every name a define-by-run function could suggest it under (the name and its aliases). */
function fixedByAnyName(fixed: Readonly<Record<string, unknown>>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(fixed)) {
    if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    const spec = PARAM_SPEC_BY_NAME.get(canonicalParamName(k) ?? '');
    for (const name of spec !== undefined ? [spec.name, ...spec.aliases] : [k]) out[name] = v;
  }
  return out;
}

/**
 * The run's space: `searchSpace` (undefined: the default, with the `extra` entries) without the
 * `fixed` params. A spec that names a fixed param is an error (a param is either fixed or
 * searched). `key` is a function's `searchSpaceKey`.
 *
 * @example
 * ```ts
 * const space = runSpace(undefined, { num_leaves: 7 }, undefined);
 * space.searched; // ['lambda_l1', 'lambda_l2', 'feature_fraction', ...] (no num_leaves)
 * ```
 */
export function runSpace(
  searchSpace: SearchSpaceFn | SearchSpaceSpec | undefined,
  fixed: Readonly<Record<string, unknown>>,
  key: string | undefined,
  extra: ExtraEntries = [],
): RunSpace {
  const names = fixedNames(fixed);
  const withFixed =
    (fn: SearchSpaceFn): SearchSpaceFn =>
    (trial: Trial) => ({ ...fixed, ...withoutFixed(fn(trial), names) });
  const same = (s: Sampler): Sampler => s;
  if (searchSpace === undefined) {
    const skips = defaultSpaceSkips(fixed);
    const entries = describeDefaultSpace(skips, extra);
    return { fn: withFixed(defaultSearchSpaceWithout(skips, extra)), searched: Object.keys(entries), specFixed: {}, record: { kind: 'default', entries: sortedRecord(Object.entries(entries)) }, wrapSampler: same };
  }
  if (typeof searchSpace === 'function') {
    const byName = fixedByAnyName(fixed);
    return {
      fn: withFixed(searchSpace),
      searched: null,
      specFixed: {},
      record: { kind: 'function', key: key ?? null },
      wrapSampler: (s) => (Object.keys(byName).length > 0 ? new PartialFixedSampler(byName, s) : s),
    };
  }
  const entries = checkSearchSpace(searchSpace);
  const clash = entries.filter(([k]) => names.has(canonicalParamName(k) ?? k));
  if (clash.length > 0) {
    const what = clash.map(([k]) => {
      const name = canonicalParamName(k) ?? k;
      const given = Object.keys(fixed).find((f) => (canonicalParamName(f) ?? f) === name) as string;
      return `'${k}' (fixed: ${given} = ${JSON.stringify(fixed[given])})`;
    });
    throw new TunerError(
      `search space: ${what.join(', ')} ${clash.length === 1 ? 'is' : 'are'} also fixed; a fixed param is not searched: take ${clash.length === 1 ? 'it' : 'them'} out of the search space or out of the fixed params`,
    );
  }
  const specFixed: Record<string, unknown> = {};
  for (const [k, e] of entries) if ('fixed' in e) specFixed[k] = e.fixed;
  return {
    fn: withFixed(spaceFromEntries(entries)),
    searched: entries.filter(([, e]) => !('fixed' in e)).map(([k]) => k),
    specFixed,
    record: { kind: 'spec', entries: sortedRecord(entries.map(([k, e]: [string, SearchSpaceEntry]) => [k, describeEntry(e)] as const)) },
    wrapSampler: same,
  };
}
