// CnC polls as the REST on chat.{region}.ovp.kaltura.com has them (KALTURA.md §4, VERIFIED in
// kaltura/mcp-events PR 5 src/schemas/pollSchemas.ts: states, types, ≤ 8 options, visualization,
// absolute/relative scheduling, autoCloseMilliseconds, isAcceptingMultipleVotes).
// MODELED (matches the sandbox, not public): options come back as `{ id, text }`, `correctAnswers` as
// option ids, timestamps as ISO strings, and `results` on moderatorList.

export type PollState = 'Draft' | 'Scheduled' | 'Published' | 'UnPublished';
export type PollType = 'OptionsPoll' | 'OpenAnswers';

export const POLL_STATES: readonly PollState[] = ['Draft', 'Scheduled', 'Published', 'UnPublished'];
/** pollSchemas.ts `MaxPollAnswers = 8`. */
export const MAX_POLL_OPTIONS = 8;
/** A multiple-choice poll needs at least two options (Kaltura's moderator UI; the sandbox refuses fewer). */
export const MIN_POLL_OPTIONS = 2;

export interface PollOption {
  id: string;
  text: string;
}

export interface PollContent {
  question: string;
  options: PollOption[];
  /** Option ids (MODELED; the create DTO sends indexes into `options`). */
  correctAnswers: string[];
}

/** pollSchemas.ts: `crowd vote` (icon thumbs | emotions | yes-no), `slider poll`, `rating scale` (icon). */
export interface PollVisualization {
  type: string;
  icon?: string;
}

export interface PollScheduling {
  schedulingType?: 'absolute' | 'relative';
  /** ISO date-time, absolute scheduling. */
  scheduledTime?: string;
  relativeScheduling?: { offsetMilliseconds: number; attribute: 'startDate' | 'endDate' };
}

export interface Poll {
  _id: string;
  contextId: string;
  state: PollState;
  type: PollType;
  content: PollContent;
  showResults: boolean;
  visualization?: PollVisualization;
  scheduling?: PollScheduling;
  autoCloseMilliseconds?: number;
  isAcceptingMultipleVotes?: boolean;
  /** Set once a published poll is unpublished; never goes back (pollSchemas.ts). */
  isEnded?: boolean;
  createdAt?: string;
  updatedAt?: string;
  /** When the poll last became Published (ISO). MODELED. */
  publishedAt?: string;
  /** Only if the server stores the create's idempotency key in the poll (the sandbox does not). */
  idempotencyKey?: string;
}

/** MODELED (sandbox): what moderatorList carries per poll. */
export interface PollResults {
  /** Votes per option id. */
  totals: Record<string, number>;
  /** Number of attendees who answered. */
  answers: number;
  /** OpenAnswers: the answers' texts. Attendee text: hostile, render as text. */
  texts?: string[];
}

export type PollWithResults = Poll & { results?: PollResults };

export interface DraftOption {
  /** Local id, stable while the draft is edited (correctAnswers refer to it). */
  id: string;
  text: string;
}

/** A poll as the moderator prepares it in the extension; persisted in storage.local. */
export interface PollDraft {
  /** Local id. */
  id: string;
  /** The server's `_id` once created. */
  remoteId?: string;
  /** Created once per draft; sent as `Idempotency-Key` on every create attempt of this draft. */
  idempotencyKey: string;
  contextId: string;
  type: PollType;
  question: string;
  options: DraftOption[];
  /** Local option ids. */
  correctAnswers: string[];
  showResults: boolean;
  autoCloseMilliseconds: number | null;
  /** Epoch ms: publish at this time (absolute scheduling), or null. */
  scheduledAt: number | null;
  visualization?: PollVisualization;
  /** The last known server state; 'Draft' until created. */
  state: PollState;
  /** Epoch ms of the first create attempt: a later create is a retry and looks for that poll first. */
  createAttemptedAt?: number;
  /** Local edits not yet sent to the server (only meaningful once remoteId is set). */
  dirty: boolean;
  /** The last copy of the server's poll (option ids, publishedAt), for the live view. */
  remote?: Poll;
  /** Local id of the draft this one was copied from ("run again" / duplicate). */
  copyOf?: string;
  createdAt: number;
  updatedAt: number;
}

export type PollField = 'question' | 'options' | `options.${number}` | 'autoClose' | 'schedule';

export interface PollFieldError {
  field: PollField;
  message: string;
}
