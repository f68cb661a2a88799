import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeadingEdgeFlusher } from '@/lib/content/flush';

describe('LeadingEdgeFlusher', () => {
  let flushes: number[];
  let settle: Array<() => void>;
  let slow: boolean;
  let controller: AbortController;
  let f: LeadingEdgeFlusher;

  beforeEach(() => {
    vi.useFakeTimers();
    flushes = [];
    settle = [];
    slow = false;
    controller = new AbortController();
    f = new LeadingEdgeFlusher({
      flush: () => {
        flushes.push(Date.now());
        if (slow) return new Promise<void>((resolve) => settle.push(resolve));
      },
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      signal: controller.signal,
      minGapMs: 20,
      maxWaitMs: 250,
    });
  });
  afterEach(() => vi.useRealTimers());

  it('flushes at once when idle, and coalesces a burst into one more flush after the gap', () => {
    const t0 = Date.now();
    f.request();
    expect(flushes).toEqual([t0]);
    for (let i = 0; i < 500; i++) f.request();
    expect(flushes).toHaveLength(1);
    vi.advanceTimersByTime(20);
    expect(flushes).toEqual([t0, t0 + 20]);
    vi.advanceTimersByTime(1000);
    expect(flushes).toHaveLength(2);
  });

  it('waits for a send in flight, but never longer than the cap', async () => {
    slow = true;
    f.request();
    f.request();
    vi.advanceTimersByTime(100);
    expect(flushes).toHaveLength(1); // in flight: coalescing
    settle.shift()!();
    await Promise.resolve();
    expect(flushes).toHaveLength(2); // settled: the waiting change goes at once
    f.request();
    vi.advanceTimersByTime(249);
    expect(flushes).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(flushes).toHaveLength(3); // the send never settled: the cap sends anyway
  });

  it('with quietMs: a change after a quiet spell goes at once inside the gap; a burst still waits for it', () => {
    const flushed: number[] = [];
    const q = new LeadingEdgeFlusher({
      flush: () => void flushed.push(Date.now()),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
      minGapMs: 25,
      maxWaitMs: 100,
      quietMs: 12,
    });
    const t0 = Date.now();
    q.request();
    // A widget's next step, 15 ms later (its own 30 ms cadence, its last step took a while): idle between.
    vi.advanceTimersByTime(15);
    q.request();
    expect(flushed).toEqual([t0, t0 + 15]);
    // A burst (changes 2 ms apart): coalesced until the gap ends, as without quietMs.
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(2);
      q.request();
    }
    expect(flushed).toHaveLength(2);
    vi.advanceTimersByTime(25);
    expect(flushed).toEqual([t0, t0 + 15, t0 + 40]);
  });

  it('fires nothing after abort, not even a scheduled flush', () => {
    f.request();
    f.request();
    controller.abort();
    vi.advanceTimersByTime(1000);
    f.request();
    expect(flushes).toHaveLength(1);
  });
});
