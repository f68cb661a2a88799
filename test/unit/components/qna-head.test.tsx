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
