/**
 * Parameter distributions, as Optuna defines them (`optuna/distributions.py`): a float range
 * (optionally log-scaled or stepped), an int range (optionally log-scaled or stepped) and a
 * categorical choice. Values have two forms: the *external* value a user sees (a number, a string,
 * a boolean, null) and the *internal* number stored and modelled by samplers (for categoricals, the
 * index of the choice).
 *
 * @example
 * ```ts
 * const d = new FloatDistribution(1e-5, 1, { log: true });
 * distributionToJson(d); // '{"name":"FloatDistribution","attributes":{"log":true,"step":null,"low":1e-05,"high":1}}'
 * ```
 */
import { TunerError } from '../core/errors.js';
import { log } from '../core/log.js';

/** A value a categorical parameter may take (Optuna allows None, bool, int, float, str). */
export type CategoricalChoice = null | boolean | number | string;

/** A parameter's value as the user sees it. */
export type ParamValue = CategoricalChoice;

/** Rounds `high` down so that `(high - low)` is a multiple of `step` (Optuna's rule). */
function adjustDiscreteHigh(low: number, high: number, step: number, name: string): number {
  const r = (high - low) / step;
  const n = Math.floor(r + 1e-9 * Math.max(1, Math.abs(r)));
  const adjusted = low + n * step;
  // compare with a relative tolerance, as Optuna uses decimal arithmetic here
  if (Math.abs(adjusted - high) > 1e-12 * Math.max(1, Math.abs(high))) {
    log.warn(
      `${name}: the range [${low}, ${high}] is not divisible by step ${step}; high is replaced by ${adjusted}`,
    );
    return adjusted;
  }
  return high;
}

/** A float range `[low, high]`, log-scaled (`log`) or on a grid of `step` (not both). */
export class FloatDistribution {
  readonly kind = 'float' as const;
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;

  constructor(low: number, high: number, { log = false, step = null }: { log?: boolean; step?: number | null } = {}) {
    if (!Number.isFinite(low) || !Number.isFinite(high)) {
      throw new TunerError(`FloatDistribution: low (${low}) and high (${high}) must be finite numbers`);
    }
    if (log && step !== null) {
      throw new TunerError('FloatDistribution: the parameters log and step cannot be used at the same time');
    }
    if (step !== null && !(step > 0)) {
      throw new TunerError(`FloatDistribution: step (${step}) must be > 0`);
    }
    if (low > high) {
      throw new TunerError(`FloatDistribution: low (${low}) must be <= high (${high})`);
    }
    if (log && low <= 0) {
      throw new TunerError(`FloatDistribution: low (${low}) must be > 0 when log is true`);
    }
    this.low = low;
    this.high = step !== null ? adjustDiscreteHigh(low, high, step, 'FloatDistribution') : high;
    this.log = log;
    this.step = step;
  }

  /** True when the range holds exactly one value. */
  single(): boolean {
    if (this.step === null) return this.low === this.high;
    return this.high - this.low < this.step;
  }

  /** True when an internal value lies in the range (and on the grid, for a stepped range). */
  contains(x: number): boolean {
    if (!Number.isFinite(x)) return false;
    if (this.step === null) return this.low <= x && x <= this.high;
    const k = (x - this.low) / this.step;
    return this.low <= x && x <= this.high && Math.abs(k - Math.round(k)) < 1e-8;
  }

  toInternal(value: ParamValue): number {
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw new TunerError(`FloatDistribution: value ${String(value)} is not a number`);
    }
    return value;
  }

  toExternal(x: number): number {
    return x;
  }
}

/** An int range `[low, high]`, log-scaled (`log`, step must be 1) or on a grid of `step`. */
export class IntDistribution {
  readonly kind = 'int' as const;
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;

  constructor(low: number, high: number, { log = false, step = 1 }: { log?: boolean; step?: number } = {}) {
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new TunerError(`IntDistribution: low (${low}) and high (${high}) must be integers`);
    }
    if (!Number.isInteger(step) || step <= 0) {
      throw new TunerError(`IntDistribution: step (${step}) must be a positive integer`);
    }
    if (log && step !== 1) {
      throw new TunerError('IntDistribution: the parameters log and step cannot be used at the same time (step must be 1 when log is true)');
    }
    if (low > high) {
      throw new TunerError(`IntDistribution: low (${low}) must be <= high (${high})`);
    }
    if (log && low < 1) {
      throw new TunerError(`IntDistribution: low (${low}) must be >= 1 when log is true`);
    }
    this.low = low;
    this.high = step !== 1 ? adjustDiscreteHigh(low, high, step, 'IntDistribution') : high;
    this.log = log;
    this.step = step;
  }

  single(): boolean {
    return this.high - this.low < this.step;
  }

  contains(x: number): boolean {
    if (!Number.isFinite(x)) return false;
    const k = (x - this.low) / this.step;
    return this.low <= x && x <= this.high && Math.abs(k - Math.round(k)) < 1e-8;
  }

  toInternal(value: ParamValue): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new TunerError(`IntDistribution: value ${String(value)} is not a finite number`);
    }
    return value;
  }

  toExternal(x: number): number {
    return Math.round(x);
  }
}

/** A choice among `choices` (null, booleans, numbers, strings); internally the choice's index. */
export class CategoricalDistribution<T extends CategoricalChoice = CategoricalChoice> {
  readonly kind = 'categorical' as const;
  readonly choices: readonly T[];

