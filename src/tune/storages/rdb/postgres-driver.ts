/**
 * The PostgreSQL driver of the RDB storage, over a `pg` Pool: each transaction takes one pooled
 * client (`BEGIN` ... `COMMIT`), and the storage locks the study row (trial creation) or the trial
 * row (trial writes) with `SELECT ... FOR UPDATE`, so concurrent workers on many machines get
 * unique trial numbers and never write to a trial another worker has finished. A transaction
 * that hits a deadlock or serialization failure is retried.
 *
 * @example
 * ```ts
 * const storage = await openPostgresStorage('postgresql://optuna:secret@db:5432/studies');
 * ```
 */
import type * as Pg from 'pg';
import { StorageError } from '../../../core/errors.js';
import { importOptional } from '../../../core/optional-package.js';
import { numberPlaceholders, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue } from './driver.js';
import { RdbStorage } from './rdb-storage.js';
import { ensureSchema } from './schema-check.js';

/** Options of {@link openPostgresStorage}. */
export interface PostgresStorageOptions {
  /** Pool size (default 4). */
  max?: number;
}

/**
 * The URL with its password hidden (for messages).
 *
 * @example
 * ```ts
 * redactUrl('postgresql://u:secret@h/db'); // 'postgresql://u:***@h/db'
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

const RETRY_CODES = new Set(['40P01', '40001']);

/**
 * See the module comment. Not exported: its constructor takes a `pg` Pool, and pg is an optional
 * package whose types a user of gbtune's declarations need not have.
 */
class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  readonly forUpdate = ' FOR UPDATE';
  readonly label: string;
  private readonly pool: Pg.Pool;

  constructor(pool: Pg.Pool, label: string) {
    this.pool = pool;
    this.label = label;
  }

  private wrap(e: unknown): unknown {
    if (e instanceof StorageError) return e;
    const err = e as { code?: string; message?: string };
    if (err.code === '23505') return e; // unique violation: the storage maps it
    if (typeof err.code === 'string' || e instanceof Error) {
      const code = err.code === undefined ? '' : ` (${err.code})`;
      return new StorageError(`${this.label}: ${err.message ?? String(e)}${code}`, 'STORAGE_ERROR');
    }
    return e;
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
    try {
      const r = await this.pool.query(numberPlaceholders(sql), params as SqlValue[]);
      return r.rows as SqlRow[];
    } catch (e) {
      throw this.wrap(e);
    }
  }

  async rows(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    try {
      const r = await this.pool.query({ text: numberPlaceholders(sql), values: params as SqlValue[], rowMode: 'array' });
      return r.rows as unknown[][];
    } catch (e) {
      throw this.wrap(e);
    }
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let client: Pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (e) {
        throw this.wrap(e);
      }
      const tx: SqlExecutor = {
        all: async (sql, params = []) => (await client.query(numberPlaceholders(sql), params as SqlValue[])).rows as SqlRow[],
      };
      try {
        await client.query('BEGIN');
        const out = await fn(tx);
        await client.query('COMMIT');
        client.release();
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
        const code = (e as { code?: string }).code;
        if (code !== undefined && RETRY_CODES.has(code) && attempt < 5) continue;
        throw this.wrap(e);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Connects to a PostgreSQL database (`postgresql://user:pass@host:port/db`), creating Optuna
 * 3.1's schema in an empty one and checking the schema version of an existing one.
 *
 * @example
 * ```ts
 * const storage = await openPostgresStorage('postgresql://postgres@127.0.0.1:5432/postgres');
 * ```
 */
export async function openPostgresStorage(url: string, { max = 4 }: PostgresStorageOptions = {}): Promise<RdbStorage> {
  // pg is an optional peer dependency, loaded by the first postgresql:// storage
  const pg = (await importOptional('pg', () => import('pg'), (m) => new StorageError(m, 'MISSING_DRIVER'))).default;
  // postgresql+psycopg2://... (SQLAlchemy style) → postgresql://...
  const conn = url.replace(/^postgres(?:ql)?(\+\w+)?:\/\//i, 'postgresql://');
  const label = redactUrl(url);
  const types = {
    getTypeParser: (oid: number, format?: string): ((v: string) => unknown) => {
      if (oid === 20) return (v: string) => Number(v); // COUNT(*) → number
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({ connectionString: conn, max, types: types as unknown as Pg.CustomTypesConfig });
  pool.on('error', () => undefined); // an idle client's connection dropped: the next query reconnects
  const driver = new PostgresDriver(pool, label);
  try {
    await ensureSchema(driver);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  return new RdbStorage(driver);
}
