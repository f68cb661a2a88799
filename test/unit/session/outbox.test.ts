import { describe, expect, it } from 'vitest';
import { tickOutbox, UNCONFIRMED_MESSAGE, type OutboxEntry } from '@/lib/session/qna/outbox';
import type { QnaAction } from '@/lib/model/qna/commands';
import type { Question } from '@/lib/model/qna/types';
import { answerBaseline, effectObserved } from '@/lib/model/qna/effects';

const entry = (id: string, action: QnaAction): OutboxEntry => ({ id, action, status: { state: 'queued' }, at: 0, sentAt: null });

describe('outbox', () => {
  it('runs commands on one question in order: an undo waits for the dismiss it undoes', () => {
    let dismissed = false;
    const observed = ({ action: a }: OutboxEntry) => (a.kind === 'dismiss' ? dismissed : a.kind === 'restore' ? !dismissed : false);
    let entries = [entry('1', { kind: 'dismiss', questionId: 'q' }), entry('2', { kind: 'restore', questionId: 'q' })];
    let tick = tickOutbox(entries, observed, 0);
    expect(tick.steps.map((s) => [s.kind, s.entry.id])).toEqual([['perform', '1']]);
    dismissed = true;
    tick = tickOutbox(tick.entries, observed, 10);
    expect(tick.steps.map((s) => [s.kind, s.entry.id])).toEqual([['done', '1'], ['perform', '2']]);
    entries = tick.entries;
    dismissed = false;
    tick = tickOutbox(entries, observed, 20);
    expect(tick.steps.map((s) => [s.kind, s.entry.id])).toEqual([['done', '2']]);
    expect(tick.entries).toEqual([]);
  });

  it('commands on different questions do not wait for each other', () => {
    const tick = tickOutbox([entry('1', { kind: 'approve', questionId: 'a' }), entry('2', { kind: 'approve', questionId: 'b' })], () => false, 0);
    expect(tick.steps.map((s) => s.entry.id)).toEqual(['1', '2']);
  });
});

describe('outbox: an answer is never posted twice by a retry', () => {
  it('after a timeout without confirmation an answer is reported unconfirmed, not performed again', () => {
    const answer = entry('1', { kind: 'answer', questionId: 'q', text: 'Yes', visibility: 'public' });
    let tick = tickOutbox([answer], () => false, 0, { confirmWithinMs: 1000, attempts: 3 });
    expect(tick.steps.map((s) => s.kind)).toEqual(['perform']);
    tick = tickOutbox(tick.entries, () => false, 1000, { confirmWithinMs: 1000, attempts: 3 });
    expect(tick.steps.map((s) => s.kind)).toEqual(['failed']);
    expect(tick.steps[0]!.entry.status).toEqual({ state: 'failed', message: UNCONFIRMED_MESSAGE });
    expect(tick.entries).toEqual([]);
  });

  it('a surface that deduplicates by command id may retry answers', () => {
    const answer = entry('1', { kind: 'answer', questionId: 'q', text: 'Yes', visibility: 'public' });
    let tick = tickOutbox([answer], () => false, 0, { confirmWithinMs: 1000, attempts: 3 }, () => true);
    tick = tickOutbox(tick.entries, () => false, 1000, { confirmWithinMs: 1000, attempts: 3 }, () => true);
    expect(tick.steps.map((s) => s.kind)).toEqual(['perform']);
  });

  it('other commands are still retried (their check comes first)', () => {
    let tick = tickOutbox([entry('1', { kind: 'approve', questionId: 'q' })], () => false, 0, { confirmWithinMs: 1000, attempts: 3 });
    tick = tickOutbox(tick.entries, () => false, 1000, { confirmWithinMs: 1000, attempts: 3 });
    expect(tick.steps.map((s) => s.kind)).toEqual(['perform']);
  });
});

describe('an answer is confirmed only by an answer that appeared after it was sent', () => {
  const q = (answers: Array<[string, 'public' | 'private']>): Question => ({
    id: 'q', surface: 'cnc', text: 'When?', author: { id: null, name: null, anonymous: true }, createdAt: 0, updatedAt: 0,
    votes: 0, state: 'approved', answeredLive: false, replies: 0, handledBy: null,
    answers: answers.map(([text, visibility], i) => ({ id: `a${i}`, text, visibility, by: null, at: i })),
  });
  const action = { kind: 'answer' as const, questionId: 'q', text: 'At  five\nPM', visibility: 'public' as const };

  it('an identical earlier answer by someone else does not count', () => {
    const before = new Map([['q', q([['at five pm', 'public']])]]);
    const baseline = answerBaseline(action, before);
    expect(baseline).toBe(1);
    expect(effectObserved(action, before, 'me', baseline)).toBe(false);
    const after = new Map([['q', q([['at five pm', 'public'], ['At five PM', 'public']])]]);
    expect(effectObserved(action, after, 'me', baseline)).toBe(true);
  });

  it('tolerates the widget reformatting the text (spacing, case), not another visibility', () => {
    const none = new Map([['q', q([])]]);
    expect(effectObserved(action, new Map([['q', q([['  at five   pm ', 'public']])]]), 'me', answerBaseline(action, none))).toBe(true);
    expect(effectObserved(action, new Map([['q', q([['at five pm', 'private']])]]), 'me', 0)).toBe(false);
  });
});
