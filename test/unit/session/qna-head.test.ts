// The head of a large Q&A snapshot (lib/session/qna/head.ts): what a panel shows before the whole list.
import { describe, expect, it } from 'vitest';
import { HEAD_MIN_QUESTIONS, headMessage, headOf } from '@/lib/session/qna/head';
import { InboxIndex, type InboxSort } from '@/lib/model/qna/view';
import type { QnaMeta, QnaSnapshot } from '@/lib/model/qna/session';
import type { Question, QuestionState } from '@/lib/model/qna/types';
import type { BackgroundToPanel } from '@/lib/contracts/protocol';
import { ALL_CAPS } from '../model/qna-fixtures';

const STATES: QuestionState[] = ['pending', 'approved', 'answered', 'dismissed'];
const ORDERS: InboxSort[] = ['votes', 'time', 'oldest'];

function meta(overrides: Partial<QnaMeta> = {}): QnaMeta {
  return {
    surface: 'cnc', entryId: 'e', me: 'm', capabilities: ALL_CAPS, starred: [], bannedWords: [], holds: {}, merged: {},
    commands: [], staleSince: null, problem: null, audit: [], ...overrides,
  };
}

function questions(n: number): Question[] {
  const states: QuestionState[] = ['pending', 'approved', 'answered', 'dismissed', 'pending'];
  return Array.from({ length: n }, (_, i) => ({
    id: `q${String((i * 7919) % n).padStart(5, '0')}`,
    surface: 'cnc' as const,
    text: `Question ${i}`,
    author: { id: `u${i % 40}`, name: `User ${i % 40}`, anonymous: false },
    // Ties on time and votes, so the id decides some places.
    createdAt: 1_000 + Math.floor(i / 3),
    updatedAt: 1_000 + Math.floor(i / 3),
    votes: (i * 13) % 17,
    state: states[Math.floor(i / 3) % states.length]!,
    answeredLive: false,
    answers: [],
    replies: 0,
    handledBy: null,
  }));
}

describe('the head of a Q&A snapshot', () => {
  it("holds the inbox's true counts and exactly the first rows of every tab in every order, holds and merges included", () => {
    const qs = questions(3_000);
    const holds = { [qs[1]!.id]: 'banned word "x"', [qs[6]!.id]: 'banned word "y"' };
    const merged = { [qs[2]!.id]: [qs[7]!.id, qs[12]!.id] };
    const snapshot: QnaSnapshot = { meta: meta({ holds, merged }), questions: qs };
    const head = headOf(snapshot, 25);

    const whole = new InboxIndex();
    whole.sync({ meta: snapshot.meta, questions: new Map(qs.map((q) => [q.id, q])) });
    const fromHead = new InboxIndex();
    fromHead.sync({ meta: snapshot.meta, questions: new Map(head.questions.map((q) => [q.id, q])) });

    expect(head.counts).toEqual(whole.allCounts());
    expect(head.total).toBe(3_000);
    expect(head.questions.length).toBeLessThan(400);
    for (const state of STATES) {
      for (const order of ORDERS) {
        const first = whole.sorted(state, order).slice(0, 25);
        expect(fromHead.sorted(state, order).slice(0, 25), `${state} by ${order}`).toEqual(first);
      }
    }
    // The members of a merged primary come with it: the panel sums their votes into it.
    expect(head.questions.map((q) => q.id)).toEqual(expect.arrayContaining([qs[7]!.id, qs[12]!.id]));
  });

  it('a large snapshot has a head message; a small one, an empty session or a patch has none', () => {
    const large: QnaSnapshot = { meta: meta(), questions: questions(HEAD_MIN_QUESTIONS) };
    expect(headMessage({ type: 'qna', tabId: 3, snapshot: large })).toEqual({ type: 'qna-head', tabId: 3, head: headOf(large) });
    const none: BackgroundToPanel[] = [
      { type: 'qna', tabId: 3, snapshot: { meta: meta(), questions: questions(10) } },
      { type: 'qna', tabId: 3, snapshot: null },
      { type: 'qna-patch', tabId: 3, patch: {} },
    ];
    for (const message of none) expect(headMessage(message)).toBeNull();
  });
});
