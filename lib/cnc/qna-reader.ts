// Reads the CnC widget's Q&A rows into questions, through the profile (language v2). Runs in the content
// script. Ids come from an attribute or are synthesised from the shown fields (profile-identity.ts); state
// from an attribute, a class, or the list (tab) the row is in.
import type { Answer, Question, QuestionState } from '../model/qna/types';
import { readField } from './profile-dom';
import { RowIdentity } from './profile-identity';
import type { QnaSection, StateSpec } from './profile-schema';

export { readField } from './profile-dom';

/** Per read: the state each list parent gives its rows (1,000 rows in four lists: four lookups, not 4,000). */
type ContainerStates = Map<Element, QuestionState | null>;

export function readState(row: Element, spec: StateSpec, byParent?: ContainerStates): QuestionState | null {
  if ('byClass' in spec) {
    for (const [cls, state] of Object.entries(spec.byClass)) if (row.classList.contains(cls)) return state as QuestionState;
    return null;
  }
  if ('byContainer' in spec) {
    const parent = row.parentElement;
    if (parent && byParent?.has(parent)) return byParent.get(parent)!;
    const state = containerState(row, spec.byContainer);
    if (parent) byParent?.set(parent, state);
    return state;
  }
  return readField(row, spec) as QuestionState | null;
}

/** The first container (an ancestor of the row, never the row itself) the row is in gives its state. */
function containerState(row: Element, containers: Array<{ selector: string; state: string }>): QuestionState | null {
  const parent = row.parentElement;
  if (!parent) return null;
  for (const { selector, state } of containers) {
    try {
      if (parent.closest(selector)) return state as QuestionState;
    } catch {
      return null;
    }
  }
  return null;
}

/** Field values already read from a row (the id's fields), so a read of 1,000 rows reads each once. */
type Seen = Map<string, string | null>;

function field(row: Element, profile: QnaSection, name: string, seen?: Seen): string | null {
  if (seen?.has(name)) return seen.get(name)!;
  const value = readField(row, profile.fields[name]);
  seen?.set(name, value);
  return value;
}

/** The ids of rows (in list order): read from an attribute, or synthesised from what each row shows. */
export function rowIds(rows: readonly Element[], profile: QnaSection, identity: RowIdentity, seen?: Seen[]): Array<string | null> {
  const spec = profile.id;
  if (spec.from !== 'fields') return rows.map((r) => readField(r, spec));
  // Author and time anchor the id; the text only breaks a tie (an edited text keeps its id).
  const anchor = spec.fields.filter((f) => f !== 'text');
  const tie = spec.fields.filter((f) => f === 'text');
  const read = (r: Element, i: number, f: string) => field(r, profile, f, seen?.[i])?.replace(/\s+/g, ' ').trim() ?? null;
  return identity.assign(rows.map((r, i) => ({ anchor: anchor.map((f) => read(r, i, f)), tie: tie.map((f) => read(r, i, f)) })));
}

/** One row to a question; null when the row lacks an id or a known state (reported as unreadable). */
export function readQuestion(row: Element, id: string | null, profile: QnaSection, now: number, seen?: Seen, byParent?: ContainerStates): Question | null {
  const state = readState(row, profile.state, byParent);
  if (!id || !state) return null;
  const f = profile.fields;
  const author = field(row, profile, 'author', seen)?.trim() || null;
  const anonymous = !author || author === profile.anonymousAuthor;
  const time = Date.parse(field(row, profile, 'time', seen) ?? '');
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
    text: field(row, profile, 'text', seen) ?? '',
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
  const seen = profile.id.from === 'fields' ? list.map((): Seen => new Map()) : undefined;
  const ids = rowIds(list, profile, identity, seen);
  const questions: Question[] = [];
  const byParent: ContainerStates = new Map();
  let unreadable = 0;
  list.forEach((row, i) => {
    const q = readQuestion(row, ids[i] ?? null, profile, now, seen?.[i], byParent);
    if (q) questions.push(q);
    else unreadable++;
  });
  return { questions, unreadable };
}
