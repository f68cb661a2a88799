// A question that leaves the inbox's list while the moderator is in it (another moderator approved, dismissed
// or answered it; it was deleted in the widget) keeps its place as a departed row: the row under the pointer
// stays the same question, the keyboard selection stays on its question, and a departed row's keys and
// buttons do nothing and say why. Rules: lib/model/qna/departed.ts.
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QnaView, type QnaViewData } from '@/components/qna/QnaView';
import type { Question } from '@/lib/model/qna/types';
import { mountUi, pendingQuestion as q, qnaMetaOf } from './render';

const byId = (qs: Question[]) => new Map(qs.map((x) => [x.id, x]));
let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

function open(questions: Question[]) {
  const snapshot = signal<QnaViewData | null>({ meta: qnaMetaOf(), questions: byId(questions) });
  const onAction = vi.fn();
  const ui = mountUi(<QnaView snapshot={snapshot} onAction={onAction} onLocal={vi.fn()} />);
  unmount = ui.unmount;
  act(() => (document.activeElement as HTMLElement | null)?.blur());
  const item = (id: string) => ui.$(`[data-testid="qna-item"][data-question-id="${id}"]`);
  const ids = () => ui.$$('[data-testid="qna-item"]').map((el) => el.dataset.questionId);
  /** The row's place in the list (the virtual list's slot). */
  const place = (id: string) => (item(id)?.parentElement as HTMLElement | null)?.getAttribute('style');
  const update = (change: (qs: Question[]) => Question[]) =>
    act(() => {
      const cur = snapshot.value!;
      snapshot.value = { meta: cur.meta, questions: byId(change([...cur.questions.values()])) };
    });
  const list = () => ui.tid('qna-list')!;
  const key = (k: string) =>
    act(() => {
      list().focus();
      list().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  const wrap = () => ui.$('.qna-list-wrap')!;
  const announced = () => ui.tid('qna-announce')?.textContent ?? '';
  return { ...ui, snapshot, onAction, item, ids, place, update, list, key, wrap, announced };
}

const moved = (id: string, state: Question['state']) => (qs: Question[]) => qs.map((x) => (x.id === id ? { ...x, state } : x));

describe('QnaView: a question that leaves the list while the moderator is in it', () => {
  it('the row under the pointer stays the same question, in the same place, when a row above leaves; it goes once the pointer leaves', () => {
    const [a, b, c] = [q('A'), q('B'), q('C')];
    const v = open([a, b, c]);
    act(() => void v.wrap().dispatchEvent(new Event('pointerenter')));
    const placeOfB = v.place(b.id);
    const placeOfC = v.place(c.id);
    // Another moderator approves A.
    v.update(moved(a.id, 'approved'));
    expect(v.ids()).toEqual([a.id, b.id, c.id]);
    expect(v.place(b.id)).toBe(placeOfB);
    expect(v.place(c.id)).toBe(placeOfC);
    const gone = v.item(a.id)!;
    expect(gone.dataset.departed).toBe('approved');
    expect(v.tid('qna-departed', gone)?.textContent).toBe('Approved');
    expect(v.tid('qna-approve', gone)?.getAttribute('aria-disabled')).toBe('true');
    // The click meant for B acts on B.
    v.click(v.tid('qna-approve', v.item(b.id)!));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: b.id });
    // A's buttons do nothing, and say why.
    v.onAction.mockClear();
    v.click(v.tid('qna-approve', gone));
    v.click(v.tid('qna-dismiss', gone));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.announced()).toBe('Approved elsewhere: it is in the Approved tab now. Nothing to do here.');
    // The pointer leaves (and focus is elsewhere): the list closes up.
    act(() => void v.wrap().dispatchEvent(new Event('pointerleave')));
    expect(v.ids()).toEqual([b.id, c.id]);
    expect(v.$('[data-departed]')).toBeNull();
  });

  it('the keyboard selection stays on its question when a row above leaves; when the selected one leaves, keys on its row do nothing and say why', () => {
    const [a, b, c, d] = [q('A'), q('B'), q('C'), q('D')];
    const v = open([a, b, c, d]);
    v.key('j');
    v.key('j');
    const activeIs = (id: string) => expect(v.list().getAttribute('aria-activedescendant')).toBe(v.item(id)!.id);
    activeIs(b.id);
    v.update((qs) => qs.filter((x) => x.id !== a.id)); // deleted in the widget
    expect(v.item(a.id)?.dataset.departed).toBe('deleted');
    activeIs(b.id);
    // Another moderator dismisses B, the selected one: the selection stays on its departed row.
    v.update(moved(b.id, 'dismissed'));
    activeIs(b.id);
    expect(v.item(b.id)?.dataset.departed).toBe('dismissed');
    v.key('a');
    v.key('d');
    v.key('x');
    v.key('s');
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-bulk')).toBeNull();
    expect(v.announced()).toBe('Dismissed elsewhere: it is in the Dismissed tab now. Nothing to do here.');
    // j goes on to C, and a approves C.
    v.key('j');
    v.key('a');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: c.id });
    // Focus leaves the list (the pointer was never in it): the departed rows go, though the selection is
    // further down than the top (arrivals would still wait there).
    v.key('j');
    act(() => (document.activeElement as HTMLElement).blur());
    expect(v.$('[data-departed]')).toBeNull();
    expect(v.ids()).toEqual([c.id, d.id]);
    expect(v.list().getAttribute('aria-activedescendant')).toBe(v.item(d.id)!.id);
  });

  it('n with nothing new lets the departed rows go (a keyboard moderator never leaves the list)', () => {
    const [a, b, c] = [q('A'), q('B'), q('C')];
    const v = open([a, b, c]);
    v.key('j');
    v.key('j');
    v.update(moved(a.id, 'answered'));
    expect(v.item(a.id)?.dataset.departed).toBe('answered');
    v.key('n');
    expect(v.ids()).toEqual([b.id, c.id]);
    expect(v.announced()).toBe('1 handled question cleared from the list.');
    expect(v.list().getAttribute('aria-activedescendant')).toBe(v.item(b.id)!.id);
    v.key('n');
    expect(v.announced()).toBe('No new questions.');
  });

  it('after our own approve the row stays, marked Approved, and the selection goes on to the next question', () => {
    const [a, b, c] = [q('A'), q('B'), q('C')];
    const v = open([a, b, c]);
    v.key('j');
    v.key('a');
    v.update(moved(a.id, 'approved'));
    expect(v.ids()).toEqual([a.id, b.id, c.id]);
    expect(v.item(a.id)?.dataset.departed).toBe('approved');
    expect(v.list().getAttribute('aria-activedescendant')).toBe(v.item(b.id)!.id);
    v.key('a');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: b.id });
    // On A, by j/k: already approved.
    v.key('k');
    v.key('a');
    expect(v.announced()).toBe('Already approved: nothing to do.');
    expect(v.onAction).toHaveBeenCalledTimes(2);
  });

  it('bulk actions never include a departed row', () => {
    const [a, b, c] = [q('A'), q('B'), q('C')];
    const v = open([a, b, c]);
    v.key('j');
    v.key('x');
    v.key('j');
    v.key('x');
    expect(v.tid('qna-bulk-approve')?.textContent).toBe('Approve 2');
    v.update(moved(a.id, 'dismissed'));
    expect(v.item(a.id)?.dataset.departed).toBe('dismissed');
    expect(v.tid('qna-bulk-approve')?.textContent).toBe('Approve 1');
    v.click(v.tid('qna-bulk-approve'));
    expect(v.onAction.mock.calls).toEqual([[{ kind: 'approve', questionId: b.id }]]);
  });

  it('in a long (virtualised) list, rows leaving above and inside the view move no rendered row', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => q(`Question ${i}`));
    const v = open(many);
    act(() => {
      v.list().scrollTop = 50 * 72;
      v.list().dispatchEvent(new Event('scroll'));
    });
    act(() => void v.wrap().dispatchEvent(new Event('pointerenter')));
    const places = () => new Map(v.$$('[data-testid="qna-item"]').map((el) => [el.dataset.questionId, el.parentElement!.getAttribute('style')]));
    const before = places();
    expect(before.has(many[55]!.id)).toBe(true);
    expect(before.has(many[10]!.id)).toBe(false);
    // Another moderator dismisses one far above the view, one in it.
    v.update((qs) => qs.map((x) => (x.id === many[10]!.id || x.id === many[55]!.id ? { ...x, state: 'dismissed' } : x)));
    expect(places()).toEqual(before);
    expect(v.item(many[55]!.id)?.dataset.departed).toBe('dismissed');
    expect(v.list().dataset.count).toBe('1998');
    expect(v.list().getAttribute('aria-rowcount')).toBe('2000');
  });

  it('a departed row keeps the reply box open in it, with what the moderator typed', () => {
    const [a, b] = [q('A', { state: 'approved' }), q('B', { state: 'approved' })];
    const v = open([a, b]);
    v.click(v.tid('qna-tab-approved'));
    act(() => void v.wrap().dispatchEvent(new Event('pointerenter')));
    v.click(v.tid('qna-answer-public', v.item(a.id)!));
    v.type(v.tid('qna-reply-text'), 'Half typed');
    const order = v.ids();
    // Another moderator answers it: it moves to Answered.
    v.update(moved(a.id, 'answered'));
    const row = v.item(a.id)!;
    expect(row.dataset.departed).toBe('answered');
    expect(v.tid('qna-reply', row)).not.toBeNull();
    expect((v.tid('qna-reply-text', row) as HTMLTextAreaElement).value).toBe('Half typed');
    expect(v.ids()).toEqual(order);
  });
});
