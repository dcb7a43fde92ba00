import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { LambdarankObjective, RankXendcgObjective } from '../../../src/gbdt/objective/ranking.js';
import { resolveParams } from '../../../src/params/resolve.js';

const gradients = (obj: LambdarankObjective | RankXendcgObjective, label: number[], score: number[], queries: number[]): [Float32Array, Float32Array] => {
  obj.init(Float64Array.from(label), null, Uint32Array.from(queries));
  const g = new Float32Array(label.length);
  const h = new Float32Array(label.length);
  obj.getGradients(Float64Array.from(score), g, h);
  return [g, h];
};

describe('lambdarank', () => {
  // one pair: row 1 (label 1) below row 0 (label 0). Burges' lambda: -sigmoid / (1 + exp(sigmoid ds)),
  // scaled by |delta NDCG| = |gain gap| |1/log2(2) - 1/log2(3)| / maxDCG (maxDCG = 1)
  const dNdcg = 1 - 1 / Math.log2(3);
  const p = 1 / (1 + Math.exp(-0.5)); // the sigmoid at ds = s_high - s_low = -0.5

  it('one pair, plain (lambdarank_norm = false): the RankNet gradient times |delta NDCG|', () => {
    for (const sigmoid of [1, 2]) {
      const ps = 1 / (1 + Math.exp(sigmoid * -0.5));
      const [g, h] = gradients(new LambdarankObjective({ ...resolveParams({ objective: 'lambdarank', sigmoid }), lambdarank_norm: false }), [0, 1], [0.3, -0.2], [0, 2]);
      expect(g[1]).toBeCloseTo(-sigmoid * ps * dNdcg, 5);
      expect(g[0]).toBeCloseTo(sigmoid * ps * dNdcg, 5);
      expect(h[0]).toBeCloseTo(sigmoid * sigmoid * ps * (1 - ps) * dNdcg, 5);
      expect(h[1]).toBe(h[0]);
    }
  });

  it('normalised (default): delta NDCG over 0.01 + |score gap|, lambdas times log2(1 + sum) / sum', () => {
    const [g, h] = gradients(new LambdarankObjective(resolveParams({ objective: 'lambdarank' })), [0, 1], [0.3, -0.2], [0, 2]);
    const d = dNdcg / (Math.fround(0.01) + 0.5);
    const sum = 2 * p * d;
    const norm = Math.log2(1 + sum) / sum;
    expect(g[1]).toBeCloseTo(-p * d * norm, 5);
    expect(g[0]).toBeCloseTo(p * d * norm, 5);
    expect(h[1]).toBeCloseTo(p * (1 - p) * d * norm, 5);
    // equal scores: no division by the gap (LightGBM: only when best != worst score)
    const [g2] = gradients(new LambdarankObjective(resolveParams({ objective: 'lambdarank' })), [0, 1], [0, 0], [0, 2]);
    const s2 = 2 * 0.5 * dNdcg;
    expect(g2[1]).toBeCloseTo(-0.5 * dNdcg * (Math.log2(1 + s2) / s2), 5);
  });

  it('lambdarank_truncation_level: only pairs with a row among the top k by score count', () => {
    // by score: row 0 (label 0), row 1 (label 2), row 2 (label 1), row 3 (label 0)
    const label = [0, 2, 1, 0];
    const score = [3, 2, 1, 0];
    const [g1] = gradients(new LambdarankObjective({ ...resolveParams({ objective: 'lambdarank' }), lambdarank_truncation_level: 1 }), label, score, [0, 4]);
    // row 3's only pair with the top row has equal labels: no gradient; pair (1, 2) is below the top 1
    expect(g1[3]).toBe(0);
    const [g30] = gradients(new LambdarankObjective(resolveParams({ objective: 'lambdarank' })), label, score, [0, 4]);
    expect(g30[3]).toBeGreaterThan(0);
    expect(g30[1]).toBeLessThan(0);
  });

  it('label_gain sets the gains (default 2^i - 1); labels must lie below its length', () => {
    const label = [0, 1, 2];
    const score = [0.5, 0.1, -0.4];
    const [gd] = gradients(new LambdarankObjective(resolveParams({ objective: 'lambdarank' })), label, score, [0, 3]);
    const [g3] = gradients(new LambdarankObjective(resolveParams({ objective: 'lambdarank', label_gain: [0, 1, 3] })), label, score, [0, 3]);
    expect(Array.from(g3)).toEqual(Array.from(gd));
    const [g2] = gradients(new LambdarankObjective(resolveParams({ objective: 'lambdarank', label_gain: [0, 1, 2] })), label, score, [0, 3]);
    expect(g2[2]).not.toBe(gd[2]);
    expect(() => gradients(new LambdarankObjective(resolveParams({ objective: 'lambdarank', label_gain: [0, 1] })), label, score, [0, 3])).toThrow(
      /label of row 2 is 2, not below the 2 label gains/,
    );
  });
});

