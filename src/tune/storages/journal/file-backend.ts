/**
 * The journal file (`journal:///path/to/file.log`, Optuna's `JournalFileStorage` format): one JSON
 * record per line. Appends hold the lock `<file>.lock` ({@link FileLock}), write each record as
 * one full line in one `write` and `fsync` it. Reads are incremental: the byte offset read so far
 * is kept and only the bytes after it are read and parsed.
 *
 * Crash safety: a writer killed mid-write leaves an incomplete last line. Readers skip it with a
 * warning (it is a prefix of a record, never applied by anyone), and the next writer, under the
 * lock, first ends it with a newline so that its own record starts on a line of its own. A line in
 * the middle that is not a record (nor such a cut record) is corruption: a `StorageError` naming
 * the file and line, and the file is left as it is.
 *
 * @example
 * ```ts
 * const storage = await openJournalFileStorage('journal:///tmp/study.log');
 * ```
 */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { StorageError } from '../../../core/errors.js';
import { log } from '../../../core/log.js';
import { FileLock, type FileLockOptions } from './file-lock.js';
import type { JournalRecord } from './journal-format.js';
import { parsePyJson, toPyJson } from './journal-json.js';
import { JournalStorage, type JournalBackend, type JournalReadResult } from './journal-storage.js';

/** Options of {@link JournalFileBackend}. */
export interface JournalFileOptions {
  /** Options of the writers' lock (stale-lock age, wait timeout). */
  lock?: FileLockOptions;
  /** Bytes read per chunk while replaying. Default 1 MiB. */
  chunkBytes?: number;
}

const NEWLINE = 10;

/**
 * See the module comment.
 *
 * @example
 * ```ts
 * const storage = new JournalStorage(new JournalFileBackend('/tmp/study.log', { lock: { staleMs: 60_000 } }));
 * ```
 */
export class JournalFileBackend implements JournalBackend {
  readonly source: string;
  private readonly lock: FileLock;
  private readonly chunkBytes: number;
  /** bytes consumed so far (complete lines, and a complete last record without its newline) */
  private offset = 0;
  /** newlines within the consumed bytes (so line numbers stay right across reads) */
  private newlines = 0;
  /** the offset of an incomplete last line already warned about */
  private warnedTailAt = -1;

  constructor(
    readonly path: string,
    { lock = {}, chunkBytes = 1 << 20 }: JournalFileOptions = {},
  ) {
    this.source = path;
    this.lock = new FileLock(`${path}.lock`, lock);
    this.chunkBytes = chunkBytes;
    try {
      closeSync(openSync(path, 'a'));
    } catch (e) {
      throw new StorageError(`cannot open the journal file ${path}: ${(e as Error).message}`, 'STORAGE_OPEN');
    }
  }

