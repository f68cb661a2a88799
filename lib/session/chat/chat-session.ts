// One attached session's group chat in the background: the messages the widget shows (deleted ones too:
// the moderator view keeps them marked), who is blocked, the flags the moderator's rules raised, our record
// of deletions (who, why), the audit, and the outbox of commands. Emits patches with only what changed and
// tells the repository what to save (never a copy of everything).
import { capabilityOf, CHAT_ACTION_LABELS, type ChatAction, type ChatAuditEntry, type ChatCommand, type ChatLocalAction } from '../../model/chat/commands';
import { autoDeleteRule, createFlagger, FLAG_RULE_LABELS, normalizeRules, REPEAT_WINDOW_MS, type Flag, type Flagger, type FlagRules } from '../../model/chat/flags';
import { CHAT_AUDIT_LIMIT, ChatStore, type ChatMeta, type ChatPatch, type ChatSnapshot, type DeletionRecord } from '../../model/chat/session';
import type { BlockedPerson, ChatCapabilities, ChatMessage } from '../../model/chat/types';
import { FLAGGED_LIST_CAP, flaggedListOf, type FlaggedChatList } from '../../model/chat/flagged-list';
import { CHAT_MEMORY_LIMITS, evictionOf, type ChatMemoryLimits } from '../../model/chat/eviction';
import { addTally, copyTally, countMessage, emptyTally, isEmptyDelta, readTally, tallyOf, type ChatTally } from '../../model/chat/tally';

export interface ChatSurfacePort {
  capabilities: ChatCapabilities;
  /** Performs through the widget; resolves once performed (not yet confirmed), rejects with the reason. */
  perform(action: ChatAction, commandId: string): Promise<void>;
}

export interface ChatOutboxEntry extends ChatCommand {
  sentAt: number | null;
  /** For a post: how many messages with its text from this moderator the widget showed before. */
  baseline?: number;
}

/** The small per-tab record that survives a worker restart (messages are saved one key each). */
export interface ChatTabState {
  entryId: string;
  me: string;
  outbox: ChatOutboxEntry[];
  failed: ChatOutboxEntry[];
  blocked: BlockedPerson[];
  flags: Record<string, Flag[]>;
  deletions: Record<string, DeletionRecord>;
  staleSince: number | null;
  problem: string | null;
  /**
   * Flagged messages the memory cap let go before anyone looked at them (the inbox says how many: in a
   * flood the rate rule flags most messages, and past the cap those go too). Absent: none.
   */
  flaggedLetGo?: number;
}

export interface ChatPersistChange {
  /** Message rows to save again: the message changed, or its flags or deletion record did. */
  upserts?: readonly string[];
  /** Messages no longer held (the memory cap): their saved rows go too. */
  evicted?: readonly string[];
  /**
   * The same messages as they were when let go, with their flags and deletion record: the chat archive
   * (lib/model/chat/archive.ts) writes the last state of one it has not saved yet (a deletion reported in the
   * batch that let it go).
   */
  letGo?: ReadonlyMap<string, LetGoMessage>;
  /**
   * Messages no longer held whose state changed since (the widget reports a let-go message deleted): not
   * held again, but the chat archive writes their new state.
   */
  late?: ReadonlyMap<string, LetGoMessage>;
  /** The session's counts changed (saved beside the tab's record). */
  tally?: boolean;
  /** A sender was counted for the first time (the distinct senders changed: saved with this change). */
  newSender?: boolean;
  tab?: boolean;
  audit?: ChatAuditEntry[];
}

export interface LetGoMessage {
  m: ChatMessage;
  flags?: Flag[];
  deletion?: DeletionRecord;
}

export interface FlaggedSummary {
  count: number;
  oldestAt: number | null;
}

export interface ChatSessionDeps {
  surface: ChatSurfacePort;
  now(): number;
  newId(): string;
  persist?(change: ChatPersistChange): void;
  onPatch(patch: ChatPatch): void;
  /** How long to wait for the widget to show a command's effect, per attempt. */
  confirmWithinMs?: number;
  attempts?: number;
  /** How many messages to hold (tests set a small cap). */
  memoryLimits?: ChatMemoryLimits;
  /** The session's key in the chat archive, told to the panels (ChatMeta.archiveKey; absent: no archive). */
  archiveKey?: string;
}

