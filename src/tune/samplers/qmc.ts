/**
 * Quasi-Monte Carlo search (Optuna's `QMCSampler`, `optuna/samplers/_qmc.py`): trial k takes the
 * k-th point of a Sobol' or Halton sequence, mapped onto the numeric params of the first finished
 * trial's search space (log params on the log scale, int/step params rounded onto their grid).
 * The first trial and params outside that space are sampled by the independent sampler
 * (RandomSampler). The point counter lives in the study's system attributes, so workers sharing a
 * study and a seed walk one sequence.
 *
 * Halton (scrambled): the radical inverse in the first `d` primes with one random permutation of
 * the digits per digit position, applied to every digit down to double precision (as SciPy's
 * `qmc.Halton(scramble=True)`; Owen 2017, "A randomized Halton algorithm in R").
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new QMCSampler({ qmcType: 'sobol', scramble: true, seed: 0 }) });
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { WarnOnce } from './warn-once.js';
import { Rng } from '../../core/rng.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import type { Sampler } from './base.js';
import { randomSeed, RandomSampler } from './random.js';
import { SobolEngine } from './sobol.js';

/** Options of {@link QMCSampler}. */
export interface QMCSamplerOptions {
  /** The sequence. Default 'sobol'. */
  qmcType?: 'sobol' | 'halton';
  /** Randomize the sequence (seeded). Default false, as Optuna. */
  scramble?: boolean;
  /** Seed of the scrambling and of the default independent sampler. Default: random. */
  seed?: number;
  /** Sampler for the first trial and for params outside the QMC space. Default `new RandomSampler({ seed })`. */
  independentSampler?: Sampler;
  /** Warn when a param is sampled by the independent sampler after the first trial. Default true. */
  warnIndependentSampling?: boolean;
}

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let k = 2; k * k <= n; k++) if (n % k === 0) return false;
  return true;
}

/** The first `n` primes. */
export function firstPrimes(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; out.length < n; k++) if (isPrime(k)) out.push(k);
  return out;
}

/** The Halton sequence, optionally with random digit permutations (see the module comment). */
export class HaltonEngine {
  readonly dim: number;
  private readonly bases: number[];
  /** per dimension: per digit position, a permutation of 0..base-1 (null when not scrambled) */
  private readonly perms: (Uint16Array[] | null)[];

  constructor(dim: number, { scramble = true, seed = 0 }: { scramble?: boolean; seed?: number } = {}) {
    if (!Number.isInteger(dim) || dim < 1) throw new TunerError(`Halton: dimension ${dim} must be a positive integer`);
    this.dim = dim;
    this.bases = firstPrimes(dim);
    const rng = new Rng(seed);
    this.perms = this.bases.map((b) => {
      if (!scramble) return null;
      const digits = Math.ceil(53 / Math.log2(b));
      const list: Uint16Array[] = [];
      for (let k = 0; k < digits; k++) {
        const p = new Uint16Array(b);
        for (let i = 0; i < b; i++) p[i] = i;
        list.push(rng.shuffle(p));
      }
      return list;
    });
  }

  /** The `index`-th point (0-based). */
  point(index: number, out: Float64Array = new Float64Array(this.dim)): Float64Array {
    if (!Number.isInteger(index) || index < 0) throw new TunerError(`Halton: point index ${index} must be a non-negative integer`);
    for (let d = 0; d < this.dim; d++) {
      const b = this.bases[d];
      const perms = this.perms[d];
      let v = 0;
      let f = 1 / b;
      let i = index;
      if (perms === null) {
        while (i > 0) {
          v += (i % b) * f;
          i = Math.floor(i / b);
          f /= b;
        }
      } else {
        // every digit position is permuted, the leading zeros of i included
        for (let k = 0; k < perms.length; k++) {
          v += perms[k][i % b] * f;
          i = Math.floor(i / b);
          f /= b;
        }
      }
      out[d] = Math.min(v, 1 - Number.EPSILON / 2);
    }
    return out;
  }
}

/** The interval a numeric distribution is sampled in (Optuna's `_SearchSpaceTransform` bounds). */
function bounds(d: Distribution): [number, number] {
  if (d.kind === 'float') {
    if (d.log) return [Math.log(d.low), Math.log(d.high)];
    if (d.step !== null) return [d.low - d.step / 2, d.high + d.step / 2];
    return [d.low, d.high];
  }
  if (d.kind === 'int') {
    if (d.log) return [Math.log(d.low - 0.5), Math.log(d.high + 0.5)];
    return [d.low - 0.5 * d.step, d.high + 0.5 * d.step];
  }
  throw new TunerError('QMCSampler: categorical params are sampled independently');
}

