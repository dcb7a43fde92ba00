/**
 * The read path of the RDB storage: brings a study's cached trials up to date with the few
 * queries that fetch only the trials created since the last read and the ones still unfinished,
 * and reads single trials. Rows come back id-ordered and are turned into snapshots by
 * `TrialCache.build`.
 *
 * @example
 * ```ts
 * const reader = new TrialReader(driver, new TrialCache());
 * const trials = await reader.sync(studyId); // snapshots in number order
 * ```
 */
import type { FrozenTrial } from '../../trial/frozen-trial.js';
import type { TrialCache, TrialRows } from './cache.js';
import type { SqlDriver, SqlValue } from './driver.js';

const TRIAL_COLS = 'trial_id, number, state, datetime_start, datetime_complete';
/** Unfinished trial ids read per query. */
const ID_CHUNK = 500;

/** See the module comment. */
export class TrialReader {
  private readonly driver: SqlDriver;
  private readonly cache: TrialCache;

  constructor(driver: SqlDriver, cache: TrialCache) {
    this.driver = driver;
    this.cache = cache;
  }

  private q(col: string): string {
    return this.driver.dialect === 'postgres' ? col : `"${col}"`;
  }

  /**
   * Reads trial rows (`where` over alias `t`, ordered by id) and the rows of their child tables.
   * SQLite reads the children by id alone (`c.trial_id BETWEEN` the first and last id read, or
   * `IN` the ids): no join, and the merge walk in `TrialCache.build` skips rows of other studies'
   * trials. PostgreSQL joins `trials` with `childWhere` (over child alias `c` and `t`).
   */
  async fetchRows(
    where: string,
    params: readonly SqlValue[],
    childWhere: string,
    childParams: readonly SqlValue[],
    byIds: readonly number[] | null = null,
  ): Promise<TrialRows> {
    const d = this.driver;
    // trial rows first: children read later are at least as new, and a trial whose row is not
    // yet finished is read again next time
    const trials = await d.rows(`SELECT ${TRIAL_COLS} FROM trials t WHERE ${where} ORDER BY t.trial_id`, params);
    if (trials.length === 0) return { trials, params: [], values: [], intermediate: [], userAttrs: [], systemAttrs: [] };
    let child: (table: string, cols: string) => Promise<unknown[][]>;
    if (d.dialect === 'sqlite') {
      let filter: string;
      let fp: readonly SqlValue[];
      if (byIds !== null) {
        filter = `c.trial_id IN (${byIds.map(() => '?').join(', ')})`;
        fp = byIds;
      } else {
        filter = 'c.trial_id BETWEEN ? AND ?';
        fp = [Number(trials[0][0]), Number(trials[trials.length - 1][0])];
      }
      child = (table, cols) => d.rows(`SELECT c.trial_id, ${cols} FROM ${table} c WHERE ${filter} ORDER BY c.trial_id`, fp);
    } else {
      return { trials, ...(await this.pgChildren(childWhere, childParams)) };
    }
    const k = `c.${this.q('key')}, c.value_json`;
    const [p, v, iv, u, s] = await Promise.all([
      child('trial_params', 'c.param_name, c.param_value, c.distribution_json'),
      child('trial_values', 'c.objective, c.value, c.value_type'),
      child('trial_intermediate_values', 'c.step, c.intermediate_value, c.intermediate_value_type'),
      child('trial_user_attributes', k),
      child('trial_system_attributes', k),
    ]);
    return { trials, params: p, values: v, intermediate: iv, userAttrs: u, systemAttrs: s };
  }

