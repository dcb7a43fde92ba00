/**
 * The package's front door: `gbtune` holds the everyday names and each subpath entry the rest
 * (package.json `exports`). Every entry is loaded here through the package name, as a dependent
 * loads it (the compiled dist/, built by `npm test`); a name lives in exactly one entry; every
 * `index.ts` under src/ is an entry and only re-exports; and the top-level names are listed below,
 * so that adding one is a deliberate act.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageEntries } from './helpers/package-entries.js';

const TOP_LEVEL_VALUES = [
  'BruteForceSampler', 'CmaEsSampler', 'CsvError', 'DataError', 'Dataset', 'GPSampler', 'GbtuneError', 'GridSampler',
  'HyperbandPruner', 'MedianPruner', 'ModelFormatError', 'NSGAIISampler', 'NopPruner', 'ParamError', 'PartialFixedSampler',
  'PatientPruner', 'PercentilePruner', 'QMCSampler', 'RandomSampler', 'StorageError', 'Study', 'StudyDirection',
  'StudyMismatchError', 'SuccessiveHalvingPruner', 'TPESampler', 'ThresholdPruner', 'Trial', 'TrialPruned', 'TrialState',
  'TunerError', 'UnknownNameError', 'WilcoxonPruner', 'copyStudy', 'createStudy', 'cv', 'deleteStudy', 'getAllStudyNames',
  'getAllStudySummaries', 'loadModel', 'loadStudy', 'log', 'readCsv', 'train', 'tuneGbdt',
];

const TOP_LEVEL_TYPES = [
  'Booster', 'BruteForceSamplerOptions', 'CmaEsSamplerOptions', 'ColumnInput', 'CopyStudyOptions', 'CreateStudyOptions',
  'CvOptions', 'CvResult', 'DirectionInput', 'EnqueueTrialOptions', 'FrozenTrial', 'GPSamplerOptions', 'GbdtParamsInput',
  'GridSamplerOptions', 'GridSearchSpace', 'HyperbandPrunerOptions', 'LoadStudyOptions', 'LogLevel', 'MedianPrunerOptions',
  'NSGAIISamplerOptions', 'OptimizeCallback', 'OptimizeOptions', 'PatientPrunerOptions', 'PercentilePrunerOptions',
  'PredictInput', 'PredictOptions', 'Pruner', 'QMCSamplerOptions', 'RandomSamplerOptions', 'ReadCsvOptions', 'Sampler',
  'SaveModelOptions', 'SearchSpaceEntry', 'SearchSpaceFn', 'SearchSpaceSpec', 'StudyDifference', 'StudyObjective',
  'StudySummaryWithBest', 'SuccessiveHalvingPrunerOptions', 'SuggestFloatOptions', 'SuggestIntOptions', 'TPESamplerOptions',
  'TableOptions', 'TellOptions', 'ThresholdPrunerOptions', 'TrainOptions', 'TuneGbdtOptions', 'TuneGbdtResult',
  'WilcoxonPrunerOptions',
];

/** Internals and duplicate aliases that no entry exports (they were all in `gbtune` once). */
const NOT_PUBLIC = [
  'captureLogs', 'deriveSeeds', 'trialSeed', 'checkHeartbeatOptions', 'Rng', 'maxTrialsCallback', 'JournalFileStorage', 'JournalRedisStorage',
];

const entries = packageEntries();
// variable specifiers: resolved at run time through package.json `exports`, as a dependent package does
const modules = new Map<string, Record<string, unknown>>();
for (const e of entries) modules.set(e.subpath, (await import(e.specifier)) as Record<string, unknown>);

/** The statements of an entry file that are not `export { ... } from '...'` / `export type { ... } from '...'`. */
function nonReExports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined && s.exportClause !== undefined))
    .map((s) => s.getText(source).split('\n')[0]);
}

/** Every name an entry file exports (values and types), from its `export { a, type B, c as d } from` lists. */
function listedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const names: string[] = [];
  for (const s of source.statements) {
    if (ts.isExportDeclaration(s) && s.exportClause !== undefined && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) names.push(el.name.text);
    }
  }
  return names;
}

function indexFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? indexFiles(posix.join(dir, e.name)) : e.name === 'index.ts' ? [posix.join(dir, e.name)] : [],
  );
}

describe('package entries', () => {
  it('declares the main entry and eight subpaths, each built from an index.ts', () => {
    expect(entries.map((e) => e.specifier)).toEqual([
      'gbtune',
      'gbtune/gbdt',
      'gbtune/tune',
      'gbtune/tune-gbdt',
      'gbtune/storages',
      'gbtune/viz',
      'gbtune/viz/browser',
      'gbtune/dashboard',
      'gbtune/testing',
    ]);
    for (const e of entries) {
      expect(e.types, e.subpath).toBe(e.import.replace(/\.js$/, '.d.ts'));
      expect(existsSync(e.source), e.source).toBe(true);
      expect(existsSync(e.import), e.import).toBe(true);
      expect(existsSync(e.types), e.types).toBe(true);
    }
  });

  it('every index.ts under src/ is an entry, and an entry only re-exports', () => {
    expect(indexFiles('src').sort()).toEqual(entries.map((e) => e.source).sort());
    for (const e of entries) expect(nonReExports(e.source), e.source).toEqual([]);
  });

  it.each(entries.map((e) => [e.specifier, e] as const))('%s loads through the package name and exports the values its source lists', (_, e) => {
    const runtime = Object.keys(modules.get(e.subpath) as object);
    expect(runtime.length).toBeGreaterThan(0);
    const listed = new Set(listedNames(e.source));
    expect(runtime.filter((n) => !listed.has(n))).toEqual([]);
  });

  it('exports each name from exactly one entry', () => {
    const where = new Map<string, string[]>();
    for (const e of entries) for (const n of listedNames(e.source)) where.set(n, [...(where.get(n) ?? []), e.specifier]);
    expect([...where].filter(([, at]) => at.length > 1)).toEqual([]);
    expect(where.size).toBeGreaterThan(300);
  });

  it('keeps the top level small: these values and types, and no other', () => {
    const values = Object.keys(modules.get('.') as object).sort();
    expect(values).toEqual([...TOP_LEVEL_VALUES].sort());
    const types = listedNames('src/index.ts').filter((n) => !values.includes(n)).sort();
    expect(types).toEqual([...TOP_LEVEL_TYPES].sort());
    expect(values.length).toBeLessThanOrEqual(45);
  });

  it('exports no internal helper and no duplicate alias', () => {
    const all = entries.flatMap((e) => listedNames(e.source));
    expect(NOT_PUBLIC.filter((n) => all.includes(n))).toEqual([]);
    // one class, one name: JournalFileBackend / JournalRedisBackend are Optuna 4's names
    const storages = modules.get('./storages') as Record<string, unknown>;
    expect(typeof storages.JournalFileBackend).toBe('function');
    expect(typeof storages.JournalRedisBackend).toBe('function');
  });

  it('npm pack ships the compiled files of every entry', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files = new Set(((JSON.parse(out) as { files: { path: string }[] }[])[0] as { files: { path: string }[] }).files.map((f) => f.path));
    const missing = entries.flatMap((e) => [e.import, e.types].map((p) => posix.normalize(p))).filter((p) => !files.has(p));
    expect(missing).toEqual([]);
  });
});
