// Where chat sessions are saved, and only what changed.
//
// storage.session (survives a stopped worker):
//   `chat:{tab}`          the tab's small record: entry, identity, outbox, blocked, staleness (and the flags and
//                         deletion records of messages it has no row for: none, in practice)
//   `chat:{tab}:m:{id}`   one message per key, with its flags and deletion record ($flags, $deletion): a change
//                         (a reaction, a deletion, a flag) rewrites that message only, so the bytes written per
//                         change are the size of the change whatever the backlog. (The flags and deletions
//                         were in the tab's record: every new flagged message rewrote all of them, 35 KB three
//                         times a second after a minute of a 200 messages/s chat, and growing with the session.)
//                         The row is one JSON string (see savedRow); an earlier version's object is read too.
//   `chat:{tab}:ix`       the index's head: { chunks: number[] }, written with the tab's first record
//   `chat:{tab}:ix:{n}`   up to CHAT_LIMITS.indexChunk saved message ids, oldest first, as one JSON string (an
//                         earlier version's array is read too): a restore reads the
//                         head, the chunks, then exactly the messages listed. Reading all of storage.session
//                         to find the messages by prefix read megabytes (a busy Q&A on another tab) and held
//                         every later storage read of the restarted worker behind it. A record without a
//                         head was saved by an earlier version: read once by prefix, and the index written.
//   `chat:{tab}:t`        the session's counts (lib/model/chat/tally.ts) but the senders, as one JSON string,
//                         written in the same write as the rows it counts: a restart keeps the report exact,
//                         though the rows are capped. Absent (an earlier version): the rows are counted instead.
//   `chat:{tab}:ts`       the tally's messages per sender, as one JSON string: written with the change that
//                         counts a new sender (the distinct senders stay exact), otherwise at most every
//                         TALLY_SENDERS_EVERY saves (4,000 senders are ~80 KB, more than a second's rows at 200
//                         messages/s). So after a restart a person's count can lag by those saves' messages:
//                         only the person card's "no longer held" note reads it.
//   At most LIMITS.rowsPerTab messages are kept per tab; past that the oldest go, those neither flagged nor
//   deleted first, flagged ones last, never the newest keepNewest (the widget itself shows only the latest
//   few hundred: a restarted worker must know each of those). A message the
//   worker no longer holds (its memory cap, lib/model/chat/eviction.ts) goes from here too.
// storage.local (survives a browser restart):
//   `chat-rules`                                   the moderator's flag rules (every session)
//   `chat-local:{partner}:{entry}:audit` + `:{n}`  the audit, append-only in chunks, capped
// IndexedDB `cnc-chat-archive` (on disk; lib/platform/chat-archive.ts), for the report's chat CSV:
//   every message of the session `{partner}:{entry}`, uncapped: what changed goes with each save as one
//   append-only chunk (a message changed later is written again; the reader keeps its last state); deleted
//   30 days after the session's last save.
// Writes are serialised; a failed write is reported for the session to show and tried again with the next flush.
import { CHAT_AUDIT_LIMIT } from '../../model/chat/session';
import { CHAT_MEMORY_LIMITS } from '../../model/chat/eviction';
import type { ChatAuditEntry } from '../../model/chat/commands';
import type { Flag, FlagRules } from '../../model/chat/flags';
import type { DeletionRecord } from '../../model/chat/session';
import type { ChatMessage } from '../../model/chat/types';
import type { StorageArea } from '../../platform/storage';
import type { ChatTally } from '../../model/chat/tally';
import type { ChatPersistChange, ChatTabState, LetGoMessage } from './chat-session';
import { archivedRowOf, chatArchiveKey, type ArchivedChatRow } from '../../model/chat/archive';
import type { ChatArchiveWriter } from '../../platform/chat-archive';

