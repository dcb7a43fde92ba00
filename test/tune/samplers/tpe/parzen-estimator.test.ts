// Reference log densities: Optuna 4.5.0's own `_ParzenEstimator.log_pdf` (optuna/samplers/_tpe/
// parzen_estimator.py at tag v4.5.0, run from its source with /usr/bin/python3 + NumPy 1.24 on this
// machine; the script built each estimator with prior_weight=1, default_weights and the flags named
// in each case). The observations of the 'ramp' case are NumPy's RandomState(0).uniform(-3, 3, 40).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import {
  CategoricalDistribution,
  type Distribution,
  FloatDistribution,
  IntDistribution,
} from '../../../../src/tune/distributions.js';
import {
  defaultWeights,
  ParzenEstimator,
  type ParzenEstimatorParameters,
} from '../../../../src/tune/samplers/tpe/parzen-estimator.js';

function params(o: Partial<ParzenEstimatorParameters> = {}): ParzenEstimatorParameters {
  return { priorWeight: 1, considerMagicClip: true, considerEndpoints: false, weights: defaultWeights, multivariate: false, ...o };
}
const f64 = (a: number[]): Float64Array => Float64Array.from(a);
function pe(space: Record<string, Distribution>, obs: Record<string, number[]>, p = params(), w?: number[]): ParzenEstimator {
  const names = Object.keys(space);
  return new ParzenEstimator(names, names.map((k) => space[k]), names.map((k) => f64(obs[k])), p, w);
}
function expectClose(got: Float64Array, want: number[], tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(tol * Math.max(1, Math.abs(want[i])));
}

const RAMP_OBS = [0.2928810235639485, 1.2911361982345166, 0.616580256429863, 0.2692990979813814, -0.45807120396657197, 0.8753646783999365, -0.3744767324238447, 2.3506380046924784, 2.7819765630061752, -0.699350887045334, 1.7503502284959875, 0.17336951851742688, 0.4082673665635941, 2.553579829755966, -2.573783650812678, -2.4772242017907558, -2.878689615358046, 1.9957190732876278, 1.6689405056991031, 2.2200728894809147, 2.8717100533965843, 1.794951385300342, -0.23112382648240892, 1.6831750577187332, -2.2903534447864007, 0.8395261279651427, -2.1398802755457216, 2.6680135022975033, 0.13108993050042983, -0.5120283600568585, -1.4126663273722382, 1.6454021366053002, -0.2630980067007087, 0.41060369321189105, -2.887261197381869, 0.7058129824552624, 0.6725743363345282, 0.7016039812485415, 2.6624884710877446, 1.0909217946209004];

