/**
 * The journal storage (Optuna's `JournalStorage`, `optuna/storages/_journal/storage.py`): every
 * write is one record appended to a log (a JSON-lines file, or Redis); every read first replays
 * the records appended since the last read (only those: the state is kept in memory and finished
 * trials' snapshots are cached), so many processes that share a log see one study. Trial numbers are
 * given during replay in log order, so concurrent writers never get the same number as long as
 * each record is appended atomically — which both backends guarantee.
 *
 * The records are Optuna 3.1's: Optuna opens a gbtune journal and gbtune opens Optuna's.
 *
 * @example
 * ```ts
 * const storage = await openJournalStorage('journal:///tmp/study.log');
 * const study = await createStudy({ storage, studyName: 'lgbm', loadIfExists: true });
 * await study.optimize(objective, { nTrials: 50 });
 * await storage.close();
 * ```
 */
import { randomUUID } from 'node:crypto';
import { StorageError } from '../../../core/errors.js';
import { checkDistributionCompatibility, distributionToJson, type Distribution } from '../../distributions.js';
import { isFinished, type FrozenTrial, type StudyDirection, type TrialState } from '../../trial/frozen-trial.js';
import type { Storage, StudySummary, TrialTemplate } from '../base.js';
import { storedAttrValue } from '../memory.js';
import { DIRECTION_CODE, formatPyDatetime, JournalOp, STATE_CODE, type JournalRecord } from './journal-format.js';
import { JournalReplay, type ReplayOutcome, type ReplayStudy, type ReplayTrial } from './journal-replay.js';

/**
 * Records read from a backend: in log order, with `locate(i)` naming record i (file and line, or key).
 *
 * @example
 * ```ts
 * const { records, locate } = await backend.readNew(); // locate(0) === '/tmp/study.log line 1'
 * ```
 */
export interface JournalReadResult {
  records: unknown[];
  locate: (i: number) => string;
  /** True when more records may follow at once (the backend returns a long log in parts). */
  more?: boolean;
}

/**
 * Where a journal lives: an append-only log of records (Optuna's `BaseJournalLogStorage`).
 *
 * @example
 * ```ts
 * await backend.append([{ op_code: JournalOp.DELETE_STUDY, worker_id: 'w-1', study_id: 0 }]);
 * ```
 */
