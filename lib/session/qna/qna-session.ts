// One attached session's Q&A in the background: the questions the surface shows, this moderator's local
// state (stars, banned words, merges, audit), and the outbox of commands. Emits patches for the panels
// that carry only what changed, and tells the persistence repository what changed (never a full copy).
import { OldestTracker } from './oldest';
import type { AuditEntry, QnaAction, QnaLocalAction } from '../../model/qna/commands';
import { ACTION_LABELS } from '../../model/qna/commands';
import { compileBannedWords } from '../../model/qna/banned-words';
import { answerBaseline, conflictOf, effectObserved } from '../../model/qna/effects';
import { AUDIT_LIMIT, effectiveState, type PendingCommand, type QnaMeta, type QnaPatch, type QnaSnapshot } from '../../model/qna/session';
import type { Answer, QnaCapabilities, Question, Surface } from '../../model/qna/types';
import { DEFAULT_POLICY, failEntry, tickOutbox, type OutboxEntry, type OutboxPolicy } from './outbox';

export { AUDIT_LIMIT };

export interface QnaSurfacePort {
  kind: Surface;
  capabilities: QnaCapabilities;
  /** Performs an action on the surface. Resolves when it was performed (not yet confirmed). */
  perform(action: QnaAction, commandId: string): Promise<void>;
  /**
   * Whether performing the action again is harmless. By default an answer is not: a retry after a lost
   * confirmation would post it twice. A surface that deduplicates by command id may say yes.
   */
  retrySafe?(action: QnaAction): boolean;
}

/** The small per-tab record that survives a service-worker restart (the questions are kept apart). */
export interface QnaTabState {
  entryId: string;
  me: string;
  outbox: OutboxEntry[];
  /** Failed commands the panel still shows (until a later command on the same question). */
  failed?: OutboxEntry[];
  staleSince: number | null;
  problem: string | null;
}
export interface QnaSessionState extends QnaTabState {
  questions: Question[];
}
export interface QnaLocalState {
  starred: string[];
  bannedWords: string[];
  /** Held questions the moderator let through: never held again. */
  released: string[];
  merged: Record<string, string[]>;
  audit: AuditEntry[];
}

/** One change to the moderator's local state, as the repository merges it into what is stored. */
export type LocalChange =
  | { field: 'starred'; op: 'add' | 'remove'; id: string }
  | { field: 'starred'; op: 'order'; ids: string[] }
  | { field: 'released'; id: string }
  | { field: 'merged'; primaryId: string; members: string[] }
  | { field: 'audit'; entries: AuditEntry[] };

/** What changed, for the persistence repository. */
export interface PersistChange {
  upserts?: readonly Question[];
  removed?: readonly string[];
  /** The per-tab record (outbox, identity, staleness) changed. */
  tab?: boolean;
  local?: LocalChange[];
}

export interface PendingSummary {
  /** Pending ids (held ones included) that entered or left pending since the last summary. */
  added: string[];
  removed: string[];
  count: number;
  /** Epoch ms of the oldest pending question, or null. */
  oldestAt: number | null;
}

/** Bounds on what one row of page data may hold (issue: one tab must not fill storage). */
export const ROW_LIMITS = { text: 4_000, answers: 50, answerText: 4_000, name: 200 };
/** Error and problem texts come from the page or the network: kept short in the audit, outbox and meta. */
const MESSAGE_LIMIT = 500;
const FAILED_SHOWN = 20;
/** Why commands wait while the surface is offline (shown on the question; sent when it comes back). */
export const OFFLINE_HOLD = 'Waiting for the connection to Kaltura: it is sent when the connection is back.';

export interface QnaSessionDeps {
  surface: QnaSurfacePort;
  now(): number;
  newId(): string;
  /** Called after each change with what changed; the caller batches the writes. */
  persist?(change: PersistChange): void;
  onPatch(patch: QnaPatch): void;
  policy?: OutboxPolicy;
}

