import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { FloatDistribution } from '../../../src/tune/distributions.js';
import { FanovaImportanceEvaluator, leafBoxes, marginalVariance } from '../../../src/tune/importance/fanova.js';
import { fitForest } from '../../../src/tune/importance/forest.js';
import { getParamImportances } from '../../../src/tune/importance/param-importances.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import { createTrial } from '../../../src/tune/trial/create-trial.js';

describe('fANOVA', () => {
  it('gives the variance shares of an additive function', async () => {
    // f = 2x + y on [0,1]^2: Var(2x) = 4/12, Var(y) = 1/12 -> shares 0.8, 0.2
    const study = await createStudy();
    const rng = new Rng(11);
    const d = { x: new FloatDistribution(0, 1), y: new FloatDistribution(0, 1) };
    for (let i = 0; i < 400; i++) {
      const x = rng.random();
      const y = rng.random();
      await study.addTrial(createTrial({ params: { x, y }, distributions: d, value: 2 * x + y }));
    }
    const raw = new FanovaImportanceEvaluator({ seed: 0, nTrees: 16 }).evaluate(study);
    expect(raw.x).toBeGreaterThan(0.72);
    expect(raw.x).toBeLessThan(0.88);
    expect(raw.y).toBeGreaterThan(0.12);
    expect(raw.y).toBeLessThan(0.28);
    // additive: the main effects explain (almost) all the variance
    expect(raw.x + raw.y).toBeGreaterThan(0.9);
    const norm = getParamImportances(study, { evaluator: new FanovaImportanceEvaluator({ seed: 0, nTrees: 16 }) });
    expect(norm.x).toBeCloseTo(0.8, 1);
  });

  it('marginal variance of a tree matches a brute-force grid', () => {
    const rng = new Rng(2);
    const n = 60;
    const X = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X[2 * i] = rng.random();
      X[2 * i + 1] = rng.uniform(0, 4);
      y[i] = Math.sin(6 * X[2 * i]) + X[2 * i + 1] * X[2 * i];
    }
    const tree = fitForest(X, y, n, 2, { nTrees: 1, seed: 3 }).trees[0];
    const lo = new Float64Array([0, 0]);
    const hi = new Float64Array([1, 4]);
    const boxes = leafBoxes(tree, lo, hi);
    // brute force on a fine midpoint grid
    const G = 400;
    const m = new Float64Array(G); // marginal over column 0
    let mean = 0;
    let sq = 0;
    const row = new Float64Array(2);
    for (let a = 0; a < G; a++) {
      for (let b = 0; b < G; b++) {
        row[0] = (a + 0.5) / G;
        row[1] = (4 * (b + 0.5)) / G;
        const v = tree.predict(row);
        m[a] = m[a] + v / G;
        mean += v / (G * G);
        sq += (v * v) / (G * G);
      }
    }
    let v0 = 0;
    for (let a = 0; a < G; a++) v0 += (m[a] - mean) ** 2 / G;
    // the grid's midpoint rule is within ~1% of the exact box integrals
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(rel(boxes.mean, mean)).toBeLessThan(0.015);
    expect(rel(boxes.variance, sq - mean * mean)).toBeLessThan(0.015);
    expect(rel(marginalVariance(tree, boxes, [0], lo, hi), v0)).toBeLessThan(0.015);
    expect(rel(marginalVariance(tree, boxes, [0, 1], lo, hi), boxes.variance)).toBeLessThan(1e-9);
  });

  it('a forest without bootstrap fits distinct training points exactly', () => {
    const rng = new Rng(5);
    const n = 50;
    const X = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n * 3; i++) X[i] = rng.random();
    for (let i = 0; i < n; i++) y[i] = rng.normal();
    const f = fitForest(X, y, n, 3, { nTrees: 2, bootstrap: false, seed: 1 });
    for (let i = 0; i < n; i++) expect(f.trees[0].predict(X, i * 3)).toBeCloseTo(y[i], 12);
  });
});

describe('PED-ANOVA', () => {
  it('maximizing flips the top trials; several objectives need a target', async () => {
    const study = await createStudy({ direction: 'maximize' });
    const rng = new Rng(8);
    const d = { x: new FloatDistribution(0, 1), y: new FloatDistribution(0, 1) };
    for (let i = 0; i < 200; i++) {
      const x = rng.random();
      const y = rng.random();
      await study.addTrial(createTrial({ params: { x, y }, distributions: d, value: y + 0.01 * x }));
    }
    const imp = getParamImportances(study, { evaluator: 'ped-anova' });
    expect(Object.keys(imp)[0]).toBe('y');
    expect(imp.y).toBeGreaterThan(0.8);
    const mo = await createStudy({ directions: ['minimize', 'minimize'] });
    await mo.addTrial(createTrial({ params: { x: 0.5 }, distributions: { x: d.x }, values: [1, 2] }));
    expect(() => getParamImportances(mo)).toThrow(/several objectives; give target/);
  });
});
