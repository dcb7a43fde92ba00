/**
 * Optuna's study subcommands (`optuna create-study`, `delete-study`, `studies`, `trials`,
 * `best-trial`, `best-trials`, `study set-user-attr`, `ask`, `tell`) with Optuna 3.1's flags:
 * `--storage URL` (or the GBTUNE_STORAGE / OPTUNA_STORAGE environment variable), `--study-name NAME`,
 * `-f json|table`. `--json` prints exactly one JSON object on stdout (lists are wrapped:
 * `{"studies": [...]}`, `{"trials": [...]}`); `-f json` prints Optuna's shape (a bare list for lists).
 * Only `create-study` makes a storage file; the others need it to exist. `--study-name` may be left
 * out when the storage holds one study (except for `delete-study`, which must name it).
 */
import type { Command } from 'commander';
import {
  createStudy,
  deleteStudy,
  loadStudy,
  StorageError,
  TunerError,
  type FrozenTrial,
  type Study,
} from '../../index.js';
import { checkOptionKeys, createSampler, distributionFromJson, type Distribution } from '../../tune/index.js';
import { getStorage, type Storage } from '../../tune/storages/index.js';
import { chooseStudyName, openExistingStorage, storageUrl } from '../storage.js';
import { snake } from './plugin-options.js';
import { integer, printJson } from '../util.js';

interface Common {
  storage?: string;
  studyName?: string;
  format?: string;
  json?: boolean;
}

const ONLY_STUDY = 'the study (default: the only study in the storage)';

/** Opens the storage, runs `fn`, closes it. Only `create` may make a new storage file. */
async function withStorage<T>(opts: Common, fn: (st: Storage) => Promise<T>, { create = false } = {}): Promise<T> {
  const url = storageUrl(opts.storage);
  const st = create ? await getStorage(url) : await openExistingStorage(url);
  try {
    return await fn(st);
  } finally {
    await st.close?.();
  }
}

/** `--study-name`, else the only study of the storage. */
function nameIn(st: Storage, opts: Common): Promise<string> {
  return chooseStudyName(st, storageUrl(opts.storage), opts.studyName);
}

function iso(d: Date | null): string | null {
  return d === null ? null : d.toISOString();
}

