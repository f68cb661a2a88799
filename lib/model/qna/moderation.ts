// Who may act on a question now, between moderators: the rules the inbox follows before it sends anything.
// Pure; the background refuses the same conflicts again (effects.ts conflictOf), this only spares the round
// trip and says why at once.
import type { PendingCommand } from './session';
import type { QnaCapabilities, Question } from './types';
import { ROW_ACTION_CAPABILITY, absentText, offeredActions, type RowAction } from './view';

/** Another moderator handles this question (a claim), on a surface with claims. */
export function heldByOther(q: Pick<Question, 'handledBy'>, caps: Pick<QnaCapabilities, 'claim'>, me: string): boolean {
  return caps.claim && q.handledBy !== null && q.handledBy !== me;
}

/**
 * Opening the reply box claims the question first (so every other moderator sees who answers before anyone
 * can answer twice): only where claims exist, when nobody holds it, and once per opening.
 */
export function claimOnOpen(q: Pick<Question, 'handledBy'>, caps: Pick<QnaCapabilities, 'claim'>, alreadyClaimed: boolean): boolean {
  return caps.claim && q.handledBy === null && !alreadyClaimed;
}

/**
 * Whether a row action may go now, and if not why: the surface cannot do it at all, it is not for a question
 * in this state, or another moderator holds the question (restoring and answering are allowed through: the
 * reply box shows the claim and offers "Take over").
 */
export type ActionVerdict =
  | { ok: true }
  | { ok: false; why: 'absent' | 'wrong-state'; text: string }
  | { ok: false; why: 'held-by-other'; text: string };

export function rowActionVerdict(
  action: RowAction,
  q: Pick<Question, 'state' | 'handledBy'>,
  caps: QnaCapabilities,
  me: string,
  label: string,
): ActionVerdict {
  if (!offeredActions(q.state, caps).includes(action)) {
    const capability = ROW_ACTION_CAPABILITY[action];
    return caps[capability]
      ? { ok: false, why: 'wrong-state', text: `${label} is not for ${q.state} questions.` }
      : { ok: false, why: 'absent', text: absentText(capability, caps) };
  }
  const answering = action === 'answer-public' || action === 'answer-private';
  if (action !== 'restore' && !answering && heldByOther(q, caps, me)) {
    return { ok: false, why: 'held-by-other', text: `Handled by ${q.handledBy}. Take over to act on it.` };
  }
  return { ok: true };
}

/**
 * Why this moderator's latest claim of a question failed, or null when it did not (none, in flight, or done).
 * The reply box shows it and frees itself: otherwise it would wait on "Claiming…" for a claim that never comes.
 */
export function claimFailure(
  commands: readonly Pick<PendingCommand, 'action' | 'status' | 'at'>[],
  questionId: string,
): { message: string; takeOver: boolean } | null {
  let latest: Pick<PendingCommand, 'action' | 'status' | 'at'> | null = null;
  for (const c of commands) {
    if (c.action.kind !== 'claim' || c.action.questionId !== questionId) continue;
    if (!latest || c.at >= latest.at) latest = c;
  }
  if (!latest || latest.status.state !== 'failed' || latest.action.kind !== 'claim') return null;
  return { message: latest.status.message, takeOver: latest.action.takeOver === true };
}
