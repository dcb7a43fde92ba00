/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal (never in pipes or CI
 * logs). `update(done)` is cheap to call every boosting round: it redraws at most 10 times a second.
 *
 * @example
 * ```ts
 * const bar = new ProgressBar('cv', 100);
 * bar.update(42);
 * bar.done();
 * ```
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private readonly start = Date.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    stream: NodeJS.WriteStream = process.stderr,
    private readonly out: NodeJS.WriteStream = stream,
  ) {
    this.enabled = stream.isTTY === true && process.env.CI === undefined;
  }

  update(done: number, extra = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
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

  done(): void {
    if (this.enabled) this.out.write('\r\x1b[K');
  }
}
