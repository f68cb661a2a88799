// Flagged chat in the Q&A triage inbox: the worker's small list of the flagged messages of a tab (flagged,
// not deleted, not kept), sent to every panel whatever it shows (the chat's own patches go only to panels
// that show the Chat view), and the panel's rule for taking new ones in, and letting gone ones go, without
// moving rows under the moderator. Pure.
import type { ChatCommand } from './commands';
import type { Flag } from './flags';
import type { ChatCapabilities, ChatMessage } from './types';

/**
 * At most this many flagged messages go to the panels (the oldest: they waited longest); `total` counts all.
 * The whole list goes on every change, to every panel: at 200 it was ~30 KB a post in a spam flood.
 */
export const FLAGGED_LIST_CAP = 50;

export interface FlaggedChatItem {
  id: string;
  author: { id: string | null; name: string };
  text: string;
  at: number;
  flags: Flag[];
  /** A delete of ours on its way (queued or sending) or failed; null: none. */
  command: { state: 'queued' | 'sending' | 'failed'; message: string | null } | null;
}

export interface FlaggedChatList {
  /** Every flagged message of the tab (items holds at most FLAGGED_LIST_CAP of them). */
  total: number;
  /** Oldest first. */
  items: FlaggedChatItem[];
  /**
   * Flagged messages the worker's memory cap let go before anyone looked at them (lib/model/chat/eviction.ts;
   * the report's counts include them). Absent: none, or a worker without the cap.
   */
  letGo?: number;
  /** Whether the attached widget can delete, and why not when it cannot (as the Chat view says). */
  canDelete: boolean;
  deleteAbsent: string | null;
}

/**
 * The list from the session's flags (only flagged messages are looked at, never every message), the
 * messages by id, and the outbox and failed commands (a delete on its way shows on its row).
 */
export function flaggedListOf(
  flags: Readonly<Record<string, Flag[]>>,
  byId: ReadonlyMap<string, ChatMessage>,
  commands: readonly ChatCommand[],
  caps: ChatCapabilities,
  cap = FLAGGED_LIST_CAP,
  /**
   * The flagged ids (the keys of `flags`), when the caller keeps them: enumerating a record of tens of
   * thousands of keys (a flood flags most of its messages) orders them all first, in V8 as in a sort.
   */
  ids: Iterable<string> = Object.keys(flags),
): FlaggedChatList {
  // The oldest `cap` in order, kept as the flags are walked: a message newer than the last of the oldest so
  // far costs one comparison (with the enumeration, sorting every flagged message for the oldest 50 took
  // 18 ms at 60,000, five minutes of a 200 messages/s flood, and the list is made twice a second).
  const oldest: ChatMessage[] = [];
  let total = 0;
  for (const id of ids) {
    const m = byId.get(id);
    if (!m || m.deleted) continue;
    total++;
    if (oldest.length >= cap && !older(m, oldest[oldest.length - 1]!)) continue;
    let i = oldest.length;
    while (i > 0 && older(m, oldest[i - 1]!)) i--;
    oldest.splice(i, 0, m);
    if (oldest.length > cap) oldest.pop();
  }
  const deletes = new Map<string, ChatCommand>();
  for (const c of commands) if (c.action.kind === 'delete') deletes.set(c.action.messageId, c);
  const items = oldest.map((m): FlaggedChatItem => {
    const c = deletes.get(m.id);
    const s = c?.status;
    const command =
      !s || s.state === 'done' ? null : s.state === 'failed' ? { state: s.state, message: s.message } : { state: s.state, message: s.state === 'queued' ? (s.reason ?? null) : null };
    return { id: m.id, author: { id: m.author.id, name: m.author.name }, text: m.text, at: m.at, flags: flags[m.id]!, command };
  });
  return { total, items, canDelete: caps.delete, deleteAbsent: caps.delete ? null : (caps.absent.delete ?? 'The widget cannot delete chat messages here.') };
}

/** What the inbox says when the memory cap let flagged messages go unreviewed (their counts stay in the report). */
export function flaggedLetGoNote(n: number): string {
  const count = n.toLocaleString('en');
  return `${count} older flagged ${n === 1 ? 'message was' : 'messages were'} let go unreviewed: the chat outgrew what the panel holds. The report counts ${n === 1 ? 'it' : 'them'}.`;
}

/** Whether `a` comes before `b` in the list's order (oldest first, then by id). */
function older(a: ChatMessage, b: ChatMessage): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}

