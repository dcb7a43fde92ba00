/**
 * The in-memory state a journal replays into (Optuna's `JournalStorageReplayResult`,
 * `optuna/storages/_journal/storage.py`). Records are applied in log order, so every process that
 * reads the same log computes the same study ids, trial ids and trial numbers: a trial's number is
 * the count of trials its study had when its CREATE_TRIAL record was applied. A record that cannot
 * apply (a write to a finished trial, a duplicate study name, a second pop of a queued trial) is
 * skipped by everyone; the writer that issued it learns the outcome through {@link JournalReplay.watch}.
 *
 * @example
 * ```ts
 * const r = new JournalReplay('journal.log');
 * r.watch('w-1');
 * r.apply([{ op_code: 0, worker_id: 'w-1', study_name: 's', directions: [1] }], (i) => `record ${i}`);
 * r.outcome('w-1'); // { applied: true, id: 0 }
 * ```
 */
import { GbtuneError, StorageError } from '../../../core/errors.js';
import { checkDistributionCompatibility, distributionFromJson, type Distribution } from '../../distributions.js';
import { cachedSnapshot, type MutableTrialRecord } from '../../trial/create-trial.js';
import { isFinished, type FrozenTrial, type StudyDirection, type TrialState } from '../../trial/frozen-trial.js';
import { JournalOp, parsePyDatetime, STATE_FROM_CODE, type JournalRecord } from './journal-format.js';

/** A study as replayed. */
export interface ReplayStudy {
  id: number;
  name: string;
  directions: StudyDirection[];
  userAttrs: Map<string, unknown>;
  systemAttrs: Map<string, unknown>;
  /** trials in number order */
  trials: ReplayTrial[];
  waiting: Set<ReplayTrial>;
  /** snapshots in number order; entries of `changed` trials are stale */
  snapshots: FrozenTrial[];
  /** trials changed (or created) since `snapshots` was last brought up to date */
  changed: Set<ReplayTrial>;
  /** the first distribution applied for each param name */
  paramDistributions: Map<string, Distribution>;
}

/** A trial as replayed. */
export type ReplayTrial = MutableTrialRecord;

/** What happened to a watched record: applied (with the new study/trial id) or skipped, and why. */
export interface ReplayOutcome {
  applied: boolean;
  id?: number;
  error?: GbtuneError;
}

function deepFreeze(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

class RecordError extends Error {}

function field(rec: JournalRecord, key: string): unknown {
  if (!(key in rec)) throw new RecordError(`field '${key}' is missing`);
  return rec[key];
}

function intField(rec: JournalRecord, key: string): number {
  const v = field(rec, key);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new RecordError(`field '${key}' must be an integer, got ${JSON.stringify(v)}`);
  return v;
}

function numOrNull(v: unknown, what: string): number {
  if (typeof v === 'number') return v;
  // Python writes float('nan') in a list as NaN; None only for missing values
  if (v === null) return NaN;
  throw new RecordError(`${what} must be a number, got ${JSON.stringify(v)}`);
}

function valuesField(v: unknown, what: string): number[] | null {
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v)) throw new RecordError(`${what} must be a list of numbers or null, got ${JSON.stringify(v)}`);
  return v.map((x, i) => numOrNull(x, `${what}[${i}]`));
}

function dateField(v: unknown, what: string): Date | null {
  if (v === null || v === undefined) return null;
  const d = typeof v === 'string' ? parsePyDatetime(v) : null;
  if (d === null) throw new RecordError(`${what} must be an ISO datetime, got ${JSON.stringify(v)}`);
  return d;
}

function attrEntries(v: unknown, what: string): [string, unknown][] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new RecordError(`${what} must be an object, got ${JSON.stringify(v)}`);
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, deepFreeze(x)]);
}

function stateField(v: unknown): TrialState {
  const s = typeof v === 'number' ? STATE_FROM_CODE[v] : undefined;
  if (s === undefined) throw new RecordError(`state ${JSON.stringify(v)} is not a trial state code (0..4)`);
  return s;
}

/** Parsed distributions by their JSON text: a study's params repeat a few texts many times. */
const distCache = new Map<string, Distribution>();

function distField(v: unknown, what: string): Distribution {
  if (typeof v !== 'string') throw new RecordError(`${what} must be a distribution in JSON, got ${JSON.stringify(v)}`);
  const hit = distCache.get(v);
  if (hit !== undefined) return hit;
  let d: Distribution;
  try {
    d = distributionFromJson(v);
  } catch (e) {
    throw new RecordError(`${what}: ${(e as Error).message}`);
  }
  if (distCache.size > 10_000) distCache.clear();
  distCache.set(v, d);
  return d;
}

