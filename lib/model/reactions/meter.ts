// The reactions meter of one session, as pure data and functions: what the widget's running totals became
// per reaction type, counted per 10-second bucket over the last 15 minutes, per second over the last 10
// seconds (the live meter), and the peak moments of the session stamped with session time.
//
// The content script reports the totals the widget shows (idempotent: a lost report is made up by the
// next one); the meter turns them into deltas against the last totals it saw. The first totals after the
// meter starts are its baseline: reactions before the extension watched are not "live" ones.

export const BUCKET_MS = 10_000;
export const WINDOW_MS = 15 * 60_000;
/** The live meter: the last 10 seconds, kept per second so it slides rather than jumps. */
export const RECENT_SECONDS = 10;
/** A bucket is a peak for a type when it has at least this many reactions … */
export const PEAK_MIN = 5;
/** … and at least this many times the type's mean over the minute before it. */
export const PEAK_FACTOR = 2;
const PEAK_BASELINE_BUCKETS = 6;
const MAX_PEAKS = 50;

export type Counts = Record<string, number>;

export interface Bucket {
  /** Unix ms of the bucket's start: a multiple of its width. */
  start: number;
  counts: Counts;
}

export interface Peak {
  type: string;
  /** The 10 s bucket with the most of this type in the burst. */
  bucketStart: number;
  count: number;
  /** Time into the session (ms since the meter's start) of that bucket. */
  sessionMs: number;
}

export interface MeterData {
  entryId: string;
  /** The session clock's origin (Unix ms). */
  startedAt: number;
  /** The widget's running totals last seen (null: not seen yet). */
  baseline: Counts | null;
  /** 10 s buckets, oldest first, the last 15 minutes. */
  buckets: Bucket[];
  /** 1 s buckets, oldest first, the last 10 seconds. */
  recent: Bucket[];
  /** Newest last. */
  peaks: Peak[];
  /** Reactions counted since the meter started, per type. */
  counted: Counts;
  /** When the baseline was first seen: peaks need a minute of watching before them to compare with. */
  watchingSince: number | null;
}

export function emptyMeter(entryId: string, startedAt: number): MeterData {
  return { entryId, startedAt, baseline: null, buckets: [], recent: [], peaks: [], counted: {}, watchingSince: null };
}

/**
 * The widget's running totals at `at`. Returns the deltas counted (empty for the baseline). A total that
 * went down (the widget reset its counters, another session's numbers) starts a new baseline.
 */
export function ingestTotals(m: MeterData, totals: Counts, at: number): Counts {
  const previous = m.baseline;
  m.baseline = { ...totals };
  if (!previous) {
    m.watchingSince ??= at;
    return {};
  }
  const deltas: Counts = {};
  for (const [type, n] of Object.entries(totals)) {
    if (!Number.isFinite(n)) continue;
    const d = n - (previous[type] ?? 0);
    if (d < 0) return {}; // a reset: the new totals are the baseline, nothing counted
    if (d > 0) deltas[type] = d;
  }
  addDeltas(m, deltas, at);
  return deltas;
}

export function addDeltas(m: MeterData, deltas: Counts, at: number): void {
  const types = Object.keys(deltas);
  if (!types.length) return;
  const bucket = bucketAt(m.buckets, at, BUCKET_MS);
  const second = bucketAt(m.recent, at, 1000);
  for (const t of types) {
    const d = deltas[t]!;
    bucket.counts[t] = (bucket.counts[t] ?? 0) + d;
    second.counts[t] = (second.counts[t] ?? 0) + d;
    m.counted[t] = (m.counted[t] ?? 0) + d;
  }
  for (const t of types) notePeak(m, t, bucket);
  prune(m, at);
}

/** The bucket of width `ms` holding `at`, created in order (a late report lands in its own bucket). */
function bucketAt(list: Bucket[], at: number, ms: number): Bucket {
  const start = Math.floor(at / ms) * ms;
  for (let i = list.length - 1; i >= 0; i--) {
    const b = list[i]!;
    if (b.start === start) return b;
    if (b.start < start) {
      const fresh = { start, counts: {} };
      list.splice(i + 1, 0, fresh);
      return fresh;
    }
  }
  const fresh = { start, counts: {} };
  list.unshift(fresh);
  return fresh;
}

