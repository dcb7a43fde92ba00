/**
 * A study: one optimization task over a storage (Optuna's `optuna.study.Study`). Made by
 * `createStudy` / `loadStudy`. Its getters (`trials`, `bestTrial`, `bestValue`, ...) read the
 * latest snapshot, refreshed on every `ask`/`tell` and by `await study.refresh()`.
 *
 * @example
 * ```ts
 * const study = await createStudy({ direction: 'minimize', sampler: new RandomSampler({ seed: 1 }) });
 * await study.optimize((t) => (t.suggestFloat('x', -10, 10) - 2) ** 2, { nTrials: 50 });
 * console.log(study.bestValue, study.bestParams);
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { HeartbeatSettings } from '../heartbeat.js';
import { paretoFrontTrials } from '../multi-objective.js';
import type { Pruner } from '../pruners/base.js';
import type { Sampler } from '../samplers/base.js';
import type { Storage } from '../storages/base.js';
import { storedAttrValue } from '../storages/memory.js';
import { createTrial, validateTrial } from '../trial/create-trial.js';
import { isFinished, type FrozenTrial, type StudyDirection, type TrialState } from '../trial/frozen-trial.js';
import { trialTemplate } from '../trial/trial-template.js';
import { Trial } from '../trial/trial.js';
import { optimizeStudy, type ObjectiveValue, type OptimizeHost, type OptimizeLoopOptions } from './optimize.js';
import { tellTrial, type TellHost, type TellOutcome } from './tell.js';
import { trialsDataframe, trialsToCsv, type TrialsDataframe, type TrialsDataframeOptions } from './trials-csv.js';
import type { StudyView } from './study-view.js';
import { WriteQueue } from './write-queue.js';

/** Optuna's study system attribute holding the metric names. */
const METRIC_NAMES_KEY = 'study:metric_names';

/** Options of {@link Study.tell}. */
export interface TellOptions {
  /** The state to set: COMPLETE (with values), PRUNED or FAIL (without). Default: COMPLETE when the values are valid, else FAIL with a warning. */
  state?: TrialState;
  /** Return the trial unchanged (no error) when it is already finished. Default false. */
  skipIfFinished?: boolean;
}

/**
 * An objective for {@link Study.optimize}: the trial in, a value (or one per objective) out,
 * synchronously or not. `trial.study` is the study.
 *
 * @example
 * ```ts
 * const objective: Objective = (trial) => (trial.suggestFloat('x', -10, 10) - 2) ** 2;
 * ```
 */
export type Objective = (trial: Trial<Study>) => ObjectiveValue | Promise<ObjectiveValue>;

/**
 * Called by {@link Study.optimize} after each finished trial with the study and the trial (may be async).
 *
 * @example
 * ```ts
 * const stopAtZero: OptimizeCallback = (study, trial) => { if (trial.value === 0) study.stop(); };
 * ```
 */
export type OptimizeCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;

/** Options of {@link Study.optimize} (each documented on {@link OptimizeLoopOptions}). */
export type OptimizeOptions = OptimizeLoopOptions<Study>;

/** Options of {@link Study.enqueueTrial}. */
export interface EnqueueTrialOptions {
  /** User attributes of the enqueued trial. Default `{}`. */
  userAttrs?: Record<string, unknown>;
  /** Do not enqueue when a trial with the same params already exists (or is queued). Default false. */
  skipIfExists?: boolean;
}

/** A study's view for samplers and pruners: the snapshot plus this process's running trials, up to date. */
class LiveView implements StudyView {
  constructor(private readonly study: Study) {}
  get studyName(): string {
    return this.study.studyName;
  }
  get studyId(): number {
    return this.study.studyId;
  }
  get directions(): readonly StudyDirection[] {
    return this.study.directions;
  }
  get userAttrs(): Readonly<Record<string, unknown>> {
    return this.study.userAttrs;
  }
  get systemAttrs(): Readonly<Record<string, unknown>> {
    return this.study.systemAttrs;
  }
  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
    return this.study._liveTrials(options?.states);
  }
  setSystemAttr(key: string, value: unknown): void {
    this.study._queueSystemAttr(key, value);
  }
  /** Stops the running `optimize` after the running trials finish (GridSampler, BruteForceSampler). */
  stop(): void {
    this.study._stopFlag = true;
  }
}

