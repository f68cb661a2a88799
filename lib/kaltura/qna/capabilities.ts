// What the moderator can do on the legacy webcast Q&A (cue points + Kaltura-QnA metadata, KALTURA.md §3).
// How each action is carried out (lib/kaltura/qna/client.ts):
// - dismiss: root State = Deleted; restore: root State = Pending (the whole metadata document is rewritten).
// - answerPublic: an AnswerOnAir reply in the thread; answerPrivate: an Answer reply in the asker's thread
//   (ThreadId = root, ThreadCreatorId = asker) — KALTURA.md §3, INFERRED from the push templates.
// - answeredLive: a reply tagged `qna, aoa_auto_reply`, the marker the Kaltura player shows as "will be answered
//   on air" (playkit-js-qna thread.tsx); threads.ts reads it back as `answeredLive`.
// - claim: the root's Assignees (with State Assigned).

import type { QnaCapabilities } from '../../model/qna/types';

export const WEBCAST_QNA_CAPABILITIES: QnaCapabilities = Object.freeze({
  approve: false,
  dismiss: true,
  restore: true,
  answerPublic: true,
  answerPrivate: true,
  answeredLive: true,
  editBeforeApprove: false,
  claim: true,
  absent: Object.freeze({
    approve:
      'Kaltura-QnA has no approval step: every question reaches moderators directly and attendees only ever see their own thread.',
    editBeforeApprove:
      'Kaltura-QnA has no approval step, so there is no moment to edit a question before attendees see it; an attendee’s question cannot be edited by a moderator.',
  }),
}) as QnaCapabilities;
