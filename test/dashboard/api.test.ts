/**
 * The dashboard's read API over SQLite and a journal file (node fetch against a real server on a
 * free port): the study list's stats, a study's detail, the trials table's filters, sort and pages
 * (checked against the seeded values), one trial, the plots (the report's set), comparing studies,
 * and the errors (404, 400) naming what is wrong.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import type { Storage } from '../../src/tune/storages/base.js';
import { ensureDashboardAssets, seedStudy } from '../helpers/dashboard.js';
import { InMemoryStorage } from '../../src/tune/storages/memory.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import { createTrial } from '../../src/tune/trial/create-trial.js';
import { FloatDistribution } from '../../src/tune/distributions.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-dash-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STORAGES = [
  { name: 'sqlite', url: () => `sqlite:///${join(dir, 'api.db')}` },
  { name: 'journal', url: () => `journal://${join(dir, 'api.log')}` },
];

describe.each(STORAGES)('dashboard API over $name', ({ url }) => {
  let storage: Storage;
  let dash: Dashboard;
  let a: Awaited<ReturnType<typeof seedStudy>>;
  let betaId = 0;
  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const r = await fetch(`${dash.url}${path.slice(1)}`);
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    storage = await getStorage(url());
    a = await seedStudy(storage, 'alpha', 60, { seed: 1 });
    betaId = (await seedStudy(storage, 'beta', 25, { seed: 2, direction: 'maximize' })).studyId;
    dash = await startDashboard({ storage, port: 0, assetsDir: ensureDashboardAssets() });
  });
  afterAll(async () => {
    await dash.close();
    await storage.close?.();
  });

  it('lists the studies with their trials by state, best value and activity', async () => {
    const { status, body } = await get('/api/studies');
    expect(status).toBe(200);
    const studies = body.studies as Record<string, unknown>[];
    expect(studies.map((s) => s.studyName)).toEqual(['alpha', 'beta']);
    const alpha = studies[0];
    const count = (st: string): number => a.states.filter((s) => s === st).length;
    expect(alpha.states).toEqual({ RUNNING: 0, WAITING: 0, COMPLETE: count('COMPLETE'), PRUNED: count('PRUNED'), FAIL: count('FAIL') });
    expect(alpha.nTrials).toBe(60);
    const best = Math.min(...a.values.filter((v): v is number => v !== null));
    expect((alpha.best as { number: number; values: number[] }).values[0]).toBeCloseTo(best, 12);
    expect((alpha.best as { number: number }).number).toBe(a.values.indexOf(best));
    expect(alpha.datetimeStart).toBe(new Date(Date.UTC(2026, 0, 1)).toISOString());
    expect(alpha.lastActivity).toBe(new Date(Date.UTC(2026, 0, 1) + 590_000 + 5_000).toISOString());
    expect(studies[1].directions).toEqual(['MAXIMIZE']);
  });

  it('gives a study: stats, params with their distributions, an empty note', async () => {
    const { status, body } = await get(`/api/studies/${a.studyId}`);
    expect(status).toBe(200);
    expect((body.study as { studyName: string }).studyName).toBe('alpha');
    expect(Object.keys(body.params as object)).toEqual(['booster', 'depth', 'lr']);
    expect(JSON.parse((body.params as Record<string, string>).lr)).toEqual({ name: 'FloatDistribution', attributes: { log: true, step: null, low: 1e-4, high: 1 } });
    expect(body.note).toEqual({ version: 0, body: '' });
    expect(body.tuning).toBeNull();
  });

  it('filters, sorts and pages the trials on the server', async () => {
    const complete = a.values.map((v, i) => [i, v] as const).filter(([, v]) => v !== null) as [number, number][];
    let r = await get(`/api/studies/${a.studyId}/trials?state=COMPLETE&sort=value&limit=5`);
    expect(r.body.total).toBe(complete.length);
    const rows = r.body.rows as { number: number; values: number[] }[];
    const sorted = [...complete].sort((x, y) => x[1] - y[1] || x[0] - y[0]);
    expect(rows.map((x) => x.number)).toEqual(sorted.slice(0, 5).map(([n]) => n));
    // descending, second page
    r = await get(`/api/studies/${a.studyId}/trials?state=COMPLETE&sort=value&order=desc&limit=5&offset=5`);
    expect((r.body.rows as { number: number }[]).map((x) => x.number)).toEqual([...sorted].reverse().slice(5, 10).map(([n]) => n));
    // failed and pruned
    r = await get(`/api/studies/${a.studyId}/trials?state=fail,PRUNED&limit=1000`);
    expect((r.body.rows as { number: number }[]).map((x) => x.number)).toEqual(a.states.flatMap((s, i) => (s !== 'COMPLETE' ? [i] : [])));
    // param ranges and choices
    r = await get(`/api/studies/${a.studyId}/trials?param.depth=3..5&param.booster=dart&limit=1000`);
    for (const row of r.body.rows as { params: { depth: number; booster: string } }[]) {
      expect(row.params.depth).toBeGreaterThanOrEqual(3);
      expect(row.params.depth).toBeLessThanOrEqual(5);
      expect(row.params.booster).toBe('dart');
    }
    const all = (await get(`/api/studies/${a.studyId}/trials?limit=1000`)).body.rows as { params: { depth: number; booster: string } }[];
    expect(r.body.total).toBe(all.filter((x) => x.params.depth >= 3 && x.params.depth <= 5 && x.params.booster === 'dart').length);
    expect(r.body.total).toBeGreaterThan(0);
    // a value range
    r = await get(`/api/studies/${a.studyId}/trials?value=..1&limit=1000`);
    expect(r.body.total).toBe(complete.filter(([, v]) => v <= 1).length);
    // sort by a param, missing values last either way; limit capped at 1000
    r = await get(`/api/studies/${a.studyId}/trials?sort=param.lr&order=desc&limit=5000`);
    expect(r.body.limit).toBe(1000);
    const lrs = (r.body.rows as { params: { lr: number } }[]).map((x) => x.params.lr);
    expect(lrs).toEqual([...lrs].sort((x, y) => y - x));
  });

  it('answers a wrong query with 400 naming the parameter', async () => {
    const r = await get(`/api/studies/${a.studyId}/trials?state=DONE`);
    expect(r.status).toBe(400);
    expect((r.body.error as { message: string }).message).toMatch(/'DONE' is not a trial state; known: RUNNING, COMPLETE/);
    expect((await get(`/api/studies/${a.studyId}/trials?sort=color`)).status).toBe(400);
    expect((await get(`/api/studies/${a.studyId}/trials?param.lr=abc..1`)).status).toBe(400);
    expect((await get(`/api/studies/${a.studyId}/trials?offset=-3`)).status).toBe(400);
  });

  it('gives one trial in full, and 404/400 for unknown or malformed ids', async () => {
    const { status, body } = await get(`/api/studies/${a.studyId}/trials/6`);
    expect(status).toBe(200);
    const t = body.trial as Record<string, unknown>;
    expect(t.state).toBe('PRUNED');
    expect(t.intermediateValues).toHaveLength(3);
    expect(t.duration).toBe(5);
    expect(Object.keys(t.distributions as object).sort()).toEqual(['booster', 'depth', 'lr']);
    expect((await get(`/api/studies/${a.studyId}/trials/60`)).status).toBe(404);
    expect((await get('/api/studies/99')).status).toBe(404);
    expect((await get(`/api/studies/${a.studyId}/trials/6.5`)).status).toBe(400);
    expect((await get('/api/studies/x')).status).toBe(400);
    expect((await get('/api/nothing')).status).toBe(404);
  });

  it("builds the report's plots of a study, with a tooltip per trial", async () => {
    let body: Record<string, unknown> = {};
    // the first answer may come before the importances; the next set is announced and fetched
    for (let i = 0; i < 100; i++) {
      body = (await get(`/api/studies/${a.studyId}/charts`)).body;
      if (body.final === true) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body.final).toBe(true);
    expect((body.charts as { name: string }[]).map((c) => c.name)).toEqual([
      'optimization-history',
      'param-importances',
      'slice',
      'contour',
      'parallel-coordinate',
      'rank',
      'edf',
      'time-to-best',
      'intermediate-values',
      'timeline',
    ]);
    expect(body.importance).toBe('ready');
    expect((body.tips as string[]).length).toBe(60);
    expect((body.tips as string[])[6]).toContain('Trial 6</b> (PRUNED)');
  });

  it('overlays several studies of one direction, and says why it cannot for mixed directions', async () => {
    // alpha minimizes; a second minimizing study to compare with
    await seedStudy(storage, 'gamma', 10, { seed: 3 });
    dash.watcher.invalidate();
    const ids = ((await get('/api/studies')).body.studies as { studyId: number; studyName: string }[]).filter((s) => s.studyName !== 'beta').map((s) => s.studyId);
    const r = await get(`/api/compare?${ids.map((id) => `study=${id}`).join('&')}`);
    expect(r.status).toBe(200);
    const charts = r.body.charts as { name: string; option: { legend?: { data?: string[] }; series: { name: string }[] } }[];
    expect(charts.map((c) => c.name)).toEqual(['optimization-history', 'edf']);
    expect(charts[1].option.series.map((s) => s.name)).toEqual(['alpha', 'gamma']);
    const mixed = await get(`/api/compare?study=${a.studyId}&study=${betaId}`);
    expect(mixed.status).toBe(400);
    expect((mixed.body.error as { message: string }).message).toMatch(/same direction/);
  });
});

describe('a multi-objective study', () => {
  it('lists its Pareto front size and plots its Pareto front', async () => {
    const storage = new InMemoryStorage();
    const study = await createStudy({ storage, studyName: 'two', directions: ['minimize', 'maximize'] });
    // (x, 1 - x²)-like front: trials 0..5 on it, 6..9 dominated by trial 2
    const pts: [number, number][] = [[0, 0], [0.2, 0.5], [0.4, 0.8], [0.6, 0.9], [0.8, 0.95], [1, 1], [0.5, 0.1], [0.7, 0.2], [0.9, 0.3], [0.45, 0.7]];
    await study.addTrials(pts.map(([a, b], i) => createTrial({ values: [a, b], params: { x: i / 10 }, distributions: { x: new FloatDistribution(0, 1) } })));
    const dash = await startDashboard({ storage, port: 0, assetsDir: ensureDashboardAssets() });
    try {
      const list = (await (await fetch(`${dash.url}api/studies`)).json()) as { studies: { paretoSize: number; best: unknown }[] };
      expect(list.studies[0].paretoSize).toBe(6);
      expect(list.studies[0].best).toBeNull();
      let body: { final?: boolean; charts: { name: string }[] } = { charts: [] };
      for (let i = 0; i < 100 && body.final !== true; i++) {
        body = (await (await fetch(`${dash.url}api/studies/${study.studyId}/charts`)).json()) as typeof body;
        if (body.final !== true) await new Promise((r) => setTimeout(r, 200));
      }
      expect(body.charts.map((c) => c.name)).toContain('pareto-front');
      expect(body.charts[0].name).toBe('pareto-front');
    } finally {
      await dash.close();
    }
  });
});
