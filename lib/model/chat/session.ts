// The chat of one attached session, as the background holds it and the panel mirrors it: one snapshot when
// a panel starts following the tab, then patches with only what changed (at 200 messages a second a copy
// per change would cost far more than the change).
import type { ChatAuditEntry, ChatCommand } from './commands';
import type { Flag, FlagRules } from './flags';
import type { BlockedPerson, ChatCapabilities, ChatMessage } from './types';
import { addTally, type ChatTally, type ChatTallyDelta } from './tally';

/** Our record of a deletion (the widget's delete takes no reason). */
export interface DeletionRecord {
  by: string;
  reason: string;
  at: number;
  /** 'auto': by a rule the moderator turned auto-delete on for. */
  how: 'moderator' | 'auto' | 'elsewhere';
  /**
   * It was flagged when it was deleted. The flag itself goes (nothing waits for a look any more), so the
   * session report counts it as flagged from this mark.
   */
  wasFlagged?: boolean;
}

export interface ChatMeta {
  entryId: string;
  me: string;
  capabilities: ChatCapabilities;
  blocked: BlockedPerson[];
  rules: FlagRules;
  /** Flagged messages not yet looked at: id → why. */
  flags: Record<string, Flag[]>;
  deletions: Record<string, DeletionRecord>;
  commands: ChatCommand[];
  staleSince: number | null;
  problem: string | null;
  audit: ChatAuditEntry[];
  /**
   * The session's counts, whatever is still held (absent: from a background without them). Patches carry
   * changes to it (tallyDelta), the snapshot and a catch-up the whole.
   */
  tally?: ChatTally;
  /**
   * Where the worker keeps this session's chat log on this computer (lib/model/chat/archive.ts' key: the partner
   * as the worker knew it when the session began, which the page's context may name later). Absent: no log.
   */
  archiveKey?: string;
}

export interface ChatSnapshot {
  meta: ChatMeta;
  /** In time order. */
  messages: ChatMessage[];
}

export const CHAT_AUDIT_LIMIT = 5_000;

export interface ChatPatch {
  meta?: Partial<Omit<ChatMeta, 'audit' | 'commands' | 'flags' | 'deletions' | 'tally'>>;
  upserts?: ChatMessage[];
  /** Messages the background no longer holds (its memory cap, lib/model/chat/eviction.ts): the mirror lets them go too. */
  removed?: string[];
  tallyDelta?: ChatTallyDelta;
  flagsSet?: Record<string, Flag[]>;
  flagsCleared?: string[];
  deletions?: Record<string, DeletionRecord>;
  auditAppend?: ChatAuditEntry[];
  commands?: ChatCommand[];
  commandsRemoved?: string[];
  /**
   * A catch-up for a panel that stopped following the chat while its Chat view was hidden: the whole meta
   * but the audit (it replaces the mirror's), with `upserts` and `auditAppend` holding every message changed
   * and every audit entry added since the panel's last patch (lib/session/chat/chat-session.ts catchUp).
   */
  whole?: Omit<ChatMeta, 'audit'>;
}

/** Time order: by posting time, then by id (stable for messages of the same millisecond). */
export function before(a: ChatMessage, b: ChatMessage): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}

/**
 * Messages by id and in time order, updated in place. New messages are nearly always the latest (an
 * append); a late one is inserted where it belongs (binary search).
 */
export class ChatStore {
  readonly list: ChatMessage[] = [];
  private index: Map<string, ChatMessage> | null = new Map();

  constructor(messages: readonly ChatMessage[] = []) {
    // A snapshot comes in time order: taken as it is, and indexed by id only when first asked (the panel's
    // first render of a long chat needs the list, not the index). Anything else goes through upsert.
    let ordered = true;
    for (let i = 1; i < messages.length && ordered; i++) ordered = before(messages[i - 1]!, messages[i]!);
    if (ordered) {
      for (const m of messages) this.list.push(m);
      if (this.list.length) this.index = null;
      return;
    }
    for (const m of messages) this.upsert(m);
  }

  /** Messages by id. */
  get byId(): Map<string, ChatMessage> {
    if (this.index) return this.index;
    const index = new Map<string, ChatMessage>();
    for (const m of this.list) index.set(m.id, m);
    this.index = index;
    if (index.size !== this.list.length) {
      // The same id twice in what was taken as it was: keep the later one, as upserts would have.
      const all = this.list.splice(0);
      this.index = new Map();
      for (const m of all) this.upsert(m);
    }
    return this.index;
  }

