// The session's chat counted as it came, apart from the messages held: the worker holds at most
// CHAT_MEMORY_LIMITS.messagesPerTab messages (lib/model/chat/eviction.ts), so counting the held list under-
// counts a long event. The report's chat figures (messages, senders, flagged, deleted) and its timeline come
// from here, and the person card says how many of a person's messages are no longer held. Pure.
import type { ChatAuditEntry } from './commands';
import type { ChatMessage } from './types';

export const MINUTE_MS = 60_000;

export interface ChatTally {
  messages: number;
  /** Ever flagged by the rules (still waiting, kept after a look, or deleted while flagged). */
  flagged: number;
  deleted: number;
  /**
   * Messages per sender (the person key: author id, else `name:` + name). Distinct senders are its keys.
   * The person card compares it with the messages held.
   */
  senders: Record<string, number>;
  /**
   * Messages per minute (epoch minute: floor(at / 60,000)). The report's timeline buckets are whole minutes
   * from a whole minute (lib/model/report/session-report.ts), so per-minute counts give it exactly.
   */
  minutes: Record<string, number>;
}

/** A change to a tally: the same shape, with counts that may be negative (a message's time or sender changed). */
export type ChatTallyDelta = ChatTally;

/**
 * A map of counts as a dictionary from the start (no prototype): each batch adds its own senders' keys, and a
 * plain object made a new hidden class for every key added in a new order (~0.4 us a count, a tenth of the
 * worker's time per message); it is still a plain object for JSON and the panel's port.
 */
function countMap(from?: Readonly<Record<string, number>>): Record<string, number> {
  const map = Object.create(null) as Record<string, number>;
  if (from) for (const k in from) map[k] = from[k]!;
  return map;
}

export function emptyTally(): ChatTally {
  return { messages: 0, flagged: 0, deleted: 0, senders: countMap(), minutes: countMap() };
}

export function senderKey(m: Pick<ChatMessage, 'author'>): string {
  return m.author.id ?? `name:${m.author.name}`;
}

export function minuteOf(at: number): number {
  return Math.floor(at / MINUTE_MS);
}

function bump(map: Record<string, number>, key: string | number, by: number): void {
  const n = (map[key] ?? 0) + by;
  if (n === 0) delete map[key];
  else map[key] = n;
}

/**
 * Counts a message's arrival or change into `delta` (in place): `before` undefined for a new message.
 * Only what the message is counted by changes a count: its sender, its minute, whether it is deleted.
 */
export function countMessage(delta: ChatTallyDelta, before: ChatMessage | undefined, after: ChatMessage): void {
  if (!before) {
    delta.messages += 1;
    bump(delta.senders, senderKey(after), 1);
    if (Number.isFinite(after.at)) bump(delta.minutes, minuteOf(after.at), 1);
    if (after.deleted) delta.deleted += 1;
    return;
  }
  const [from, to] = [senderKey(before), senderKey(after)];
  if (from !== to) {
    bump(delta.senders, from, -1);
    bump(delta.senders, to, 1);
  }
  if (before.at !== after.at) {
    if (Number.isFinite(before.at)) bump(delta.minutes, minuteOf(before.at), -1);
    if (Number.isFinite(after.at)) bump(delta.minutes, minuteOf(after.at), 1);
  }
  if (before.deleted !== after.deleted) delta.deleted += after.deleted ? 1 : -1;
}

export function isEmptyDelta(d: ChatTallyDelta): boolean {
  if (d.messages || d.flagged || d.deleted) return false;
  for (const _ in d.senders) return false;
  for (const _ in d.minutes) return false;
  return true;
}

/**
 * Adds a delta to a tally: the counts in a new object, the two maps changed in place (a copy of a map of
 * thousands of senders per patch, 17 patches a second, would cost more than the patch). Whoever holds the
 * tally must own it: the worker's snapshot hands out copies (copyTally).
 */
export function addTally(tally: ChatTally, d: ChatTallyDelta): ChatTally {
  for (const k in d.senders) bump(tally.senders, k, d.senders[k]!);
  for (const k in d.minutes) bump(tally.minutes, k, d.minutes[k]!);
  return { messages: tally.messages + d.messages, flagged: tally.flagged + d.flagged, deleted: tally.deleted + d.deleted, senders: tally.senders, minutes: tally.minutes };
}

export function copyTally(t: ChatTally): ChatTally {
  return { ...t, senders: countMap(t.senders), minutes: countMap(t.minutes) };
}

/**
 * The tally of the messages an earlier version restored (it saved no tally): counted from the rows it has,
 * flagged as the report counts it from a list (lib/model/report/activity.ts chatRecordsOf): flagged now,
 * kept or auto-deleted (the audit names it), or deleted while flagged (the deletion record marks it).
 */
export function tallyOf(
  messages: readonly ChatMessage[],
  flags: Readonly<Record<string, unknown>>,
  deletions: Readonly<Record<string, { wasFlagged?: boolean }>>,
  audit: readonly ChatAuditEntry[],
): ChatTally {
  const everFlagged = new Set<string>();
  for (const a of audit) if (a.messageId && (a.action === 'keep' || a.action === 'auto-delete')) everFlagged.add(a.messageId);
  const t = emptyTally();
  for (const m of messages) {
    countMessage(t, undefined, m);
    if (flags[m.id] || everFlagged.has(m.id) || (m.deleted && deletions[m.id]?.wasFlagged)) t.flagged += 1;
  }
  return t;
}

/** A tally as read back from storage: anything unreadable is no tally (the rows are counted instead). */
export function readTally(value: unknown): ChatTally | null {
  const t = value as Partial<ChatTally> | null;
  if (!t || typeof t !== 'object') return null;
  const counts = [t.messages, t.flagged, t.deleted];
  if (!counts.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) return null;
  if (!t.senders || typeof t.senders !== 'object' || !t.minutes || typeof t.minutes !== 'object') return null;
  return { messages: t.messages!, flagged: t.flagged!, deleted: t.deleted!, senders: countMap(t.senders), minutes: countMap(t.minutes) };
}

/** What the person card says when a person wrote more than the messages held show (null: all are held). */
export function notHeldNote(total: number | undefined, held: number): string | null {
  const gone = (total ?? 0) - held;
  if (gone <= 0) return null;
  return `${gone} earlier ${gone === 1 ? 'message' : 'messages'} from this person ${gone === 1 ? 'is' : 'are'} no longer held.`;
}

/** What the Chat view says above its list when the session had more messages than are held. */
export function olderNotHeldNote(total: number | undefined, held: number): string | null {
  const gone = (total ?? 0) - held;
  if (gone <= 0) return null;
  return `${gone} older ${gone === 1 ? 'message is' : 'messages are'} no longer held here (the session's counts and report include them); search covers the messages held.`;
}

/** What the report says beside its chat export when the log holds only the latest messages (null: it holds all). */
export function csvNotHeldNote(total: number | undefined, held: number): string | null {
  const gone = (total ?? 0) - held;
  if (gone <= 0) return null;
  const n = (x: number) => x.toLocaleString('en');
  return `The chat CSV holds the latest ${n(held)} messages: ${n(gone)} older ${gone === 1 ? 'one is' : 'ones are'} no longer held (the figures above include them).`;
}
