// Q&A as the moderator triages it, the same for both CnC surfaces (the CnC widget, and the legacy
// webcast Q&A over cue points). Each surface maps its own states onto these and declares what it can do.

/**
 * - pending: waiting for a moderator's approval (CnC with Q&A moderation on), or held by a banned word.
 * - approved: visible / open, not answered yet.
 * - answered: answered in text (public or private) or marked answered live.
 * - dismissed: rejected or deleted; restorable.
 */
export type QuestionState = 'pending' | 'approved' | 'answered' | 'dismissed';

export type Surface = 'cnc' | 'webcast';

export interface Answer {
  id: string;
  text: string;
  /** public: every attendee sees it; private: only the asker. */
  visibility: 'public' | 'private';
  by: string | null;
  /** Epoch ms. */
  at: number;
}

export interface Question {
  /** The surface's own id: the thread's root cue point id, or the widget's question id. */
  id: string;
  surface: Surface;
  text: string;
  author: { id: string | null; name: string | null; anonymous: boolean };
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  votes: number;
  state: QuestionState;
  answeredLive: boolean;
  answers: Answer[];
  /** Messages in the question's thread besides the question itself. */
  replies: number;
  /** The moderator handling it (a claim), if any. */
  handledBy: string | null;
}

/** What a surface can do; the panel offers only these and says why the others are absent. */
export interface QnaCapabilities {
  approve: boolean;
  dismiss: boolean;
  restore: boolean;
  answerPublic: boolean;
  answerPrivate: boolean;
  answeredLive: boolean;
  editBeforeApprove: boolean;
  claim: boolean;
  /** Why an action is missing, by action name, for the panel to show. */
  absent: Partial<Record<Exclude<keyof QnaCapabilities, 'absent'>, string>>;
}
