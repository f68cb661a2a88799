// Reads the CnC widget's Q&A rows into questions, through the profile (language v2). Runs in the content
// script. Ids come from an attribute or are synthesised from the shown fields (profile-identity.ts); state
// from an attribute, a class, or the list (tab) the row is in.
import type { Answer, Question, QuestionState } from '../model/qna/types';
import { readField } from './profile-dom';
import { RowIdentity } from './profile-identity';
import type { QnaSection, StateSpec } from './profile-schema';

export { readField } from './profile-dom';

export function readState(row: Element, spec: StateSpec): QuestionState | null {
  if ('byClass' in spec) {
    for (const [cls, state] of Object.entries(spec.byClass)) if (row.classList.contains(cls)) return state as QuestionState;
    return null;
  }
  if ('byContainer' in spec) {
    for (const { selector, state } of spec.byContainer) {
      try {
        if (row.closest(selector)) return state as QuestionState;
      } catch {
        return null;
      }
    }
    return null;
  }
  return readField(row, spec) as QuestionState | null;
}

/** The ids of rows (in list order): read from an attribute, or synthesised from what each row shows. */
export function rowIds(rows: readonly Element[], profile: QnaSection, identity: RowIdentity): Array<string | null> {
  const spec = profile.id;
  if (spec.from !== 'fields') return rows.map((r) => readField(r, spec));
  // Author and time anchor the id; the text only breaks a tie (an edited text keeps its id).
  const anchor = spec.fields.filter((f) => f !== 'text');
  const tie = spec.fields.filter((f) => f === 'text');
  const read = (r: Element, f: string) => readField(r, profile.fields[f])?.replace(/\s+/g, ' ').trim() ?? null;
  return identity.assign(rows.map((r) => ({ anchor: anchor.map((f) => read(r, f)), tie: tie.map((f) => read(r, f)) })));
}

/** One row to a question; null when the row lacks an id or a known state (reported as unreadable). */
export function readQuestion(row: Element, id: string | null, profile: QnaSection, now: number): Question | null {
  const state = readState(row, profile.state);
  if (!id || !state) return null;
  const f = profile.fields;
  const author = readField(row, f.author)?.trim() || null;
  const anonymous = !author || author === profile.anonymousAuthor;
  const time = Date.parse(readField(row, f.time) ?? '');
  const createdAt = Number.isFinite(time) ? time : now;
  const answers: Answer[] = [];
  if (profile.answers) {
    let i = 0;
    for (const a of Array.from(row.querySelectorAll(profile.answers.row))) {
      i++;
      const answerId = profile.answers.id ? readField(a, profile.answers.id) : `${id}/a${i}`;
      if (!answerId) continue;
      answers.push({
        id: answerId,
        text: readField(a, profile.answers.text) ?? '',
        visibility: readField(a, profile.answers.visibility) === 'private' ? 'private' : 'public',
        by: readField(a, profile.answers.by),
        at: createdAt,
      });
    }
  }
  const answeredLive = !!f.answeredLive && readField(row, f.answeredLive) === f.answeredLive.equals;
  // Our "answered" is answered in text or live; the widget may keep such a question "approved".
  const shownState = state === 'approved' && (answers.length > 0 || answeredLive) ? 'answered' : state;
  return {
    id,
    surface: 'cnc',
    text: readField(row, f.text) ?? '',
    author: { id: anonymous ? null : readField(row, f.authorId), name: anonymous ? null : author, anonymous },
    createdAt,
    // The widget shows no modification time: a row's content is its version, compared by the session.
    updatedAt: createdAt,
    votes: Number.parseInt(readField(row, f.votes) ?? '0', 10) || 0,
    state: shownState,
    answeredLive,
    answers,
    replies: answers.length,
    handledBy: readField(row, f.handledBy)?.trim() || null,
  };
}

export interface QnaRead {
  questions: Question[];
  /** Rows the profile could not read (no id or an unknown state). */
  unreadable: number;
}

export function readQuestions(rows: Iterable<Element>, profile: QnaSection, now: number, identity = new RowIdentity()): QnaRead {
  const list = Array.from(rows);
  const ids = rowIds(list, profile, identity);
  const questions: Question[] = [];
  let unreadable = 0;
  list.forEach((row, i) => {
    const q = readQuestion(row, ids[i] ?? null, profile, now);
    if (q) questions.push(q);
    else unreadable++;
  });
  return { questions, unreadable };
}