export const CHAT_OFFLINE_HOLD = 'Waiting for the connection to Kaltura: it is sent when the connection is back.';
export const CHAT_UNCONFIRMED = 'Sent, but not confirmed: check the chat before posting it again.';
const FAILED_SHOWN = 20;
const MESSAGE_LIMIT = 500;
/**
 * Rounds of eviction remembered (1,000 ids each: 50 s of a 200 messages/s chat): for a catch-up (its
 * `removed`; a panel hidden for longer gets the snapshot, bounded by the cap too, as a new panel does), and so
 * that a message let go and reported again (the widget still showed it) is not counted twice.
 */
const EVICTIONS_REMEMBERED = 10;

export class ChatSession {
  private store: ChatStore;
  private tab: ChatTabState;
  private rules: FlagRules;
  private flagger: Flagger;
  private audit: ChatAuditEntry[];
  private surfaceProblem: string | null;
  private storageProblem: string | null = null;
  private flaggedCache: FlaggedSummary | null = null;
  /**
   * The keys of tab.flags, kept beside it: a flood flags most of its messages, and walking the record's keys
   * (Object.keys orders tens of thousands of them first) for the flagged list twice a second grew with the
   * session (18 ms a list at 60,000 flagged); a Set walks in insertion order as it is.
   */
  private readonly flaggedIds: Set<string>;
  /** The flagged list (flaggedList), and what it was made from: remade only when one of those changed. */
  private flaggedListCache: { cap: number; outbox: ChatOutboxEntry[]; failed: ChatOutboxEntry[]; list: FlaggedChatList } | null = null;
  /**
   * Since the flagged list was made: how many messages were flagged, whether each came after its last item
   * with the list at its cap (then its items stand and only its total grows: a flood flags newer and newer
   * messages, and making the list walked every flagged message twice a second), and whether a flag went.
   */
  private listSince = { added: 0, after: true, cleared: false };
  /** How many patches this session has emitted; a panel that stopped taking them is behind from its count. */
  private seq = 0;
  /** The patch (seq) that last carried each message; messages never patched (restored, 0) are in every snapshot. */
  private readonly changedAt = new Map<string, number>();
  /** The patch that carried each audit entry (weak: the audit is capped, old entries go). */
  private readonly auditAt = new WeakMap<ChatAuditEntry, number>();
  /** The session's counts, kept apart from the messages held (lib/model/chat/tally.ts). */
  private tally: ChatTally;
  private readonly limits: ChatMemoryLimits;
  /** The latest eviction rounds (the patch that carried each), and the patch before which some are forgotten. */
  private evictions: { seq: number; ids: string[] }[] = [];
  private evictionsForgottenTo = 0;
  /** The ids of those rounds, and whether each was deleted when let go. */
  private readonly letGo = new Map<string, boolean>();

  constructor(
    private readonly deps: ChatSessionDeps,
    state: Pick<ChatTabState, 'entryId' | 'me'> & Partial<ChatTabState> & { messages?: ChatMessage[]; tally?: unknown },
    local: { rules?: Partial<FlagRules>; audit?: ChatAuditEntry[] } = {},
  ) {
    this.store = new ChatStore(state.messages ?? []);
    // Only the record's own fields: a restored record comes with its messages and saved index, which are
    // not the record's (kept, they were written back with every save of it: the whole index each time).
    this.tab = {
      entryId: state.entryId,
      me: state.me,
      outbox: state.outbox ?? [],
      failed: state.failed ?? [],
      blocked: state.blocked ?? [],
      flags: state.flags ?? {},
      deletions: state.deletions ?? {},
      staleSince: state.staleSince ?? null,
      problem: state.problem ?? null,
      ...(typeof state.flaggedLetGo === 'number' && state.flaggedLetGo > 0 ? { flaggedLetGo: state.flaggedLetGo } : {}),
    };
    this.surfaceProblem = this.tab.problem;
    this.flaggedIds = new Set(Object.keys(this.tab.flags));
    this.rules = normalizeRules(local.rules);
    this.flagger = createFlagger(this.rules);
    this.audit = (local.audit ?? []).slice(-CHAT_AUDIT_LIMIT);
    this.limits = deps.memoryLimits ?? CHAT_MEMORY_LIMITS;
    // A record an earlier version saved has no tally: counted from the rows it kept (all it has).
    this.tally = readTally(state.tally) ?? tallyOf(this.store.list, this.tab.flags, this.tab.deletions, this.audit);
    // Restored messages are not news, but the rate and repeat rules need the last minutes' memory.
    const last = this.store.list.at(-1)?.at ?? 0;
    for (const m of this.store.list) if (last - m.at < REPEAT_WINDOW_MS) this.flagger.check(flaggable(m));
  }

  get entryId(): string {
    return this.tab.entryId;
  }

