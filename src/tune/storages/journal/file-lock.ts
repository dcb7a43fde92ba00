/**
 * A lock file for writers of one file, across processes on one machine and on a shared file
 * system (NFS). Acquiring hard-links a private, fully written file (`<lock>.<uuid>.tmp`, holding
 * host, pid and a token) to the lock path: `link` is atomic even on NFSv2, where `O_EXCL` is not
 * (the classic NFS-safe recipe; Optuna's `JournalFileSymlinkLock` uses `symlink` the same way, on
 * the same `<file>.lock` path, so Optuna and gbtune writers exclude each other). File systems
 * without hard links fall back to an exclusive create.
 *
 * Stale locks are recovered: a lock whose holder is on this host and no longer runs is broken at
 * once; any other lock (another host, or an Optuna lock without owner data) is broken when older
 * than `staleMs`, its age measured against the file server's clock (the mtime of a file we just
 * wrote), so clock skew between hosts does not matter. Breaking renames the lock away and checks
 * it is the very file judged stale (same inode) before deleting it, so two waiters that both see a
 * stale lock cannot delete a fresh one.
 *
 * @example
 * ```ts
 * const lock = new FileLock('/shared/study.log.lock');
 * await lock.withLock(() => appendRecord());
 * ```
 */
import { randomUUID } from 'node:crypto';
import { linkSync, lstatSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { StorageError } from '../../../core/errors.js';
import { log } from '../../../core/log.js';

/** Options of {@link FileLock}. */
export interface FileLockOptions {
  /** A lock held longer than this (ms) whose holder cannot be checked is taken as stale. Default 30,000. */
  staleMs?: number;
  /** Waiting longer than this (ms) throws a `StorageError` (LOCK_TIMEOUT). Default 600,000. */
  timeoutMs?: number;
}

interface LockOwner {
  host?: unknown;
  pid?: unknown;
  token?: unknown;
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);
/** How often (ms) a waiter checks whether the lock is stale. */
const STALE_CHECK_MS = 100;
const MAX_BACKOFF_MS = 50;

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * See the module comment.
 *
 * @example
 * ```ts
 * const lock = new FileLock('/shared/study.log.lock', { staleMs: 30_000 });
 * await lock.acquire();
 * try { appendRecord(); } finally { lock.release(); }
 * ```
 */
export class FileLock {
  private readonly staleMs: number;
  private readonly timeoutMs: number;
  private token: string | null = null;
  private useLinks = true;

  constructor(
    readonly lockPath: string,
    { staleMs = 30_000, timeoutMs = 600_000 }: FileLockOptions = {},
  ) {
    this.staleMs = staleMs;
    this.timeoutMs = timeoutMs;
  }

  /** True while this instance holds the lock. */
  get held(): boolean {
    return this.token !== null;
  }

  /** Waits for the lock (backing off from 1 ms to 50 ms, with jitter) and takes it. */
  async acquire(): Promise<void> {
    if (this.token !== null) throw new StorageError(`lock ${this.lockPath} is already held by this instance`, 'LOCK_REENTRY');
    const token = randomUUID();
    const content = JSON.stringify({ host: hostname(), pid: process.pid, token, since: new Date().toISOString() });
    const tmp = `${this.lockPath}.${token}.tmp`;
    const began = Date.now();
    let lastCheck = -Infinity;
    let delay = 1;
    try {
      writeFileSync(tmp, content, { flag: 'wx' });
    } catch (e) {
      throw new StorageError(`cannot create a lock file next to ${this.lockPath}: ${(e as Error).message}`, 'LOCK_ERROR');
    }
    try {
      for (;;) {
        if (this.tryTake(tmp, content)) {
          this.token = token;
          return;
        }
        const now = Date.now();
        if (now - lastCheck >= STALE_CHECK_MS) {
          lastCheck = now;
          if (this.breakIfStale(tmp, content)) {
            delay = 1;
            continue;
          }
        }
        if (now - began > this.timeoutMs) {
          throw new StorageError(
            `waited ${Math.round((now - began) / 1000)} s for the lock ${this.lockPath} (held by ${this.describeHolder()}); ` +
              'delete the lock file if no writer is running',
            'LOCK_TIMEOUT',
          );
        }
        await sleep(delay * (0.5 + Math.random()));
        delay = Math.min(delay * 2, MAX_BACKOFF_MS);
      }
    } finally {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    }
  }

  /** One attempt; true when the lock is now ours. */
  private tryTake(tmp: string, content: string): boolean {
    if (this.useLinks) {
      try {
        linkSync(tmp, this.lockPath);
        return true;
      } catch (e) {
        const code = errCode(e);
        if (code === 'EEXIST') return false;
        if (code !== undefined && NO_HARD_LINKS.has(code)) {
          this.useLinks = false;
        } else {
          // NFS may report an error for a link that was made (a retried, lost reply): check the link count
          try {
            if (statSync(tmp).nlink === 2) return true;
          } catch {
            // fall through to the original error
          }
          throw new StorageError(`cannot create the lock ${this.lockPath}: ${(e as Error).message}`, 'LOCK_ERROR');
        }
      }
    }
    try {
      writeFileSync(this.lockPath, content, { flag: 'wx' });
      return true;
    } catch (e) {
      if (errCode(e) === 'EEXIST') return false;
      throw new StorageError(`cannot create the lock ${this.lockPath}: ${(e as Error).message}`, 'LOCK_ERROR');
    }
  }

  private readOwner(st: Stats): LockOwner | null {
    if (st.isSymbolicLink()) return null; // Optuna's symlink lock: no owner data
    try {
      return JSON.parse(readFileSync(this.lockPath, 'utf8')) as LockOwner;
    } catch {
      return null;
    }
  }

  private describeHolder(): string {
    try {
      const o = this.readOwner(lstatSync(this.lockPath));
      return o === null ? 'an unknown writer' : `pid ${String(o.pid)} on ${String(o.host)}`;
    } catch {
      return 'nobody now';
    }
  }

  /** The file server's current time: the mtime of our private file, rewritten now. */
  private serverNow(tmp: string, content: string): number {
    try {
      writeFileSync(tmp, content);
      return statSync(tmp).mtimeMs;
    } catch {
      return Date.now();
    }
  }

  /** Breaks the lock when stale; true when it was broken (or is gone), so a retry may succeed. */
  private breakIfStale(tmp: string, content: string): boolean {
    let st: Stats;
    try {
      st = lstatSync(this.lockPath);
    } catch {
      return true; // released meanwhile
    }
    const owner = this.readOwner(st);
    let reason: string | null = null;
    if (owner !== null && owner.host === hostname() && typeof owner.pid === 'number' && !pidAlive(owner.pid)) {
      reason = `its holder, pid ${owner.pid} on this host, is no longer running`;
    } else {
      const age = this.serverNow(tmp, content) - st.mtimeMs;
      if (age > this.staleMs) reason = `it is ${Math.round(age)} ms old (stale after ${this.staleMs} ms)`;
    }
    if (reason === null) return false;
    const grave = `${this.lockPath}.${randomUUID()}.stale`;
    try {
      renameSync(this.lockPath, grave);
    } catch {
      return true; // someone else broke or released it
    }
    let moved: Stats | null = null;
    try {
      moved = lstatSync(grave);
    } catch {
      // vanished: nothing to restore
    }
    if (moved !== null && (moved.ino !== st.ino || moved.dev !== st.dev)) {
      // we moved a fresh lock that replaced the stale one: put it back
      try {
        linkSync(grave, this.lockPath);
      } catch {
        // the path was taken again meanwhile; nothing better to do
      }
      try {
        unlinkSync(grave);
      } catch {
        // gone
      }
      return false;
    }
    try {
      unlinkSync(grave);
    } catch {
      // gone
    }
    const who = owner === null ? 'an unknown writer' : `pid ${String(owner.pid)} on ${String(owner.host)}`;
    log.warn(`broke the stale lock ${this.lockPath} held by ${who}: ${reason}`);
    return true;
  }

  /** Releases the lock (when the lock file is still ours; warns when another process broke it). */
  release(): void {
    const token = this.token;
    if (token === null) return;
    this.token = null;
    let owner: LockOwner | null = null;
    try {
      owner = this.readOwner(lstatSync(this.lockPath));
    } catch {
      log.warn(`lock ${this.lockPath} vanished while held (another process judged it stale)`);
      return;
    }
    if (owner === null || owner.token !== token) {
      log.warn(`lock ${this.lockPath} was taken over while held (another process judged it stale)`);
      return;
    }
    try {
      unlinkSync(this.lockPath);
    } catch {
      // gone
    }
  }

  /** Runs `fn` holding the lock. */
  async withLock<T>(fn: () => T | Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
