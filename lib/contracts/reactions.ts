// The reactions meter across process boundaries: what the content script reports, what the panel shows,
// and what the moderator asks for. The panel talks about reactions over a port of its own (REACTIONS_PORT),
// so the meter's updates, several a second in a lively session, never queue behind Q&A patches.
import type { Bucket, Counts, Peak } from '../model/reactions/meter';

export const REACTIONS_PORT = 'reactions';

/** content → background: the totals the widget shows now (idempotent; the background makes deltas). */
export interface ReactionsBatch {
  entryId: string;
  profileId: string;
  /** Unix ms when the content script read them. */
  at: number;
  /** Reaction type → the widget's running total. */
  totals: Counts;
  /** What the widget says about the session's reactions: on, off, or it does not say (null). */
  enabled: boolean | null;
  /** The widget shows the moderator's on/off switch. */
  canSwitch: boolean;
}

/** What the panel shows for the followed tab. */
export interface ReactionsView {
  tabId: number;
  entryId: string;
  /** Unix ms of the view (the panel slides the live meter from here with its own clock). */
  at: number;
  /** The session clock's origin (Unix ms): when the extension started watching this session. */
  startedAt: number;
  /** Reaction types in the order the widget offers them. */
  types: string[];
  /** 10 s buckets of the last 15 minutes (only those with reactions). */
  buckets: Bucket[];
  /** 1 s buckets of the last 10 seconds. */
  recent: Bucket[];
  /** Counted since the extension started watching. */
  counted: Counts;
  peaks: Peak[];
  enabled: boolean | null;
  /** Why the switch is not offered (null: it is). */
  switchAbsent: string | null;
  /** A switch asked for and not yet confirmed by the widget. */
  switching: { on: boolean; since: number } | null;
  /** The last switch that failed, with why. */
  switchError: string | null;
  /** The widget's running totals last seen (the session's own count, from before watching too). */
  totals?: Counts | null;
  /** Per-minute counts since watching began, the whole session (the session report's activity chart). */
  minutes?: Bucket[];
}

export type ReactionsAction = { kind: 'set-enabled'; on: boolean };

/** panel → background over REACTIONS_PORT. */
export type ReactionsPanelMessage =
  | { type: 'follow'; tabId: number }
  | { type: 'reactions-action'; tabId: number; action: ReactionsAction; intentId?: string }
  /** Whether the panel shows the live meter (lib/panel/while-shown.ts); absent: it does. */
  | { type: 'reactions-shown'; tabId: number; on: boolean };

/** background → panel over REACTIONS_PORT. */
export type ReactionsToPanel = { type: 'reactions'; tabId: number; view: ReactionsView | null } | { type: 'ack'; id: string };

export function isReactionsBatch(m: unknown): m is { type: 'reactions-batch' } & ReactionsBatch {
  if (typeof m !== 'object' || m === null) return false;
  const b = m as Partial<ReactionsBatch> & { type?: unknown };
  if (b.type !== 'reactions-batch' || typeof b.entryId !== 'string' || typeof b.profileId !== 'string' || typeof b.at !== 'number') return false;
  if (typeof b.totals !== 'object' || b.totals === null) return false;
  const entries = Object.entries(b.totals);
  // Bounded: a page can send anything; a widget has a handful of reaction types.
  return entries.length <= 32 && entries.every(([k, v]) => k.length <= 32 && typeof v === 'number' && Number.isFinite(v) && v >= 0);
}
