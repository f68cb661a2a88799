import type { QnaCapabilities, Question } from '@/lib/model/qna/types';

/** A widget that offers every Q&A action. */
export const ALL_CAPS: QnaCapabilities = {
  approve: true,
  dismiss: true,
  restore: true,
  answerPublic: true,
  answerPrivate: true,
  answeredLive: true,
  editBeforeApprove: true,
  claim: true,
  absent: {},
};

let seq = 0;
export function question(text: string, overrides: Partial<Question> = {}): Question {
  seq++;
  return {
    id: `q${seq}`,
    surface: 'cnc',
    text,
    author: { id: `u${seq}`, name: `User ${seq}`, anonymous: false },
    createdAt: 1_000 + seq,
    updatedAt: 1_000 + seq,
    votes: 0,
    state: 'approved',
    answeredLive: false,
    answers: [],
    replies: 0,
    handledBy: null,
    ...overrides,
  };
}
