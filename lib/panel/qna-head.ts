// The panel's side of a head-first Q&A snapshot (lib/session/qna/head.ts): the head shows the queue at
// once as a partial mirror (true counts, each tab's first rows); the whole snapshot that follows on the same
// port completes it. A partial mirror is never taken for the whole list: `partialNotice` says what waits
// for the rest (bulk over a tab, select all, search and filters), and the view refuses those until then.
import { QuestionsView, applyToMirror, effectiveState, type QnaMirror, type QnaPatch, type QnaSnapshot } from '../model/qna/session';
import type { Question, QuestionState } from '../model/qna/types';
import type { QnaHead } from '../contracts/qna-batch';

/** What a partial mirror knows of the whole session. */
export interface QnaPartial {
  /** Questions per tab as the inbox counts them, kept up to date by the patches the head can account for. */
  counts: Record<QuestionState, number>;
  /** Questions in the whole session. */
  total: number;
  /** The newest question's time the head knew (a patch's row newer than it is a new question). */
  newestAt: number;
}

/**
 * The panel's mirror: partial while only a head has come; `saved` while that head is the one the panel read
 * from storage itself before the worker answered (lib/panel/saved-head.ts): shown, never acted on.
 */
export type PanelQnaMirror = QnaMirror & { partial?: QnaPartial; saved?: boolean };

export function headMirror(head: QnaHead, version: number): PanelQnaMirror {
  const store = new Map<string, Question>();
  let newestAt = -Infinity;
  for (const q of head.questions) {
    store.set(q.id, q);
    if (q.createdAt > newestAt) newestAt = q.createdAt;
  }
  return { meta: head.meta, questions: new QuestionsView(store), version, partial: { counts: { ...head.counts }, total: head.total, newestAt } };
}

/**
 * The whole snapshot after a head: the head's store is filled with it (not a new one), and the mirror says
 * nothing of what changed. The inbox then counts and sorts everything afresh, as on a first snapshot: the
 * rest are not "new" questions held behind "N new", and the rows shown keep their places (they are each
 * tab's first rows in its order).
 */
export function completeMirror(partial: PanelQnaMirror, snapshot: QnaSnapshot, version: number): PanelQnaMirror {
  const store = partial.questions instanceof QuestionsView ? partial.questions.mutable() : new Map<string, Question>();
  store.clear();
  for (const q of snapshot.questions) store.set(q.id, q);
  return { meta: snapshot.meta, questions: new QuestionsView(store), version };
}

/**
 * A patch on a partial mirror: applied to the rows the head has, and to its counts where it can tell.
 * A row the head had moves from its state to its new one; a row newer than any the head knew is a new
 * question. Of a row outside the head the panel does not know the state before: its count waits for the
 * whole snapshot, which comes next on the same port and holds the patch (it is read when posted).
 */
export function patchPartial(mirror: PanelQnaMirror, patch: QnaPatch): PanelQnaMirror {
  const next: PanelQnaMirror = applyToMirror(mirror, patch);
  const partial = mirror.partial;
  if (!partial) return next;
  const counts = { ...partial.counts };
  let { total, newestAt } = partial;
  const before = next.changes?.before;
  if (before) {
    for (const [id, old] of before) {
      const now = next.questions.get(id);
      if (old) counts[effectiveState(old, mirror.meta)]--;
      else if (!now || now.createdAt <= partial.newestAt) continue; // outside the head: state before unknown
      else total++;
      if (now) {
        counts[effectiveState(now, next.meta)]++;
        if (now.createdAt > newestAt) newestAt = now.createdAt;
      } else total--;
    }
  }
  return { ...next, partial: { counts, total, newestAt } };
}

/** Why an action over the whole list must wait (null: the list is whole). */
export function partialNotice(mirror: { partial?: Pick<QnaPartial, 'total'> } | null | undefined): string | null {
  const partial = mirror?.partial;
  if (!partial) return null;
  return `Loading the rest of the ${groupedCount(partial.total)} questions… Search, filters, select all and bulk actions wait for them.`;
}

/**
 * 11000 → "11,000", as toLocaleString('en-US') writes it, without Intl: the first Intl use in a page loads
 * its number data, and this notice is on the panel's first render of a restored queue (measured: 50 ms in
 * Node, 100–340 ms in the panel between the head applied and the count shown, issue 9).
 */
export function groupedCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
