import { describe, expect, it } from 'vitest';
import { TunerError } from '../../src/core/errors.js';
import { captureLogs } from '../../src/core/log.js';
import {
  CategoricalDistribution,
  checkDistributionCompatibility,
  distributionFromJson,
  distributionsEqual,
  distributionToJson,
  FloatDistribution,
  IntDistribution,
  isNumericDistribution,
  type Distribution,
} from '../../src/tune/distributions.js';

describe('distributions', () => {
  it("validates as Optuna does, with messages naming the value", () => {
    expect(() => new FloatDistribution(0, 1, { log: true })).toThrow(/low \(0\) must be > 0 when log is true/);
    expect(() => new FloatDistribution(1, 10, { log: true, step: 1 })).toThrow(/log and step cannot be used at the same time/);
    expect(() => new FloatDistribution(2, 1)).toThrow(/low \(2\) must be <= high \(1\)/);
    expect(() => new FloatDistribution(0, NaN)).toThrow(TunerError);
    expect(() => new FloatDistribution(0, 1, { step: 0 })).toThrow(/step \(0\) must be > 0/);
    expect(() => new IntDistribution(0, 5, { log: true })).toThrow(/low \(0\) must be >= 1 when log is true/);
    expect(() => new IntDistribution(1, 5, { log: true, step: 2 })).toThrow(/log and step/);
    expect(() => new IntDistribution(0.5, 5)).toThrow(/must be integers/);
    expect(() => new IntDistribution(0, 5, { step: 1.5 })).toThrow(/positive integer/);
    expect(() => new CategoricalDistribution([])).toThrow(/non-empty/);
    expect(() => new CategoricalDistribution([{}] as never)).toThrow(/not supported/);
  });

  it('rounds high down to the step grid with a warning (Optuna: [0, 10] step 3 → [0, 9])', () => {
    let d: IntDistribution | undefined;
    const logs = captureLogs(() => {
      d = new IntDistribution(0, 10, { step: 3 });
    });
    expect(d?.high).toBe(9);
    expect(logs.some((l) => l.level === 'warn' && /replaced by 9/.test(l.message))).toBe(true);
    let f: FloatDistribution | undefined;
    captureLogs(() => {
      f = new FloatDistribution(0, 1, { step: 0.3 });
    });
    expect(f?.high).toBeCloseTo(0.9, 12);
    // an exact multiple keeps its high, despite binary rounding
    expect(new FloatDistribution(0, 0.3, { step: 0.1 }).high).toBe(0.3);
  });

  it('knows single points, containment and internal/external values', () => {
    expect(new FloatDistribution(1, 1).single()).toBe(true);
    expect(new FloatDistribution(0, 0.4, { step: 0.5 }).single()).toBe(true);
    expect(new IntDistribution(3, 4, { step: 2 }).single()).toBe(true);
    expect(new CategoricalDistribution(['x']).single()).toBe(true);
    expect(new FloatDistribution(0, 1).single()).toBe(false);
    const s = new FloatDistribution(0, 1, { step: 0.25 });
    expect(s.contains(0.75)).toBe(true);
    expect(s.contains(0.8)).toBe(false);
    expect(new IntDistribution(1, 9, { step: 2 }).contains(4)).toBe(false);
    const c = new CategoricalDistribution([null, false, 0, '', 'a']);
    expect(c.toInternal(false)).toBe(1);
    expect(c.toInternal(0)).toBe(2);
    expect(c.toInternal('')).toBe(3);
    expect(c.toExternal(0)).toBeNull();
    expect(() => c.toInternal('b')).toThrow(/"b" is not one of the choices/);
    expect(new IntDistribution(0, 5).toExternal(2.9999999)).toBe(3);
    expect(isNumericDistribution(c)).toBe(false);
  });

  it("writes Optuna's JSON and reads it back, including the legacy names", () => {
    const ds: Distribution[] = [
      new FloatDistribution(1e-5, 1, { log: true }),
      new FloatDistribution(0, 1, { step: 0.25 }),
      new IntDistribution(1, 10, { step: 3 }),
      new IntDistribution(1, 100, { log: true }),
      new CategoricalDistribution([null, true, 1, 2.5, 'a']),
    ];
    for (const d of ds) expect(distributionsEqual(distributionFromJson(distributionToJson(d)), d)).toBe(true);
    // JSON as Optuna 3.1 writes it (key order differs; values identical)
    const optuna = [
      '{"name": "FloatDistribution", "attributes": {"step": null, "low": 1e-05, "high": 1.0, "log": true}}',
      '{"name": "IntDistribution", "attributes": {"log": false, "step": 3, "low": 1, "high": 10}}',
      '{"name": "CategoricalDistribution", "attributes": {"choices": [null, true, 1, 2.5, "a"]}}',
    ];
    expect(distributionsEqual(distributionFromJson(optuna[0]), ds[0])).toBe(true);
    expect(distributionsEqual(distributionFromJson(optuna[1]), ds[2])).toBe(true);
    expect(distributionsEqual(distributionFromJson(optuna[2]), ds[4])).toBe(true);
    expect(distributionFromJson('{"name":"LogUniformDistribution","attributes":{"low":0.1,"high":2}}')).toEqual(
      new FloatDistribution(0.1, 2, { log: true }),
    );
    expect(distributionFromJson('{"name":"IntUniformDistribution","attributes":{"low":0,"high":8,"step":2}}')).toEqual(
      new IntDistribution(0, 8, { step: 2 }),
    );
    expect(() => distributionFromJson('{"name":"Nope","attributes":{}}')).toThrow(/unknown distribution name "Nope"/);
    expect(() => distributionFromJson('not json')).toThrow(/not a distribution in JSON/);
  });

  it('checks compatibility of redefinitions', () => {
    expect(() => checkDistributionCompatibility('x', new FloatDistribution(0, 1), new FloatDistribution(0, 5))).not.toThrow();
    expect(() => checkDistributionCompatibility('x', new FloatDistribution(0, 1), new IntDistribution(0, 1))).toThrow(/'x'.*float.*int/);
    expect(() => checkDistributionCompatibility('x', new FloatDistribution(1, 2), new FloatDistribution(1, 2, { log: true }))).toThrow(/log/);
    expect(() =>
      checkDistributionCompatibility('k', new CategoricalDistribution(['a']), new CategoricalDistribution(['a', 'b'])),
    ).toThrow(/'k': categorical choices/);
  });
});