export const CHAT_TAB_KEY = (tabId: number) => `chat:${tabId}`;
export const CHAT_ROW_PREFIX = (tabId: number) => `chat:${tabId}:m:`;
export const CHAT_INDEX_KEY = (tabId: number) => `chat:${tabId}:ix`;
export const CHAT_INDEX_CHUNK_KEY = (tabId: number, n: number) => `chat:${tabId}:ix:${n}`;
export const CHAT_TALLY_KEY = (tabId: number) => `chat:${tabId}:t`;
export const CHAT_TALLY_SENDERS_KEY = (tabId: number) => `chat:${tabId}:ts`;
/** Saves between two writes of the per-sender counts when no new sender came (see the key's note). */
export const TALLY_SENDERS_EVERY = 10;
export const CHAT_RULES_KEY = 'chat-rules';
export const CHAT_AUDIT_KEY = (partnerId: number | null, entryId: string) => `chat-local:${partnerId ?? 0}:${entryId}:audit`;

/**
 * keepNewest: the newest saved rows are never evicted, whatever their kind, as the worker's memory cap keeps
 * its newest (lib/model/chat/eviction.ts). The widget still shows the latest few hundred messages, and a
 * restarted worker is sent them all again: one it holds is no new message, but one whose row went (a
 * flood of flagged messages pushing out the recent plain ones) was counted a second time.
 * indexChunk: the last chunk is written whole with every save that adds messages: at 500 ids it grew to
 * 7 KB a write (half of all the bytes a busy chat wrote); at 100, 1.4 KB at most. A restore reads the
 * chunks in one call either way (200 keys for a full tab).
 */
export const CHAT_LIMITS = { rowsPerTab: 20_000, auditChunk: 200, indexChunk: 100, keepNewest: CHAT_MEMORY_LIMITS.keepNewest };
/** Archive rows kept for a retry while its writes fail (the worker's memory cap holds as many messages). */
export const ARCHIVE_PENDING_MAX = 50_000;

export interface StoredChatTab extends ChatTabState {
  profileId: string;
  partnerId: number | null;
  messages: ChatMessage[];
  /** The saved index's chunks (number -> ids); absent when the tab was saved without one (an earlier version). */
  index?: [number, string[]][];
  /** The flags and deletion records are saved with the message rows (absent: an earlier version's record). */
  marksInRows?: boolean;
  /** The session's counts as saved (absent: an earlier version; ChatSession counts the rows). */
  tally?: unknown;
}

/**
 * A message waiting for the archive: null (read it from the session at the save), as the memory cap let it
 * go, or the row a failed write had already made of it (the message may be gone from the session since).
 */
type ArchivePending = LetGoMessage | { row: ArchivedChatRow } | null;

/** A message row as saved: the message, with its flags and deletion record when it has them. */
type SavedRow = ChatMessage & { $flags?: Flag[]; $deletion?: DeletionRecord };

/**
 * A message row as written: one JSON string. storage.session.set converts an object into the browser's
 * values property by property, in the worker's thread, and the browser copies each again (the change it
 * records); a string goes over in one piece. At 200 messages/s a save of 200 rows as objects took ~2 ms of
 * the worker's time in the call alone (a sixth of the worker's busy time in its profile), as strings
 * ~0.7 ms and the stringify ~0.4 ms; the Q&A's chunks are strings for the same reason.
 */
function savedRow(m: ChatMessage, flags: Flag[] | undefined, deletion: DeletionRecord | undefined): string {
  if (!flags && !deletion) return JSON.stringify(m);
  return JSON.stringify({ ...m, ...(flags ? { $flags: flags } : {}), ...(deletion ? { $deletion: deletion } : {}) });
}

/** A stored row or index chunk: a JSON string, or the object an earlier version stored (null: unreadable). */
function parsed<T>(value: unknown): T | null {
  if (typeof value !== 'string') return (value ?? null) as T | null;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null;
  }
}

/** The marks of messages without a row (kept in the tab's record). */
function withoutRow<T>(marks: Record<string, T>, source: ChatSource): Record<string, T> {
  const kept: Record<string, T> = {};
  for (const id in marks) if (!source.message(id)) kept[id] = marks[id]!;
  return kept;
}