  snapshot(): ChatSnapshot {
    return { meta: this.meta(), messages: [...this.store.list] };
  }

  /** The session's counts (a copy). */
  tallyNow(): ChatTally {
    return copyTally(this.tally);
  }

  /** The session's counts as they are (not a copy: read at once, as the repository's save does). */
  tallyView(): Readonly<ChatTally> {
    return this.tally;
  }

  /** Whether catchUp can bring a panel at `mark` up to date (else it takes the snapshot). */
  canCatchUp(mark: number): boolean {
    return mark >= this.evictionsForgottenTo;
  }

  /** The count of patches emitted so far: a panel that had them all is at this mark. */
  get mark(): number {
    return this.seq;
  }

  /**
   * What a panel at `mark` (it had every patch up to it, or a snapshot taken there) lacks: the messages and
   * audit entries added or changed since, and the rest of the meta whole (flags, deletions, commands: they
   * replace the panel's). Null: nothing. A panel whose Chat view was hidden takes no patches (a busy chat
   * sends 17 a second); shown again, it gets this once instead of the snapshot, which grows with the session.
   */
  catchUp(mark: number): ChatPatch | null {
    if (mark >= this.seq) return null;
    const upserts: ChatMessage[] = [];
    for (const m of this.store.list) if ((this.changedAt.get(m.id) ?? 0) > mark) upserts.push(m);
    const auditAppend = this.audit.filter((e) => (this.auditAt.get(e) ?? 0) > mark);
    const removed = this.evictions.filter((e) => e.seq > mark).flatMap((e) => e.ids);
    const { audit: _audit, ...whole } = this.meta();
    return { whole, ...(removed.length ? { removed } : {}), ...(upserts.length ? { upserts } : {}), ...(auditAppend.length ? { auditAppend } : {}) };
  }

  message(id: string): ChatMessage | undefined {
    return this.store.byId.get(id);
  }

  tabState(): ChatTabState {
    return { ...this.tab, problem: this.surfaceProblem };
  }

  /**
   * What the settings and report views can count: this session's chat record, from its counts (the messages
   * held are at most the memory cap's). Flagged: ever flagged, as the report counts it.
   */
  records(): { messages: number; senders: number; flagged: number; deleted: number; blocked: number; auditEntries: number; held: number } {
    const t = this.tally;
    return { messages: t.messages, senders: Object.keys(t.senders).length, flagged: t.flagged, deleted: t.deleted, blocked: this.tab.blocked.length, auditEntries: this.audit.length, held: this.store.list.length };
  }

  setMe(me: string): void {
    if (!me || me === this.tab.me) return;
    this.tab.me = me;
    this.emit({ meta: { me } }, { tab: true });
  }

  setRules(rules: Partial<FlagRules>): void {
    this.rules = normalizeRules(rules);
    this.flagger.setRules(this.rules);
    this.emit({ meta: { rules: this.rules } });
  }

  get flagRules(): FlagRules {
    return this.rules;
  }

