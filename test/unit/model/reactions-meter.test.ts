import { describe, expect, it } from 'vitest';
import {
  BUCKET_MS,
  WINDOW_MS,
  emptyMeter,
  ingestTotals,
  lastSeconds,
  peakLabel,
  sessionClock,
  sumBuckets,
  windowStarts,
} from '../../../lib/model/reactions/meter';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % BUCKET_MS); // a bucket boundary

describe('reactions meter', () => {
  it('counts what the totals grew by, per type and per 10 s bucket; the first totals are the baseline', () => {
    const m = emptyMeter('1_a', T0);
    expect(ingestTotals(m, { clap: 40, like: 3 }, T0)).toEqual({});
    expect(ingestTotals(m, { clap: 42, like: 3 }, T0 + 1_000)).toEqual({ clap: 2 });
    ingestTotals(m, { clap: 43, like: 5 }, T0 + 9_999);
    ingestTotals(m, { clap: 44, like: 5, wow: 1 }, T0 + 10_000);
    expect(m.buckets).toEqual([
      { start: T0, counts: { clap: 3, like: 2 } },
      { start: T0 + BUCKET_MS, counts: { clap: 1, wow: 1 } },
    ]);
    expect(m.counted).toEqual({ clap: 4, like: 2, wow: 1 });
  });

  it('a lost report is made up by the next one (totals, not increments)', () => {
    const m = emptyMeter('1_a', T0);
    ingestTotals(m, { clap: 0 }, T0);
    // totals 5 and 9 never arrived
    ingestTotals(m, { clap: 12 }, T0 + 3_000);
    expect(sumBuckets(m.buckets)).toEqual({ clap: 12 });
  });

  it('totals that went down start a new baseline and count nothing', () => {
    const m = emptyMeter('1_a', T0);
    ingestTotals(m, { clap: 10 }, T0);
    expect(ingestTotals(m, { clap: 2 }, T0 + 1_000)).toEqual({});
    expect(ingestTotals(m, { clap: 3 }, T0 + 2_000)).toEqual({ clap: 1 });
    expect(m.counted).toEqual({ clap: 1 });
  });

  it('keeps the last 15 minutes of buckets and the last 10 seconds per second', () => {
    const m = emptyMeter('1_a', T0);
    ingestTotals(m, { clap: 0 }, T0);
    let n = 0;
    for (let t = T0; t <= T0 + 20 * 60_000; t += 5_000) ingestTotals(m, { clap: ++n }, t);
    const now = T0 + 20 * 60_000;
    expect(m.buckets.length).toBeLessThanOrEqual(WINDOW_MS / BUCKET_MS + 1);
    expect(m.buckets[0]!.start).toBeGreaterThanOrEqual(now - WINDOW_MS - BUCKET_MS);
    expect(m.recent.length).toBeLessThanOrEqual(10);
    // the live meter slides: the last 10 s held the reactions at now-5 s and now
    expect(lastSeconds(m.recent, now)).toEqual({ clap: 2 });
    expect(lastSeconds(m.recent, now + 6_000)).toEqual({ clap: 1 });
    expect(lastSeconds(m.recent, now + 11_000)).toEqual({});
    expect(windowStarts(now)).toHaveLength(90);
    expect(windowStarts(now).at(-1)).toBe(now - (now % BUCKET_MS));
  });

  it('a burst well above the minute before it is one peak, stamped with session time at its highest bucket', () => {
    const start = T0 - 42 * 60_000; // the session began 42 minutes before T0
    const m = emptyMeter('1_a', start);
    let clap = 0;
    let like = 0;
    ingestTotals(m, { clap, like }, T0 - 60_000);
    // a quiet minute: 1 clap per 10 s, a steady 6 likes per 10 s (never a peak: not above its own mean)
    for (let i = 6; i >= 1; i--) ingestTotals(m, { clap: ++clap, like: (like += 6) }, T0 - i * BUCKET_MS + 1);
    ingestTotals(m, { clap: (clap += 8), like: (like += 6) }, T0 + 1); // 8 in the bucket at 00:42:00
    ingestTotals(m, { clap: (clap += 20), like: (like += 6) }, T0 + BUCKET_MS + 1); // 20 at 00:42:10
    ingestTotals(m, { clap: (clap += 9), like: (like += 6) }, T0 + 2 * BUCKET_MS + 1); // still the burst
    expect(m.peaks.map(peakLabel)).toEqual(['applause peak at 00:42:10']);
    expect(m.peaks[0]).toMatchObject({ type: 'clap', count: 20 });
  });

  it('fewer than 5 in a bucket is no peak, however quiet before', () => {
    const m = emptyMeter('1_a', T0);
    ingestTotals(m, { wow: 0 }, T0);
    ingestTotals(m, { wow: 4 }, T0 + 1);
    expect(m.peaks).toEqual([]);
  });

  it('session clock', () => {
    expect(sessionClock(2_530_000)).toBe('00:42:10');
    expect(sessionClock(3 * 3600_000 + 5_000)).toBe('03:00:05');
    expect(sessionClock(-5)).toBe('00:00:00');
  });
});