describe('ParzenEstimator matches Optuna 4.5 log densities', () => {
  const F = (lo: number, hi: number, o = {}): FloatDistribution => new FloatDistribution(lo, hi, o);
  const cases: [string, () => ParzenEstimator, Record<string, number[]>, number[]][] = [
    ['float', () => pe({ x: F(0, 10) }, { x: [1, 1.5, 9] }), { x: [0.2, 1.2, 4, 8.9, 9.99] }, [-2.0101505139422073, -1.927782236669418, -2.2795093360208423, -2.6408610747611223, -2.710322120843859]],
    ['float, no magic clip', () => pe({ x: F(0, 10) }, { x: [1, 1.5, 9] }, params({ considerMagicClip: false })), { x: [0.2, 1.2, 4, 8.9, 9.99] }, [-2.086303398675315, -1.3389063314592762, -2.5393131563749805, -2.641275088801319, -2.710366550787474]],
    ['float, endpoints', () => pe({ x: F(0, 10) }, { x: [1, 1.5, 9] }, params({ considerMagicClip: false, considerEndpoints: true })), { x: [0.2, 1.2, 4, 8.9, 9.99] }, [-1.8742267024340153, -1.6612247656689942, -2.52276456059784, -2.6412750888012724, -2.710366550787474]],
    ['int', () => pe({ i: new IntDistribution(0, 10) }, { i: [2, 2, 3, 7, 10] }), { i: [0, 2, 3, 5, 10] }, [-2.6917523385314324, -1.9575137630760753, -1.9996714993983529, -2.500351461220672, -2.677832581813283]],
    ['int step 2', () => pe({ i: new IntDistribution(0, 10, { step: 2 }) }, { i: [2, 4, 4, 10] }), { i: [0, 2, 4, 6, 10] }, [-2.15584299790913, -1.4746120006359433, -1.3164125694265802, -1.683258748616519, -2.404142392477776]],
    ['float step', () => pe({ x: F(0, 2, { step: 0.25 }) }, { x: [0.5, 0.75, 2] }), { x: [0, 0.5, 1, 2] }, [-2.5284682516729156, -1.887427009232253, -1.9779878205223793, -2.597730747300778]],
    ['categorical', () => pe({ c: new CategoricalDistribution(['a', 'b', 'c', 'd']) }, { c: [0, 2, 2] }), { c: [0, 1, 2, 3] }, [-1.268511325463507, -1.8562979903656258, -0.9007865453381897, -1.8562979903656258]],
    ['categorical distance', () => pe({ c: new CategoricalDistribution([1, 2, 4, 8]) }, { c: [0, 2, 2] }, params({ categoricalDistanceFunc: { c: (a, b) => Math.abs((a as number) - (b as number)) } })), { c: [0, 1, 2, 3] }, [-1.4059700970173603, -1.257227460643166, -1.1512285419280988, -1.869626150695162]],
    ['log float', () => pe({ l: F(1e-4, 1, { log: true }) }, { l: [1e-3, 0.02, 0.5] }), { l: [1e-4, 1e-3, 0.1, 0.9] }, [-2.6973895203955776, -2.1962391133548587, -2.1709757350463947, -2.3375885036855655]],
    ['log int', () => pe({ n: new IntDistribution(1, 100, { log: true }) }, { n: [1, 3, 50, 51] }), { n: [1, 2, 10, 100] }, [-1.6576393981985134, -1.5728615945894189, -1.8353271275069698, -1.6996270276965595]],
    ['multivariate', () => pe({ x: F(0, 10), c: new CategoricalDistribution(['a', 'b', 'c', 'd']) }, { x: [1, 1.5, 9], c: [0, 2, 2] }, params({ multivariate: true })), { x: [0.2, 1.2, 8.9], c: [0, 2, 3] }, [-2.9199187330999843, -2.90223092111506, -4.196339812574322]],
    ['predetermined weights', () => pe({ x: F(0, 10) }, { x: [1, 1.5, 9] }, params(), [0.2, 1, 1e-12]), { x: [0.2, 1.2, 4] }, [-1.9670457199992684, -1.9067219260281678, -2.148867818034402]],
    ['no observations', () => pe({ x: F(-1, 1) }, { x: [] }), { x: [-1, 0, 0.5] }, [-0.7771693800689957, -0.6521693800689957, -0.6834193800689957]],
    ['40 observations (weights ramp)', () => pe({ x: F(-3, 3) }, { x: RAMP_OBS }), { x: [-2.5, 0, 1.7] }, [-1.635151126355936, -1.8184869191328668, -1.0822426216721217]],
  ];
  it.each(cases)('%s', (_name, make, xs, want) => {
    const est = make();
    expectClose(est.logPdf(est.names.map((k) => f64(xs[k]))), want);
  });

  it('defaultWeights is a ramp from 1/n past 25 observations', () => {
    expectClose(defaultWeights(30), [0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, ...new Array<number>(26).fill(1)]);
    expect(Array.from(defaultWeights(24))).toEqual(new Array<number>(24).fill(1));
    expect(defaultWeights(0).length).toBe(0);
    expect(Array.from(defaultWeights(26))).toEqual([1 / 26, ...new Array<number>(25).fill(1)]);
  });
});

