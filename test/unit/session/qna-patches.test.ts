import { beforeEach, describe, expect, it, vi } from 'vitest';
import { QnaSession, sameQuestion, type QnaSurfacePort } from '@/lib/session/qna/qna-session';
import { applyToMirror, mirrorOf, type QnaMirror, type QnaPatch } from '@/lib/model/qna/session';
import type { QnaCapabilities, Question } from '@/lib/model/qna/types';
import { question } from '../model/qna-fixtures';

const ALL: QnaCapabilities = {
  approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true,
  answeredLive: true, editBeforeApprove: true, claim: true, absent: {},
};

describe('Q&A patches carry only what changed', () => {
  let patches: QnaPatch[];
  let session: QnaSession;
  let now: number;
  let ids: number;
  let surface: QnaSurfacePort;

  beforeEach(() => {
    patches = [];
    now = 0;
    ids = 0;
    surface = { kind: 'cnc', capabilities: ALL, perform: vi.fn(async () => undefined) };
    session = new QnaSession(
      { surface, now: () => now, newId: () => `c${++ids}`, onPatch: (p) => void patches.push(p), policy: { confirmWithinMs: 1000, attempts: 2 } },
      { entryId: 'e', me: 'mod' },
    );
  });

  it('a command patch holds the new audit entries and the command transition, not the whole audit', () => {
    const backlog = Array.from({ length: 300 }, (_, i) => question(`q${i}`, { state: 'pending' }));
    session.applyBatch(backlog);
    for (let i = 0; i < 100; i++) session.actLocally({ kind: 'star', questionId: backlog[i]!.id, starred: true });
    patches.length = 0;
    session.act({ kind: 'approve', questionId: backlog[200]!.id });
    const sent = JSON.stringify(patches);
    expect(sent.length).toBeLessThan(1_000);
    expect(patches.flatMap((p) => p.commands ?? []).map((c) => c.status.state)).toEqual(['sending']);
    expect(patches.some((p) => p.upserts?.length)).toBe(false);
    patches.length = 0;
    session.applyBatch([{ ...backlog[200]!, state: 'approved', updatedAt: 9_999 }]);
    expect(patches.flatMap((p) => p.upserts ?? []).map((q) => q.id)).toEqual([backlog[200]!.id]);
    expect(patches.flatMap((p) => p.auditAppend ?? [])).toMatchObject([{ action: 'approve', outcome: 'done' }]);
    expect(patches.flatMap((p) => p.commands ?? []).map((c) => c.status.state)).toEqual(['done']);
    // The next change drops the done command from the panels.
    patches.length = 0;
    session.act({ kind: 'dismiss', questionId: backlog[201]!.id });
    expect(patches.flatMap((p) => p.commandsRemoved ?? [])).toEqual(['c1']);
  });

  it('starring sends the starred list only, not the holds, banned words or audit', () => {
    const q = question('x');
    session.applyBatch([q]);
    patches.length = 0;
    session.actLocally({ kind: 'star', questionId: q.id, starred: true });
    expect(patches).toHaveLength(1);
    expect(Object.keys(patches[0]!.meta!)).toEqual(['starred']);
    expect(patches[0]!.auditAppend).toHaveLength(1);
  });

  it('a question deleted in the widget leaves: by an explicit removal, or by a full rescan without it', () => {
    const [a, b, c] = [question('a', { state: 'pending' }), question('b', { state: 'pending' }), question('c')];
    session.applyBatch([a!, b!, c!]);
    expect(session.pendingSummary().count).toBe(2);
    session.applyBatch([], true, [a!.id]);
    expect(patches.at(-1)!.removed).toEqual([a!.id]);
    expect(session.pendingSummary()).toMatchObject({ added: [], removed: [a!.id], count: 1 });
    session.applyBatch([c!], true, [], true);
    expect(patches.at(-1)!.removed).toEqual([b!.id]);
    expect(session.snapshot().questions.map((q) => q.id)).toEqual([c!.id]);
    expect(session.pendingSummary().count).toBe(0);
  });

  it('keeps the pending summary as questions change, without rebuilding it when nothing pending changed', () => {
    const a = question('a', { state: 'pending', createdAt: 50 });
    session.applyBatch([a, question('b', { state: 'approved' })]);
    const first = session.pendingSummary();
    expect(first).toEqual({ added: [a.id], removed: [], count: 1, oldestAt: 50 });
    session.applyBatch([question('c', { state: 'approved' })]);
    expect(session.pendingSummary()).toBe(first);
    session.applyBatch([{ ...a, state: 'approved', updatedAt: a.updatedAt + 1 }]);
    expect(session.pendingSummary()).toEqual({ added: [], removed: [a.id], count: 0, oldestAt: null });
    session.actLocally({ kind: 'set-banned-words', words: ['forbidden'] });
    session.applyBatch([question('a forbidden word', { state: 'approved', createdAt: 7 })]);
    expect(session.pendingSummary()).toMatchObject({ count: 1, oldestAt: 7, added: [expect.any(String)] });
  });

  it('a session restored after a worker restart does not report its pending questions as new', () => {
    const waiting = Array.from({ length: 3 }, (_, i) => question(`w${i}`, { state: 'pending', createdAt: 10 + i }));
    const restored = new QnaSession({ surface, now: () => now, newId: () => `c${++ids}`, onPatch: () => undefined }, { entryId: 'e', me: 'mod', questions: waiting });
    expect(restored.pendingSummary()).toEqual({ added: [], removed: [], count: 3, oldestAt: 10 });
    restored.applyBatch([question('fresh', { state: 'pending', createdAt: 99 })]);
    expect(restored.pendingSummary()).toMatchObject({ added: [expect.any(String)], count: 4, oldestAt: 10 });
  });

  it('compares questions field by field (an answer added or edited is a change)', () => {
    const q = question('x', { answers: [{ id: 'a1', text: 'yes', visibility: 'public', by: 'm', at: 1 }] });
    expect(sameQuestion(q, structuredClone(q))).toBe(true);
    expect(sameQuestion(q, { ...q, answers: [{ ...q.answers[0]!, text: 'no' }] })).toBe(false);
    expect(sameQuestion(q, { ...q, author: { ...q.author, name: 'other' } })).toBe(false);
    expect(sameQuestion(q, { ...q, votes: 1 })).toBe(false);
  });

  it('caps a hostile row: very long text and many answers are cut', () => {
    const huge = question('x'.repeat(300_000), {
      answers: Array.from({ length: 500 }, (_, i) => ({ id: `a${i}`, text: 'y'.repeat(10_000), visibility: 'public' as const, by: null, at: i })),
    });
    session.applyBatch([huge]);
    const kept = session.question(huge.id)!;
    expect(kept.text.length).toBeLessThanOrEqual(4_001);
    expect(kept.answers).toHaveLength(50);
    expect(kept.answers.at(-1)!.id).toBe('a499');
    expect(JSON.stringify(kept).length).toBeLessThan(250_000);
  });
});

