/**
 * gbtune's logger: warnings and info go through here (never through scattered `console.warn`),
 * so tests can capture them and the CLI can silence them (`verbosity`).
 *
 * @example
 * ```ts
 * const seen = captureLogs(() => log.warn('skipped 3 rows'));
 * ```
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A function that receives each message that passes the level filter. */
export type LogSink = (level: LogLevel, message: string) => void;

const defaultSink: LogSink = (level, message) => {
  process.stderr.write(`[gbtune] ${level === 'info' ? '' : `${level}: `}${message}\n`);
};

class Logger {
  private sink: LogSink = defaultSink;
  private threshold = LEVELS.warn;

  /** Sets the lowest level printed; `'error'` silences warnings. */
  setLevel(level: LogLevel): void {
    this.threshold = LEVELS[level];
  }

  /** Returns the current lowest level printed. */
  getLevel(): LogLevel {
    return (Object.keys(LEVELS) as LogLevel[]).find((k) => LEVELS[k] === this.threshold) ?? 'warn';
  }

  /** Replaces where messages go; returns the previous sink. */
  setSink(sink: LogSink): LogSink {
    const prev = this.sink;
    this.sink = sink;
    return prev;
  }

  debug(message: string): void {
    this.emit('debug', message);
  }

  info(message: string): void {
    this.emit('info', message);
  }

  warn(message: string): void {
    this.emit('warn', message);
  }

  error(message: string): void {
    this.emit('error', message);
  }

  private emit(level: LogLevel, message: string): void {
    if (LEVELS[level] >= this.threshold) this.sink(level, message);
  }
}

/** The process-wide logger. */
export const log = new Logger();

/**
 * Runs `fn` with every message (of any level) captured, and returns the messages.
 * Works for sync functions; for async ones use {@link captureLogsAsync}.
 */
export function captureLogs(fn: () => void): { level: LogLevel; message: string }[] {
  const seen: { level: LogLevel; message: string }[] = [];
  const prevLevel = log.getLevel();
  const prev = log.setSink((level, message) => seen.push({ level, message }));
  log.setLevel('debug');
  try {
    fn();
  } finally {
    log.setSink(prev);
    log.setLevel(prevLevel);
  }
  return seen;
}

/** Async variant of {@link captureLogs}. */
export async function captureLogsAsync(
  fn: () => Promise<void>,
): Promise<{ level: LogLevel; message: string }[]> {
  const seen: { level: LogLevel; message: string }[] = [];
  const prevLevel = log.getLevel();
  const prev = log.setSink((level, message) => seen.push({ level, message }));
  log.setLevel('debug');
  try {
    await fn();
  } finally {
    log.setSink(prev);
    log.setLevel(prevLevel);
  }
  return seen;
}
