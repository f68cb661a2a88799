import { describe, expect, it } from 'vitest';
import { tickOutbox, type OutboxEntry } from '@/lib/session/qna/outbox';
import type { QnaAction } from '@/lib/model/qna/commands';

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
