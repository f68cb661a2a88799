// Scheduled announcements, owned by the background (it survives a service-worker restart through
// storage + chrome.alarms). Pure: the background asks `takeDue(now)` when an alarm fires, sends what it
// gets, and reports `sent` / `failed`. An announcement has one id and is handed out once: never sent twice.

import { storedReason } from './reason';
import type { AnnouncementSurface } from './compose';

/**
 * chrome.alarms: in a packed extension an alarm fires no sooner than 30 s from when it is set (Chrome 120+;
 * unpacked extensions have no floor). developer.chrome.com/docs/extensions/reference/api/alarms
 */
export const ALARM_FLOOR_MS = 30_000;

/** The honest expected send time: the requested time, but never sooner than the alarm floor allows. */
export function nextFireAt(sendAt: number, now: number, { packed = true }: { packed?: boolean } = {}): number {
  return Math.max(sendAt, now + (packed ? ALARM_FLOOR_MS : 0));
}

export type ScheduledStatus = 'scheduled' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface ScheduledAnnouncement {
  /** One id per announcement: the outbox and history key. */
  id: string;
  text: string;
  surface: AnnouncementSurface;
  pin: boolean;
  /** Who asked for it (moderator's display name or user id). */
  by: string;
  /** Epoch ms the moderator asked for. */
  sendAt: number;
  /** Epoch ms it is expected to go out (nextFireAt at scheduling time). */
  expectedAt: number;
  status: ScheduledStatus;
  createdAt: number;
  /** When it was handed out for sending. */
  claimedAt?: number;
  sentAt?: number;
  error?: string;
}

export interface AnnouncementSchedule {
  items: ScheduledAnnouncement[];
}

export const EMPTY_SCHEDULE: AnnouncementSchedule = { items: [] };

export type ScheduleEvent =
  | { type: 'schedule'; id: string; text: string; surface: AnnouncementSurface; pin: boolean; by: string; sendAt: number; now: number; packed?: boolean }
  | { type: 'cancel'; id: string }
  | { type: 'sent'; id: string; at: number }
  | { type: 'failed'; id: string; at: number; reason: string }
  /**
   * After a service-worker restart: an item handed out but never confirmed may or may not have gone out.
   * It becomes failed with that reason, for the moderator to check and resend: never resent by itself.
   */
  | { type: 'recover'; at: number };

function update(s: AnnouncementSchedule, id: string, ok: (i: ScheduledAnnouncement) => boolean, fn: (i: ScheduledAnnouncement) => ScheduledAnnouncement): AnnouncementSchedule {
  let changed = false;
  const items = s.items.map((i) => {
    if (i.id !== id || !ok(i)) return i;
    changed = true;
    return fn(i);
  });
  return changed ? { items } : s;
}

export function scheduleReducer(s: AnnouncementSchedule, event: ScheduleEvent): AnnouncementSchedule {
  switch (event.type) {
    case 'schedule':
      if (s.items.some((i) => i.id === event.id)) return s; // the same id twice is the same announcement
      return {
        items: [
          ...s.items,
          {
            id: event.id,
            text: event.text,
            surface: event.surface,
            pin: event.pin,
            by: event.by,
            sendAt: event.sendAt,
            expectedAt: nextFireAt(event.sendAt, event.now, { packed: event.packed ?? true }),
            status: 'scheduled',
            createdAt: event.now,
          },
        ],
      };
    case 'cancel':
      return update(s, event.id, (i) => i.status === 'scheduled', (i) => ({ ...i, status: 'cancelled' }));
    case 'sent':
      return update(s, event.id, (i) => i.status === 'sending' || i.status === 'scheduled', (i) => ({ ...i, status: 'sent', sentAt: event.at }));
    case 'failed':
      return update(s, event.id, (i) => i.status === 'sending' || i.status === 'scheduled', (i) => ({ ...i, status: 'failed', error: storedReason(event.reason) }));
    case 'recover': {
      if (!s.items.some((i) => i.status === 'sending')) return s;
      return {
        items: s.items.map((i) =>
          i.status === 'sending'
            ? { ...i, status: 'failed', error: 'Interrupted while sending: check the widget, and send it again if it did not arrive.' }
            : i,
        ),
      };
    }
  }
}

/**
 * The announcements due at `now`, claimed: they come back as `sending` and are never handed out again.
 * Send each, then dispatch `sent` or `failed`.
 */
export function takeDue(s: AnnouncementSchedule, now: number): { schedule: AnnouncementSchedule; due: ScheduledAnnouncement[] } {
  const due: ScheduledAnnouncement[] = [];
  const items = s.items.map((i) => {
    if (i.status !== 'scheduled' || i.sendAt > now) return i;
    const claimed = { ...i, status: 'sending' as const, claimedAt: now };
    due.push(claimed);
    return claimed;
  });
  return { schedule: due.length ? { items } : s, due };
}

/** When the background's single alarm should fire next, or null when nothing is scheduled. */
export function nextAlarmAt(s: AnnouncementSchedule, now: number, opts: { packed?: boolean } = {}): number | null {
  const pending = s.items.filter((i) => i.status === 'scheduled').map((i) => i.sendAt);
  if (!pending.length) return null;
  return nextFireAt(Math.min(...pending), now, opts);
}

/** Pending items, soonest first, for the panel. */
export function pendingAnnouncements(s: AnnouncementSchedule): ScheduledAnnouncement[] {
  return s.items.filter((i) => i.status === 'scheduled' || i.status === 'sending').sort((a, b) => a.sendAt - b.sendAt);
}
