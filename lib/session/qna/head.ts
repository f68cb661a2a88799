// The head of a Q&A snapshot: what a panel needs to show the queue at once, before the whole list arrives
// (issue 9: a cold restore with 10,000 questions until the panel shows the queue again, < 500 ms).
// Posting 11,000 questions over the panel's port costs the worker ~100 ms to serialise, the panel as much to
// read, and the panel's first render of all of them ~250 ms more; the head is the true count of every tab
// and each tab's first screenful in each of its orders, a few hundred rows. The whole snapshot follows it
// on the same port (lib/panel/panel-state.ts completes the head with it; until then the panel refuses
// what needs every question: bulk over a tab, select all, search and filters); to a panel that starts
// following the tab, only once the panel drew the head, so the rest's reading does not delay that draw.
import { effectiveState, effectiveVotes, type QnaSnapshot } from '../../model/qna/session';
import type { Question, QuestionState } from '../../model/qna/types';
import { INBOX_ORDERS, lowerBound } from '../../model/qna/view';
import type { BackgroundToPanel } from '../../contracts/protocol';
import type { QnaHead } from '../../contracts/qna-batch';

export type { QnaHead };

/** Rows per tab and order: more than a panel shows at once. */
export const HEAD_ROWS = 60;
/** A snapshot this small goes whole: its head would be most of it. */
export const HEAD_MIN_QUESTIONS = 1_000;

/** The head message of a Q&A message, when it is a snapshot large enough to go head first (else null). */
export function headMessage(message: BackgroundToPanel): Extract<BackgroundToPanel, { type: 'qna-head' }> | null {
  if (message.type !== 'qna' || !message.snapshot || message.snapshot.questions.length < HEAD_MIN_QUESTIONS) return null;
  return { type: 'qna-head', tabId: message.tabId, head: headOf(message.snapshot) };
}

// The inbox's own orders, on the effective votes: the head's rows are exactly the first rows the inbox will
// show once the rest arrives, so nothing moves under the moderator then.
const ORDERS = Object.values(INBOX_ORDERS);
const STATES: QuestionState[] = ['pending', 'approved', 'answered', 'dismissed'];

/** The head of a snapshot: one pass over its questions, each kept only while among a tab's first rows. */
export function headOf(snapshot: QnaSnapshot, rows = HEAD_ROWS): QnaHead {
  const { meta, questions } = snapshot;
  const counts: Record<QuestionState, number> = { pending: 0, approved: 0, answered: 0, dismissed: 0 };
  const merged = Object.keys(meta.merged).length > 0;
  const byIdMap = merged ? new Map(questions.map((q) => [q.id, q])) : null;
  const members = new Set<string>();
  if (merged) for (const ids of Object.values(meta.merged)) for (const id of ids) members.add(id);
  // Per tab and order, the best `rows` so far, sorted (as the inbox shows them). Arrays by index, not a map
  // by "state|order": this loop runs over every question on the worker's way to the panel.
  const tops: Question[][][] = STATES.map(() => ORDERS.map(() => []));
  const stateIndex: Record<QuestionState, number> = { pending: 0, approved: 1, answered: 2, dismissed: 3 };
  const plain = !merged && Object.keys(meta.holds).length === 0;
  for (const raw of questions) {
    const state = plain ? raw.state : effectiveState(raw, meta);
    counts[state]++;
    // A merged member is not a row of its own (its votes count towards its primary).
    if (merged && members.has(raw.id)) continue;
    const votes = byIdMap ? effectiveVotes(raw, meta, byIdMap) : raw.votes;
    const q = state === raw.state && votes === raw.votes ? raw : { ...raw, state, votes };
    const lists = tops[stateIndex[state]]!;
    for (let o = 0; o < ORDERS.length; o++) {
      const top = lists[o]!;
      const cmp = ORDERS[o]!;
      if (top.length >= rows && cmp(q, top[top.length - 1]!) >= 0) continue;
      top.splice(lowerBound(top, q, cmp), 0, q);
      if (top.length > rows) top.pop();
    }
  }
  const ids = new Set<string>();
  for (const lists of tops) for (const top of lists) for (const q of top) ids.add(q.id);
  // The members of a primary shown: the panel sums their votes into it.
  for (const id of [...ids]) for (const m of meta.merged[id] ?? []) ids.add(m);
  // As the snapshot has them (not the effective copies: the panel derives those itself).
  const head = questions.filter((q) => ids.has(q.id));
  return { meta, questions: head, counts, total: questions.length };
}