/**
 * Why a row the inbox showed has left the list, as far as the panel can tell from what it has (the list
 * says only that a message is gone): `deleted`, a delete of ours was on its way (from this panel or
 * another: the outbox shows on the row); `kept`, this inbox kept it; `past-cap`, it is still flagged but
 * older ones came in ahead of it, past the oldest FLAGGED_LIST_CAP; `elsewhere`, anything else (another
 * moderator deleted or kept it, the widget deleted it, a flag rule no longer matches it).
 */
export type DepartedWhy = 'deleted' | 'kept' | 'past-cap' | 'elsewhere';

export interface Departure {
  why: DepartedWhy;
  /** This inbox's own delete or keep (the keyboard selection goes on to the next row, as it always did). */
  ours: boolean;
}

/** A row of the inbox: an item of the list, or one that left it and keeps its place until the inbox is calm. */
export type FlaggedChatRow = FlaggedChatItem & { departed?: Departure };

/** What this inbox did to a message (a delete sent, a keep). */
export type OwnAction = 'delete' | 'keep';

const DEPARTED_LABELS: Record<DepartedWhy, string> = {
  deleted: 'Deleted',
  kept: 'Kept',
  'past-cap': 'Past the oldest shown',
  elsewhere: 'Handled elsewhere',
};

/** The word a departed row shows. */
export function departedLabel(why: DepartedWhy): string {
  return DEPARTED_LABELS[why];
}

/** What the inbox says when a key or button acts on a departed row: nothing is done. */
export function departedSay(why: DepartedWhy): string {
  switch (why) {
    case 'deleted':
      return 'Already deleted: nothing to do.';
    case 'kept':
      return 'Already kept: nothing to do.';
    case 'past-cap':
      return 'This message moved past the oldest shown: it comes back when you leave the inbox.';
    default:
      return 'Handled elsewhere (deleted, kept or no longer flagged): nothing to do.';
  }
}

/** Whether `a` comes after `b` in the list's order (oldest first, then by id). */
function after(a: FlaggedChatItem, b: FlaggedChatItem): boolean {
  return a.at > b.at || (a.at === b.at && a.id > b.id);
}

function departureOf(row: FlaggedChatRow, list: FlaggedChatList, own: ReadonlyMap<string, OwnAction> | undefined): Departure {
  if (row.departed) return row.departed;
  const act = own?.get(row.id);
  const state = row.command?.state;
  // Our delete, last seen on its way or already done (the list drops a done command and the deleted message in
  // separate posts, in either order); a failed one that left was not ours to end.
  if (state === 'queued' || state === 'sending' || (act === 'delete' && state !== 'failed')) return { why: 'deleted', ours: act === 'delete' };
  if (act === 'keep') return { why: 'kept', ours: true };
  const last = list.items.at(-1);
  if (list.total > list.items.length && last && after(row, last)) return { why: 'past-cap', ours: false };
  return { why: 'elsewhere', ours: false };
}

/**
 * What the inbox shows of the list. When `calm` (neither pointer nor focus in the inbox) it is the list.
 * Otherwise nothing moves under the moderator: the rows shown before (`shown`, the last result's rows) keep
 * their places, each as the list has it now, or, when it left the list, as a departed row (its last content,
 * marked with why); the list's new items wait behind "N new" (`held`). `own` is what this inbox did to its rows,
 * for the departure's reason. Departed rows go, and new ones come in, at the next calm call.
 */
export function joinFlagged(
  list: FlaggedChatList | null,
  shown: readonly FlaggedChatRow[],
  calm: boolean,
  own?: ReadonlyMap<string, OwnAction>,
): { rows: FlaggedChatRow[]; held: number } {
  if (!list) return { rows: [], held: 0 };
  if (calm) return { rows: list.items, held: 0 };
  const now = new Map<string, FlaggedChatItem>();
  for (const i of list.items) now.set(i.id, i);
  const rows = shown.map((r): FlaggedChatRow => now.get(r.id) ?? (r.departed ? r : { ...r, departed: departureOf(r, list, own) }));
  let kept = 0;
  for (const r of rows) if (!r.departed) kept++;
  return { rows, held: list.items.length - kept };
}

/** The reason a flagged message is deleted with (the Chat view's `d` on a flagged message does the same). */
export function flaggedDeleteReason(flags: readonly Flag[]): string {
  return flags.map((f) => f.reason).join('; ');
}
