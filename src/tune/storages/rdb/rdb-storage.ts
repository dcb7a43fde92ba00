/**
 * The RDB storage (Optuna's `RDBStorage`) over a small async SQL driver: SQLite
 * (`sqlite:///path/to/file.db`, see `sqlite-driver.ts`) and PostgreSQL
 * (`postgresql://user:pass@host:port/db`, see `postgres-driver.ts`) share this one SQL layer and
 * Optuna 3.1's schema (`schema.ts`), so Optuna 3.1 opens a gbtune study and the other way round.
 *
 * - Every multi-statement write runs in one transaction (SQLite `BEGIN IMMEDIATE`; PostgreSQL
 *   locks the study or trial row with `SELECT ... FOR UPDATE`), so trial numbers (the next free
 *   number of the study, computed inside the write transaction) stay unique under many writers.
 * - Finished trials are immutable: writes to them throw `StorageError('UPDATE_FINISHED_TRIAL')`.
 * - Reads return frozen snapshots; finished trials are cached in the process and a study read
 *   fetches only the trials created or still unfinished since the last read (`cache.ts`).
 * - Heartbeats (optional members of `Storage`): `recordHeartbeat`, `getStaleTrialIds`, timed
 *   by the database's clock as Optuna does.
 *
 * @example
 * ```ts
 * const storage = await openRdbStorage('sqlite:///tmp/study.db');
 * const study = await createStudy({ storage, studyName: 'lgbm' });
 * ```
 */
import { StorageError, TunerError } from '../../../core/errors.js';
import { checkDistributionCompatibility, distributionToJson, type Distribution } from '../../distributions.js';
import { isFinished, type FrozenTrial, type StudyDirection, type TrialState } from '../../trial/frozen-trial.js';
import type { Storage, StudySummary, TrialTemplate } from '../base.js';
import { storedAttrValue } from '../memory.js';
import { TrialCache } from './cache.js';
import { TrialReader } from './trial-reader.js';
import { encodeValue, formatDatetime, parseDatetime } from './codec.js';
import type { SqlDriver, SqlExecutor, SqlRow } from './driver.js';


function attrJson(key: string, value: unknown): string {
  storedAttrValue(key, value); // validates (StorageError 'ATTR_NOT_JSON')
  return JSON.stringify(value);
}

function wrapTunerError(e: unknown): never {
  if (e instanceof TunerError) throw new StorageError(e.message, 'INCOMPATIBLE_DISTRIBUTION');
  throw e;
}

/** See the module comment. Make one with `openRdbStorage(url)` or `new RdbStorage(driver)`. */
export class RdbStorage implements Storage {
  readonly driver: SqlDriver;
  private readonly cache = new TrialCache();
  private readonly reader: TrialReader;
  /** The first distribution seen per study and param name (Optuna checks later ones against it). */
  private readonly paramDists = new Map<number, Map<string, Distribution>>();

  /** Wraps a driver whose database already has the schema (see `ensureSchema`). */
  constructor(driver: SqlDriver) {
    this.driver = driver;
    this.reader = new TrialReader(driver, this.cache);
  }

  private q(col: string): string {
    return this.driver.dialect === 'postgres' ? col : `"${col}"`;
  }

  // ---------------------------------------------------------------- studies

