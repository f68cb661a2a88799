/**
 * One session's CnC store: chat, Q&A, announcements, live reactions, blocked users and settings.
 * Every mutation goes through here and calls `emit`, so the realtime layer and the control API's
 * "truth" can never disagree with what was changed.
 */
import { CncError } from './errors.js';
import type { IdSource } from './ids.js';
import { mergeSettings } from './settings.js';
import type { Announcement, Answer, BlockRecord, CncEvent, ChatMessage, Question, SessionRecord, UserRecord } from './types.js';

/** MODELED limit: long enough that a 5,000-character wall gets through and must be rendered. */
export const MAX_TEXT = 10_000;

type EmitFn = (e: DistributiveOmit<CncEvent, 'seq' | 'entryId'>) => void;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Actor {
  user: UserRecord;
  moderator: boolean;
}

function cleanText(text: unknown, what: string): string {
  if (typeof text !== 'string' || !text.trim()) throw new CncError('INVALID_ACTION', `${what} must be a non-empty string`);
  if (text.length > MAX_TEXT) throw new CncError('INVALID_ACTION', `${what} is longer than ${MAX_TEXT} characters`);
  return text;
}

export class CncSession {
  readonly messages: ChatMessage[] = [];
  readonly questions: Question[] = [];
  readonly announcements: Announcement[] = [];
  readonly reactionCounts: Record<string, number> = {};
  readonly blocked = new Set<string>();
  /** Blocked user → the reason given, by whom, when (kept while blocked). */
  readonly blockRecords = new Map<string, BlockRecord>();
  private readonly messageById = new Map<string, ChatMessage>();
  private readonly questionById = new Map<string, Question>();

  constructor(
    readonly record: SessionRecord,
    private readonly ids: IdSource,
    private readonly nextSeq: () => number,
    private readonly nowMs: () => number,
    private readonly emit: EmitFn,
  ) {}

  get settings() {
    return this.record.settings;
  }

  // ---------------------------------------------------------------- guards

  private requireModerator(a: Actor): void {
    if (!a.moderator) throw new CncError('FORBIDDEN', 'moderators only');
  }

  private requireNotBlocked(a: Actor): void {
    if (this.blocked.has(a.user.userId)) throw new CncError('USER_BLOCKED', 'you are blocked in this session');
  }

  private requireModule(name: keyof SessionRecord['settings']['modules']): void {
    if (!this.settings.modules[name]) throw new CncError('MODULE_DISABLED', `${name} is off in this session`);
  }

  message(id: unknown): ChatMessage {
    const m = typeof id === 'string' ? this.messageById.get(id) : undefined;
    if (!m) throw new CncError('NOT_FOUND', `no message ${String(id)}`);
    return m;
  }

  question(id: unknown): Question {
    const q = typeof id === 'string' ? this.questionById.get(id) : undefined;
    if (!q) throw new CncError('NOT_FOUND', `no question ${String(id)}`);
    return q;
  }

  // ---------------------------------------------------------------- chat

  postChat(a: Actor, text: unknown): ChatMessage {
    this.requireModule('chat');
    this.requireNotBlocked(a);
    const body = cleanText(text, 'text');
    if (!a.moderator) {
      // Chat before the start / after the end is a per-session switch (KALTURA.md §5).
      const now = this.nowMs() / 1000;
      if (now < this.record.startAt && !this.settings.chatBeforeStart) throw new CncError('CHAT_CLOSED', 'chat opens when the session starts');
      if (now > this.record.endAt && !this.settings.chatAfterEnd) throw new CncError('CHAT_CLOSED', 'chat closed when the session ended');
    }
    const m: ChatMessage = {
      id: this.ids.next('msg'),
      entryId: this.record.entryId,
      seq: this.nextSeq(),
      userId: a.user.userId,
      displayName: a.user.displayName,
      text: body,
      at: this.nowMs(),
      reactions: {},
      pinned: false,
      pinnedBy: null,
      deleted: false,
      deletedBy: null,
      deletedAt: null,
      byModerator: a.moderator,
    };
    this.messages.push(m);
    this.messageById.set(m.id, m);
    this.emit({ type: 'chat', message: m });
    return m;
  }

