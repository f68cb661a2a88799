// The Q&A inbox fed by the panel's store, patch by patch (as the background sends them): a patch that
// changes questions in place re-renders only their rows (and the counts); whatever the path, what the
// moderator sees and what their keys do follow the latest question.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QnaView } from '@/components/qna/QnaView';
import { createPanelState } from '@/lib/panel/panel-state';
import type { QnaMeta } from '@/lib/model/qna/session';
import type { QnaCapabilities, Question } from '@/lib/model/qna/types';

const CAPS: QnaCapabilities = {
  approve: true, dismiss: true, restore: true, answerPublic: true, answerPrivate: true, answeredLive: true,
  editBeforeApprove: true, claim: true, absent: {},
};
const META: QnaMeta = {
  surface: 'cnc', entryId: '1_x', capabilities: CAPS, me: 'mod-a', starred: [], bannedWords: [], holds: {},
  merged: {}, commands: [], staleSince: null, problem: null, audit: [],
};

function question(i: number, overrides: Partial<Question> = {}): Question {
  return {
    id: `q${i}`, surface: 'cnc', text: `Question ${i}`, author: { id: `u${i}`, name: `User ${i}`, anonymous: false },
    createdAt: 1_700_000_000_000 + i * 1000, updatedAt: 1_700_000_000_000 + i * 1000, votes: 0, state: 'pending',
    answeredLive: false, answers: [], replies: 0, handledBy: null, ...overrides,
  };
}

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) act(() => render(null, root!));
  root?.remove();
  root = null;
});

function mount(questions: Question[]) {
  root = document.createElement('div');
  document.body.append(root);
  const store = createPanelState();
  store.receive({ type: 'tab', tabId: 1, record: null });
  const onAction = vi.fn();
  act(() => store.receive({ type: 'qna', tabId: 1, snapshot: { meta: META, questions } }));
  act(() => render(<QnaView snapshot={store.qna} onAction={onAction} onLocal={() => undefined} />, root!));
  act(() => (document.activeElement as HTMLElement | null)?.blur());
  const r = root;
  const tid = (id: string) => r.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  const item = (id: string) => r.querySelector<HTMLElement>(`[data-testid="qna-item"][data-question-id="${id}"]`);
  const ids = () => [...r.querySelectorAll<HTMLElement>('[data-testid="qna-item"]')].map((el) => el.dataset.questionId);
  const patch = (upserts: Question[]) => act(() => store.receive({ type: 'qna-patch', tabId: 1, patch: { upserts } }));
  const key = (k: string) =>
    act(() => {
      const list = tid('qna-list')!;
      list.focus();
      list.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  return { tid, item, ids, patch, key, onAction, store };
}

describe('QnaView patched through the panel store', () => {
  it("shows a vote in its row and keeps the order; an arrival in another tab changes that tab's count only", () => {
    const v = mount([question(1), question(2), question(3), question(4, { state: 'approved' })]);
    expect(v.ids()).toEqual(['q1', 'q2', 'q3']);
    v.patch([question(2, { votes: 7 })]);
    expect(v.item('q2')!.querySelector('[data-testid="qna-votes"]')!.textContent).toContain('7');
    expect(v.ids()).toEqual(['q1', 'q2', 'q3']);
    v.patch([question(5, { state: 'approved' })]);
    expect(v.tid('qna-count-approved')!.textContent).toBe('2');
    expect(v.tid('qna-count-pending')!.textContent).toBe('3');
    expect(v.tid('qna-live-counts')!.textContent).toContain('2 approved');
    expect(v.ids()).toEqual(['q1', 'q2', 'q3']);
  });

  it('re-derives the list when a question enters or leaves the tab, or moves in its order', () => {
    const v = mount([question(1), question(2), question(3)]);
    v.patch([question(2, { state: 'approved' })]);
    expect(v.ids()).toEqual(['q1', 'q3']);
    expect(v.tid('qna-count-pending')!.textContent).toBe('2');
    v.patch([question(6)]);
    expect(v.ids()).toEqual(['q1', 'q3', 'q6']);
    act(() => {
      const sel = v.tid('qna-sort') as HTMLSelectElement;
      sel.value = 'votes';
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    });
    v.patch([question(3, { votes: 9 })]);
    // Most votes first; equal votes newest first.
    expect(v.ids()).toEqual(['q3', 'q6', 'q1']);
  });

  it('acts on the latest question: a claim that came in a row-only patch blocks "d" on the active row', () => {
    const v = mount([question(1), question(2)]);
    v.key('j');
    v.patch([question(1, { handledBy: 'mod-b' })]);
    expect(v.item('q1')!.querySelector('[data-testid="qna-handled-by"]')).not.toBeNull();
    v.key('d');
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-reply')!.dataset.mode).toBe('blocked');
  });
});

describe('QnaView hidden (another view shown)', () => {
  it('renders no Q&A patch while hidden and shows the latest, counts included, once shown again', async () => {
    const { options } = await import('preact');
    root = document.createElement('div');
    document.body.append(root);
    const store = createPanelState();
    store.receive({ type: 'tab', tabId: 1, record: null });
    act(() => store.receive({ type: 'qna', tabId: 1, snapshot: { meta: META, questions: [question(1)] } }));
    const show = (hidden: boolean) => act(() => render(<QnaView snapshot={store.qna} onAction={() => undefined} onLocal={() => undefined} hidden={hidden} />, root!));
    show(false);
    let renders = 0;
    const before = (options as { diffed?: (v: { type: unknown }) => void }).diffed;
    (options as { diffed?: (v: { type: unknown }) => void }).diffed = (v) => {
      if (typeof v.type === 'function' && v.type.name === 'QnaInbox') renders++;
      before?.(v);
    };
    try {
      show(true);
      renders = 0;
      for (let i = 2; i <= 11; i++) act(() => store.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [question(i)] } }));
      act(() => store.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [question(1, { votes: 5 })] } }));
      expect(renders).toBe(0);
      show(false);
      expect(renders).toBe(1);
      const ids = [...root.querySelectorAll<HTMLElement>('[data-testid="qna-item"]')].map((el) => el.dataset.questionId);
      expect(ids).toContain('q11');
      expect(root.querySelector('[data-testid="qna-list"]')?.getAttribute('data-count')).toBe('11');
      expect(root.querySelector('[data-testid="qna-count-pending"]')?.textContent).toBe('11');
      expect(root.querySelector('[data-testid="qna-item"][data-question-id="q1"] [data-testid="qna-votes"]')?.textContent).toContain('5');
      // Shown, it follows patches again (focus out of the list: nothing is held behind "N new").
      act(() => (document.activeElement as HTMLElement | null)?.blur());
      act(() => store.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [question(12)] } }));
      expect(root.querySelector('[data-testid="qna-list"]')?.getAttribute('data-count')).toBe('12');
    } finally {
      (options as { diffed?: unknown }).diffed = before;
    }
  });
});