  /**
   * Messages as the widget shows them now (only those that changed), and who it lists as blocked (null:
   * unchanged). New messages go through the flag rules once.
   */
  applyBatch(messages: readonly ChatMessage[], blocked: readonly BlockedPerson[] | null, live = true): void {
    const upserts: ChatMessage[] = [];
    const flagsSet: Record<string, Flag[]> = {};
    const flagsCleared: string[] = [];
    const deletions: Record<string, DeletionRecord> = {};
    const audit: ChatAuditEntry[] = [];
    const tally = emptyTally();
    let tabChanged = false;
    const late = new Map<string, LetGoMessage>();
    for (const m of messages) {
      const before = this.store.byId.get(m.id);
      if (before && sameMessage(before, m)) continue;
      const wasDeleted = before ? undefined : this.letGo.get(m.id);
      if (wasDeleted !== undefined) {
        // Let go, and reported again: counted already, so only a deletion since counts (it is not held again,
        // but the chat log gets its new state: the report's CSV must not show it undeleted).
        if (m.deleted !== wasDeleted) {
          tally.deleted += m.deleted ? 1 : -1;
          this.letGo.set(m.id, m.deleted);
          late.set(m.id, { m });
        }
        continue;
      }
      this.store.upsert(m);
      upserts.push(m);
      countMessage(tally, before, m);
      if (!before && !m.deleted) {
        const flags = this.flagger.check(flaggable(m));
        if (flags.length) {
          tally.flagged += 1;
          // A message's flags and deletion record are saved with its row (upserts), not in the tab's record.
          this.tab.flags[m.id] = flags;
          this.noteFlagged(m);
          this.flaggedIds.add(m.id);
          flagsSet[m.id] = flags;
          const rule = autoDeleteRule(flags, this.rules);
          if (rule && this.deps.surface.capabilities.delete) {
            const reason = `Auto-delete: ${FLAG_RULE_LABELS[rule]} (${flags.find((f) => f.rule === rule)!.reason})`;
            // The outbox is the tab's record.
            tabChanged = true;
            this.enqueue({ kind: 'delete', messageId: m.id, reason }, 'auto');
            audit.push(this.entry('auto-delete', { kind: 'delete', messageId: m.id, reason }, 'done', reason, m));
          }
        }
      }
      const wasFlagged = m.deleted && !!this.tab.flags[m.id];
      if (wasFlagged) {
        delete this.tab.flags[m.id];
        this.flaggedIds.delete(m.id);
        this.listSince.cleared = true;
        flagsCleared.push(m.id);
      }
      if (m.deleted && !this.tab.deletions[m.id]) {
        // Deleted in the widget, not from this panel (another moderator, or the widget itself); a delete of
        // ours replaces this record when it settles, keeping the flagged mark.
        const record: DeletionRecord = { by: 'another moderator', reason: '', at: this.deps.now(), how: 'elsewhere', ...(wasFlagged ? { wasFlagged } : {}) };
        this.tab.deletions[m.id] = record;
        deletions[m.id] = record;
      }
    }
    let meta: ChatPatch['meta'] | undefined;
    if (blocked && JSON.stringify(blocked) !== JSON.stringify(this.tab.blocked)) {
      this.tab.blocked = [...blocked];
      meta = { blocked: this.tab.blocked };
      tabChanged = true;
    }
    if (live && this.tab.staleSince !== null) {
      this.tab.staleSince = null;
      this.surfaceProblem = null;
      meta = { ...meta, staleSince: null, problem: this.problem() };
      tabChanged = true;
    }
    if (flagsCleared.length || Object.keys(flagsSet).length) {
      const at = (id: string) => this.store.byId.get(id)?.at;
      this.flagsMoved(Object.keys(flagsSet).map(at), flagsCleared.map(at));
    }
    if (audit.length) this.appendAudit(audit);
    const counted = !isEmptyDelta(tally);
    let newSender = false;
    for (const k in tally.senders) if (!(k in this.tally.senders)) newSender = true;
    if (counted) this.tally = addTally(this.tally, tally);
    const letGoBefore = this.tab.flaggedLetGo ?? 0;
    const letGo = new Map<string, LetGoMessage>();
    const evicted = this.evict(letGo);
    if ((this.tab.flaggedLetGo ?? 0) !== letGoBefore) tabChanged = true;
    const patch: ChatPatch = {};
    if (upserts.length) patch.upserts = evicted.size ? upserts.filter((m) => !evicted.has(m.id)) : upserts;
    if (Object.keys(flagsSet).length) patch.flagsSet = flagsSet;
    if (flagsCleared.length) patch.flagsCleared = flagsCleared;
    if (Object.keys(deletions).length) patch.deletions = deletions;
    if (audit.length) patch.auditAppend = audit;
    if (meta) patch.meta = meta;
    // (A late message placed among the oldest can go in its own batch: the upserts leave it out.)
    if (evicted.size) patch.removed = [...evicted];
    if (counted) patch.tallyDelta = tally;
    if (Object.keys(patch).length) {
      this.emit(patch, { upserts: upserts.map((m) => m.id), tab: tabChanged, audit, tally: counted, newSender, ...(evicted.size ? { evicted: [...evicted], letGo } : {}), ...(late.size ? { late } : {}) });
    }
    this.settle();
  }

