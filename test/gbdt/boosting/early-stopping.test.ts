import { describe, expect, it } from 'vitest';
import { EarlyStopping } from '../../../src/gbdt/boosting/callbacks.js';

/** Naive reference of LightGBM's rule: stop at the first round where a checked pair has gone `rounds` rounds without strict improvement. */
function reference(rounds: number, higher: boolean[], checked: boolean[], values: number[][]): { stopAt: number; best: number } {
  const best = higher.map((h) => (h ? -Infinity : Infinity));
  const bestIt = higher.map(() => 0);
  for (let it = 0; it < values.length; it++) {
    values[it].forEach((v, k) => {
      if (higher[k] ? v > best[k] : v < best[k]) {
        best[k] = v;
        bestIt[k] = it;
      }
    });
    for (let k = 0; k < higher.length; k++) {
      if (checked[k] && (it - bestIt[k] >= rounds || it === values.length - 1)) return { stopAt: it, best: bestIt[k] + 1 };
    }
  }
  return { stopAt: -1, best: 0 };
}

describe('EarlyStopping', () => {
  it('matches the naive rule on random curves (several pairs, higher/lower better, first_metric_only)', () => {
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let trial = 0; trial < 200; trial++) {
      const pairs = 1 + Math.floor(rand() * 3);
      const higher = Array.from({ length: pairs }, () => rand() < 0.5);
      const checked = rand() < 0.5 ? higher.map(() => true) : higher.map((_, k) => k === 0);
      const rounds = 1 + Math.floor(rand() * 6);
      const n = 5 + Math.floor(rand() * 40);
      const values = Array.from({ length: n }, (_, it) => higher.map((h) => (h ? 1 : -1) * Math.log(1 + it) + rand() * 2));
      const ref = reference(rounds, higher, checked, values);
      const es = new EarlyStopping(rounds, higher, checked);
      let stopAt = -1;
      for (let it = 0; it < n; it++) {
        if (es.update(it, values[it], it === n - 1)) {
          stopAt = it;
          break;
        }
      }
      expect(stopAt).toBe(ref.stopAt);
      expect(es.bestIteration).toBe(ref.best);
    }
  });

  it('ties do not count as improvement', () => {
    const es = new EarlyStopping(2, [false]);
    expect(es.update(0, [0.5])).toBe(false);
    expect(es.update(1, [0.5])).toBe(false);
    expect(es.update(2, [0.5])).toBe(true);
    expect(es.bestIteration).toBe(1);
  });
});