export interface JournalBackend {
  /** Names the log in messages (a path or a URL). */
  readonly source: string;
  /** The records appended since the previous call (all of them on the first call), possibly in parts (`more`). */
  readNew(): Promise<JournalReadResult>;
  /** Appends records atomically, each whole or not at all, in order. */
  append(records: readonly JournalRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** How many times a writer re-reads the log to find its own record before giving up. */
const OWN_RECORD_RETRIES = 100;

function stateFilter(states: readonly TrialState[] | undefined): Set<TrialState> | null {
  return states === undefined ? null : new Set(states);
}

/**
 * See the module comment. Open one with `openJournalFileStorage`, `openJournalRedisStorage` or a
 * `journal://` / `redis://` URL; or give it any {@link JournalBackend}.
 *
 * @example
 * ```ts
 * const storage = await new JournalStorage(new JournalFileBackend('/tmp/study.log')).load();
 * const id = await storage.createNewStudy(['MINIMIZE'], 'a');
 * ```
 */
export class JournalStorage implements Storage {
  private readonly replay: JournalReplay;
  private readonly workerPrefix = `${randomUUID()}-`;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly backend: JournalBackend) {
    this.replay = new JournalReplay(backend.source);
  }

  /** Runs `fn` after every earlier call of this instance finished (calls are atomic in the process). */
  private run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(() => {
      if (this.closed) throw new StorageError(`the journal storage ${this.backend.source} is closed`, 'STORAGE_CLOSED');
      return fn();
    });
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** Applies the records appended since the last read. */
  private async sync(): Promise<void> {
    for (;;) {
      const { records, locate, more } = await this.backend.readNew();
      if (records.length > 0) this.replay.apply(records, locate);
      if (more !== true) return;
    }
  }

  /** Appends one record and replays up to it; returns what happened to it. */
  private async write(opCode: number, fields: Record<string, unknown>): Promise<ReplayOutcome> {
    const workerId = `${this.workerPrefix}${this.seq++}`;
    const rec: JournalRecord = { op_code: opCode, worker_id: workerId, ...fields };
    this.replay.watch(workerId);
    try {
      await this.backend.append([rec]);
    } catch (e) {
      this.replay.unwatch(workerId);
      throw e;
    }
    for (let attempt = 0; attempt < OWN_RECORD_RETRIES; attempt++) {
      await this.sync();
      const o = this.replay.outcome(workerId);
      if (o !== undefined) {
        if (o.error !== undefined) throw o.error;
        return o;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    this.replay.unwatch(workerId);
    throw new StorageError(`the journal ${this.backend.source}: a record just appended is not there when read back`, 'JOURNAL_LOST_WRITE');
  }

  private writableTrial(trialId: number): ReplayTrial {
    const t = this.replay.trial(trialId);
    if (isFinished(t.state)) {
      throw new StorageError(
        `trial ${t.number} (id ${trialId}) is already finished with state ${t.state}; a finished trial cannot be changed`,
        'UPDATE_FINISHED_TRIAL',
      );
    }
    return t;
  }

  private read<T>(fn: () => T): Promise<T> {
    return this.run(async () => {
      await this.sync();
      return fn();
    });
  }

  /** Replays the whole log now (opening checks the file); resolves to this storage. */
  async load(): Promise<this> {
    await this.run(() => this.sync());
    return this;
  }

  createNewStudy(directions: readonly StudyDirection[], studyName?: string): Promise<number> {
    if (directions.length === 0) return Promise.reject(new StorageError('createNewStudy: at least one direction is required', 'BAD_DIRECTIONS'));
    for (const d of directions) {
      if (d !== 'MINIMIZE' && d !== 'MAXIMIZE') {
        return Promise.reject(
          new StorageError(`createNewStudy: direction ${JSON.stringify(d)} must be 'MINIMIZE' or 'MAXIMIZE'`, 'BAD_DIRECTIONS'),
        );
      }
    }
    const name = studyName ?? `no-name-${randomUUID()}`;
    return this.run(async () => {
      await this.sync();
      if (this.replay.studyIdByName.has(name)) {
        throw new StorageError(`a study named '${name}' already exists in the journal ${this.backend.source}`, 'DUPLICATED_STUDY');
      }
      const o = await this.write(JournalOp.CREATE_STUDY, { study_name: name, directions: directions.map((d) => DIRECTION_CODE[d]) });
      return o.id as number;
    });
  }

  deleteStudy(studyId: number): Promise<void> {
    return this.run(async () => {
      await this.sync();
      this.replay.study(studyId);
      await this.write(JournalOp.DELETE_STUDY, { study_id: studyId });
    });
  }

  private setStudyAttr(studyId: number, key: string, value: unknown, user: boolean): Promise<void> {
    const stored = storedAttrValue(key, value);
    return this.run(async () => {
      await this.sync();
      this.replay.study(studyId);
      const op = user ? JournalOp.SET_STUDY_USER_ATTR : JournalOp.SET_STUDY_SYSTEM_ATTR;
      await this.write(op, { study_id: studyId, [user ? 'user_attr' : 'system_attr']: { [key]: stored } });
    });
  }

  setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void> {
    return this.setStudyAttr(studyId, key, value, true);
  }

  setStudySystemAttr(studyId: number, key: string, value: unknown): Promise<void> {
    return this.setStudyAttr(studyId, key, value, false);
  }

  getStudyIdFromName(studyName: string): Promise<number> {
    return this.read(() => {
      const id = this.replay.studyIdByName.get(studyName);
      if (id === undefined) throw new StorageError(`no study named '${studyName}' in the journal ${this.backend.source}`, 'STUDY_NOT_FOUND');
      return id;
    });
  }

  getStudyNameFromId(studyId: number): Promise<string> {
    return this.read(() => this.replay.study(studyId).name);
  }

  getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    return this.read(() => [...this.replay.study(studyId).directions]);
  }

  getStudyUserAttrs(studyId: number): Promise<Record<string, unknown>> {
    return this.read(() => Object.fromEntries(this.replay.study(studyId).userAttrs));
  }

  getStudySystemAttrs(studyId: number): Promise<Record<string, unknown>> {
    return this.read(() => Object.fromEntries(this.replay.study(studyId).systemAttrs));
  }

  getAllStudies(): Promise<StudySummary[]> {
    return this.read(() => {
      const out: StudySummary[] = [];
      for (const s of this.replay.studies.values()) {
        let start: number | null = null;
        for (const t of s.trials) {
          const d = t.datetimeStart;
          if (d !== null && (start === null || d.getTime() < start)) start = d.getTime();
        }
        out.push({
          studyId: s.id,
          studyName: s.name,
          directions: [...s.directions],
          userAttrs: Object.fromEntries(s.userAttrs),
          systemAttrs: Object.fromEntries(s.systemAttrs),
          nTrials: s.trials.length,
          datetimeStart: start === null ? null : new Date(start),
        });
      }
      return out;
    });
  }

  createNewTrial(studyId: number, template?: TrialTemplate): Promise<number> {
    return this.run(async () => {
      await this.sync();
      const s = this.replay.study(studyId);
      const now = new Date();
      const fields: Record<string, unknown> = { study_id: studyId, datetime_start: formatPyDatetime(now) };
      if (template !== undefined) this.templateFields(s, template, now, fields);
      const o = await this.write(JournalOp.CREATE_TRIAL, fields);
      return o.id as number;
    });
  }

  /** Optuna's CREATE_TRIAL fields for a template trial. */
  private templateFields(s: ReplayStudy, template: TrialTemplate, now: Date, fields: Record<string, unknown>): void {
    const state = template.state ?? 'RUNNING';
    const distributions: Record<string, string> = {};
    const params: Record<string, number> = {};
    for (const [name, x] of Object.entries(template.params ?? {})) {
      const d = template.distributions?.[name];
      if (d === undefined) throw new StorageError(`createNewTrial: param '${name}' has no distribution`, 'BAD_TRIAL');
      const prev = s.paramDistributions.get(name);
      if (prev !== undefined) checkDistributionCompatibility(name, prev, d);
      distributions[name] = distributionToJson(d);
      params[name] = x;
    }
    const values = template.values ?? null;
    const start = template.datetimeStart !== undefined ? template.datetimeStart : state === 'WAITING' ? null : now;
    const complete = template.datetimeComplete !== undefined ? template.datetimeComplete : isFinished(state) ? now : null;
    fields.state = STATE_CODE[state];
    fields.value = values !== null && values.length === 1 ? values[0] : null;
    fields.values = values !== null && values.length !== 1 ? [...values] : null;
    fields.datetime_start = start === null ? null : formatPyDatetime(start);
    if (complete !== null) fields.datetime_complete = formatPyDatetime(complete);
    fields.distributions = distributions;
    fields.params = params;
    const attrs = (a: Record<string, unknown> | undefined): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(a ?? {})) out[k] = storedAttrValue(k, v);
      return out;
    };
    fields.user_attrs = attrs(template.userAttrs);
    fields.system_attrs = attrs(template.systemAttrs);
    const iv: Record<string, number> = {};
    for (const [step, v] of template.intermediateValues ?? []) iv[String(step)] = v;
    fields.intermediate_values = iv;
  }

  setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): Promise<void> {
    return this.run(async () => {
      await this.sync();
      const t = this.writableTrial(trialId);
      const prevStudy = this.replay.study(t.studyId).paramDistributions.get(paramName);
      if (prevStudy !== undefined) checkDistributionCompatibility(paramName, prevStudy, distribution);
      const prev = t.distributions.get(paramName);
      if (prev !== undefined) checkDistributionCompatibility(paramName, prev, distribution);
      await this.write(JournalOp.SET_TRIAL_PARAM, {
        trial_id: trialId,
        param_name: paramName,
        param_value_internal: internalValue,
        distribution: distributionToJson(distribution),
      });
    });
  }

  getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): Promise<number> {
    return this.read(() => {
      const t = this.replay.study(studyId).trials[trialNumber];
      if (t === undefined) throw new StorageError(`study ${studyId} has no trial number ${trialNumber}`, 'TRIAL_NOT_FOUND');
      return t.id;
    });
  }

  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean> {
    return this.run(async () => {
      await this.sync();
      const t = this.writableTrial(trialId);
      if (state === 'RUNNING' && t.state !== 'WAITING') return false;
      const fields: Record<string, unknown> = { trial_id: trialId, state: STATE_CODE[state], values: values == null ? null : [...values] };
      if (state === 'RUNNING') fields.datetime_start = formatPyDatetime(new Date());
      else if (isFinished(state)) fields.datetime_complete = formatPyDatetime(new Date());
      const o = await this.write(JournalOp.SET_TRIAL_STATE_VALUES, fields);
      return o.applied;
    });
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    return this.run(async () => {
      await this.sync();
      this.writableTrial(trialId);
      await this.write(JournalOp.SET_TRIAL_INTERMEDIATE_VALUE, { trial_id: trialId, step, intermediate_value: value });
    });
  }

  private setTrialAttr(trialId: number, key: string, value: unknown, user: boolean): Promise<void> {
    const stored = storedAttrValue(key, value);
    return this.run(async () => {
      await this.sync();
      this.writableTrial(trialId);
      const op = user ? JournalOp.SET_TRIAL_USER_ATTR : JournalOp.SET_TRIAL_SYSTEM_ATTR;
      await this.write(op, { trial_id: trialId, [user ? 'user_attr' : 'system_attr']: { [key]: stored } });
    });
  }

  setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void> {
    return this.setTrialAttr(trialId, key, value, true);
  }

  setTrialSystemAttr(trialId: number, key: string, value: unknown): Promise<void> {
    return this.setTrialAttr(trialId, key, value, false);
  }

  getTrial(trialId: number): Promise<FrozenTrial> {
    return this.read(() => this.replay.snapshot(this.replay.trial(trialId)));
  }

  getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    return this.read(() => {
      const s = this.replay.study(studyId);
      const keep = stateFilter(options?.states);
      const trials = s.trials;
      if (keep === null) return this.replay.allSnapshots(s);
      const out: FrozenTrial[] = [];
      if (keep.size === 1 && keep.has('WAITING')) {
        // the trial queue: only the WAITING trials, in number order
        const queued = [...s.waiting].sort((a, b) => a.number - b.number);
        for (const t of queued) out.push(this.replay.snapshot(t));
        return out;
      }
      for (let i = 0; i < trials.length; i++) {
        const t = trials[i];
        if (keep.has(t.state)) out.push(t.frozen ?? this.replay.snapshot(t));
      }
      return out;
    });
  }

  getNTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<number> {
    return this.read(() => {
      const s = this.replay.study(studyId);
      const keep = stateFilter(options?.states);
      if (keep === null) return s.trials.length;
      let n = 0;
      for (const t of s.trials) if (keep.has(t.state)) n++;
      return n;
    });
  }

  /** The number of records in the log (read anew: the records appended since the last read are replayed first); see `Storage.changeToken`. */
  changeToken(): Promise<string> {
    return this.read(() => String(this.replay.nRecords));
  }

  /** The number of records replayed so far. */
  get recordsRead(): number {
    return this.replay.nRecords;
  }

  /** Releases the backend (idempotent); later calls throw STORAGE_CLOSED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.backend.close();
  }
}
