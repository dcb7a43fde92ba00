/**
 * The journal kept in Redis (`redis://host:port/db`), with Optuna's `JournalRedisStorage` keys
 * (`optuna/storages/_journal/redis.py`): `<prefix>:log_number` holds the number of the last record
 * (-1 before the first) and record `i` is the string `<prefix>:log:<i>`. One Lua script increments
 * the counter and stores the record, so an append is atomic and the log has no gap; several
 * processes (on several machines) may share it. The prefix is Optuna's default, the empty string,
 * unless the URL says `?prefix=NAME`. Reads are incremental (MGET of the records not read yet).
 *
 * @example
 * ```ts
 * const storage = await openJournalRedisStorage('redis://127.0.0.1:6379/0');
 * ```
 */
import type { Redis } from 'ioredis';
import { StorageError } from '../../../core/errors.js';
import { importOptional } from '../../../core/optional-package.js';
import type { JournalRecord } from './journal-format.js';
import { parsePyJson, toPyJson } from './journal-json.js';
import { JournalStorage, type JournalBackend, type JournalReadResult } from './journal-storage.js';

/** Options of {@link JournalRedisBackend}. */
export interface JournalRedisOptions {
  /** Key prefix (Optuna's `prefix`). Default: the URL's `?prefix=` or ''. */
  prefix?: string;
  /** How long (ms) a reader waits for a numbered record that is not stored yet. Default 10,000. */
  missingRecordWaitMs?: number;
}

// SETNX inside the script: a fresh (or flushed) database starts at -1, so the first record is 0
const APPEND_SCRIPT = `
redis.call('setnx', ARGV[1] .. ':log_number', -1)
local i = redis.call('incr', ARGV[1] .. ':log_number')
redis.call('set', string.format('%s:log:%d', ARGV[1], i), ARGV[2])
return i`;

const MGET_BATCH = 2000;

/**
 * See the module comment.
 *
 * @example
 * ```ts
 * const storage = new JournalStorage(new JournalRedisBackend('redis://10.0.0.5:6379/0', { prefix: 'tuning' }));
 * ```
 */
export class JournalRedisBackend implements JournalBackend {
  readonly source: string;
  /** The client, made once ioredis (an optional peer dependency) is loaded; a missing ioredis rejects it, and the first command throws that. */
  private readonly redis: Promise<Redis>;
  private readonly prefix: string;
  private readonly missingRecordWaitMs: number;
  /** the next record number to read */
  private next = 0;

  constructor(url: string, { prefix, missingRecordWaitMs = 10_000 }: JournalRedisOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new StorageError(`storage URL '${url}' must look like redis://host:port/db`, 'BAD_STORAGE_URL');
    }
    const p = prefix ?? parsed.searchParams.get('prefix') ?? '';
    parsed.search = '';
    this.source = url;
    this.prefix = p;
    this.missingRecordWaitMs = missingRecordWaitMs;
    this.redis = importOptional('ioredis', () => import('ioredis'), (m) => new StorageError(m, 'MISSING_DRIVER')).then(({ Redis: Client }) => {
      const redis = new Client(parsed.toString(), { maxRetriesPerRequest: 3, lazyConnect: false, enableAutoPipelining: false });
      redis.on('error', () => {
        // connection errors surface as rejected commands (wrapped below)
      });
      return redis;
    });
    this.redis.catch(() => undefined); // not an unhandled rejection: the first command awaits it and throws
  }

  private wrap(e: unknown, what: string): StorageError {
    if (e instanceof StorageError) return e;
    return new StorageError(`Redis journal ${this.source}: ${what} failed: ${(e as Error).message}`, 'STORAGE_IO');
  }

  async readNew(): Promise<JournalReadResult> {
    const records: unknown[] = [];
    const from = this.next;
    let maxStr: string | null;
    try {
      maxStr = await (await this.redis).get(`${this.prefix}:log_number`);
    } catch (e) {
      throw this.wrap(e, 'reading the log number');
    }
    const source = this.source;
    const prefix = this.prefix;
    const locate = (i: number): string => `${source} key '${prefix}:log:${from + i}'`;
    if (maxStr === null) return { records, locate };
    const max = Number(maxStr);
    if (!Number.isInteger(max)) throw new StorageError(`${source} key '${prefix}:log_number' holds ${JSON.stringify(maxStr)}, not an integer`, 'JOURNAL_CORRUPT');
    for (let lo = from; lo <= max; lo += MGET_BATCH) {
      const hi = Math.min(max, lo + MGET_BATCH - 1);
      const keys: string[] = [];
      for (let i = lo; i <= hi; i++) keys.push(`${prefix}:log:${i}`);
      let vals: (string | null)[];
      try {
        vals = await (await this.redis).mget(keys);
      } catch (e) {
        throw this.wrap(e, 'reading records');
      }
      for (let k = 0; k < vals.length; k++) {
        let v = vals[k] ?? null;
        if (v === null) v = await this.waitFor(keys[k]);
        const r = parsePyJson(v);
        if (!r.ok) throw new StorageError(`${locate(records.length)}: not a journal record (${r.message}); nothing was changed`, 'JOURNAL_CORRUPT');
        records.push(r.value);
      }
    }
    this.next = max + 1;
    return { records, locate };
  }

  /** A numbered record not stored yet (Optuna's cluster mode writes counter and record apart): wait for it. */
  private async waitFor(key: string): Promise<string> {
    const began = Date.now();
    let delay = 10;
    for (;;) {
      await new Promise((r) => setTimeout(r, delay));
      const v = await (await this.redis).get(key).catch((e: unknown) => {
        throw this.wrap(e, `reading ${key}`);
      });
      if (v !== null) return v;
      if (Date.now() - began > this.missingRecordWaitMs) {
        throw new StorageError(`${this.source}: record '${key}' is numbered but missing after ${this.missingRecordWaitMs} ms`, 'JOURNAL_CORRUPT');
      }
      delay = Math.min(delay * 2, 500);
    }
  }

  async append(records: readonly JournalRecord[]): Promise<void> {
    for (const rec of records) {
      try {
        await (await this.redis).eval(APPEND_SCRIPT, 0, this.prefix, toPyJson(rec));
      } catch (e) {
        throw this.wrap(e, 'appending a record');
      }
    }
  }

  async close(): Promise<void> {
    const redis = await this.redis.catch(() => null);
    redis?.disconnect();
  }
}

/**
 * Opens a Redis journal storage from its URL (`redis://host:port/db[?prefix=NAME]`) and replays it.
 *
 * @example
 * ```ts
 * const storage = await openJournalRedisStorage('redis://127.0.0.1:6379/0?prefix=tuning');
 * ```
 */
export async function openJournalRedisStorage(url: string, options: JournalRedisOptions = {}): Promise<JournalStorage> {
  const backend = new JournalRedisBackend(url, options);
  try {
    return await new JournalStorage(backend).load();
  } catch (e) {
    await backend.close();
    throw e;
  }
}
