// Which questions a bulk action may touch, and when it must ask first. Pure, so the rules are tested apart
// from the view: a bulk approve publishes to every attendee at once, so it never includes a question held
// for a banned word (the moderator has to read that one), nor one another moderator is handling, and a
// large one is confirmed once, saying what it will touch.
import type { QuestionState } from './types';

export type BulkKind = 'approve' | 'dismiss';

/** Above this many questions a bulk action asks once before it goes. */
export const BULK_CONFIRM_OVER = 10;

export interface BulkCandidate {
  id: string;
  /** The state the inbox shows (a banned-word hold shows as pending). */
  state: QuestionState;
  handledBy: string | null;
}

export interface BulkContext {
  me: string;
  /** Whether claims exist on this surface (only then does "handled by another" keep a question out). */
  claims: boolean;
  /** Banned-word holds: question id → reason. */
  holds: Readonly<Record<string, string>>;
}

export interface BulkSkip {
  reason: 'held' | 'other-moderator' | 'wrong-state';
  count: number;
  text: string;
}

export interface BulkPlan {
  kind: BulkKind;
  /** Ids to act on, in the order given. */
  ids: string[];
  skipped: BulkSkip[];
  /** Ask once before acting (more than BULK_CONFIRM_OVER questions). */
  confirm: boolean;
  /** The button's and the confirmation's words: "Approve 109 questions? 3 held ones are left out." */
  question: string;
  /** One line on what is left out, or '' ("3 held for banned words are skipped."). */
  skippedText: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function bulkPlan(kind: BulkKind, selected: readonly BulkCandidate[], ctx: BulkContext): BulkPlan {
  const ids: string[] = [];
  let held = 0;
  let other = 0;
  let wrong = 0;
  for (const q of selected) {
    const eligibleState = kind === 'approve' ? q.state === 'pending' : q.state !== 'dismissed';
    if (!eligibleState) wrong++;
    else if (kind === 'approve' && ctx.holds[q.id] !== undefined) held++;
    else if (ctx.claims && q.handledBy !== null && q.handledBy !== ctx.me) other++;
    else ids.push(q.id);
  }
  const skipped: BulkSkip[] = [];
  if (held) skipped.push({ reason: 'held', count: held, text: `${plural(held, 'held one is', 'held ones are')} left out (banned words: read them first)` });
  if (other) skipped.push({ reason: 'other-moderator', count: other, text: `${plural(other, 'is', 'are')} handled by another moderator` });
  if (wrong)
    skipped.push({ reason: 'wrong-state', count: wrong, text: `${plural(wrong, 'is', 'are')} already ${kind === 'approve' ? 'past Pending' : 'dismissed'}` });
  const skippedText = skipped.map((s) => s.text).join('; ');
  const verb = kind === 'approve' ? 'Approve' : 'Dismiss';
  const short = skipped
    .map((s) => (s.reason === 'held' ? `${plural(s.count, 'held one is', 'held ones are')} left out.` : `${s.text}.`))
    .join(' ');
  return {
    kind,
    ids,
    skipped,
    confirm: ids.length > BULK_CONFIRM_OVER,
    question: `${verb} ${plural(ids.length, 'question', 'questions')}?${short ? ` ${short}` : ''}`,
    skippedText: skippedText ? `${skippedText}.` : '',
  };
}