  /**
   * Past the memory cap the held list goes down to its low mark (lib/model/chat/eviction.ts), in the saved
   * rows' order, never a message a command of the outbox or the failed list names, nor one the inbox shows
   * as flagged; with them go their flags, deletion records and patch marks (their counts stay in the tally).
   */
  private evict(letGo: Map<string, LetGoMessage>): Set<string> {
    if (this.store.list.length <= this.limits.messagesPerTab) return new Set();
    const kept = new Set<string>();
    for (const c of [...this.tab.outbox, ...this.tab.failed]) if ('messageId' in c.action) kept.add(c.action.messageId);
    for (const item of this.flaggedList().items) kept.add(item.id);
    const flags = this.tab.flags;
    const deletions = this.tab.deletions;
    const gone = evictionOf(this.store.list, (m) => (flags[m.id] ? 2 : m.deleted || deletions[m.id] ? 1 : 0), (id) => kept.has(id), this.limits);
    if (!gone.size) return gone;
    const deletedNow = new Set<string>();
    for (const id of gone) {
      const m = this.store.byId.get(id);
      if (!m) continue;
      if (m.deleted) deletedNow.add(id);
      letGo.set(id, { m, ...(flags[id] ? { flags: flags[id] } : {}), ...(deletions[id] ? { deletion: deletions[id] } : {}) });
    }
    this.store.remove(gone);
    let flagGone = false;
    for (const id of gone) {
      if (flags[id]) {
        // Waiting in the inbox (a deleted one was dealt with): let go unreviewed, which the inbox says.
        if (!deletedNow.has(id)) this.tab.flaggedLetGo = (this.tab.flaggedLetGo ?? 0) + 1;
        delete flags[id];
        this.flaggedIds.delete(id);
        flagGone = true;
      }
      delete deletions[id];
      this.changedAt.delete(id);
    }
    if (flagGone) {
      this.flaggedCache = null;
      this.listSince.cleared = true;
    }
    // The round goes out with the next patch (this batch's): a catch-up from before it lists its ids.
    this.evictions.push({ seq: this.seq + 1, ids: [...gone] });
    for (const id of gone) this.letGo.set(id, deletedNow.has(id));
    if (this.evictions.length > EVICTIONS_REMEMBERED) {
      const forgotten = this.evictions.shift()!;
      this.evictionsForgottenTo = forgotten.seq;
      for (const id of forgotten.ids) this.letGo.delete(id);
    }
    return gone;
  }

  markStale(problem: string | null): void {
    if (this.tab.staleSince === null) this.tab.staleSince = this.deps.now();
    this.surfaceProblem = problem;
    this.emit({ meta: { staleSince: this.tab.staleSince, problem: this.problem() } }, { tab: true });
  }

  setProblem(problem: string | null): void {
    if (problem === this.surfaceProblem) return;
    this.surfaceProblem = problem;
    this.emit({ meta: { problem: this.problem() } }, { tab: true });
  }

  setStorageProblem(problem: string | null): void {
    if (problem === this.storageProblem) return;
    this.storageProblem = problem;
    this.emit({ meta: { problem: this.problem() } });
  }

  /** A moderator's command: offered only when the widget has the control; otherwise failed with the reason. */
  act(action: ChatAction): string {
    const id = this.enqueue(action, 'moderator');
    this.settle();
    return id;
  }

  actLocally(action: ChatLocalAction): void {
    if (action.kind === 'set-rules') {
      this.setRules(action.rules);
      const audit = [this.entry('set-rules', null, 'done', 'Flag rules changed')];
      this.appendAudit(audit);
      this.emit({ auditAppend: audit }, { audit });
      return;
    }
    const m = this.store.byId.get(action.messageId);
    if (!this.tab.flags[action.messageId]) return;
    delete this.tab.flags[action.messageId];
    this.flaggedIds.delete(action.messageId);
    this.listSince.cleared = true;
    this.flagsMoved([], [m?.at]);
    const audit = [this.entry('keep', null, 'done', `Kept a flagged message${m ? ` by ${m.author.name}` : ''}`, m)];
    audit[0]!.messageId = action.messageId;
    this.appendAudit(audit);
    // The flag went from the message's row (the tab's record holds only marks of messages it lacks).
    this.emit({ flagsCleared: [action.messageId], auditAppend: audit }, { upserts: [action.messageId], tab: !m, audit });
  }

  flaggedSummary(): FlaggedSummary {
    if (this.flaggedCache) return this.flaggedCache;
    let oldestAt: number | null = null;
    for (const id of this.flaggedIds) {
      const at = this.store.byId.get(id)?.at;
      if (at !== undefined && (oldestAt === null || at < oldestAt)) oldestAt = at;
    }
    this.flaggedCache = { count: this.flaggedIds.size, oldestAt };
    return this.flaggedCache;
  }

