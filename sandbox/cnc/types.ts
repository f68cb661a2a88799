/**
 * Shapes of the sandbox's CnC world: what the server holds per session (entry). The feature set follows
 * KALTURA.md §6 (pin, delete, block, announcements, Q&A threads with public/private answers, answered
 * live) and MODELED.md's moderator needs; the field names are MODELED (no public CnC schema).
 */

export type QnaBackend = 'cnc' | 'webcast';
export const MODULES = ['chat', 'qna', 'polls', 'announcements', 'reactions'] as const;
export type ModuleName = (typeof MODULES)[number];

/** Per-session settings; in Kaltura they live only in the Events admin UI (KALTURA.md §5). */
export interface CncSettings {
  modules: Record<ModuleName, boolean>;
  /** On: new questions are pending and invisible to other attendees until a moderator approves them. */
  qnaModeration: boolean;
  anonymousAllowed: boolean;
  chatBeforeStart: boolean;
  chatAfterEnd: boolean;
  /** `webcast`: Q&A goes over API v3 cue points (KALTURA.md §3), not the CnC socket. */
  qnaBackend: QnaBackend;
}

export interface ChatMessage {
  id: string;
  entryId: string;
  /** Global order of creation; the time order of the chat. */
  seq: number;
  userId: string;
  displayName: string;
  text: string;
  /** Unix milliseconds. */
  at: number;
  /** Emoji → user ids who reacted with it. */
  reactions: Record<string, string[]>;
  pinned: boolean;
  pinnedBy: string | null;
  /** Deleted messages are kept for the record; attendees stop seeing them. */
  deleted: boolean;
  deletedBy: string | null;
  deletedAt: number | null;
  /** Posted by a moderator (the widget marks it for everyone). MODELED. */
  byModerator?: boolean;
}

/** Why and by whom a person is blocked (MODELED: the widget's block control asks for a reason). */
export interface BlockRecord {
  userId: string;
  reason: string;
  by: string;
  at: number;
}

export type QuestionState = 'pending' | 'approved' | 'dismissed';

export interface Answer {
  id: string;
  questionId: string;
  text: string;
  /** private: only the asker (and moderators) see it. */
  visibility: 'public' | 'private';
  userId: string;
  displayName: string;
  at: number;
}

export interface Question {
  id: string;
  entryId: string;
  seq: number;
  text: string;
  /** Kept even for anonymous questions so a private answer can reach the asker. */
  askerId: string;
  askerName: string;
  anonymous: boolean;
  at: number;
  updatedAt: number;
  state: QuestionState;
  stateBy: string | null;
  upvoters: string[];
  answers: Answer[];
  answeredLive: boolean;
  /** The moderator handling the thread (set by claim, approve, dismiss or answer). */
  handledBy: string | null;
}

export interface Announcement {
  id: string;
  entryId: string;
  seq: number;
  text: string;
  userId: string;
  displayName: string;
  at: number;
  /** Pinned on top of the list (the variant widget offers "Anheften"; MODELED). */
  pinned?: boolean;
}

export interface SessionRecord {
  entryId: string;
  title: string;
  virtualEventId: number;
  /** Unix seconds. */
  startAt: number;
  endAt: number;
  settings: CncSettings;
}

export interface UserRecord {
  userId: string;
  displayName: string;
  role: 'attendee' | 'moderator';
}

export interface EventRecord {
  id: number;
  name: string;
}

/** Every change in the world, in order. `seq` is global across sessions. */
export type CncEvent = { seq: number; entryId: string } & (
  | { type: 'chat'; message: ChatMessage }
  | { type: 'question'; question: Question; previousState: QuestionState | null }
  | { type: 'announcement'; announcement: Announcement }
  | { type: 'reaction'; reaction: string; userId: string; counts: Record<string, number> }
  | { type: 'blocked'; userId: string; blocked: boolean; by: string; reason?: string }
  | { type: 'settings'; settings: CncSettings }
  | { type: 'join'; userId: string }
);

/** Who is looking: decides what each subscriber may see (visibility.ts). */
export interface Viewer {
  userId: string;
  moderator: boolean;
}
