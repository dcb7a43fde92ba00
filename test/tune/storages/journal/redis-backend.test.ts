/**
 * The Redis journal's layout is Optuna's JournalRedisStorage's (`<prefix>:log_number`,
 * `<prefix>:log:<i>`), so the same records can be read by Optuna. Python's `redis` module is not
 * installed with Debian's python3-optuna here, so Optuna reads the records through its journal
 * *file* reader (the record format is the same in both Optuna backends).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StorageError } from '../../../../src/core/errors.js';
import { FloatDistribution } from '../../../../src/tune/distributions.js';
import { openJournalRedisStorage } from '../../../../src/tune/storages/journal/redis-backend.js';
import { parsePyJson } from '../../../../src/tune/storages/journal/journal-json.js';
import { startRedis, type RedisHandle } from '../../../helpers/redis.js';
import { describeWithService, itWithService, servicePath } from '../../../helpers/services.js';

describeWithService('redis', 'Redis journal', () => {
  let server: RedisHandle;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis(server.url);
  });
  afterAll(async () => {
    client.disconnect();
    await server.stop();
  });

  it("keeps records under Optuna's keys, numbered from 0, with a prefix from the URL", async () => {
    const s = await openJournalRedisStorage(`${server.url}?prefix=p1`);
    const sid = await s.createNewStudy(['MINIMIZE'], 'r');
    const t = await s.createNewTrial(sid);
    await s.setTrialParam(t, 'x', 0.5, new FloatDistribution(0, 1));
    await s.setTrialStateValues(t, 'COMPLETE', [NaN]);
    expect(await client.get('p1:log_number')).toBe('3');
    const recs = (await client.mget('p1:log:0', 'p1:log:1', 'p1:log:2', 'p1:log:3')).map((v) => {
      const r = parsePyJson(v as string);
      return r.ok ? (r.value as { op_code: number }) : null;
    });
    expect(recs.map((r) => r?.op_code)).toEqual([0, 4, 5, 6]);
    expect(await client.get('p1:log:3')).toContain('"values":[NaN]');
    // another prefix is another journal
    const other = await openJournalRedisStorage(`${server.url}?prefix=p2`);
    expect(await other.getAllStudies()).toEqual([]);
    await other.close();
    const again = await openJournalRedisStorage(`${server.url}?prefix=p1`);
    expect((await again.getTrial(t)).values?.[0]).toBeNaN();
    expect(again.recordsRead).toBe(4);
    await again.close();
    await s.close();
  });

  it('reports an unreachable server as a StorageError naming the URL', async () => {
    const url = 'redis://127.0.0.1:1/0';
    const e = await openJournalRedisStorage(url).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toContain(url);
  });

  it('reports a corrupt record with its key and changes nothing', async () => {
    await client.set('bad:log_number', '1');
    await client.set('bad:log:0', '{"op_code": 0, "worker_id": "w", "study_name": "s", "directions": [1]}');
    await client.set('bad:log:1', '{"op_code": 4, oops');
    const e = await openJournalRedisStorage(`${server.url}?prefix=bad`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StorageError);
    expect((e as Error).message).toContain("key 'bad:log:1'");
    expect(await client.get('bad:log:1')).toBe('{"op_code": 4, oops');
  });

  itWithService('python-optuna', 'holds records Optuna 3.1 reads (through its journal file reader)', async () => {
    const s = await openJournalRedisStorage(`${server.url}?prefix=opt`);
    const sid = await s.createNewStudy(['MAXIMIZE'], 'from-redis');
    for (let i = 0; i < 3; i++) {
      const t = await s.createNewTrial(sid);
      await s.setTrialParam(t, 'x', i / 4, new FloatDistribution(0, 1));
      await s.setTrialUserAttr(t, 'i', i);
      await s.setTrialStateValues(t, 'COMPLETE', [i * 1.5]);
    }
    await s.close();
    const n = Number(await client.get('opt:log_number'));
    const keys = Array.from({ length: n + 1 }, (_x, i) => `opt:log:${i}`);
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-jredis-'));
    try {
      const path = join(dir, 'copy.log');
      writeFileSync(path, (await client.mget(keys)).join('\n') + '\n');
      const code = [
        'import json, optuna, warnings',
        'warnings.simplefilter("ignore")',
        `st = optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(${JSON.stringify(path)}))`,
        'study = optuna.load_study(study_name="from-redis", storage=st)',
        'print(json.dumps([[t.number, t.state.name, t.params, t.values, t.user_attrs] for t in study.trials]))',
      ].join('\n');
      const r = spawnSync(servicePath('python-optuna'), ['-c', code], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual([
        [0, 'COMPLETE', { x: 0 }, [0], { i: 0 }],
        [1, 'COMPLETE', { x: 0.25 }, [1.5], { i: 1 }],
        [2, 'COMPLETE', { x: 0.5 }, [3], { i: 2 }],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
