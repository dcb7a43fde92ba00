/**
 * The SQLite driver of the RDB storage, over better-sqlite3 (synchronous, in-process). The file
 * is checked before anything is written to it: its header, its length against the page count in
 * the header, `PRAGMA quick_check` and the schema version are read through a read-only connection
 * first, so a corrupt, truncated, foreign or newer file gives a `StorageError` naming the file
 * and the file stays byte-for-byte unchanged. Then it is opened read-write in WAL mode with a busy
 * timeout; every write transaction is `BEGIN IMMEDIATE` (taking the write lock up front, so two
 * processes never deadlock upgrading read locks, and waiting up to `busyTimeoutMs` for it).
 * In-process, the one connection is used by one transaction at a time (an async mutex).
 *
 * @example
 * ```ts
 * const storage = await openSqliteStorage('/tmp/study.db');
 * ```
 */
import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { StorageError } from '../../../core/errors.js';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './driver.js';
import { RdbStorage } from './rdb-storage.js';
import { ensureSchema, inspectSchema } from './schema-check.js';

const require = createRequire(import.meta.url);

/** Options of {@link openSqliteStorage}. */
export interface SqliteStorageOptions {
  /** How long a writer waits for another process's write lock, in ms (default 30,000). */
  busyTimeoutMs?: number;
  /** `PRAGMA synchronous` (default 'NORMAL': in WAL mode safe against process crashes; 'FULL' also against power loss). */
  synchronous?: 'NORMAL' | 'FULL';
  /** Run `PRAGMA quick_check` on an existing file before use (default true). */
  quickCheck?: boolean;
}

const MAGIC = 'SQLite format 3\0';

function loadBetterSqlite3(): typeof BetterSqlite3 {
  try {
    return require('better-sqlite3') as typeof BetterSqlite3;
  } catch (e) {
    throw new StorageError(`the SQLite storage needs the package better-sqlite3@12 (${(e as Error).message})`, 'MISSING_DRIVER');
  }
}

/** The size of `path` in bytes, 0 when it does not exist. */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The file's first 100 bytes (fewer when it is shorter) and its size, read in that order. */
function readHeader(path: string): { buf: Buffer; n: number; size: number } {
  const buf = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, 100, 0);
    return { buf, n, size: statSync(path).size };
  } finally {
    closeSync(fd);
  }
}

/** How long a file that looks truncated is watched before it is called truncated (ms). */
const TRUNCATION_SETTLE_MS = 200;

/**
 * Reads the header of an existing non-empty file and checks that it is a whole SQLite database.
 * The length check is skipped while a write-ahead log or rollback journal beside the file is not
 * empty: another process may be checkpointing (the header's page count is written before the
 * pages that grow the file) or a crashed one left a journal that SQLite replays on open. A file
 * that looks truncated without them is read again after {@link TRUNCATION_SETTLE_MS}: only the
 * same length and page count twice is an error.
 */
function checkHeader(path: string): void {
  if (fileSize(path) === 0) return;
  let { buf, n, size } = readHeader(path);
  if (n < 100 || buf.toString('latin1', 0, 16) !== MAGIC) {
    throw new StorageError(`${path}: not an SQLite database (the file does not start with the SQLite header)`, 'NOT_SQLITE');
  }
  const ps = buf.readUInt16BE(16);
  const pageSize = ps === 1 ? 65536 : ps;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    throw new StorageError(`${path}: corrupt SQLite header (page size ${ps})`, 'CORRUPT_STORAGE');
  }
  const truncated = (): boolean => {
    const pages = buf.readUInt32BE(28);
    // the page count is valid only when the change counter matches its "valid for" stamp
    return buf.readUInt32BE(24) === buf.readUInt32BE(92) && pages > 0 && size < pages * pageSize;
  };
  const journalled = (): boolean => fileSize(`${path}-wal`) > 0 || fileSize(`${path}-journal`) > 0;
  if (!truncated() || journalled()) return;
  const first = { size, pages: buf.readUInt32BE(28) };
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, TRUNCATION_SETTLE_MS);
  ({ buf, n, size } = readHeader(path));
  if (n < 100 || !truncated() || journalled() || size !== first.size || buf.readUInt32BE(28) !== first.pages) return;
  throw new StorageError(
    `${path}: truncated SQLite database: ${size} bytes, but the header counts ${first.pages} pages of ${pageSize} bytes (${first.pages * pageSize} bytes)`,
    'CORRUPT_STORAGE',
  );
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  locked = false;
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    this.locked = true;
    try {
      return await fn();
    } finally {
      this.locked = false;
      release();
    }
  }
}