  /**
   * PostgreSQL: the five child tables in one round trip (a UNION ALL over a common column layout
   * `kind, trial_id, s1 text, n1 float8, n2 float8, s2 text`), split back into the row lists.
   */
  private async pgChildren(childWhere: string, childParams: readonly SqlValue[]): Promise<Omit<TrialRows, 'trials'>> {
    const from = (table: string): string => `FROM ${table} c JOIN trials t ON t.trial_id = c.trial_id WHERE ${childWhere}`;
    const parts = [
      `SELECT 0 AS kind, c.trial_id, c.param_name::text AS s1, c.param_value AS n1, NULL::float8 AS n2, c.distribution_json AS s2 ${from('trial_params')}`,
      `SELECT 1, c.trial_id, c.value_type::text, c.objective::float8, c.value, NULL::text ${from('trial_values')}`,
      `SELECT 2, c.trial_id, c.intermediate_value_type::text, c.step::float8, c.intermediate_value, NULL::text ${from('trial_intermediate_values')}`,
      `SELECT 3, c.trial_id, c.key::text, NULL::float8, NULL::float8, c.value_json ${from('trial_user_attributes')}`,
      `SELECT 4, c.trial_id, c.key::text, NULL::float8, NULL::float8, c.value_json ${from('trial_system_attributes')}`,
    ];
    const all = await this.driver.rows(`${parts.join(' UNION ALL ')} ORDER BY 2, 1`, [
      ...childParams,
      ...childParams,
      ...childParams,
      ...childParams,
      ...childParams,
    ]);
    const out: Omit<TrialRows, 'trials'> = { params: [], values: [], intermediate: [], userAttrs: [], systemAttrs: [] };
    for (const r of all) {
      switch (Number(r[0])) {
        case 0:
          out.params.push([r[1], r[2], r[3], r[5]]);
          break;
        case 1:
          out.values.push([r[1], r[3], r[4], r[2]]);
          break;
        case 2:
          out.intermediate.push([r[1], r[3], r[4], r[2]]);
          break;
        case 3:
          out.userAttrs.push([r[1], r[2], r[5]]);
          break;
        default:
          out.systemAttrs.push([r[1], r[2], r[5]]);
      }
    }
    return out;
  }

  /**
   * Brings a study's cache up to date: the trials created since the last read and the ones still
   * unfinished (in chunks of {@link ID_CHUNK} ids).
   */
  async sync(studyId: number): Promise<FrozenTrial[]> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const s = this.cache.study(studyId);
      const fresh: FrozenTrial[] = [];
      const ids = [...s.unfinished.keys()];
      // PostgreSQL: one set of queries for both (round trips dominate); SQLite: separate queries,
      // as its planner scans the whole table for `trial_id > ? OR trial_id IN (...)`
      const combined = this.driver.dialect === 'postgres' ? ID_CHUNK : 0;
      const first = ids.slice(0, combined);
      const marks = first.map(() => '?').join(', ');
      // `+t.study_id` keeps SQLite off the (study_id, number) index: the trial_id range is the selective part
      const rows =
        first.length === 0
          ? await this.fetchRows('+t.study_id = ? AND t.trial_id > ?', [studyId, s.maxTrialId], 'c.trial_id > ? AND +t.study_id = ?', [
              s.maxTrialId,
              studyId,
            ])
          : await this.fetchRows(
              `+t.study_id = ? AND (t.trial_id > ? OR t.trial_id IN (${marks}))`,
              [studyId, s.maxTrialId, ...first],
              `(c.trial_id > ? OR c.trial_id IN (${marks})) AND +t.study_id = ?`,
              [s.maxTrialId, ...first, studyId],
            );
      for (const t of this.cache.build(rows)) fresh.push(t);
      for (let i = first.length; i < ids.length; i += ID_CHUNK) {
        const chunk = ids.slice(i, i + ID_CHUNK);
        const m = chunk.map(() => '?').join(', ');
        for (const t of this.cache.build(await this.fetchRows(`t.trial_id IN (${m})`, chunk, `c.trial_id IN (${m})`, chunk, chunk))) fresh.push(t);
      }
      if (this.cache.merge(studyId, fresh)) return s.trials;
    }
    return this.cache.study(studyId).trials;
  }
}