/**
 * See the module comment.
 *
 * @example
 * ```ts
 * const r = new JournalReplay('study.log');
 * r.apply(records, (i) => `study.log line ${i + 1}`);
 * r.study(0).trials.length;
 * ```
 */
export class JournalReplay {
  readonly studies = new Map<number, ReplayStudy>();
  readonly studyIdByName = new Map<string, number>();
  readonly trials = new Map<number, ReplayTrial>();
  /** records applied so far (Optuna's `log_number_read`) */
  nRecords = 0;
  private nextStudyId = 0;
  private nextTrialId = 0;
  private readonly watched = new Map<string, ReplayOutcome | null>();

  /** @param source names the log in error messages (a file path or a Redis URL). */
  constructor(private readonly source: string) {}

  /** Starts recording the outcome of the record with this worker id. */
  watch(workerId: string): void {
    this.watched.set(workerId, null);
  }

  /** The outcome of a watched record once applied (and stops watching it), else undefined. */
  outcome(workerId: string): ReplayOutcome | undefined {
    const o = this.watched.get(workerId);
    if (o === null || o === undefined) return undefined;
    this.watched.delete(workerId);
    return o;
  }

  /** Stops watching a record (its append failed). */
  unwatch(workerId: string): void {
    this.watched.delete(workerId);
  }

  /** Records the outcome of a watched record (allocates nothing for the others). */
  private settle(rec: JournalRecord, applied: boolean, id?: number, error?: GbtuneError): void {
    if (this.watched.size === 0 || !this.watched.has(rec.worker_id)) return;
    const o: ReplayOutcome = { applied };
    if (id !== undefined) o.id = id;
    if (error !== undefined) o.error = error;
    this.watched.set(rec.worker_id, o);
  }

