/**
 * Hyperband (Li et al., "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
 * Optimization", JMLR 2018) over asynchronous successive halving, as Optuna's `HyperbandPruner`
 * implements it (`optuna/pruners/_hyperband.py`): each trial belongs to one bracket chosen from a
 * CRC-32 hash of `<studyName>_<trialNumber>`, weighted by the brackets' trial budgets, and is judged
 * by that bracket's {@link SuccessiveHalvingPruner} against the trials of the same bracket only.
 */
import { TunerError } from '../../core/errors.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial, TrialState } from '../trial/frozen-trial.js';
import { lastStep } from '../trial/frozen-trial.js';
import type { Pruner, PrunerTrial } from './base.js';
import { SuccessiveHalvingPruner } from './successive-halving.js';
import { checkInt } from './util.js';

/** Options of {@link HyperbandPruner}. */
export interface HyperbandPrunerOptions {
  /** Steps of the first rung of the most aggressive bracket. Default 1. */
  minResource?: number;
  /**
   * The largest step a trial runs to, or `'auto'`: one more than the largest last step of the
   * COMPLETE trials when first needed (no pruning before a trial completes). Default `'auto'`.
   */
  maxResource?: number | 'auto';
  /** The `eta` of each bracket's successive halving (>= 2). Default 3. */
  reductionFactor?: number;
  /** Trials a rung needs before promotions (not with `maxResource: 'auto'`). Default 0. */
  bootstrapCount?: number;
}

/**
 * Prunes by Hyperband. Bracket `s` runs successive halving with `minEarlyStoppingRate = s`; the
 * number of brackets is `floor(log_eta(maxResource / minResource)) + 1`.
 *
 * Samplers should model each bracket apart, as Optuna does: the study core passes the view
 * returned by {@link HyperbandPruner.filterStudy} to the sampler.
 *
 * @example
 * ```ts
 * const study = await createStudy({ direction: 'maximize', pruner: new HyperbandPruner({ maxResource: 100 }) });
 * ```
 */
export class HyperbandPruner implements Pruner {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly bootstrapCount: number;
  private maxResource: number | 'auto';
  private readonly pruners: SuccessiveHalvingPruner[] = [];
  private readonly budgets: number[] = [];
  private totalBudget = 0;
  private nBrackets: number | null = null;
  /** CRC-32 of `<studyName>_<number>`, computed once per trial (filtered views ask for every trial). */
  private readonly hashes = new Map<string, number>();

  constructor({ minResource = 1, maxResource = 'auto', reductionFactor = 3, bootstrapCount = 0 }: HyperbandPrunerOptions = {}) {
    checkInt('HyperbandPruner', 'minResource', minResource, 1);
    if (maxResource !== 'auto' && !Number.isInteger(maxResource)) {
      throw new TunerError(`HyperbandPruner: maxResource (${String(maxResource)}) must be an integer or 'auto'`);
    }
    checkInt('HyperbandPruner', 'reductionFactor', reductionFactor, 2);
    checkInt('HyperbandPruner', 'bootstrapCount', bootstrapCount, 0);
    if (bootstrapCount > 0 && maxResource === 'auto') {
      throw new TunerError(`HyperbandPruner: bootstrapCount (${bootstrapCount}) > 0 cannot be used with maxResource 'auto'`);
    }
    this.minResource = minResource;
    this.maxResource = maxResource;
    this.reductionFactor = reductionFactor;
    this.bootstrapCount = bootstrapCount;
  }

  /** The number of brackets, once known (after the first prune with a known max resource). */
  get numBrackets(): number | null {
    return this.nBrackets;
  }

  prune(study: StudyView, trial: PrunerTrial): boolean {
    if (this.pruners.length === 0) {
      this.tryInitialization(study);
      if (this.pruners.length === 0) return false;
    }
    const bracket = this.bracketId(study.studyName, trial.number);
    return this.pruners[bracket].prune(this.bracketStudy(study, bracket), trial);
  }

  /** The study as the trial's bracket sees it: only the trials of the same bracket (Optuna's `_BracketStudy`). */
  filterStudy(study: StudyView, trial: FrozenTrial): StudyView {
    return this.bracketStudy(study, this.bracketId(study.studyName, trial.number));
  }

  /**
   * The bracket of trial `trialNumber` in study `studyName` (0 until the brackets are known):
   * `crc32("<studyName>_<trialNumber>") mod totalBudget`, walked through the brackets' budgets.
   */
  bracketId(studyName: string, trialNumber: number): number {
    if (this.pruners.length === 0) return 0;
    const key = `${studyName}_${trialNumber}`;
    let hash = this.hashes.get(key);
    if (hash === undefined) {
      hash = crc32(key);
      this.hashes.set(key, hash);
    }
    let n = hash % this.totalBudget;
    for (let b = 0; b < this.budgets.length; b++) {
      n -= this.budgets[b];
      if (n < 0) return b;
    }
    throw new Error('HyperbandPruner: unreachable bracket walk');
  }

  private tryInitialization(study: StudyView): void {
    if (this.maxResource === 'auto') {
      let maxStep: number | null = null;
      for (const t of study.getTrials({ states: ['COMPLETE'] })) {
        const s = lastStep(t);
        if (s !== null && (maxStep === null || s > maxStep)) maxStep = s;
      }
      if (maxStep === null) return;
      this.maxResource = maxStep + 1;
    }
    if (this.nBrackets === null) {
      // Python's math.log(x, base) is log(x) / log(base); kept so the bracket count matches Optuna's
      this.nBrackets = Math.floor(Math.log(this.maxResource / this.minResource) / Math.log(this.reductionFactor)) + 1;
      if (this.nBrackets < 1) {
        throw new TunerError(
          `HyperbandPruner: maxResource (${this.maxResource}) must be >= minResource (${this.minResource})`,
        );
      }
    }
    for (let b = 0; b < this.nBrackets; b++) {
      const s = this.nBrackets - 1 - b;
      const budget = Math.ceil((this.nBrackets * this.reductionFactor ** s) / (s + 1));
      this.totalBudget += budget;
      this.budgets.push(budget);
      this.pruners.push(
        new SuccessiveHalvingPruner({
          minResource: this.minResource,
          reductionFactor: this.reductionFactor,
          minEarlyStoppingRate: b,
          bootstrapCount: this.bootstrapCount,
        }),
      );
    }
  }

  private bracketStudy(study: StudyView, bracket: number): StudyView {
    const self = this;
    return {
      studyName: study.studyName,
      studyId: study.studyId,
      directions: study.directions,
      userAttrs: study.userAttrs,
      systemAttrs: study.systemAttrs,
      getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
        return study.getTrials(options).filter((t) => self.bracketId(study.studyName, t.number) === bracket);
      },
      setSystemAttr(key: string, value: unknown): void {
        study.setSystemAttr(key, value);
      },
    };
  }
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, as zlib and Python's `binascii.crc32`) of a string's UTF-8 bytes. */
export function crc32(text: string): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[i] = c >>> 0;
    }
  }
  const bytes = Buffer.from(text, 'utf8');
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
