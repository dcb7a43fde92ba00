/**
 * The in-memory storage (Optuna's `InMemoryStorage`): the default for library calls without a
 * storage. Every method runs synchronously to completion inside its promise, so each call is
 * atomic under async interleaving (several `optimize` runners, several studies on one storage).
 *
 * Snapshots: a trial's snapshot is built once and cached until the trial changes; finished
 * trials never change, so `getAllTrials` on a long study only rebuilds the running ones.
 * Attribute values are JSON round-tripped on write (as a database would store them) and frozen,
 * so neither the caller's object nor a returned snapshot can change what is stored.
 *
 * @example
 * ```ts
 * const storage = new InMemoryStorage();
 * const study = await createStudy({ storage, studyName: 'a' });
 * const again = await loadStudy({ storage, studyName: 'a' });
 * ```
 */
import { StorageError } from '../../core/errors.js';
import { checkDistributionCompatibility, type Distribution } from '../distributions.js';
import { cachedSnapshot, type MutableTrialRecord } from '../trial/create-trial.js';
import { isFinished, type FrozenTrial, type StudyDirection, type TrialState } from '../trial/frozen-trial.js';
import type { Storage, StudySummary, TrialTemplate } from './base.js';

interface StudyRecord {
  id: number;
  name: string;
  directions: StudyDirection[];
  userAttrs: Map<string, unknown>;
  systemAttrs: Map<string, unknown>;
  /** trial ids in number order */
  trialIds: number[];
  /** the trial records in number order (the same trials as trialIds) */
  records: TrialRecord[];
  /** ids of the WAITING trials (so that popping the queue does not scan every trial) */
  waiting: Set<number>;
  /** the first distribution seen for each param name (Optuna checks later ones against it) */
  paramDistributions: Map<string, Distribution>;
}

type TrialRecord = MutableTrialRecord;

/** A JSON round-tripped, deeply frozen copy of an attribute value (what a database would give back). */
export function storedAttrValue(key: string, value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new StorageError(`attribute '${key}': value is not JSON-serializable (${(e as Error).message})`, 'ATTR_NOT_JSON');
  }
  if (text === undefined) {
    throw new StorageError(`attribute '${key}': value ${String(value)} is not JSON-serializable`, 'ATTR_NOT_JSON');
  }
  return deepFreeze(JSON.parse(text) as unknown);
}

