/**
 * A running trial, define-by-run (Optuna's `optuna.trial.Trial`): the objective asks it for
 * parameter values with `suggest*`, reports intermediate values and asks whether to prune.
 *
 * Everything here is synchronous: values come from the sampler over the study snapshot taken at
 * `ask`, and the trial's writes (params, intermediate values, attributes) are queued and flushed
 * in order to the asynchronous storage; `study.tell` (or `optimize`) awaits them and surfaces
 * their errors. Follows `optuna/trial/_trial.py`.
 *
 * @example
 * ```ts
 * await study.optimize((trial) => {
 *   const x = trial.suggestFloat('x', -10, 10);
 *   const kind = trial.suggestCategorical('kind', ['a', 'b'] as const); // typed 'a' | 'b'
 *   return (x - 2) ** 2 + (kind === 'a' ? 0 : 1);
 * }, { nTrials: 20 });
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import {
  CategoricalDistribution,
  checkDistributionCompatibility,
  distributionsEqual,
  FloatDistribution,
  IntDistribution,
  type CategoricalChoice,
  type Distribution,
  type ParamValue,
} from '../distributions.js';
import type { Pruner } from '../pruners/base.js';
import type { Sampler, TrialSetup } from '../samplers/base.js';
import type { Storage } from '../storages/base.js';
import { storedAttrValue } from '../storages/memory.js';
import type { StudyView } from '../study/study-view.js';
import { WriteQueue } from '../study/write-queue.js';
import { describeDistribution } from './create-trial.js';
import type { FrozenTrial, StudyDirection } from './frozen-trial.js';

/**
 * What a trial needs from its study (implemented by `Study`). The trial reaches its study only
 * through this interface, so `trial/` does not import `study/study.ts`.
 */
export interface TrialHost {
  readonly storage: Storage;
  readonly studyId: number;
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  /** The synchronous view samplers and pruners read. */
  readonly view: StudyView;
  /** Called when a running trial's params, values or attributes change (cache invalidation). */
  trialChanged?(trial: Trial): void;
}

/** Options of {@link Trial.suggestFloat}. */
export interface SuggestFloatOptions {
  /** Sample on a log scale (needs low > 0). Default false. */
  log?: boolean;
  /** Sample on the grid low, low + step, ... (not with log). Default null (continuous). */
  step?: number | null;
}

/** Options of {@link Trial.suggestInt}. */
export interface SuggestIntOptions {
  /** Sample on a log scale (needs low >= 1, step 1). Default false. */
  log?: boolean;
  /** Sample on the grid low, low + step, ... Default 1. */
  step?: number;
}

/** The value a single-point distribution must take (Optuna's `_get_single_value`). */
function singleValue(d: Distribution): ParamValue {
  return d.kind === 'categorical' ? d.choices[0] : d.low;
}

/** Builds a distribution, prefixing its validation error with the call that made it. */
function named<D>(where: string, make: () => D): D {
  try {
    return make();
  } catch (e) {
    if (e instanceof TunerError) throw new TunerError(`${where}: ${e.message.replace(/^\w+Distribution: /, '')}`, e.code);
    throw e;
  }
}

/** Reported values written together, and the queued write that writes them. */
interface ValueBatch {
  entries: [number, number][];
  op: () => Promise<void>;
}

/**
 * See the module comment. `S` is the type of the study the trial belongs to, as {@link Trial.study}
 * returns it: `Study` for the trials of `study.ask()` and of the objectives `study.optimize` runs.
 */
export class Trial<S extends TrialHost = TrialHost> {
  /** 0-based number of the trial in its study. */
  readonly number: number;
  /** The storage-wide trial id. */
  readonly trialId: number;
  /** When the trial started. */
  readonly datetimeStart: Date | null;

