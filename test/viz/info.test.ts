import { describe, expect, it } from 'vitest';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../src/tune/distributions.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import type { Study } from '../../src/tune/study/study.js';
import { createTrial, type CreateTrialOptions } from '../../src/tune/trial/create-trial.js';
import { getContourInfo } from '../../src/viz/info/contour.js';
import { getEdfInfo } from '../../src/viz/info/edf.js';
import { getIntermediateValuesInfo } from '../../src/viz/info/intermediate-values.js';
import { getOptimizationHistoryInfo } from '../../src/viz/info/optimization-history.js';
import { getParallelCoordinateInfo, niceDown, niceUp } from '../../src/viz/info/parallel-coordinate.js';
import { getParamImportancesInfo } from '../../src/viz/info/param-importances.js';
import { getParetoFrontInfo } from '../../src/viz/info/pareto-front.js';
import { getRankInfo, rankFractions } from '../../src/viz/info/rank.js';
import { getSliceInfo } from '../../src/viz/info/slice.js';
import { getTimelineInfo } from '../../src/viz/info/timeline.js';
import { getTimeToBestInfo } from '../../src/viz/info/time-to-best.js';
import { reportCharts, buildHtmlReport } from '../../src/viz/report.js';

const X = new FloatDistribution(0, 10);
const LR = new FloatDistribution(1e-3, 1, { log: true });
const K = new CategoricalDistribution(['a', null, true]);
const N = new IntDistribution(1, 5);

async function studyOf(trials: CreateTrialOptions[], direction: 'minimize' | 'maximize' = 'minimize', name = 's'): Promise<Study> {
  const study = await createStudy({ direction, studyName: name });
  await study.addTrials(trials.map((t) => createTrial(t)));
  return study;
}

/** Four COMPLETE trials, one PRUNED; lr only in trials 0, 2 and 4 (conditional). */
function basic(): CreateTrialOptions[] {
  return [
    { params: { x: 1, lr: 0.01, k: 'a' }, distributions: { x: X, lr: LR, k: K }, value: 3, intermediateValues: { 2: 5, 0: 7 } },
    { params: { x: 2, k: null }, distributions: { x: X, k: K }, value: 1 },
    { params: { x: 3, lr: 0.1, k: true }, distributions: { x: X, lr: LR, k: K }, state: 'PRUNED', intermediateValues: { 0: 9 } },
    { params: { x: 4, k: 'a' }, distributions: { x: X, k: K }, value: 2 },
    { params: { x: 5, lr: 1, k: true }, distributions: { x: X, lr: LR, k: K }, value: 0.5 },
  ];
}

describe('getOptimizationHistoryInfo', () => {
  it('lists COMPLETE trials with the best value so far (minimize and maximize)', async () => {
    const info = getOptimizationHistoryInfo(await studyOf(basic()));
    expect(info.targetName).toBe('Objective Value');
    expect(info.series[0]).toEqual({ studyName: 's', numbers: [0, 1, 3, 4], values: [3, 1, 2, 0.5], bestValues: [3, 1, 1, 0.5] });
    const max = getOptimizationHistoryInfo(await studyOf(basic(), 'maximize'));
    expect(max.series[0].bestValues).toEqual([3, 3, 3, 3]);
    // a custom target draws no best line (as Optuna)
    const custom = getOptimizationHistoryInfo(await studyOf(basic()), { target: (t) => -t.values![0], targetName: 'neg' });
    expect(custom.targetName).toBe('neg');
    expect(custom.series[0].values).toEqual([-3, -1, -2, -0.5]);
    expect(custom.series[0].bestValues).toEqual([]);
  });

  it('overlays studies and computes mean ± std per trial number', async () => {
    const a = await studyOf([{ value: 1 }, { value: 3 }], 'minimize', 'a');
    const b = await studyOf([{ value: 3 }, { value: 1 }], 'minimize', 'b');
    const info = getOptimizationHistoryInfo([a, b], { errorBar: true });
    expect(info.series.map((s) => s.studyName)).toEqual(['a', 'b']);
    expect(info.errorBar).toEqual({ numbers: [0, 1], mean: [2, 2], std: [1, 1], bestMean: [2, 1], bestStd: [1, 0] });
    const c = await studyOf([{ value: 1 }], 'maximize', 'c');
    expect(() => getOptimizationHistoryInfo([a, c])).toThrow(/same direction/);
  });
});

