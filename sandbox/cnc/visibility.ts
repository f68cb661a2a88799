/**
 * Who sees what. Attendees: approved questions, their own pending ones, public answers and private
 * answers to themselves; chat without deleted messages; announcements. Moderators: everything, deleted
 * and dismissed included, with who did what. One place so the socket, the HTTP snapshot and the tests
 * share the rules.
 */
import type { CncSession } from './session.js';
import type { Announcement, ChatMessage, CncEvent, Question, QuestionState, Viewer } from './types.js';

export interface MessageView {
  id: string;
  seq: number;
  userId: string;
  displayName: string;
  text: string;
  at: number;
  /** Emoji → count. */
  reactions: Record<string, number>;
  /** Emojis the viewer reacted with. */
  myReactions: string[];
  pinned: boolean;
  /** The author posted as a moderator (everyone sees the mark). */
  moderator?: boolean;
  deleted?: boolean;
  deletedBy?: string | null;
  pinnedBy?: string | null;
}

export interface AnswerView {
  id: string;
  text: string;
  visibility: 'public' | 'private';
  displayName: string;
  at: number;
  userId?: string;
}

export interface QuestionView {
  id: string;
  seq: number;
  text: string;
  askerName: string;
  /** Hidden from other attendees when the question is anonymous. */
  askerId?: string;
  anonymous: boolean;
  mine: boolean;
  at: number;
  updatedAt: number;
  state: QuestionState;
  upvotes: number;
  upvotedByMe: boolean;
  answers: AnswerView[];
  answeredLive: boolean;
  handledBy?: string | null;
  stateBy?: string | null;
}

export function canSeeQuestionState(state: QuestionState | null, askerId: string, v: Viewer): boolean {
  if (state === null) return false;
  if (v.moderator) return true;
  return state === 'approved' || (state === 'pending' && askerId === v.userId);
}

export function canSeeQuestion(q: Question, v: Viewer): boolean {
  return canSeeQuestionState(q.state, q.askerId, v);
}

export function projectMessage(m: ChatMessage, v: Viewer): MessageView {
  const reactions: Record<string, number> = {};
  const mine: string[] = [];
  for (const [emoji, users] of Object.entries(m.reactions)) {
    reactions[emoji] = users.length;
    if (users.includes(v.userId)) mine.push(emoji);
  }
  const view: MessageView = { id: m.id, seq: m.seq, userId: m.userId, displayName: m.displayName, text: m.text, at: m.at, reactions, myReactions: mine, pinned: m.pinned };
  if (m.byModerator) view.moderator = true;
  if (v.moderator) Object.assign(view, { deleted: m.deleted, deletedBy: m.deletedBy, pinnedBy: m.pinnedBy });
  return view;
}

export function projectQuestion(q: Question, v: Viewer): QuestionView {
  const mine = q.askerId === v.userId;
  const answers = q.answers
    .filter((a) => v.moderator || a.visibility === 'public' || mine)
    .map((a) => {
      const view: AnswerView = { id: a.id, text: a.text, visibility: a.visibility, displayName: a.displayName, at: a.at };
      if (v.moderator) view.userId = a.userId;
      return view;
    });
  const view: QuestionView = {
    id: q.id,
    seq: q.seq,
    text: q.text,
    askerName: q.askerName,
    anonymous: q.anonymous,
    mine,
    at: q.at,
    updatedAt: q.updatedAt,
    state: q.state,
    upvotes: q.upvoters.length,
    upvotedByMe: q.upvoters.includes(v.userId),
    answers,
    answeredLive: q.answeredLive,
  };
  // MODELED: moderators see who asked even anonymously (they must be able to answer privately / block).
  if (v.moderator || !q.anonymous || mine) view.askerId = q.askerId;
  if (v.moderator) Object.assign(view, { handledBy: q.handledBy, stateBy: q.stateBy });
  return view;
}

export function projectAnnouncement(a: Announcement): { id: string; seq: number; text: string; displayName: string; at: number; pinned?: boolean } {
  return { id: a.id, seq: a.seq, text: a.text, displayName: a.displayName, at: a.at, ...(a.pinned ? { pinned: true } : {}) };
}

/** How many recent chat messages a snapshot carries (a real widget pages older ones in). MODELED. */
export const SNAPSHOT_CHAT_LIMIT = 500;

export function snapshotFor(s: CncSession, v: Viewer) {
  const messages: MessageView[] = [];
  for (let i = s.messages.length - 1; i >= 0 && messages.length < SNAPSHOT_CHAT_LIMIT; i--) {
    const m = s.messages[i]!;
    if (v.moderator || !m.deleted) messages.push(projectMessage(m, v));
  }
  messages.reverse();
  return {
    entryId: s.record.entryId,
    title: s.record.title,
    startAt: s.record.startAt,
    endAt: s.record.endAt,
    me: { userId: v.userId, moderator: v.moderator, blocked: s.blocked.has(v.userId) },
    settings: s.settings,
    messages,
    questions: s.questions.filter((q) => canSeeQuestion(q, v)).map((q) => projectQuestion(q, v)),
    announcements: s.announcements.map(projectAnnouncement),
    reactions: { ...s.reactionCounts },
    ...(v.moderator ? { blocked: [...s.blocked], blockRecords: [...s.blockRecords.values()].map((r) => ({ ...r })) } : {}),
  };
}

/**
 * What one subscriber receives for one world event, or null for nothing. Items that stop being
 * visible (a deleted message, a dismissed question) become `{ type: 'removed' }` for those who saw them.
 */
export function eventFor(e: CncEvent, v: Viewer): Record<string, unknown> | null {
  switch (e.type) {
    case 'chat':
      if (e.message.deleted && !v.moderator) return { type: 'chat.removed', id: e.message.id };
      return { type: 'chat', message: projectMessage(e.message, v) };
    case 'question': {
      const q = e.question;
      if (canSeeQuestion(q, v)) return { type: 'question', question: projectQuestion(q, v) };
      if (canSeeQuestionState(e.previousState, q.askerId, v)) return { type: 'question.removed', id: q.id };
      return null;
    }
    case 'announcement':
      return { type: 'announcement', announcement: projectAnnouncement(e.announcement) };
    case 'reaction':
      return { type: 'reaction', reaction: e.reaction, counts: e.counts };
    case 'blocked':
      if (v.moderator) return { type: 'blocked', userId: e.userId, blocked: e.blocked, by: e.by, reason: e.reason ?? '' };
      if (e.userId === v.userId) return { type: 'blocked', userId: e.userId, blocked: e.blocked };
      return null;
    case 'settings':
      return { type: 'settings', settings: e.settings };
    case 'join':
      return null;
  }
}
