/**
 * The storage registry: turns a URL (or nothing) into a {@link Storage}. Each scheme is one line of
 * {@link STORAGE_SCHEMES}, loaded lazily so that an unused backend (e.g. `pg`) is never imported.
 *
 * @example
 * ```ts
 * const mem = await getStorage(undefined);                  // a new InMemoryStorage
 * const same = await getStorage(mem);                       // an instance is returned as is
 * const db = await getStorage('sqlite:///tmp/study.db');    // once the SQLite storage lands
 * ```
 */
import { UnknownNameError } from '../../core/errors.js';
import type { Storage } from './base.js';
import { InMemoryStorage } from './memory.js';

/** Opens a storage from its full URL (the scheme already matched). */
export type StorageOpener = (url: string) => Promise<Storage>;

/**
 * Known URL schemes (without `://`) and how to open them. Other storages add their line here,
 * e.g. `sqlite: async (url) => new (await import('./sqlite.js')).SqliteStorage(url)`.
 */
export const STORAGE_SCHEMES: Record<string, StorageOpener> = {
  inmemory: async () => new InMemoryStorage(),
  journal: async (url) => (await import('./journal/file-backend.js')).openJournalFileStorage(url),
  redis: async (url) => (await import('./journal/redis-backend.js')).openJournalRedisStorage(url),
  sqlite: async (url) => (await import('./rdb/open-rdb-storage.js')).openRdbStorage(url),
  postgresql: async (url) => (await import('./rdb/open-rdb-storage.js')).openRdbStorage(url),
  postgres: async (url) => (await import('./rdb/open-rdb-storage.js')).openRdbStorage(url),
};

/** True when `x` looks like a Storage implementation (has the core methods). */
export function isStorage(x: unknown): x is Storage {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Storage).createNewStudy === 'function' &&
    typeof (x as Storage).getAllTrials === 'function'
  );
}

/**
 * Resolves the `storage` option of `createStudy`/`loadStudy`: `undefined` → a new
 * {@link InMemoryStorage}; a Storage instance → itself; a URL → the storage of its scheme.
 * Throws an `UnknownNameError` for an unknown scheme, naming the known ones.
 */
export async function getStorage(storage: string | Storage | undefined): Promise<Storage> {
  if (storage === undefined) return new InMemoryStorage();
  if (typeof storage !== 'string') {
    if (isStorage(storage)) return storage;
    throw new UnknownNameError('storage', String(storage), Object.keys(STORAGE_SCHEMES).map((s) => `${s}://...`));
  }
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(storage);
  const scheme = m === null ? storage : (m[1] as string).toLowerCase();
  // postgresql+psycopg2:// and friends (Optuna's SQLAlchemy URLs) map to their base scheme
  const base = scheme.split('+')[0] as string;
  const opener = STORAGE_SCHEMES[scheme] ?? STORAGE_SCHEMES[base];
  if (opener === undefined) {
    throw new UnknownNameError('storage', storage, Object.keys(STORAGE_SCHEMES).map((s) => `${s}://...`));
  }
  return opener(storage);
}

export { InMemoryStorage } from './memory.js';