  private readonly host: S;
  private readonly paramsMap: Record<string, ParamValue> = {};
  private readonly distMap: Record<string, Distribution> = {};
  private readonly userAttrMap: Record<string, unknown>;
  private readonly systemAttrMap: Record<string, unknown>;
  private readonly intermediate: Map<number, number>;
  private readonly fixedParams: Readonly<Record<string, ParamValue>>;
  private readonly queue = new WriteQueue();
  private relativeSpace: Record<string, Distribution> | null = null;
  private relativeParamsMap: Record<string, ParamValue> | null = null;
  private frozenCache: FrozenTrial | null = null;
  /** The queued, not yet started write of reported values (more reports join it). */
  private valueBatch: ValueBatch | null = null;
  /** The snapshot's fields but the intermediate values (a report does not invalidate it). */
  private baseCache: Omit<FrozenTrial, 'intermediateValues'> | null = null;
  private finishedFlag = false;

  /** @internal Trials are made by `study.ask()`. */
  constructor(host: S, base: FrozenTrial) {
    this.host = host;
    this.number = base.number;
    this.trialId = base.trialId;
    this.datetimeStart = base.datetimeStart;
    for (const k of Object.keys(base.params)) {
      this.paramsMap[k] = base.params[k];
      this.distMap[k] = base.distributions[k];
    }
    this.userAttrMap = { ...base.userAttrs };
    this.systemAttrMap = { ...base.systemAttrs };
    this.intermediate = new Map(base.intermediateValues);
    const fixed = base.systemAttrs['fixed_params'];
    this.fixedParams = typeof fixed === 'object' && fixed !== null ? (fixed as Record<string, ParamValue>) : {};
  }

  /**
   * A float in `[low, high]`, on a log scale with `log` or on the grid `low + k * step`.
   *
   * @example
   * ```ts
   * const lr = trial.suggestFloat('learning_rate', 1e-3, 0.3, { log: true });
   * ```
   */
  suggestFloat(name: string, low: number, high: number, { log = false, step = null }: SuggestFloatOptions = {}): number {
    const d = named(`suggestFloat('${name}')`, () => new FloatDistribution(low, high, { log, step }));
    return this.suggest(name, d) as number;
  }