export class QnaSession {
  private questions = new Map<string, Question>();
  private outbox: OutboxEntry[];
  private failed: OutboxEntry[];
  /** The commands the panels hold, as last emitted (by id), to send only transitions. */
  private shown = new Map<string, OutboxEntry>();
  private local: QnaLocalState;
  private holds: Record<string, string> = {};
  private banned: ReturnType<typeof compileBannedWords>;
  private staleSince: number | null;
  private surfaceProblem: string | null;
  private storageProblem: string | null = null;
  private newAudit: AuditEntry[] = [];
  private localChanges: LocalChange[] = [];
  /** Effective-pending ids, kept on every upsert so the notifier never needs a scan. */
  private pending = new Set<string>();
  private pendingCache: PendingSummary | null = null;
  private pendingAdded: string[] = [];
  private pendingRemoved: string[] = [];
  /** The oldest pending question's createdAt, kept in a heap (no scan when the oldest leaves). */
  private oldest = new OldestTracker((id, at) => this.pending.has(id) && this.questions.get(id)?.createdAt === at);

  constructor(
    private readonly deps: QnaSessionDeps,
    private state: Pick<QnaSessionState, 'entryId' | 'me'> & Partial<QnaSessionState>,
    local: Partial<QnaLocalState> = {},
  ) {
    this.local = { starred: [], bannedWords: [], released: [], merged: {}, audit: [], ...local };
    this.local.audit = this.local.audit.slice(-AUDIT_LIMIT);
    this.banned = compileBannedWords(this.local.bannedWords);
    for (const q of state.questions ?? []) this.questions.set(q.id, q);
    this.outbox = state.outbox ?? [];
    this.failed = state.failed ?? [];
    for (const c of [...this.outbox, ...this.failed]) this.shown.set(c.id, c);
    this.staleSince = state.staleSince ?? null;
    this.surfaceProblem = state.problem ?? null;
    this.recomputeHolds();
    // Restored questions are not news: the notifier hears of questions that arrive from now on.
    this.pendingAdded = [];
    this.pendingRemoved = [];
  }

  get entryId(): string {
    return this.state.entryId;
  }

  /** Who this moderator is on the surface, once the surface says (claims and "mine" use it). */
  setMe(me: string): void {
    if (me === this.state.me) return;
    this.state = { ...this.state, me };
    this.emit({ meta: { me } }, { tab: true });
    this.settle();
  }

  snapshot(): QnaSnapshot {
    return { meta: this.meta(), questions: [...this.questions.values()] };
  }

  /** One question as held now. */
  question(id: string): Question | undefined {
    return this.questions.get(id);
  }

  /** The per-tab record to save (small: no questions). */
  tabState(): QnaTabState {
    return {
      entryId: this.state.entryId,
      me: this.state.me,
      outbox: this.outbox,
      failed: this.failed,
      staleSince: this.staleSince,
      problem: this.surfaceProblem,
    };
  }