  /**
   * The flagged messages the Q&A inbox shows (oldest FLAGGED_LIST_CAP, with the total), the same object
   * until a flag is set or cleared or the outbox changes (the outbox and the failed list are replaced, never
   * changed in place, on every such change): a caller can compare it after each patch. When only newer
   * messages than its last item were flagged, at its cap, the next has the same items (the same array).
   */
  flaggedList(cap = FLAGGED_LIST_CAP): FlaggedChatList {
    const cached = this.flaggedListCache;
    const since = this.listSince;
    if (cached && cached.cap === cap && cached.outbox === this.tab.outbox && cached.failed === this.tab.failed && !since.cleared && since.after) {
      if (!since.added) return cached.list;
      const list = { ...cached.list, total: cached.list.total + since.added };
      this.flaggedListCache = { ...cached, list };
      this.listSince = { added: 0, after: true, cleared: false };
      return list;
    }
    const letGo = this.tab.flaggedLetGo ?? 0;
    const list = { ...flaggedListOf(this.tab.flags, this.store.byId, [...this.tab.outbox, ...this.tab.failed], this.deps.surface.capabilities, cap, this.flaggedIds), ...(letGo ? { letGo } : {}) };
    this.flaggedListCache = { cap, outbox: this.tab.outbox, failed: this.tab.failed, list };
    this.listSince = { added: 0, after: true, cleared: false };
    return list;
  }

  /** A message is flagged (see listSince). */
  private noteFlagged(m: ChatMessage): void {
    const since = this.listSince;
    since.added++;
    const cached = this.flaggedListCache;
    const last = cached?.list.items.at(-1);
    // (An id flagged already, without its message, was not in the list's total: made again.)
    const fits = !!cached && !!last && cached.list.items.length >= cached.cap && !this.flaggedIds.has(m.id) && (m.at > last.at || (m.at === last.at && m.id > last.id));
    if (!fits) since.after = false;
  }

  /**
   * Flags set on and cleared from messages (their times; undefined: a message not in the store): the
   * summary follows without a look at every flag, which every patch of a busy chat did (the badge asks
   * after each), in proportion to the session's flags. Only clearing the oldest needs the look again.
   */
  private flagsMoved(setAts: readonly (number | undefined)[], clearedAts: readonly (number | undefined)[]): void {
    const before = this.flaggedCache;
    if (!before) return;
    let oldestAt = before.oldestAt;
    for (const at of clearedAts) {
      if (at !== undefined && oldestAt !== null && at <= oldestAt) {
        this.flaggedCache = null;
        return;
      }
    }
    for (const at of setAts) if (at !== undefined && (oldestAt === null || at < oldestAt)) oldestAt = at;
    this.flaggedCache = { count: before.count + setAts.length - clearedAts.length, oldestAt };
  }

  hasWork(): boolean {
    return this.tab.outbox.length > 0;
  }

  /** Performs due commands, settles confirmed ones, fails the overdue; call on every change and on a timer. */
  settle(): void {
    if (!this.tab.outbox.length) return;
    const now = this.deps.now();
    const within = this.deps.confirmWithinMs ?? 4_000;
    const attempts = this.deps.attempts ?? 3;
    const hold = this.tab.staleSince !== null ? CHAT_OFFLINE_HOLD : null;
    const next: ChatOutboxEntry[] = [];
    const changed: ChatOutboxEntry[] = [];
    const finished: ChatOutboxEntry[] = [];
    const audit: ChatAuditEntry[] = [];
    const deletions: Record<string, DeletionRecord> = {};
    for (const entry of this.tab.outbox) {
      if (this.observed(entry)) {
        const done = { ...entry, status: { state: 'done' as const } };
        finished.push(done);
        const m = 'messageId' in entry.action ? this.store.byId.get(entry.action.messageId) : undefined;
        if (entry.action.kind === 'delete') {
          const auto = entry.action.reason?.startsWith('Auto-delete') ?? false;
          const wasFlagged = this.tab.deletions[entry.action.messageId]?.wasFlagged;
          const record: DeletionRecord = { by: this.tab.me, reason: entry.action.reason ?? '', at: now, how: auto ? 'auto' : 'moderator', ...(wasFlagged ? { wasFlagged } : {}) };
          this.tab.deletions[entry.action.messageId] = record;
          deletions[entry.action.messageId] = record;
        }
        audit.push(this.entry(entry.action.kind, entry.action, 'done', describe(entry.action, m), m));
        continue;
      }
      const attempt = entry.status.state === 'sending' ? entry.status.attempt : 0;
      const waiting = entry.sentAt !== null && now - entry.sentAt < within;
      if (waiting) {
        next.push(entry);
      } else if (hold !== null) {
        if (entry.status.state !== 'queued' || entry.status.reason !== hold) {
          const held = { ...entry, status: { state: 'queued' as const, reason: hold } };
          next.push(held);
          changed.push(held);
        } else next.push(entry);
      } else if (attempt >= 1 && entry.action.kind === 'post') {
        finished.push(this.fail(entry, CHAT_UNCONFIRMED, audit));
      } else if (attempt >= attempts) {
        finished.push(this.fail(entry, `The widget did not show it after ${attempt} attempts.`, audit));
      } else {
        const sending: ChatOutboxEntry = { ...entry, sentAt: now, status: { state: 'sending', attempt: attempt + 1 } };
        if (sending.action.kind === 'post' && sending.baseline === undefined) sending.baseline = this.postsLike(sending.action.text, sending.at);
        next.push(sending);
        changed.push(sending);
        this.deps.surface.perform(sending.action, sending.id).catch((error: unknown) => this.performFailed(sending.id, error));
      }
    }
    if (!finished.length && !changed.length) return;
    this.tab.outbox = next;
    const failed = finished.filter((e) => e.status.state === 'failed');
    if (failed.length) this.tab.failed = [...this.tab.failed, ...failed].slice(-FAILED_SHOWN);
    if (audit.length) this.appendAudit(audit);
    const patch: ChatPatch = { commands: [...changed, ...failed] };
    const doneIds = finished.filter((e) => e.status.state === 'done').map((e) => e.id);
    if (doneIds.length) patch.commandsRemoved = doneIds;
    if (Object.keys(deletions).length) patch.deletions = deletions;
    if (audit.length) patch.auditAppend = audit;
    // A deletion record is saved with its message's row.
    this.emit(patch, { upserts: Object.keys(deletions), tab: true, audit });
  }

