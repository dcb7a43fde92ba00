/**
 * Opens an RDB storage from its URL: `sqlite:///relative.db`, `sqlite:////absolute/path.db`,
 * `postgresql://user:pass@host:port/db` (also `postgres://` and SQLAlchemy's
 * `postgresql+psycopg2://`), as Optuna's `RDBStorage(url)` accepts them.
 *
 * @example
 * ```ts
 * const storage = await openRdbStorage('sqlite:////tmp/study.db');
 * ```
 */
import { StorageError } from '../../../core/errors.js';
import type { RdbStorage } from './rdb-storage.js';

/** See the module comment. */
export async function openRdbStorage(url: string): Promise<RdbStorage> {
  if (/^sqlite(\+\w+)?:/i.test(url)) {
    const m = await import('./sqlite-driver.js');
    return m.openSqliteStorage(m.sqlitePathFromUrl(url));
  }
  if (/^postgres(ql)?(\+\w+)?:/i.test(url)) {
    return (await import('./postgres-driver.js')).openPostgresStorage(url);
  }
  throw new StorageError(`storage URL '${url}': not an sqlite:// or postgresql:// URL`, 'BAD_URL');
}