  /**
   * Questions as the surface shows them now. Re-reading the same questions changes nothing.
   * A batch from a live surface ends a stale period; one read while stale does not.
   * `removed`: ids the surface no longer has. `complete`: the batch lists every question the surface has,
   * so any other id held here was deleted there.
   */
  applyBatch(upserts: readonly Question[], live = true, removed: readonly string[] = [], complete = false): void {
    const changed: Question[] = [];
    let holdsChanged = false;
    for (const read of upserts) {
      const before = this.questions.get(read.id);
      if (before && before.updatedAt > read.updatedAt) continue; // an older read than what we hold
      const q = bounded(read);
      if (before && sameQuestion(before, q)) continue;
      this.questions.set(q.id, q);
      changed.push(q);
      const hold = this.holdFor(q);
      if ((this.holds[q.id] ?? null) !== hold) {
        if (!holdsChanged) this.holds = { ...this.holds };
        holdsChanged = true;
        if (hold) this.holds[q.id] = hold;
        else delete this.holds[q.id];
      }
      this.reindex(q.id);
    }
    const gone: string[] = [];
    const drop = (id: string) => {
      if (!this.questions.delete(id)) return;
      gone.push(id);
      if (id in this.holds) {
        if (!holdsChanged) this.holds = { ...this.holds };
        holdsChanged = true;
        delete this.holds[id];
      }
      this.reindex(id);
    };
    for (const id of removed) drop(id);
    if (complete) {
      const present = new Set(upserts.map((q) => q.id));
      for (const id of [...this.questions.keys()]) if (!present.has(id)) drop(id);
    }
    const wasStale = live && this.staleSince !== null;
    if (live) this.staleSince = null;
    if (!changed.length && !gone.length && !wasStale) {
      this.settle();
      return;
    }
    const meta: QnaPatch['meta'] = {};
    if (holdsChanged) meta.holds = this.holds;
    if (wasStale) meta.staleSince = null;
    this.emit(
      { upserts: changed, ...(gone.length ? { removed: gone } : {}), ...(Object.keys(meta).length ? { meta } : {}) },
      { upserts: changed, removed: gone, tab: wasStale },
    );
    this.settle();
  }

  /** The surface stopped answering (network, widget gone, KS expired). */
  markStale(problem: string | null): void {
    problem = problem === null ? null : cut(problem, MESSAGE_LIMIT);
    if (this.staleSince === null) this.staleSince = this.deps.now();
    this.surfaceProblem = problem;
    this.emit({ meta: { staleSince: this.staleSince, problem: this.problem() } }, { tab: true });
  }

  setProblem(problem: string | null): void {
    problem = problem === null ? null : cut(problem, MESSAGE_LIMIT);
    if (problem === this.surfaceProblem) return;
    this.surfaceProblem = problem;
    this.emit({ meta: { problem: this.problem() } }, { tab: true });
  }

  /** Saving failed, or hit its cap (null: saves work again). Shown beside the surface's problem. */
  setStorageProblem(problem: string | null): void {
    if (problem === this.storageProblem) return;
    this.storageProblem = problem;
    this.emit({ meta: { problem: this.problem() } });
  }

  /**
   * A moderator's command: checked against the surface's capabilities and other moderators' claims,
   * then queued, performed and confirmed by observation. Returns the command id.
   */
  act(action: QnaAction): string {
    const entry = this.entry(action);
    this.forgetFailed(action);
    const refused = this.refusal(action);
    if (refused) {
      this.audit(action, 'failed', refused);
      this.keepFailed(failEntry(entry, refused));
      this.emit({}, { tab: true });
      return entry.id;
    }
    const patchMeta: QnaPatch['meta'] = {};
    if (action.kind === 'merge') {
      // A merge keeps the primary and dismisses the others; this panel sums their votes on the primary.
      const members = action.memberIds.filter((m) => m !== action.primaryId);
      this.local.merged = {
        ...this.local.merged,
        [action.primaryId]: [...new Set([...(this.local.merged[action.primaryId] ?? []), ...members])],
      };
      this.localChanges.push({ field: 'merged', primaryId: action.primaryId, members });
      patchMeta.merged = this.local.merged;
      for (const member of members) {
        this.outbox.push(this.entry({ kind: 'dismiss', questionId: member, reason: `merged into ${action.primaryId}` }));
      }
      this.audit(action, 'done', `merged ${members.length} into ${action.primaryId}`);
    } else {
      // Approving a held question is the moderator's verdict on it: the hold is released.
      if (action.kind === 'approve' && this.release(action.questionId)) patchMeta.holds = this.holds;
      this.outbox.push(entry);
    }
    // The askers of merged questions get the answer too, privately, where the surface can do that.
    if (action.kind === 'answer' && this.deps.surface.capabilities.answerPrivate) {
      for (const member of this.local.merged[action.questionId] ?? []) {
        this.outbox.push(this.entry({ kind: 'answer', questionId: member, text: action.text, visibility: 'private' }));
      }
    }
    this.settle();
    this.emit(Object.keys(patchMeta).length ? { meta: patchMeta } : {}, { tab: true });
    return entry.id;
  }