/** Drops what fell out of the windows (relative to `now`). Work is bounded by what is dropped. */
export function prune(m: MeterData, now: number): void {
  const oldest = Math.floor((now - WINDOW_MS) / BUCKET_MS) * BUCKET_MS;
  let drop = 0;
  while (drop < m.buckets.length && m.buckets[drop]!.start < oldest) drop++;
  if (drop) m.buckets.splice(0, drop);
  const oldestSecond = Math.floor(now / 1000) * 1000 - (RECENT_SECONDS - 1) * 1000;
  drop = 0;
  while (drop < m.recent.length && m.recent[drop]!.start < oldestSecond) drop++;
  if (drop) m.recent.splice(0, drop);
}

/** The mean count of `type` per bucket over the minute before `start` (absent buckets count as 0). */
function baselineBefore(m: MeterData, type: string, start: number): number {
  let sum = 0;
  const from = start - PEAK_BASELINE_BUCKETS * BUCKET_MS;
  for (const b of m.buckets) if (b.start >= from && b.start < start) sum += b.counts[type] ?? 0;
  return sum / PEAK_BASELINE_BUCKETS;
}

/**
 * A peak is a bucket well above the minute before it. A burst over neighbouring buckets is one peak,
 * stamped at its highest bucket.
 */
function notePeak(m: MeterData, type: string, bucket: Bucket): void {
  const count = bucket.counts[type] ?? 0;
  if (m.watchingSince === null || bucket.start < m.watchingSince + PEAK_BASELINE_BUCKETS * BUCKET_MS) return;
  if (count < PEAK_MIN || count < PEAK_FACTOR * baselineBefore(m, type, bucket.start)) return;
  for (let i = m.peaks.length - 1; i >= 0; i--) {
    const p = m.peaks[i]!;
    if (p.type !== type) continue;
    if (bucket.start - p.bucketStart <= BUCKET_MS && bucket.start >= p.bucketStart) {
      if (count > p.count || p.bucketStart === bucket.start) {
        p.count = Math.max(p.count, count);
        if (count >= p.count) {
          p.bucketStart = bucket.start;
          p.sessionMs = bucket.start - m.startedAt;
        }
      }
      return;
    }
    break;
  }
  m.peaks.push({ type, bucketStart: bucket.start, count, sessionMs: Math.max(0, bucket.start - m.startedAt) });
  if (m.peaks.length > MAX_PEAKS) m.peaks.splice(0, m.peaks.length - MAX_PEAKS);
}

/** Counts per type over the last `seconds` seconds before `now` (the live meter). */
export function lastSeconds(recent: readonly Bucket[], now: number, seconds = RECENT_SECONDS): Counts {
  const from = Math.floor(now / 1000) * 1000 - (seconds - 1) * 1000;
  const out: Counts = {};
  for (const b of recent) {
    if (b.start < from || b.start > now) continue;
    for (const [t, n] of Object.entries(b.counts)) out[t] = (out[t] ?? 0) + n;
  }
  return out;
}

/** Sum of counts per type over buckets. */
export function sumBuckets(buckets: readonly Bucket[]): Counts {
  const out: Counts = {};
  for (const b of buckets) for (const [t, n] of Object.entries(b.counts)) out[t] = (out[t] ?? 0) + n;
  return out;
}

/** The 90 bucket starts of the 15 minutes up to `now`, oldest first (a chart's x axis, gaps included). */
export function windowStarts(now: number): number[] {
  const last = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  const n = WINDOW_MS / BUCKET_MS;
  return Array.from({ length: n }, (_, i) => last - (n - 1 - i) * BUCKET_MS);
}

/** 2_530_000 → "00:42:10". */
export function sessionClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

const NAMES: Record<string, string> = { clap: 'applause', like: 'thumbs up', love: 'love', laugh: 'laughter', wow: 'wow' };

/** What a reaction type is called in the panel ("clap" → "applause"); unknown types as they are. */
export function reactionName(type: string): string {
  return NAMES[type] ?? type;
}

/** "applause peak at 00:42:10" */
export function peakLabel(p: Peak): string {
  return `${reactionName(p.type)} peak at ${sessionClock(p.sessionMs)}`;
}
