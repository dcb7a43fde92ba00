/**
 * Progress on stderr. On a terminal: a one-line bar redrawn in place, at most 10 times a second
 * (so `update(done)` is cheap to call every boosting round). Without a terminal (pipes, CI logs,
 * `CI` set) nothing by default; with `lineEvery` (seconds) a plain line at most that often —
 * `tune: 12/100, best 0.97012 (trial 11 pruned), 34 s elapsed` — on `update` and, while the
 * process waits for worker threads, from a timer (unref'd: it never keeps the process alive).
 *
 * @example
 * ```ts
 * const bar = new ProgressBar('cv', 100);
 * bar.update(42);
 * bar.done();
 * const tune = new ProgressBar('tune', 50, { lineEvery: 5 }); // a line every 5 s in CI logs
 * ```
 */

/** Options of {@link ProgressBar}. */
export interface ProgressOptions {
  /** Where to draw. Default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Without a terminal, print a progress line at most this often (seconds). Default: no lines. */
  lineEvery?: number;
}

export class ProgressBar {
  private readonly tty: boolean;
  private readonly out: NodeJS.WriteStream;
  private readonly lineMs: number | null;
  private readonly start = Date.now();
  private lastDraw = 0;
  private lastLine: number;
  private state: { done: number; extra: string } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly label: string,
    private total: number,
    { stream = process.stderr, lineEvery }: ProgressOptions = {},
  ) {
    this.out = stream;
    this.tty = stream.isTTY === true && process.env.CI === undefined;
    this.lineMs = !this.tty && lineEvery !== undefined && lineEvery > 0 ? lineEvery * 1000 : null;
    this.lastLine = this.start;
    if (this.lineMs !== null) {
      this.timer = setInterval(() => this.line(Date.now()), Math.min(this.lineMs, 1000));
      this.timer.unref();
    }
  }

  /** Changes the total (e.g. once it is known). */
  setTotal(total: number): void {
    this.total = total;
  }

  /** Records progress: `done` of the total, and a short text (e.g. the best value so far). */
  update(done: number, extra = ''): void {
    this.state = { done, extra };
    const now = Date.now();
    if (this.lineMs !== null) {
      this.line(now);
      return;
    }
    if (!this.tty) return;
    if (now - this.lastDraw < 100 && done < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const frac = this.total > 0 ? Math.min(1, done / this.total) : 0;
    const filled = Math.round(frac * width);
    const elapsed = (now - this.start) / 1000;
    const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : NaN;
    const etaText = Number.isFinite(eta) ? ` ETA ${eta.toFixed(0)}s` : '';
    this.out.write(
      `\r${this.label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${this.total} ${elapsed.toFixed(1)}s${etaText} ${extra}\x1b[K`,
    );
  }

  /** A plain progress line when one is due (no terminal, `lineEvery`). */
  private line(now: number): void {
    if (this.lineMs === null || now - this.lastLine < this.lineMs) return;
    this.lastLine = now;
    const s = this.state ?? { done: 0, extra: '' };
    const count = this.total > 0 ? `${s.done}/${this.total}` : `${s.done}`;
    this.out.write(`${this.label}: ${count}${s.extra !== '' ? `, ${s.extra}` : ''}, ${Math.round((now - this.start) / 1000)} s elapsed\n`);
  }

  /** Ends the progress: clears the bar, stops the line timer. */
  done(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.tty) this.out.write('\r\x1b[K');
  }
}
