import type { Question } from '@/lib/model/qna/types';

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
