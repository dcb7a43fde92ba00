// BinaryObjective.getGradientsRows (a bagged round's in-bag rows): the values getGradientsRange
// writes for those rows, to the bit, and nothing written for the other rows.
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../src/core/log.js';
import { Rng } from '../../../src/core/rng.js';
import { BinaryObjective } from '../../../src/gbdt/objective/binary.js';

const N = 300;

describe('BinaryObjective.getGradientsRows', () => {
  const rng = new Rng(7);
  const score = Float64Array.from({ length: N }, () => (rng.random() - 0.5) * 8);
  score[3] = 800; // fastExp's Math.exp range
  const label = Float64Array.from({ length: N }, () => (rng.random() < 0.35 ? 1 : 0));
  const weights = Float64Array.from({ length: N }, () => 0.1 + rng.random() * 2);
  const rows = Uint32Array.from({ length: N }, (_, i) => i).filter(() => rng.random() < 0.6);

  it.each([
    ['no weights', { sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 }, false],
    ['weights, sigmoid 0.7, is_unbalance', { sigmoid: 0.7, is_unbalance: true, scale_pos_weight: 1 }, true],
    ['scale_pos_weight 2.5', { sigmoid: 1.3, is_unbalance: false, scale_pos_weight: 2.5 }, false],
  ] as const)('%s: the range values on the listed rows, the others untouched', (_name, params, weighted) => {
    const o = new BinaryObjective(params);
    o.init(label, weighted ? weights : null);
    const g = new Float32Array(N);
    const h = new Float32Array(N);
    o.getGradientsRange(score, g, h, 0, N);
    const gr = new Float32Array(N).fill(-7);
    const hr = new Float32Array(N).fill(-7);
    o.getGradientsRows(score, gr, hr, rows, rows.length - 5);
    const listed = new Set(rows.subarray(0, rows.length - 5));
    for (let i = 0; i < N; i++) {
      if (listed.has(i)) {
        expect(Object.is(gr[i], g[i]) && Object.is(hr[i], h[i])).toBe(true);
      } else {
        expect(gr[i]).toBe(-7);
        expect(hr[i]).toBe(-7);
      }
    }
  });

  it('one class only: zeros on the listed rows', () => {
    const o = new BinaryObjective({ sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 });
    captureLogs(() => o.init(new Float64Array(N), null));
    const g = new Float32Array(N).fill(5);
    const h = new Float32Array(N).fill(5);
    o.getGradientsRows(score, g, h, rows, rows.length);
    const listed = new Set(rows);
    for (let i = 0; i < N; i++) expect([g[i], h[i]]).toEqual(listed.has(i) ? [0, 0] : [5, 5]);
  });
});