  /** Applies records in order; `locate(i)` names record i's place (file and line) for errors. */
  apply(records: readonly unknown[], locate: (i: number) => string): void {
    for (let i = 0; i < records.length; i++) {
      const rec = records[i] as JournalRecord;
      try {
        if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) throw new RecordError('a record must be a JSON object');
        if (typeof rec.worker_id !== 'string') throw new RecordError("field 'worker_id' must be a string");
        this.applyOne(rec);
      } catch (e) {
        if (e instanceof RecordError) {
          throw new StorageError(`${locate(i)}: not a valid journal record: ${e.message}`, 'JOURNAL_CORRUPT');
        }
        throw e;
      }
      this.nRecords++;
    }
  }

  private applyOne(rec: JournalRecord): void {
    switch (rec.op_code) {
      case JournalOp.CREATE_STUDY:
        return this.createStudy(rec);
      case JournalOp.DELETE_STUDY: {
        const s = this.liveStudy(rec);
        if (s === null) return;
        for (const t of s.trials) this.trials.delete(t.id);
        this.studies.delete(s.id);
        this.studyIdByName.delete(s.name);
        return this.settle(rec, true);
      }
      case JournalOp.SET_STUDY_USER_ATTR:
      case JournalOp.SET_STUDY_SYSTEM_ATTR: {
        const user = rec.op_code === JournalOp.SET_STUDY_USER_ATTR;
        const key = user ? 'user_attr' : 'system_attr';
        const entries = attrEntries(field(rec, key), key);
        const s = this.liveStudy(rec);
        if (s === null) return;
        const m = user ? s.userAttrs : s.systemAttrs;
        for (const [k, v] of entries) m.set(k, v);
        return this.settle(rec, true);
      }
      case JournalOp.CREATE_TRIAL:
        return this.createTrial(rec);
      case JournalOp.SET_TRIAL_PARAM:
        return this.setParam(rec);
      case JournalOp.SET_TRIAL_STATE_VALUES:
        return this.setStateValues(rec);
      case JournalOp.SET_TRIAL_INTERMEDIATE_VALUE: {
        const step = intField(rec, 'step');
        const value = numOrNull(field(rec, 'intermediate_value'), 'intermediate_value');
        const t = this.updatableTrial(rec);
        if (t === null) return;
        t.intermediateValues.set(step, value);
        this.touch(t);
        return this.settle(rec, true);
      }
      case JournalOp.SET_TRIAL_USER_ATTR:
      case JournalOp.SET_TRIAL_SYSTEM_ATTR: {
        const user = rec.op_code === JournalOp.SET_TRIAL_USER_ATTR;
        const key = user ? 'user_attr' : 'system_attr';
        const entries = attrEntries(field(rec, key), key);
        const t = this.updatableTrial(rec);
        if (t === null) return;
        const m = user ? t.userAttrs : t.systemAttrs;
        for (const [k, v] of entries) m.set(k, v);
        this.touch(t);
        return this.settle(rec, true);
      }
      default:
        throw new RecordError(`unknown op_code ${JSON.stringify(rec.op_code)} (known: 0..9; written by a newer version?)`);
    }
  }

  private skip(rec: JournalRecord, error: GbtuneError): null {
    this.settle(rec, false, undefined, error);
    return null;
  }

  private liveStudy(rec: JournalRecord): ReplayStudy | null {
    const id = intField(rec, 'study_id');
    const s = this.studies.get(id);
    if (s !== undefined) return s;
    return this.skip(rec, new StorageError(`no study with id ${id} in the journal ${this.source}`, 'STUDY_NOT_FOUND'));
  }

  private updatableTrial(rec: JournalRecord): ReplayTrial | null {
    const id = intField(rec, 'trial_id');
    const t = this.trials.get(id);
    if (t === undefined) return this.skip(rec, new StorageError(`no trial with id ${id} in the journal ${this.source}`, 'TRIAL_NOT_FOUND'));
    if (isFinished(t.state)) {
      return this.skip(
        rec,
        new StorageError(
          `trial ${t.number} (id ${id}) is already finished with state ${t.state}; a finished trial cannot be changed`,
          'UPDATE_FINISHED_TRIAL',
        ),
      );
    }
    return t;
  }

  private createStudy(rec: JournalRecord): void {
    const name = field(rec, 'study_name');
    if (typeof name !== 'string') throw new RecordError(`field 'study_name' must be a string, got ${JSON.stringify(name)}`);
    const dirs = field(rec, 'directions');
    if (!Array.isArray(dirs) || dirs.length === 0) throw new RecordError(`field 'directions' must be a non-empty list, got ${JSON.stringify(dirs)}`);
    const directions = dirs.map((d): StudyDirection => {
      if (d === 1) return 'MINIMIZE';
      if (d === 2) return 'MAXIMIZE';
      throw new RecordError(`direction ${JSON.stringify(d)} must be 1 (minimize) or 2 (maximize)`);
    });
    if (this.studyIdByName.has(name)) {
      this.skip(rec, new StorageError(`a study named '${name}' already exists in the journal ${this.source}`, 'DUPLICATED_STUDY'));
      return;
    }
    const id = this.nextStudyId++;
    this.studies.set(id, {
      id,
      name,
      directions,
      userAttrs: new Map(),
      systemAttrs: new Map(),
      trials: [],
      waiting: new Set(),
      snapshots: [],
      changed: new Set(),
      paramDistributions: new Map(),
    });
    this.studyIdByName.set(name, id);
    this.settle(rec, true, id);
  }

  private createTrial(rec: JournalRecord): void {
    const distributions = new Map<string, Distribution>();
    const params = new Map<string, number>();
    if (rec.distributions !== undefined && rec.distributions !== null) {
      for (const [k, v] of attrEntries(rec.distributions, 'distributions')) distributions.set(k, distField(v, `distributions['${k}']`));
    }
    if (rec.params !== undefined && rec.params !== null) {
      for (const [k, v] of attrEntries(rec.params, 'params')) {
        if (!distributions.has(k)) throw new RecordError(`param '${k}' has no distribution`);
        params.set(k, numOrNull(v, `params['${k}']`));
      }
    }
    const state = rec.state === undefined ? 'RUNNING' : stateField(rec.state);
    let values = valuesField(rec.values, 'values');
    if (values === null && rec.value !== undefined && rec.value !== null) values = [numOrNull(rec.value, 'value')];
    const datetimeStart = dateField(field(rec, 'datetime_start'), 'datetime_start');
    const datetimeComplete = dateField(rec.datetime_complete, 'datetime_complete');
    const intermediateValues = new Map<number, number>();
    if (rec.intermediate_values !== undefined && rec.intermediate_values !== null) {
      for (const [k, v] of attrEntries(rec.intermediate_values, 'intermediate_values')) {
        const step = Number(k);
        if (!Number.isInteger(step)) throw new RecordError(`intermediate_values: step '${k}' is not an integer`);
        intermediateValues.set(step, numOrNull(v, `intermediate_values['${k}']`));
      }
    }
    const userAttrs = new Map(rec.user_attrs === undefined ? [] : attrEntries(rec.user_attrs, 'user_attrs'));
    const systemAttrs = new Map(rec.system_attrs === undefined ? [] : attrEntries(rec.system_attrs, 'system_attrs'));
    const s = this.liveStudy(rec);
    if (s === null) return;
    const id = this.nextTrialId++;
    const t: ReplayTrial = {
      id,
      studyId: s.id,
      number: s.trials.length,
      state,
      values,
      datetimeStart,
      datetimeComplete,
      params,
      distributions,
      userAttrs,
      systemAttrs,
      intermediateValues,
      frozen: null,
    };
    for (const [k, d] of distributions) if (!s.paramDistributions.has(k)) s.paramDistributions.set(k, d);
    s.trials.push(t);
    s.changed.add(t);
    if (state === 'WAITING') s.waiting.add(t);
    this.trials.set(id, t);
    this.settle(rec, true, id);
  }

  private setParam(rec: JournalRecord): void {
    const name = field(rec, 'param_name');
    if (typeof name !== 'string') throw new RecordError(`field 'param_name' must be a string, got ${JSON.stringify(name)}`);
    const x = numOrNull(field(rec, 'param_value_internal'), 'param_value_internal');
    const d = distField(field(rec, 'distribution'), 'distribution');
    const t = this.updatableTrial(rec);
    if (t === null) return;
    const s = this.studies.get(t.studyId) as ReplayStudy;
    const prev = s.paramDistributions.get(name);
    if (prev !== undefined) {
      try {
        checkDistributionCompatibility(name, prev, d);
      } catch (e) {
        if (e instanceof GbtuneError) {
          this.skip(rec, e);
          return;
        }
        throw e;
      }
    } else s.paramDistributions.set(name, d);
    t.params.set(name, x);
    t.distributions.set(name, d);
    this.touch(t);
    this.settle(rec, true);
  }

  private setStateValues(rec: JournalRecord): void {
    const state = stateField(field(rec, 'state'));
    const values = valuesField(rec.values, 'values');
    const start = state === 'RUNNING' ? dateField(rec.datetime_start, 'datetime_start') : null;
    const complete = isFinished(state) ? dateField(rec.datetime_complete, 'datetime_complete') : null;
    const t = this.updatableTrial(rec);
    if (t === null) return;
    if (state === 'RUNNING' && t.state === 'RUNNING') {
      // another worker popped this queued trial first
      this.settle(rec, false);
      return;
    }
    const s = this.studies.get(t.studyId) as ReplayStudy;
    if (state === 'WAITING') s.waiting.add(t);
    else s.waiting.delete(t);
    if (state === 'RUNNING') t.datetimeStart = start;
    if (isFinished(state)) t.datetimeComplete = complete;
    t.state = state;
    if (values !== null) t.values = values;
    this.touch(t);
    this.settle(rec, true);
  }

  /** Marks a trial changed: its snapshot is rebuilt on the next read. */
  private touch(t: ReplayTrial): void {
    t.frozen = null;
    (this.studies.get(t.studyId) as ReplayStudy).changed.add(t);
  }

  /**
   * The study's snapshots in number order (a new array each call). Only the trials changed since
   * the last call are rebuilt, so on a long study this is a copy of an array.
   */
  allSnapshots(s: ReplayStudy): FrozenTrial[] {
    if (s.changed.size > 0) {
      for (const t of s.changed) s.snapshots[t.number] = this.snapshot(t);
      s.changed.clear();
    }
    return s.snapshots.slice();
  }

  /** The study with this id, or a STUDY_NOT_FOUND error. */
  study(studyId: number): ReplayStudy {
    const s = this.studies.get(studyId);
    if (s === undefined) throw new StorageError(`no study with id ${studyId} in the journal ${this.source}`, 'STUDY_NOT_FOUND');
    return s;
  }

  /** The trial with this id, or a TRIAL_NOT_FOUND error. */
  trial(trialId: number): ReplayTrial {
    const t = this.trials.get(trialId);
    if (t === undefined) throw new StorageError(`no trial with id ${trialId} in the journal ${this.source}`, 'TRIAL_NOT_FOUND');
    return t;
  }

  /** The trial's snapshot (cached until it changes). */
  snapshot(t: ReplayTrial): FrozenTrial {
    return cachedSnapshot(t);
  }
}