  async createNewStudy(directions: readonly StudyDirection[], studyName?: string): Promise<number> {
    if (directions.length === 0) throw new StorageError('createNewStudy: at least one direction is required', 'BAD_DIRECTIONS');
    for (const d of directions) {
      if (d !== 'MINIMIZE' && d !== 'MAXIMIZE') {
        throw new StorageError(`createNewStudy: direction ${JSON.stringify(d)} must be 'MINIMIZE' or 'MAXIMIZE'`, 'BAD_DIRECTIONS');
      }
    }
    const name = studyName ?? `no-name-${crypto.randomUUID()}`;
    const dup = (): StorageError =>
      new StorageError(`a study named '${name}' already exists in ${this.driver.label}`, 'DUPLICATED_STUDY');
    try {
      return await this.driver.transaction(async (tx) => {
        if ((await tx.all('SELECT study_id FROM studies WHERE study_name = ?', [name])).length > 0) throw dup();
        let id: number;
        if (this.driver.dialect === 'sqlite') {
          // Optuna's SQLite schema reuses the highest id after a delete; keep ids unique for ever
          // with a high-water mark of deleted study ids in the header's user_version
          const [hw] = await tx.all('PRAGMA user_version');
          const [mx] = await tx.all('SELECT COALESCE(MAX(study_id), 0) AS m FROM studies');
          id = Math.max(Number(hw?.user_version ?? 0), Number(mx?.m)) + 1;
          await tx.all('INSERT INTO studies (study_id, study_name) VALUES (?, ?)', [id, name]);
        } else {
          const [row] = await tx.all('INSERT INTO studies (study_name) VALUES (?) RETURNING study_id', [name]);
          id = Number(row?.study_id);
        }
        for (let i = 0; i < directions.length; i++) {
          await tx.all('INSERT INTO study_directions (direction, study_id, objective) VALUES (?, ?, ?)', [directions[i] as string, id, i]);
        }
        this.cache.dropStudy(id);
        this.paramDists.delete(id);
        return id;
      });
    } catch (e) {
      // a concurrent creator won the unique index (PostgreSQL 23505, SQLite UNIQUE constraint)
      const code = (e as { code?: unknown }).code;
      if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw dup();
      throw e;
    }
  }

  private async requireStudy(x: SqlExecutor, studyId: number, lock = false): Promise<void> {
    const rows = await x.all(`SELECT study_id FROM studies WHERE study_id = ?${lock ? this.driver.forUpdate : ''}`, [studyId]);
    if (rows.length === 0) throw new StorageError(`no study with id ${studyId} in ${this.driver.label}`, 'STUDY_NOT_FOUND');
  }

  async deleteStudy(studyId: number): Promise<void> {
    await this.driver.transaction(async (tx) => {
      await this.requireStudy(tx, studyId, true);
      const sub = 'trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)';
      for (const t of ['trial_params', 'trial_values', 'trial_intermediate_values', 'trial_user_attributes', 'trial_system_attributes', 'trial_heartbeats']) {
        await tx.all(`DELETE FROM ${t} WHERE ${sub}`, [studyId]);
      }
      for (const t of ['trials', 'study_user_attributes', 'study_system_attributes', 'study_directions', 'studies']) {
        await tx.all(`DELETE FROM ${t} WHERE study_id = ?`, [studyId]);
      }
      if (this.driver.dialect === 'sqlite') {
        const [hw] = await tx.all('PRAGMA user_version');
        if (Number(hw?.user_version ?? 0) < studyId) await tx.all(`PRAGMA user_version = ${Math.trunc(studyId)}`);
      }
    });
    this.cache.dropStudy(studyId);
    this.paramDists.delete(studyId);
  }

  private async setStudyAttr(table: string, studyId: number, key: string, value: unknown): Promise<void> {
    const json = attrJson(key, value);
    const k = this.q('key');
    await this.driver.transaction(async (tx) => {
      await this.requireStudy(tx, studyId);
      await tx.all(
        `INSERT INTO ${table} (study_id, ${k}, value_json) VALUES (?, ?, ?) ON CONFLICT (study_id, ${k}) DO UPDATE SET value_json = excluded.value_json`,
        [studyId, key, json],
      );
    });
  }

  async setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void> {
    await this.setStudyAttr('study_user_attributes', studyId, key, value);
  }

  async setStudySystemAttr(studyId: number, key: string, value: unknown): Promise<void> {
    await this.setStudyAttr('study_system_attributes', studyId, key, value);
  }

  async getStudyIdFromName(studyName: string): Promise<number> {
    const [row] = await this.driver.all('SELECT study_id FROM studies WHERE study_name = ?', [studyName]);
    if (row === undefined) throw new StorageError(`no study named '${studyName}' in ${this.driver.label}`, 'STUDY_NOT_FOUND');
    return Number(row.study_id);
  }

