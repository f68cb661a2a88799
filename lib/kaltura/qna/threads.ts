// From cuepoint_cuepoint.list rows (with their Kaltura-QnA metadata) to the moderator's Questions, for the
// 'webcast' surface. Pure.
//
// A thread is a root annotation of Type Question plus every annotation whose ThreadId (or, failing that,
// parentId) names it (KALTURA.md §3; playkit-js-qna qnaMessage.ts: "Always reference this threadId in metadata
// for parentId as moderator won't send parentId"; mwEmbed KQnaService: no ThreadId means the cue point is its
// own thread).
//
// Choices, documented because Kaltura-QnA has no field for them:
// - State: Answered/Done → answered; Deleted/Cleared → dismissed; FollowUp → approved (a moderator reopened it);
//   Pending/Assigned/none → answered once the thread has an answer or the answered-live marker, else approved
//   (Kaltura-QnA has no approval step, so nothing is ever 'pending' here).
// - answeredLive: a reply tagged `aoa_auto_reply` exists (the marker playkit-js-qna shows as "will be answered
//   on air", thread.tsx _willBeAnsweredOnAir). A plain AnswerOnAir reply is a public text answer, not this mark.
// - answers: Answer (private) and AnswerOnAir (public) replies, markers excluded.
// - votes: Kaltura-QnA has none → 0.

import type { Answer, Question, QuestionState } from '../../model/qna/types';
import { decodeQnaMetadata, type QnaMetadata, type QnaState } from './metadata-xml';
import { AOA_AUTO_REPLY_TAG, QNA_RELATED_OBJECTS } from './requests';

/** One Q&A annotation as the QandA response profile returns it (KALTURA.md §3), decoded. */
export interface QnaAnnotation {
  id: string;
  /** Unix seconds, as Kaltura sends them. */
  createdAt: number;
  updatedAt: number;
  parentId: string | null;
  text: string;
  tags: string[];
  userId: string | null;
  systemName: string | null;
  /** The metadata object's id, needed to update it (metadata_metadata.update). */
  metadataId: number | null;
  metadata: QnaMetadata;
}

