import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { percentile, weightedPercentile } from '../../../src/gbdt/objective/percentile.js';

function naiveMedian(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('percentile (LightGBM PercentileFun)', () => {
  it('is the median for alpha = 0.5 on seeded arrays', () => {
    const rng = new Rng(3);
    for (let n = 1; n <= 40; n++) {
      const xs = Array.from({ length: n }, () => Math.round(rng.random() * 20) - 10 + (rng.random() < 0.5 ? 0.25 : 0));
      expect(percentile(Float64Array.from(xs), n, 0.5)).toBeCloseTo(naiveMedian(xs), 12);
    }
  });

  it('interpolates other quantiles from the top as LightGBM', () => {
    // n = 5, alpha = 0.9: floatPos = 0.4, pos = 1, bias 0.4 → d[0] - (d[0]-d[1])*0.4 with d descending
    expect(percentile(Float64Array.from([1, 2, 3, 4, 5]), 5, 0.9)).toBeCloseTo(5 - 0.4, 12);
    expect(percentile(Float64Array.from([1, 2, 3, 4, 5]), 5, 0)).toBe(1);
    expect(percentile(Float64Array.from([1, 2, 3, 4, 5]), 5, 1)).toBe(5);
    // only the first n values count
    expect(percentile(Float64Array.from([7, 1, 100, 100]), 2, 0.5)).toBe(4);
  });
});

describe('weightedPercentile (LightGBM 4.7 WeightedPercentileFun)', () => {
  it('ignores order and matches a direct transcription on seeded data', () => {
    const rng = new Rng(9);
    for (let trial = 0; trial < 30; trial++) {
      const n = 2 + Math.floor(rng.random() * 15);
      const v = Float64Array.from({ length: n }, () => Math.floor(rng.random() * 10));
      const w = Float64Array.from({ length: n }, () => 0.1 + rng.random() * 3);
      // reference: sort pairs (stable), cdf, upper_bound, LightGBM 4.7's interpolation rule (on the step the threshold is in)
      const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b);
      const cdf: number[] = [];
      idx.forEach((i, j) => cdf.push((j > 0 ? cdf[j - 1] : 0) + w[i]));
      const thr = cdf[n - 1] * 0.5;
      let pos = cdf.findIndex((c) => c > thr);
      if (pos < 0) pos = n - 1;
      let want: number;
      if (pos === 0 || pos === n - 1) want = v[idx[pos]];
      else {
        // LightGBM 4.7 (PR #7224): the segment (cdf[pos - 1], cdf[pos]] holding the threshold
        const v1 = v[idx[pos - 1]];
        const v2 = v[idx[pos]];
        const step = cdf[pos] - cdf[pos - 1];
        want = step >= 1 ? ((thr - cdf[pos - 1]) / step) * (v2 - v1) + v1 : v1;
      }
      const got = weightedPercentile(v, w, n, 0.5);
      expect(got).toBe(want);
      // never outside the values (LightGBM 4.6's interpolation could leave them)
      expect(got).toBeGreaterThanOrEqual(Math.min(...v));
      expect(got).toBeLessThanOrEqual(Math.max(...v));
    }
  });

  // LightGBM 4.7's initial score of regression_l1 (its weighted median of the labels), one round on rows it cannot split:
  // python3 (LightGBM 4.7) -c "import lightgbm as lgb, numpy as np; X=np.zeros((3,1)); b=lgb.train({'objective':'regression_l1','verbosity':-1,'min_data_in_leaf':5}, lgb.Dataset(X,np.array([1.,2.,3.]),weight=np.array([1.,2.,1.])),1); print(b.predict(X)[0])"
  // -> 1.5 (and 1.5 for labels [3, 1, 2, 10], weights [0.5, 2, 1, 1.5]); LightGBM 4.6 gave 0 for the first, outside the labels
  it("equals LightGBM 4.7's weighted median", () => {
    expect(weightedPercentile(Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 1), 3, 0.5)).toBe(1.5);
    expect(weightedPercentile(Float64Array.of(3, 1, 2, 10), Float64Array.of(0.5, 2, 1, 1.5), 4, 0.5)).toBe(1.5);
  });

  it('stays within the values (LightGBM 4.6 interpolated on the next step: lightgbm-org/LightGBM#7151)', () => {
    // cdf 2, 4, 6, 8, threshold 4 → the step from 2 to 3 holds it: 2 (4.6 gave 1, outside the step)
    expect(weightedPercentile(new Float64Array([1, 2, 3, 4]), new Float64Array([2, 2, 2, 2]), 4, 0.5)).toBe(2);
    // threshold 5 of 8: halfway up the step from 2 to 3
    expect(weightedPercentile(new Float64Array([1, 2, 3, 4]), new Float64Array([2, 2, 2, 2]), 4, 0.625)).toBe(2.5);
    // steps lighter than 1: the value before the step (4.6: the value at it)
    expect(weightedPercentile(new Float64Array([1, 2, 3]), new Float64Array([0.5, 0.25, 0.25]), 3, 0.6)).toBe(1);
    const rng = new Rng(4);
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + Math.floor(rng.random() * 10);
      const v = Float64Array.from({ length: n }, () => rng.random() * 100);
      const w = Float64Array.from({ length: n }, () => rng.random() * 4);
      const p = weightedPercentile(v, w, n, rng.random());
      expect(p).toBeGreaterThanOrEqual(Math.min(...v));
      expect(p).toBeLessThanOrEqual(Math.max(...v));
    }
  });
});
