// When is a moderator's action done? When its effect shows on the surface. The outbox checks these on
// every update, so an action that was performed twice (a retry after a lost confirmation) is still
// applied once, and an action whose effect never shows is reported, not assumed.
import type { QnaAction } from './commands';
import type { Question } from './types';

/**
 * An answer is confirmed only by an answer that appeared after it was sent: `baseline` is how many
 * matching answers the question had before (an identical earlier answer by someone else does not count).
 */
export function effectObserved(action: QnaAction, byId: ReadonlyMap<string, Question>, me: string, baseline = 0): boolean {
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
      return matchingAnswers(q, action) > baseline;
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

/** How many of the question's answers match this answer now (the baseline taken when it is queued). */
export function answerBaseline(action: Extract<QnaAction, { kind: 'answer' }>, byId: ReadonlyMap<string, Question>): number {
  const q = byId.get(action.questionId);
  return q ? matchingAnswers(q, action) : 0;
}

function matchingAnswers(q: Question, action: Extract<QnaAction, { kind: 'answer' }>): number {
  const want = normalise(action.text);
  let n = 0;
  for (const a of q.answers) if (a.visibility === action.visibility && normalise(a.text) === want) n++;
  return n;
}

/** The widget may reflow an answer: compare without case, spacing or Unicode-form differences. */
export function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}
