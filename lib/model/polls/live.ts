// A poll while it runs: result rows with percentages, and the countdown to auto-close.

import type { Poll, PollResults } from './types';

/**
 * Whole percentages that sum to exactly 100 (largest-remainder method): floor every share, then give the
 * missing points to the largest remainders (ties: the earlier option). All zeros when nobody voted.
 */
export function percentages(counts: readonly number[]): number[] {
  const clean = counts.map((c) => (Number.isFinite(c) && c > 0 ? c : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  if (total === 0) return clean.map(() => 0);
  const exact = clean.map((c) => (c * 100) / total);
  const out = exact.map(Math.floor);
  let missing = 100 - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i]! += 1;
    missing -= 1;
  }
  return out;
}

export interface ResultRow {
  optionId: string;
  /** Option text, or (open answers) the answer text. Render as text. */
  text: string;
  count: number;
  percent: number;
  correct: boolean;
}

/** One row per option (multiple choice) or per distinct answer (open answers, most frequent first). */
export function resultRows(poll: Poll, results: PollResults | null | undefined): ResultRow[] {
  if (poll.type === 'OpenAnswers') {
    const groups = new Map<string, { text: string; count: number }>();
    for (const raw of results?.texts ?? []) {
      const text = raw.trim();
      const key = text.toLowerCase();
      const g = groups.get(key);
      if (g) g.count += 1;
      else groups.set(key, { text, count: 1 });
    }
    const list = [...groups.values()].sort((a, b) => b.count - a.count);
    const pct = percentages(list.map((g) => g.count));
    return list.map((g, i) => ({ optionId: `answer-${i}`, text: g.text, count: g.count, percent: pct[i]!, correct: false }));
  }
  const counts = poll.content.options.map((o) => results?.totals[o.id] ?? 0);
  const pct = percentages(counts);
  return poll.content.options.map((o, i) => ({
    optionId: o.id,
    text: o.text,
    count: counts[i]!,
    percent: pct[i]!,
    correct: poll.content.correctAnswers.includes(o.id),
  }));
}

export interface Countdown {
  /** Epoch ms when the poll closes by itself, or null (no auto-close, or not published). */
  endsAt: number | null;
  /** Ms left at `now` (never negative), or null when there is no auto-close. */
  remainingMs(now: number): number | null;
}

export function countdown(publishedAt: number | string | undefined, autoCloseMilliseconds: number | null | undefined): Countdown {
  const start = typeof publishedAt === 'string' ? Date.parse(publishedAt) : publishedAt;
  const endsAt = start !== undefined && Number.isFinite(start) && autoCloseMilliseconds ? start + autoCloseMilliseconds : null;
  return { endsAt, remainingMs: (now) => (endsAt === null ? null : Math.max(0, endsAt - now)) };
}

export function pollCountdown(poll: Poll): Countdown {
  return countdown(poll.state === 'Published' ? poll.publishedAt : undefined, poll.autoCloseMilliseconds);
}

/** "1:05", "12:00", "1:02:03"; rounds up so the display reaches 0:00 exactly when time is up. */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** "2 minutes", "90 seconds", "1 hour 30 minutes": an auto-close duration in words. */
export function describeDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120 && s % 60 !== 0) return `${s} second${s === 1 ? '' : 's'}`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s % 60) parts.push(`${s % 60} seconds`);
  return parts.join(' ') || '0 seconds';
}

/** A poll's state in the moderator's words: the panel and the CSV both say these (never Kaltura's names). */
export const POLL_STATE_LABELS: Record<Poll['state'], string> = {
  Draft: 'Draft',
  Scheduled: 'Scheduled',
  Published: 'Live',
  UnPublished: 'Closed',
};

/** Whether attendees see the results, in the panel's words (the CSV says the same). */
export function resultsVisibility(showResults: boolean): string {
  return showResults ? 'Results visible to attendees' : 'Results hidden from attendees';
}

/** The poll's type in the editor's words. */
export function pollTypeLabel(type: Poll['type']): string {
  return type === 'OpenAnswers' ? 'Open answer' : 'Multiple choice';
}