  /** Toggle (or set with `on`) the actor's emoji reaction on a message. */
  reactToMessage(a: Actor, messageId: unknown, emoji: unknown, on?: unknown): ChatMessage {
    this.requireNotBlocked(a);
    const m = this.message(messageId);
    if (m.deleted) throw new CncError('NOT_FOUND', `no message ${m.id}`);
    if (typeof emoji !== 'string' || !emoji || emoji.length > 16) throw new CncError('INVALID_ACTION', 'emoji must be a short string');
    const users = m.reactions[emoji] ?? [];
    const has = users.includes(a.user.userId);
    const want = typeof on === 'boolean' ? on : !has;
    if (want === has) return m;
    if (want) m.reactions[emoji] = [...users, a.user.userId];
    else {
      const rest = users.filter((u) => u !== a.user.userId);
      if (rest.length) m.reactions[emoji] = rest;
      else delete m.reactions[emoji];
    }
    this.emit({ type: 'chat', message: m });
    return m;
  }

  pinMessage(a: Actor, messageId: unknown, pinned: unknown = true): ChatMessage {
    this.requireModerator(a);
    const m = this.message(messageId);
    m.pinned = pinned !== false;
    m.pinnedBy = m.pinned ? a.user.userId : null;
    this.emit({ type: 'chat', message: m });
    return m;
  }

  deleteMessage(a: Actor, messageId: unknown): ChatMessage {
    this.requireModerator(a);
    const m = this.message(messageId);
    if (m.deleted) return m;
    m.deleted = true;
    m.deletedBy = a.user.userId;
    m.deletedAt = this.nowMs();
    m.pinned = false;
    this.emit({ type: 'chat', message: m });
    return m;
  }

  // ---------------------------------------------------------------- Q&A

  private requireCncQna(): void {
    this.requireModule('qna');
    if (this.settings.qnaBackend !== 'cnc') throw new CncError('QNA_BACKEND_WEBCAST', 'this session takes questions as API v3 cue points');
  }

  ask(a: Actor, text: unknown, anonymous: unknown = false): Question {
    this.requireCncQna();
    this.requireNotBlocked(a);
    const body = cleanText(text, 'text');
    const anon = anonymous === true;
    if (anon && !this.settings.anonymousAllowed) throw new CncError('ANONYMOUS_NOT_ALLOWED', 'anonymous questions are off in this session');
    const now = this.nowMs();
    const q: Question = {
      id: this.ids.next('q'),
      entryId: this.record.entryId,
      seq: this.nextSeq(),
      text: body,
      askerId: a.user.userId,
      askerName: anon ? 'Anonymous' : a.user.displayName,
      anonymous: anon,
      at: now,
      updatedAt: now,
      // Moderators' own questions skip the queue; everyone's do when moderation is off.
      state: this.settings.qnaModeration && !a.moderator ? 'pending' : 'approved',
      stateBy: null,
      upvoters: [],
      answers: [],
      answeredLive: false,
      handledBy: null,
    };
    this.questions.push(q);
    this.questionById.set(q.id, q);
    this.emit({ type: 'question', question: q, previousState: null });
    return q;
  }

  private changed(q: Question, previousState: Question['state']): Question {
    q.updatedAt = this.nowMs();
    this.emit({ type: 'question', question: q, previousState });
    return q;
  }

  upvote(a: Actor, questionId: unknown, on?: unknown): Question {
    this.requireNotBlocked(a);
    const q = this.question(questionId);
    // An attendee can only upvote what they can see: approved questions (or their own).
    if (!a.moderator && q.state !== 'approved' && q.askerId !== a.user.userId) throw new CncError('NOT_FOUND', `no question ${q.id}`);
    const has = q.upvoters.includes(a.user.userId);
    const want = typeof on === 'boolean' ? on : !has;
    if (want === has) return q;
    q.upvoters = want ? [...q.upvoters, a.user.userId] : q.upvoters.filter((u) => u !== a.user.userId);
    return this.changed(q, q.state);
  }

  setQuestionState(a: Actor, questionId: unknown, state: 'approved' | 'dismissed'): Question {
    this.requireModerator(a);
    const q = this.question(questionId);
    const prev = q.state;
    q.state = state;
    q.stateBy = a.user.userId;
    q.handledBy = a.user.userId;
    return this.changed(q, prev);
  }

