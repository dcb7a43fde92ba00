/**
 * How the study commands find their storage and study: `--storage URL` (or GBTUNE_STORAGE /
 * OPTUNA_STORAGE), a storage that must already exist for every command but `create-study` and
 * `tune` (so a typo never leaves an empty study file behind), and `--study-name`, optional when the
 * storage holds one study.
 */
import { existsSync } from 'node:fs';
import { getAllStudyNames, StorageError, TunerError } from '../index.js';
import { getStorage, type Storage } from '../tune/storages/index.js';

/** The storage URL from `--storage` or the environment; an error naming both when neither is set. */
export function storageUrl(storage: string | undefined): string {
  const url = storage ?? process.env.GBTUNE_STORAGE ?? process.env.OPTUNA_STORAGE;
  if (url === undefined || url === '') throw new TunerError('--storage URL is required (e.g. sqlite:///study.db), or set GBTUNE_STORAGE');
  return url;
}

/**
 * The file a `sqlite:///` or `journal://` URL names (as the storages read them: `sqlite:///rel.db`,
 * `sqlite:////abs.db`, `journal:///abs.log`, `journal://rel.log`), or null for a server storage.
 *
 * @example
 * ```ts
 * storageFilePath('sqlite:////tmp/study.db'); // '/tmp/study.db'
 * storageFilePath('postgresql://host/db');    // null
 * ```
 */
export function storageFilePath(url: string): string | null {
  const sqlite = /^sqlite(?:\+\w+)?:\/\/\/(.+)$/i.exec(url);
  if (sqlite !== null) return decodeURIComponent(sqlite[1].split('?')[0]);
  const journal = /^journal:\/\/(.+)$/i.exec(url);
  return journal === null ? null : journal[1];
}

/**
 * Opens the storage of a command that reads or changes existing studies: a sqlite or journal file
 * that does not exist is an error naming it (opening it would create an empty one).
 *
 * @example
 * ```ts
 * const st = await openExistingStorage('sqlite:///missing.db');
 * // StorageError: --storage sqlite:///missing.db: the file missing.db does not exist
 * ```
 */
export async function openExistingStorage(url: string): Promise<Storage> {
  const path = storageFilePath(url);
  if (path !== null && !existsSync(path)) {
    throw new StorageError(`--storage ${url}: the file ${path} does not exist (create-study or tune makes one)`, 'STORAGE_NOT_FOUND');
  }
  return getStorage(url);
}

/**
 * The study a command works on: `--study-name` when given, else the only study of the storage;
 * an error listing the names when there are several (or saying there is none).
 *
 * @example
 * ```ts
 * const name = await chooseStudyName(storage, 'sqlite:///study.db', undefined); // 'gbtune'
 * ```
 */
export async function chooseStudyName(storage: Storage, url: string, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const names = await getAllStudyNames({ storage });
  if (names.length === 1) return names[0];
  throw new TunerError(
    names.length === 0 ? `no study in ${url}` : `${url} holds ${names.length} studies (${names.join(', ')}); choose one with --study-name`,
    names.length === 0 ? 'NO_STUDY' : 'STUDY_NAME_REQUIRED',
  );
}