/** A trial as the CLI prints it (Optuna's column names). */
export function trialRecord(t: FrozenTrial, nObjectives: number): Record<string, unknown> {
  const rec: Record<string, unknown> = { number: t.number };
  if (nObjectives === 1) rec.value = t.values === null ? null : t.values[0];
  else rec.values = t.values === null ? null : [...t.values];
  rec.datetime_start = iso(t.datetimeStart);
  rec.datetime_complete = iso(t.datetimeComplete);
  rec.duration = t.datetimeStart !== null && t.datetimeComplete !== null ? (t.datetimeComplete.getTime() - t.datetimeStart.getTime()) / 1000 : null;
  rec.params = { ...t.params };
  rec.user_attrs = { ...t.userAttrs };
  rec.state = t.state;
  return rec;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Prints rows as an aligned text table. */
function printTable(rows: readonly Record<string, unknown>[]): void {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const cells = rows.map((r) => cols.map((c) => cell(r[c])));
  const widths = cols.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const row = (vals: readonly string[]): string => `| ${vals.map((v, j) => v.padEnd(widths[j])).join(' | ')} |\n`;
  process.stdout.write(line + row(cols) + line + cells.map(row).join('') + line);
}

/** Prints a list: `--json` → `{ [key]: rows }`, `-f json` → rows, else a table. */
function output(opts: Common, key: string, rows: Record<string, unknown>[]): void {
  if (opts.json === true) printJson({ [key]: rows });
  else if (opts.format === 'json') printJson(rows);
  else printTable(rows);
}

/** Prints one record: `--json`/`-f json` → the object, else a one-row table. */
function outputOne(opts: Common, rec: Record<string, unknown>): void {
  if (opts.json === true || opts.format === 'json') printJson(rec);
  else printTable([rec]);
}

function format(v: string): string {
  if (v !== 'json' && v !== 'table') throw new TunerError(`-f/--format must be json or table, got '${v}'`);
  return v;
}

function direction(v: string): string {
  const d = v.toLowerCase();
  if (d !== 'minimize' && d !== 'maximize') throw new TunerError(`direction must be minimize or maximize, got '${v}'`);
  return d;
}

function common(cmd: Command, studyHelp: string | null, listy: boolean): Command {
  cmd.option('--storage <url>', 'storage URL, e.g. sqlite:///example.db (or set GBTUNE_STORAGE)');
  if (studyHelp !== null) cmd.option('--study-name <name>', studyHelp);
  if (listy) cmd.option('-f, --format <fmt>', 'output format: json | table', format, 'table');
  cmd.option('--json', 'print one JSON object on stdout');
  return cmd;
}

async function openStudy(st: Storage, opts: Common, sampler?: string): Promise<Study> {
  return loadStudy({ storage: st, studyName: await nameIn(st, opts), ...(sampler === undefined ? {} : { sampler }) });
}

/** Registers the study subcommands. */
export function registerStudyCommands(program: Command): void {
  common(program.command('create-study').description('create a new study'), 'name of the new study (default: a generated name)', false)
    .option('--direction <d>', 'minimize | maximize', direction)
    .option('--directions <d...>', 'one direction per objective (multi-objective)')
    .option('--skip-if-exists', 'load the study instead of failing when the name is taken')
    .action(async (opts: Common & { direction?: string; directions?: string[]; skipIfExists?: boolean }) => {
      const dirs = opts.directions?.map(direction);
      const info = await withStorage(opts, async (st) => {
        const study = await createStudy({
          storage: st,
          studyName: opts.studyName,
          loadIfExists: opts.skipIfExists === true,
          ...(dirs !== undefined ? { directions: dirs as ('minimize' | 'maximize')[] } : opts.direction !== undefined ? { direction: opts.direction as 'minimize' } : {}),
        }).catch((e: unknown) => {
          // the library's message names its own option (loadIfExists); say the CLI's
          if (e instanceof StorageError && e.code === 'DUPLICATED_STUDY') {
            throw new StorageError(`a study named '${opts.studyName}' already exists in ${storageUrl(opts.storage)}; give another --study-name, or --skip-if-exists to use it`, 'DUPLICATED_STUDY');
          }
          throw e;
        });
        return { study_name: study.studyName, directions: [...study.directions] };
      }, { create: true });
      if (opts.json === true) printJson(info);
      else process.stdout.write(`${info.study_name}\n`);
    });

  common(program.command('delete-study').description('delete a study and its trials'), 'the study to delete (required)', false).action(async (opts: Common) => {
    // never a default here: deleting is not undone
    if (opts.studyName === undefined) throw new TunerError('delete-study: give --study-name NAME (the study to delete)');
    const name = opts.studyName;
    await withStorage(opts, (st) => deleteStudy({ storage: st, studyName: name }));
    if (opts.json === true) printJson({ deleted: name });
    else process.stdout.write(`deleted study '${name}'\n`);
  });

  common(program.command('studies').description('list the studies of a storage'), null, true).action(async (opts: Common) => {
    const rows = await withStorage(opts, async (st) =>
      (await st.getAllStudies()).map((s) => ({
        name: s.studyName,
        direction: s.directions.length === 1 ? s.directions[0] : [...s.directions],
        n_trials: s.nTrials,
        datetime_start: iso(s.datetimeStart),
      })),
    );
    output(opts, 'studies', rows);
  });

  common(program.command('trials').description("list a study's trials"), ONLY_STUDY, true).action(async (opts: Common) => {
    const rows = await withStorage(opts, async (st) => {
      const study = await openStudy(st, opts, 'random');
      return study.trials.map((t) => trialRecord(t, study.directions.length));
    });
    output(opts, 'trials', rows);
  });

  common(program.command('best-trial').description("a single-objective study's best trial"), ONLY_STUDY, true).action(async (opts: Common) => {
    const rec = await withStorage(opts, async (st) => {
      const study = await openStudy(st, opts, 'random');
      return trialRecord(study.bestTrial, 1);
    });
    outputOne(opts, rec);
  });

  common(program.command('best-trials').description("a study's Pareto-optimal trials"), ONLY_STUDY, true).action(async (opts: Common) => {
    const rows = await withStorage(opts, async (st) => {
      const study = await openStudy(st, opts, 'random');
      return study.bestTrials.map((t) => trialRecord(t, study.directions.length));
    });
    output(opts, 'trials', rows);
  });

  const studyCmd = program.command('study').description('study subcommands');
  common(studyCmd.command('set-user-attr').description("set a study's user attribute (the value is stored as a string, as Optuna does)"), ONLY_STUDY, false)
    .requiredOption('-k, --key <key>', 'attribute key')
    .requiredOption('--value <value>', 'attribute value')
    .action(async (opts: Common & { key: string; value: string }) => {
      const name = await withStorage(opts, async (st) => {
        const id = await st.getStudyIdFromName(await nameIn(st, opts));
        await st.setStudyUserAttr(id, opts.key, opts.value);
        return st.getStudyNameFromId(id);
      });
      if (opts.json === true) printJson({ study_name: name, key: opts.key, value: opts.value });
      else process.stdout.write(`set user attribute '${opts.key}' of study '${name}'\n`);
    });

  common(program.command('ask').description('start a trial (ask-and-tell) and print its number and params'), ONLY_STUDY, true)
    .option('--sampler <name>', 'sampler name: tpe (default) | random | ...')
    .option('--sampler-kwargs <json>', 'sampler options as JSON, e.g. {"seed": 1, "n_startup_trials": 5} (snake_case or camelCase)')
    .option('--search-space <json>', 'params to suggest: {"x": {"name": "FloatDistribution", "attributes": {"low": 0, "high": 1}}} (Optuna distribution JSON)')
    .action(async (opts: Common & { sampler?: string; samplerKwargs?: string; searchSpace?: string }) => {
      const space: Record<string, Distribution> = {};
      if (opts.searchSpace !== undefined) {
        let obj: unknown;
        try {
          obj = JSON.parse(opts.searchSpace) as unknown;
        } catch (e) {
          throw new TunerError(`--search-space: not valid JSON (${(e as Error).message})`);
        }
        if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new TunerError('--search-space must be a JSON object: name → distribution');
        for (const [k, v] of Object.entries(obj as Record<string, unknown>)) space[k] = distributionFromJson(JSON.stringify(v));
      }
      const kwargs: Record<string, unknown> = {};
      if (opts.samplerKwargs !== undefined) {
        let obj: unknown;
        try {
          obj = JSON.parse(opts.samplerKwargs) as unknown;
        } catch (e) {
          throw new TunerError(`--sampler-kwargs: not valid JSON (${(e as Error).message})`);
        }
        if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new TunerError('--sampler-kwargs must be a JSON object, e.g. {"seed": 1}');
        // Optuna's snake_case names (n_startup_trials) map to gbtune's camelCase options (nStartupTrials)
        for (const [k, v] of Object.entries(obj as Record<string, unknown>)) kwargs[k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())] = v;
        checkOptionKeys('sampler', opts.sampler ?? 'tpe', kwargs, { display: snake });
      }
      const rec = await withStorage(opts, async (st) => {
        const sampler = createSampler(opts.sampler ?? 'tpe', kwargs);
        const study = await loadStudy({ storage: st, studyName: await nameIn(st, opts), sampler });
        const trial = await study.ask(space);
        await trial.flush();
        return { number: trial.number, params: { ...trial.params } };
      });
      outputOne(opts, rec);
    });

  common(program.command('tell').description('finish a trial started by ask'), ONLY_STUDY, false)
    .requiredOption('--trial-number <n>', 'the trial', integer('--trial-number'))
    .option('--values <v...>', 'objective values (one per objective)')
    .option('--state <state>', 'complete | pruned | fail (default complete with --values)')
    .option('--skip-if-finished', 'do nothing when the trial is already finished')
    .action(async (opts: Common & { trialNumber: number; values?: string[]; state?: string; skipIfFinished?: boolean }) => {
      const values = opts.values?.map((v) => {
        const n = Number(v);
        if (v.trim() === '' || Number.isNaN(n)) throw new TunerError(`--values: '${v}' is not a number`);
        return n;
      });
      let state: 'COMPLETE' | 'PRUNED' | 'FAIL' | undefined;
      if (opts.state !== undefined) {
        const s = opts.state.toUpperCase();
        if (s !== 'COMPLETE' && s !== 'PRUNED' && s !== 'FAIL') throw new TunerError(`--state must be complete, pruned or fail, got '${opts.state}'`);
        state = s;
      }
      if (values === undefined && (state === undefined || state === 'COMPLETE')) throw new TunerError('tell: give --values, or --state pruned|fail');
      const rec = await withStorage(opts, async (st) => {
        const study = await openStudy(st, opts, 'random');
        const t = await study.tell(opts.trialNumber, values === undefined ? undefined : values.length === 1 ? values[0] : values, {
          state,
          skipIfFinished: opts.skipIfFinished === true,
        });
        return trialRecord(t, study.directions.length);
      });
      if (opts.json === true) printJson(rec);
      else process.stdout.write(`told trial ${rec.number}: state ${String(rec.state)}${values !== undefined ? `, values ${values.join(' ')}` : ''}\n`);
    });
}