function deepFreeze(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function stateFilter(states: readonly TrialState[] | undefined): ((s: TrialState) => boolean) | null {
  if (states === undefined) return null;
  const set = new Set(states);
  return (s) => set.has(s);
}

/** See the module comment. */
export class InMemoryStorage implements Storage {
  private readonly studies = new Map<number, StudyRecord>();
  private readonly studyIdByName = new Map<string, number>();
  private readonly trials = new Map<number, TrialRecord>();
  private nextStudyId = 0;
  private nextTrialId = 0;
  /** Writes so far: the change token. */
  private writes = 0;

  /** A counter of the writes so far (see `Storage.changeToken`). */
  async changeToken(): Promise<string> {
    return String(this.writes);
  }

  private study(studyId: number): StudyRecord {
    const s = this.studies.get(studyId);
    if (s === undefined) throw new StorageError(`no study with id ${studyId} in the in-memory storage`, 'STUDY_NOT_FOUND');
    return s;
  }

  private trial(trialId: number): TrialRecord {
    const t = this.trials.get(trialId);
    if (t === undefined) throw new StorageError(`no trial with id ${trialId} in the in-memory storage`, 'TRIAL_NOT_FOUND');
    return t;
  }

  private writableTrial(trialId: number): TrialRecord {
    const t = this.trial(trialId);
    if (isFinished(t.state)) {
      throw new StorageError(
        `trial ${t.number} (id ${trialId}) is already finished with state ${t.state}; a finished trial cannot be changed`,
        'UPDATE_FINISHED_TRIAL',
      );
    }
    return t;
  }

  private snapshot(t: TrialRecord): FrozenTrial {
    return cachedSnapshot(t);
  }

  async createNewStudy(directions: readonly StudyDirection[], studyName?: string): Promise<number> {
    if (directions.length === 0) throw new StorageError('createNewStudy: at least one direction is required', 'BAD_DIRECTIONS');
    for (const d of directions) {
      if (d !== 'MINIMIZE' && d !== 'MAXIMIZE') {
        throw new StorageError(`createNewStudy: direction ${JSON.stringify(d)} must be 'MINIMIZE' or 'MAXIMIZE'`, 'BAD_DIRECTIONS');
      }
    }
    const name = studyName ?? `no-name-${crypto.randomUUID()}`;
    if (this.studyIdByName.has(name)) {
      throw new StorageError(`a study named '${name}' already exists in the storage`, 'DUPLICATED_STUDY');
    }
    const id = this.nextStudyId++;
    this.studies.set(id, {
      id,
      name,
      directions: [...directions],
      userAttrs: new Map(),
      systemAttrs: new Map(),
      trialIds: [],
      records: [],
      waiting: new Set(),
      paramDistributions: new Map(),
    });
    this.studyIdByName.set(name, id);
    this.writes++;
    return id;
  }

  async deleteStudy(studyId: number): Promise<void> {
    const s = this.study(studyId);
    for (const tid of s.trialIds) this.trials.delete(tid);
    this.studies.delete(studyId);
    this.studyIdByName.delete(s.name);
    this.writes++;
  }

  async setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void> {
    this.study(studyId).userAttrs.set(key, storedAttrValue(key, value));
    this.writes++;
  }

  async setStudySystemAttr(studyId: number, key: string, value: unknown): Promise<void> {
    this.study(studyId).systemAttrs.set(key, storedAttrValue(key, value));
    this.writes++;
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    const id = this.studyIdByName.get(studyName);
    if (id === undefined) throw new StorageError(`no study named '${studyName}' in the in-memory storage`, 'STUDY_NOT_FOUND');
    return id;
  }

  async getStudyNameFromId(studyId: number): Promise<string> {
    return this.study(studyId).name;
  }

  async getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    return [...this.study(studyId).directions];
  }

  async getStudyUserAttrs(studyId: number): Promise<Record<string, unknown>> {
    return Object.fromEntries(this.study(studyId).userAttrs);
  }

  async getStudySystemAttrs(studyId: number): Promise<Record<string, unknown>> {
    return Object.fromEntries(this.study(studyId).systemAttrs);
  }

  async getAllStudies(): Promise<StudySummary[]> {
    const out: StudySummary[] = [];
    for (const s of this.studies.values()) {
      let start: Date | null = null;
      for (const tid of s.trialIds) {
        const d = this.trial(tid).datetimeStart;
        if (d !== null && (start === null || d < start)) start = d;
      }
      out.push({
        studyId: s.id,
        studyName: s.name,
        directions: [...s.directions],
        userAttrs: Object.fromEntries(s.userAttrs),
        systemAttrs: Object.fromEntries(s.systemAttrs),
        nTrials: s.trialIds.length,
        datetimeStart: start === null ? null : new Date(start.getTime()),
      });
    }
    return out;
  }

  async createNewTrial(studyId: number, template?: TrialTemplate): Promise<number> {
    const s = this.study(studyId);
    const state = template?.state ?? 'RUNNING';
    const params = new Map<string, number>();
    const distributions = new Map<string, Distribution>();
    if (template?.params !== undefined) {
      for (const [name, x] of Object.entries(template.params)) {
        const d = template.distributions?.[name];
        if (d === undefined) throw new StorageError(`createNewTrial: param '${name}' has no distribution`, 'BAD_TRIAL');
        this.checkParamDistribution(s, name, d);
        params.set(name, x);
        distributions.set(name, d);
      }
    }
    const userAttrs = new Map<string, unknown>();
    for (const [k, v] of Object.entries(template?.userAttrs ?? {})) userAttrs.set(k, storedAttrValue(k, v));
    const systemAttrs = new Map<string, unknown>();
    for (const [k, v] of Object.entries(template?.systemAttrs ?? {})) systemAttrs.set(k, storedAttrValue(k, v));
    const now = new Date();
    const id = this.nextTrialId++;
    const rec: TrialRecord = {
      id,
      studyId,
      number: s.trialIds.length,
      state,
      values: template?.values == null ? null : [...template.values],
      datetimeStart: template?.datetimeStart !== undefined ? template.datetimeStart : state === 'WAITING' ? null : now,
      datetimeComplete: template?.datetimeComplete !== undefined ? template.datetimeComplete : isFinished(state) ? now : null,
      params,
      distributions,
      userAttrs,
      systemAttrs,
      intermediateValues: new Map(template?.intermediateValues ?? []),
      frozen: null,
    };
    for (const [name, d] of distributions) s.paramDistributions.set(name, s.paramDistributions.get(name) ?? d);
    this.trials.set(id, rec);
    s.trialIds.push(id);
    s.records.push(rec);
    if (state === 'WAITING') s.waiting.add(id);
    this.writes++;
    return id;
  }

  private checkParamDistribution(s: StudyRecord, name: string, d: Distribution): void {
    const prev = s.paramDistributions.get(name);
    if (prev !== undefined) checkDistributionCompatibility(name, prev, d);
  }

  async setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): Promise<void> {
    const t = this.writableTrial(trialId);
    const s = this.study(t.studyId);
    this.checkParamDistribution(s, paramName, distribution);
    const prev = t.distributions.get(paramName);
    if (prev !== undefined) checkDistributionCompatibility(paramName, prev, distribution);
    if (!s.paramDistributions.has(paramName)) s.paramDistributions.set(paramName, distribution);
    t.params.set(paramName, internalValue);
    t.distributions.set(paramName, distribution);
    t.frozen = null;
    this.writes++;
  }

  async getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): Promise<number> {
    const id = this.study(studyId).trialIds[trialNumber];
    if (id === undefined) {
      throw new StorageError(`study ${studyId} has no trial number ${trialNumber}`, 'TRIAL_NOT_FOUND');
    }
    return id;
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean> {
    const t = this.writableTrial(trialId);
    if (state === 'RUNNING' && t.state !== 'WAITING') return false;
    const s = this.study(t.studyId);
    if (state === 'WAITING') s.waiting.add(trialId);
    else s.waiting.delete(trialId);
    t.state = state;
    if (values !== undefined) t.values = values === null ? null : [...values];
    if (state === 'RUNNING') t.datetimeStart = new Date();
    if (isFinished(state)) t.datetimeComplete = new Date();
    t.frozen = null;
    this.writes++;
    return true;
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    const t = this.writableTrial(trialId);
    t.intermediateValues.set(step, value);
    t.frozen = null;
    this.writes++;
  }

  async setTrialIntermediateValues(trialId: number, entries: readonly (readonly [number, number])[]): Promise<void> {
    const t = this.writableTrial(trialId);
    for (const [step, value] of entries) t.intermediateValues.set(step, value);
    t.frozen = null;
    this.writes++;
  }

  async setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void> {
    const t = this.writableTrial(trialId);
    t.userAttrs.set(key, storedAttrValue(key, value));
    t.frozen = null;
    this.writes++;
  }

  async setTrialSystemAttr(trialId: number, key: string, value: unknown): Promise<void> {
    const t = this.writableTrial(trialId);
    t.systemAttrs.set(key, storedAttrValue(key, value));
    t.frozen = null;
    this.writes++;
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    return this.snapshot(this.trial(trialId));
  }

  async getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    const s = this.study(studyId);
    const states = options?.states;
    const recs = s.records;
    if (states === undefined) {
      const out = new Array<FrozenTrial>(recs.length);
      for (let i = 0; i < recs.length; i++) {
        const r = recs[i];
        out[i] = r.frozen ?? this.snapshot(r);
      }
      return out;
    }
    const out: FrozenTrial[] = [];
    if (states.length === 1 && states[0] === 'WAITING') {
      // the trial queue: only the WAITING ids, in number order
      const ids = [...s.waiting].map((id) => this.trial(id)).sort((a, b) => a.number - b.number);
      for (const r of ids) out.push(this.snapshot(r));
      return out;
    }
    const keep = stateFilter(states) as (st: TrialState) => boolean;
    for (let i = 0; i < recs.length; i++) {
      const r = recs[i];
      if (keep(r.state)) out.push(r.frozen ?? this.snapshot(r));
    }
    return out;
  }

  async getNTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<number> {
    const s = this.study(studyId);
    const keep = stateFilter(options?.states);
    if (keep === null) return s.trialIds.length;
    let n = 0;
    for (const tid of s.trialIds) if (keep((this.trials.get(tid) as TrialRecord).state)) n++;
    return n;
  }

  async close(): Promise<void> {
    // nothing to release
  }
}