export interface ChatSource {
  tabState(): ChatTabState;
  message(id: string): ChatMessage | undefined;
  tallyView?(): Readonly<ChatTally>;
}

interface Binding {
  profileId: string;
  partnerId: number | null;
  auditKey: string;
  source: ChatSource;
  /** Saved message ids, oldest first. */
  saved: Map<string, true>;
  dirty: Set<string>;
  tabDirty: boolean;
  tallyDirty: boolean;
  /** The per-sender counts changed since written; urgent: a new sender among them; waited: saves since. */
  senders: { dirty: boolean; urgent: boolean; waited: number };
  /** Saved messages the session no longer holds: their rows go with the next write. */
  evicted: Set<string>;
  audit: ChatAuditEntry[];
  failure: string | null;
  /** The chat archive (IndexedDB): this session's key, and the messages to write with the next save. */
  archive: { s: string; entryId: string; pending: Map<string, ArchivePending>; kept: Set<string>; failure: string | null };
  /** The saved index: chunk number -> ids (ascending numbers), and which chunk holds each id. */
  ixChunks: Map<number, string[]>;
  ixOf: Map<string, number>;
  ixDirty: Set<number>;
  ixHeadDirty: boolean;
  /** Emptied index chunks to remove. */
  ixGone: Set<number>;
}

export interface ChatRepositoryDeps {
  session: StorageArea;
  local: StorageArea;
  /** The chat archive on disk (absent: none, as in most unit tests); `now` dates its saves. */
  archive?: ChatArchiveWriter;
  now?(): number;
  onProblem(tabId: number, problem: string | null): void;
}

export class ChatRepository {
  private tabs = new Map<number, Binding>();
  private chain: Promise<void> = Promise.resolve();
  /** Why this browser keeps no chat archive (null: it does, or has not said otherwise): no more writes. */
  private archiveOff: string | null = null;

  constructor(private readonly deps: ChatRepositoryDeps) {}

  attach(tabId: number, profileId: string, partnerId: number | null, entryId: string, source: ChatSource, stored?: StoredChatTab): void {
    const saved = new Map<string, true>();
    for (const m of stored?.messages ?? []) saved.set(m.id, true);
    const tab: Binding = {
      profileId, partnerId, auditKey: CHAT_AUDIT_KEY(partnerId, entryId), source, saved, dirty: new Set(), tabDirty: true, tallyDirty: true, senders: { dirty: true, urgent: true, waited: 0 }, evicted: new Set(), audit: [], failure: null,
      archive: { s: chatArchiveKey(partnerId, entryId), entryId, pending: new Map(), kept: new Set(), failure: null },
      ixChunks: new Map(), ixOf: new Map(), ixDirty: new Set(), ixHeadDirty: !stored?.index, ixGone: new Set(),
    };
    if (stored?.index) {
      for (const [n, ids] of stored.index) {
        // Only what was really restored: an id listed whose message is gone is dropped from the index.
        const kept = ids.filter((id) => saved.has(id));
        if (kept.length !== ids.length) tab.ixDirty.add(n);
        tab.ixChunks.set(n, kept);
        for (const id of kept) tab.ixOf.set(id, n);
      }
    } else {
      // A new session, or one saved by an earlier version without an index: the first flush writes it whole.
      for (const id of saved.keys()) indexAdd(tab, id);
    }
    if (stored && !stored.marksInRows) {
      // Saved by an earlier version, with the marks in the tab's record: the first flush moves them to the rows.
      for (const id of [...Object.keys(stored.flags ?? {}), ...Object.keys(stored.deletions ?? {})]) if (saved.has(id)) tab.dirty.add(id);
    }
    this.tabs.set(tabId, tab);
  }

