/**
 * The storage registry: turns a URL (or nothing) into a {@link Storage}. A URL's scheme is the
 * registered name (`sqlite:///study.db` → `sqlite`; SQLAlchemy's `postgresql+psycopg2://` → its base
 * scheme) and the whole URL is the factory's option.
 *
 * Unlike the other families' factories, a storage factory is async and imports its backend
 * lazily: the SQLite, PostgreSQL and Redis backends load `better-sqlite3`, `pg` and `ioredis`,
 * which are heavy (a native addon) or optional, so a study in memory or in a journal file never
 * loads them.
 *
 * @example
 * ```ts
 * const mem = await getStorage(undefined);                   // a new InMemoryStorage
 * const same = await getStorage(mem);                        // an instance is returned as is
 * const db = await getStorage('sqlite:///study.db');         // SQLite, loaded on first use
 * const pg = await STORAGES.create('postgresql', 'postgresql://user@host/db');
 * ```
 */
import { Registry } from '../../core/registry.js';
import type { Storage } from './base.js';
import { InMemoryStorage } from './memory.js';

/** Opens a storage from its full URL (the scheme already matched). */
export type StorageOpener = (url: string) => Promise<Storage>;

/** The option of each storage factory, per URL scheme: the whole URL. */
export interface StorageOptionsByName {
  inmemory: string;
  journal: string;
  redis: string;
  sqlite: string;
  postgresql: string;
}
export type StorageName = keyof StorageOptionsByName;

const openRdb: StorageOpener = async (url) => (await import('./rdb/open-rdb-storage.js')).openRdbStorage(url);

/** The storages by URL scheme (without `://`); each opener imports its backend on first use. */
export const STORAGES = new Registry<StorageOptionsByName, Promise<Storage>>(
  'storage',
  {
    inmemory: { create: async () => new InMemoryStorage() },
    journal: { create: async (url) => (await import('./journal/file-backend.js')).openJournalFileStorage(url) },
    redis: { create: async (url) => (await import('./journal/redis-backend.js')).openJournalRedisStorage(url) },
    sqlite: { create: openRdb },
    postgresql: { create: openRdb, aliases: ['postgres'] },
  },
  { display: (scheme) => `${scheme}://...` },
);

/** The registered URL schemes. */
export const STORAGE_NAMES: readonly StorageName[] = STORAGES.names;

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
    throw STORAGES.unknownName(String(storage));
  }
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(storage);
  const scheme = m === null ? storage : m[1].toLowerCase();
  // postgresql+psycopg2:// and friends (Optuna's SQLAlchemy URLs) map to their base scheme
  const base = scheme.split('+')[0];
  const name = STORAGES.lookup(scheme) ?? STORAGES.lookup(base);
  if (name === undefined) throw STORAGES.unknownName(storage, base);
  return STORAGES.create(name, storage);
}
