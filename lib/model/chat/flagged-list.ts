// Flagged chat in the Q&A triage inbox: the worker's small list of the flagged messages of a tab (flagged,
// not deleted, not kept), sent to every panel whatever it shows (the chat's own patches go only to panels
// that show the Chat view), and the panel's rule for taking new ones in without moving rows under the
// moderator. Pure.
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
): FlaggedChatList {
  const messages: ChatMessage[] = [];
  for (const id of Object.keys(flags)) {
    const m = byId.get(id);
    if (m && !m.deleted) messages.push(m);
  }
  messages.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const deletes = new Map<string, ChatCommand>();
  for (const c of commands) if (c.action.kind === 'delete') deletes.set(c.action.messageId, c);
  const items = messages.slice(0, cap).map((m): FlaggedChatItem => {
    const c = deletes.get(m.id);
    const s = c?.status;
    const command =
      !s || s.state === 'done' ? null : s.state === 'failed' ? { state: s.state, message: s.message } : { state: s.state, message: s.state === 'queued' ? (s.reason ?? null) : null };
    return { id: m.id, author: { id: m.author.id, name: m.author.name }, text: m.text, at: m.at, flags: flags[m.id]!, command };
  });
  return { total: messages.length, items, canDelete: caps.delete, deleteAbsent: caps.delete ? null : (caps.absent.delete ?? 'The widget cannot delete chat messages here.') };
}

/**
 * What the inbox shows of the list: the rows it showed before (still flagged), in the list's order, and the
 * new ones only when `calm` (neither pointer nor focus in the inbox: nothing moves under the moderator);
 * otherwise they wait behind "N new". Returns the ids shown and how many wait.
 */
export function joinFlagged(list: FlaggedChatList | null, shown: ReadonlySet<string>, calm: boolean): { rows: FlaggedChatItem[]; held: number } {
  if (!list) return { rows: [], held: 0 };
  if (calm) return { rows: list.items, held: 0 };
  const rows = list.items.filter((i) => shown.has(i.id));
  return { rows, held: list.items.length - rows.length };
}

/** The reason a flagged message is deleted with (the Chat view's `d` on a flagged message does the same). */
export function flaggedDeleteReason(flags: readonly Flag[]): string {
  return flags.map((f) => f.reason).join('; ');
}