describe('rank_xendcg', () => {
  /** LightGBM's Random(seed).NextFloat(), written out: x = 214013 x + 2531011 (mod 2^32), (x >> 16 & 0x7fff) / 2^15. */
  function lcg(seed: number): () => number {
    let x = BigInt(seed);
    return () => {
      x = (214013n * x + 2531011n) % 2n ** 32n;
      return Number((x >> 16n) & 0x7fffn) / 32768;
    };
  }

  /**
   * Bruch et al. (2019), XE-NDCG: cross entropy between softmax(s) and phi = (2^y - u) / sum, with
   * LightGBM's approximation of the gradient's inverse Hessian (terms up to third order).
   */
  function reference(label: number[], score: number[], draws: () => number): number[] {
    const m = Math.max(...score);
    const e = score.map((s) => Math.exp(s - m));
    const z = e.reduce((a, b) => a + b, 0);
    const rho = e.map((v) => v / z);
    const phi = label.map((y) => 2 ** y - draws());
    const zp = phi.reduce((a, b) => a + b, 0);
    const t1 = rho.map((r, i) => r - phi[i]! / zp);
    const l1 = t1.reduce((a, t, i) => a + t / (1 - rho[i]!), 0);
    const t2 = rho.map((r, i) => r * (l1 - t1[i]! / (1 - r)));
    const l2 = t2.reduce((a, t, i) => a + t / (1 - rho[i]!), 0);
    const t3 = rho.map((r, i) => r * (l2 - t2[i]! / (1 - r)));
    return t1.map((t, i) => t + t2[i]! + t3[i]!);
  }

  it("per query, LightGBM's draws (seeded objective_seed + query), round after round", () => {
    const rng = new Rng(3);
    const queries = [0, 7, 8, 20];
    const label = Array.from({ length: 20 }, () => rng.below(4));
    const obj = new RankXendcgObjective(resolveParams({ objective: 'rank_xendcg', objective_seed: 11 }));
    obj.init(Float64Array.from(label), null, Uint32Array.from(queries));
    const draws = [lcg(11), lcg(12), lcg(13)];
    for (let round = 0; round < 3; round++) {
      const score = Array.from({ length: 20 }, () => rng.normal());
      const g = new Float32Array(20);
      const h = new Float32Array(20);
      obj.getGradients(Float64Array.from(score), g, h);
      for (let q = 0; q < 3; q++) {
        const rows = label.slice(queries[q], queries[q + 1]);
        if (rows.length === 1) {
          // one row: nothing to rank, and no draw
          expect([g[queries[q]!], h[queries[q]!]]).toEqual([0, 0]);
          continue;
        }
        const want = reference(rows, score.slice(queries[q], queries[q + 1]), draws[q]!);
        want.forEach((v, i) => expect(g[queries[q]! + i]).toBeCloseTo(v, 6));
      }
    }
  });
});
