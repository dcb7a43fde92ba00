/**
 * Output paths are checked before any work: a bad `--out` ends in one line naming the path and
 * the problem, before the data is read (so no training runs first) and with nothing created.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkOutputPath } from '../../src/cli/output-path.js';
import { jsonError, runCli } from './run-cli.js';

let dir = '';
/** A folder nobody may write in: mode 555, or for root (who ignores modes) sysfs. */
let readOnly = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-out-'));
  writeFileSync(join(dir, 'a-file'), 'x');
  mkdirSync(join(dir, 'a-folder'));
  if (process.getuid?.() === 0) readOnly = '/sys';
  else {
    readOnly = join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
  }
});

/** One `gbtune: error:` line naming the option and the path; nothing read or trained before it. */
function expectOneLine(args: string[], problem: RegExp): void {
  const r = runCli(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^gbtune: error: --out \S+: .*\n$/);
  expect(r.stderr).toMatch(problem);
  expect(r.stderr).not.toMatch(/ENOENT|EEXIST|\n\s+at /);
}

describe('--out is checked before any work', () => {
  it('train: a missing folder, an existing folder, an unwritable folder', () => {
    expectOneLine(['train', 'datasets/iris.csv', '--out', join(dir, 'missing', 'm.txt')], /the folder \S+missing does not exist/);
    expectOneLine(['train', 'datasets/iris.csv', '--out', join(dir, 'a-folder')], /is a folder; give a file name/);
    expectOneLine(['train', 'datasets/iris.csv', '--out', join(readOnly, 'm.txt')], /cannot write in \S+ \(permission denied\)/);
  });

  it('predict: checked before the model is loaded', () => {
    // the model does not exist either: the --out error comes first
    expectOneLine(['predict', join(dir, 'no-model.json'), 'datasets/iris.csv', '--out', join(dir, 'missing', 'p.csv')], /does not exist/);
  });

  it('report: a file for html, a folder for svg; checked before the storage is opened', () => {
    const db = join(dir, 'never.db');
    expectOneLine(['report', '--storage', `sqlite:///${db}`, '--out', join(dir, 'missing', 'r.html')], /does not exist/);
    expectOneLine(['report', '--storage', `sqlite:///${db}`, '--format', 'svg', '--out', join(dir, 'a-file')], /is a file, not a folder/);
    expect(existsSync(db)).toBe(false);
  });

  it('tune: an existing file, a path under a file, an unwritable parent; nothing is created', () => {
    expectOneLine(['tune', 'datasets/iris.csv', '--out', join(dir, 'a-file')], /is a file, not a folder/);
    expectOneLine(['tune', 'datasets/iris.csv', '--out', join(dir, 'a-file', 'sub')], /a-file is a file, not a folder/);
    expectOneLine(['tune', 'datasets/iris.csv', '--out', join(readOnly, 'new', 'deeper')], /cannot write in \S+ \(permission denied\)/);
    // a storage file is an output too: its folder must exist
    const st = runCli(['tune', 'datasets/iris.csv', '--out', join(dir, 'new-out'), '--storage', `sqlite:///${join(dir, 'missing', 's.db')}`]);
    expect(st.code).toBe(2);
    expect(st.stderr).toBe(`gbtune: error: --storage ${join(dir, 'missing', 's.db')}: the folder ${join(dir, 'missing')} does not exist\n`);
    const e = jsonError(runCli(['tune', 'datasets/iris.csv', '--out', join(dir, 'a-file'), '--json']));
    expect(e).toMatchObject({ type: 'GbtuneError', code: 'OUTPUT_PATH' });
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'a-folder', ...(readOnly.startsWith(dir) ? ['read-only'] : [])].sort());
  });
});

describe('checkOutputPath', () => {
  it('accepts a new file in an existing folder and a new folder under an existing one, creating nothing', () => {
    const before = readdirSync(dir).sort();
    expect(() => checkOutputPath(join(dir, 'new.json'), { option: '--out', kind: 'file' })).not.toThrow();
    expect(() => checkOutputPath(join(dir, 'a-file'), { option: '--out', kind: 'file' })).not.toThrow(); // replaced
    expect(() => checkOutputPath(join(dir, 'x', 'y', 'z'), { option: '--out', kind: 'folder' })).not.toThrow();
    expect(() => checkOutputPath(join(dir, 'a-folder'), { option: '--out', kind: 'folder' })).not.toThrow();
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('names the option, the path and the problem', () => {
    expect(() => checkOutputPath(join(dir, 'a-file', 'm.json'), { option: '--model-out', kind: 'file' })).toThrow(
      `--model-out ${join(dir, 'a-file', 'm.json')}: ${join(dir, 'a-file')} is not a folder`,
    );
  });
});
