// What the panel and the background say about announcements.
import type { AnnouncementSurface } from '../model/announcements/compose';
import type { AnnouncementHistoryEntry } from '../model/announcements/history';
import type { ScheduledAnnouncement } from '../model/announcements/schedule';
import type { AnnouncementTemplate } from '../model/announcements/templates';

export type AnnouncementsAction =
  /** Send now. `id` is the announcement's one id (a resend of a failure reuses it). */
  | { kind: 'send'; id: string; text: string; pin: boolean }
  | { kind: 'schedule'; id: string; text: string; sendAt: number; pin: boolean }
  | { kind: 'cancel'; id: string }
  /** A new template, or (with `id`) a changed one. */
  | { kind: 'save-template'; name: string; text: string; id?: string }
  | { kind: 'delete-template'; id: string }
  /** The text being written, kept so that it survives a closed panel or a browser restart. */
  | { kind: 'draft'; text: string }
  /** Send the view again (the panel opened it: the surface may have changed, e.g. an ADMIN session connected). */
  | { kind: 'refresh' };

export interface AnnouncementsView {
  contextId: string;
  /** Where an announcement from this tab goes now, or null with the reason in `surfaceProblem`. */
  surface: AnnouncementSurface | null;
  surfaceProblem: string | null;
  /** Why the surface cannot pin here (the widget has no pin control), or null. */
  pinProblem: string | null;
  templates: AnnouncementTemplate[];
  history: AnnouncementHistoryEntry[];
  pending: ScheduledAnnouncement[];
  draft: string;
  sending: boolean;
  error: string | null;
  /**
   * The send-now that failed or was refused last (its id): it is not in the history, and its text is the draft
   * again, so the panel keeps it in the composer.
   */
  failedSend?: string | null;
  /** When the background's alarm fires next (epoch ms), or null. */
  nextAlarmAt: number | null;
}

/** Where an announcement can go from a tab, as the background finds it. */
export type SurfaceChoice = { surface: AnnouncementSurface; problem: null } | { surface: null; problem: string };
