// Who may act on a question now, between moderators: the rules the inbox follows before it sends anything.
// Pure; the background refuses the same conflicts again (effects.ts conflictOf), this only spares the round
// trip and says why at once.
import type { QnaCapabilities, Question } from './types';

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