describe('getSliceInfo', () => {
  it('draws each param only for the trials that have it, on its scale', async () => {
    const info = getSliceInfo(await studyOf(basic()));
    expect(info.subplots.map((s) => s.axis.param)).toEqual(['k', 'lr', 'x']);
    const [k, lr, x] = info.subplots;
    expect(k.axis).toEqual({ param: 'k', scale: 'category', min: null, max: null, categories: ['a', 'None', 'True'] });
    expect(k.points.map((p) => p.x)).toEqual(['a', 'None', 'a', 'True']);
    expect(lr.axis).toEqual({ param: 'lr', scale: 'log', min: 1e-3, max: 1, categories: null });
    expect(lr.points).toEqual([
      { x: 0.01, y: 3, number: 0 },
      { x: 1, y: 0.5, number: 4 },
    ]);
    expect(x.axis.scale).toBe('linear');
    expect(x.points.map((p) => p.number)).toEqual([0, 1, 3, 4]);
    const again = await studyOf(basic());
    expect(() => getSliceInfo(again, { params: ['nope'] })).toThrow(/param 'nope' does not exist/);
  });
});

describe('getContourInfo', () => {
  it('pairs params, keeps trials with both, and interpolates by inverse distance', async () => {
    const trials: CreateTrialOptions[] = [
      { params: { x: 0, n: 1 }, distributions: { x: X, n: N }, value: 0 },
      { params: { x: 10, n: 5 }, distributions: { x: X, n: N }, value: 10 },
      { params: { x: 5 }, distributions: { x: X }, value: 100 },
    ];
    const info = getContourInfo(await studyOf(trials), { resolution: 4 });
    expect(info.subplots).toHaveLength(1);
    const s = info.subplots[0];
    expect(s.xAxis.param).toBe('n');
    expect(s.points.map((p) => p.number)).toEqual([0, 1]);
    expect(s.grid!.xs).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(s.grid!.ys).toEqual([1.25, 3.75, 6.25, 8.75]);
    // naive IDW at cell (ix=1, iy=2): units u = (v - low) / (high - low)
    const gx = (2.5 - 1) / 4;
    const gy = 6.25 / 10;
    const w0 = 1 / ((0 - gx) ** 2 + (0 - gy) ** 2);
    const w1 = 1 / ((1 - gx) ** 2 + (1 - gy) ** 2);
    expect(s.grid!.z[2][1]).toBeCloseTo((w1 * 10) / (w0 + w1), 12);
    expect(info.zMin).toBe(0);
    expect(info.zMax).toBe(100);
    expect(info.minimize).toBe(true);
  });

  it('leaves cells of unused categories empty and works in log space', async () => {
    const info = getContourInfo(await studyOf(basic()), { params: ['k', 'lr'], resolution: 2 });
    const s = info.subplots[0];
    expect(s.points.map((p) => [p.x, p.y])).toEqual([
      ['a', 0.01],
      ['True', 1],
    ]);
    expect(s.grid!.xs).toEqual([0, 1, 2]);
    expect(s.grid!.ys[0]).toBeCloseTo(Math.exp(Math.log(1e-3) * 0.75), 12);
    expect(s.grid!.z.map((r) => Number.isNaN(r[1]))).toEqual([true, true]);
    expect(s.grid!.z.every((r) => !Number.isNaN(r[0]) && !Number.isNaN(r[2]))).toBe(true);
  });
});

