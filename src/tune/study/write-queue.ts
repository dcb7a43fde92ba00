/**
 * An ordered queue of asynchronous storage writes. `suggest*`, `report` and `setUserAttr` are
 * synchronous, so their writes are queued here and run one after another in call order;
 * `flush()` waits for all of them and throws the first error (the writes after a failed one are
 * skipped, so the storage never holds a later write without an earlier one).
 *
 * @example
 * ```ts
 * const q = new WriteQueue();
 * q.push(() => storage.setTrialParam(id, 'x', 1, d));
 * await q.flush();
 * ```
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private failed = false;
  private error: unknown = undefined;
  private pending = 0;
  private lastOp: (() => Promise<void>) | null = null;

  /** Queues `op` after every earlier write. */
  push(op: () => Promise<void>): void {
    this.pending++;
    this.lastOp = op;
    this.tail = this.tail
      .then(() => (this.failed ? undefined : op()))
      .catch((e: unknown) => {
        if (!this.failed) {
          this.failed = true;
          this.error = e;
        }
      })
      .finally(() => {
        this.pending--;
      });
  }

  /** The op pushed last (whether or not it has run). */
  get last(): (() => Promise<void>) | null {
    return this.lastOp;
  }

  /** Number of writes not yet finished. */
  get size(): number {
    return this.pending;
  }

  /** Waits for every queued write without throwing. */
  async settled(): Promise<void> {
    await this.tail;
  }

  /** Waits for every queued write; throws the first error (once) and re-arms the queue. */
  async flush(): Promise<void> {
    await this.tail;
    if (this.failed) {
      const e = this.error;
      this.failed = false;
      this.error = undefined;
      throw e;
    }
  }
}
