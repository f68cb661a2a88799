import type { Question } from '../model/qna/types';

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
}