  // ------------------------------------------------------------------ internals

  private enqueue(action: ChatAction, by: 'moderator' | 'auto'): string {
    const id = this.deps.newId();
    const entry: ChatOutboxEntry = { id, action: bound(action), status: { state: 'queued' }, at: this.deps.now(), sentAt: null };
    const refusal = this.refusal(entry.action);
    if (refusal) {
      const audit: ChatAuditEntry[] = [];
      const failed = this.fail(entry, refusal, audit);
      this.tab.failed = [...this.tab.failed, failed].slice(-FAILED_SHOWN);
      this.appendAudit(audit);
      this.emit({ commands: [failed], auditAppend: audit }, { tab: true, audit });
      return id;
    }
    if (entry.action.kind === 'post') entry.baseline = this.postsLike(entry.action.text, entry.at);
    this.tab.outbox = [...this.tab.outbox, entry];
    if (by === 'moderator') this.emit({ commands: [entry] }, { tab: true });
    else this.out({ commands: [entry] });
    return id;
  }

  private refusal(action: ChatAction): string | null {
    const caps = this.deps.surface.capabilities;
    const name = capabilityOf(action);
    if (!caps[name]) return caps.absent[name] ?? `The widget cannot ${name} here.`;
    if (action.kind === 'post' && !action.text.trim()) return 'Nothing to post.';
    if ((action.kind === 'delete' || action.kind === 'pin' || action.kind === 'unpin') && !this.store.byId.has(action.messageId)) {
      return `No message ${action.messageId} in this chat.`;
    }
    return null;
  }

  private performFailed(id: string, error: unknown): void {
    const entry = this.tab.outbox.find((e) => e.id === id);
    if (!entry) return;
    const audit: ChatAuditEntry[] = [];
    const failed = this.fail(entry, (error instanceof Error ? error.message : String(error)).slice(0, MESSAGE_LIMIT), audit);
    this.tab.outbox = this.tab.outbox.filter((e) => e.id !== id);
    this.tab.failed = [...this.tab.failed, failed].slice(-FAILED_SHOWN);
    this.appendAudit(audit);
    this.emit({ commands: [failed], auditAppend: audit }, { tab: true, audit });
  }

  private fail(entry: ChatOutboxEntry, message: string, audit: ChatAuditEntry[]): ChatOutboxEntry {
    const m = 'messageId' in entry.action ? this.store.byId.get(entry.action.messageId) : undefined;
    audit.push(this.entry(entry.action.kind, entry.action, 'failed', `${describe(entry.action, m)}: ${message}`, m));
    return { ...entry, status: { state: 'failed', message } };
  }

  private observed(entry: ChatOutboxEntry): boolean {
    const a = entry.action;
    switch (a.kind) {
      case 'delete':
        return this.store.byId.get(a.messageId)?.deleted === true;
      case 'pin':
        return this.store.byId.get(a.messageId)?.pinned === true;
      case 'unpin':
        return this.store.byId.get(a.messageId)?.pinned === false;
      case 'block':
        return this.tab.blocked.some((b) => b.userId === a.userId);
      case 'unblock':
        return !this.tab.blocked.some((b) => b.userId === a.userId);
      case 'post':
        return this.postsLike(a.text, entry.at) > (entry.baseline ?? 0);
    }
  }