  /**
   * A dismissed question back to Pending: nobody but its asker sees it until a moderator approves it again.
   * MODELED: a moderator-view control that un-dismisses without publishing. Anything not dismissed is left
   * as it is (a second restore, or one racing an approve, publishes nothing).
   */
  restoreQuestion(a: Actor, questionId: unknown): Question {
    this.requireModerator(a);
    const q = this.question(questionId);
    if (q.state !== 'dismissed') return q;
    q.state = 'pending';
    q.stateBy = a.user.userId;
    return this.changed(q, 'dismissed');
  }

  claim(a: Actor, questionId: unknown, on: unknown = true): Question {
    this.requireModerator(a);
    const q = this.question(questionId);
    q.handledBy = on === false ? null : a.user.userId;
    return this.changed(q, q.state);
  }

  answer(a: Actor, questionId: unknown, text: unknown, isPrivate: unknown = false): { question: Question; answer: Answer } {
    this.requireModerator(a);
    const q = this.question(questionId);
    const prev = q.state;
    const answer: Answer = {
      id: this.ids.next('ans'),
      questionId: q.id,
      text: cleanText(text, 'text'),
      visibility: isPrivate === true ? 'private' : 'public',
      userId: a.user.userId,
      displayName: a.user.displayName,
      at: this.nowMs(),
    };
    q.answers = [...q.answers, answer];
    q.handledBy = a.user.userId;
    // A public answer publishes the question with it; a private one leaves the queue state alone.
    if (answer.visibility === 'public' && q.state === 'pending') {
      q.state = 'approved';
      q.stateBy = a.user.userId;
    }
    this.changed(q, prev);
    return { question: q, answer };
  }

  markAnsweredLive(a: Actor, questionId: unknown, on: unknown = true): Question {
    this.requireModerator(a);
    const q = this.question(questionId);
    const prev = q.state;
    q.answeredLive = on !== false;
    q.handledBy = a.user.userId;
    if (q.answeredLive && q.state === 'pending') {
      q.state = 'approved';
      q.stateBy = a.user.userId;
    }
    return this.changed(q, prev);
  }

  // ---------------------------------------------------------------- announcements, reactions, users, settings

  announce(a: Actor, text: unknown, pinned?: unknown): Announcement {
    this.requireModerator(a);
    const ann: Announcement = {
      id: this.ids.next('ann'),
      entryId: this.record.entryId,
      seq: this.nextSeq(),
      text: cleanText(text, 'text'),
      userId: a.user.userId,
      displayName: a.user.displayName,
      at: this.nowMs(),
      ...(pinned === true ? { pinned: true } : {}),
    };
    this.announcements.push(ann);
    this.emit({ type: 'announcement', announcement: ann });
    return ann;
  }

  react(a: Actor, reaction: unknown, allowed: readonly string[]): Record<string, number> {
    this.requireModule('reactions');
    this.requireNotBlocked(a);
    if (typeof reaction !== 'string' || !allowed.includes(reaction)) throw new CncError('INVALID_ACTION', `reaction must be one of ${allowed.join(', ')}`);
    this.reactionCounts[reaction] = (this.reactionCounts[reaction] ?? 0) + 1;
    this.emit({ type: 'reaction', reaction, userId: a.user.userId, counts: { ...this.reactionCounts } });
    return this.reactionCounts;
  }

  block(a: Actor, userId: unknown, blocked: unknown = true, reason: unknown = ''): boolean {
    this.requireModerator(a);
    if (typeof userId !== 'string' || !userId) throw new CncError('INVALID_ACTION', 'userId must be a string');
    if (userId === a.user.userId) throw new CncError('INVALID_ACTION', 'a moderator cannot block themselves');
    if (reason !== undefined && reason !== null && typeof reason !== 'string') throw new CncError('INVALID_ACTION', 'reason must be a string');
    const why = typeof reason === 'string' ? reason.slice(0, 500) : '';
    const on = blocked !== false;
    if (on) {
      this.blocked.add(userId);
      this.blockRecords.set(userId, { userId, reason: why, by: a.user.userId, at: this.nowMs() });
    } else {
      this.blocked.delete(userId);
      this.blockRecords.delete(userId);
    }
    this.emit({ type: 'blocked', userId, blocked: on, by: a.user.userId, ...(on ? { reason: why } : {}) });
    return on;
  }

  updateSettings(a: Actor, patch: unknown): SessionRecord['settings'] {
    this.requireModerator(a);
    this.record.settings = mergeSettings(this.record.settings, patch);
    this.emit({ type: 'settings', settings: this.record.settings });
    return this.record.settings;
  }
}
