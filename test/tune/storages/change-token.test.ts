/**
 * The change token of the built-in storages seen from another process: a write there moves the
 * token here (SQLite's `data_version` for another connection, a journal's record count), and
 * reading nothing new leaves it; the dashboard's watcher then asks the storage nothing but the
 * token while nothing changes. (The conformance suite checks every kind of write in-process.)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageWatcher } from '../../../src/dashboard/watcher.js';
import { getStorage } from '../../../src/tune/storages/registry.js';

const execFileAsync = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gbtune-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = join(__dirname, '..', '..', '..');
const WRITER = join(dir, 'write.mjs');
writeFileSync(
  WRITER,
  `import { getStorage } from ${JSON.stringify(join(root, 'dist', 'tune', 'storages', 'index.js'))};
const s = await getStorage(process.argv[2]);
const id = await s.getStudyIdFromName('t');
await s.setStudyUserAttr(id, 'from', process.argv[3]);
await s.close?.();
`,
);

describe.each([
  { name: 'sqlite', url: () => `sqlite:///${join(dir, 't.db')}` },
  { name: 'journal', url: () => `journal://${join(dir, 't.log')}` },
])('change token over $name', ({ url }) => {
  it('moves when another process writes, not otherwise; the watcher then asks only for the token', async () => {
    const s = await getStorage(url());
    expect(typeof s.changeToken).toBe('function');
    const id = await s.createNewStudy(['MINIMIZE'], 't');
    await s.createNewTrial(id);
    const token = (): Promise<string> => (s.changeToken as () => Promise<string>).call(s);
    const t0 = await token();
    await execFileAsync(process.execPath, [WRITER, url(), 'a']);
    const t1 = await token();
    expect(t1).not.toBe(t0);
    expect(await token()).toBe(t1);
    // a watcher over a counting view of the storage: polls without changes read no trial
    const calls: string[] = [];
    const counted = new Proxy(s, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function' || typeof prop !== 'string') return v;
        return (...args: unknown[]) => (calls.push(prop), (v as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
    const w = new StorageWatcher(counted, { pollMs: 0 });
    w.subscribe(id);
    await w.study(id);
    calls.length = 0;
    for (let i = 0; i < 5; i++) await w.tick();
    expect(calls).toEqual(['changeToken', 'changeToken', 'changeToken', 'changeToken', 'changeToken']);
    await execFileAsync(process.execPath, [WRITER, url(), 'b']);
    await w.tick();
    expect(calls.slice(5)).toContain('getAllTrials');
    expect((await w.study(id)).userAttrs.from).toBe('b');
    w.close();
    await s.close?.();
  });
});
