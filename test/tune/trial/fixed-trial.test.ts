import { describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../src/core/log.js';
import { FixedTrial } from '../../../src/tune/trial/fixed-trial.js';
import type { Trial } from '../../../src/tune/trial/trial.js';

describe('FixedTrial', () => {
  const objective = (t: Trial): number => {
    const x = t.suggestFloat('x', -10, 10);
    const k = t.suggestCategorical('k', ['a', 'b']);
    t.report(x, 0);
    if (t.shouldPrune()) return -1;
    return (x - 2) ** 2 + (k === 'a' ? 0 : 1);
  };

  it('runs an objective with the given params', () => {
    const t = new FixedTrial({ x: 3, k: 'b' });
    expect(objective(t)).toBe(2);
    expect(t.params).toEqual({ x: 3, k: 'b' });
    expect([...t.intermediateValues]).toEqual([[0, 3]]);
    expect(t.number).toBe(0);
  });

  it('names a missing param and warns for one out of range', async () => {
    expect(() => objective(new FixedTrial({ x: 3 }))).toThrow(/parameter 'k' is not among the given params/);
    const logs = await captureLogsAsync(async () => {
      expect(objective(new FixedTrial({ x: 12, k: 'a' }))).toBe(100);
    });
    expect(logs.some((l) => /'x' with value 12 is out of range/.test(l.message))).toBe(true);
    expect(() => objective(new FixedTrial({ x: 1, k: 'c' }))).toThrow(/'k'/);
  });
});