  actLocally(action: QnaLocalAction): void {
    const meta: QnaPatch['meta'] = {};
    switch (action.kind) {
      case 'star': {
        const had = this.local.starred.includes(action.questionId);
        if (had === action.starred) break;
        const rest = this.local.starred.filter((id) => id !== action.questionId);
        this.local.starred = action.starred ? [...rest, action.questionId] : rest;
        this.localChanges.push({ field: 'starred', op: action.starred ? 'add' : 'remove', id: action.questionId });
        meta.starred = this.local.starred;
        break;
      }
      case 'reorder-starred': {
        const known = new Set(this.local.starred);
        this.local.starred = action.questionIds.filter((id) => known.has(id));
        this.localChanges.push({ field: 'starred', op: 'order', ids: this.local.starred });
        meta.starred = this.local.starred;
        break;
      }
      case 'release-hold':
        if (this.release(action.questionId)) meta.holds = this.holds;
        break;
      case 'set-banned-words':
        this.local.bannedWords = [...new Set(action.words.map((w) => w.trim()).filter(Boolean))];
        this.banned = compileBannedWords(this.local.bannedWords);
        this.recomputeHolds();
        meta.bannedWords = this.local.bannedWords;
        meta.holds = this.holds;
        break;
    }
    this.audit(action, 'done', '');
    this.emit({ meta });
  }

  /** Another session of the same entry changed the shared local state (stars, merges, releases). */
  adoptLocal(local: Pick<QnaLocalState, 'starred' | 'merged' | 'released'>): void {
    const meta: QnaPatch['meta'] = {};
    if (!sameList(local.starred, this.local.starred)) meta.starred = this.local.starred = local.starred;
    if (JSON.stringify(local.merged) !== JSON.stringify(this.local.merged)) meta.merged = this.local.merged = local.merged;
    if (!sameList(local.released, this.local.released)) {
      this.local.released = local.released;
      this.recomputeHolds();
      meta.holds = this.holds;
    }
    if (Object.keys(meta).length) this.deps.onPatch({ meta });
  }

  /** Performs due commands and settles confirmed ones; call on every change and on a timer. */
  settle(): void {
    const me = this.state.me;
    const { entries, steps } = tickOutbox(
      this.outbox,
      (entry) => effectObserved(entry.action, this.questions, me, entry.baseline),
      this.deps.now(),
      this.deps.policy ?? DEFAULT_POLICY,
      (action) => this.deps.surface.retrySafe?.(action) ?? action.kind !== 'answer',
      this.staleSince === null ? null : OFFLINE_HOLD,
    );
    // Without steps nothing was added or removed: a changed entry is one that started waiting offline.
    const held = !steps.length && entries.some((e, i) => e !== this.outbox[i]);
    this.outbox = entries;
    if (!steps.length) {
      if (held) this.emit({}, { tab: true });
      return;
    }
    const finished: OutboxEntry[] = [];
    for (const step of steps) {
      if (step.kind === 'perform') {
        this.deps.surface.perform(step.entry.action, step.entry.id).catch((error: unknown) => {
          // Performing failed outright (a control not found, Kaltura refused): report now, no retry.
          const message = cut(error instanceof Error ? error.message : String(error), MESSAGE_LIMIT);
          const index = this.outbox.findIndex((e) => e.id === step.entry.id);
          if (index < 0) return;
          const failed = failEntry(this.outbox[index]!, message);
          this.outbox.splice(index, 1);
          this.audit(failed.action, 'failed', message);
          this.keepFailed(failed);
          this.emit({}, { tab: true });
        });
      } else {
        const status = step.entry.status;
        if (step.kind === 'failed') this.keepFailed(step.entry);
        else finished.push(step.entry);
        this.audit(step.entry.action, step.kind, status.state === 'failed' ? status.message : '');
      }
    }
    this.emit({}, { tab: true }, finished);
  }

