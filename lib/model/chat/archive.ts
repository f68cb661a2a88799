// The chat archive: every message the worker ingests, per event session, kept on this computer (IndexedDB,
// lib/platform/chat-archive.ts) so the report's chat CSV holds the whole session, not only what the worker's
// memory cap (lib/model/chat/eviction.ts) and the panel's mirror still hold. Pure parts here: the session's
// key, a message's archived row, the retention, the merge of the archive with the messages held (the archive
// lags the worker by a save), and what the report says beside the Chat CSV button.
// No KS, token or other secret goes in a row: IndexedDB is on disk. Attendee text stays text (the CSV
// neutralises formulas; nothing renders it as HTML).
import type { ChatRecordInput } from '../report/session-report';
import type { Flag } from './flags';
import type { DeletionRecord } from './session';
import type { ChatMessage } from './types';

/**
 * How long a session's chat log is kept after its latest save: 30 days. Long enough to answer what follows an
 * event (the report, a complaint about a deleted message); short enough that attendees' words do not pile up
 * on the moderator's computer (the GDPR's storage limitation, art. 5(1)(e): personal data kept no longer than
 * needed for its purpose). The report says it ("kept on this computer for 30 days") and offers to delete it.
 */
export const CHAT_ARCHIVE_RETENTION_DAYS = 30;
export const CHAT_ARCHIVE_RETENTION_MS = CHAT_ARCHIVE_RETENTION_DAYS * 24 * 60 * 60 * 1000;

/** One event session's key, as the chat audit's storage.local key names it (CHAT_AUDIT_KEY). */
export const chatArchiveKey = (partnerId: number | null, entryId: string) => `${partnerId ?? 0}:${entryId}`;

/**
 * The archive's sessions that hold this key's event: the key itself and, before it, the event's log kept
 * while the partner was not known yet (`0:{entry}`: a worker that attached before the page said, or a
 * restart that did). Read and deleted together: the report's CSV is the whole event's, and deleting
 * "this session's chat log" leaves none of it.
 */
export function archiveSiblings(sessions: readonly Pick<ArchivedChatSession, 's'>[], s: string): string[] {
  const unknownPartner = chatArchiveKey(null, s.slice(s.indexOf(':') + 1));
  return unknownPartner !== s && sessions.some((x) => x.s === unknownPartner) ? [unknownPartner, s] : [s];
}

/** A message as archived: the CSV's columns and its id (a later version of it replaces it: dedupedChatLog). */
export interface ArchivedChatRow extends ChatRecordInput {
  id: string;
}

/** A session's entry in the archive: the retention reads `last`. */
export interface ArchivedChatSession {
  s: string;
  partnerId: number | null;
  entryId: string;
  /** Epoch ms of the first and the latest save that wrote to it. */
  first: number;
  last: number;
  /** Rows written (a message written again counts again) and the newest message's time. */
  rows?: number;
  newestAt?: number;
  /**
   * When the moderator deleted this log (epoch ms): a row of a message from before it is not written again
   * (a retried write, an old message deleted since), only messages that came after.
   */
  clearedAt?: number;
}

/**
 * The log's row of a message, as the report counts it (lib/model/report/activity.ts' chatRecordsOf):
 * flagged while waiting, kept after a look (`kept`), or deleted while flagged; who deleted it and when from
 * our deletion record.
 */
export function chatRecordOf(m: ChatMessage, flagged: boolean, deletion: DeletionRecord | undefined): ChatRecordInput {
  const d = m.deleted ? deletion : undefined;
  return {
    at: m.at,
    senderId: m.author.id ?? `name:${m.author.name}`,
    senderName: m.author.name,
    text: m.text,
    flagged: flagged || d?.wasFlagged === true,
    deleted: m.deleted,
    deletedBy: d ? (d.how === 'auto' ? 'auto-delete' : d.by) : null,
    deletedAt: d?.at ?? null,
  };
}

export function archivedRowOf(m: ChatMessage, flags: readonly Flag[] | undefined, deletion: DeletionRecord | undefined, kept: boolean): ArchivedChatRow {
  return { id: m.id, ...chatRecordOf(m, !!flags?.length || kept, deletion) };
}

/**
 * The log as saved (each save's rows, in the order they were written, `saves()` read twice) as each message
 * once: at its first place (the order the chat came in), with its last version (a later save's deletion or
 * flag), flagged if any version was. The first pass keeps only the ids (and the rows of messages written again
 * changed, few); the second gives the rows a save at a time, sorted by time within it (two tabs' saves
 * interleave). 200,000 ids are ~15 MB for the moment of the export; the rows themselves are never all held.
 */
