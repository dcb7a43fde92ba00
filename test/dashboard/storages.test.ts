/**
 * The dashboard over the server storages: PostgreSQL (a throwaway cluster) and a Redis journal (a
 * throwaway redis-server). Another connection writes a trial; the change token moves, the
 * listening page hears of it and the API shows it. Skipped with the reason when the server
 * programs are absent, failed under CI.
 */
import { afterAll, expect, it } from 'vitest';
import { startDashboard } from '../../src/dashboard/server.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import { ensureDashboardAssets, openSse, seedStudy } from '../helpers/dashboard.js';
import { sharedPostgres } from '../helpers/postgres.js';
import { startRedis, type RedisHandle } from '../helpers/redis.js';
import { describeEachWithService, type ServiceName } from '../helpers/services.js';

const redisServers: RedisHandle[] = [];
afterAll(async () => {
  for (const r of redisServers) await r.stop();
});

const SERVERS: { name: string; service: ServiceName; url: () => Promise<string> }[] = [
  {
    name: 'postgresql',
    service: 'postgres',
    url: async () => {
      const pg = await sharedPostgres();
      return pg.url('postgres', await pg.freshSchema());
    },
  },
  {
    name: 'redis',
    service: 'redis',
    url: async () => {
      const r = await startRedis();
      redisServers.push(r);
      return r.url;
    },
  },
];

describeEachWithService(SERVERS, 'dashboard over $name', (server) => {
  it('lists the study, and tells a listening page about a trial another connection adds', async () => {
    const url = await server.url();
    const writer = await getStorage(url);
    const { studyId } = await seedStudy(writer, 'shared', 12);
    const dash = await startDashboard({ storage: url, port: 0, assetsDir: ensureDashboardAssets(), pollMs: 200 });
    try {
      const list = (await (await fetch(`${dash.url}api/studies`)).json()) as { studies: { studyName: string; nTrials: number; states: Record<string, number> }[] };
      expect(list.studies.map((s) => [s.studyName, s.nTrials])).toEqual([['shared', 12]]);
      const sse = await openSse(`${dash.url}api/events?study=${studyId}`);
      await sse.next('hello');
      const id = await writer.createNewTrial(studyId);
      await writer.setTrialIntermediateValue(id, 0, 0.5);
      let ev = await sse.next('study');
      expect(ev.data.changed).toEqual([12]);
      await writer.setTrialStateValues(id, 'COMPLETE', [0.25]);
      ev = await sse.next('study');
      expect(ev.data.changed).toEqual([12]);
      const page = (await (await fetch(`${dash.url}api/studies/${studyId}/trials?sort=value&limit=1`)).json()) as { total: number; rows: { number: number; values: number[] }[] };
      expect(page.total).toBe(13);
      expect(page.rows[0]).toMatchObject({ number: 12, values: [0.25] });
      sse.close();
    } finally {
      await dash.close();
      await writer.close?.();
    }
  });
});