  record(tabId: number, change: ChatPersistChange): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    for (const id of change.upserts ?? []) tab.dirty.add(id);
    if (this.deps.archive && this.archiveOff === null) {
      // Which messages changed: the save reads them from the session, or from the cap's letGo if they went.
      const pending = tab.archive.pending;
      for (const id of change.upserts ?? []) pending.set(id, null);
      // Let go before the save wrote it (or in the very batch that changed it): its last state, flags and all.
      if (change.letGo) for (const [id, last] of change.letGo) if (pending.has(id)) pending.set(id, last);
      // Changed after it was let go (deleted in the widget since): its new state, written or not before.
      if (change.late) for (const [id, last] of change.late) pending.set(id, last);
      // Kept after a look (its flag is cleared) or auto-deleted: the log counts it flagged, as the report does
      // from the session's audit. Remembered for the message's later saves (a deletion), as many as the audit.
      const kept = tab.archive.kept;
      for (const a of change.audit ?? []) if (a.messageId && (a.action === 'keep' || a.action === 'auto-delete')) kept.add(a.messageId);
      for (const id of kept) {
        if (kept.size <= CHAT_AUDIT_LIMIT) break;
        kept.delete(id);
      }
    }
    if (change.tab) tab.tabDirty = true;
    if (change.tally) tab.tallyDirty = tab.senders.dirty = true;
    if (change.newSender) tab.senders.urgent = true;
    for (const id of change.evicted ?? []) if (tab.saved.has(id)) tab.evicted.add(id);
    if (change.audit?.length) tab.audit.push(...change.audit);
  }

  hasWork(): boolean {
    for (const t of this.tabs.values()) if (t.dirty.size || t.tabDirty || t.tallyDirty || t.evicted.size || t.audit.length || t.archive.pending.size) return true;
    return false;
  }

  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.flushNow()).catch(() => undefined);
    return this.chain;
  }

  private async flushNow(): Promise<void> {
    for (const [tabId, tab] of this.tabs) {
      let failure: string | null = null;
      try {
        await this.writeSession(tabId, tab);
        await this.writeAudit(tab);
      } catch (e) {
        failure = `Could not save this session's chat (${e instanceof Error ? e.message : String(e)}); it is kept in memory and saving is tried again.`;
      }
      let archiveFailure: string | null = null;
      try {
        await this.writeArchive(tab);
      } catch (e) {
        archiveFailure = `Could not save this session's chat log on this computer (${e instanceof Error ? e.message : String(e)}); the report's chat CSV may lack messages. Saving is tried again.`;
      }
      if (this.archiveOff !== null) archiveFailure = `This browser keeps no chat log on this computer (${this.archiveOff}): the report's chat CSV holds only the messages the panel holds.`;
      if (failure !== tab.failure || archiveFailure !== tab.archive.failure) {
        tab.failure = failure;
        tab.archive.failure = archiveFailure;
        // The session's one storage problem (ChatSession.setStorageProblem): the chat view shows it.
        this.deps.onProblem(tabId, [failure, archiveFailure].filter(Boolean).join(' ') || null);
      }
    }
  }

  /**
   * The messages changed since the last save, to the archive as one chunk (one put, one transaction): at 200
   * messages/s a save a second writes ~200 rows. Each row is the message's latest state (a deletion, a flag);
   * the reader keeps a message's last one. Failed: the rows wait for the next save, at most
   * ARCHIVE_PENDING_MAX of them (a write that keeps failing, a full disk, must not grow the worker's memory
   * with the session); failed for good (no IndexedDB here), the archive stops.
   */
  private async writeArchive(tab: Binding): Promise<void> {
    const archive = this.deps.archive;
    const a = tab.archive;
    if (!archive || !a.pending.size) return;
    if (this.archiveOff !== null) {
      a.pending.clear();
      return;
    }
    const pending = a.pending;
    const kept = a.kept;
    a.pending = new Map();
    const state = tab.source.tabState();
    const rows: ArchivedChatRow[] = [];
    for (const [id, last] of pending) {
      if (last && 'row' in last) rows.push(last.row);
      else if (last) rows.push(archivedRowOf(last.m, last.flags, last.deletion, kept.has(id)));
      else {
        const m = tab.source.message(id);
        if (m) rows.push(archivedRowOf(m, state.flags[id], state.deletions[id], kept.has(id)));
      }
    }
    try {
      await archive.write({ s: a.s, partnerId: tab.partnerId, entryId: a.entryId }, rows, this.deps.now?.() ?? Date.now());
    } catch (error) {
      if (isArchiveUnavailable(error)) {
        // This browser keeps no IndexedDB for us (Firefox set to never remember history): nothing to retry,
        // and holding rows for a write that cannot come would outgrow the memory cap. The chat view says so
        // from now on (flushNow).
        this.archiveOff = error instanceof Error ? error.message : String(error);
        for (const t of this.tabs.values()) t.archive.pending.clear();
        throw error;
      }
      // Oldest first, as they came, as the rows this write made (the session may have let a message go while
      // it ran, and a message no longer held can be read nowhere else); one changed meanwhile takes its newer
      // state.
      const again = new Map<string, ArchivePending>();
      for (const r of rows) again.set(r.id, { row: r });
      for (const [id, m] of a.pending) again.set(id, m);
      for (const id of again.keys()) {
        if (again.size <= ARCHIVE_PENDING_MAX) break;
        again.delete(id);
      }
      a.pending = again;
      throw error;
    }
  }

  private async writeSession(tabId: number, tab: Binding): Promise<void> {
    if (!tab.dirty.size && !tab.tabDirty && !tab.tallyDirty && !tab.evicted.size) return;
    const dirty = [...tab.dirty];
    tab.dirty.clear();
    const wasTabDirty = tab.tabDirty;
    tab.tabDirty = false;
    const wasTallyDirty = tab.tallyDirty;
    tab.tallyDirty = false;
    const senders = { ...tab.senders };
    const writeSenders = senders.dirty && (senders.urgent || senders.waited + 1 >= TALLY_SENDERS_EVERY);
    tab.senders = writeSenders ? { dirty: false, urgent: false, waited: 0 } : { ...senders, waited: senders.waited + (senders.dirty ? 1 : 0) };
    const gone = [...tab.evicted];
    tab.evicted.clear();
    const values: Record<string, unknown> = {};
    const prefix = CHAT_ROW_PREFIX(tabId);
    const state = tab.source.tabState();
    for (const id of dirty) {
      const m = tab.source.message(id);
      if (m) values[prefix + id] = savedRow(m, state.flags[id], state.deletions[id]);
    }
    if (wasTabDirty) {
      values[CHAT_TAB_KEY(tabId)] = {
        ...state,
        flags: withoutRow(state.flags, tab.source),
        deletions: withoutRow(state.deletions, tab.source),
        marksInRows: true,
        profileId: tab.profileId,
        partnerId: tab.partnerId,
      };
    }
    // The counts with the rows they count, in one write (a restart sees both or neither).
    const tally = tab.source.tallyView?.();
    if (tally && wasTallyDirty) values[CHAT_TALLY_KEY(tabId)] = JSON.stringify({ messages: tally.messages, flagged: tally.flagged, deleted: tally.deleted, minutes: tally.minutes });
    if (tally && writeSenders) values[CHAT_TALLY_SENDERS_KEY(tabId)] = JSON.stringify(tally.senders);
    // Over the cap: the oldest saved messages make room, those neither flagged nor deleted first, then
    // deleted ones (their deletion is in the audit too), flagged ones last. The cap holds whatever they are:
    // in a flood that flags most messages (links, repeats) the rows would otherwise fill storage.session
    // (10 MB for the whole extension, the Q&A's saves included) in minutes, and every save would then fail.
    // What goes stays in the worker's memory while it lives (up to its own cap); only a restart loses it. The
    // session's counts are saved apart (CHAT_TALLY_KEY) and keep what went.
    const evict: string[] = gone.filter((id) => tab.saved.has(id) && !values[prefix + id]);
    const newIds = dirty.filter((id) => !tab.saved.has(id) && values[prefix + id]);
    let over = tab.saved.size - evict.length + newIds.length - CHAT_LIMITS.rowsPerTab;
    const letGo = new Set(evict);
    const rank = (id: string) => (state.flags[id] ? 2 : state.deletions[id] ? 1 : 0);
    // The saved rows, oldest first, but the newest keepNewest (see CHAT_LIMITS).
    const evictable = Math.max(0, tab.saved.size - CHAT_LIMITS.keepNewest);
    for (let pass = 0; pass <= 2 && over > 0; pass++) {
      let at = 0;
      for (const id of tab.saved.keys()) {
        if (over <= 0 || at++ >= evictable) break;
        if (rank(id) !== pass || tab.dirty.has(id) || letGo.has(id)) continue;
        evict.push(id);
        letGo.add(id);
        over--;
      }
    }
    // The index changes with the messages, in the same write: a message saved is a message listed.
    for (const id of newIds) indexAdd(tab, id);
    for (const id of evict) indexRemove(tab, id);
    const ixDirty = [...tab.ixDirty];
    const ixGone = [...tab.ixGone];
    const ixHeadDirty = tab.ixHeadDirty;
    tab.ixDirty.clear();
    tab.ixGone.clear();
    tab.ixHeadDirty = false;
    for (const n of ixDirty) {
      const ids = tab.ixChunks.get(n);
      if (ids) values[CHAT_INDEX_CHUNK_KEY(tabId, n)] = JSON.stringify(ids);
    }
    if (ixHeadDirty) values[CHAT_INDEX_KEY(tabId)] = { chunks: [...tab.ixChunks.keys()] };
    try {
      if (Object.keys(values).length) await this.deps.session.set(values);
      const removed = [...evict.map((id) => prefix + id), ...ixGone.map((n) => CHAT_INDEX_CHUNK_KEY(tabId, n))];
      if (removed.length) await this.deps.session.remove(removed);
    } catch (error) {
      for (const id of dirty) tab.dirty.add(id);
      if (wasTabDirty) tab.tabDirty = true;
      if (wasTallyDirty) tab.tallyDirty = true;
      if (writeSenders) tab.senders = { dirty: true, urgent: tab.senders.urgent || senders.urgent, waited: 0 };
      for (const id of gone) tab.evicted.add(id);
      for (const n of ixDirty) tab.ixDirty.add(n);
      for (const n of ixGone) tab.ixGone.add(n);
      if (ixHeadDirty) tab.ixHeadDirty = true;
      throw error;
    }
    for (const id of newIds) tab.saved.set(id, true);
    for (const id of evict) tab.saved.delete(id);
  }

  private async writeAudit(tab: Binding): Promise<void> {
    if (!tab.audit.length) return;
    const entries = tab.audit;
    tab.audit = [];
    try {
      const headKey = tab.auditKey;
      const head = (await this.deps.local.get<{ chunks: number[] }>(headKey)) ?? { chunks: [] };
      const chunks = [...head.chunks];
      let last = chunks.at(-1);
      let current = last === undefined ? [] : ((await this.deps.local.get<ChatAuditEntry[]>(`${headKey}:${last}`)) ?? []);
      const values: Record<string, unknown> = {};
      if (last === undefined) chunks.push((last = 0));
      for (const entry of entries) {
        if (current.length >= CHAT_LIMITS.auditChunk) {
          values[`${headKey}:${last}`] = current;
          chunks.push((last = last + 1));
          current = [];
        }
        current.push(entry);
      }
      values[`${headKey}:${last}`] = current;
      const dropped: string[] = [];
      while ((chunks.length - 1) * CHAT_LIMITS.auditChunk >= CHAT_AUDIT_LIMIT) dropped.push(`${headKey}:${chunks.shift()}`);
      values[headKey] = { chunks };
      await this.deps.local.set(values);
      if (dropped.length) await this.deps.local.remove(dropped);
    } catch (error) {
      tab.audit = [...entries, ...tab.audit];
      throw error;
    }
  }

  async loadTab(tabId: number): Promise<StoredChatTab | null> {
    // The record and the index's head, then the index's chunks, then the messages they list: only this tab's
    // keys. Reading all of storage.session (a 10,000-question Q&A is megabytes) held the browser's storage
    // queue, and the Q&A restore beside it, on every follow after a worker restart.
    const head = await this.deps.session.getMany([CHAT_TAB_KEY(tabId), CHAT_INDEX_KEY(tabId), CHAT_TALLY_KEY(tabId), CHAT_TALLY_SENDERS_KEY(tabId)]);
    const record = head[CHAT_TAB_KEY(tabId)] as Omit<StoredChatTab, 'messages' | 'index'> | undefined;
    if (!record) return null;
    const prefix = CHAT_ROW_PREFIX(tabId);
    const messages: ChatMessage[] = [];
    const ix = head[CHAT_INDEX_KEY(tabId)] as { chunks: number[] } | undefined;
    let index: [number, string[]][] | undefined;
    if (ix) {
      const chunks = await this.deps.session.getMany(ix.chunks.map((n) => CHAT_INDEX_CHUNK_KEY(tabId, n)));
      index = ix.chunks.map((n) => [n, parsed<string[]>(chunks[CHAT_INDEX_CHUNK_KEY(tabId, n)]) ?? []]);
      const rows = await this.deps.session.getMany(index.flatMap(([, ids]) => ids.map((id) => prefix + id)));
      for (const value of Object.values(rows)) {
        const row = parsed<ChatMessage>(value);
        if (row) messages.push(row);
      }
    } else {
      // Saved by an earlier version, without an index: found by prefix this once; attach() writes the index.
      const all = await this.deps.session.getAll();
      for (const [key, value] of Object.entries(all)) {
        const row = key.startsWith(prefix) ? parsed<ChatMessage>(value) : null;
        if (row) messages.push(row);
      }
    }
    // Each row's marks go back to the record's maps (where an earlier version kept them all).
    const flags: Record<string, Flag[]> = { ...record.flags };
    const deletions: Record<string, DeletionRecord> = { ...record.deletions };
    for (let i = 0; i < messages.length; i++) {
      const row = messages[i] as SavedRow;
      if (row.$flags === undefined && row.$deletion === undefined) continue;
      const { $flags, $deletion, ...m } = row;
      if ($flags) flags[m.id] = $flags;
      if ($deletion) deletions[m.id] = $deletion;
      messages[i] = m;
    }
    messages.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    const counts = parsed<Record<string, unknown>>(head[CHAT_TALLY_KEY(tabId)]);
    const tally = counts && { ...counts, senders: parsed<unknown>(head[CHAT_TALLY_SENDERS_KEY(tabId)]) };
    return { ...record, flags, deletions, messages, ...(index ? { index } : {}), ...(tally ? { tally } : {}) };
  }

  async loadLocal(partnerId: number | null, entryId: string): Promise<{ rules?: Partial<FlagRules>; audit: ChatAuditEntry[] }> {
    const key = CHAT_AUDIT_KEY(partnerId, entryId);
    const [rules, head] = await Promise.all([this.deps.local.get<Partial<FlagRules>>(CHAT_RULES_KEY), this.deps.local.get<{ chunks: number[] }>(key)]);
    const chunks = await Promise.all((head?.chunks ?? []).map((n) => this.deps.local.get<ChatAuditEntry[]>(`${key}:${n}`)));
    return { rules, audit: chunks.flatMap((c) => c ?? []).slice(-CHAT_AUDIT_LIMIT) };
  }

  saveRules(rules: FlagRules): Promise<void> {
    return this.deps.local.set({ [CHAT_RULES_KEY]: rules });
  }

  /** The tab closed, or a new session replaces its old one: its saved record and rows go. */
  forget(tabId: number): Promise<void> {
    const tab = this.tabs.get(tabId);
    this.tabs.delete(tabId);
    const prefix = CHAT_ROW_PREFIX(tabId);
    const known = tab ? [...new Set([...tab.saved.keys(), ...tab.dirty])].map((id) => prefix + id) : null;
    const knownIndex = tab ? [...new Set([...tab.ixChunks.keys(), ...tab.ixGone])].map((n) => CHAT_INDEX_CHUNK_KEY(tabId, n)) : [];
    this.chain = this.chain
      .then(async () => {
        // The archive keeps the session's last messages: only the tab's storage.session record goes.
        if (tab) await this.writeArchive(tab).catch(() => undefined);
        // Every closed tab of the browser comes here, most without a chat. Messages are saved with (or after)
        // the tab's record, so no record means no messages: reading all of storage.session (megabytes with a
        // busy Q&A on another tab) for nothing held the storage queue, and a cold restore, for half a second.
        let keys = known;
        if (!keys) {
          const head = await this.deps.session.getMany([CHAT_TAB_KEY(tabId), CHAT_INDEX_KEY(tabId)]);
          const ix = head[CHAT_INDEX_KEY(tabId)] as { chunks: number[] } | undefined;
          if (ix) {
            const chunkKeys = ix.chunks.map((n) => CHAT_INDEX_CHUNK_KEY(tabId, n));
            const chunks = await this.deps.session.getMany(chunkKeys);
            keys = [...chunkKeys, ...Object.values(chunks).flatMap((ids) => (parsed<string[]>(ids) ?? []).map((id) => prefix + id))];
          } else if (head[CHAT_TAB_KEY(tabId)] !== undefined) {
            // Saved by an earlier version, without an index.
            keys = Object.keys(await this.deps.session.getAll()).filter((k) => k.startsWith(prefix));
          } else return;
        }
        await this.deps.session.remove([CHAT_TAB_KEY(tabId), CHAT_INDEX_KEY(tabId), CHAT_TALLY_KEY(tabId), CHAT_TALLY_SENDERS_KEY(tabId), ...knownIndex, ...keys]);
      })
      .catch(() => undefined);
    return this.chain;
  }
}

