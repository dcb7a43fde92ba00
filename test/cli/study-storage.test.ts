/**
 * The study commands and their storage: only create-study (and tune) make a storage file; every
 * other command on a missing sqlite or journal file is one error naming it, and no file appears.
 * `--study-name` may be left out when the storage holds one study.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageFilePath } from '../../src/cli/storage.js';
import { runMain } from './run-cli.js';

let dir = '';
/** A worker's objective module, outside `dir` (which must stay empty). */
let objective = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-storage-'));
  objective = join(mkdtempSync(join(tmpdir(), 'gbtune-cli-objective-')), 'objective.mjs');
  writeFileSync(objective, "export default (trial) => trial.suggestFloat('x', 0, 1);\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPACE = JSON.stringify({ x: { name: 'FloatDistribution', attributes: { low: 0, high: 1, step: null, log: false } } });

describe('commands that need an existing storage', () => {
  const commands: string[][] = [
    ['studies'],
    ['trials'],
    ['best-trial'],
    ['best-trials'],
    ['report', '--out', 'r.html'],
    ['study', 'set-user-attr', '--key', 'k', '--value', 'v'],
    ['ask', '--search-space', SPACE],
    ['tell', '--trial-number', '0', '--values', '1'],
    ['delete-study', '--study-name', 'a'],
    ['worker', '--n-trials', '1'], // and --objective, a module outside the folder
  ];
  it.each(commands)('%s on a missing sqlite or journal file: an error naming it, and no file is made', async (...cmd) => {
    for (const [url, file] of [
      [`sqlite:///${join(dir, 'missing.db')}`, join(dir, 'missing.db')],
      [`journal://${join(dir, 'missing.log')}`, join(dir, 'missing.log')],
    ] as const) {
      const r = await runMain([...cmd, '--storage', url, ...(cmd[0] === 'worker' ? ['--objective', objective] : [])]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(`gbtune: error: --storage ${url}: the file ${file} does not exist (create-study or tune makes one)\n`);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it('finds the file of sqlite and journal URLs as the storages do, and none for a server', () => {
    expect(storageFilePath('sqlite:///rel/s.db')).toBe('rel/s.db');
    expect(storageFilePath('sqlite:////abs/s.db')).toBe('/abs/s.db');
    expect(storageFilePath('sqlite+pysqlite:////abs/my%20s.db?timeout=3')).toBe('/abs/my s.db');
    expect(storageFilePath('journal:///abs/j.log')).toBe('/abs/j.log');
    expect(storageFilePath('postgresql://u@host/db')).toBeNull();
    expect(storageFilePath('redis://localhost:6379')).toBeNull();
  });
});

describe('the only study of a storage is the default', () => {
  it('trials, best-trial, best-trials, set-user-attr, ask and tell work without --study-name; several studies are listed', async () => {
    const url = `sqlite:///${join(dir, 'one.db')}`;
    expect((await runMain(['create-study', '--storage', url, '--study-name', 'only', '--direction', 'minimize'])).code).toBe(0);
    expect(existsSync(join(dir, 'one.db'))).toBe(true);
    const asked = await runMain(['ask', '--storage', url, '--search-space', SPACE, '--sampler', 'random', '--json']);
    expect(asked.code, asked.stderr).toBe(0);
    expect(JSON.parse(asked.stdout)).toMatchObject({ number: 0 });
    expect((await runMain(['tell', '--storage', url, '--trial-number', '0', '--values', '0.25'])).code).toBe(0);
    expect((await runMain(['study', 'set-user-attr', '--storage', url, '--key', 'owner', '--value', 'me'])).code).toBe(0);
    const trials = JSON.parse((await runMain(['trials', '--storage', url, '--json'])).stdout) as { trials: { value: number; state: string }[] };
    expect(trials.trials).toEqual([expect.objectContaining({ value: 0.25, state: 'COMPLETE' })]);
    expect(JSON.parse((await runMain(['best-trial', '--storage', url, '--json'])).stdout)).toMatchObject({ number: 0, value: 0.25 });
    expect(JSON.parse((await runMain(['best-trials', '--storage', url, '--json'])).stdout)).toMatchObject({ trials: [{ number: 0 }] });
    const studies = JSON.parse((await runMain(['studies', '--storage', url, '--json'])).stdout) as { studies: { name: string }[] };
    expect(studies.studies.map((s) => s.name)).toEqual(['only']);

    expect((await runMain(['create-study', '--storage', url, '--study-name', 'second'])).code).toBe(0);
    for (const cmd of [['trials'], ['best-trial'], ['ask'], ['tell', '--trial-number', '0', '--values', '1'], ['study', 'set-user-attr', '-k', 'a', '--value', 'b']]) {
      const r = await runMain([...cmd, '--storage', url]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`gbtune: error: ${url} holds 2 studies (only, second); choose one with --study-name\n`);
    }
  });

  it('delete-study still needs the name: deleting is not undone', async () => {
    const url = `sqlite:///${join(dir, 'del.db')}`;
    expect((await runMain(['create-study', '--storage', url, '--study-name', 'keep'])).code).toBe(0);
    const r = await runMain(['delete-study', '--storage', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--study-name/);
    expect(JSON.parse((await runMain(['studies', '--storage', url, '--json'])).stdout)).toMatchObject({ studies: [{ name: 'keep' }] });
  });
});
