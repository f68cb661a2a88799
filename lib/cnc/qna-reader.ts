// Reads the CnC widget's Q&A rows into questions, through the profile. Runs in the content script.
import type { Answer, Question } from '../model/qna/types';
import type { FieldSpec, QnaProfile } from './qna-profile';

const MAX_TEXT = 20_000;

export function readField(row: Element, spec: FieldSpec | undefined): string | null {
  if (!spec) return null;
  let el: Element | null = row;
  if (spec.selector) {
    try {
      el = row.querySelector(spec.selector);
    } catch {
      return null;
    }
  }
  if (!el) return null;
  let value = spec.attr ? el.getAttribute(spec.attr) : el.textContent;
  if (value === null) return null;
  value = value.slice(0, MAX_TEXT);
  if (spec.pattern) value = new RegExp(spec.pattern, 'u').exec(value.trim())?.[1] ?? null;
  if (value !== null && spec.map) value = spec.map[value] ?? null;
  return value;
}

/** One row to a question; null when the row lacks an id or a known state (reported as unreadable). */
export function readQuestion(row: Element, profile: QnaProfile, now: number): Question | null {
  const id = readField(row, profile.id);
  const state = readField(row, profile.state) as Question['state'] | null;
  if (!id || !state) return null;
  const author = readField(row, profile.author)?.trim() || null;
  const anonymous = !author || author === profile.anonymousAuthor;
  const time = Date.parse(readField(row, profile.time) ?? '');
  const createdAt = Number.isFinite(time) ? time : now;
  const answers: Answer[] = [];
  if (profile.answer) {
    for (const a of Array.from(row.querySelectorAll(profile.answer.item))) {
      const answerId = readField(a, profile.answer.id);
      if (!answerId) continue;
      answers.push({
        id: answerId,
        text: readField(a, profile.answer.text) ?? '',
        visibility: readField(a, profile.answer.visibility) === 'private' ? 'private' : 'public',
        by: readField(a, profile.answer.by),
        at: createdAt,
      });
    }
  }
  const answeredLive = !!profile.answeredLive && readField(row, profile.answeredLive) === profile.answeredLive.equals;
  // Our "answered" is answered in text or live; the widget may keep such a question "approved".
  const shownState = state === 'approved' && (answers.length > 0 || answeredLive) ? 'answered' : state;
  return {
    id,
    surface: 'cnc',
    text: readField(row, profile.text) ?? '',
    author: { id: anonymous ? null : readField(row, profile.authorId), name: anonymous ? null : author, anonymous },
    createdAt,
    // The widget shows no modification time: a row's content is its version, compared by the session.
    updatedAt: createdAt,
    votes: Number.parseInt(readField(row, profile.votes) ?? '0', 10) || 0,
    state: shownState,
    answeredLive,
    answers,
    replies: answers.length,
    handledBy: readField(row, profile.handledBy)?.trim() || null,
  };
}

export interface QnaRead {
  questions: Question[];
  /** Rows the profile could not read (no id or an unknown state). */
  unreadable: number;
}

export function readQuestions(rows: Iterable<Element>, profile: QnaProfile, now: number): QnaRead {
  const questions: Question[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const q = readQuestion(row, profile, now);
    if (q) questions.push(q);
    else unreadable++;
  }
  return { questions, unreadable };
}
