/**
 * A worker thread of `csv-threads.ts`: splits the blocks of a CSV file it is sent (shared bytes,
 * no copy) into field arrays with {@link splitBlock}, and sends the arrays back (transferred, no
 * copy). It holds nothing between blocks.
 *
 * @example
 * ```ts
 * new Worker(new URL('./csv-worker.js', import.meta.url)); // as csv-threads.ts starts it
 * ```
 */
import { parentPort } from 'node:worker_threads';
import { splitBlock, type BlockFields, type BlockJob } from './csv-block.js';

/** A block to split: `bytes[0, length)` of a shared buffer; `reuse`: arrays of an earlier block to fill again when large enough. */
export interface SplitRequest {
  readonly id: number;
  readonly bytes: SharedArrayBuffer;
  readonly length: number;
  readonly job: BlockJob;
  readonly reuse: BlockFields | null;
}

/** The buffers of a block's arrays (to transfer them). */
export function fieldBuffers(f: BlockFields): ArrayBuffer[] {
  return [f.counts, f.lineOf, f.starts, f.ends, f.numbers].map((a) => a.buffer as ArrayBuffer);
}

/** The block's fields, or the message of the error splitting it threw. */
export type SplitReply = { readonly id: number; readonly fields: BlockFields } | { readonly id: number; readonly error: string };

const port = parentPort;
if (port !== null) {
  port.on('message', (m: SplitRequest) => {
    let reply: SplitReply;
    try {
      const fields = splitBlock(Buffer.from(m.bytes, 0, m.length), m.job, m.reuse ?? undefined);
      reply = { id: m.id, fields };
      port.postMessage(reply, fieldBuffers(fields));
      return;
    } catch (e) {
      reply = { id: m.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    port.postMessage(reply);
  });
}