/** See the module comment. */
export class Study implements TellHost, OptimizeHost<Study> {
  readonly storage: Storage;
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /** The synchronous view samplers and pruners read. */
  readonly view: StudyView;

  private snapshot: readonly FrozenTrial[] = [];
  private userAttrSnap: Readonly<Record<string, unknown>> = Object.freeze({});
  private systemAttrSnap: Record<string, unknown> = {};
  private readonly studyQueue = new WriteQueue();
  /** system attribute writes queued but not yet stored (kept visible across refreshes) */
  private readonly pendingSystemAttrs = new Map<string, unknown>();
  private readonly active = new Map<number, Trial>();
  /** cached results of `_liveTrials`, by states filter; cleared on refresh and when the running trials change */
  private readonly liveCache = new Map<string, readonly FrozenTrial[]>();
  /** @internal Set by `stop()`; read by the optimize loop. */
  _stopFlag = false;
  /** @internal Number of `optimize` calls running. */
  _optimizing = 0;
  /** @internal The heartbeat settings (`setStudyHeartbeat`), null when heartbeats are off. */
  _heartbeat: HeartbeatSettings<Study> | null = null;

  /** @internal Use `createStudy` or `loadStudy`. */
  constructor(args: {
    storage: Storage;
    studyId: number;
    studyName: string;
    directions: readonly StudyDirection[];
    sampler: Sampler;
    pruner: Pruner;
  }) {
    this.storage = args.storage;
    this.studyId = args.studyId;
    this.studyName = args.studyName;
    this.directions = Object.freeze([...args.directions]);
    this.sampler = args.sampler;
    this.pruner = args.pruner;
    this.view = new LiveView(this);
  }

  /** The direction of a single-objective study (throws for several objectives). */
  get direction(): StudyDirection {
    if (this.directions.length !== 1) {
      throw new TunerError(
        `study '${this.studyName}' has ${this.directions.length} objectives; a single direction cannot be retrieved from a multi-objective study, use directions`,
      );
    }
    return this.directions[0];
  }

  /** Every trial of the snapshot, in number order (immutable snapshots). */
  get trials(): readonly FrozenTrial[] {
    return this.snapshot;
  }

  /** The trials of the snapshot in the given states (all when `states` is absent). */
  getTrials({ states }: { states?: readonly TrialState[] } = {}): readonly FrozenTrial[] {
    if (states === undefined) return this.snapshot;
    const set = new Set(states);
    return this.snapshot.filter((t) => set.has(t.state));
  }

  /** The best COMPLETE trial (single objective). Throws when none is complete or with several objectives. */
  get bestTrial(): FrozenTrial {
    if (this.directions.length > 1) {
      throw new TunerError(
        'a single best trial cannot be retrieved from a multi-objective study; use study.bestTrials to get the Pareto front',
      );
    }
    const max = this.directions[0] === 'MAXIMIZE';
    let best: FrozenTrial | null = null;
    for (const t of this.snapshot) {
      if (t.state !== 'COMPLETE' || t.values === null) continue;
      const v = t.values[0];
      if (best === null || (max ? v > (best.values as number[])[0] : v < (best.values as number[])[0])) best = t;
    }
    if (best === null) throw new TunerError(`no trials are completed yet in study '${this.studyName}'`, 'NO_COMPLETED_TRIALS');
    return best;
  }

  /** The best objective value (single objective). */
  get bestValue(): number {
    return (this.bestTrial.values as readonly number[])[0];
  }

  /** The params of the best trial (single objective). */
  get bestParams(): Record<string, ParamValue> {
    return { ...this.bestTrial.params };
  }

  /** The Pareto front: COMPLETE trials that no other COMPLETE trial dominates (any number of objectives). */
  get bestTrials(): FrozenTrial[] {
    return paretoFrontTrials(this.snapshot, this.directions);
  }

  /** The objectives' names set by {@link Study.setMetricNames}, or null (Optuna's `metric_names`). */
  get metricNames(): string[] | null {
    const m = this.systemAttrSnap[METRIC_NAMES_KEY];
    return Array.isArray(m) ? (m as string[]).slice() : null;
  }