  constructor(choices: readonly T[]) {
    if (!Array.isArray(choices) || choices.length === 0) {
      throw new TunerError('CategoricalDistribution: choices must be a non-empty array');
    }
    for (const c of choices) {
      const t = typeof c;
      if (!(c === null || t === 'boolean' || t === 'number' || t === 'string')) {
        throw new TunerError(
          `CategoricalDistribution: choice ${String(c)} of type ${t} is not supported; use null, boolean, number or string`,
        );
      }
    }
    this.choices = [...choices];
  }

  single(): boolean {
    return this.choices.length === 1;
  }

  contains(x: number): boolean {
    return Number.isInteger(x) && x >= 0 && x < this.choices.length;
  }

  /** The index of `value` among the choices (NaN matches NaN). */
  toInternal(value: ParamValue): number {
    const i = this.choices.findIndex((c) => c === value || (Number.isNaN(c) && Number.isNaN(value)));
    if (i < 0) {
      throw new TunerError(
        `CategoricalDistribution: value ${JSON.stringify(value)} is not one of the choices ${JSON.stringify(this.choices)}`,
      );
    }
    return i;
  }

  toExternal(x: number): T {
    const i = Math.round(x);
    if (i < 0 || i >= this.choices.length) {
      throw new TunerError(`CategoricalDistribution: index ${x} is out of range 0..${this.choices.length - 1}`);
    }
    return this.choices[i];
  }
}

/** Any distribution; narrow with `d.kind`. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** Type guard: a numeric (float or int) distribution. */
export function isNumericDistribution(d: Distribution): d is FloatDistribution | IntDistribution {
  return d.kind !== 'categorical';
}

/** True when two distributions are the same (same kind and attributes). */
export function distributionsEqual(a: Distribution, b: Distribution): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'categorical') {
    const bc = (b as CategoricalDistribution).choices;
    return a.choices.length === bc.length && a.choices.every((c, i) => c === bc[i] || (Number.isNaN(c) && Number.isNaN(bc[i])));
  }
  const bn = b as FloatDistribution | IntDistribution;
  return a.low === bn.low && a.high === bn.high && a.log === bn.log && a.step === bn.step;
}

/**
 * Throws when `a` (a param's earlier distribution) and `b` (a new one for the same name) are of
 * different kinds — Optuna's `check_distribution_compatibility`. Ranges may differ.
 */
export function checkDistributionCompatibility(name: string, a: Distribution, b: Distribution): void {
  if (a.kind !== b.kind) {
    throw new TunerError(`parameter '${name}' was suggested as ${a.kind} and now as ${b.kind}; a parameter keeps one kind`);
  }
  if (a.kind === 'categorical' && !distributionsEqual(a, b)) {
    throw new TunerError(
      `parameter '${name}': categorical choices ${JSON.stringify((b as CategoricalDistribution).choices)} differ from the earlier ${JSON.stringify(a.choices)}`,
    );
  }
  if (a.kind !== 'categorical' && a.log !== (b as FloatDistribution | IntDistribution).log) {
    throw new TunerError(`parameter '${name}': log was ${a.log} and is now ${!a.log}`);
  }
}

/** Optuna's JSON form of a distribution (`distribution_to_json`). */
export function distributionToJson(d: Distribution): string {
  if (d.kind === 'float') {
    return JSON.stringify({ name: 'FloatDistribution', attributes: { log: d.log, step: d.step, low: d.low, high: d.high } });
  }
  if (d.kind === 'int') {
    return JSON.stringify({ name: 'IntDistribution', attributes: { log: d.log, step: d.step, low: d.low, high: d.high } });
  }
  return JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: d.choices } });
}

/**
 * Reads Optuna's JSON form of a distribution (`json_to_distribution`), including the legacy
 * names Optuna still reads (`UniformDistribution`, `LogUniformDistribution`,
 * `DiscreteUniformDistribution`, `IntUniformDistribution`, `IntLogUniformDistribution`).
 */
export function distributionFromJson(json: string): Distribution {
  let obj: { name?: unknown; attributes?: Record<string, unknown> };
  try {
    obj = JSON.parse(json) as typeof obj;
  } catch {
    throw new TunerError(`not a distribution in JSON: ${json.slice(0, 200)}`);
  }
  const a = obj.attributes ?? {};
  const num = (k: string): number => {
    const v = a[k];
    if (typeof v !== 'number') throw new TunerError(`distribution ${String(obj.name)}: attribute '${k}' must be a number, got ${JSON.stringify(v)}`);
    return v;
  };
  switch (obj.name) {
    case 'FloatDistribution':
      return new FloatDistribution(num('low'), num('high'), {
        log: a.log === true,
        step: a.step === null || a.step === undefined ? null : num('step'),
      });
    case 'IntDistribution':
      return new IntDistribution(num('low'), num('high'), { log: a.log === true, step: a.step === undefined ? 1 : num('step') });
    case 'CategoricalDistribution':
      if (!Array.isArray(a.choices)) throw new TunerError('CategoricalDistribution: attribute choices must be an array');
      return new CategoricalDistribution(a.choices as CategoricalChoice[]);
    case 'UniformDistribution':
      return new FloatDistribution(num('low'), num('high'));
    case 'LogUniformDistribution':
      return new FloatDistribution(num('low'), num('high'), { log: true });
    case 'DiscreteUniformDistribution':
      return new FloatDistribution(num('low'), num('high'), { step: num('q') });
    case 'IntUniformDistribution':
      return new IntDistribution(num('low'), num('high'), { step: a.step === undefined ? 1 : num('step') });
    case 'IntLogUniformDistribution':
      return new IntDistribution(num('low'), num('high'), { log: true });
    default:
      throw new TunerError(`unknown distribution name ${JSON.stringify(obj.name)}`);
  }
}