/** See the module comment. */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly forUpdate = '';
  readonly label: string;
  private readonly db: BetterSqlite3.Database;
  private readonly stmts = new Map<string, BetterSqlite3.Statement>();
  private readonly mutex = new Mutex();
  private pending = 0;

  constructor(db: BetterSqlite3.Database, label: string) {
    this.db = db;
    this.label = label;
  }

  /** Runs one statement now (synchronously). */
  private exec(sql: string, params: readonly SqlValue[] = []): SqlRow[] {
    let st = this.stmts.get(sql);
    if (st === undefined) {
      st = this.db.prepare(sql);
      this.stmts.set(sql, st);
    }
    if (st.reader) return st.all(...params) as SqlRow[];
    st.run(...params);
    return [];
  }

  private wrap(e: unknown): unknown {
    if (e instanceof StorageError) return e;
    const err = e as { code?: string; message?: string };
    if (typeof err.code === 'string' && err.code.startsWith('SQLITE_')) {
      if (err.code === 'SQLITE_CONSTRAINT_UNIQUE') return e;
      const what = err.code === 'SQLITE_BUSY' ? 'the database stayed locked by another process beyond the busy timeout' : err.message;
      return new StorageError(`${this.label}: ${what} (${err.code})`, err.code === 'SQLITE_BUSY' ? 'STORAGE_BUSY' : 'STORAGE_ERROR');
    }
    return e;
  }

  private readonly rawStmts = new Map<string, BetterSqlite3.Statement>();

  async rows(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    const run = (): unknown[][] => {
      let st = this.rawStmts.get(sql);
      if (st === undefined) {
        st = this.db.prepare(sql).raw(true);
        this.rawStmts.set(sql, st);
      }
      return st.all(...params) as unknown[][];
    };
    const safe = (): unknown[][] => {
      try {
        return run();
      } catch (e) {
        throw this.wrap(e);
      }
    };
    return this.pending > 0 ? this.mutex.run(async () => safe()) : safe();
  }

  async all(sql: string, params?: readonly SqlValue[]): Promise<SqlRow[]> {
    // outside a transaction: run at once (a transaction in progress would see it as its own)
    const run = (): SqlRow[] => {
      try {
        return this.exec(sql, params);
      } catch (e) {
        throw this.wrap(e);
      }
    };
    return this.pending > 0 ? this.mutex.run(async () => run()) : run();
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.pending++;
    try {
      return await this.mutex.run(async () => {
        const tx: SqlExecutor = { all: async (sql, params) => this.exec(sql, params) };
        try {
          this.exec('BEGIN IMMEDIATE');
        } catch (e) {
          throw this.wrap(e);
        }
        try {
          const out = await fn(tx);
          this.exec('COMMIT');
          return out;
        } catch (e) {
          if (this.db.inTransaction) this.exec('ROLLBACK');
          throw this.wrap(e);
        }
      });
    } finally {
      this.pending--;
    }
  }

  /** Storages sharing this connection (see {@link openSqliteStorage}). */
  refs = 1;
  /** Called when the last user closes it. */
  onClose: (() => void) | null = null;

  async close(): Promise<void> {
    if (this.refs <= 0) return;
    if (--this.refs > 0) return;
    this.onClose?.();
    await this.mutex.run(async () => {
      if (this.db.open) this.db.close();
    });
  }
}

