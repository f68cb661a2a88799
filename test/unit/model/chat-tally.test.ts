// The session's chat counts (lib/model/chat/tally.ts): kept as messages come, equal to counting the whole list,
// and what the person card and the Chat view say when fewer messages are held than were counted.
import { describe, expect, it } from 'vitest';
import { addTally, countMessage, emptyTally, notHeldNote, olderNotHeldNote, tallyOf } from '@/lib/model/chat/tally';
import type { ChatMessage } from '@/lib/model/chat/types';
import { buildSessionReport, type ChatRecordInput } from '@/lib/model/report/session-report';
import { question } from './qna-fixtures';

const T = 1_764_000_000_000;
const m = (i: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${i}`,
  author: i % 5 === 0 ? { id: null, name: `Guest ${i % 3}` } : { id: `u${i % 13}`, name: `U${i % 13}` },
  text: `t${i}`,
  at: T + i * 47_000,
  pinned: false,
  deleted: false,
  byModerator: false,
  reactions: {},
  ...over,
});

describe('chat tally', () => {
  it('counted message by message (arrivals, a deletion, a time and a sender changed) equals counting the final list', () => {
    const list = Array.from({ length: 400 }, (_, i) => m(i));
    let tally = emptyTally();
    for (const x of list) {
      const d = emptyTally();
      countMessage(d, undefined, x);
      tally = addTally(tally, d);
    }
    const changed = [m(3, { deleted: true }), m(10, { at: T + 999 * 60_000 }), m(11, { author: { id: 'other', name: 'O' } })];
    for (const x of changed) {
      const d = emptyTally();
      countMessage(d, list[Number(x.id.slice(1))], x);
      tally = addTally(tally, d);
      list[Number(x.id.slice(1))] = x;
    }
    expect(tally).toEqual(tallyOf(list, {}, {}, []));
    expect(tally.deleted).toBe(1);
    expect(Object.keys(tally.senders)).toHaveLength(13 + 3 + 1);
  });

  it("gives the report the figures and the timeline (past 720 minutes: widened buckets) a full list gives", () => {
    // 1,600 messages over ~1,250 minutes: the timeline's buckets widen to 2 minutes.
    const list = Array.from({ length: 1_600 }, (_, i) => m(i, { deleted: i % 9 === 0 }));
    const flags: Record<string, unknown> = { m4: [], m8: [] };
    const records: ChatRecordInput[] = list.map((x) => ({ at: x.at, senderId: x.author.id ?? `name:${x.author.name}`, flagged: !!flags[x.id], deleted: x.deleted }));
    // Questions before the first message and after the last: the buckets start and end at theirs.
    const questions = [question('early', { id: 'q1', createdAt: T - 90_000 }), question('late', { id: 'q2', createdAt: T + 1_300 * 60_000 + 5 })];
    const base = { questions, audit: [], polls: [], reactions: null };
    const fromList = buildSessionReport({ ...base, chat: records });
    const fromTally = buildSessionReport({ ...base, chat: records.slice(-50), chatTally: tallyOf(list, flags, {}, []) });
    expect(fromList.timeline.bucketMs).toBe(120_000);
    expect(fromTally.chat).toEqual(fromList.chat);
    expect(fromTally.chat).toMatchObject({ messages: 1_600, flagged: 2, deleted: 178 });
    expect(fromTally.timeline).toEqual(fromList.timeline);
  });

  it('the person card says how many of their earlier messages are no longer held, and nothing when all are', () => {
    expect(notHeldNote(20, 8)).toBe('12 earlier messages from this person are no longer held.');
    expect(notHeldNote(9, 8)).toBe('1 earlier message from this person is no longer held.');
    expect(notHeldNote(8, 8)).toBeNull();
    expect(notHeldNote(undefined, 3)).toBeNull();
    expect(olderNotHeldNote(50_200, 50_000)).toMatch(/^200 older messages are no longer held here/);
    expect(olderNotHeldNote(100, 100)).toBeNull();
  });
});
