/**
 * `gbtune/storages`: where a study lives — a storage from its URL (`getStorage`), the storage
 * classes and their openers, the `Storage` interface a third-party storage implements (its
 * conformance suite is in `gbtune/testing`), and, as in Optuna's `optuna.storages`, the
 * heartbeat's `failStaleTrials` and `RetryFailedTrialCallback`. The PostgreSQL and Redis storages
 * load their optional packages (`pg`, `ioredis`) when first opened. Re-exports only.
 *
 * @example
 * ```ts
 * import { createStudy } from 'gbtune';
 * import { JournalFileBackend, JournalStorage, getStorage } from 'gbtune/storages';
 * const db = await getStorage('sqlite:///study.db');
 * const journal = await new JournalStorage(new JournalFileBackend('study.log', { lock: { staleMs: 60_000 } })).load();
 * const study = await createStudy({ storage: journal, studyName: 'exp', loadIfExists: true });
 * ```
 */
export { getStorage } from './registry.js';
export type { Storage, StudySummary } from './base.js';
export { InMemoryStorage } from './memory.js';
export { RdbStorage } from './rdb/rdb-storage.js';
export { openRdbStorage } from './rdb/open-rdb-storage.js';
export { openSqliteStorage } from './rdb/sqlite-driver.js';
export type { SqliteStorageOptions } from './rdb/sqlite-driver.js';
export { openPostgresStorage } from './rdb/postgres-driver.js';
export type { PostgresStorageOptions } from './rdb/postgres-driver.js';
export { JournalStorage } from './journal/journal-storage.js';
export type { JournalBackend } from './journal/journal-storage.js';
export { JournalFileBackend, openJournalFileStorage } from './journal/file-backend.js';
export type { JournalFileOptions } from './journal/file-backend.js';
export { JournalRedisBackend, openJournalRedisStorage } from './journal/redis-backend.js';
export type { JournalRedisOptions } from './journal/redis-backend.js';
export { failStaleTrials } from '../heartbeat.js';
export { RetryFailedTrialCallback } from '../callbacks.js';
export type { RetryFailedTrialCallbackOptions } from '../callbacks.js';
