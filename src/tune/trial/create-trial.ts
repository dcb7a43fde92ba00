/**
 * Building {@link FrozenTrial} snapshots: `createTrial` (Optuna's `optuna.trial.create_trial`, for
 * `study.addTrial`) and `freezeTrial`, the one place where a storage turns its records into an
 * immutable snapshot (params converted from internal to external values).
 *
 * @example
 * ```ts
 * const t = createTrial({ params: { x: 2 }, distributions: { x: new FloatDistribution(0, 10) }, value: 4 });
 * await study.addTrial(t);
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { Distribution, ParamValue } from '../distributions.js';
import { isFinished, singleValue, TrialState, type FrozenTrial } from './frozen-trial.js';

/** The fields of a snapshot, with params as internal values. */
export interface FreezeTrialFields {
  number: number;
  trialId: number;
  state: TrialState;
  values: readonly number[] | null;
  datetimeStart: Date | null;
  datetimeComplete: Date | null;
  /** Internal values (categorical: the index of the choice). */
  params: Iterable<[string, number]>;
  distributions: ReadonlyMap<string, Distribution> | Readonly<Record<string, Distribution>>;
  userAttrs: Iterable<[string, unknown]>;
  systemAttrs: Iterable<[string, unknown]>;
  intermediateValues: Iterable<[number, number]>;
}

/**
 * An immutable snapshot from a storage's record. Values of attributes are shared, so a storage
 * must store attribute values it never mutates (e.g. JSON round-tripped and frozen).
 *
 * @example
 * ```ts
 * const t = freezeTrial({ number: 0, trialId: 0, state: 'RUNNING', values: null, datetimeStart: new Date(),
 *   datetimeComplete: null, params: [['x', 1]], distributions: { x: new FloatDistribution(0, 2) },
 *   userAttrs: [], systemAttrs: [], intermediateValues: [] });
 * ```
 */
export function freezeTrial(f: FreezeTrialFields): FrozenTrial {
  const dists: Record<string, Distribution> = {};
  const params: Record<string, ParamValue> = {};
  const getDist =
    f.distributions instanceof Map
      ? (k: string) => (f.distributions as ReadonlyMap<string, Distribution>).get(k)
      : (k: string) => (f.distributions as Readonly<Record<string, Distribution>>)[k];
  for (const [name, internal] of f.params) {
    const d = getDist(name);
    if (d === undefined) throw new TunerError(`trial ${f.number}: param '${name}' has no distribution`);
    dists[name] = d;
    params[name] = d.toExternal(internal);
  }
  const userAttrs: Record<string, unknown> = {};
  for (const [k, v] of f.userAttrs) userAttrs[k] = v;
  const systemAttrs: Record<string, unknown> = {};
  for (const [k, v] of f.systemAttrs) systemAttrs[k] = v;
  return Object.freeze({
    number: f.number,
    trialId: f.trialId,
    state: f.state,
    values: f.values === null ? null : Object.freeze([...f.values]),
    value: singleValue(f.values),
    datetimeStart: f.datetimeStart === null ? null : new Date(f.datetimeStart.getTime()),
    datetimeComplete: f.datetimeComplete === null ? null : new Date(f.datetimeComplete.getTime()),
    params: Object.freeze(params),
    distributions: Object.freeze(dists),
    userAttrs: Object.freeze(userAttrs),
    systemAttrs: Object.freeze(systemAttrs),
    intermediateValues: new Map(f.intermediateValues) as ReadonlyMap<number, number>,
  });
}

/** Options of {@link createTrial}; the defaults follow Optuna's `create_trial`. */
export interface CreateTrialOptions {
  /** Default `'COMPLETE'`. */
  state?: TrialState;
  /** The single objective value (give `value` or `values`, not both). */
  value?: number;
  /** The objective values, one per direction. */
  values?: readonly number[];
  /** External param values. Default `{}`. */
  params?: Record<string, ParamValue>;
  /** A distribution for every param. Default `{}`. */
  distributions?: Record<string, Distribution>;
  /** Default `{}`. */
  userAttrs?: Record<string, unknown>;
  /** Default `{}`. */
  systemAttrs?: Record<string, unknown>;
  /** step → value, as a Map or a plain object. Default none. */
  intermediateValues?: ReadonlyMap<number, number> | Record<number, number>;
  /** Default: now (null for WAITING trials). */
  datetimeStart?: Date | null;
  /** Default: now for finished trials, else null. */
  datetimeComplete?: Date | null;
}

/**
 * A trial to add to a study with `study.addTrial` (Optuna's `create_trial`): checked like Optuna's
 * `FrozenTrial._validate`. Its `number` and `trialId` are -1 until added.
 *
 * @example
 * ```ts
 * createTrial({ params: { x: 2 }, distributions: { x: new FloatDistribution(0, 10) }, value: 4 });
 * createTrial({ state: 'FAIL', params: {}, distributions: {} });
 * ```
 */
