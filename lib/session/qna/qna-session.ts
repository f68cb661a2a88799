// One attached session's Q&A in the background: the questions the surface shows, this moderator's local
// state (stars, banned words, merges, audit), and the outbox of commands. Emits patches for the panels.
import type { AuditEntry, QnaAction, QnaLocalAction } from '../../model/qna/commands';
import { ACTION_LABELS } from '../../model/qna/commands';
import { compileBannedWords } from '../../model/qna/banned-words';
import { conflictOf, effectObserved } from '../../model/qna/effects';
import type { QnaMeta, QnaPatch, QnaSnapshot } from '../../model/qna/session';
import type { QnaCapabilities, Question, Surface } from '../../model/qna/types';
import { DEFAULT_POLICY, failEntry, tickOutbox, type OutboxEntry, type OutboxPolicy } from './outbox';

export interface QnaSurfacePort {
  kind: Surface;
  capabilities: QnaCapabilities;
  /** Performs an action on the surface. Resolves when it was performed (not yet confirmed). */
  perform(action: QnaAction, commandId: string): Promise<void>;
}

/** What survives a service-worker restart (storage.session) and what survives a browser restart (local). */
export interface QnaSessionState {
  entryId: string;
  me: string;
  questions: Question[];
  outbox: OutboxEntry[];
  staleSince: number | null;
  problem: string | null;
}
export interface QnaLocalState {
  starred: string[];
  bannedWords: string[];
  /** Held questions the moderator let through: never held again. */
  released: string[];
  merged: Record<string, string[]>;
  audit: AuditEntry[];
}

export const AUDIT_LIMIT = 5_000;

export interface QnaSessionDeps {
  surface: QnaSurfacePort;
  now(): number;
  newId(): string;
  /** Called after each change with a way to read the state; the caller batches the writes. */
  persist(state: () => QnaSessionState, local: QnaLocalState): void;
  onPatch(patch: QnaPatch): void;
  policy?: OutboxPolicy;
}

export class QnaSession {
  private questions = new Map<string, Question>();
  private outbox: OutboxEntry[];
  private local: QnaLocalState;
  private holds: Record<string, string> = {};
  private banned: ReturnType<typeof compileBannedWords>;
  private staleSince: number | null;
  private problem: string | null;

  constructor(
    private readonly deps: QnaSessionDeps,
    private state: Pick<QnaSessionState, 'entryId' | 'me'> & Partial<QnaSessionState>,
    local: Partial<QnaLocalState> = {},
  ) {
    this.local = { starred: [], bannedWords: [], released: [], merged: {}, audit: [], ...local };
    this.banned = compileBannedWords(this.local.bannedWords);
    for (const q of state.questions ?? []) this.questions.set(q.id, q);
    this.outbox = state.outbox ?? [];
    this.staleSince = state.staleSince ?? null;
    this.problem = state.problem ?? null;
    this.recomputeHolds();
  }

  get entryId(): string {
    return this.state.entryId;
  }

  /** Who this moderator is on the surface, once the surface says (claims and "mine" use it). */
  setMe(me: string): void {
    if (me === this.state.me) return;
    this.state = { ...this.state, me };
    this.emit({ meta: { me } });
    this.settle();
  }

  snapshot(): QnaSnapshot {
    return { meta: this.meta(), questions: [...this.questions.values()] };
  }

  /**
   * Questions as the surface shows them now. Re-reading the same questions changes nothing.
   * A batch from a live surface ends a stale period; one read while stale does not.
   */
  applyBatch(upserts: readonly Question[], live = true): void {
    const changed: Question[] = [];
    for (const q of upserts) {
      const before = this.questions.get(q.id);
      if (before && before.updatedAt > q.updatedAt) continue; // an older read than what we hold
      if (before && sameQuestion(before, q)) continue;
      this.questions.set(q.id, q);
      changed.push(q);
      const hold = this.holdFor(q);
      if (hold) this.holds[q.id] = hold;
    }
    const wasStale = live && this.staleSince !== null;
    if (live) this.staleSince = null;
    if (!changed.length && !wasStale) {
      this.settle();
      return;
    }
    this.emit({ upserts: changed, meta: { holds: this.holds, staleSince: this.staleSince } });
    this.settle();
  }

  /** The surface stopped answering (network, widget gone, KS expired). */
  markStale(problem: string | null): void {
    if (this.staleSince === null) this.staleSince = this.deps.now();
    this.problem = problem;
    this.emit({ meta: { staleSince: this.staleSince, problem } });
  }

