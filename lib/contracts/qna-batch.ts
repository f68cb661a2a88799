import type { Question, QuestionState } from '../model/qna/types';
import type { QnaMeta } from '../model/qna/session';

/** What the content script reports of the widget's Q&A: the rows that changed, and the widget's health. */
export interface QnaBatch {
  entryId: string;
  profileId: string;
  questions: Question[];
  /** Rows the profile could not read. */
  unreadable: number;
  /** The widget says it is connected to CnC. */
  live: boolean;
  /** The moderator as the widget knows them, when it shows it. */
  me: string | null;
  /** A virtualised widget list: how many rows were read of how many it holds (null: it does not say). */
  coverage?: { seen: number; total: number | null };
  /** This batch's place in the content script's reports (see QnaReportCursor). */
  cursor?: QnaReportCursor;
  /** The first batch after the background asked for a resend (its token): it holds what was asked. */
  rescanned?: string;
}

/**
 * Where a content script's reports stand: its instance (one per watcher) and the number of its last batch.
 * The background saves the cursor of what is in storage; after a worker restart it asks the tab to resend
 * only the rows reported after it (the same instance), not the whole backlog.
 */
export interface QnaReportCursor {
  instance: string;
  seq: number;
}

/** What the background asks for when its copy was lost: rows reported after `since` (null: all), answered with `token`. */
export interface QnaRescanRequest {
  since: QnaReportCursor | null;
  token: string;
}

/** A cursor from a message or from storage, or null when it is not one. */
export function reportCursorOf(value: unknown): QnaReportCursor | null {
  const c = value as QnaReportCursor | null | undefined;
  return c && typeof c === 'object' && typeof c.instance === 'string' && c.instance.length <= 64 && Number.isSafeInteger(c.seq) && c.seq >= 0
    ? { instance: c.instance, seq: c.seq }
    : null;
}

/**
 * The head of a large Q&A snapshot, posted to a panel before the snapshot itself (lib/session/qna/head.ts):
 * enough to show the queue at once. The panel takes it as a partial list until the snapshot follows.
 */
export interface QnaHead {
  meta: QnaMeta;
  /** Each tab's first rows in each of its orders (and the members merged into them), in no order. */
  questions: Question[];
  /** Questions per tab as the inbox counts them (effective state: a held question is pending). */
  counts: Record<QuestionState, number>;
  /** Questions in the whole snapshot. */
  total: number;
}
