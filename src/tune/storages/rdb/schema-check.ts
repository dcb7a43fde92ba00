/**
 * Checking a database before gbtune writes to it: an empty database gets Optuna 3.1's schema; a
 * database with that schema is used; anything else (missing tables, a newer or older schema
 * version, an unknown alembic revision) is a {@link StorageError} naming the database and what is
 * wrong, raised before any write.
 *
 * @example
 * ```ts
 * await ensureSchema(driver); // creates the tables in an empty database, else checks the version
 * ```
 */
import { StorageError } from '../../../core/errors.js';
import type { SqlDriver, SqlExecutor } from './driver.js';
import {
  ALEMBIC_VERSION,
  extraIndexStatement,
  OLDER_ALEMBIC_VERSIONS,
  SCHEMA_TABLES,
  SCHEMA_VERSION,
  schemaStatements,
  type SqlDialect,
} from './schema.js';

/** What {@link inspectSchema} found. */
export type SchemaState = 'empty' | 'current';

/**
 * Reads the table list and version rows (read-only) and classifies the database; throws a
 * StorageError for a database gbtune must not touch.
 *
 * @example
 * ```ts
 * await inspectSchema(driver, 'sqlite', '/tmp/study.db'); // 'empty' | 'current'
 * ```
 */
export async function inspectSchema(x: SqlExecutor, dialect: SqlDialect, label: string): Promise<SchemaState> {
  const rows =
    dialect === 'sqlite'
      ? await x.all("SELECT name FROM sqlite_master WHERE type = 'table'")
      : await x.all('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()');
  const tables = new Set(rows.map((r) => String(r.name)));
  const present = SCHEMA_TABLES.filter((t) => tables.has(t));
  if (present.length === 0) return 'empty';
  const missing = SCHEMA_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new StorageError(
      `${label}: not a complete Optuna/gbtune study database: table(s) ${missing.join(', ')} missing (found ${present.join(', ')})`,
      'BAD_SCHEMA',
    );
  }
  const [vi] = await x.all('SELECT schema_version, library_version FROM version_info');
  const av = (await x.all('SELECT version_num FROM alembic_version')).map((r) => String(r.version_num));
  const schemaVersion = vi === undefined ? null : Number(vi.schema_version);
  const lib = vi === undefined ? 'unknown' : String(vi.library_version);
  if (schemaVersion !== null && schemaVersion > SCHEMA_VERSION) {
    throw new StorageError(
      `${label}: written by a newer schema (version_info.schema_version ${schemaVersion}, library ${lib}); gbtune reads schema version ${SCHEMA_VERSION} (Optuna 3.1, alembic ${ALEMBIC_VERSION}). The database was not modified`,
      'NEWER_SCHEMA',
    );
  }
  const rev = av[0];
  if (rev !== ALEMBIC_VERSION) {
    if (rev !== undefined && OLDER_ALEMBIC_VERSIONS.includes(rev)) {
      throw new StorageError(
        `${label}: written by an older Optuna schema (alembic ${rev}, library ${lib}); upgrade it with \`optuna storage upgrade --storage URL\` first. The database was not modified`,
        'OLD_SCHEMA',
      );
    }
    throw new StorageError(
      `${label}: unknown schema revision (alembic_version ${rev === undefined ? 'missing' : `'${rev}'`}, schema_version ${schemaVersion}, library ${lib}); gbtune reads alembic ${ALEMBIC_VERSION} (Optuna 3.1). The database was not modified`,
      'NEWER_SCHEMA',
    );
  }
  if (schemaVersion !== SCHEMA_VERSION) {
    throw new StorageError(
      `${label}: version_info.schema_version is ${schemaVersion}, expected ${SCHEMA_VERSION} with alembic ${ALEMBIC_VERSION}. The database was not modified`,
      'BAD_SCHEMA',
    );
  }
  return 'current';
}

/**
 * Creates the schema in an empty database, or checks an existing one, inside one write
 * transaction (so that several processes opening a new database at once create it once).
 */
export async function ensureSchema(driver: SqlDriver): Promise<void> {
  await driver.transaction(async (tx) => {
    if (driver.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(830517312)');
    const state = await inspectSchema(tx, driver.dialect, driver.label);
    if (state === 'empty') {
      for (const stmt of schemaStatements(driver.dialect)) await tx.all(stmt);
    } else {
      await tx.all(extraIndexStatement());
    }
  });
}