describe('getParallelCoordinateInfo', () => {
  it('puts the target first and draws only trials that have every param', async () => {
    const info = getParallelCoordinateInfo(await studyOf(basic()));
    expect(info.dimensions.map((d) => d.name)).toEqual(['Objective Value', 'k', 'lr', 'x']);
    expect(info.dimensions[0]).toMatchObject({ min: 0.5, max: 3 });
    expect([niceDown(0.99993), niceUp(0.99993), niceDown(-1.2345), niceUp(7.45e-5)]).toEqual([0.999, 1, -1.24, 7.45e-5]);
    expect(info.lines).toEqual([
      { number: 0, values: [3, 'a', 0.01, 1] },
      { number: 4, values: [0.5, 'True', 1, 5] },
    ]);
    const two = getParallelCoordinateInfo(await studyOf(basic()), { params: ['x'] });
    expect(two.lines.map((l) => l.number)).toEqual([0, 1, 3, 4]);
  });
});

describe('getEdfInfo', () => {
  it('is the fraction of values at most x on 100 points spanning every study', async () => {
    const a = await studyOf([{ value: 0 }, { value: 1 }, { value: 2 }, { value: 3 }], 'minimize', 'a');
    const b = await studyOf([{ value: 4 }], 'minimize', 'b');
    const info = getEdfInfo([a, b]);
    expect(info.xs).toHaveLength(100);
    expect(info.xs[0]).toBe(0);
    expect(info.xs[99]).toBe(4);
    const la = info.lines[0];
    expect(la.ys[0]).toBe(0.25);
    expect(la.ys[99]).toBe(1);
    const i = info.xs.findIndex((x) => x >= 1.5);
    expect(la.ys[i]).toBe(0.5);
    expect(info.lines[1].ys.slice(0, 99).every((y) => y === 0)).toBe(true);
    expect(info.lines[1].ys[99]).toBe(1);
  });
});

describe('getIntermediateValuesInfo, getTimelineInfo', () => {
  it('learning curves are sorted by step; FAIL trials are left out', async () => {
    const info = getIntermediateValuesInfo(await studyOf(basic()));
    expect(info.lines).toEqual([
      { number: 0, state: 'COMPLETE', steps: [0, 2], values: [7, 5] },
      { number: 2, state: 'PRUNED', steps: [0], values: [9] },
    ]);
  });

  it('bars run from start to completion; running trials until now', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const study = await studyOf([
      { value: 1, datetimeStart: new Date(t0), datetimeComplete: new Date(t0 + 1000) },
      { state: 'RUNNING', datetimeStart: new Date(t0 + 500) },
      { state: 'WAITING' },
    ]);
    expect(getTimelineInfo(study, { now: t0 + 4000 }).bars).toEqual([
      { number: 0, state: 'COMPLETE', start: t0, end: t0 + 1000 },
      { number: 1, state: 'RUNNING', start: t0 + 500, end: t0 + 4000 },
    ]);
  });
});

