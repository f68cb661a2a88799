import { describe, expect, it, vi } from 'vitest';
import { createPanelState } from '@/lib/panel/panel-state';
import { groupedCount, partialNotice } from '@/lib/panel/qna-head';
import type { QnaMeta } from '@/lib/model/qna/session';
import { question } from '../model/qna-fixtures';

const meta: QnaMeta = {
  surface: 'cnc', entryId: 'e', me: 'm', starred: [], bannedWords: [], holds: {}, merged: {}, commands: [], staleSince: null,
  problem: null, audit: [],
  capabilities: { approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true, editBeforeApprove: false, claim: true, absent: {} },
};

describe('panel store', () => {
  it('gives views a new mirror with a higher version per patch, for the followed tab only', () => {
    const state = createPanelState();
    state.receive({ type: 'tab', tabId: 1, record: null });
    const a = question('a');
    state.receive({ type: 'qna', tabId: 1, snapshot: { meta, questions: [a] } });
    const first = state.qna.value!;
    state.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [question('b')] } });
    const second = state.qna.value!;
    expect(second).not.toBe(first);
    expect(second.version).toBeGreaterThan(first.version);
    expect(second.questions.size).toBe(2);
    state.receive({ type: 'qna-patch', tabId: 2, patch: { removed: [a.id] } });
    expect(state.qna.value).toBe(second);
    state.receive({ type: 'qna-patch', tabId: 1, patch: { removed: [a.id], meta: { problem: 'x' } } });
    expect(state.qna.value!.questions.has(a.id)).toBe(false);
    expect(state.qna.value!.meta.problem).toBe('x');
  });

  it('a patch before the snapshot is ignored (the snapshot that follows carries it)', () => {
    const state = createPanelState();
    state.receive({ type: 'tab', tabId: 1, record: null });
    state.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [question('a')] } });
    expect(state.qna.value).toBeNull();
  });
});

describe('panel store: a large snapshot head first', () => {
  const head = (qs: ReturnType<typeof question>[], counts: Record<'pending' | 'approved' | 'answered' | 'dismissed', number>, total: number) =>
    ({ type: 'qna-head', tabId: 1, head: { meta, questions: qs, counts, total } }) as const;

  it('shows the head as a partial list with the whole counts; the snapshot that follows completes it', () => {
    const state = createPanelState();
    state.receive({ type: 'tab', tabId: 1, record: null });
    const a = question('a', { state: 'pending' });
    const b = question('b', { state: 'pending' });
    const rest = Array.from({ length: 50 }, (_, i) => question(`r${i}`, { state: 'approved' }));
    state.receive(head([a], { pending: 2, approved: 50, answered: 0, dismissed: 0 }, 52));
    const partial = state.qna.value!;
    expect(partial.partial?.counts.pending).toBe(2);
    expect(partial.questions.size).toBe(1);
    // The panel never takes it for the whole list: what needs every question waits.
    expect(partialNotice(partial)).toMatch(/Loading the rest of the 52 questions/);
    state.receive({ type: 'qna', tabId: 1, snapshot: { meta, questions: [a, b, ...rest] } });
    const whole = state.qna.value!;
    expect(whole.partial).toBeUndefined();
    expect(partialNotice(whole)).toBeNull();
    expect(whole.questions.size).toBe(52);
    expect(whole.version).toBeGreaterThan(partial.version);
  });

  it('a patch between the head and the rest shows at once on the head and its counts, and is not lost', () => {
    const state = createPanelState();
    state.receive({ type: 'tab', tabId: 1, record: null });
    const a = question('a', { state: 'pending', createdAt: 10 });
    const hidden = question('outside the head', { state: 'pending', createdAt: 5 });
    state.receive(head([a], { pending: 2, approved: 0, answered: 0, dismissed: 0 }, 2));
    // The moderator's approval of a (a row the head has), and a new question.
    const approved = { ...a, state: 'approved' as const, updatedAt: a.updatedAt + 1 };
    const fresh = question('new', { state: 'pending', createdAt: 20 });
    state.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [approved, fresh] } });
    const patched = state.qna.value!;
    expect(patched.questions.get(a.id)?.state).toBe('approved');
    expect(patched.partial).toEqual(expect.objectContaining({ counts: { pending: 2, approved: 1, answered: 0, dismissed: 0 }, total: 3 }));
    // The rest is read when posted: it holds the patch.
    state.receive({ type: 'qna', tabId: 1, snapshot: { meta, questions: [hidden, approved, fresh] } });
    const whole = state.qna.value!;
    expect(whole.partial).toBeUndefined();
    expect(whole.questions.get(a.id)?.state).toBe('approved');
    expect(whole.questions.has(fresh.id)).toBe(true);
    // A patch after the rest applies to the whole list.
    state.receive({ type: 'qna-patch', tabId: 1, patch: { removed: [hidden.id] } });
    expect(state.qna.value!.questions.size).toBe(2);
  });

  it("a head for another tab, or after the panel switched tabs, is not shown", () => {
    const state = createPanelState();
    state.receive({ type: 'tab', tabId: 1, record: null });
    state.receive({ ...head([question('a')], { pending: 0, approved: 1, answered: 0, dismissed: 0 }, 1), tabId: 2 });
    expect(state.qna.value).toBeNull();
  });
});

describe('the "loading the rest" notice', () => {
  it('writes the total as en-US does (11,000), without Intl (its first use costs the first render 50-300 ms)', () => {
    for (const n of [0, 7, 999, 1_000, 11_000, 123_456, 1_234_567, 10_000_000]) expect(groupedCount(n)).toBe(n.toLocaleString('en-US'));
    const intl = vi.spyOn(Number.prototype, 'toLocaleString');
    expect(partialNotice({ partial: { total: 11_000 } })).toMatch(/Loading the rest of the 11,000 questions/);
    expect(intl).not.toHaveBeenCalled();
    intl.mockRestore();
  });
});