describe('the panel mirror', () => {
  const meta = {
    surface: 'cnc' as const, entryId: 'e', capabilities: ALL, me: 'm', starred: [], bannedWords: [], holds: {}, merged: {},
    commands: [], staleSince: null, problem: null, audit: [],
  };

  it('applies a patch in place: a new mirror object and version, the store not copied', () => {
    const backlog: Question[] = Array.from({ length: 10_000 }, (_, i) => question(`q${i}`));
    const first = mirrorOf({ meta, questions: backlog }, 1);
    // The snapshot's map by id is made once (on the first lookup, or when the panel is idle), not per patch.
    expect(first.questions.get(backlog[1]!.id)).toBe(backlog[1]);
    const setSpy = vi.spyOn(Map.prototype, 'set');
    const next = applyToMirror(first, { upserts: [question('new')] });
    // One set for the one new question: no copy of the 10,000.
    expect(setSpy.mock.calls.length).toBeLessThan(10);
    setSpy.mockRestore();
    expect(next).not.toBe(first);
    expect(next.version).toBe(2);
    expect(next.questions.size).toBe(10_001);
    // Views memoising on `questions` recompute when questions changed, not on a meta-only patch.
    expect(next.questions).not.toBe(first.questions);
    const metaOnly = applyToMirror(next, { meta: { starred: ['q1'] } });
    expect(metaOnly.questions).toBe(next.questions);
    expect(metaOnly.version).toBe(3);
    const removed = applyToMirror(metaOnly, { removed: [backlog[0]!.id] });
    expect(removed.questions.has(backlog[0]!.id)).toBe(false);
    expect([...removed.questions.values()]).toHaveLength(10_000);
  });

  it('appends the audit and replaces commands by id', () => {
    let m: QnaMirror = mirrorOf({ meta, questions: [] });
    const entry = { at: 1, moderator: 'm', action: 'approve' as const, questionId: 'q', detail: 'approved', outcome: 'done' as const };
    m = applyToMirror(m, { auditAppend: [entry], commands: [{ id: 'c1', action: { kind: 'approve', questionId: 'q' }, status: { state: 'sending', attempt: 1 }, at: 1 }] });
    m = applyToMirror(m, { auditAppend: [{ ...entry, at: 2 }], commands: [{ id: 'c2', action: { kind: 'dismiss', questionId: 'r' }, status: { state: 'queued' }, at: 2 }] });
    m = applyToMirror(m, { commands: [{ id: 'c1', action: { kind: 'approve', questionId: 'q' }, status: { state: 'done' }, at: 1 }] });
    expect(m.meta.audit.map((a) => a.at)).toEqual([1, 2]);
    expect(m.meta.commands.map((c) => [c.id, c.status.state])).toEqual([['c1', 'done'], ['c2', 'queued']]);
    m = applyToMirror(m, { commandsRemoved: ['c1'] });
    expect(m.meta.commands.map((c) => c.id)).toEqual(['c2']);
  });
});
