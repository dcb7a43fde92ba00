/**
 * What a gbtune study was made for, kept in its user attrs (`gbtune_study`): the data's
 * fingerprint (rows, columns and types, target and classes, a SHA-256 of the parsed columns), the
 * objective, the tuned metric and its direction, the folds (number and seed, or a hash of explicit
 * folds), the boosting rounds (cap and early stopping), the fixed params and the search space.
 *
 * A run that continues a study (same storage and study name) must match it: otherwise its trials
 * would be ranked against trials of another problem (a breast-cancer best reported for iris, AUCs
 * against accuracies, 3-fold against 5-fold values). A mismatch is a {@link StudyMismatchError}
 * listing every differing field, before any trial runs. Optuna does not check this.
 *
 * A study without the record (made by an older gbtune, or by other code) is adopted: the record is
 * written, with a warning when it already has trials (they cannot be checked). A define-by-run
 * search space cannot be compared unless the caller names it (`searchSpaceKey`).
 */
import { createHash } from 'node:crypto';
import { StudyMismatchError, type StudyDifference } from '../core/errors.js';
import { log } from '../core/log.js';
import type { Fold } from '../data/split.js';
import type { Study } from '../tune/study/study.js';
import type { TuneContext } from './context.js';
import { dataFingerprint, type DataFingerprint } from './data-fingerprint.js';
import type { SearchSpaceRecord } from './run-space.js';

/** The study user attr holding the record. */
export const STUDY_IDENTITY_ATTR = 'gbtune_study';

/** The record's format; a later gbtune that records more bumps it. */
const FORMAT = 1;

/**
 * Fixed params that do not change a trial's value, left out of the record (so they may change
 * between runs); `weight_column` because the weights it takes are in the data's record.
 */
const NOT_RECORDED = new Set(['num_threads', 'verbosity', 'deterministic', 'num_iterations', 'early_stopping_round', 'weight_column']);

/** What a study records (see the module comment). */
export interface StudyIdentity {
  format: number;
  data: DataFingerprint;
  objective: string;
  metric: string;
  direction: 'maximize' | 'minimize';
  nFolds: number;
  /** The seed of the folds and the boosters. */
  seed: number;
  /** SHA-256 of explicitly given folds, or null when they were made from nFolds and seed. */
  explicitFolds: string | null;
  /** The most boosting rounds of a trial, and the early-stopping patience. */
  rounds: { max: number; earlyStopping: number };
  /** The fixed params (canonical names), except those that do not change a trial's value. */
  fixedParams: Record<string, unknown>;
  searchSpace: SearchSpaceRecord;
}

/**
 * The record of a run from its context and its search space.
 *
 * @example
 * ```ts
 * const id = studyIdentity(ctx, { kind: 'default', entries: describeDefaultSpace(new Set()) });
 * id.data.rows; // 569
 * ```
 */
export function studyIdentity(ctx: TuneContext, searchSpace: SearchSpaceRecord): StudyIdentity {
  const base = ctx.settings.baseParams;
  const fixedParams: Record<string, unknown> = {};
  for (const k of Object.keys(ctx.fixedParams).sort()) if (!NOT_RECORDED.has(k)) fixedParams[k] = ctx.fixedParams[k];
  return {
    format: FORMAT,
    data: dataFingerprint(ctx.dataset),
    objective: ctx.objective,
    metric: ctx.metric,
    direction: ctx.direction,
    nFolds: ctx.nFolds,
    seed: ctx.seed,
    explicitFolds: ctx.explicitFolds ? foldsHash(ctx.settings.folds) : null,
    rounds: { max: Number(base.num_iterations), earlyStopping: Number(base.early_stopping_round) },
    fixedParams,
    searchSpace,
  };
}