/**
 * Open connections by real path: storages of one process on one file share one connection, so
 * that one storage's write transaction never waits (blocking the thread) on another's lock.
 */
const OPEN = new Map<string, Promise<SqliteDriver>>();

/**
 * Turns an SQLAlchemy-style SQLite URL into a path.
 *
 * @example
 * ```ts
 * sqlitePathFromUrl('sqlite:////tmp/a.db'); // '/tmp/a.db'
 * sqlitePathFromUrl('sqlite:///a.db');      // 'a.db' (relative)
 * ```
 */
export function sqlitePathFromUrl(url: string): string {
  const m = /^sqlite(?:\+\w+)?:\/\/\/(.*)$/i.exec(url);
  if (m === null || m[1] === '') {
    throw new StorageError(`storage URL '${url}': expected sqlite:///relative/path.db or sqlite:////absolute/path.db`, 'BAD_URL');
  }
  return decodeURIComponent(m[1].split('?')[0]);
}

/**
 * Opens (creating when absent) an SQLite study file: checks it read-only first, then opens it
 * read-write in WAL mode and creates Optuna 3.1's schema in a new file.
 *
 * @example
 * ```ts
 * const storage = await openSqliteStorage('/tmp/study.db', { busyTimeoutMs: 60_000 });
 * ```
 */
export async function openSqliteStorage(
  path: string,
  { busyTimeoutMs = 30_000, synchronous = 'NORMAL', quickCheck = true }: SqliteStorageOptions = {},
): Promise<RdbStorage> {
  const key = existsSync(path) ? realpathSync(path) : resolve(path);
  let pending = OPEN.get(key);
  if (pending === undefined) {
    pending = openDriver(path, { busyTimeoutMs, synchronous, quickCheck });
    OPEN.set(key, pending);
    pending.then(
      (d) => {
        d.onClose = () => OPEN.delete(key);
      },
      () => OPEN.delete(key),
    );
    return new RdbStorage(await pending);
  }
  const driver = await pending;
  driver.refs++;
  return new RdbStorage(driver);
}

async function openDriver(path: string, { busyTimeoutMs, synchronous, quickCheck }: Required<SqliteStorageOptions>): Promise<SqliteDriver> {
  const Database = loadBetterSqlite3();
  if (existsSync(path) && statSync(path).size > 0) {
    checkHeader(path);
    let ro: BetterSqlite3.Database | null = null;
    try {
      ro = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
      if (quickCheck) {
        const rows = ro.prepare('PRAGMA quick_check').all() as SqlRow[];
        const msgs = rows.map((r) => String(Object.values(r)[0]));
        if (msgs.length !== 1 || msgs[0] !== 'ok') {
          throw new StorageError(`${path}: corrupt SQLite database (quick_check: ${msgs.slice(0, 3).join('; ')})`, 'CORRUPT_STORAGE');
        }
      }
      const db = ro;
      await inspectSchema({ all: async (sql, p) => db.prepare(sql).all(...(p ?? [])) as SqlRow[] }, 'sqlite', path);
    } catch (e) {
      if (e instanceof StorageError) throw e;
      const err = e as { code?: string; message?: string };
      throw new StorageError(`${path}: cannot be read as an SQLite study database: ${err.message} (${err.code ?? 'error'})`, 'CORRUPT_STORAGE');
    } finally {
      ro?.close();
    }
  }
  let db: BetterSqlite3.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma('foreign_keys = ON');
  } catch (e) {
    throw new StorageError(`${path}: cannot open the SQLite database: ${(e as Error).message}`, 'STORAGE_ERROR');
  }
  const driver = new SqliteDriver(db, path);
  try {
    await ensureSchema(driver);
  } catch (e) {
    await driver.close();
    throw e;
  }
  return driver;
}