  hasWork(): boolean {
    return this.outbox.length > 0;
  }

  /**
   * Pending questions (held ones included), kept as questions change: what entered and left pending since
   * the last summary, the count and the oldest's age. No scan of the whole session, except to find the next
   * oldest when the oldest leaves. The same object until something changes.
   */
  pendingSummary(): PendingSummary {
    if (this.pendingCache) return this.pendingCache;
    this.pendingCache = { added: this.pendingAdded, removed: this.pendingRemoved, count: this.pending.size, oldestAt: this.oldest.oldest(this.pending.size) };
    this.pendingAdded = [];
    this.pendingRemoved = [];
    return this.pendingCache;
  }

  private reindex(id: string): void {
    const q = this.questions.get(id);
    const isPending = !!q && effectiveState(q, { holds: this.holds }) === 'pending';
    if (isPending === this.pending.has(id)) {
      // Still pending: only its age could have changed, and createdAt does not.
      return;
    }
    if (isPending) this.addPending(id, q!.createdAt);
    else this.removePending(id);
  }

  private addPending(id: string, createdAt: number): void {
    this.pending.add(id);
    this.pendingAdded.push(id);
    this.oldest.add(id, createdAt);
    this.pendingCache = null;
  }

  private removePending(id: string): void {
    this.pending.delete(id);
    this.pendingRemoved.push(id);
    // Its heap entry goes when it reaches the top.
    this.pendingCache = null;
  }

  private entry(action: QnaAction): OutboxEntry {
    const baseline = action.kind === 'answer' ? answerBaseline(action, this.questions) : undefined;
    return {
      id: this.deps.newId(),
      action,
      status: { state: 'queued' },
      at: this.deps.now(),
      sentAt: null,
      ...(baseline !== undefined ? { baseline } : {}),
    };
  }

  private refusal(action: QnaAction): string | null {
    const caps = this.deps.surface.capabilities;
    const capability =
      action.kind === 'answer' ? (action.visibility === 'public' ? 'answerPublic' : 'answerPrivate') : CAPABILITY_OF[action.kind];
    if (capability && !caps[capability]) return caps.absent[capability] ?? `${ACTION_LABELS[action.kind]} is not available here.`;
    if (action.kind === 'answer' && !action.text.trim()) return 'An answer needs some text.';
    return conflictOf(action, this.questions, this.state.me);
  }

  /** A failed command stays on show until a later command on the same question (or the cap). */
  private keepFailed(entry: OutboxEntry): void {
    this.failed = [...this.failed, entry].slice(-FAILED_SHOWN);
  }

  private forgetFailed(action: QnaAction): void {
    if (!this.failed.length) return;
    const touched = new Set(questionsOf(action));
    this.failed = this.failed.filter((f) => !questionsOf(f.action).some((id) => touched.has(id)));
  }

  /** Returns whether the holds changed. */
  private release(questionId: string): boolean {
    if (!this.local.released.includes(questionId)) {
      this.local.released = [...this.local.released, questionId];
      this.localChanges.push({ field: 'released', id: questionId });
    }
    if (!(questionId in this.holds)) return false;
    this.holds = { ...this.holds };
    delete this.holds[questionId];
    this.reindex(questionId);
    return true;
  }

  private holdFor(q: Question): string | null {
    if (q.state !== 'pending' && q.state !== 'approved') return null;
    if (this.local.released.includes(q.id)) return null;
    return this.banned(q.text)?.reason ?? null;
  }