/** SHA-256 of folds: each fold's train and valid row indices with their lengths. */
function foldsHash(folds: readonly Fold[]): string {
  const h = createHash('sha256');
  for (const f of folds) {
    for (const rows of [f.train, f.valid]) {
      h.update(`${rows.length};`);
      h.update(new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
    }
  }
  return h.digest('hex');
}

function text(v: unknown): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Up to 4 names, then how many more. */
function someNames(names: readonly string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** The columns' difference in one line each: the names one side lacks, else the types that changed, else the order. */
function columnsDifference(stored: readonly string[], given: readonly string[]): StudyDifference {
  const name = (c: string): string => c.replace(/ \((numeric|categorical)\)$/, '');
  const sn = stored.map(name);
  const gn = given.map(name);
  const only = (a: readonly string[], b: readonly string[]): string[] => {
    const set = new Set(b);
    return a.filter((x) => !set.has(x));
  };
  const sOnly = only(sn, gn);
  const gOnly = only(gn, sn);
  if (sOnly.length > 0 || gOnly.length > 0) {
    const side = (n: number, own: string[]): string => `${n} columns${own.length > 0 ? `, ${own.length} not in the other: ${someNames(own)}` : ''}`;
    return { field: 'data.columns', stored: side(sn.length, sOnly), given: side(gn.length, gOnly) };
  }
  const changed = stored.filter((c, i) => given.includes(c) === false && sn[i] !== undefined);
  if (changed.length > 0) {
    const typeOf = (list: readonly string[], n: string): string => list.find((c) => name(c) === n) as string;
    const names = changed.map(name);
    return { field: 'data.columns', stored: someNames(names.map((n) => typeOf(stored, n))), given: someNames(names.map((n) => typeOf(given, n))) };
  }
  return { field: 'data.columns', stored: someNames(sn), given: `the same columns in another order: ${someNames(gn)}` };
}

/** Every field where `given` differs from `stored` (records of the same format). */
export function compareIdentity(stored: Partial<StudyIdentity>, given: StudyIdentity): StudyDifference[] {
  const out: StudyDifference[] = [];
  const cmp = (field: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field, stored: text(a), given: text(b) });
  };
  const sd = (stored.data ?? {}) as Partial<DataFingerprint>;
  cmp('data.rows', sd.rows, given.data.rows);
  if (JSON.stringify(sd.columns) !== JSON.stringify(given.data.columns)) out.push(columnsDifference(sd.columns ?? [], given.data.columns));
  cmp('data.target', sd.target, given.data.target);
  cmp('data.weights', sd.weights ?? '(none)', given.data.weights ?? '(none)');
  cmp('data.initScore', sd.initScore ?? '(none)', given.data.initScore ?? '(none)');
  // the content, when nothing above tells the data apart (shortened: the whole hash is in the study)
  if (out.length === 0 && sd.sha256 !== given.data.sha256) {
    out.push({ field: 'data.sha256', stored: `${String(sd.sha256).slice(0, 16)}...`, given: `${given.data.sha256.slice(0, 16)}...` });
  }
  cmp('objective', stored.objective, given.objective);
  cmp('metric', stored.metric, given.metric);
  cmp('direction', stored.direction, given.direction);
  cmp('nFolds', stored.nFolds, given.nFolds);
  cmp('seed', stored.seed, given.seed);
  cmp('explicitFolds', stored.explicitFolds, given.explicitFolds);
  cmp('rounds.max', stored.rounds?.max, given.rounds.max);
  cmp('rounds.earlyStopping', stored.rounds?.earlyStopping, given.rounds.earlyStopping);
  const sf = stored.fixedParams ?? {};
  for (const k of [...new Set([...Object.keys(sf), ...Object.keys(given.fixedParams)])].sort()) {
    const a = sf[k];
    const b = given.fixedParams[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: `fixedParams.${k}`, stored: a === undefined ? '(not fixed)' : text(a), given: b === undefined ? '(not fixed)' : text(b) });
  }
  const ss: Partial<SearchSpaceRecord> = stored.searchSpace ?? {};
  const gs = given.searchSpace;
  if (ss.kind !== gs.kind) {
    cmp('searchSpace', ss.kind, gs.kind);
  } else if (gs.kind === 'function') {
    cmp('searchSpace.key', ss.key, gs.key);
  } else {
    const se = ss.entries ?? {};
    const ge = gs.entries ?? {};
    for (const k of [...new Set([...Object.keys(se), ...Object.keys(ge)])].sort()) {
      if (se[k] !== ge[k]) out.push({ field: `searchSpace.${k}`, stored: se[k] ?? '(not searched)', given: ge[k] ?? '(not searched)' });
    }
  }
  if (stored.format !== given.format && out.length === 0) cmp('format', stored.format, given.format);
  return out;
}