describe('QnaView at a steady stream', () => {
  it('renders a new question and a vote without scheduling a frame or timer of its own', async () => {
    // Preact runs a render's effects after the next frame (a frame request and a 35 ms timeout, then a
    // timeout): per Q&A patch that was two timer tasks in the panel, 13 a second at 60 audience actions/s.
    const v = mount([question(1), question(2)]);
    const frames = vi.spyOn(globalThis, 'requestAnimationFrame');
    try {
      // Outside act(): act() runs effects itself, without the frame Preact asks for in a browser.
      const store = v.store;
      store.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [question(3)] } });
      await vi.waitFor(() => expect(v.ids()).toEqual(['q1', 'q2', 'q3']));
      store.receive({ type: 'qna-patch', tabId: 1, patch: { upserts: [question(2, { votes: 4 })] } });
      await vi.waitFor(() => expect(v.item('q2')!.querySelector('[data-testid="qna-votes"]')!.textContent).toContain('4'));
      expect(frames).not.toHaveBeenCalled();
    } finally {
      frames.mockRestore();
    }
  });
});

describe('QnaView reads the list position only when it moved', () => {
  it('a patch does not read the scroll position (a forced layout per patch); after a scroll it does, and holds arrivals', () => {
    const v = mount([question(1), question(2)]);
    const list = v.tid('qna-list')!;
    let top = 0;
    let reads = 0;
    Object.defineProperty(list, 'scrollTop', { configurable: true, get: () => (reads++, top), set: (n: number) => void (top = n) });
    // (Focus left the list as the view opened: the position is read once, at the next render.)
    v.patch([question(3)]);
    reads = 0;
    v.patch([question(4)]);
    v.patch([question(2, { votes: 3 }), question(6)]);
    expect(v.ids()).toEqual(['q1', 'q2', 'q3', 'q4', 'q6']);
    expect(reads).toBe(0);
    // The moderator scrolls down: read again, and the next question waits behind "1 new".
    top = 400;
    act(() => void list.dispatchEvent(new Event('scroll')));
    v.patch([question(5, { createdAt: 1_600_000_000_000 })]);
    expect(reads).toBeGreaterThan(0);
    expect(v.tid('qna-new-items')?.textContent).toBe('1 new');
  });
});
