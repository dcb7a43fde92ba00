/**
 * The in-process trial cache of the RDB storage. Finished trials never change (the storage
 * refuses writes to them), so once read they are kept; a later read of a study fetches only the
 * trials created since (`trial_id` above the highest one seen) and the ones still unfinished.
 * Reading a 50,000-trial study a second time costs a few indexed queries instead of 50,000 rows.
 *
 * Rows of the six trial tables are assembled into {@link FrozenTrial} snapshots here (the same
 * shape `freezeTrial` builds); parsed distributions are shared between trials with the same
 * `distribution_json`.
 *
 * @example
 * ```ts
 * const cache = new TrialCache();
 * const trials = cache.study(1).trials; // snapshots in number order
 * ```
 */
import { distributionFromJson, type Distribution, type ParamValue } from '../../distributions.js';
import { isFinished, singleValue, type FrozenTrial, type TrialState } from '../../trial/frozen-trial.js';
import { decodeValue, parseDatetime } from './codec.js';

/**
 * The rows of one fetch, as column arrays, every list ordered by trial id:
 * trials `[trial_id, number, state, datetime_start, datetime_complete]`,
 * params `[trial_id, param_name, param_value, distribution_json]`,
 * values `[trial_id, objective, value, value_type]`, intermediate `[trial_id, step, value, type]`,
 * attrs `[trial_id, key, value_json]`.
 */
export interface TrialRows {
  trials: unknown[][];
  params: unknown[][];
  values: unknown[][];
  intermediate: unknown[][];
  userAttrs: unknown[][];
  systemAttrs: unknown[][];
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

/** The shared empty attribute record (frozen) of trials without attributes. */
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

function deepFreeze(v: unknown): unknown {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
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

  /**
   * Builds snapshots from fetched rows, in the order of `rows.trials`: one merge walk over the
   * id-ordered lists (no per-trial temporary structures; 50,000 trials is a bulk path).
   */
  build(rows: TrialRows): FrozenTrial[] {
    const T = rows.trials;
    const P = rows.params;
    const V = rows.values;
    const I = rows.intermediate;
    const U = rows.userAttrs;
    const S = rows.systemAttrs;
    let pi = 0;
    let vi = 0;
    let ii = 0;
    let ui = 0;
    let si = 0;
    const out = new Array<FrozenTrial>(T.length);
    for (let r = 0; r < T.length; r++) {
      const row = T[r];
      const id = Number(row[0]);
      // children of trials not in T (created after T was read) are skipped
      while (pi < P.length && Number(P[pi][0]) < id) pi++;
      while (vi < V.length && Number(V[vi][0]) < id) vi++;
      while (ii < I.length && Number(I[ii][0]) < id) ii++;
      while (ui < U.length && Number(U[ui][0]) < id) ui++;
      while (si < S.length && Number(S[si][0]) < id) si++;
      const params: Record<string, ParamValue> = {};
      const dists: Record<string, Distribution> = {};
      for (; pi < P.length && Number(P[pi][0]) === id; pi++) {
        const p = P[pi];
        const name = String(p[1]);
        const d = this.distribution(String(p[3]));
        dists[name] = d;
        params[name] = d.toExternal(Number(p[2]));
      }
      let values: number[] | null = null;
      for (; vi < V.length && Number(V[vi][0]) === id; vi++) {
        const v = V[vi];
        (values ??= [])[Number(v[1])] = decodeValue(v[2], v[3]);
      }
      const iv = new Map<number, number>();
      for (; ii < I.length && Number(I[ii][0]) === id; ii++) {
        const v = I[ii];
        iv.set(Number(v[1]), decodeValue(v[2], v[3]));
      }
      const ua: Record<string, unknown> = {};
      const ui0 = ui;
      for (; ui < U.length && Number(U[ui][0]) === id; ui++) {
        const v = U[ui];
        ua[String(v[1])] = deepFreeze(JSON.parse(String(v[2])));
      }
      const sa: Record<string, unknown> = {};
      const si0 = si;
      for (; si < S.length && Number(S[si][0]) === id; si++) {
        const v = S[si];
        sa[String(v[1])] = deepFreeze(JSON.parse(String(v[2])));
      }
      const state = String(row[2]) as TrialState;
      const t: FrozenTrial = Object.freeze({
        number: Number(row[1]),
        trialId: id,
        state,
        values: values === null ? null : Object.freeze(values),
        value: singleValue(values),
        datetimeStart: parseDatetime(row[3]),
        datetimeComplete: parseDatetime(row[4]),
        params: Object.freeze(params),
        distributions: Object.freeze(dists),
        userAttrs: ui0 === ui ? EMPTY : Object.freeze(ua),
        systemAttrs: si0 === si ? EMPTY : Object.freeze(sa),
        intermediateValues: iv as ReadonlyMap<number, number>,
      });
      if (isFinished(state)) this.finishedById.set(id, t);
      out[r] = t;
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
        const old = s.trials[t.number];
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