function indexAdd(tab: Binding, id: string): void {
  if (tab.ixOf.has(id)) return;
  let last = [...tab.ixChunks.keys()].at(-1);
  let ids = last === undefined ? undefined : tab.ixChunks.get(last);
  if (last === undefined || !ids || ids.length >= CHAT_LIMITS.indexChunk) {
    last = last === undefined ? 0 : last + 1;
    ids = [];
    tab.ixChunks.set(last, ids);
    tab.ixGone.delete(last);
    tab.ixHeadDirty = true;
  }
  ids.push(id);
  tab.ixOf.set(id, last);
  tab.ixDirty.add(last);
}

function indexRemove(tab: Binding, id: string): void {
  const n = tab.ixOf.get(id);
  if (n === undefined) return;
  tab.ixOf.delete(id);
  const ids = tab.ixChunks.get(n)!.filter((x) => x !== id);
  if (ids.length) {
    tab.ixChunks.set(n, ids);
    tab.ixDirty.add(n);
  } else {
    // An emptied chunk goes (if it was the last, the next new id starts it again under the same number).
    tab.ixChunks.delete(n);
    tab.ixDirty.delete(n);
    tab.ixGone.add(n);
    tab.ixHeadDirty = true;
  }
}

/** An archive error that no retry mends: this browser gives extensions no IndexedDB (see chat-archive.ts). */
function isArchiveUnavailable(e: unknown): boolean {
  return e instanceof Error && e.name === 'ChatArchiveUnavailable';
}