  setProblem(problem: string | null): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.emit({ meta: { problem } });
  }

  /**
   * A moderator's command: checked against the surface's capabilities and other moderators' claims,
   * then queued, performed and confirmed by observation. Returns the command id.
   */
  act(action: QnaAction): string {
    const entry = this.entry(action);
    const refused = this.refusal(action);
    if (refused) {
      this.audit(action, 'failed', refused);
      this.emit({ meta: { commands: [...this.outbox.map(strip), strip(failEntry(entry, refused))], audit: this.local.audit } });
      return entry.id;
    }
    if (action.kind === 'merge') {
      // A merge keeps the primary and dismisses the others; this panel sums their votes on the primary.
      const members = action.memberIds.filter((m) => m !== action.primaryId);
      this.local.merged[action.primaryId] = [...new Set([...(this.local.merged[action.primaryId] ?? []), ...members])];
      for (const member of members) {
        this.outbox.push(this.entry({ kind: 'dismiss', questionId: member, reason: `merged into ${action.primaryId}` }));
      }
      this.audit(action, 'done', `merged ${members.length} into ${action.primaryId}`);
    } else {
      // Approving a held question is the moderator's verdict on it: the hold is released.
      if (action.kind === 'approve') this.release(action.questionId);
      this.outbox.push(entry);
    }
    // The askers of merged questions get the answer too, privately, where the surface can do that.
    if (action.kind === 'answer' && this.deps.surface.capabilities.answerPrivate) {
      for (const member of this.local.merged[action.questionId] ?? []) {
        this.outbox.push(this.entry({ kind: 'answer', questionId: member, text: action.text, visibility: 'private' }));
      }
    }
    this.settle();
    this.emit({ meta: { commands: this.outbox.map(strip), merged: this.local.merged, audit: this.local.audit } });
    return entry.id;
  }

  actLocally(action: QnaLocalAction): void {
    switch (action.kind) {
      case 'star': {
        const rest = this.local.starred.filter((id) => id !== action.questionId);
        this.local.starred = action.starred ? [...rest, action.questionId] : rest;
        break;
      }
      case 'reorder-starred': {
        const known = new Set(this.local.starred);
        this.local.starred = action.questionIds.filter((id) => known.has(id));
        break;
      }
      case 'release-hold':
        this.release(action.questionId);
        break;
      case 'set-banned-words':
        this.local.bannedWords = [...new Set(action.words.map((w) => w.trim()).filter(Boolean))];
        this.banned = compileBannedWords(this.local.bannedWords);
        this.recomputeHolds();
        break;
    }
    this.audit(action, 'done', '');
    this.emit({
      meta: { starred: this.local.starred, bannedWords: this.local.bannedWords, holds: this.holds, audit: this.local.audit },
    });
  }

  /** Performs due commands and settles confirmed ones; call on every change and on a timer. */
  settle(): void {
    const me = this.state.me;
    const { entries, steps } = tickOutbox(
      this.outbox,
      (action) => effectObserved(action, this.questions, me),
      this.deps.now(),
      this.deps.policy ?? DEFAULT_POLICY,
    );
    this.outbox = entries;
    if (!steps.length) return;
    const finished: OutboxEntry[] = [];
    for (const step of steps) {
      if (step.kind === 'perform') {
        this.deps.surface.perform(step.entry.action, step.entry.id).catch((error: unknown) => {
          // Performing failed outright (a control not found, Kaltura refused): report now, no retry.
          const message = error instanceof Error ? error.message : String(error);
          const index = this.outbox.findIndex((e) => e.id === step.entry.id);
          if (index < 0) return;
          const failed = failEntry(this.outbox[index]!, message);
          this.outbox.splice(index, 1);
          this.audit(failed.action, 'failed', message);
          this.emit({ meta: { commands: [...this.outbox.map(strip), strip(failed)], audit: this.local.audit } });
        });
      } else {
        finished.push(step.entry);
        const status = step.entry.status;
        this.audit(step.entry.action, step.kind, status.state === 'failed' ? status.message : '');
      }
    }
    this.emit({ meta: { commands: [...this.outbox.map(strip), ...finished.map(strip)], audit: this.local.audit, merged: this.local.merged } });
  }

  hasWork(): boolean {
    return this.outbox.length > 0;
  }

  private entry(action: QnaAction): OutboxEntry {
    return { id: this.deps.newId(), action, status: { state: 'queued' }, at: this.deps.now(), sentAt: null };
  }

  private refusal(action: QnaAction): string | null {
    const caps = this.deps.surface.capabilities;
    const capability =
      action.kind === 'answer' ? (action.visibility === 'public' ? 'answerPublic' : 'answerPrivate') : CAPABILITY_OF[action.kind];
    if (capability && !caps[capability]) return caps.absent[capability] ?? `${ACTION_LABELS[action.kind]} is not available here.`;
    if (action.kind === 'answer' && !action.text.trim()) return 'An answer needs some text.';
    return conflictOf(action, this.questions, this.state.me);
  }

  private release(questionId: string): void {
    if (!this.local.released.includes(questionId)) this.local.released = [...this.local.released, questionId];
    delete this.holds[questionId];
    this.holds = { ...this.holds };
  }

  private holdFor(q: Question): string | null {
    if (q.state !== 'pending' && q.state !== 'approved') return null;
    if (this.local.released.includes(q.id)) return null;
    return this.banned(q.text)?.reason ?? null;
  }

  private recomputeHolds(): void {
    this.holds = {};
    for (const q of this.questions.values()) {
      const hold = this.holdFor(q);
      if (hold) this.holds[q.id] = hold;
    }
  }

  private audit(action: QnaAction | QnaLocalAction, outcome: AuditEntry['outcome'], detail: string): void {
    const questionId = 'questionId' in action ? action.questionId : 'primaryId' in action ? action.primaryId : null;
    const entry: AuditEntry = {
      at: this.deps.now(),
      moderator: this.state.me,
      action: action.kind,
      questionId,
      detail: detail || describeAction(action),
      outcome,
    };
    this.local.audit = [...this.local.audit, entry].slice(-AUDIT_LIMIT);
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
      commands: this.outbox.map(strip),
      staleSince: this.staleSince,
      problem: this.problem,
      audit: this.local.audit,
    };
  }

  private emit(patch: QnaPatch): void {
    // A getter: with 10,000 questions, copying them on every change would cost more than the change.
    this.deps.persist(
      () => ({
        entryId: this.state.entryId,
        me: this.state.me,
        questions: [...this.questions.values()],
        outbox: this.outbox,
        staleSince: this.staleSince,
        problem: this.problem,
      }),
      this.local,
    );
    this.deps.onPatch(patch);
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

function strip({ sentAt: _sentAt, ...rest }: OutboxEntry) {
  return rest;
}

function sameQuestion(a: Question, b: Question): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
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