/**
 * A mismatch message: the study, the differences one per line (`label(field)`: stored → given),
 * then `advice`.
 *
 * @example
 * ```ts
 * mismatchMessage("study 'gbtune'", diffs, (f) => f, 'give another studyName');
 * ```
 */
export function mismatchMessage(what: string, differences: readonly StudyDifference[], label: (field: string) => string, advice: string): string {
  const lines = differences.map((d) => `  ${label(d.field)}: ${d.stored} (study) → ${d.given} (this run)`);
  return `${what} was made for another tuning run; its trials cannot be compared with this run's:\n${lines.join('\n')}\n${advice}`;
}

/** The library's names for the fields (the options of tuneGbdt). */
export function libraryLabel(field: string): string {
  if (field === 'rounds.max') return 'maxRounds (or params.num_iterations)';
  if (field === 'rounds.earlyStopping') return 'earlyStoppingRounds (or params.early_stopping_round)';
  if (field === 'explicitFolds') return 'folds';
  if (field.startsWith('fixedParams.')) return `params.${field.slice('fixedParams.'.length)}`;
  if (field.startsWith('data.')) return field === 'data.target' ? 'target' : `data ${field.slice(5)}`;
  return field;
}

/**
 * Checks that `study` was made for the run `identity` describes, or records it when the study has
 * no record yet. Throws a {@link StudyMismatchError} naming every differing field, before any
 * trial of this run.
 *
 * @example
 * ```ts
 * await checkStudyIdentity(study, studyIdentity(ctx, space.record));
 * ```
 */
export async function checkStudyIdentity(study: Study, identity: StudyIdentity): Promise<void> {
  const stored = study.userAttrs[STUDY_IDENTITY_ATTR] as Partial<StudyIdentity> | undefined;
  const differences: StudyDifference[] = [];
  const dir = study.directions.length === 1 ? study.directions[0].toLowerCase() : study.directions.join(', ').toLowerCase();
  const studyDirection = dir !== identity.direction;
  if (studyDirection) differences.push({ field: 'direction', stored: dir, given: `${identity.direction} (metric ${identity.metric})` });
  if (stored !== undefined && typeof stored === 'object' && stored !== null) {
    for (const d of compareIdentity(stored, identity)) if (!(studyDirection && d.field === 'direction')) differences.push(d);
  }
  if (differences.length > 0) {
    const message = mismatchMessage(`study '${study.studyName}'`, differences, libraryLabel, 'give this run another studyName (or storage) to start a new study, or the study\'s settings to continue it');
    throw new StudyMismatchError(message, study.studyName, differences);
  }
  const nTrials = study.trials.length;
  if (stored === undefined) {
    if (nTrials > 0) {
      log.warn(
        `study '${study.studyName}' has ${nTrials} trial(s) but no record of the data, target, metric, folds and search space they were made for ` +
          '(made by an older gbtune or by other code); it is adopted as made for this run. If its trials were made for other data or settings, ' +
          'its best trial is not comparable with this run\'s: start a new study instead',
      );
    }
    await study.setUserAttr(STUDY_IDENTITY_ATTR, identity);
    return;
  }
  if (identity.searchSpace.kind === 'function' && identity.searchSpace.key === null && nTrials > 0) {
    log.warn(
      `study '${study.studyName}': the search space is a function, so gbtune cannot tell whether its ${nTrials} trial(s) were made with the same one; ` +
        'give searchSpaceKey (a name you change whenever you change the function) to have it checked',
    );
  }
}