  private recomputeHolds(): void {
    this.holds = {};
    const before = this.pending;
    this.pending = new Set();
    for (const q of this.questions.values()) {
      const hold = this.holdFor(q);
      if (hold) this.holds[q.id] = hold;
      // effectiveState without the look-up in `holds` (a miss by each of 11,000 ids was a third of a
      // restored session's build): this loop has just decided whether q is held.
      if (q.state === 'pending' || (hold && q.state !== 'dismissed' && q.state !== 'answered')) this.pending.add(q.id);
    }
    // New banned words can hold approved questions back into Pending (and releasing them the reverse).
    for (const id of this.pending) if (!before.has(id)) this.pendingAdded.push(id);
    for (const id of before) if (!this.pending.has(id)) this.pendingRemoved.push(id);
    this.oldest.reset([...this.pending].map((id) => [this.questions.get(id)?.createdAt ?? 0, id] as [number, string]));
    this.pendingCache = null;
  }

  private audit(action: QnaAction | QnaLocalAction, outcome: AuditEntry['outcome'], detail: string): void {
    const questionId = 'questionId' in action ? action.questionId : 'primaryId' in action ? action.primaryId : null;
    const entry: AuditEntry = {
      at: this.deps.now(),
      moderator: this.state.me,
      action: action.kind,
      questionId,
      detail: cut(detail || describeAction(action), MESSAGE_LIMIT),
      outcome,
    };
    // Appended in place; trimmed in steps so that a long session does not copy 5,000 entries per action.
    this.local.audit.push(entry);
    if (this.local.audit.length > AUDIT_LIMIT + 500) this.local.audit.splice(0, this.local.audit.length - AUDIT_LIMIT);
    this.newAudit.push(entry);
  }

  private problem(): string | null {
    const parts = [this.surfaceProblem, this.storageProblem].filter((p): p is string => !!p);
    return parts.length ? parts.join(' ') : null;
  }

  private meta(): QnaMeta {
    return {
      surface: this.deps.surface.kind,
      entryId: this.state.entryId,
      capabilities: this.deps.surface.capabilities,
      me: this.state.me,
      starred: this.local.starred,
      bannedWords: this.local.bannedWords,
      holds: this.holds,
      merged: this.local.merged,
      commands: [...this.outbox, ...this.failed].map(strip),
      staleSince: this.staleSince,
      problem: this.problem(),
      audit: this.local.audit.slice(-AUDIT_LIMIT),
    };
  }

  /** Adds the audit entries and command transitions since the last emit, then tells the panel and the saver. */
  private emit(patch: QnaPatch, change: PersistChange = {}, finished: readonly OutboxEntry[] = []): void {
    if (this.newAudit.length) {
      patch.auditAppend = this.newAudit;
      this.localChanges.push({ field: 'audit', entries: this.newAudit });
      this.newAudit = [];
    }
    Object.assign(patch, this.commandsDelta(finished));
    if (this.localChanges.length) {
      change.local = this.localChanges;
      this.localChanges = [];
    }
    if (change.upserts?.length || change.removed?.length || change.tab || change.local?.length) this.deps.persist?.(change);
    if (patch.upserts && !patch.upserts.length) delete patch.upserts;
    if (patch.meta && !Object.keys(patch.meta).length) delete patch.meta;
    if (Object.keys(patch).length) this.deps.onPatch(patch);
  }

  /** Commands whose state moved since the panels last heard, and those they can drop. */
  private commandsDelta(finished: readonly OutboxEntry[]): Pick<QnaPatch, 'commands' | 'commandsRemoved'> {
    const current = new Map<string, OutboxEntry>();
    for (const c of this.outbox) current.set(c.id, c);
    for (const c of this.failed) current.set(c.id, c);
    for (const c of finished) current.set(c.id, c);
    const commands: PendingCommand[] = [];
    for (const [id, c] of current) if (this.shown.get(id) !== c) commands.push(strip(c));
    const commandsRemoved = [...this.shown.keys()].filter((id) => !current.has(id));
    const delta: Pick<QnaPatch, 'commands' | 'commandsRemoved'> = {};
    if (commands.length) delta.commands = commands;
    if (commandsRemoved.length) delta.commandsRemoved = commandsRemoved;
    // Done commands go out once (the panel clears the row's "sending") and are dropped on the next change.
    this.shown = current;
    return delta;
  }
}

