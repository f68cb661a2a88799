// What was announced, when and by whom: the moderator's record.

import type { AnnouncementSurface } from './compose';
import type { ScheduledAnnouncement } from './schedule';

export type AnnouncementResult = { status: 'sent' } | { status: 'failed'; reason: string };

export interface AnnouncementHistoryEntry {
  /** The announcement's id (the same id as in the schedule or outbox). */
  id: string;
  text: string;
  /** Epoch ms it went out (or failed). */
  sentAt: number;
  by: string;
  surface: AnnouncementSurface;
  result: AnnouncementResult;
  pinned?: boolean;
  /** It was scheduled for this time (epoch ms), rather than sent at once. */
  scheduledFor?: number;
}

/** Adds or replaces by id (a resend after a failure replaces the failure). Newest first; at most `limit`. */
export function recordHistory(history: readonly AnnouncementHistoryEntry[], entry: AnnouncementHistoryEntry, limit = 200): AnnouncementHistoryEntry[] {
  return [entry, ...history.filter((h) => h.id !== entry.id)].sort((a, b) => b.sentAt - a.sentAt).slice(0, limit);
}

export function setPinned(history: readonly AnnouncementHistoryEntry[], id: string, pinned: boolean): AnnouncementHistoryEntry[] {
  return history.map((h) => (h.id === id ? { ...h, pinned } : h));
}

/** The history entry for a scheduled announcement once it is sent or has failed; null before. */
export function historyEntryOf(item: ScheduledAnnouncement): AnnouncementHistoryEntry | null {
  if (item.status === 'sent')
    return { id: item.id, text: item.text, sentAt: item.sentAt ?? item.sendAt, by: item.by, surface: item.surface, result: { status: 'sent' }, pinned: item.pin, scheduledFor: item.sendAt };
  if (item.status === 'failed')
    return {
      id: item.id,
      text: item.text,
      sentAt: item.claimedAt ?? item.sendAt,
      by: item.by,
      surface: item.surface,
      result: { status: 'failed', reason: item.error ?? 'failed' },
      scheduledFor: item.sendAt,
    };
  return null;
}
