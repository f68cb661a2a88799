import { beforeEach, describe, expect, it, vi } from 'vitest';
import { OFFLINE_HOLD, QnaSession, type QnaSurfacePort } from '@/lib/session/qna/qna-session';
import type { QnaAction } from '@/lib/model/qna/commands';
import type { QnaPatch } from '@/lib/model/qna/session';
import type { QnaCapabilities, Question } from '@/lib/model/qna/types';
import { question } from '../model/qna-fixtures';

const ALL: QnaCapabilities = {
  approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true,
  answeredLive: true, editBeforeApprove: true, claim: true, absent: {},
};

describe('QnaSession', () => {
  let now: number;
  let performed: Array<{ action: QnaAction; id: string }>;
  let patches: QnaPatch[];
  let surface: QnaSurfacePort;
  let session: QnaSession;
  let ids: number;

  const make = (caps: QnaCapabilities = ALL) => {
    surface = { kind: 'cnc', capabilities: caps, perform: vi.fn(async (action, id) => void performed.push({ action, id })) };
    session = new QnaSession(
      { surface, now: () => now, newId: () => `c${++ids}`, persist: () => undefined, onPatch: (p) => void patches.push(p), policy: { confirmWithinMs: 1000, attempts: 2 } },
      { entryId: '1_sessiona1', me: 'mod-a' },
    );
  };
  const commands = () => session.snapshot().meta.commands;

  beforeEach(() => {
    now = 0;
    performed = [];
    patches = [];
    ids = 0;
    make();
  });

  it('performs an action once and settles it when the surface shows the effect', () => {
    const q = question('Slides?', { state: 'pending' });
    session.applyBatch([q]);
    session.act({ kind: 'approve', questionId: q.id });
    expect(performed).toHaveLength(1);
    session.applyBatch([{ ...q, state: 'approved', updatedAt: q.updatedAt + 1 }]);
    expect(commands()).toEqual([]);
    expect(session.snapshot().meta.audit.at(-1)).toMatchObject({ action: 'approve', questionId: q.id, outcome: 'done', moderator: 'mod-a' });
    now += 5000;
    session.settle();
    expect(performed).toHaveLength(1);
  });

  it('while the surface is offline, commands wait with the reason and go out when it is back', () => {
    const q = question('Slides?', { state: 'pending' });
    session.applyBatch([q]);
    session.markStale('The CnC widget lost its connection to Kaltura.');
    session.act({ kind: 'approve', questionId: q.id });
    now += 10_000; // longer than every confirmation window and attempt: nothing is spent while offline
    session.settle();
    expect(performed).toHaveLength(0);
    expect(commands()).toEqual([expect.objectContaining({ status: { state: 'queued', reason: OFFLINE_HOLD } })]);
    expect(patches.at(-1)?.commands?.[0]?.status).toEqual({ state: 'queued', reason: OFFLINE_HOLD });
    session.applyBatch([q]); // the widget is live again
    expect(performed).toEqual([expect.objectContaining({ action: { kind: 'approve', questionId: q.id } })]);
    session.applyBatch([{ ...q, state: 'approved', updatedAt: q.updatedAt + 1 }]);
    expect(commands()).toEqual([]);
  });

  it('retries when no confirmation comes, then reports failure and leaves the question as it was', () => {
    const q = question('Slides?', { state: 'pending' });
    session.applyBatch([q]);
    session.act({ kind: 'approve', questionId: q.id });
    now += 1000;
    session.settle();
    expect(performed).toHaveLength(2);
    now += 1000;
    session.settle();
    expect(performed).toHaveLength(2);
    const last = patches.at(-1)!.commands!.at(-1)!;
    expect(last.status).toMatchObject({ state: 'failed' });
    expect(session.snapshot().questions[0]?.state).toBe('pending');
  });

  it('does not perform again when the effect arrived before the retry', () => {
    const q = question('Slides?', { state: 'pending' });
    session.applyBatch([q]);
    session.act({ kind: 'dismiss', questionId: q.id });
    session.applyBatch([{ ...q, state: 'dismissed', updatedAt: q.updatedAt + 1 }]);
    now += 5000;
    session.settle();
    expect(performed).toHaveLength(1);
  });

  it('refuses to answer a question another moderator handles, unless taken over', () => {
    const q = question('Pricing?', { handledBy: 'mod-b' });
    session.applyBatch([q]);
    session.act({ kind: 'answer', questionId: q.id, text: 'Yes', visibility: 'public' });
    expect(performed).toHaveLength(0);
    expect(patches.at(-1)!.commands!.at(-1)!.status).toMatchObject({ state: 'failed', message: expect.stringContaining('mod-b is handling') });
    session.act({ kind: 'claim', questionId: q.id, takeOver: true });
    expect(performed.map((p) => p.action.kind)).toEqual(['claim']);
  });

  it('refuses what the surface cannot do, with the surface\'s reason', () => {
    make({ ...ALL, approve: false, absent: { approve: 'Kaltura-QnA has no approval step.' } });
    const q = question('x');
    session.applyBatch([q]);
    session.act({ kind: 'approve', questionId: q.id });
    expect(performed).toHaveLength(0);
    expect(patches.at(-1)!.commands!.at(-1)!.status).toEqual({ state: 'failed', message: 'Kaltura-QnA has no approval step.' });
  });

  it('reports a perform that fails outright at once', async () => {
    make();
    surface.perform = vi.fn(async () => {
      throw new Error('Control "approve" not found (profile kep-2026)');
    });
    const q = question('x', { state: 'pending' });
    session.applyBatch([q]);
    session.act({ kind: 'approve', questionId: q.id });
    // The failure stays on show (a panel that connects later sees it too) until a later command on it.
    await vi.waitFor(() => expect(commands().map((c) => c.status.state)).toEqual(['failed']));
    expect(session.snapshot().meta.audit.at(-1)).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('not found') });
  });

  it('merges: dismisses the others, sums votes on the primary, and answers their askers privately', () => {
    const a = question('Slides?', { votes: 4 });
    const b = question('Deck?', { votes: 3 });
    session.applyBatch([a, b]);
    session.act({ kind: 'merge', primaryId: a.id, memberIds: [a.id, b.id] });
    expect(performed.map((p) => p.action)).toEqual([{ kind: 'dismiss', questionId: b.id, reason: `merged into ${a.id}` }]);
    expect(session.snapshot().meta.merged).toEqual({ [a.id]: [b.id] });
    session.act({ kind: 'answer', questionId: a.id, text: 'Yes, after the session', visibility: 'public' });
    expect(performed.slice(1).map((p) => p.action)).toEqual([
      { kind: 'answer', questionId: a.id, text: 'Yes, after the session', visibility: 'public' },
    ]);
    // The private answer to the merged asker waits until the merge's dismissal of that question shows.
    session.applyBatch([{ ...b, state: 'dismissed', updatedAt: b.updatedAt + 1 }]);
    expect(performed.slice(2).map((p) => p.action)).toEqual([
      { kind: 'answer', questionId: b.id, text: 'Yes, after the session', visibility: 'private' },
    ]);
  });

  it('holds questions with banned words in Pending, with the reason, and never dismisses them', () => {
    session.actLocally({ kind: 'set-banned-words', words: ['scam'] });
    const q = question('Is this a scam?', { state: 'approved' });
    session.applyBatch([q]);
    const { meta, questions } = session.snapshot();
    expect(meta.holds[q.id]).toMatch(/scam/);
    expect(questions[0]?.state).toBe('approved');
    expect(performed).toHaveLength(0);
  });

  it('lets a held question through when the moderator releases it or approves it, for good', () => {
    session.actLocally({ kind: 'set-banned-words', words: ['scam'] });
    const a = question('Is this a scam?', { state: 'approved' });
    const b = question('Scam or not?', { state: 'pending' });
    session.applyBatch([a, b]);
    session.actLocally({ kind: 'release-hold', questionId: a.id });
    session.act({ kind: 'approve', questionId: b.id });
    session.applyBatch([{ ...a, votes: 3, updatedAt: a.updatedAt + 1 }]);
    session.actLocally({ kind: 'set-banned-words', words: ['scam', 'fraud'] });
    expect(session.snapshot().meta.holds).toEqual({});
  });

  it('applying the same batch twice changes nothing; an older read never overwrites a newer one', () => {
    const q = question('x', { updatedAt: 10 });
    session.applyBatch([q]);
    const count = patches.length;
    session.applyBatch([q]);
    expect(patches.length).toBe(count);
    session.applyBatch([{ ...q, text: 'old', updatedAt: 5 }]);
    expect(session.snapshot().questions[0]?.text).toBe('x');
  });

  it('goes stale and comes back', () => {
    now = 42_000;
    session.markStale('Network down');
    expect(session.snapshot().meta).toMatchObject({ staleSince: 42_000, problem: 'Network down' });
    session.applyBatch([question('y')]);
    expect(session.snapshot().meta.staleSince).toBeNull();
  });

  it('keeps the starred order the moderator sets', () => {
    const [a, b, c] = [question('a'), question('b'), question('c')] as Question[];
    session.applyBatch([a!, b!, c!]);
    for (const q of [a!, b!, c!]) session.actLocally({ kind: 'star', questionId: q.id, starred: true });
    session.actLocally({ kind: 'reorder-starred', questionIds: [c!.id, a!.id, b!.id, 'unknown'] });
    session.actLocally({ kind: 'star', questionId: a!.id, starred: false });
    expect(session.snapshot().meta.starred).toEqual([c!.id, b!.id]);
  });
});