  async getStudyNameFromId(studyId: number): Promise<string> {
    const [row] = await this.driver.all('SELECT study_name FROM studies WHERE study_id = ?', [studyId]);
    if (row === undefined) throw new StorageError(`no study with id ${studyId} in ${this.driver.label}`, 'STUDY_NOT_FOUND');
    return String(row.study_name);
  }

  async getStudyDirections(studyId: number): Promise<StudyDirection[]> {
    const rows = await this.driver.all('SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective', [studyId]);
    if (rows.length === 0) await this.requireStudy(this.driver, studyId);
    return rows.map((r) => String(r.direction) as StudyDirection);
  }

  private async studyAttrs(table: string, studyId: number): Promise<Record<string, unknown>> {
    const rows = await this.driver.all(`SELECT ${this.q('key')} AS k, value_json FROM ${table} WHERE study_id = ?`, [studyId]);
    if (rows.length === 0) await this.requireStudy(this.driver, studyId);
    const out: Record<string, unknown> = {};
    for (const r of rows) out[String(r.k)] = JSON.parse(String(r.value_json));
    return out;
  }

  async getStudyUserAttrs(studyId: number): Promise<Record<string, unknown>> {
    return this.studyAttrs('study_user_attributes', studyId);
  }

  async getStudySystemAttrs(studyId: number): Promise<Record<string, unknown>> {
    return this.studyAttrs('study_system_attributes', studyId);
  }

  async getAllStudies(): Promise<StudySummary[]> {
    const d = this.driver;
    const [studies, dirs, ua, sa, counts] = await Promise.all([
      d.all('SELECT study_id, study_name FROM studies ORDER BY study_id'),
      d.all('SELECT study_id, direction FROM study_directions ORDER BY study_id, objective'),
      d.all(`SELECT study_id, ${this.q('key')} AS k, value_json FROM study_user_attributes`),
      d.all(`SELECT study_id, ${this.q('key')} AS k, value_json FROM study_system_attributes`),
      d.all('SELECT study_id, COUNT(*) AS n, MIN(datetime_start) AS s FROM trials GROUP BY study_id'),
    ]);
    const group = <T>(rows: SqlRow[], f: (r: SqlRow) => T): Map<number, T[]> => {
      const m = new Map<number, T[]>();
      for (const r of rows) {
        const id = Number(r.study_id);
        const list = m.get(id) ?? [];
        list.push(f(r));
        m.set(id, list);
      }
      return m;
    };
    const dirBy = group(dirs, (r) => String(r.direction) as StudyDirection);
    const uaBy = group(ua, (r) => [String(r.k), JSON.parse(String(r.value_json)) as unknown] as const);
    const saBy = group(sa, (r) => [String(r.k), JSON.parse(String(r.value_json)) as unknown] as const);
    const cnt = new Map(counts.map((r) => [Number(r.study_id), r]));
    return studies.map((s) => {
      const id = Number(s.study_id);
      const c = cnt.get(id);
      return {
        studyId: id,
        studyName: String(s.study_name),
        directions: dirBy.get(id) ?? [],
        userAttrs: Object.fromEntries(uaBy.get(id) ?? []),
        systemAttrs: Object.fromEntries(saBy.get(id) ?? []),
        nTrials: c === undefined ? 0 : Number(c.n),
        datetimeStart: c === undefined ? null : parseDatetime(c.s),
      };
    });
  }

  // ---------------------------------------------------------------- trials (writes)

  /** Checks `d` against the study's earlier distribution of `name` (Optuna's compatibility rule). */
  private async checkParam(x: SqlExecutor, studyId: number, name: string, d: Distribution): Promise<void> {
    let m = this.paramDists.get(studyId);
    if (m === undefined) {
      m = new Map();
      this.paramDists.set(studyId, m);
    }
    let prev = m.get(name);
    if (prev === undefined) {
      const [row] = await x.all(
        'SELECT p.distribution_json FROM trial_params p JOIN trials t ON t.trial_id = p.trial_id WHERE t.study_id = ? AND p.param_name = ? LIMIT 1',
        [studyId, name],
      );
      if (row !== undefined) prev = this.cache.distribution(String(row.distribution_json));
    }
    if (prev !== undefined) {
      try {
        checkDistributionCompatibility(name, prev, d);
      } catch (e) {
        wrapTunerError(e);
      }
    }
    if (!m.has(name)) m.set(name, prev ?? d);
  }

