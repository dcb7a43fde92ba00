import { describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../src/cli/progress.js';

/** A stream that is not a terminal (as stderr in CI logs and pipes) and keeps what is written. */
function pipe(): NodeJS.WriteStream & { text: string } {
  const s = { isTTY: false, text: '', write(chunk: string): boolean { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('ProgressBar without a terminal', () => {
  it('prints nothing by default', () => {
    const out = pipe();
    const bar = new ProgressBar('tune', 10, { stream: out });
    bar.update(1, 'best 0.9');
    bar.update(2, 'best 0.9');
    bar.done();
    expect(out.text).toBe('');
  });

  it('with lineEvery prints a plain line at most that often: on update when due, and from a timer while no trial ends', () => {
    vi.useFakeTimers();
    try {
      const out = pipe();
      const bar = new ProgressBar('tune', 10, { stream: out, lineEvery: 2.5 });
      bar.update(1, 'best 0.90000 (trial 0 complete)');
      vi.advanceTimersByTime(2000);
      expect(out.text).toBe(''); // not due yet
      vi.advanceTimersByTime(700);
      bar.update(2, 'best 0.91000 (trial 1 pruned)'); // at 2.7 s: due, printed at once
      expect(out.text).toBe('tune: 2/10, best 0.91000 (trial 1 pruned), 3 s elapsed\n');
      vi.advanceTimersByTime(2000);
      bar.update(3, 'best 0.92000 (trial 2 complete)'); // at 4.7 s: not due
      expect(out.text.split('\n')).toHaveLength(2);
      vi.advanceTimersByTime(1300); // a long trial: the timer prints the last state at 6 s
      expect(out.text.trim().split('\n')[1]).toBe('tune: 3/10, best 0.92000 (trial 2 complete), 6 s elapsed');
      bar.done();
      const n = out.text.length;
      vi.advanceTimersByTime(30000);
      expect(out.text.length).toBe(n); // done() stopped the timer
    } finally {
      vi.useRealTimers();
    }
  });

  it('without a total (a timeout only) prints the count alone; setTotal sets it later', () => {
    vi.useFakeTimers();
    try {
      const out = pipe();
      const bar = new ProgressBar('tune', 0, { stream: out, lineEvery: 1 });
      vi.advanceTimersByTime(999);
      bar.update(4);
      vi.advanceTimersByTime(1);
      bar.setTotal(20);
      vi.advanceTimersByTime(999);
      bar.update(5);
      vi.advanceTimersByTime(1);
      bar.done();
      expect(out.text).toBe('tune: 4, 1 s elapsed\ntune: 5/20, 2 s elapsed\n');
    } finally {
      vi.useRealTimers();
    }
  });
});
