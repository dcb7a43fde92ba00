/**
 * The small asynchronous SQL driver the RDB storage runs on: one implementation per database
 * (`sqlite-driver.ts` over better-sqlite3, `postgres-driver.ts` over pg). SQL is written once with
 * `?` placeholders; the PostgreSQL driver numbers them (`$1`, `$2`, ...).
 *
 * @example
 * ```ts
 * const n = await driver.transaction(async (tx) => {
 *   const [row] = await tx.all('SELECT COUNT(*) AS n FROM trials WHERE study_id = ?', [1]);
 *   return Number(row?.n);
 * });
 * ```
 */
import type { SqlDialect } from './schema.js';

/** A value bound to a `?` placeholder. */
export type SqlValue = number | string | null;

/** One result row, column name → value. */
export type SqlRow = Record<string, unknown>;

/** Runs statements (inside or outside a transaction). */
export interface SqlExecutor {
  /** Runs a statement and returns its rows (empty for statements without a result). */
  all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]>;
}

/** A connection (pool) to one database. */
export interface SqlDriver extends SqlExecutor {
  readonly dialect: SqlDialect;
  /** Names the database in messages (a file path, or a URL without its password). */
  readonly label: string;
  /**
   * Runs `fn` in one write transaction (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `BEGIN` and row
   * locks taken with `FOR UPDATE`), committing when it resolves and rolling back when it throws.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Like `all`, but each row is an array of the selected columns in order (fewer allocations for bulk reads). */
  rows(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /** `' FOR UPDATE'` where the dialect locks rows read in a transaction, else `''`. */
  readonly forUpdate: string;
  close(): Promise<void>;
}

/**
 * Rewrites `?` placeholders as `$1, $2, ...` (our SQL never has `?` inside literals).
 *
 * @example
 * ```ts
 * numberPlaceholders('SELECT * FROM trials WHERE study_id = ? AND number = ?'); // '... study_id = $1 AND number = $2'
 * ```
 */
export function numberPlaceholders(sql: string): string {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
}