  async createNewTrial(studyId: number, template?: TrialTemplate): Promise<number> {
    const state = template?.state ?? 'RUNNING';
    const now = new Date();
    const start = template?.datetimeStart !== undefined ? template.datetimeStart : state === 'WAITING' ? null : now;
    const complete = template?.datetimeComplete !== undefined ? template.datetimeComplete : isFinished(state) ? now : null;
    const params = Object.entries(template?.params ?? {});
    for (const [name] of params) {
      if (template?.distributions?.[name] === undefined) throw new StorageError(`createNewTrial: param '${name}' has no distribution`, 'BAD_TRIAL');
    }
    const ua = Object.entries(template?.userAttrs ?? {}).map(([k, v]) => [k, attrJson(k, v)] as const);
    const sa = Object.entries(template?.systemAttrs ?? {}).map(([k, v]) => [k, attrJson(k, v)] as const);
    return this.driver.transaction(async (tx) => {
      await this.requireStudy(tx, studyId, true);
      for (const [name] of params) await this.checkParam(tx, studyId, name, template?.distributions?.[name] as Distribution);
      const [nrow] = await tx.all('SELECT COALESCE(MAX(number), -1) + 1 AS n FROM trials WHERE study_id = ?', [studyId]);
      const [row] = await tx.all(
        'INSERT INTO trials (number, study_id, state, datetime_start, datetime_complete) VALUES (?, ?, ?, ?, ?) RETURNING trial_id',
        [Number(nrow?.n), studyId, state, start === null ? null : formatDatetime(start), complete === null ? null : formatDatetime(complete)],
      );
      const id = Number(row?.trial_id);
      for (const [name, x] of params) {
        const d = template?.distributions?.[name] as Distribution;
        await tx.all('INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?)', [
          id,
          name,
          x,
          distributionToJson(d),
        ]);
      }
      if (template?.values != null) await this.writeValues(tx, id, template.values);
      for (const [step, v] of template?.intermediateValues ?? []) await this.writeIntermediate(tx, id, step, v);
      const k = this.q('key');
      for (const [key, json] of ua) await tx.all(`INSERT INTO trial_user_attributes (trial_id, ${k}, value_json) VALUES (?, ?, ?)`, [id, key, json]);
      for (const [key, json] of sa) await tx.all(`INSERT INTO trial_system_attributes (trial_id, ${k}, value_json) VALUES (?, ?, ?)`, [id, key, json]);
      return id;
    });
  }

  private async writeValues(tx: SqlExecutor, trialId: number, values: readonly number[]): Promise<void> {
    for (let i = 0; i < values.length; i++) {
      const e = encodeValue(values[i]);
      if (e.type === 'NAN') throw new StorageError(`trial ${trialId}: objective value ${i} is NaN; a trial value must be a number`, 'BAD_VALUE');
      await tx.all('INSERT INTO trial_values (trial_id, objective, value, value_type) VALUES (?, ?, ?, ?)', [trialId, i, e.value, e.type]);
    }
  }

  private async writeIntermediate(tx: SqlExecutor, trialId: number, step: number, value: number): Promise<void> {
    const e = encodeValue(value);
    await tx.all(
      'INSERT INTO trial_intermediate_values (trial_id, step, intermediate_value, intermediate_value_type) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (trial_id, step) DO UPDATE SET intermediate_value = excluded.intermediate_value, intermediate_value_type = excluded.intermediate_value_type',
      [trialId, step, e.value, e.type],
    );
  }

