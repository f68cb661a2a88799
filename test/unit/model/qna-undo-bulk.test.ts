// The rules the panel's undo and bulk actions follow (lib/model/qna/undo.ts, bulk.ts).
import { describe, expect, it } from 'vitest';
import { bulkPlan } from '@/lib/model/qna/bulk';
import { questionSnippet, undoPlan } from '@/lib/model/qna/undo';
import type { QnaCapabilities } from '@/lib/model/qna/types';
import { ALL_CAPS } from './qna-fixtures';

const CNC: QnaCapabilities = { ...ALL_CAPS, editBeforeApprove: false };
const WEBCAST: QnaCapabilities = { ...CNC, approve: false, absent: { approve: 'No approval step.' } };

describe('undoPlan', () => {
  it('a dismissal from Pending is undone by a restore alone (never an approve)', () => {
    expect(undoPlan('q1', 'pending', 'dismissed', CNC)).toEqual({ ok: true, actions: [{ kind: 'restore', questionId: 'q1' }] });
  });
  it('a dismissal from Approved or Answered is undone by restore, then approve', () => {
    for (const from of ['approved', 'answered'] as const) {
      expect(undoPlan('q1', from, 'dismissed', CNC)).toEqual({
        ok: true,
        actions: [
          { kind: 'restore', questionId: 'q1' },
          { kind: 'approve', questionId: 'q1' },
        ],
      });
    }
  });
  it('without an approval step (webcast) a restore is enough: it reopens', () => {
    expect(undoPlan('q1', 'approved', 'dismissed', WEBCAST)).toEqual({ ok: true, actions: [{ kind: 'restore', questionId: 'q1' }] });
  });
  it('without a restore there is no undo, and the reason says why', () => {
    const plan = undoPlan('q1', 'pending', 'dismissed', { ...CNC, restore: false, absent: { restore: 'No restore control.' } });
    expect(plan).toEqual({ ok: false, reason: "Undo isn't available: No restore control." });
  });
  it('an approval is undone by dismiss, then restore to Pending; not where Pending cannot come back', () => {
    expect(undoPlan('q1', 'pending', 'approved', CNC)).toEqual({
      ok: true,
      actions: [
        { kind: 'dismiss', questionId: 'q1' },
        { kind: 'restore', questionId: 'q1' },
      ],
    });
    expect(undoPlan('q1', 'pending', 'approved', WEBCAST).ok).toBe(false);
  });
  it('names a question in a few words', () => {
    expect(questionSnippet('Short one')).toBe('Short one');
    expect(questionSnippet('Is the recording free for everyone who registered before May?')).toBe('Is the recording free for everyone who…');
    expect(questionSnippet('  many\n\nlines   here ')).toBe('many lines here');
  });
});

describe('bulkPlan', () => {
  const qs = (n: number, over: Partial<{ state: 'pending' | 'approved' | 'dismissed'; handledBy: string | null }> = {}) =>
    Array.from({ length: n }, (_, i) => ({ id: `q${i}`, state: 'pending' as const, handledBy: null, ...over }));
  const ctx = { me: 'mod-a', claims: true, holds: {} as Record<string, string> };

  it('leaves out held questions from an approve (not from a dismiss), and says so', () => {
    const plan = bulkPlan('approve', qs(4), { ...ctx, holds: { q1: 'Held', q3: 'Held' } });
    expect(plan.ids).toEqual(['q0', 'q2']);
    expect(plan.skipped).toEqual([expect.objectContaining({ reason: 'held', count: 2 })]);
    expect(plan.skippedText).toContain('2 held ones are left out');
    expect(bulkPlan('dismiss', qs(4), { ...ctx, holds: { q1: 'Held' } }).ids).toHaveLength(4);
  });
  it('leaves out questions another moderator handles, and those in the wrong state', () => {
    const list = [...qs(2), { id: 'x', state: 'pending' as const, handledBy: 'mod-b' }, { id: 'y', state: 'approved' as const, handledBy: null }];
    const plan = bulkPlan('approve', list, ctx);
    expect(plan.ids).toEqual(['q0', 'q1']);
    expect(plan.skipped.map((s) => s.reason).sort()).toEqual(['other-moderator', 'wrong-state']);
    expect(bulkPlan('approve', list, { ...ctx, claims: false }).ids).toEqual(['q0', 'q1', 'x']);
  });
  it('asks once over 10 questions, saying what it will touch', () => {
    expect(bulkPlan('approve', qs(10), ctx).confirm).toBe(false);
    const big = bulkPlan('approve', qs(112), { ...ctx, holds: { q0: 'h', q1: 'h', q2: 'h' } });
    expect(big.confirm).toBe(true);
    expect(big.question).toBe('Approve 109 questions? 3 held ones are left out.');
    expect(bulkPlan('dismiss', qs(11), ctx).question).toBe('Dismiss 11 questions?');
  });
});

describe('moderation rules', () => {
  it('a question is held by another only on a surface with claims, by someone else', async () => {
    const { heldByOther, claimOnOpen } = await import('@/lib/model/qna/moderation');
    expect(heldByOther({ handledBy: 'mod-b' }, { claim: true }, 'mod-a')).toBe(true);
    expect(heldByOther({ handledBy: 'mod-a' }, { claim: true }, 'mod-a')).toBe(false);
    expect(heldByOther({ handledBy: 'mod-b' }, { claim: false }, 'mod-a')).toBe(false);
    expect(claimOnOpen({ handledBy: null }, { claim: true }, false)).toBe(true);
    expect(claimOnOpen({ handledBy: null }, { claim: true }, true)).toBe(false);
    expect(claimOnOpen({ handledBy: 'mod-b' }, { claim: true }, false)).toBe(false);
    expect(claimOnOpen({ handledBy: null }, { claim: false }, false)).toBe(false);
  });
});
