/**
 * How every failing command ends: with `--json` exactly one `{"error": {...}}` object on stdout and
 * a non-zero exit code; without it one `gbtune: error: ...` line on stderr (no stack, no help
 * page); an unexpected error (a bug) keeps its stack.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { errorRecord, printError } from '../../src/cli/error-output.js';
import { ParamError } from '../../src/index.js';
import { jsonError, runCli } from './run-cli.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-errors-'));
  writeFileSync(join(dir, 'ragged.csv'), 'a,b,target\n1,2,0\n1,2\n3,4,1\n');
  writeFileSync(join(dir, 'bad-model.txt'), 'tree\nversion=v4\nnum_class=1\n');
});

describe('a failing command with --json', () => {
  // [what, args, expected type, fields the error object must hold]
  const cases: [string, () => string[], string, Record<string, unknown>][] = [
    ['a ragged CSV', () => ['cv', join(dir, 'ragged.csv')], 'CsvError', { line: 3, code: 'CSV_RAGGED_ROW' }],
    ['an unknown param', () => ['train', 'datasets/iris.csv', '--param', 'num_leafs=8', '--out', join(dir, 'm.json')], 'ParamError', { key: 'num_leafs', value: '8' }],
    ['a missing data file', () => ['cv', join(dir, 'nope.csv')], 'CsvError', { code: 'CSV_NOT_FOUND' }],
    ['a bad option value', () => ['cv', 'datasets/iris.csv', '--folds', 'x'], 'GbtuneError', { code: 'CLI_ARG' }],
    ['a bad duration', () => ['tune', 'datasets/iris.csv', '--timeout', '10 minutes', '--out', join(dir, 't')], 'GbtuneError', { code: 'CLI_ARG' }],
    ['an unknown option (commander)', () => ['tune', 'datasets/iris.csv', '--bogus'], 'GbtuneError', { code: 'CLI_USAGE' }],
    ['a missing required option (commander)', () => ['study', 'set-user-attr', '--storage', 'sqlite:///x.db'], 'GbtuneError', { code: 'CLI_USAGE' }],
    ['an unknown command (commander)', () => ['tunee', 'datasets/iris.csv'], 'GbtuneError', { code: 'CLI_USAGE' }],
    ['a corrupt model', () => ['predict', join(dir, 'bad-model.txt'), 'datasets/iris.csv'], 'ModelFormatError', {}],
    ['no storage', () => ['studies'], 'TunerError', {}],
  ];

  it.each(cases)('%s: one {"error"} object on stdout, exit code 2', (_what, args, type, fields) => {
    const r = runCli([...args(), '--json']);
    expect(r.code, r.stderr).toBe(2);
    const e = jsonError(r);
    expect(e.type).toBe(type);
    expect(typeof e.message).toBe('string');
    expect((e.message as string).length).toBeGreaterThan(10);
    expect(e).toMatchObject(fields);
    expect(r.stderr).toBe(`gbtune: error: ${e.message as string}\n`); // the same line for a person watching
  });

  it('usage errors name the command whose help lists the options, and suggest the near name', () => {
    const e = jsonError(runCli(['cv', 'datasets/iris.csv', '--foldz', '3', '--json']));
    expect(e.message).toBe("unknown option '--foldz'; did you mean --folds? (see 'gbtune cv --help')");
  });
});

describe('a failing command without --json', () => {
  it.each([
    ['cv', 'datasets/iris.csv', '--folds', 'x'],
    ['tune', 'datasets/iris.csv', '--timeout', 'abc'],
    ['cv', 'datasets/iris.csv', '--foldz', '3'],
    ['trials', '--storage'],
  ])('%s ... prints one line on stderr and nothing on stdout', (...args) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gbtune: error: \S.*\n$/);
    expect(r.stderr.split('\n').length).toBe(2); // no help page after the error
  });
});

describe('printError', () => {
  function capture(fn: () => number): { code: number; stdout: string; stderr: string } {
    let stdout = '';
    let stderr = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
    try {
      return { code: fn(), stdout, stderr };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('keeps the stack of an unexpected error (a bug), and still prints one JSON object with --json', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const plain = capture(() => printError(bug, { json: false }));
    expect(plain.code).toBe(1);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/internal error/);
    expect(plain.stderr).toMatch(/TypeError: Cannot read properties[^\n]*\n\s+at /);
    const json = capture(() => printError(bug, { json: true }));
    expect(JSON.parse(json.stdout)).toEqual({ error: { type: 'TypeError', message: bug.message } });
    expect(json.stderr).toMatch(/\n\s+at /);
  });

  it('prints a system error on a file as one line naming the path', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/x/y.db'"), { code: 'ENOENT', syscall: 'open', path: '/x/y.db', errno: -2 });
    const r = capture(() => printError(enoent, { json: false }));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("gbtune: error: ENOENT: no such file or directory, open '/x/y.db'\n");
    expect(errorRecord(enoent)).toMatchObject({ type: 'Error', code: 'ENOENT', path: '/x/y.db' });
  });

  it('the error record holds the fields of the class (ParamError: key and value)', () => {
    expect(errorRecord(new ParamError('num_leaves', 1, 'num_leaves = 1 is out of range'))).toEqual({
      type: 'ParamError',
      message: 'num_leaves = 1 is out of range',
      code: 'PARAM_ERROR',
      key: 'num_leaves',
      value: 1,
    });
  });
});