  /** Reads (and on PostgreSQL locks) a trial row; throws for an unknown trial, and for a finished one when `writable`. */
  private async lockTrial(tx: SqlExecutor, trialId: number, writable: boolean): Promise<{ state: TrialState; studyId: number; number: number }> {
    const [row] = await tx.all(`SELECT state, study_id, number FROM trials WHERE trial_id = ?${this.driver.forUpdate}`, [trialId]);
    if (row === undefined) throw new StorageError(`no trial with id ${trialId} in ${this.driver.label}`, 'TRIAL_NOT_FOUND');
    const state = String(row.state) as TrialState;
    if (writable && isFinished(state)) {
      throw new StorageError(
        `trial ${Number(row.number)} (id ${trialId}) is already finished with state ${state}; a finished trial cannot be changed`,
        'UPDATE_FINISHED_TRIAL',
      );
    }
    return { state, studyId: Number(row.study_id), number: Number(row.number) };
  }

  async setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): Promise<void> {
    const json = distributionToJson(distribution);
    await this.driver.transaction(async (tx) => {
      const t = await this.lockTrial(tx, trialId, true);
      await this.checkParam(tx, t.studyId, paramName, distribution);
      await tx.all(
        'INSERT INTO trial_params (trial_id, param_name, param_value, distribution_json) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (trial_id, param_name) DO UPDATE SET param_value = excluded.param_value, distribution_json = excluded.distribution_json',
        [trialId, paramName, internalValue, json],
      );
    });
  }

  async getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): Promise<number> {
    const cached = this.cache.study(studyId).trials[trialNumber];
    if (cached !== undefined) return cached.trialId;
    const [row] = await this.driver.all('SELECT trial_id FROM trials WHERE study_id = ? AND number = ?', [studyId, trialNumber]);
    if (row === undefined) throw new StorageError(`study ${studyId} has no trial number ${trialNumber} in ${this.driver.label}`, 'TRIAL_NOT_FOUND');
    return Number(row.trial_id);
  }

  async setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean> {
    return this.driver.transaction(async (tx) => {
      const t = await this.lockTrial(tx, trialId, true);
      if (state === 'RUNNING' && t.state !== 'WAITING') return false;
      const now = formatDatetime(new Date());
      if (state === 'RUNNING') {
        await tx.all('UPDATE trials SET state = ?, datetime_start = ? WHERE trial_id = ?', [state, now, trialId]);
      } else if (isFinished(state)) {
        await tx.all('UPDATE trials SET state = ?, datetime_complete = ? WHERE trial_id = ?', [state, now, trialId]);
      } else {
        await tx.all('UPDATE trials SET state = ? WHERE trial_id = ?', [state, trialId]);
      }
      if (values !== undefined) {
        await tx.all('DELETE FROM trial_values WHERE trial_id = ?', [trialId]);
        if (values !== null) await this.writeValues(tx, trialId, values);
      }
      return true;
    });
  }

  async setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void> {
    await this.driver.transaction(async (tx) => {
      await this.lockTrial(tx, trialId, true);
      await this.writeIntermediate(tx, trialId, step, value);
    });
  }

  async setTrialIntermediateValues(trialId: number, entries: readonly (readonly [number, number])[]): Promise<void> {
    await this.driver.transaction(async (tx) => {
      await this.lockTrial(tx, trialId, true);
      for (const [step, value] of entries) await this.writeIntermediate(tx, trialId, step, value);
    });
  }

  private async setTrialAttr(table: string, trialId: number, key: string, value: unknown): Promise<void> {
    const json = attrJson(key, value);
    const k = this.q('key');
    await this.driver.transaction(async (tx) => {
      await this.lockTrial(tx, trialId, true);
      await tx.all(
        `INSERT INTO ${table} (trial_id, ${k}, value_json) VALUES (?, ?, ?) ON CONFLICT (trial_id, ${k}) DO UPDATE SET value_json = excluded.value_json`,
        [trialId, key, json],
      );
    });
  }

  async setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void> {
    await this.setTrialAttr('trial_user_attributes', trialId, key, value);
  }

  async setTrialSystemAttr(trialId: number, key: string, value: unknown): Promise<void> {
    await this.setTrialAttr('trial_system_attributes', trialId, key, value);
  }

  // ---------------------------------------------------------------- trials (reads)

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const hit = this.cache.finishedById.get(trialId);
    if (hit !== undefined) return hit;
    const [t] = this.cache.build(await this.reader.fetchRows('t.trial_id = ?', [trialId], 'c.trial_id = ?', [trialId], [trialId]));
    if (t === undefined) throw new StorageError(`no trial with id ${trialId} in ${this.driver.label}`, 'TRIAL_NOT_FOUND');
    return t;
  }

  async getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]> {
    const [, all] = await Promise.all([this.requireStudy(this.driver, studyId), this.reader.sync(studyId)]);
    const states = options?.states;
    if (states === undefined) return all.slice();
    if (states.length === 0) return [];
    const keep = new Set(states);
    if (!keep.has('COMPLETE') && !keep.has('PRUNED') && !keep.has('FAIL')) {
      // only unfinished states: look at the unfinished trials only
      const out: FrozenTrial[] = [];
      for (const num of this.cache.study(studyId).unfinished.values()) {
        const t = all[num];
        if (t !== undefined && keep.has(t.state)) out.push(t);
      }
      return out.sort((a, b) => a.number - b.number);
    }
    const out: FrozenTrial[] = [];
    for (let i = 0; i < all.length; i++) {
      const t = all[i];
      if (keep.has(t.state)) out.push(t);
    }
    return out;
  }

  async getNTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<number> {
    return (await this.getAllTrials(studyId, options)).length;
  }

  // ---------------------------------------------------------------- heartbeats

  /** Records that a trial's worker is alive (the database's clock), as Optuna's `record_heartbeat`. */
  async recordHeartbeat(trialId: number): Promise<void> {
    const now = this.driver.dialect === 'postgres' ? 'LOCALTIMESTAMP' : 'CURRENT_TIMESTAMP';
    await this.driver.transaction(async (tx) => {
      await this.lockTrial(tx, trialId, false);
      await tx.all(
        `INSERT INTO trial_heartbeats (trial_id, heartbeat) VALUES (?, ${now}) ON CONFLICT (trial_id) DO UPDATE SET heartbeat = excluded.heartbeat`,
        [trialId],
      );
    });
  }

  /** Ids of the study's RUNNING trials whose last heartbeat is older than `graceSeconds`. */
  async getStaleTrialIds(studyId: number, graceSeconds: number): Promise<number[]> {
    const limit =
      this.driver.dialect === 'postgres'
        ? "LOCALTIMESTAMP - (? * INTERVAL '1 second')"
        : "datetime('now', '-' || CAST(? AS TEXT) || ' seconds')";
    const rows = await this.driver.all(
      `SELECT t.trial_id FROM trials t JOIN trial_heartbeats h ON h.trial_id = t.trial_id WHERE t.study_id = ? AND t.state = 'RUNNING' AND h.heartbeat < ${limit} ORDER BY t.trial_id`,
      [studyId, graceSeconds],
    );
    return rows.map((r) => Number(r.trial_id));
  }

  /**
   * See `Storage.changeToken`. SQLite: `PRAGMA data_version` (changes when another connection
   * commits) and `total_changes()` (the rows changed through this process's connection, which the
   * storages of one process share). PostgreSQL: the transaction snapshot (`txid_current_snapshot()`,
   * which moves when any write transaction of the server starts or ends; this read takes none).
   * No trial row is read either way.
   */
  async changeToken(): Promise<string> {
    if (this.driver.dialect === 'sqlite') {
      const [v] = await this.driver.all('PRAGMA data_version');
      const [c] = await this.driver.all('SELECT total_changes() AS c');
      return `${String(v?.data_version)}:${String(c?.c)}`;
    }
    const [row] = await this.driver.all('SELECT txid_current_snapshot()::text AS s');
    return String(row?.s);
  }

  private closed = false;

  /** Releases the connection (idempotent; a SQLite connection shared in-process closes with its last user). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close();
  }
}

