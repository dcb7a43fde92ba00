/**
 * Live updates: another process adds trials to a SQLite study and a journal file and the
 * dashboard's event stream says so (the latency is printed, not asserted: timings belong to the
 * bench); ten listening pages cost the storage exactly what one does (every storage call counted,
 * polls driven by hand so the counts are deterministic).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startDashboard } from '../../src/dashboard/server.js';
import type { Storage } from '../../src/tune/storages/base.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import { ensureDashboardAssets, openSse, repoRoot, seedStudy } from '../helpers/dashboard.js';

const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gbtune-dash-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A script that adds `n` trials to study `name` of the storage at `url` (another process, another connection). */
const ADD = join(dir, 'add-trials.mjs');
writeFileSync(
  ADD,
  `import { loadStudy, RandomSampler } from ${JSON.stringify(join(repoRoot, 'dist', 'index.js'))};
const [url, name, n] = process.argv.slice(2);
const study = await loadStudy({ storage: url, studyName: name, sampler: new RandomSampler({ seed: 7 }) });
await study.optimize((t) => { const x = t.suggestFloat('lr', 1e-4, 1, { log: true }); t.report(x, 0); return x; }, { nTrials: Number(n) });
await study.storage.close?.();
`,
);

/** Counts every call made to a storage. */
function counting(storage: Storage): { storage: Storage; calls: Map<string, number>; total: () => number } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(storage, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      return (...args: unknown[]) => {
        calls.set(prop, (calls.get(prop) ?? 0) + 1);
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { storage: proxy, calls, total: () => [...calls.values()].reduce((a, b) => a + b, 0) };
}

describe.each([
  { name: 'sqlite', url: () => `sqlite:///${join(dir, 'live.db')}` },
  { name: 'journal', url: () => `journal://${join(dir, 'live.log')}` },
])('live updates over $name', ({ url }) => {
  it('tells a listening page within moments that another process added trials', async () => {
    const storage = await getStorage(url());
    const { studyId } = await seedStudy(storage, 'live', 20);
    const dash = await startDashboard({ storage, port: 0, assetsDir: ensureDashboardAssets(), pollMs: 200 });
    try {
      const sse = await openSse(`${dash.url}api/events?study=${studyId}&list=1`);
      await sse.next('hello');
      // a study page shows the plots: they are rebuilt on every change from now on
      expect((await fetch(`${dash.url}api/studies/${studyId}/charts`)).status).toBe(200);
      const t0 = performance.now();
      await execFileAsync(process.execPath, [ADD, url(), 'live', '3']);
      const written = performance.now();
      let ev = await sse.next('study');
      // the trials may arrive in more than one event
      while ((ev.data.nTrials as number) < 23) ev = await sse.next('study');
      console.log(`live (${url().split(':')[0]}): 'study' event ${(ev.at - written).toFixed(0)} ms after the writer process exited (${(written - t0).toFixed(0)} ms to start it and write)`);
      expect(ev.data.studyId).toBe(studyId);
      expect(ev.data.changed as number[]).toContain(22);
      await sse.next('list');
      let charts = await sse.next('charts');
      for (;;) {
        const body = (await (await fetch(`${dash.url}api/studies/${studyId}/charts`)).json()) as { nTrials: number };
        if (body.nTrials === 23) break;
        charts = await sse.next('charts');
      }
      expect(charts.data.studyId).toBe(studyId);
      sse.close();
    } finally {
      await dash.close();
      await storage.close?.();
    }
  });
});

describe('what pages cost the storage', () => {
  it('ten pages listening and reading cost the storage exactly what one page does', async () => {
    const writer = await getStorage(`sqlite:///${join(dir, 'cost.db')}`);
    const { studyId } = await seedStudy(writer, 'cost', 30);
    const base = await getStorage(`sqlite:///${join(dir, 'cost.db')}`);
    const cost: number[] = [];
    const detail: string[] = [];
    for (const pages of [1, 10]) {
      const c = counting(base);
      // the timer never fires by itself: each poll is one `tick()`, as the timer would make it
      const dash = await startDashboard({ storage: c.storage, port: 0, assetsDir: ensureDashboardAssets(), pollMs: 3_600_000 });
      try {
        const streams = [];
        for (let i = 0; i < pages; i++) streams.push(await openSse(`${dash.url}api/events?study=${studyId}&list=1`));
        for (const s of streams) await s.next('hello');
        const page = async (): Promise<void> => {
          // what a page reads on an event: the study, a page of trials, the list
          for (const p of [`api/studies/${studyId}`, `api/studies/${studyId}/trials?sort=value&limit=50`, 'api/studies']) expect((await fetch(`${dash.url}${p}`)).status).toBe(200);
        };
        await Promise.all(streams.map(page));
        c.calls.clear();
        for (let round = 0; round < 3; round++) {
          const t = await writer.createNewTrial(studyId);
          await writer.setTrialStateValues(t, 'COMPLETE', [round]);
          dash.watcher.invalidate();
          await dash.watcher.tick();
          for (const s of streams) expect((await s.next('study')).data.nTrials).toBe(31 + round + (pages === 10 ? 3 : 0));
          await Promise.all(streams.map(page));
          dash.watcher.invalidate();
          await dash.watcher.tick(); // nothing changed: the token only
        }
        cost.push(c.total());
        detail.push([...c.calls].map(([k, v]) => `${k} ${v}`).join(', '));
        for (const s of streams) s.close();
      } finally {
        await dash.close();
      }
    }
    console.log(`storage calls for 3 changes: 1 page ${cost[0]} (${detail[0]}); 10 pages ${cost[1]} (${detail[1]})`);
    expect(cost[1]).toBe(cost[0]);
    expect(cost[0]).toBeGreaterThan(0);
    await base.close?.();
    await writer.close?.();
  });
});