describe('QnaSession staleness', () => {
  it('keeps the first moment it went stale while stale batches arrive, and clears it on a live one', () => {
    let now = 1_000;
    const patches: QnaPatch[] = [];
    const session = new QnaSession(
      {
        surface: { kind: 'cnc', capabilities: ALL, perform: async () => undefined },
        now: () => now,
        newId: () => 'x',
        persist: () => undefined,
        onPatch: (p) => void patches.push(p),
      },
      { entryId: 'e', me: 'm' },
    );
    session.markStale('lost');
    now = 5_000;
    session.applyBatch([question('while stale')], false);
    session.markStale('lost');
    expect(session.snapshot().meta.staleSince).toBe(1_000);
    expect(session.snapshot().questions).toHaveLength(1);
    session.applyBatch([], true);
    expect(session.snapshot().meta.staleSince).toBeNull();
  });
});

describe('QnaSession answers', () => {
  it('posts an answer once: no confirmation in time → unconfirmed for the moderator, never re-sent', () => {
    let now = 0;
    const performed: QnaAction[] = [];
    const patches: QnaPatch[] = [];
    const surface: QnaSurfacePort = { kind: 'cnc', capabilities: ALL, perform: async (a) => void performed.push(a) };
    const session = new QnaSession(
      { surface, now: () => now, newId: () => 'c1', onPatch: (p) => void patches.push(p), policy: { confirmWithinMs: 1000, attempts: 3 } },
      { entryId: 'e', me: 'm' },
    );
    // Someone already posted the very same answer: that does not confirm ours.
    const q = question('When?', { answers: [{ id: 'x', text: 'At five', visibility: 'public', by: 'other', at: 1 }] });
    session.applyBatch([q]);
    session.act({ kind: 'answer', questionId: q.id, text: 'At five', visibility: 'public' });
    for (let i = 0; i < 5; i++) {
      now += 1000;
      session.settle();
    }
    expect(performed).toHaveLength(1);
    expect(session.snapshot().meta.commands.map((c) => c.status)).toEqual([{ state: 'failed', message: expect.stringMatching(/not confirmed: check the widget/) }]);
    // The moderator chooses to send again: a new command, performed once more; the old failure goes.
    session.act({ kind: 'answer', questionId: q.id, text: 'At five', visibility: 'public' });
    expect(performed).toHaveLength(2);
    expect(session.snapshot().meta.commands.map((c) => c.status.state)).toEqual(['sending']);
  });
});