  /** True when the message is new. */
  upsert(m: ChatMessage): boolean {
    const old = this.byId.get(m.id);
    this.byId.set(m.id, m);
    if (old) {
      const i = this.indexOf(old);
      if (i >= 0 && old.at === m.at) {
        this.list[i] = m;
        return false;
      }
      if (i >= 0) this.list.splice(i, 1);
    }
    const last = this.list[this.list.length - 1];
    if (!last || before(last, m)) this.list.push(m);
    else this.list.splice(this.insertionPoint(m), 0, m);
    return !old;
  }

  /** Lets these messages go (those not held are ignored): one walk of the list, whatever their number. */
  remove(ids: ReadonlySet<string>): void {
    if (!ids.size) return;
    let w = 0;
    for (let r = 0; r < this.list.length; r++) {
      const m = this.list[r]!;
      if (ids.has(m.id)) continue;
      this.list[w++] = m;
    }
    this.list.length = w;
    if (this.index) for (const id of ids) this.index.delete(id);
  }

  private insertionPoint(m: ChatMessage): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.list[mid]!, m)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(m: ChatMessage): number {
    const i = this.insertionPoint(m);
    if (this.list[i]?.id === m.id) return i;
    return this.list.findIndex((x) => x.id === m.id);
  }
}

/** The panel's mirror: a new object per patch (views re-render), the store underneath never copied. */
export interface ChatMirror {
  /**
   * Its flags and deletions are the mirror's own, changed in place by each patch (as its store is): copied
   * whole on every patch, a flood's 30,000 flags took the panel ~15 ms a patch, 500 ms of every second at 200
   * messages/s (panel-profile after 3 minutes of it). The version says when anything changed.
   */
  meta: ChatMeta;
  store: ChatStore;
  version: number;
  /** How many messages meta.flags marks (kept with it: counting its keys each render was a walk of them all). */
  flagged: number;
}

/** The mirror's own copies of a meta's flags and deletions (a snapshot's may be the sender's own objects). */
function owned(meta: ChatMeta): ChatMeta {
  return { ...meta, flags: { ...meta.flags }, deletions: { ...meta.deletions } };
}

export function chatMirrorOf(snapshot: ChatSnapshot, version = 0): ChatMirror {
  const meta = owned(snapshot.meta);
  return { meta, store: new ChatStore(snapshot.messages), version, flagged: Object.keys(meta.flags).length };
}

export function applyChatPatch(mirror: ChatMirror, patch: ChatPatch): ChatMirror {
  // Removals first: a catch-up's may name a message let go and since held again (its upsert follows); a live
  // patch's upserts never name one it removes.
  if (patch.removed?.length) mirror.store.remove(new Set(patch.removed));
  for (const m of patch.upserts ?? []) mirror.store.upsert(m);
  const base = patch.whole ? owned({ ...patch.whole, audit: mirror.meta.audit }) : mirror.meta;
  let meta = patch.meta ? { ...base, ...patch.meta } : base;
  let flagged = patch.whole ? Object.keys(meta.flags).length : mirror.flagged;
  if (patch.tallyDelta && meta.tally) meta = { ...meta, tally: addTally(meta.tally, patch.tallyDelta) };
  const { flags, deletions } = meta;
  for (const id in patch.flagsSet) {
    if (!(id in flags)) flagged++;
    flags[id] = patch.flagsSet[id]!;
  }
  for (const id of patch.flagsCleared ?? []) {
    if (!(id in flags)) continue;
    delete flags[id];
    flagged--;
  }
  if (patch.deletions) Object.assign(deletions, patch.deletions);
  if (patch.removed?.length && !patch.whole) {
    // Their marks go with them (a catch-up's whole meta has only the held messages' marks already).
    for (const id of patch.removed) {
      if (id in flags) {
        delete flags[id];
        flagged--;
      }
      delete deletions[id];
    }
  }
  if (patch.auditAppend?.length) {
    const audit = meta.audit.concat(patch.auditAppend);
    meta = { ...meta, audit: audit.length > CHAT_AUDIT_LIMIT ? audit.slice(-CHAT_AUDIT_LIMIT) : audit };
  }
  if (patch.commands?.length || patch.commandsRemoved?.length) {
    const gone = new Set(patch.commandsRemoved ?? []);
    const byId = new Map((patch.commands ?? []).map((c) => [c.id, c]));
    const merged: ChatCommand[] = [];
    for (const c of meta.commands) {
      const next = byId.get(c.id);
      if (next) {
        merged.push(next);
        byId.delete(c.id);
      } else if (!gone.has(c.id)) merged.push(c);
    }
    merged.push(...byId.values());
    meta = { ...meta, commands: merged };
  }
  return { meta, store: mirror.store, version: mirror.version + 1, flagged };
}
