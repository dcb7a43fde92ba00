/**
 * Deterministic parallel sampling: trials are grouped in batches of `batchSize` by number (trial k is
 * in batch `floor(k / batchSize)`), and trial k is sampled by a fresh inner sampler seeded from
 * `(seed, k)` that sees exactly the trials of the batches before its own (all finished: the
 * optimize loop waits for them in {@link DeterministicBatchSampler.prepareTrial}). So the params of
 * every trial number are the same whichever worker runs it and whichever trial finishes first, as
 * long as the objective is deterministic. The price: a batch starts only when the one before it
 * has finished, so keep `batchSize` >= the number of workers.
 *
 * Enqueued (WAITING) trials keep their own params and are not waited for (so they cannot deadlock
 * the workers); a study with enqueued trials or heartbeat retries is therefore only as
 * deterministic as the moments those run. A trial failed by a dead worker's heartbeat is part of
 * the history as FAIL.
 *
 * With ask-and-tell instead of `optimize`, call `await sampler.prepareTrial(study, trial)` after
 * `ask` and before the first suggest.
 *
 * @example
 * ```ts
 * const sampler = new DeterministicBatchSampler({ seed: 7, batchSize: 8 }); // TPE inside
 * const study = await createStudy({ storage: 'sqlite:///exp.db', studyName: 'exp', sampler, loadIfExists: true });
 * await study.optimize(objective, { nTrials: 64, nJobs: 4 });
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { Sampler, TrialSetup } from '../samplers/base.js';
import { TPESampler } from '../samplers/tpe/sampler.js';
import type { Study } from '../study/study.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial, TrialState } from '../trial/frozen-trial.js';

/** Options of {@link DeterministicBatchSampler}. */
export interface DeterministicBatchSamplerOptions {
  /** The base seed; trial k's sampler gets {@link trialSeed}(seed, k). */
  seed: number;
  /** Trials per batch (>= 1). */
  batchSize: number;
  /** Makes the inner sampler of one trial from its seed. Default `(s) => new TPESampler({ seed: s })`. */
  samplerFactory?: (seed: number) => Sampler;
  /** Seconds between two reads of the storage while waiting for the previous batches. Default 0.02. */
  pollInterval?: number;
}

/** The seed of trial `number`'s sampler: a 31-bit hash of (seed, number) (murmur3's finalizer). */
export function trialSeed(seed: number, number: number): number {
  let h = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((number | 0) + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 1;
}

/** A view of the study restricted to the trials numbered below `end`. */
class HistoryView implements StudyView {
  constructor(
    private readonly base: StudyView,
    private readonly end: number,
  ) {}
  get studyName(): string {
    return this.base.studyName;
  }
  get studyId(): number {
    return this.base.studyId;
  }
  get directions(): StudyView['directions'] {
    return this.base.directions;
  }
  get userAttrs(): StudyView['userAttrs'] {
    return this.base.userAttrs;
  }
  get systemAttrs(): StudyView['systemAttrs'] {
    return this.base.systemAttrs;
  }
  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
    const all = this.base.getTrials(options);
    const out: FrozenTrial[] = [];
    for (let i = 0; i < all.length; i++) {
      const t = all[i];
      if (t.number < this.end) out.push(t);
    }
    return out;
  }
  setSystemAttr(key: string, value: unknown): void {
    this.base.setSystemAttr(key, value);
  }
}

/** See the module comment. */
export class DeterministicBatchSampler implements Sampler {
  readonly seed: number;
  readonly batchSize: number;
  private readonly factory: (seed: number) => Sampler;
  private readonly pollMs: number;
  private readonly inner = new Map<number, Sampler>();

  constructor({ seed, batchSize, samplerFactory, pollInterval = 0.02 }: DeterministicBatchSamplerOptions) {
    if (!Number.isInteger(seed)) throw new TunerError(`DeterministicBatchSampler: seed (${String(seed)}) must be an integer`);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new TunerError(`DeterministicBatchSampler: batchSize (${String(batchSize)}) must be an integer >= 1`);
    }
    this.seed = seed;
    this.batchSize = batchSize;
    this.factory = samplerFactory ?? ((s: number) => new TPESampler({ seed: s }));
    this.pollMs = pollInterval * 1000;
  }

  /** The first trial number of trial `number`'s batch (the trials below it are its history). */
  batchStart(number: number): number {
    return Math.floor(number / this.batchSize) * this.batchSize;
  }

  /** Waits until no trial of the batches before `trial`'s is RUNNING, then refreshes the study. */
  async prepareTrial(study: Study, trial: { number: number }): Promise<void> {
    const end = this.batchStart(trial.number);
    if (end === 0) return;
    for (;;) {
      const trials = await study.storage.getAllTrials(study.studyId);
      let done = trials.length >= end;
      for (let i = 0; done && i < end; i++) {
        const t = trials[i];
        // a WAITING (enqueued) trial may never be popped while every worker waits here: not waited for
        if (t.number < end && t.state === 'RUNNING') done = false;
      }
      if (done) break;
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
    await study.refresh();
  }

  private samplerFor(number: number): Sampler {
    let s = this.inner.get(number);
    if (s === undefined) {
      s = this.factory(trialSeed(this.seed, number));
      this.inner.set(number, s);
    }
    return s;
  }

  private view(study: StudyView, trial: FrozenTrial): StudyView {
    return new HistoryView(study, this.batchStart(trial.number));
  }

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution> {
    return this.samplerFor(trial.number).inferRelativeSearchSpace(this.view(study, trial), trial);
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    return this.samplerFor(trial.number).sampleRelative(this.view(study, trial), trial, searchSpace);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    return this.samplerFor(trial.number).sampleIndependent(this.view(study, trial), trial, paramName, distribution);
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    this.samplerFor(trial.number).beforeTrial?.(this.view(study, trial), trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void {
    const s = this.inner.get(trial.number);
    this.inner.delete(trial.number);
    s?.afterTrial?.(this.view(study, trial), trial, state, values);
  }
}
