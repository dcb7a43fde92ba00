/**
 * The in-process trial cache of the RDB storage. Finished trials never change (the storage
 * refuses writes to them), so once read they are kept; a later read of a study fetches only the
 * trials created since (`trial_id` above the highest one seen) and the ones still unfinished.
 * Reading a 50,000-trial study a second time costs a few indexed queries instead of 50,000 rows.
 *
 * Rows of the six trial tables are assembled into {@link FrozenTrial} snapshots here; parsed
 * distributions are shared between trials with the same `distribution_json`.
 *
 * @example
 * ```ts
 * const cache = new TrialCache();
 * const trials = cache.study(1).trials; // snapshots in number order
 * ```
 */
import { distributionFromJson, type Distribution } from '../../distributions.js';
import { freezeTrial } from '../../trial/create-trial.js';
import { isFinished, type FrozenTrial, type TrialState } from '../../trial/frozen-trial.js';
import { decodeValue, parseDatetime } from './codec.js';
import type { SqlRow } from './driver.js';

/** The rows of one fetch: trial rows plus the child rows of those trials. */
export interface TrialRows {
  trials: SqlRow[];
  params: SqlRow[];
  values: SqlRow[];
  intermediate: SqlRow[];
  userAttrs: SqlRow[];
  systemAttrs: SqlRow[];
}

/** One study's cached trials. */
export interface StudyTrials {
  /** Latest snapshots in number order (finished ones are final). */
  trials: FrozenTrial[];
  /** The highest trial id read for this study. */
  maxTrialId: number;
  /** Trials read while RUNNING or WAITING (refetched on every read): id → number. */
  unfinished: Map<number, number>;
}

interface Building {
  row: SqlRow;
  params: [string, number][];
  dists: Map<string, Distribution>;
  values: [number, number][];
  iv: [number, number][];
  ua: [string, unknown][];
  sa: [string, unknown][];
}

function deepFreeze(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v as object)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** See the module comment. */
export class TrialCache {
  private readonly studies = new Map<number, StudyTrials>();
  /** Finished trials of every study, by id. */
  readonly finishedById = new Map<number, FrozenTrial>();
  private readonly distCache = new Map<string, Distribution>();

  /** The cached state of a study (created empty on first use). */
  study(studyId: number): StudyTrials {
    let s = this.studies.get(studyId);
    if (s === undefined) {
      s = { trials: [], maxTrialId: 0, unfinished: new Map() };
      this.studies.set(studyId, s);
    }
    return s;
  }

  /** Forgets a study (deleted, or found inconsistent with the database). */
  dropStudy(studyId: number): void {
    const s = this.studies.get(studyId);
    if (s === undefined) return;
    for (const t of s.trials) this.finishedById.delete(t.trialId);
    this.studies.delete(studyId);
  }

  /** Parses a `distribution_json`, sharing the result between equal texts. */
  distribution(json: string): Distribution {
    let d = this.distCache.get(json);
    if (d === undefined) {
      d = distributionFromJson(json);
      this.distCache.set(json, d);
    }
    return d;
  }

  /** Builds snapshots from fetched rows, in the order of `rows.trials`. */
  build(rows: TrialRows): FrozenTrial[] {
    const byId = new Map<number, Building>();
    const order: Building[] = [];
    for (const row of rows.trials) {
      const b: Building = { row, params: [], dists: new Map(), values: [], iv: [], ua: [], sa: [] };
      byId.set(Number(row.trial_id), b);
      order.push(b);
    }
    for (const r of rows.params) {
      const b = byId.get(Number(r.trial_id));
      if (b === undefined) continue;
      const name = String(r.param_name);
      b.params.push([name, Number(r.param_value)]);
      b.dists.set(name, this.distribution(String(r.distribution_json)));
    }
    for (const r of rows.values) {
      const b = byId.get(Number(r.trial_id));
      if (b !== undefined) b.values.push([Number(r.objective), decodeValue(r.value, r.value_type)]);
    }
    for (const r of rows.intermediate) {
      const b = byId.get(Number(r.trial_id));
      if (b !== undefined) b.iv.push([Number(r.step), decodeValue(r.intermediate_value, r.intermediate_value_type)]);
    }
    for (const r of rows.userAttrs) {
      const b = byId.get(Number(r.trial_id));
      if (b !== undefined) b.ua.push([String(r.attr_key), deepFreeze(JSON.parse(String(r.value_json)))]);
    }
    for (const r of rows.systemAttrs) {
      const b = byId.get(Number(r.trial_id));
      if (b !== undefined) b.sa.push([String(r.attr_key), deepFreeze(JSON.parse(String(r.value_json)))]);
    }
    const out = new Array<FrozenTrial>(order.length);
    for (let i = 0; i < order.length; i++) {
      const b = order[i] as Building;
      let values: number[] | null = null;
      if (b.values.length > 0) {
        b.values.sort((p, q) => p[0] - q[0]);
        values = new Array<number>(b.values.length);
        for (let k = 0; k < b.values.length; k++) values[k] = (b.values[k] as [number, number])[1];
      }
      const state = String(b.row.state) as TrialState;
      const t = freezeTrial({
        number: Number(b.row.number),
        trialId: Number(b.row.trial_id),
        state,
        values,
        datetimeStart: parseDatetime(b.row.datetime_start),
        datetimeComplete: parseDatetime(b.row.datetime_complete),
        params: b.params,
        distributions: b.dists,
        userAttrs: b.ua,
        systemAttrs: b.sa,
        intermediateValues: b.iv,
      });
      if (isFinished(state)) this.finishedById.set(t.trialId, t);
      out[i] = t;
    }
    return out;
  }

  /**
   * Merges freshly read trials of a study into its cache. Returns false (and drops the study's
   * cache) when they do not fit: a new trial whose number is not the next one means the study was
   * deleted and recreated under the same id by another process; the caller then reads it in full.
   */
  merge(studyId: number, fresh: readonly FrozenTrial[]): boolean {
    const s = this.study(studyId);
    const sorted = [...fresh].sort((a, b) => a.number - b.number);
    for (const t of sorted) {
      if (t.number < s.trials.length) {
        const old = s.trials[t.number] as FrozenTrial;
        if (old.trialId !== t.trialId) {
          this.dropStudy(studyId);
          return false;
        }
        s.trials[t.number] = t;
      } else if (t.number === s.trials.length) {
        s.trials.push(t);
      } else {
        this.dropStudy(studyId);
        return false;
      }
      if (t.trialId > s.maxTrialId) s.maxTrialId = t.trialId;
      if (isFinished(t.state)) s.unfinished.delete(t.trialId);
      else s.unfinished.set(t.trialId, t.number);
    }
    return true;
  }
}