  /** Messages with this text from this moderator in the minute before `since` and after (from the end). */
  private postsLike(text: string, since: number): number {
    const want = text.trim();
    let n = 0;
    const list = this.store.list;
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      if (m.at < since - 60_000) break;
      if (m.text.trim() === want && (m.byModerator || m.author.id === this.tab.me)) n++;
    }
    return n;
  }

  private entry(action: ChatAuditEntry['action'], a: ChatAction | null, outcome: ChatAuditEntry['outcome'], detail: string, m?: ChatMessage): ChatAuditEntry {
    return {
      at: this.deps.now(),
      moderator: this.tab.me,
      action,
      messageId: a && 'messageId' in a ? a.messageId : null,
      userId: a && 'userId' in a ? a.userId : (m?.author.id ?? null),
      detail: detail.slice(0, MESSAGE_LIMIT),
      ...(m && (action === 'delete' || action === 'auto-delete') ? { message: { author: m.author.name, authorId: m.author.id, text: m.text, at: m.at } } : {}),
      outcome,
    };
  }

  private appendAudit(entries: ChatAuditEntry[]): void {
    this.audit = this.audit.concat(entries);
    if (this.audit.length > CHAT_AUDIT_LIMIT) this.audit = this.audit.slice(-CHAT_AUDIT_LIMIT);
  }

  private problem(): string | null {
    return [this.surfaceProblem, this.storageProblem].filter(Boolean).join(' ') || null;
  }

  private meta(): ChatMeta {
    return {
      entryId: this.tab.entryId,
      me: this.tab.me,
      capabilities: this.deps.surface.capabilities,
      blocked: this.tab.blocked,
      rules: this.rules,
      flags: { ...this.tab.flags },
      deletions: { ...this.tab.deletions },
      commands: [...this.tab.outbox, ...this.tab.failed],
      tally: copyTally(this.tally),
      staleSince: this.tab.staleSince,
      problem: this.problem(),
      audit: this.audit,
      ...(this.deps.archiveKey ? { archiveKey: this.deps.archiveKey } : {}),
    };
  }

  /** Every patch goes out here: numbered, with the messages it carries noted (see catchUp). */
  private out(patch: ChatPatch): void {
    this.seq++;
    for (const m of patch.upserts ?? []) this.changedAt.set(m.id, this.seq);
    for (const e of patch.auditAppend ?? []) this.auditAt.set(e, this.seq);
    this.deps.onPatch(patch);
  }

  private emit(patch: ChatPatch, change: ChatPersistChange = {}): void {
    if (Object.keys(patch).length) this.out(patch);
    if (change.upserts?.length || change.tab || change.audit?.length || change.tally || change.evicted?.length || change.late?.size) this.deps.persist?.(change);
  }
}

function flaggable(m: ChatMessage) {
  return { id: m.id, authorKey: m.author.id ?? `name:${m.author.name}`, text: m.text, at: m.at, byModerator: m.byModerator };
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.text === b.text &&
    a.at === b.at &&
    a.pinned === b.pinned &&
    a.deleted === b.deleted &&
    a.byModerator === b.byModerator &&
    a.author.id === b.author.id &&
    a.author.name === b.author.name &&
    JSON.stringify(a.reactions) === JSON.stringify(b.reactions)
  );
}

function bound(action: ChatAction): ChatAction {
  switch (action.kind) {
    case 'post':
      return { kind: 'post', text: String(action.text).slice(0, 4_000) };
    case 'block':
      return { kind: 'block', userId: String(action.userId), reason: String(action.reason ?? '').slice(0, MESSAGE_LIMIT) };
    case 'delete':
      return { kind: 'delete', messageId: String(action.messageId), ...(action.reason ? { reason: String(action.reason).slice(0, MESSAGE_LIMIT) } : {}) };
    default:
      return action;
  }
}

function describe(action: ChatAction, m: ChatMessage | undefined): string {
  const label = CHAT_ACTION_LABELS[action.kind];
  const who = m ? ` ${m.author.name}'s message` : '';
  switch (action.kind) {
    case 'delete':
      return `${label}${who}${action.reason ? `: ${action.reason}` : ''}`;
    case 'pin':
    case 'unpin':
      return `${label}${who}`;
    case 'block':
      return `${label} ${action.userId}${action.reason ? `: ${action.reason}` : ''}`;
    case 'unblock':
      return `${label} ${action.userId}`;
    case 'post':
      return `Posted as moderator: ${action.text.slice(0, 80)}`;
  }
}
