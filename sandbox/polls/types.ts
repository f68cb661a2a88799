/**
 * CnC poll shapes. KALTURA.md §4 (VERIFIED in kaltura/mcp-events pull request 5,
 * src/schemas/pollSchemas.ts): states, types, ≤ 8 options, visualization, scheduling
 * (absolute `scheduledTime` ISO string, or relative `offsetMilliseconds` from the session's
 * `startDate` / `endDate`), `autoCloseMilliseconds`, `isEnded`.
 * MODELED: options stored as `{ id, text }` (the MCP DTO sends strings; the REST layer accepts both),
 * `correctAnswers` as option ids, timestamps as ISO strings, vote/result shapes.
 */

export type PollState = 'Draft' | 'Scheduled' | 'Published' | 'UnPublished';
export type PollType = 'OptionsPoll' | 'OpenAnswers';
export const POLL_STATES: readonly PollState[] = ['Draft', 'Scheduled', 'Published', 'UnPublished'];
export const POLL_TYPES: readonly PollType[] = ['OptionsPoll', 'OpenAnswers'];
/** pollSchemas.ts `MaxPollAnswers = 8`. */
export const MAX_POLL_OPTIONS = 8;

export interface PollOption {
  id: string;
  text: string;
}

export interface PollScheduling {
  schedulingType?: 'absolute' | 'relative';
  /** ISO date-time, absolute scheduling. */
  scheduledTime?: string;
  relativeScheduling?: { offsetMilliseconds: number; attribute: 'startDate' | 'endDate' };
}

export interface PollContent {
  question: string;
  options: PollOption[];
  /** Option ids. */
  correctAnswers: string[];
}

export interface Poll {
  _id: string;
  contextId: string;
  state: PollState;
  type: PollType;
  content: PollContent;
  showResults: boolean;
  visualization?: { type: string; icon?: string };
  scheduling?: PollScheduling;
  autoCloseMilliseconds?: number;
  isAcceptingMultipleVotes?: boolean;
  /** Set once the poll is unpublished after having been published; never goes back. */
  isEnded: boolean;
  createdAt: string;
  updatedAt: string;
  /** When the poll last became Published (ISO). */
  publishedAt?: string;
  createdBy?: string;
}

/** What create accepts: everything but the server-owned fields; options may be plain strings. */
export interface PollInput {
  contextId: string;
  state?: PollState;
  type?: PollType;
  content: { question: string; options?: (PollOption | string)[]; correctAnswers?: (string | number)[] };
  showResults?: boolean;
  visualization?: Poll['visualization'];
  scheduling?: PollScheduling;
  autoCloseMilliseconds?: number;
  isAcceptingMultipleVotes?: boolean;
  createdBy?: string;
}

export type PollPatch = Partial<Omit<PollInput, 'contextId'>> & { isEnded?: boolean };

export interface PollValidationError {
  error: 'VALIDATION_ERROR';
  message: string;
  field: string;
}

export interface VoteAnswer {
  optionIds?: string[];
  text?: string;
}

export interface PollResults {
  /** Votes per option id (every option present, 0 when nobody chose it). */
  totals: Record<string, number>;
  /** Number of users who answered. */
  answers: number;
  /** OpenAnswers: the answers' texts, in the order they were last given. */
  texts?: string[];
}

export type PollEvent = { type: 'poll-changed' | 'poll-removed' | 'vote'; poll: Poll };
