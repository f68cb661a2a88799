import { describe, expect, it } from 'vitest';
import { createPanelState } from '@/lib/panel/panel-state';
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
