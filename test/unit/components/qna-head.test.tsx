// The Q&A view on a large snapshot's head (lib/panel/qna-head.ts): the queue shows at once with the whole
// session's counts; what needs every question waits for the rest, and says so; when the rest comes, the rows
// shown keep their places and none of the rest is taken for "new".
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QnaView } from '@/components/qna/QnaView';
import { createPanelState } from '@/lib/panel/panel-state';
import { headOf } from '@/lib/session/qna/head';
import type { QnaSnapshot } from '@/lib/model/qna/session';
import { mountUi, pendingQuestion, qnaMetaOf } from './render';

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function open() {
  const state = createPanelState();
  state.receive({ type: 'tab', tabId: 1, record: null });
  const questions = Array.from({ length: 300 }, (_, i) => pendingQuestion(`Question ${i}`));
  const snapshot: QnaSnapshot = { meta: qnaMetaOf(), questions };
  const onAction = vi.fn();
  const ui = mountUi(<QnaView snapshot={state.qna} onAction={onAction} onLocal={vi.fn()} />);
  unmount = ui.unmount;
  act(() => state.receive({ type: 'qna-head', tabId: 1, head: headOf(snapshot, 20) }));
  const ids = () => ui.$$('[data-testid="qna-item"]').map((el) => el.dataset.questionId);
  return { ...ui, state, snapshot, onAction, ids };
}

describe('QnaView on the head of a large snapshot', () => {
  it("shows the whole session's counts and refuses select all, bulk, search and filters until the rest comes", () => {
    const v = open();
    expect(v.tid('qna-count-pending')?.textContent).toBe('300');
    expect(v.ids().length).toBeGreaterThan(0);
    expect(v.ids().length).toBeLessThan(300);
    expect(v.tid('qna-loading-rest')?.textContent).toMatch(/Loading the rest of the 300 questions/);
    const all = v.tid('qna-select-all') as HTMLInputElement;
    expect(all.disabled).toBe(true);
    v.click(all);
    expect(v.tid('qna-bulk')).toBeNull();
    expect((v.tid('qna-search') as HTMLInputElement).disabled).toBe(true);
    expect((v.tid('qna-filter-starred') as HTMLButtonElement).disabled).toBe(true);
    // A row selected by hand: its bulk approval waits too (and says why).
    v.click(v.tid('qna-select', v.$$('[data-testid="qna-item"]')[0]));
    v.click(v.tid('qna-bulk-approve'));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-announce')?.textContent).toMatch(/Loading the rest/);
  });

  it('when the rest comes, the rows shown keep their places, nothing is held as "new", and select all works', () => {
    const v = open();
    // The moderator points at the list (arrivals would wait behind "N new").
    act(() => void v.tid('qna-list')!.parentElement!.dispatchEvent(new PointerEvent('pointerenter')));
    act(() => (v.tid('qna-list') as HTMLElement).focus());
    const before = v.ids();
    act(() => v.state.receive({ type: 'qna', tabId: 1, snapshot: v.snapshot }));
    expect(v.ids().slice(0, before.length)).toEqual(before);
    expect(v.tid('qna-new-items')).toBeNull();
    expect(v.tid('qna-loading-rest')).toBeNull();
    expect(v.tid('qna-count-pending')?.textContent).toBe('300');
    v.click(v.tid('qna-select-all'));
    expect(v.tid('qna-bulk')).not.toBeNull();
  });
});

describe('QnaView on the saved head the panel read itself, before the worker answered', () => {
  function openSaved() {
    const state = createPanelState();
    const questions = Array.from({ length: 300 }, (_, i) => pendingQuestion(`Question ${i}`));
    const snapshot: QnaSnapshot = { meta: qnaMetaOf(), questions };
    const onAction = vi.fn();
    const onLocal = vi.fn();
    const ui = mountUi(<QnaView snapshot={state.qna} onAction={onAction} onLocal={onLocal} />);
    unmount = ui.unmount;
    const head = headOf(snapshot, 20);
    const record = { tabId: 1, url: 'https://1234567.events.kaltura.com/x', state: 'attached' as const, context: null, updatedAt: 1 };
    act(() => void state.adoptSaved({ tabId: 1, record, head }));
    const ids = () => ui.$$('[data-testid="qna-item"]').map((el) => el.dataset.questionId);
    return { ...ui, state, snapshot, head, record, onAction, onLocal, ids };
  }

  it('shows the queue and says it is connecting; no row action can be taken, by button or key', () => {
    const v = openSaved();
    expect(v.tid('qna-count-pending')?.textContent).toBe('300');
    expect(v.ids().length).toBeGreaterThan(0);
    expect(v.tid('qna-connecting')?.textContent).toMatch(/Connecting/);
    const row = v.$$('[data-testid="qna-item"]')[0]!;
    const approve = v.tid('qna-approve', row) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    expect((v.tid('qna-star', row) as HTMLButtonElement).disabled).toBe(true);
    // A disabled button takes no click; the handler itself refuses too (keys, a stale closure).
    approve.disabled = false;
    v.click(approve);
    v.click(v.tid('qna-star', row));
    act(() => void v.tid('qna-list')!.focus());
    act(() => void v.tid('qna-list')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true })));
    act(() => void v.tid('qna-list')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true })));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.onLocal).not.toHaveBeenCalled();
    expect(v.tid('qna-announce')?.textContent).toMatch(/Connecting/);
  });

  it("the worker's head replaces it with no row twice and none moved; then a row's action goes", () => {
    const v = openSaved();
    const before = v.ids();
    act(() => v.state.receive({ type: 'tab', tabId: 1, record: v.record }));
    expect(v.ids()).toEqual(before);
    // The worker's head: one question gone (dismissed since the save): the rest stay in their order.
    const gone = before[1]!;
    const snapshot: QnaSnapshot = { meta: qnaMetaOf(), questions: v.snapshot.questions.map((q) => (q.id === gone ? { ...q, state: 'dismissed' } : q)) };
    act(() => v.state.receive({ type: 'qna-head', tabId: 1, head: headOf(snapshot, 20) }));
    const after = v.ids();
    expect(new Set(after).size).toBe(after.length);
    // Focus is in the list: the dismissed one keeps its place as a departed row, and nothing below it moves.
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
    expect(v.$(`[data-testid="qna-item"][data-question-id="${gone}"]`)?.dataset.departed).toBe('dismissed');
    expect(v.tid('qna-connecting')).toBeNull();
    expect(v.tid('qna-count-pending')?.textContent).toBe('299');
    const approve = v.tid('qna-approve', v.$$('[data-testid="qna-item"]')[0]!) as HTMLButtonElement;
    expect(approve.disabled).toBe(false);
    v.click(approve);
    expect(v.onAction).toHaveBeenCalledWith({ kind: 'approve', questionId: after[0] });
  });
});