describe('ParzenEstimator densities integrate to 1', () => {
  const rng = new Rng(7);
  const obsOf = (k: number, f: () => number): number[] => Array.from({ length: k }, f);
  it('continuous float (midpoint rule)', () => {
    const est = pe({ x: new FloatDistribution(-2, 3) }, { x: obsOf(30, () => rng.uniform(-2, 3)) });
    const N = 50000;
    const h = 5 / N;
    const xs = Float64Array.from({ length: N }, (_, i) => -2 + (i + 0.5) * h);
    let s = 0;
    for (const v of est.logPdf([xs])) s += Math.exp(v) * h;
    expect(Math.abs(s - 1)).toBeLessThan(1e-6);
  });
  it('log float (in log space)', () => {
    const est = pe({ x: new FloatDistribution(1e-3, 10, { log: true }) }, { x: obsOf(12, () => Math.exp(rng.uniform(Math.log(1e-3), Math.log(10)))) });
    const lo = Math.log(1e-3);
    const hi = Math.log(10);
    const N = 50000;
    const h = (hi - lo) / N;
    const xs = Float64Array.from({ length: N }, (_, i) => Math.exp(lo + (i + 0.5) * h));
    let s = 0;
    for (const v of est.logPdf([xs])) s += Math.exp(v) * h;
    expect(Math.abs(s - 1)).toBeLessThan(1e-6);
  });
  it('int, stepped int and stepped float (sum over the grid)', () => {
    const spaces: [Distribution, number[]][] = [
      [new IntDistribution(-3, 12), [-3, 0, 0, 5, 11, 12]],
      [new IntDistribution(0, 30, { step: 3 }), [0, 3, 3, 27]],
      [new FloatDistribution(0, 1, { step: 0.1 }), [0.1, 0.2, 0.9, 0.9, 1]],
    ];
    for (const [d, obs] of spaces) {
      const nd = d as IntDistribution | FloatDistribution;
      const step = nd.step as number;
      const grid: number[] = [];
      for (let k = 0; nd.low + k * step <= nd.high + 1e-9; k++) grid.push(nd.low + k * step);
      const est = pe({ p: d }, { p: obs });
      let s = 0;
      for (const v of est.logPdf([f64(grid)])) s += Math.exp(v);
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
  });
  it('log int (continuous in log space over the rounding cells)', () => {
    const est = pe({ n: new IntDistribution(1, 64, { log: true }) }, { n: [1, 2, 8, 60] });
    const mix = est.mixture;
    const lo = Math.log(0.5);
    const hi = Math.log(64.5);
    const N = 50000;
    const h = (hi - lo) / N;
    const t = Float64Array.from({ length: N }, (_, i) => lo + (i + 0.5) * h);
    let s = 0;
    for (const v of mix.logPdf([t], N)) s += Math.exp(v) * h;
    expect(Math.abs(s - 1)).toBeLessThan(1e-6);
  });
  it('categorical, alone and with a distance function', () => {
    for (const p of [params(), params({ categoricalDistanceFunc: { c: (a, b) => Math.abs((a as number) - (b as number)) } })]) {
      const est = pe({ c: new CategoricalDistribution([0, 1, 5, 6, 9]) }, { c: [0, 0, 3, 4] }, p);
      let s = 0;
      for (const v of est.logPdf([f64([0, 1, 2, 3, 4])])) s += Math.exp(v);
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
  });
  it('multivariate float x int x categorical', () => {
    const est = pe(
      { x: new FloatDistribution(0, 1), i: new IntDistribution(0, 4), c: new CategoricalDistribution(['a', 'b']) },
      { x: [0.1, 0.5, 0.9], i: [0, 4, 2], c: [1, 0, 1] },
      params({ multivariate: true }),
    );
    const N = 4000;
    const h = 1 / N;
    let s = 0;
    for (let i = 0; i <= 4; i++) {
      for (let c = 0; c < 2; c++) {
        const xs = Float64Array.from({ length: N }, (_, j) => (j + 0.5) * h);
        const lp = est.logPdf([xs, new Float64Array(N).fill(i), new Float64Array(N).fill(c)]);
        for (const v of lp) s += Math.exp(v) * h;
      }
    }
    expect(Math.abs(s - 1)).toBeLessThan(1e-6);
  });
});

describe('ParzenEstimator.sample', () => {
  it('draws inside the bounds and on the grids', () => {
    const space: Record<string, Distribution> = {
      f: new FloatDistribution(-1, 1),
      l: new FloatDistribution(1e-5, 1e-1, { log: true }),
      s: new FloatDistribution(0, 1, { step: 0.25 }),
      i: new IntDistribution(3, 9, { step: 3 }),
      li: new IntDistribution(1, 1000, { log: true }),
      c: new CategoricalDistribution([true, false, null]),
    };
    for (const multivariate of [false, true]) {
      const est = pe(space, { f: [0.99, -1], l: [1e-5, 0.05], s: [0, 1], i: [9, 9], li: [1, 1000], c: [2, 2] }, params({ multivariate }));
      const xs = est.sample(new Rng(3), 2000);
      const [f, l, s, i, li, c] = xs as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
      for (let j = 0; j < 2000; j++) {
        expect(Math.abs(f[j])).toBeLessThanOrEqual(1);
        expect(l[j]).toBeGreaterThanOrEqual(1e-5);
        expect(l[j]).toBeLessThanOrEqual(1e-1);
        expect([0, 0.25, 0.5, 0.75, 1]).toContain(s[j]);
        expect([3, 6, 9]).toContain(i[j]);
        expect(Number.isInteger(li[j])).toBe(true);
        expect(li[j]).toBeGreaterThanOrEqual(1);
        expect(li[j]).toBeLessThanOrEqual(1000);
        expect([0, 1, 2]).toContain(c[j]);
      }
      // the samples' density is finite everywhere
      for (const v of est.logPdf(xs)) expect(Number.isFinite(v)).toBe(true);
    }
  });
  it('follows the fitted density (sample mean vs numerical mean)', () => {
    const est = pe({ x: new FloatDistribution(0, 10) }, { x: [1, 1.2, 1.4, 8] });
    const xs = est.sample(new Rng(11), 40000)[0];
    let mean = 0;
    for (const v of xs) mean += v / xs.length;
    const N = 20000;
    const grid = Float64Array.from({ length: N }, (_, i) => (i + 0.5) * (10 / N));
    const lp = est.logPdf([grid]);
    let m = 0;
    for (let i = 0; i < N; i++) m += grid[i] * Math.exp(lp[i]) * (10 / N);
    expect(Math.abs(mean - m)).toBeLessThan(0.05);
  });
});

describe('MixtureOfProducts block skipping', () => {
  it('gives the full evaluation for many narrow kernels in ascending order', async () => {
    const { MixtureOfProducts } = await import('../../../../src/tune/samplers/tpe/mixture.js');
    const rng = new Rng(21);
    const K = 1001;
    const mus = Float64Array.from({ length: K - 1 }, () => (rng.random() < 0.7 ? rng.uniform(-1, 1) : rng.uniform(-10, 10))).sort();
    const mu = new Float64Array(K);
    mu.set(mus);
    const sigma = Float64Array.from({ length: K }, (_, k) => (k === K - 1 ? 20 : rng.random() < 0.02 ? rng.uniform(1, 5) : rng.uniform(0.2, 0.3)));
    const w = Float64Array.from({ length: K }, () => rng.uniform(0.01, 1));
    let sw = 0;
    for (const v of w) sw += v;
    for (let k = 0; k < K; k++) w[k] = w[k] / sw;
    const sorted = new MixtureOfProducts(w, [{ kind: 'numeric', mu, sigma, low: -10, high: 10, step: 0 }]);
    // the same kernels shuffled: evaluated without block skipping
    const perm = rng.shuffle(Int32Array.from({ length: K - 1 }, (_, i) => i));
    const mu2 = new Float64Array(K);
    const s2 = new Float64Array(K);
    const w2 = new Float64Array(K);
    for (let r = 0; r < K - 1; r++) {
      mu2[r] = mu[perm[r]];
      s2[r] = sigma[perm[r]];
      w2[r] = w[perm[r]];
    }
    mu2[K - 1] = mu[K - 1];
    s2[K - 1] = sigma[K - 1];
    w2[K - 1] = w[K - 1];
    const shuffled = new MixtureOfProducts(w2, [{ kind: 'numeric', mu: mu2, sigma: s2, low: -10, high: 10, step: 0 }]);
    const xs = Float64Array.from({ length: 300 }, (_, i) => (i < 200 ? rng.uniform(-1.2, 1.2) : rng.uniform(-10, 10)));
    xs[0] = -10;
    xs[1] = 10;
    const a = sorted.logPdf([xs]);
    const b = shuffled.logPdf([xs]);
    for (let j = 0; j < xs.length; j++) expect(Math.abs(a[j] - b[j])).toBeLessThan(1e-12 * Math.max(1, Math.abs(b[j])));
    expect(sorted.logPdf([Float64Array.from([10.5])])[0]).toBe(-Infinity);
  });
});