/** A point of the transformed interval back to a param value (Optuna's `_untransform_numerical_param`). */
function untransform(d: Distribution, x: number): number {
  if (d.kind === 'float') {
    if (d.log) return Math.min(Math.max(Math.exp(x), d.low), d.high);
    if (d.step !== null) return Math.min(Math.max(Math.round((x - d.low) / d.step) * d.step + d.low, d.low), d.high);
    return Math.min(Math.max(x, d.low), d.high);
  }
  if (d.kind === 'int') {
    if (d.log) return Math.min(Math.max(Math.round(Math.exp(x)), d.low), d.high);
    return Math.min(Math.max(Math.round((x - d.low) / d.step) * d.step + d.low, d.low), d.high);
  }
  throw new TunerError('QMCSampler: categorical params are sampled independently');
}

/** See the module comment. */
export class QMCSampler implements Sampler {
  readonly qmcType: 'sobol' | 'halton';
  readonly scramble: boolean;
  readonly seed: number;
  private readonly independent: Sampler;
  private readonly warnIndependent: boolean;
  private readonly warned = new WarnOnce();
  private initialSpace: Record<string, Distribution> | null = null;
  private engine: { dim: number; point(i: number): Float64Array } | null = null;

  constructor({ qmcType = 'sobol', scramble = false, seed, independentSampler, warnIndependentSampling = true }: QMCSamplerOptions = {}) {
    if (qmcType !== 'sobol' && qmcType !== 'halton') {
      throw new TunerError(`QMCSampler: qmcType ${JSON.stringify(qmcType)} must be 'sobol' or 'halton'`);
    }
    this.qmcType = qmcType;
    this.scramble = scramble;
    this.seed = seed ?? randomSeed();
    if (seed === undefined && scramble) {
      log.warn('QMCSampler: no seed is given and the seed is set randomly; workers of one study must share a seed to walk one sequence');
    }
    this.independent = independentSampler ?? new RandomSampler({ seed: this.seed });
    this.warnIndependent = warnIndependentSampling;
  }

  inferRelativeSearchSpace(study: StudyView): Record<string, Distribution> {
    if (this.initialSpace !== null) return this.initialSpace;
    const past = study.getTrials({ states: ['COMPLETE', 'PRUNED'] });
    if (past.length === 0) return {};
    let first = past[0];
    for (const t of past) if (t.number < first.number) first = t;
    const space: Record<string, Distribution> = {};
    for (const name of Object.keys(first.distributions)) {
      const d = first.distributions[name];
      if (d.kind !== 'categorical') space[name] = d;
    }
    this.initialSpace = space;
    return space;
  }

  sampleRelative(study: StudyView, _trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    const names = Object.keys(searchSpace);
    if (names.length === 0) return {};
    const id = this.nextSampleId(study);
    if (this.engine === null || this.engine.dim !== names.length) {
      this.engine =
        this.qmcType === 'sobol'
          ? new SobolEngine(names.length, { scramble: this.scramble, seed: this.seed })
          : new HaltonEngine(names.length, { scramble: this.scramble, seed: this.seed });
    }
    const u = this.engine.point(id);
    const out: Record<string, ParamValue> = {};
    for (let i = 0; i < names.length; i++) {
      const d = searchSpace[names[i]];
      const [lo, hi] = bounds(d);
      out[names[i]] = untransform(d, lo + u[i] * (hi - lo));
    }
    return out;
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    if (this.initialSpace !== null && this.warnIndependent && !(paramName in this.initialSpace) && distribution.kind !== 'categorical') {
      this.warned.warn(
        study.studyName,
        paramName,
        () =>
          `QMCSampler: the parameter '${paramName}' is sampled independently by ${this.independent.constructor.name} instead of QMCSampler ` +
          `(from trial ${trial.number} on; said once per study), because it is not in the search space of the first trial (dynamic search spaces are not supported by QMC)`,
      );
    }
    return this.independent.sampleIndependent(study, trial, paramName, distribution);
  }

  /** The system attribute key of the sequence's counter (Optuna's key). */
  private counterKey(): string {
    const id = this.scramble ? `${this.qmcType} (scramble=True, seed=${this.seed})` : `${this.qmcType} (scramble=False)`;
    return `${id}'s last sample id`;
  }

  private nextSampleId(study: StudyView): number {
    const key = this.counterKey();
    const last = study.systemAttrs[key];
    const id = typeof last === 'number' ? last + 1 : 0;
    study.setSystemAttr(key, id);
    return id;
  }

  reseedRng(): void {
    this.independent.reseedRng?.();
  }
}
