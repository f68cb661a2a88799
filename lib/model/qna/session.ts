// The Q&A state of one attached session, as the background holds it and the panel mirrors it.
// The panel gets one snapshot when it connects, then patches: with 10,000 questions a full copy per
// change would cost more than the change.
import type { AuditEntry, CommandStatus, QnaAction } from './commands';
import type { QnaCapabilities, Question, Surface } from './types';

export interface PendingCommand {
  id: string;
  action: QnaAction;
  status: CommandStatus;
  /** Epoch ms the moderator asked. */
  at: number;
}

export interface QnaMeta {
  surface: Surface;
  entryId: string;
  capabilities: QnaCapabilities;
  /** This moderator's id, as the surface knows it (for claims and "mine"). */
  me: string;
  /** Starred questions, in the order the speaker should take them. */
  starred: string[];
  bannedWords: string[];
  /** Questions held by a banned word: id → reason. Held questions show in Pending. */
  holds: Record<string, string>;
  /** Merged questions: primary id → the ids merged into it. */
  merged: Record<string, string[]>;
  commands: PendingCommand[];
  /** Epoch ms since which the surface has not answered, or null when live. */
  staleSince: number | null;
  /** Why the surface can't be read, if it can't (a missing profile selector, an expired KS). */
  problem: string | null;
  audit: AuditEntry[];
}

export interface QnaSnapshot {
  meta: QnaMeta;
  questions: Question[];
}

/** How many audit entries are kept (the background's record and the panel's copy). */
export const AUDIT_LIMIT = 5_000;

/**
 * What changed, never a copy of what did not: questions upserted or removed, audit entries appended,
 * commands whose state moved (upserted by id) or that the panel can drop, and the meta fields that changed.
 */
export interface QnaPatch {
  meta?: Partial<Omit<QnaMeta, 'audit' | 'commands'>>;
  upserts?: Question[];
  removed?: string[];
  auditAppend?: AuditEntry[];
  commands?: PendingCommand[];
  commandsRemoved?: string[];
}

/**
 * A read-only view over the panel's live question store. The store is updated in place; a new view (a
 * few bytes) is made when questions change, so whatever memoises on `questions` identity still recomputes
 * then, and a meta-only patch keeps the same view.
 *
 * A snapshot's view starts from the snapshot's list: walking it (counts, a tab's list) needs no map, and
 * the map by id is built on the first lookup or patch (or when the panel is idle after its first paint:
 * lib/panel/panel-state.ts). A map of 20,000 questions was a sixth of the first render. The list's ids are
 * unique (the background keeps its questions by id).
 */
export class QuestionsView implements ReadonlyMap<string, Question> {
  private store: Map<string, Question> | null;
  private list: readonly Question[] | null;
  constructor(store: Map<string, Question> | null, list: readonly Question[] | null = null) {
    this.store = store;
    this.list = store ? null : list;
  }
  /** A view over a snapshot's questions, the map by id made on first need. */
  static of(list: readonly Question[]): QuestionsView {
    return new QuestionsView(null, list);
  }
  private map(): Map<string, Question> {
    if (!this.store) {
      // A loop, not new Map(list.map(...)): 20,000 questions would make 20,000 pairs to throw away.
      const store = new Map<string, Question>();
      for (const q of this.list ?? []) store.set(q.id, q);
      this.store = store;
      this.list = null;
    }
    return this.store;
  }
  get size(): number {
    return this.store ? this.store.size : this.list!.length;
  }
  get(id: string): Question | undefined {
    return this.map().get(id);
  }
  has(id: string): boolean {
    return this.map().has(id);
  }
  forEach(fn: (q: Question, id: string, map: ReadonlyMap<string, Question>) => void, thisArg?: unknown): void {
    this.map().forEach((q, id) => fn.call(thisArg, q, id, this));
  }
  entries(): MapIterator<[string, Question]> {
    return this.map().entries();
  }
  keys(): MapIterator<string> {
    return this.map().keys();
  }
  values(): MapIterator<Question> {
    // Before the map exists, the snapshot's list in the same order (a Map keeps insertion order).
    return this.store ? this.store.values() : (this.list!.values() as unknown as MapIterator<Question>);
  }
  [Symbol.iterator](): MapIterator<[string, Question]> {
    return this.map().entries();
  }
  /** Whether the map by id exists yet (looking a question up would build it). */
  get indexed(): boolean {
    return this.store !== null;
  }
  /** The store itself, for the mirror that owns it. */
  mutable(): Map<string, Question> {
    return this.map();
  }
}

