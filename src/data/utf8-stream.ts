/**
 * A Transform that decodes a byte stream as strict UTF-8 (a fatal `TextDecoder` in stream mode,
 * so a character split across chunks is fine), and reports invalid bytes as a {@link CsvError}
 * naming the file and the line (1-based) that holds the first invalid byte.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { CsvError } from '../core/errors.js';

/**
 * Index of the first byte of the first invalid UTF-8 sequence in `b`, or -1 when all of `b` is
 * valid (an incomplete sequence at the very end counts as invalid only when `final`). Follows the
 * rules of the WHATWG Encoding standard's UTF-8 decoder (no overlongs, no surrogates, ≤ U+10FFFF).
 *
 * @example
 * ```ts
 * firstInvalidUtf8(new Uint8Array([0x61, 0xe9, 0x62]), true); // 1 (a Latin-1 'é')
 * ```
 */
export function firstInvalidUtf8(b: Uint8Array, final: boolean): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const x = b[i];
    if (x < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (x >= 0xc2 && x <= 0xdf) need = 1;
    else if (x >= 0xe0 && x <= 0xef) {
      need = 2;
      if (x === 0xe0) lo = 0xa0;
      if (x === 0xed) hi = 0x9f;
    } else if (x >= 0xf0 && x <= 0xf4) {
      need = 3;
      if (x === 0xf0) lo = 0x90;
      if (x === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1;
      const c = b[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of `b` start a multi-byte character that is not complete yet. */
function incompleteTail(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const x = b[n - k];
    if (x >= 0x80 && x <= 0xbf) continue;
    const len = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    return len > k ? k : 0;
  }
  return 0;
}

function countNewlines(b: Uint8Array, end: number): number {
  let count = 0;
  let i = b.indexOf(0x0a);
  while (i !== -1 && i < end) {
    count++;
    i = b.indexOf(0x0a, i + 1);
  }
  return count;
}

/** Options of {@link Utf8DecodeStream}. */
export interface Utf8DecodeOptions {
  /** The line the stream's first byte is on (when it starts inside a file). Default 1. */
  firstLine?: number;
  /** Keep a byte order mark at the start as U+FEFF (when the stream starts inside a file). Default false: dropped. */
  keepBom?: boolean;
}

/**
 * Bytes in, strings out (object mode on the readable side).
 *
 * Invalid bytes do not fail the stream: the text before the first invalid byte is pushed, the
 * stream ends there, and {@link Utf8DecodeStream.problem} holds the error (naming the line of
 * that byte) for the reader to raise when its rows reach that line. So a reader reports the
 * first problem in file order (a bad row before the bad byte is reported as such) whatever the
 * size of the chunks the bytes came in.
 *
 * @example
 * ```ts
 * const text = fs.createReadStream(path).pipe(new Utf8DecodeStream(path));
 * text.on('data', (s) => ...).on('end', () => { if (text.problem !== null) throw text.problem; });
 * ```
 */
export class Utf8DecodeStream extends Transform {
  private readonly file: string;
  private readonly keepBom: boolean;
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private newlines: number;
  /** Bytes decoded so far. */
  bytesIn = 0;
  private tail: Uint8Array = new Uint8Array(0);
  /** The first invalid byte (or the file ending inside a character) as an error, or null. */
  problem: CsvError | null = null;

  constructor(file: string, { firstLine = 1, keepBom = false }: Utf8DecodeOptions = {}) {
    super({ readableObjectMode: true });
    this.file = file;
    this.keepBom = keepBom;
    this.decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: keepBom });
    this.newlines = firstLine - 1;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.problem !== null) {
      callback(); // the text ended at the problem: the rest is not read
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      this.invalidAt(chunk);
      callback();
      return;
    }
    this.newlines += countNewlines(chunk, chunk.length);
    this.bytesIn += chunk.length;
    this.tail = chunk.subarray(chunk.length - incompleteTail(chunk));
    if (text.length > 0) this.push(text);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.problem !== null) {
      callback();
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      this.problem = this.error(this.newlines + 1, 'the file ends inside a multi-byte character');
      callback();
      return;
    }
    if (text.length > 0) this.push(text);
    callback();
  }

  /** Records the first invalid byte of `chunk` (or of the incomplete character before it), pushes the text before it and ends the text. */
  private invalidAt(chunk: Buffer): void {
    const joined = new Uint8Array(this.tail.length + chunk.length);
    joined.set(this.tail, 0);
    joined.set(chunk, this.tail.length);
    const bad = firstInvalidUtf8(joined, false);
    const inChunk = Math.max(0, (bad < 0 ? 0 : bad) - this.tail.length);
    const line = this.newlines + countNewlines(chunk, inChunk) + 1;
    const byte = bad >= 0 ? ` (byte 0x${joined[bad].toString(16).padStart(2, '0')})` : '';
    this.problem = this.error(line, `invalid UTF-8${byte}; save the file as UTF-8`);
    // the bytes before it are valid (the tail: the start of a character cut by the last chunk);
    // a byte order mark is dropped only at the very start, as the streaming decoder does
    const before = new TextDecoder('utf-8', { fatal: true, ignoreBOM: this.keepBom || this.bytesIn > this.tail.length }).decode(joined.subarray(0, Math.max(0, bad)));
    if (before.length > 0) this.push(before);
    this.push(null);
  }

  private error(line: number, message: string): CsvError {
    return new CsvError(message, { file: this.file, line }, 'CSV_ENCODING');
  }
}