  /**
   * An integer in `[low, high]` (both inclusive), on a log scale with `log` or on a grid of `step`.
   *
   * @example
   * ```ts
   * const leaves = trial.suggestInt('num_leaves', 8, 256, { log: true });
   * ```
   */
  suggestInt(name: string, low: number, high: number, { log = false, step = 1 }: SuggestIntOptions = {}): number {
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new TunerError(`suggestInt('${name}'): low (${low}) and high (${high}) must be integers`);
    }
    const d = named(`suggestInt('${name}')`, () => new IntDistribution(low, high, { log, step }));
    return this.suggest(name, d) as number;
  }

  /**
   * One of `choices` (null, booleans, numbers, strings), typed as the union of the literals.
   *
   * @example
   * ```ts
   * const boosting = trial.suggestCategorical('boosting', ['gbdt', 'dart']); // 'gbdt' | 'dart'
   * ```
   */
  suggestCategorical<const T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    const d = named(`suggestCategorical('${name}')`, () => new CategoricalDistribution<T>(choices));
    return this.suggest(name, d as unknown as CategoricalDistribution) as T;
  }

  /** @deprecated Optuna's old name; use `suggestFloat(name, low, high)`. */
  suggestUniform(name: string, low: number, high: number): number {
    return this.suggestFloat(name, low, high);
  }

  /** @deprecated Optuna's old name; use `suggestFloat(name, low, high, { log: true })`. */
  suggestLogUniform(name: string, low: number, high: number): number {
    return this.suggestFloat(name, low, high, { log: true });
  }

  /** @deprecated Optuna's old name; use `suggestFloat(name, low, high, { step: q })`. */
  suggestDiscreteUniform(name: string, low: number, high: number, q: number): number {
    return this.suggestFloat(name, low, high, { step: q });
  }

  /**
   * Reports an intermediate objective value at `step` (an integer >= 0), for pruning. A step
   * reported twice keeps its first value (with a warning). Single-objective studies only.
   *
   * @example
   * ```ts
   * for (let epoch = 0; epoch < 100; epoch++) {
   *   trial.report(validationLoss(epoch), epoch);
   *   if (trial.shouldPrune()) throw new TrialPruned();
   * }
   * ```
   */
  report(value: number, step: number): void {
    this.checkWritable('report');
    if (this.host.directions.length > 1) {
      throw new TunerError('trial.report is not supported for multi-objective optimization');
    }
    if (typeof value !== 'number') {
      throw new TunerError(`trial.report: value ${JSON.stringify(value)} of type ${typeof value} must be a number`);
    }
    if (typeof step !== 'number' || !Number.isInteger(step)) {
      throw new TunerError(`trial.report: step ${JSON.stringify(step)} must be an integer`);
    }
    if (step < 0) throw new TunerError(`trial.report: step (${step}) must be non-negative`);
    if (this.intermediate.has(step)) {
      log.warn(`trial ${this.number}: the reported value ${value} is ignored because step ${step} is already reported`);
      return;
    }
    this.intermediate.set(step, value);
    this.touched(true);
    // values reported while the previous report's write is still queued (a main-thread CV reports
    // every round before any write runs) join that write: one transaction instead of one each
    const pending = this.valueBatch;
    if (pending !== null && this.queue.last === pending.op) {
      pending.entries.push([step, value]);
      return;
    }
    const batch: ValueBatch = { entries: [[step, value]], op: () => this.writeValues(batch) };
    this.valueBatch = batch;
    this.queue.push(batch.op);
  }

  /**
   * True when the study's pruner says this trial should stop now (from the values reported so
   * far). Single-objective studies only. Throw `TrialPruned` to act on it.
   */
  shouldPrune(): boolean {
    if (this.host.directions.length > 1) {
      throw new TunerError('trial.shouldPrune is not supported for multi-objective optimization');
    }
    return this.host.pruner.prune(this.host.view, this.toSetup());
  }

  /**
   * The study's pruner's decisions for this trial as one threshold per step (`Pruner.stepThresholds`),
   * for an objective that runs elsewhere (a worker thread) and reports steps 0, 1, 2, ... in order:
   * it prunes itself at step `s` when `prunedByThreshold(thresholds[s], bestSoFar, maximize)`.
   * Null when the pruner cannot state its decisions so (then report and call `shouldPrune`), or the
   * study has several objectives. Ask again after other trials finish: the thresholds move.
   *
   * @example
   * ```ts
   * const thresholds = trial.stepThresholds(1000); // MedianPruner: the median of the COMPLETE trials at each step
   * ```
   */
  stepThresholds(nSteps: number): Float64Array | null {
    const pruner = this.host.pruner;
    if (this.host.directions.length > 1 || pruner.stepThresholds === undefined) return null;
    return pruner.stepThresholds(this.host.view, this.toSetup(), nSteps);
  }

  /**
   * Sets a user attribute (JSON-serializable) on the trial.
   *
   * @example
   * ```ts
   * trial.setUserAttr('accuracy', 0.93);
   * ```
   */
  setUserAttr(key: string, value: unknown): void {
    this.checkWritable('setUserAttr');
    const stored = storedAttrValue(key, value);
    this.userAttrMap[key] = stored;
    this.touched();
    const { storage } = this.host;
    const id = this.trialId;
    this.queue.push(() => storage.setTrialUserAttr(id, key, stored));
  }

  /** Sets a system attribute (for samplers and integrations; JSON-serializable). */
  setSystemAttr(key: string, value: unknown): void {
    this.checkWritable('setSystemAttr');
    const stored = storedAttrValue(key, value);
    this.systemAttrMap[key] = stored;
    this.touched();
    const { storage } = this.host;
    const id = this.trialId;
    this.queue.push(() => storage.setTrialSystemAttr(id, key, stored));
  }

  /** The study this trial belongs to. */
  get study(): S {
    return this.host;
  }

  /** The params suggested so far (external values), as a new object. */
  get params(): Record<string, ParamValue> {
    return { ...this.paramsMap };
  }

  /** The distributions of the params suggested so far, as a new object. */
  get distributions(): Record<string, Distribution> {
    return { ...this.distMap };
  }

  /** The user attributes, as a new object. */
  get userAttrs(): Record<string, unknown> {
    return { ...this.userAttrMap };
  }

  /** The system attributes, as a new object. */
  get systemAttrs(): Record<string, unknown> {
    return { ...this.systemAttrMap };
  }

  /** The reported intermediate values, step → value, as a new Map. */
  get intermediateValues(): Map<number, number> {
    return new Map(this.intermediate);
  }

  /** The params fixed for this trial (enqueued with `study.enqueueTrial`). */
  get fixedParamValues(): Readonly<Record<string, ParamValue>> {
    return this.fixedParams;
  }

  /** True once the trial has been told (its state written). */
  get finished(): boolean {
    return this.finishedFlag;
  }

  /** An up-to-date RUNNING snapshot of this trial (what samplers and pruners receive). */
  toFrozen(): FrozenTrial {
    if (this.frozenCache === null) {
      this.frozenCache = Object.freeze({ ...this.base(), intermediateValues: new Map(this.intermediate) as ReadonlyMap<number, number> });
    }
    return this.frozenCache;
  }

  /**
   * @internal The trial as `Sampler.beforeTrial` and `Pruner.prune` receive it (can queue system
   * attrs). Its `intermediateValues` is the trial's own map, read-only and not copied: a pruner
   * runs after every report, and copying the values each time made a trial of n rounds cost O(n^2).
   * The receiver must not keep it.
   */
  toSetup(): TrialSetup {
    return Object.assign(Object.create(null) as object, this.base(), {
      intermediateValues: this.intermediate as ReadonlyMap<number, number>,
      setSystemAttr: (key: string, value: unknown) => this.setSystemAttr(key, value),
    }) as TrialSetup;
  }

  private base(): Omit<FrozenTrial, 'intermediateValues'> {
    if (this.baseCache === null) {
      this.baseCache = {
        number: this.number,
        trialId: this.trialId,
        state: 'RUNNING' as const,
        values: null,
        value: null,
        datetimeStart: this.datetimeStart,
        datetimeComplete: null,
        params: Object.freeze({ ...this.paramsMap }),
        distributions: Object.freeze({ ...this.distMap }),
        userAttrs: Object.freeze({ ...this.userAttrMap }),
        systemAttrs: Object.freeze({ ...this.systemAttrMap }),
      };
    }
    return this.baseCache;
  }

  /** @internal Waits for every queued write; throws the first write error. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** @internal Marks the trial told: later suggest/report/attr calls throw. */
  markFinished(): void {
    this.finishedFlag = true;
    this.host.trialChanged?.(this);
  }

  /** Writes a batch of reported values; later reports start a new batch. */
  private writeValues(batch: ValueBatch): Promise<void> {
    if (this.valueBatch === batch) this.valueBatch = null;
    const { storage } = this.host;
    const id = this.trialId;
    const { entries } = batch;
    if (entries.length === 1) return storage.setTrialIntermediateValue(id, entries[0][0], entries[0][1]);
    if (storage.setTrialIntermediateValues !== undefined) return storage.setTrialIntermediateValues(id, entries);
    return entries.reduce<Promise<void>>((prev, [st, v]) => prev.then(() => storage.setTrialIntermediateValue(id, st, v)), Promise.resolve());
  }

  /** After a change: the snapshot is stale, and so are its other fields unless only a value was reported. */
  private touched(valueOnly = false): void {
    this.frozenCache = null;
    if (!valueOnly) this.baseCache = null;
    this.host.trialChanged?.(this);
  }

  /**
   * @internal Suggests a param from any distribution (Optuna's `Trial._suggest`): the first
   * value for a name is kept; fixed (enqueued) values win, then single-point distributions,
   * then the relative sample, then the sampler's independent sample.
   */
  suggest(name: string, d: Distribution): ParamValue {
    this.checkWritable(`suggest '${name}'`);
    const prev = this.distMap[name];
    if (prev !== undefined) {
      checkDistributionCompatibility(name, prev, d);
      if (!distributionsEqual(prev, d)) {
        log.warn(
          `trial ${this.number}: parameter '${name}' was suggested again with ${describeDistribution(d)}; ` +
            `the first distribution ${describeDistribution(prev)} and its value are kept`,
        );
      }
      return this.paramsMap[name];
    }
    let value: ParamValue;
    const { sampler } = this.host;
    if (Object.prototype.hasOwnProperty.call(this.fixedParams, name)) {
      value = this.fixedParams[name];
      let inRange = false;
      try {
        inRange = d.contains(d.toInternal(value));
      } catch (e) {
        throw new TunerError(`trial ${this.number}: fixed parameter '${name}' value ${JSON.stringify(value)} does not fit ${describeDistribution(d)}: ${(e as Error).message}`);
      }
      if (!inRange) {
        log.warn(`trial ${this.number}: fixed parameter '${name}' with value ${JSON.stringify(value)} is out of range for ${describeDistribution(d)}`);
      }
    } else if (d.single()) {
      value = singleValue(d);
    } else if (this.isRelativeParam(name, d)) {
      value = (this.relativeParamsMap as Record<string, ParamValue>)[name];
    } else {
      const frozen = this.toFrozen();
      value = sampler.sampleIndependent(this.samplerView(frozen), frozen, name, d);
    }
    let internal: number;
    try {
      internal = d.toInternal(value);
    } catch (e) {
      throw new TunerError(`trial ${this.number}: the value ${JSON.stringify(value)} for parameter '${name}' does not fit ${describeDistribution(d)}: ${(e as Error).message}`);
    }
    const external = d.kind === 'categorical' ? value : d.toExternal(internal);
    this.paramsMap[name] = external;
    this.distMap[name] = d;
    this.touched();
    const { storage } = this.host;
    const id = this.trialId;
    this.queue.push(() => storage.setTrialParam(id, name, internal, d));
    return external;
  }

  /** Computes the relative sample once, at the first suggest that needs a sampled value. */
  private ensureRelative(): void {
    if (this.relativeParamsMap !== null) return;
    const { sampler } = this.host;
    const frozen = this.toFrozen();
    const view = this.samplerView(frozen);
    this.relativeSpace = sampler.inferRelativeSearchSpace(view, frozen);
    this.relativeParamsMap = Object.keys(this.relativeSpace).length === 0 ? {} : sampler.sampleRelative(view, frozen, this.relativeSpace);
  }

  /** The study as samplers see it for this trial (Optuna's `pruners._filter_study`). */
  samplerView(frozen: FrozenTrial = this.toFrozen()): StudyView {
    const { pruner, view } = this.host;
    return pruner.filterStudy?.(view, frozen) ?? view;
  }

  private isRelativeParam(name: string, d: Distribution): boolean {
    this.ensureRelative();
    const rel = this.relativeParamsMap as Record<string, ParamValue>;
    if (!Object.prototype.hasOwnProperty.call(rel, name)) return false;
    const space = this.relativeSpace as Record<string, Distribution>;
    const rd = space[name];
    if (rd === undefined) {
      throw new TunerError(`the sampler returned parameter '${name}' from sampleRelative but it is not in its relative search space`);
    }
    if (rd.kind !== d.kind) return false;
    if (rd.kind === 'categorical' && !distributionsEqual(rd, d)) return false;
    try {
      return d.contains(d.toInternal(rel[name]));
    } catch {
      return false;
    }
  }

  private checkWritable(what: string): void {
    if (this.finishedFlag) {
      throw new TunerError(`trial ${this.number} is already finished; ${what} is not allowed after tell`);
    }
  }
}