describe('getTimeToBestInfo', () => {
  it('the best so far against the seconds since the first start, in order of completion; new bests marked', async () => {
    const t0 = Date.UTC(2026, 0, 1);
    const at = (start: number, end: number): Pick<CreateTrialOptions, 'datetimeStart' | 'datetimeComplete'> => ({
      datetimeStart: new Date(t0 + start),
      datetimeComplete: new Date(t0 + end),
    });
    // trial 1 ends before trial 0 (two workers); trial 2 is pruned; trial 4 runs
    const study = await studyOf(
      [
        { value: 0.9, ...at(0, 3000) },
        { value: 0.8, ...at(500, 1500) },
        { state: 'PRUNED', ...at(3000, 3500) },
        { value: 0.95, ...at(3500, 6000) },
        { state: 'RUNNING', datetimeStart: new Date(t0 + 6000) },
        { value: 0.7, ...at(6000, 7000) },
      ],
      'maximize',
    );
    const info = getTimeToBestInfo(study);
    expect(info.points).toEqual([
      { trial: 1, state: 'COMPLETE', seconds: 1.5, best: 0.8 },
      { trial: 0, state: 'COMPLETE', seconds: 3, best: 0.9 },
      { trial: 2, state: 'PRUNED', seconds: 3.5, best: 0.9 },
      { trial: 3, state: 'COMPLETE', seconds: 6, best: 0.95 },
      { trial: 5, state: 'COMPLETE', seconds: 7, best: 0.95 },
    ]);
    expect(info.improvements).toEqual([
      { trial: 1, seconds: 1.5, value: 0.8 },
      { trial: 0, seconds: 3, value: 0.9 },
      { trial: 3, seconds: 6, value: 0.95 },
    ]);
    // the report draws it, and its trials table shows the scalar user attrs (not an object attr)
    expect(reportCharts(study).map((c) => c.name)).toContain('time-to-best');
  });

  it("the report's trials table has a column per scalar user attr", async () => {
    const study = await studyOf([
      { value: 1, userAttrs: { rounds_run: 120, seconds: 0.5, gbdt_params: { a: 1 } } },
      { state: 'PRUNED', userAttrs: { rounds_run: 12, stopped: 'time budget' } },
    ]);
    const html = buildHtmlReport(study);
    const data = JSON.parse(/"trials":(\{"columns".*?\]\]\})/.exec(html)![1]) as { columns: string[]; rows: unknown[][] };
    expect(data.columns).toEqual(['number', 'state', 'value', 'duration (s)', 'rounds_run', 'seconds', 'stopped']);
    expect(data.rows[0].slice(4)).toEqual([120, 0.5, null]);
    expect(data.rows[1].slice(4)).toEqual([12, null, 'time budget']);
  });
});

describe('getRankInfo', () => {
  it('ranks values in [0, 1] (best 0, ties averaged)', async () => {
    expect(rankFractions([3, 1, 2], true)).toEqual([1, 0, 0.5]);
    expect(rankFractions([3, 1, 2], false)).toEqual([0, 1, 0.5]);
    expect(rankFractions([1, 1, 2], true)).toEqual([0.25, 0.25, 1]);
    const info = getRankInfo(await studyOf(basic()), { params: ['x'] });
    expect(info.subplots[0].yAxis).toBeNull();
    expect(info.subplots[0].points.map((p) => [p.x, p.y, p.rank])).toEqual([
      [1, 3, 1],
      [2, 1, 1 / 3],
      [4, 2, 2 / 3],
      [5, 0.5, 0],
    ]);
    const pairs = getRankInfo(await studyOf(basic()), { params: ['x', 'lr'] });
    expect(pairs.subplots[0].points.map((p) => p.number)).toEqual([0, 4]);
  });
});

describe('getParetoFrontInfo, getParamImportancesInfo', () => {
  it('splits the front from the dominated trials', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'] });
    for (const values of [[1, 1], [2, 3], [3, 2], [0, 0]]) await study.addTrial(createTrial({ values }));
    const info = getParetoFrontInfo(study);
    expect(info.targetNames).toEqual(['Objective 0', 'Objective 1']);
    expect(info.best.map((p) => p.number)).toEqual([0, 1, 3]);
    expect(info.dominated.map((p) => p.number)).toEqual([2]);
    expect(getParetoFrontInfo(study, { includeDominatedTrials: false }).dominated).toEqual([]);
    const single = await studyOf([{ value: 1 }]);
    expect(() => getParetoFrontInfo(single)).toThrow(/needs two or more/);
  });

  it('gives one importance set per objective of a multi-objective study', async () => {
    const study = await createStudy({ directions: ['minimize', 'minimize'] });
    for (let i = 0; i < 30; i++) {
      const x = (i * 7) % 10;
      const y = (i * 3) % 10;
      await study.addTrial(createTrial({ params: { x, y }, distributions: { x: X, y: X }, values: [x, y] }));
    }
    const info = getParamImportancesInfo(study, { evaluator: 'mdi' });
    expect(info.objectives.map((o) => o.targetName)).toEqual(['Objective 0', 'Objective 1']);
    expect(info.objectives[0].importances[0].param).toBe('x');
    expect(info.objectives[1].importances[0].param).toBe('y');
  });
});