  /**
   * Names the objectives (one per direction): `trialsDataframe` then uses them for its value
   * columns (`values_<name>`, or `value_<name>` for a single objective).
   *
   * @example
   * ```ts
   * await study.setMetricNames(['accuracy', 'latency']);
   * ```
   */
  async setMetricNames(names: readonly string[]): Promise<void> {
    if (!Array.isArray(names) || names.length !== this.directions.length || names.some((n) => typeof n !== 'string')) {
      throw new TunerError(
        `setMetricNames: give ${this.directions.length} name(s), one per objective of study '${this.studyName}'; got ${JSON.stringify(names)}`,
      );
    }
    await this.setSystemAttr(METRIC_NAMES_KEY, [...names]);
  }

  /** The study's user attributes (snapshot). */
  get userAttrs(): Readonly<Record<string, unknown>> {
    return this.userAttrSnap;
  }

  /** The study's system attributes (snapshot plus this process's queued writes). */
  get systemAttrs(): Readonly<Record<string, unknown>> {
    return this.systemAttrSnap;
  }

  /** Re-reads the trials and attributes from the storage. */
  async refresh(): Promise<void> {
    await this.studyQueue.settled();
    const [trials, userAttrs, systemAttrs] = await Promise.all([
      this.storage.getAllTrials(this.studyId),
      this.storage.getStudyUserAttrs(this.studyId),
      this.storage.getStudySystemAttrs(this.studyId),
    ]);
    this.liveCache.clear();
    this.snapshot = trials; // not frozen: freezing a long array costs O(n) per refresh; typed readonly
    this.userAttrSnap = Object.freeze(userAttrs);
    this.systemAttrSnap = systemAttrs;
    for (const [k, v] of this.pendingSystemAttrs) this.systemAttrSnap[k] = v;
  }

  /**
   * Creates a trial (or pops an enqueued WAITING one) and returns it, for the ask-and-tell
   * interface. `fixedDistributions` are suggested at once.
   *
   * @example
   * ```ts
   * const trial = await study.ask();
   * const x = trial.suggestFloat('x', 0, 1);
   * await study.tell(trial, x * x);
   * ```
   */
  async ask(fixedDistributions: Record<string, Distribution> = {}): Promise<Trial<this>> {
    let trialId = await this.popWaitingTrialId();
    if (trialId === null) trialId = await this.storage.createNewTrial(this.studyId);
    const [frozen] = await Promise.all([this.storage.getTrial(trialId), this.refresh()]);
    const trial = new Trial(this, frozen);
    this.active.set(trial.number, trial);
    this.liveCache.clear();
    try {
      this.sampler.beforeTrial?.(trial.samplerView(), trial.toSetup());
      for (const name of Object.keys(fixedDistributions)) trial.suggest(name, fixedDistributions[name]);
    } catch (e) {
      // a trial that cannot start must not stay RUNNING forever
      trial.markFinished();
      this.active.delete(trial.number);
      this.liveCache.clear();
      await trial.flush().catch(() => undefined);
      await this.storage.setTrialStateValues(trialId, 'FAIL', null).catch(() => undefined);
      await this.refresh();
      throw e;
    }
    return trial;
  }

  private async popWaitingTrialId(): Promise<number | null> {
    const waiting = await this.storage.getAllTrials(this.studyId, { states: ['WAITING'] });
    for (const t of waiting) {
      try {
        if (await this.storage.setTrialStateValues(t.trialId, 'RUNNING')) {
          log.debug(`trial ${t.number} popped from the trial queue`);
          return t.trialId;
        }
      } catch {
        // finished by another worker meanwhile
      }
    }
    return null;
  }

  /**
   * Finishes a trial: `values` (a number, or one per objective) make it COMPLETE; or give
   * `{ state: 'PRUNED' }` / `{ state: 'FAIL' }` (or that state as the second argument). Waits for
   * the trial's queued writes. Returns the finished trial.
   *
   * @example
   * ```ts
   * await study.tell(trial, 0.25);
   * await study.tell(other, undefined, { state: 'PRUNED' });
   * await study.tell(3, [1.0, 2.5]); // by number, two objectives
   * ```
   */
  async tell(
    trial: Trial | number,
    values?: number | readonly number[] | TrialState | null,
    { state, skipIfFinished = false }: TellOptions = {},
  ): Promise<FrozenTrial> {
    let v: unknown = values;
    let st = state;
    if (typeof values === 'string') {
      if (state !== undefined && state !== values) {
        throw new TunerError(`tell: state given twice ('${values}' and '${state}')`);
      }
      st = values;
      v = undefined;
    }
    const out = await this._tell(trial, v === null ? undefined : v, st, skipIfFinished, false);
    return out.trial;
  }

