// The triage inbox: which questions show, in which order, with what counts. Pure and fast enough to run
// on every change with 10,000 questions (one pass to filter, one sort).
import { foldText } from './text';
import type { Question, QuestionState } from './types';

export type SortOrder = 'votes' | 'time';

export interface InboxFilter {
  state: QuestionState;
  starredOnly?: boolean;
  mineOnly?: boolean;
  unansweredOnly?: boolean;
  search?: string;
}

export interface InboxContext {
  me: string;
  starred: ReadonlySet<string>;
}

export function inboxCounts(questions: Iterable<Question>): Record<QuestionState, number> {
  const counts: Record<QuestionState, number> = { pending: 0, approved: 0, answered: 0, dismissed: 0 };
  for (const q of questions) counts[q.state]++;
  return counts;
}

export function visibleQuestions(
  questions: Iterable<Question>,
  filter: InboxFilter,
  context: InboxContext,
  order: SortOrder,
  /** Folded text by question id, cached by the caller so search does not fold 10,000 texts per key. */
  folded: (q: Question) => string = (q) => foldText(q.text),
): Question[] {
  const needle = filter.search ? foldText(filter.search) : '';
  const out: Question[] = [];
  for (const q of questions) {
    if (q.state !== filter.state) continue;
    if (filter.starredOnly && !context.starred.has(q.id)) continue;
    if (filter.mineOnly && q.handledBy !== context.me) continue;
    if (filter.unansweredOnly && (q.answers.length > 0 || q.answeredLive)) continue;
    if (needle && !folded(q).includes(needle)) continue;
    out.push(q);
  }
  return out.sort(order === 'votes' ? byVotes : byTime);
}

const byTime = (a: Question, b: Question) => b.createdAt - a.createdAt || a.id.localeCompare(b.id);
const byVotes = (a: Question, b: Question) => b.votes - a.votes || byTime(a, b);
