/**
 * Making, loading, listing, copying and deleting studies (Optuna's `create_study`, `load_study`,
 * `delete_study`, `get_all_study_names`, `get_all_study_summaries`, `copy_study`). `storage` is a URL, a `Storage`, or nothing (a new in-memory storage).
 *
 * @example
 * ```ts
 * const study = await createStudy({ direction: 'maximize', studyName: 'lgbm', storage: 'sqlite:///tune.db', loadIfExists: true });
 * const names = await getAllStudyNames({ storage: 'sqlite:///tune.db' });
 * ```
 */
import { StorageError, TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import type { Pruner } from '../pruners/base.js';
import { createPruner } from '../pruners/registry.js';
import { MedianPruner } from '../pruners/median.js';
import type { Sampler } from '../samplers/base.js';
import { createSampler } from '../samplers/registry.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { Storage, StudySummary } from '../storages/base.js';
import { getStorage } from '../storages/registry.js';
import { checkHeartbeatOptions, setStudyHeartbeat, type HeartbeatOptions } from '../heartbeat.js';
import type { FrozenTrial, StudyDirection } from '../trial/frozen-trial.js';
import { trialTemplate } from '../trial/trial-template.js';
import { Study } from './study.js';

/** The sampler used when none is given: TPE, as in Optuna. */
export const DEFAULT_SAMPLER_NAME: string = 'tpe';

/** A direction as Optuna spells it (either case). */
export type DirectionInput = StudyDirection | 'minimize' | 'maximize';

/** Options of {@link createStudy}; the heartbeat options are documented in `heartbeat.ts`. */
export interface CreateStudyOptions extends HeartbeatOptions<Study> {
  /** The single objective's direction. Default 'minimize'. Give `direction` or `directions`, not both. */
  direction?: DirectionInput;
  /** One direction per objective, for multi-objective studies. */
  directions?: readonly DirectionInput[];
  /** A sampler, or its registry name ('random', 'tpe', ...). Default: TPE (see DEFAULT_SAMPLER_NAME). */
  sampler?: Sampler | string;
  /** A pruner, or its registry name ('median', ...). Default: `new MedianPruner()`. */
  pruner?: Pruner | string;
  /** A storage URL, a Storage, or undefined for a new in-memory storage. */
  storage?: string | Storage;
  /** Default: `no-name-<uuid>`. */
  studyName?: string;
  /** Load the study when one with `studyName` exists instead of throwing. Default false. */
  loadIfExists?: boolean;
}

/** Options of {@link loadStudy}; the heartbeat options are documented in `heartbeat.ts`. */
export interface LoadStudyOptions extends HeartbeatOptions<Study> {
  /** The study's name; may be omitted when the storage holds exactly one study. */
  studyName?: string;
  storage: string | Storage;
  sampler?: Sampler | string;
  pruner?: Pruner | string;
}

/** Normalizes user directions ('minimize' | 'MINIMIZE' | ...). */
export function normalizeDirection(d: unknown): StudyDirection {
  if (typeof d === 'string') {
    const u = d.toUpperCase();
    if (u === 'MINIMIZE' || u === 'MAXIMIZE') return u;
  }
  throw new TunerError(`direction ${JSON.stringify(d)} must be 'minimize' or 'maximize'`);
}

function resolveSampler(sampler: Sampler | string | undefined): Sampler {
  if (sampler === undefined) return createSampler(DEFAULT_SAMPLER_NAME);
  if (typeof sampler === 'string') return createSampler(sampler);
  return sampler;
}

function resolvePruner(pruner: Pruner | string | undefined): Pruner {
  if (pruner === undefined) return new MedianPruner();
  if (typeof pruner === 'string') return createPruner(pruner);
  return pruner;
}

/**
 * Creates a study (or loads it with `loadIfExists`).
 *
 * @example
 * ```ts
 * const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 0 }) });
 * ```
 */
export async function createStudy({
  direction,
  directions,
  sampler,
  pruner,
  storage,
  studyName,
  loadIfExists = false,
  ...heartbeat
}: CreateStudyOptions = {}): Promise<Study> {
  if (direction !== undefined && directions !== undefined) {
    throw new TunerError('createStudy: specify only one of direction and directions');
  }
  let dirs: StudyDirection[];
  if (directions !== undefined) {
    if (!Array.isArray(directions) || directions.length === 0) {
      throw new TunerError('createStudy: directions must be a non-empty array of "minimize" / "maximize"');
    }
    dirs = directions.map(normalizeDirection);
  } else {
    dirs = [normalizeDirection(direction ?? 'minimize')];
  }
  checkHeartbeatOptions(heartbeat); // before anything is created
  const st = await getStorage(storage);
  const smp = resolveSampler(sampler);
  const prn = resolvePruner(pruner);
  let studyId: number;
  try {
    studyId = await st.createNewStudy(dirs, studyName);
  } catch (e) {
    if (!(e instanceof StorageError && e.code === 'DUPLICATED_STUDY')) throw e;
    if (!loadIfExists || studyName === undefined) {
      throw new StorageError(
        `another study with name '${studyName}' already exists; specify a different name, or reuse the existing one with loadIfExists: true`,
        'DUPLICATED_STUDY',
      );
    }
    log.info(`using an existing study with name '${studyName}' instead of creating a new one`);
    studyId = await st.getStudyIdFromName(studyName);
    const existing = await st.getStudyDirections(studyId);
    if (direction !== undefined || directions !== undefined) {
      if (existing.length !== dirs.length || existing.some((d, i) => d !== dirs[i])) {
        throw new TunerError(
          `study '${studyName}' exists with directions ${JSON.stringify(existing)}, not the requested ${JSON.stringify(dirs)}`,
        );
      }
    }
    dirs = existing;
  }
  const name = await st.getStudyNameFromId(studyId);
  const study = new Study({ storage: st, studyId, studyName: name, directions: dirs, sampler: smp, pruner: prn });
  setStudyHeartbeat(study, heartbeat);
  await study.refresh();
  return study;
}

/**
 * Loads an existing study from a storage.
 *
 * @example
 * ```ts
 * const study = await loadStudy({ studyName: 'lgbm', storage: 'sqlite:///tune.db' });
 * ```
 */
export async function loadStudy({ studyName, storage, sampler, pruner, ...heartbeat }: LoadStudyOptions): Promise<Study> {
  const st = await getStorage(storage);
  let name = studyName;
  if (name === undefined) {
    const all = await st.getAllStudies();
    if (all.length !== 1) {
      throw new TunerError(
        `loadStudy: studyName is required because the storage holds ${all.length} studies${all.length > 0 ? ` (${all.map((s) => s.studyName).join(', ')})` : ''}`,
      );
    }
    name = (all[0] as { studyName: string }).studyName;
  }
  const studyId = await st.getStudyIdFromName(name);
  const directions = await st.getStudyDirections(studyId);
  const study = new Study({
    storage: st,
    studyId,
    studyName: name,
    directions,
    sampler: resolveSampler(sampler),
    pruner: resolvePruner(pruner),
  });
  setStudyHeartbeat(study, heartbeat);
  await study.refresh();
  return study;
}

/**
 * Deletes a study and its trials.
 *
 * @example
 * ```ts
 * await deleteStudy({ studyName: 'old', storage });
 * ```
 */
export async function deleteStudy({ studyName, storage }: { studyName: string; storage: string | Storage }): Promise<void> {
  const st = await getStorage(storage);
  await st.deleteStudy(await st.getStudyIdFromName(studyName));
}

/**
 * The names of every study in a storage.
 *
 * @example
 * ```ts
 * await getAllStudyNames({ storage }); // ['a', 'b']
 * ```
 */
export async function getAllStudyNames({ storage }: { storage: string | Storage }): Promise<string[]> {
  const st = await getStorage(storage);
  return (await st.getAllStudies()).map((s) => s.studyName);
}

/** A study's summary with its best trial (single objective; null when none is complete or with several objectives). */
export interface StudySummaryWithBest extends StudySummary {
  readonly bestTrial: FrozenTrial | null;
}

/**
 * Every study of a storage with its summary (Optuna's `get_all_study_summaries`).
 * `includeBestTrial` reads each study's trials to find the best one.
 *
 * @example
 * ```ts
 * for (const s of await getAllStudySummaries({ storage })) console.log(s.studyName, s.nTrials, s.bestTrial?.values);
 * ```
 */
export async function getAllStudySummaries({
  storage,
  includeBestTrial = true,
}: {
  storage: string | Storage;
  /** Default true. */
  includeBestTrial?: boolean;
}): Promise<StudySummaryWithBest[]> {
  const st = await getStorage(storage);
  const out: StudySummaryWithBest[] = [];
  for (const s of await st.getAllStudies()) {
    let best: FrozenTrial | null = null;
    if (includeBestTrial && s.directions.length === 1) {
      const max = s.directions[0] === 'MAXIMIZE';
      for (const t of await st.getAllTrials(s.studyId, { states: ['COMPLETE'] })) {
        if (t.values === null) continue;
        const v = t.values[0];
        const b = best === null ? null : (best.values as readonly number[])[0];
        if (b === null || (max ? v > b : v < b)) best = t;
      }
    }
    out.push({ ...s, bestTrial: best });
  }
  return out;
}

/** Options of {@link copyStudy}. */
export interface CopyStudyOptions {
  fromStudyName: string;
  fromStorage: string | Storage;
  toStorage: string | Storage;
  /** Default: the same name as the source. */
  toStudyName?: string;
}

/**
 * Copies a study with its attributes and trials to another storage (Optuna's `copy_study`); the
 * trials keep their params, values, states, times and attributes, and get new numbers in order.
 *
 * @example
 * ```ts
 * await copyStudy({ fromStudyName: 'exp', fromStorage: mem, toStorage: 'sqlite:///exp.db' });
 * ```
 */
export async function copyStudy({ fromStudyName, fromStorage, toStorage, toStudyName }: CopyStudyOptions): Promise<void> {
  const from = await getStorage(fromStorage);
  const to = await getStorage(toStorage);
  const fromId = await from.getStudyIdFromName(fromStudyName);
  const directions = await from.getStudyDirections(fromId);
  const toId = await to.createNewStudy(directions, toStudyName ?? fromStudyName);
  for (const [k, v] of Object.entries(await from.getStudyUserAttrs(fromId))) await to.setStudyUserAttr(toId, k, v);
  for (const [k, v] of Object.entries(await from.getStudySystemAttrs(fromId))) await to.setStudySystemAttr(toId, k, v);
  for (const t of await from.getAllTrials(fromId)) {
    await to.createNewTrial(toId, trialTemplate(t));
  }
}