  /** @internal `tell` with Optuna's `suppress_warning` (used by optimize). */
  async _tell(
    trial: Trial | number,
    values: unknown,
    state: TrialState | undefined,
    skipIfFinished: boolean,
    suppressWarning: boolean,
  ): Promise<TellOutcome> {
    const live = typeof trial === 'number' ? this.active.get(trial) : trial;
    if (live !== undefined && !(live instanceof Trial)) {
      throw new TunerError(`tell: expected a Trial or a trial number, got ${String(trial)}`);
    }
    if (live !== undefined && live.study !== this) {
      throw new TunerError(`tell: trial ${live.number} belongs to another study than '${this.studyName}'`);
    }
    if (typeof trial === 'number' && !Number.isInteger(trial)) {
      throw new TunerError(`tell: trial number ${trial} must be an integer`);
    }
    try {
      return await tellTrial(this, { live, number: typeof trial === 'number' ? trial : trial.number }, values, state, {
        skipIfFinished,
        suppressWarning,
        flushStudy: () => this.studyQueue.flush(),
      });
    } finally {
      if (live !== undefined && live.finished) {
        this.active.delete(live.number);
        this.liveCache.clear();
      }
      await this.refresh();
    }
  }

  /**
   * Queues a trial with fixed params: the next `ask` pops it and its `suggest*` calls return these
   * values (params not given here are sampled as usual).
   *
   * @example
   * ```ts
   * await study.enqueueTrial({ x: 5, kind: 'a' });
   * ```
   */
  async enqueueTrial(params: Record<string, ParamValue>, { userAttrs = {}, skipIfExists = false }: EnqueueTrialOptions = {}): Promise<void> {
    if (skipIfExists) {
      await this.refresh();
      if (this.hasTrialWithParams(params)) {
        log.info(`trial with params ${JSON.stringify(params)} already exists; not enqueued`);
        return;
      }
    }
    await this.addTrial(createTrial({ state: 'WAITING', systemAttrs: { fixed_params: params }, userAttrs }));
  }

  private hasTrialWithParams(params: Record<string, ParamValue>): boolean {
    const keys = Object.keys(params);
    for (const t of this.snapshot) {
      const fixed = t.systemAttrs['fixed_params'];
      const tp = (typeof fixed === 'object' && fixed !== null ? fixed : t.params) as Record<string, ParamValue>;
      const tk = Object.keys(tp);
      if (tk.length !== keys.length || keys.some((k) => !(k in tp))) continue;
      let same = true;
      for (const k of keys) {
        const a = params[k];
        const b = tp[k];
        if (typeof a !== typeof b) same = false;
        else if (typeof a === 'number') same = a === b || (Number.isNaN(a) && Number.isNaN(b as number));
        else same = a === b;
        if (!same) break;
      }
      if (same) return true;
    }
    return false;
  }

  /**
   * Adds a trial made with `createTrial` (e.g. evaluated elsewhere, or copied from another study).
   *
   * @example
   * ```ts
   * await study.addTrial(createTrial({ params: { x: 2 }, distributions: { x: new FloatDistribution(0, 10) }, value: 4 }));
   * ```
   */
  async addTrial(trial: FrozenTrial): Promise<void> {
    validateTrial(trial);
    if (trial.values !== null && trial.state === 'COMPLETE' && trial.values.length !== this.directions.length) {
      throw new TunerError(
        `addTrial: the trial has ${trial.values.length} values but study '${this.studyName}' has ${this.directions.length} objectives`,
      );
    }
    await this.storage.createNewTrial(this.studyId, trialTemplate(trial));
    await this.refresh();
  }

  /** Adds several trials, in order. */
  async addTrials(trials: Iterable<FrozenTrial>): Promise<void> {
    for (const t of trials) await this.addTrial(t);
  }