export function createTrial({
  state = TrialState.COMPLETE,
  value,
  values,
  params = {},
  distributions = {},
  userAttrs = {},
  systemAttrs = {},
  intermediateValues,
  datetimeStart,
  datetimeComplete,
}: CreateTrialOptions = {}): FrozenTrial {
  if (value !== undefined && values !== undefined) {
    throw new TunerError('createTrial: specify only one of value and values');
  }
  const vals = value !== undefined ? [value] : values !== undefined ? [...values] : null;
  const now = new Date();
  const start = datetimeStart !== undefined ? datetimeStart : state === 'WAITING' ? null : now;
  const complete = datetimeComplete !== undefined ? datetimeComplete : isFinished(state) ? now : null;
  const iv: [number, number][] =
    intermediateValues === undefined
      ? []
      : intermediateValues instanceof Map
        ? [...(intermediateValues as ReadonlyMap<number, number>)]
        : Object.entries(intermediateValues).map(([k, v]) => [Number(k), v]);
  const internal: [string, number][] = [];
  for (const name of Object.keys(params)) {
    const d = distributions[name];
    if (d === undefined) throw new TunerError(`createTrial: param '${name}' has no distribution in distributions`);
    const x = d.toInternal(params[name]);
    if (!d.contains(x)) {
      throw new TunerError(`createTrial: param '${name}' value ${JSON.stringify(params[name])} is out of its distribution ${describeDistribution(d)}`);
    }
    internal.push([name, x]);
  }
  const t = freezeTrial({
    number: -1,
    trialId: -1,
    state,
    values: vals,
    datetimeStart: start,
    datetimeComplete: complete,
    params: internal,
    distributions,
    userAttrs: Object.entries(userAttrs),
    systemAttrs: Object.entries(systemAttrs),
    intermediateValues: iv,
  });
  validateTrial(t);
  return t;
}

/**
 * Throws when a trial is inconsistent (Optuna's `FrozenTrial._validate`): a started trial without
 * `datetimeStart`, a finished one without `datetimeComplete`, a COMPLETE trial without values or
 * with NaN values, params without distributions, or a param out of its range.
 */
export function validateTrial(t: FrozenTrial): void {
  if (t.state !== 'WAITING' && t.datetimeStart === null) {
    throw new TunerError(`trial ${t.number}: datetimeStart is required for a ${t.state} trial`);
  }
  if (isFinished(t.state) && t.datetimeComplete === null) {
    throw new TunerError(`trial ${t.number}: datetimeComplete is required for a ${t.state} trial`);
  }
  if (t.state === 'COMPLETE') {
    if (t.values === null || t.values.length === 0) {
      throw new TunerError(`trial ${t.number}: a COMPLETE trial needs values`);
    }
    for (const v of t.values) {
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new TunerError(`trial ${t.number}: value ${String(v)} is not acceptable (NaN or not a number)`);
      }
    }
  }
  const pk = Object.keys(t.params);
  const dk = Object.keys(t.distributions);
  if (pk.length !== dk.length || pk.some((k) => !(k in t.distributions))) {
    throw new TunerError(
      `trial ${t.number}: params ${JSON.stringify(pk)} and distributions ${JSON.stringify(dk)} must have the same names`,
    );
  }
  for (const k of pk) {
    const d = t.distributions[k];
    const v = t.params[k];
    if (!d.contains(d.toInternal(v))) {
      throw new TunerError(`trial ${t.number}: param '${k}' value ${JSON.stringify(v)} is out of its distribution ${describeDistribution(d)}`);
    }
  }
}

/** A short human-readable form of a distribution, for messages. */
export function describeDistribution(d: Distribution): string {
  if (d.kind === 'categorical') return `categorical ${JSON.stringify(d.choices)}`;
  const extra = d.log ? ', log' : d.step !== null && !(d.kind === 'int' && d.step === 1) ? `, step ${d.step}` : '';
  return `${d.kind} [${d.low}, ${d.high}${extra}]`;
}

/**
 * A trial as an in-process storage holds it (in-memory storage, journal replay): mutable maps of
 * internal values, plus the snapshot handed out, cached until the next write sets it to null.
 */
export interface MutableTrialRecord {
  id: number;
  studyId: number;
  number: number;
  state: TrialState;
  values: number[] | null;
  datetimeStart: Date | null;
  datetimeComplete: Date | null;
  params: Map<string, number>;
  distributions: Map<string, Distribution>;
  userAttrs: Map<string, unknown>;
  systemAttrs: Map<string, unknown>;
  intermediateValues: Map<number, number>;
  /** cached snapshot; null after a write */
  frozen: FrozenTrial | null;
}

/**
 * The record's snapshot, frozen once and reused until the record changes.
 *
 * @example
 * ```ts
 * const t = cachedSnapshot(record); // same object on the next call unless record.frozen was reset
 * ```
 */
export function cachedSnapshot(t: MutableTrialRecord): FrozenTrial {
  if (t.frozen === null) {
    t.frozen = freezeTrial({
      number: t.number,
      trialId: t.id,
      state: t.state,
      values: t.values,
      datetimeStart: t.datetimeStart,
      datetimeComplete: t.datetimeComplete,
      params: t.params,
      distributions: t.distributions,
      userAttrs: t.userAttrs,
      systemAttrs: t.systemAttrs,
      intermediateValues: t.intermediateValues,
    });
  }
  return t.frozen;
}