export async function* dedupedChatLog(saves: () => AsyncIterable<readonly ArchivedChatRow[]>): AsyncGenerator<ArchivedChatRow[]> {
  // Each message's first version's state; a later version is kept only when it says something the first did
  // not. A second tab on the same event writes every message again, in the same state: holding each of
  // those versions held the whole log (200,000 rows, tens of MB) for the export.
  const first = new Map<string, number>();
  const later = new Map<string, ArchivedChatRow>();
  for await (const rows of saves()) {
    for (const r of rows) {
      const was = first.get(r.id);
      if (was === undefined) first.set(r.id, stateOf(r));
      else {
        const prev = later.get(r.id);
        if (prev || stateOf(r) !== was) later.set(r.id, prev?.flagged && !r.flagged ? { ...r, flagged: true } : r);
      }
    }
  }
  for await (const rows of saves()) {
    const out: ArchivedChatRow[] = [];
    for (const r of rows) {
      if (!first.delete(r.id)) continue; // given already, at its first place
      const last = later.get(r.id);
      // Flagged: ever flagged, as the report counts it (a second tab, or the worker after a restart, may
      // write a kept message again without the mark).
      out.push(!last ? r : r.flagged && !last.flagged ? { ...last, flagged: true } : last);
    }
    if (out.length) yield out.sort(byTime);
  }
}

/** What can change in a message's archived row: deleted, by whom (known later than the deletion), flagged. */
const stateOf = (r: ArchivedChatRow) => (r.deleted ? 1 : 0) | (r.deletedBy ? 2 : 0) | (r.flagged ? 4 : 0);

/** The archive's sessions whose latest save is older than the retention (to delete). */
export function expiredSessions(sessions: readonly ArchivedChatSession[], now: number, retentionMs = CHAT_ARCHIVE_RETENTION_MS): string[] {
  return sessions.filter((x) => now - x.last > retentionMs).map((x) => x.s);
}

const byTime = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The whole log in time order, in chunks: the archive's rows (read in chunks, oldest first) with the messages
 * the panel holds. A held message replaces its archived row (its state is the newer: the archive is written
 * a save later) and one the archive lacks yet (the last second's, or all of them when its writes failed) is
 * added at its place. Each archived row is looked at once; only the held messages (at most the memory cap)
 * are indexed.
 */
export async function* mergedChatLog(
  archived: AsyncIterable<readonly ArchivedChatRow[]>,
  held: readonly (ChatRecordInput & { id?: string })[],
): AsyncGenerator<ChatRecordInput[]> {
  const heldIds = new Set<string>();
  for (const h of held) if (h.id !== undefined) heldIds.add(h.id);
  const mine = [...held].sort((a, b) => a.at - b.at || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0));
  let i = 0;
  for await (const chunk of archived) {
    const out: ChatRecordInput[] = [];
    for (const row of chunk) {
      if (heldIds.has(row.id)) continue;
      while (i < mine.length && byTime({ at: mine[i]!.at, id: mine[i]!.id ?? '' }, row) < 0) out.push(mine[i++]!);
      out.push(row);
    }
    if (out.length) yield out;
  }
  if (i < mine.length) yield mine.slice(i);
}

/** What the report knows of the archive for a session (null fields: not read yet). */
export type ChatArchiveStatus =
  | { state: 'reading' }
  | { state: 'ready'; count: number; newestAt: number | null }
  | { state: 'unavailable'; reason: string };

/**
 * How many messages the CSV will hold: the archived ones, and those held that are newer than the newest
 * archived (the archive lags the worker by a save). An estimate before the file is written (a message held
 * and not yet archived but older than the newest archived is not counted); the file itself is exact.
 */
export function archiveCoverage(status: { count: number; newestAt: number | null }, held: readonly { at: number }[]): number {
  const newest = status.newestAt ?? -Infinity;
  let newer = 0;
  for (let i = held.length - 1; i >= 0; i--) if (held[i]!.at > newest) newer++;
  return Math.max(status.count + newer, held.length);
}

const n = (x: number) => x.toLocaleString('en');

/**
 * The note beside the Chat CSV button. `total`: the session's count of messages (the tally); `held`: the
 * messages the panel holds. Complete: null (nothing to say). Unavailable: says so and what the file holds
 * instead, with the held-only note (csvNotHeldNote).
 */
export function archiveNote(status: ChatArchiveStatus, total: number | undefined, held: number, heldOnlyNote: string | null, coverage: number): string | null {
  if (status.state === 'reading') return null;
  if (status.state === 'unavailable') {
    return `The chat log on this computer could not be read (${status.reason}): the chat CSV holds the messages the panel holds.${heldOnlyNote ? ` ${heldOnlyNote}` : ''}`;
  }
  const gone = (total ?? 0) - Math.max(coverage, held);
  if (gone <= 0) return null;
  return `The chat log on this computer lacks ${n(gone)} of this session's ${n(total ?? 0)} messages (saving it failed, it was deleted, or it began after them): the chat CSV holds ${n(Math.max(coverage, held))}.`;
}
