/**
 * The actions a widget (or a bot, or the control API) can take, and their one dispatcher. The action
 * names and shapes are MODELED (see protocol.ts); what each does is in session.ts.
 */
import { REACTIONS } from '../site/widget-markup.js';
import { CncError } from './errors.js';
import { projectAnnouncement, projectMessage, projectQuestion } from './visibility.js';
import type { CncWorld } from './world.js';

export const ACTION_TYPES = [
  'join',
  'chat.post',
  'chat.react',
  'chat.pin',
  'chat.delete',
  'qna.ask',
  'qna.upvote',
  'qna.approve',
  'qna.dismiss',
  'qna.restore',
  'qna.claim',
  'qna.answer',
  'qna.answeredLive',
  'announce',
  'react',
  'user.block',
  'settings.update',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Loose on purpose: every field is validated by the store, attendee input is hostile. */
export interface CncAction {
  type: ActionType;
  [field: string]: unknown;
}

export type ActionResult = { ok: true; id?: string; item?: unknown } | { ok: false; error: string; message: string };

export function isAction(v: unknown): v is CncAction {
  return !!v && typeof v === 'object' && ACTION_TYPES.includes((v as { type?: unknown }).type as ActionType);
}

/**
 * Apply one action for `userId` in session `entryId`. `moderator` comes from the caller's token (JWT
 * group or ADMIN KS). Never throws: refusals come back as `{ ok: false }`.
 */
export function applyAction(world: CncWorld, entryId: string, userId: string, moderator: boolean, action: unknown): ActionResult {
  try {
    if (!isAction(action)) throw new CncError('INVALID_ACTION', `action.type must be one of ${ACTION_TYPES.join(', ')}`);
    const s = world.session(entryId);
    const a = world.actor(userId, moderator);
    const viewer = { userId, moderator: a.moderator };
    switch (action.type) {
      case 'join':
        world.join(entryId, userId);
        return { ok: true };
      case 'chat.post': {
        const m = s.postChat(a, action.text);
        world.recordActivity(entryId, userId, 'group_message');
        return { ok: true, id: m.id, item: projectMessage(m, viewer) };
      }
      case 'chat.react': {
        const m = s.reactToMessage(a, action.messageId, action.emoji, action.on);
        world.recordActivity(entryId, userId, 'reaction');
        return { ok: true, id: m.id, item: projectMessage(m, viewer) };
      }
      case 'chat.pin':
        return { ok: true, id: String(action.messageId), item: projectMessage(s.pinMessage(a, action.messageId, action.pinned), viewer) };
      case 'chat.delete':
        return { ok: true, id: String(action.messageId), item: projectMessage(s.deleteMessage(a, action.messageId), viewer) };
      case 'qna.ask': {
        const q = s.ask(a, action.text, action.anonymous);
        world.recordActivity(entryId, userId, 'qna_thread');
        return { ok: true, id: q.id, item: projectQuestion(q, viewer) };
      }
      case 'qna.upvote':
        return { ok: true, id: String(action.questionId), item: projectQuestion(s.upvote(a, action.questionId, action.on), viewer) };
      case 'qna.approve':
        return { ok: true, id: String(action.questionId), item: projectQuestion(s.setQuestionState(a, action.questionId, 'approved'), viewer) };
      case 'qna.dismiss':
        return { ok: true, id: String(action.questionId), item: projectQuestion(s.setQuestionState(a, action.questionId, 'dismissed'), viewer) };
      case 'qna.restore':
        return { ok: true, id: String(action.questionId), item: projectQuestion(s.restoreQuestion(a, action.questionId), viewer) };
      case 'qna.claim':
        return { ok: true, id: String(action.questionId), item: projectQuestion(s.claim(a, action.questionId, action.on), viewer) };
      case 'qna.answer': {
        const { question, answer } = s.answer(a, action.questionId, action.text, action.private);
        // A private answer is a private message to the asker in CnC terms (report 70001 counts them).
        if (answer.visibility === 'private') world.recordActivity(entryId, userId, 'private_message');
        return { ok: true, id: answer.id, item: projectQuestion(question, viewer) };
      }
      case 'qna.answeredLive':
        return { ok: true, id: String(action.questionId), item: projectQuestion(s.markAnsweredLive(a, action.questionId, action.on), viewer) };
      case 'announce': {
        const ann = s.announce(a, action.text, action.pinned);
        return { ok: true, id: ann.id, item: projectAnnouncement(ann) };
      }
      case 'react': {
        const counts = s.react(a, action.reaction, REACTIONS);
        world.recordActivity(entryId, userId, 'reaction');
        return { ok: true, item: { ...counts } };
      }
      case 'user.block':
        return { ok: true, item: { userId: action.userId, blocked: s.block(a, action.userId, action.blocked, action.reason) } };
      case 'settings.update':
        return { ok: true, item: s.updateSettings(a, action.settings) };
    }
  } catch (e) {
    if (e instanceof CncError) return e.toJSON();
    return { ok: false, error: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
  }
}