const CAPABILITY_OF: Partial<Record<QnaAction['kind'], Exclude<keyof QnaCapabilities, 'absent'>>> = {
  approve: 'approve',
  dismiss: 'dismiss',
  restore: 'restore',
  'answered-live': 'answeredLive',
  claim: 'claim',
  release: 'claim',
  merge: 'dismiss',
};

function questionsOf(action: QnaAction): string[] {
  return action.kind === 'merge' ? [action.primaryId, ...action.memberIds] : [action.questionId];
}

function strip({ sentAt: _sentAt, baseline: _baseline, ...rest }: OutboxEntry): PendingCommand {
  return rest;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Field by field: a batch of 100 rows costs 100 short comparisons, not 200 serialisations. */
export function sameQuestion(a: Question, b: Question): boolean {
  if (
    a.id !== b.id ||
    a.text !== b.text ||
    a.updatedAt !== b.updatedAt ||
    a.createdAt !== b.createdAt ||
    a.votes !== b.votes ||
    a.state !== b.state ||
    a.answeredLive !== b.answeredLive ||
    a.replies !== b.replies ||
    a.handledBy !== b.handledBy ||
    a.surface !== b.surface ||
    a.author.id !== b.author.id ||
    a.author.name !== b.author.name ||
    a.author.anonymous !== b.author.anonymous ||
    a.answers.length !== b.answers.length
  ) {
    return false;
  }
  return a.answers.every((x, i) => sameAnswer(x, b.answers[i]!));
}

function sameAnswer(a: Answer, b: Answer): boolean {
  return a.id === b.id && a.text === b.text && a.visibility === b.visibility && a.by === b.by && a.at === b.at;
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Page data is hostile and unbounded: cap a row's text and answers (a copy only when over a cap). */
export function bounded(q: Question): Question {
  const L = ROW_LIMITS;
  const long = (s: string | null, max: number) => s !== null && s.length > max;
  if (
    !long(q.text, L.text) &&
    !long(q.author.name, L.name) &&
    q.answers.length <= L.answers &&
    !q.answers.some((a) => long(a.text, L.answerText) || long(a.by, L.name))
  ) {
    return q;
  }
  return {
    ...q,
    text: cut(q.text, L.text),
    author: { ...q.author, name: q.author.name === null ? null : cut(q.author.name, L.name) },
    // The latest answers are the ones a moderator acts on.
    answers: q.answers.slice(-L.answers).map((a) => ({ ...a, text: cut(a.text, L.answerText), by: a.by === null ? null : cut(a.by, L.name) })),
  };
}

function describeAction(action: QnaAction | QnaLocalAction): string {
  switch (action.kind) {
    case 'answer':
      return action.visibility === 'public' ? 'answered publicly' : 'answered privately';
    case 'dismiss':
      return action.reason ? `dismissed: ${action.reason}` : 'dismissed';
    case 'approve':
      return action.editedText ? 'approved with edits' : 'approved';
    case 'claim':
      return action.takeOver ? 'took over' : 'claimed';
    case 'merge':
      return `merged ${action.memberIds.length}`;
    case 'restore':
    case 'answered-live':
    case 'release':
      return ACTION_LABELS[action.kind].toLowerCase();
    case 'star':
      return action.starred ? `starred ${action.questionId}` : `unstarred ${action.questionId}`;
    case 'reorder-starred':
      return `reordered up next (${action.questionIds.length})`;
    case 'set-banned-words':
      return `banned words: ${action.words.length}`;
    case 'release-hold':
      return 'released from hold';
  }
}
