// When is a moderator's action done? When its effect shows on the surface. The outbox checks these on
// every update, so an action that was performed twice (a retry after a lost confirmation) is still
// applied once, and an action whose effect never shows is reported, not assumed.
import type { QnaAction } from './commands';
import type { Question } from './types';

export function effectObserved(action: QnaAction, byId: ReadonlyMap<string, Question>, me: string): boolean {
  if (action.kind === 'merge') return action.memberIds.every((id) => id === action.primaryId || byId.get(id)?.state === 'dismissed');
  const q = byId.get(action.questionId);
  if (!q) return false;
  switch (action.kind) {
    case 'approve':
      return q.state === 'approved' || q.state === 'answered';
    case 'dismiss':
      return q.state === 'dismissed';
    case 'restore':
      return q.state !== 'dismissed';
    case 'answer':
      return q.answers.some((a) => a.visibility === action.visibility && a.text.trim() === action.text.trim());
    case 'answered-live':
      return q.answeredLive;
    case 'claim':
      return q.handledBy === me;
    case 'release':
      return q.handledBy !== me;
  }
}

/**
 * Refuses what would step on another moderator: answering, or claiming without an explicit take-over,
 * a question someone else handles. Returns the reason, or null when the action may go.
 */
export function conflictOf(action: QnaAction, byId: ReadonlyMap<string, Question>, me: string): string | null {
  if (action.kind === 'merge') return null;
  const q = byId.get(action.questionId);
  if (!q) return 'This question is no longer on the surface.';
  const holder = q.handledBy;
  if (!holder || holder === me) return null;
  const guarded = action.kind === 'answer' || action.kind === 'answered-live' || (action.kind === 'claim' && !action.takeOver);
  return guarded ? `${holder} is handling this question. Take it over first if you mean to answer it.` : null;
}