  /**
   * Runs the objective on new trials until `nTrials`, `timeout` (seconds) or `stop()`.
   * See {@link OptimizeOptions}.
   *
   * @example
   * ```ts
   * await study.optimize(async (t) => evaluate(t.suggestInt('depth', 2, 12)), { nTrials: 100, nJobs: 4 });
   * ```
   */
  optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    return optimizeStudy(this, objective, options);
  }

  /** Stops `optimize` after the running trials finish. Call it from an objective or a callback. */
  stop(): void {
    if (this._optimizing === 0) {
      throw new TunerError('study.stop() must be called inside an objective function or a callback of optimize');
    }
    this._stopFlag = true;
  }

  /** Sets a user attribute (JSON-serializable) on the study. */
  async setUserAttr(key: string, value: unknown): Promise<void> {
    await this.storage.setStudyUserAttr(this.studyId, key, value);
    this.userAttrSnap = Object.freeze({ ...this.userAttrSnap, [key]: storedAttrValue(key, value) });
  }

  /** Sets a system attribute (JSON-serializable) on the study. */
  async setSystemAttr(key: string, value: unknown): Promise<void> {
    this._queueSystemAttr(key, value);
    await this.studyQueue.flush();
  }

  /**
   * The trials as a table with Optuna's `trials_dataframe` columns: `number`, `value` (or
   * `values_0`, ...), `datetime_start`, `datetime_complete`, `duration`, `params_<name>`,
   * `user_attrs_<key>`, optionally `system_attrs_<key>`, and `state`.
   */
  trialsDataframe(options: TrialsDataframeOptions = {}): TrialsDataframe {
    return trialsDataframe(this.snapshot, this.directions, { metricNames: this.metricNames, ...options });
  }

  /** {@link Study.trialsDataframe} as CSV text (RFC 4180 quoting), as pandas' `to_csv(index=False)` writes it. */
  trialsToCsv(options: TrialsDataframeOptions = {}): string {
    return trialsToCsv(this.snapshot, this.directions, { metricNames: this.metricNames, ...options });
  }

  /** @internal Queues a study system attribute write (visible at once in `systemAttrs`). */
  _queueSystemAttr(key: string, value: unknown): void {
    const stored = storedAttrValue(key, value);
    this.systemAttrSnap = { ...this.systemAttrSnap, [key]: stored };
    this.pendingSystemAttrs.set(key, stored);
    const { storage, studyId, pendingSystemAttrs } = this;
    this.studyQueue.push(async () => {
      await storage.setStudySystemAttr(studyId, key, stored);
      if (pendingSystemAttrs.get(key) === stored) pendingSystemAttrs.delete(key);
    });
  }

  /** @internal The snapshot's trials, with this process's running trials replaced by their up-to-date state (cached per states filter). */
  _liveTrials(states?: readonly TrialState[]): readonly FrozenTrial[] {
    const key = states === undefined ? '*' : [...states].sort().join(',');
    const hit = this.liveCache.get(key);
    if (hit !== undefined) return hit;
    let trials: readonly FrozenTrial[] = this.liveCache.get('*') ?? this.snapshot;
    if (!this.liveCache.has('*') && this.active.size > 0) {
      const out = trials.slice();
      let last = out.length - 1;
      for (const [num, t] of this.active) {
        if (t.finished) continue;
        const cur = out[num];
        if (cur !== undefined && cur.number === num) {
          if (!isFinished(cur.state)) out[num] = t.toFrozen();
        } else if (num > last) {
          while (out.length < num) out.push(undefined as unknown as FrozenTrial);
          out[num] = t.toFrozen();
          last = num;
        }
      }
      trials = out.filter((t) => t !== undefined);
    }
    this.liveCache.set('*', trials);
    if (states === undefined) return trials;
    const set = new Set(states);
    const filtered = trials.filter((t) => set.has(t.state));
    this.liveCache.set(key, filtered);
    return filtered;
  }

  /** @internal A running trial of this process changed: drop the cached views that can hold it. */
  trialChanged(trial: Trial): void {
    if (trial.finished) {
      this.liveCache.clear();
      return;
    }
    for (const key of [...this.liveCache.keys()]) if (key === '*' || key.includes('RUNNING')) this.liveCache.delete(key);
  }

  /** @internal This process's running trial with that number, if any. */
  _activeTrial(number: number): Trial | undefined {
    return this.active.get(number);
  }
}
