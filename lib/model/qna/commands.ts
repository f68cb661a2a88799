// What a moderator asks for on Q&A. The panel sends these to the background, which gives each an id,
// puts it in the outbox, performs it on the attached surface, and confirms it by observing the effect.

export type QnaAction =
  | { kind: 'approve'; questionId: string; editedText?: string }
  | { kind: 'dismiss'; questionId: string; reason?: string }
  | { kind: 'restore'; questionId: string }
  | { kind: 'answer'; questionId: string; text: string; visibility: 'public' | 'private' }
  | { kind: 'answered-live'; questionId: string }
  | { kind: 'claim'; questionId: string; takeOver?: boolean }
  | { kind: 'release'; questionId: string }
  /** Keep `primaryId`; the others are dismissed as merged, their votes counted on the primary. */
  | { kind: 'merge'; primaryId: string; memberIds: string[] };

/** Local moderator state: not sent to Kaltura, kept by the background per session. */
export type QnaLocalAction =
  | { kind: 'star'; questionId: string; starred: boolean }
  /** The starred ("up next") order, as the moderator arranges it. */
  | { kind: 'reorder-starred'; questionIds: string[] }
  | { kind: 'set-banned-words'; words: string[] }
  /** The moderator read a question held by a banned word and lets it through. */
  | { kind: 'release-hold'; questionId: string };

export type ActionKind = QnaAction['kind'];

export const ACTION_LABELS: Record<ActionKind, string> = {
  approve: 'Approve',
  dismiss: 'Dismiss',
  restore: 'Restore',
  answer: 'Answer',
  'answered-live': 'Mark answered live',
  claim: 'Claim',
  release: 'Release',
  merge: 'Merge',
};

/** A command's life in the outbox, as the panel shows it. */
export type CommandStatus =
  /** `reason`: why it waits (the surface is offline), shown on the question. */
  | { state: 'queued'; reason?: string }
  | { state: 'sending'; attempt: number }
  | { state: 'done' }
  | { state: 'failed'; message: string };

export interface AuditEntry {
  /** Epoch ms. */
  at: number;
  moderator: string;
  action: ActionKind | QnaLocalAction['kind'];
  questionId: string | null;
  /** A short, human summary ("answered privately", "dismissed: off topic"). */
  detail: string;
  outcome: 'done' | 'failed';
}