  async readNew(): Promise<JournalReadResult> {
    const records: unknown[] = [];
    const lines: number[] = [];
    let more = false;
    const path = this.path;
    let fd: number;
    try {
      // nothing new: one stat instead of open + fstat + close (most reads find nothing new)
      if (this.offset > 0 && statSync(path).size === this.offset) return { records, locate: () => path, more };
      fd = openSync(this.path, 'r');
    } catch (e) {
      throw new StorageError(`cannot read the journal file ${this.path}: ${(e as Error).message}`, 'STORAGE_OPEN');
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) {
        throw new StorageError(
          `the journal file ${this.path} shrank from ${this.offset} to ${size} bytes while open; a journal is append-only`,
          'JOURNAL_TRUNCATED',
        );
      }
      let chunk = Buffer.allocUnsafe(Math.min(this.chunkBytes, Math.max(size - this.offset, 1)));
      while (this.offset < size) {
        const want = size - this.offset;
        if (chunk.length < Math.min(want, this.chunkBytes)) chunk = Buffer.allocUnsafe(Math.min(want, this.chunkBytes));
        let n = 0;
        const len = Math.min(chunk.length, want);
        while (n < len) {
          const got = readSync(fd, chunk, n, len - n, this.offset + n);
          if (got === 0) break;
          n += got;
        }
        const lastNl = chunk.lastIndexOf(NEWLINE, n - 1);
        if (lastNl < 0) {
          if (this.offset + n < size) {
            // one line longer than the chunk: read it whole
            chunk = Buffer.allocUnsafe(chunk.length * 2);
            continue;
          }
          this.readTail(chunk.toString('utf8', 0, n), records, lines);
          break;
        }
        this.parseLines(chunk.toString('utf8', 0, lastNl), records, lines);
        this.offset += lastNl + 1;
        this.newlines += 1; // the newline that ends the chunk's last line
        if (lastNl + 1 < n && this.offset + (n - lastNl - 1) >= size) {
          this.readTail(chunk.toString('utf8', lastNl + 1, n), records, lines);
          break;
        }
        // return a long log chunk by chunk, so that parsed records die young (replayed at once)
        if (this.offset < size) {
          more = true;
          break;
        }
      }
    } finally {
      closeSync(fd);
    }
    return { records, locate: (i) => `${path} line ${lines[i] ?? '?'}`, more };
  }

  /** Parses complete lines (the text holds them without the last newline). */
  private parseLines(text: string, records: unknown[], lines: number[]): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      const lineNo = this.newlines + 1;
      if (end > start) {
        const line = text.slice(start, end);
        const r = parsePyJson(line);
        if (r.ok) {
          records.push(r.value);
          lines.push(lineNo);
        } else if (r.truncated) {
          log.warn(`${this.path} line ${lineNo}: an incomplete record (its writer was killed while writing it) is skipped`);
        } else if (line.trim() !== '') {
          throw new StorageError(
            `${this.path} line ${lineNo}: not a journal record (${r.message}); the file was not changed`,
            'JOURNAL_CORRUPT',
          );
        }
      }
      if (nl < 0) return;
      this.newlines++;
      start = nl + 1;
    }
  }

  /** The text after the last newline: a complete record (consumed), or a cut one (left for later). */
  private readTail(text: string, records: unknown[], lines: number[]): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    const lineNo = this.newlines + 1;
    const r = parsePyJson(text);
    if (r.ok) {
      records.push(r.value);
      lines.push(lineNo);
      this.offset += bytes;
      return;
    }
    if (r.truncated) {
      if (this.warnedTailAt !== this.offset) {
        this.warnedTailAt = this.offset;
        log.warn(
          `${this.path} line ${lineNo}: the last line is an incomplete record (a writer was killed while writing it, or is writing it now); it is ignored`,
        );
      }
      return;
    }
    throw new StorageError(`${this.path} line ${lineNo}: not a journal record (${r.message}); the file was not changed`, 'JOURNAL_CORRUPT');
  }

  async append(records: readonly JournalRecord[]): Promise<void> {
    let text = '';
    for (const rec of records) text += toPyJson(rec) + '\n';
    const body = Buffer.from(text, 'utf8');
    await this.lock.withLock(() => {
      const fd = openSync(this.path, 'a+');
      try {
        const size = fstatSync(fd).size;
        let buf = body;
        if (size > 0) {
          const last = Buffer.alloc(1);
          readSync(fd, last, 0, 1, size - 1);
          if (last[0] !== NEWLINE) {
            log.warn(`${this.path}: the last line was an incomplete record (a writer was killed); it is ended before appending`);
            buf = Buffer.concat([Buffer.from('\n'), body]);
          }
        }
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    });
  }

  async close(): Promise<void> {
    this.lock.release();
  }
}

/**
 * Parses `journal:///abs/path.log` (or `journal://relative/path.log`) into a file path.
 *
 * @example
 * ```ts
 * journalPathFromUrl('journal:///tmp/study.log'); // '/tmp/study.log'
 * ```
 */
export function journalPathFromUrl(url: string): string {
  const m = /^journal:\/\/(.+)$/i.exec(url);
  if (m === null) throw new StorageError(`storage URL '${url}' must look like journal:///path/to/file.log`, 'BAD_STORAGE_URL');
  return m[1];
}

/**
 * Opens a journal file storage from its URL or path, replaying the file once (so a corrupt file
 * fails here, with its line).
 *
 * @example
 * ```ts
 * const storage = await openJournalFileStorage('journal:///tmp/study.log');
 * ```
 */
export async function openJournalFileStorage(urlOrPath: string, options: JournalFileOptions = {}): Promise<JournalStorage> {
  const path = /^journal:/i.test(urlOrPath) ? journalPathFromUrl(urlOrPath) : urlOrPath;
  return new JournalStorage(new JournalFileBackend(path, options)).load();
}