export type ParsedAnnotation = { ok: true; value: QnaAnnotation } | { ok: false; id: string | null; reason: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one list row; never throws. Rows without Kaltura-QnA metadata are refused with a reason. */
export function parseAnnotation(row: unknown): ParsedAnnotation {
  if (!isObject(row)) return { ok: false, id: null, reason: 'not an object' };
  const id = str(row.id);
  if (!id) return { ok: false, id: null, reason: 'no id' };
  const createdAt = num(row.createdAt);
  const updatedAt = num(row.updatedAt);
  if (createdAt === null || updatedAt === null) return { ok: false, id, reason: 'no createdAt/updatedAt' };
  const related = isObject(row.relatedObjects) ? row.relatedObjects[QNA_RELATED_OBJECTS] : undefined;
  const objects = isObject(related) && Array.isArray(related.objects) ? related.objects : [];
  const first: unknown = objects[0];
  if (!isObject(first)) return { ok: false, id, reason: 'no Kaltura-QnA metadata' };
  const decoded = decodeQnaMetadata(first.xml);
  if (!decoded.ok) return { ok: false, id, reason: `bad Kaltura-QnA metadata: ${decoded.error}` };
  const parentId = str(row.parentId);
  return {
    ok: true,
    value: {
      id,
      createdAt,
      updatedAt,
      parentId: parentId && parentId !== '0' ? parentId : null,
      text: typeof row.text === 'string' ? row.text : '',
      tags: typeof row.tags === 'string' ? row.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
      userId: str(row.userId),
      systemName: str(row.systemName),
      metadataId: num(first.id),
      metadata: decoded.value,
    },
  };
}

/**
 * A guest's id: `##{prefix}HashSeparator{ksHash}{random}##`, the hash possibly negative (mwEmbed QnA
 * generateUserId; KALTURA.md §3: `##GuestHashSeparator<digits>##`, playkit-js-common getQnaUserId).
 */
export function isAnonymousUserId(id: string | null | undefined): boolean {
  return !id || /^##[^#]*HashSeparator-?\d+##$/i.test(id);
}

export function mapState(state: QnaState | undefined, hasAnswer: boolean): QuestionState {
  switch (state) {
    case 'Answered':
    case 'Done':
      return 'answered';
    case 'Deleted':
    case 'Cleared':
      return 'dismissed';
    case 'FollowUp':
      return 'approved';
    default: // Pending, Assigned, none
      return hasAnswer ? 'answered' : 'approved';
  }
}

/** The root id of an annotation's thread. */
export function threadIdOf(a: QnaAnnotation): string {
  return a.metadata.threadId ?? a.parentId ?? a.id;
}

const isLiveMarker = (a: QnaAnnotation) => a.tags.includes(AOA_AUTO_REPLY_TAG);
const byTime = (a: QnaAnnotation, b: QnaAnnotation) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The Question of a thread, or null when the root is not a question (an announcement, an orphan reply). */
export function toQuestion(root: QnaAnnotation, replies: readonly QnaAnnotation[]): Question | null {
  if (root.metadata.type !== 'Question' || threadIdOf(root) !== root.id) return null;
  const sorted = [...replies].sort(byTime);
  const answers: Answer[] = sorted
    .filter((r) => (r.metadata.type === 'Answer' || r.metadata.type === 'AnswerOnAir') && !isLiveMarker(r))
    .map((r) => ({ id: r.id, text: r.text, visibility: r.metadata.type === 'AnswerOnAir' ? 'public' : 'private', by: r.userId, at: r.createdAt * 1000 }));
  const answeredLive = sorted.some(isLiveMarker);
  const authorId = root.metadata.threadCreatorId ?? root.userId;
  const updatedAt = Math.max(root.updatedAt, ...sorted.map((r) => r.updatedAt));
  return {
    id: root.id,
    surface: 'webcast',
    text: root.text,
    // Kaltura-QnA carries no display name, only the asker's user id: for a signed-in asker that id is what the
    // event knows them by (their login, often their email), so it is their name here, never "Anonymous".
    author: { id: authorId, name: isAnonymousUserId(authorId) ? null : authorId, anonymous: isAnonymousUserId(authorId) },
    createdAt: root.createdAt * 1000,
    updatedAt: updatedAt * 1000,
    votes: 0,
    state: mapState(root.metadata.state, answers.length > 0 || answeredLive),
    answeredLive,
    answers,
    replies: sorted.length,
    handledBy: root.metadata.assignees[0] ?? null,
  };
}

/** Every Q&A annotation seen, grouped by thread, and the Questions derived from them. Treat as immutable. */
export interface ThreadState {
  annotations: ReadonlyMap<string, QnaAnnotation>;
  /** Annotation ids by thread root id (the root itself excluded). */
  replies: ReadonlyMap<string, readonly string[]>;
  /** Questions by root id. */
  questions: ReadonlyMap<string, Question>;
}

export function emptyThreads(): ThreadState {
  return { annotations: new Map(), replies: new Map(), questions: new Map() };
}

export interface MergeResult {
  threads: ThreadState;
  /** Ids of questions that appeared, changed or disappeared. */
  changed: string[];
  /** Rows that are not Kaltura-QnA annotations (no or bad metadata), with why. */
  rejected: { id: string | null; reason: string }[];
}

const sameAnnotation = (a: QnaAnnotation, b: QnaAnnotation) => JSON.stringify(a) === JSON.stringify(b);
const sameQuestion = (a: Question | undefined, b: Question | null) => (a === undefined ? b === null : b !== null && JSON.stringify(a) === JSON.stringify(b));

/**
 * Merges list rows into the state. Idempotent: the same rows twice change nothing and double nothing. The newest
 * updatedAt wins; on a tie the later read wins (reads are sequential, and a same-second change is exactly why
 * the sync re-reads its boundary second). Returns the previous state object itself when nothing changed.
 */
export function mergeThreads(previous: ThreadState, rows: readonly unknown[]): MergeResult {
  const rejected: MergeResult['rejected'] = [];
  let annotations: Map<string, QnaAnnotation> | null = null;
  let replies: Map<string, readonly string[]> | null = null;
  const touched = new Set<string>();

  for (const row of rows) {
    const parsed = parseAnnotation(row);
    if (!parsed.ok) {
      rejected.push({ id: parsed.id, reason: parsed.reason });
      continue;
    }
    const next = parsed.value;
    const current = (annotations ?? previous.annotations).get(next.id);
    if (current && (next.updatedAt < current.updatedAt || sameAnnotation(current, next))) continue;
    annotations ??= new Map(previous.annotations);
    replies ??= new Map(previous.replies);
    annotations.set(next.id, next);
    const root = threadIdOf(next);
    touched.add(root);
    if (current) {
      const oldRoot = threadIdOf(current);
      touched.add(oldRoot);
      if (oldRoot !== root && oldRoot !== current.id) replies.set(oldRoot, (replies.get(oldRoot) ?? []).filter((id) => id !== next.id));
    }
    if (root !== next.id) {
      const list = replies.get(root) ?? [];
      if (!list.includes(next.id)) replies.set(root, [...list, next.id]);
    }
  }

  if (!annotations || !replies) return { threads: previous, changed: [], rejected };
  const questions = new Map(previous.questions);
  const changed: string[] = [];
  for (const rootId of touched) {
    const root = annotations.get(rootId);
    const threadReplies = (replies.get(rootId) ?? []).map((id) => annotations.get(id)).filter((a): a is QnaAnnotation => a !== undefined);
    const question = root ? toQuestion(root, threadReplies) : null;
    if (sameQuestion(previous.questions.get(rootId), question)) continue;
    changed.push(rootId);
    if (question) questions.set(rootId, question);
    else questions.delete(rootId);
  }
  return { threads: { annotations, replies, questions }, changed, rejected };
}

/** Announcements (root annotations of Type Announcement), oldest first. */
export function announcementsOf(threads: ThreadState): QnaAnnotation[] {
  return [...threads.annotations.values()].filter((a) => a.metadata.type === 'Announcement').sort(byTime);
}