/** What a patch changed, for the views that keep indexes over the questions (lib/model/qna/view.ts InboxIndex). */
export interface MirrorChanges {
  /** The mirror version these changes apply to. */
  since: number;
  /** Question ids upserted or removed. */
  ids: readonly string[];
  /**
   * What each of them was before this patch (undefined: it was not there). The store is changed in place,
   * so this is the only record of it: the inbox index keeps no copy of the questions.
   */
  before?: ReadonlyMap<string, Question | undefined>;
  /** The previous patch's changes (at most CHANGE_CHAIN back), for a view that missed a version. */
  prev?: MirrorChanges;
}

/**
 * How many patches back a mirror remembers what it changed. A view syncs on every patch; one that misses
 * this many in a row (it never does) sees the questions as new.
 */
export const CHANGE_CHAIN = 64;

/** The panel's mirror of one session. A new object per patch (views re-render); `version` counts patches. */
export interface QnaMirror {
  meta: QnaMeta;
  questions: ReadonlyMap<string, Question>;
  version: number;
  /** The questions the last patch touched (absent on a snapshot: everything is new). */
  changes?: MirrorChanges;
}

export function mirrorOf(snapshot: QnaSnapshot, version = 0): QnaMirror {
  return { meta: snapshot.meta, questions: QuestionsView.of(snapshot.questions), version };
}

/** Applies a patch in place: O(size of the patch), plus a copy of the audit list when it grew. */
export function applyToMirror(mirror: QnaMirror, patch: QnaPatch): QnaMirror {
  let questions = mirror.questions;
  const before = new Map<string, Question | undefined>();
  if (patch.upserts?.length || patch.removed?.length) {
    const store = questions instanceof QuestionsView ? questions.mutable() : new Map(questions);
    for (const q of patch.upserts ?? []) {
      if (!before.has(q.id)) before.set(q.id, store.get(q.id));
      store.set(q.id, q);
    }
    for (const id of patch.removed ?? []) {
      if (!before.has(id)) before.set(id, store.get(id));
      store.delete(id);
    }
    questions = new QuestionsView(store);
  }
  let meta = patch.meta ? { ...mirror.meta, ...patch.meta } : mirror.meta;
  if (patch.auditAppend?.length) {
    const audit = mirror.meta.audit.concat(patch.auditAppend);
    meta = { ...meta, audit: audit.length > AUDIT_LIMIT ? audit.slice(-AUDIT_LIMIT) : audit };
  }
  if (patch.commands?.length || patch.commandsRemoved?.length) {
    const gone = new Set(patch.commandsRemoved ?? []);
    // An upserted command keeps its place; a new one goes last.
    const byId = new Map((patch.commands ?? []).map((c) => [c.id, c]));
    const merged: PendingCommand[] = [];
    for (const c of mirror.meta.commands) {
      const next = byId.get(c.id);
      if (next) {
        merged.push(next);
        byId.delete(c.id);
      } else if (!gone.has(c.id)) merged.push(c);
    }
    merged.push(...byId.values());
    meta = { ...meta, commands: merged };
  }
  const ids = [...(patch.upserts ?? []).map((q) => q.id), ...(patch.removed ?? [])];
  const prev = mirror.changes;
  // Forget what lies further back than CHANGE_CHAIN patches (a walk of that many links, per patch).
  let link = prev;
  for (let i = 1; link && i < CHANGE_CHAIN; i++) link = link.prev;
  if (link) link.prev = undefined;
  const changes: MirrorChanges = prev ? { since: mirror.version, ids, before, prev } : { since: mirror.version, ids, before };
  return { meta, questions, version: mirror.version + 1, changes };
}

/** The state the inbox shows: a question held by a banned word sits in Pending whatever the surface says. */
export function effectiveState(q: Question, meta: Pick<QnaMeta, 'holds'>): Question['state'] {
  return meta.holds[q.id] && q.state !== 'dismissed' && q.state !== 'answered' ? 'pending' : q.state;
}

/** Votes as the panel shows them: a merged primary carries its members' votes. */
export function effectiveVotes(q: Question, meta: Pick<QnaMeta, 'merged'>, byId: ReadonlyMap<string, Question>): number {
  const members = meta.merged[q.id];
  if (!members) return q.votes;
  return members.reduce((sum, id) => sum + (byId.get(id)?.votes ?? 0), q.votes);
}
