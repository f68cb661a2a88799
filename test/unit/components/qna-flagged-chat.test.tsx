// Flagged chat in the Q&A inbox's Pending tab (components/qna/FlaggedChat.tsx): the rows the worker's list
// holds, j/k across flagged messages and questions, d deletes through the widget's path, o keeps, Delete
// not offered where the widget cannot delete, and new ones held while the moderator is in the inbox.
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QnaView, type QnaViewData } from '@/components/qna/QnaView';
import type { FlaggedChatItem, FlaggedChatList } from '@/lib/model/chat/flagged-list';
import type { Question } from '@/lib/model/qna/types';
import { mountUi, pendingQuestion, qnaMetaOf } from './render';

const flagged = (n: number, over: Partial<FlaggedChatItem> = {}): FlaggedChatItem => ({
  id: `m${n}`,
  author: { id: `u${n}`, name: `Sender ${n}` },
  text: `see spam${n}.example.com <b>now</b>`,
  at: 1_700_000_000_000 + n * 1000,
  flags: [{ rule: 'links', reason: `link: spam${n}.example.com` }],
  command: null,
  ...over,
});
const listOf = (items: FlaggedChatItem[], over: Partial<FlaggedChatList> = {}): FlaggedChatList => ({ total: items.length, items, canDelete: true, deleteAbsent: null, ...over });

function mount(questions: Question[], list: FlaggedChatList) {
  const snapshot = signal<QnaViewData | null>({ meta: qnaMetaOf(), questions: new Map(questions.map((x) => [x.id, x])) });
  const flaggedList = signal<FlaggedChatList | null>(list);
  const onAction = vi.fn();
  const onLocal = vi.fn();
  const ui = mountUi(
    <QnaView snapshot={snapshot} onAction={vi.fn()} onLocal={vi.fn()} flaggedChat={{ list: flaggedList, onAction, onLocal }} />,
  );
  act(() => (document.activeElement as HTMLElement | null)?.blur());
  const rows = () => ui.$$('[data-testid="qna-flagged-item"]');
  const row = (id: string) => ui.$(`[data-testid="qna-flagged-item"][data-message-id="${id}"]`);
  const key = (k: string, target: Element | null) => {
    if (!target) throw new Error('no key target');
    act(() => {
      (target as HTMLElement).focus();
      target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
    });
  };
  const active = () => ui.$('[data-testid="qna-flagged-item"][aria-current="true"]')?.dataset.messageId ?? null;
  return { ...ui, flaggedList, onAction, onLocal, rows, row, key, active };
}

let view: ReturnType<typeof mount> | null = null;
afterEach(() => {
  view?.unmount();
  view = null;
});

describe('QnaView: flagged chat in Pending', () => {
  it('shows each flagged message with sender, time, text (as text), the rule, Delete and Keep, above the questions', () => {
    const v = (view = mount([pendingQuestion('A question')], listOf([flagged(1), flagged(2)])));
    expect(v.tid('qna-flagged-count')!.textContent).toBe('2');
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m1', 'm2']);
    const first = v.row('m1')!;
    expect(v.tid('qna-flagged-sender', first)!.textContent).toBe('Sender 1');
    expect(v.tid('qna-flagged-text', first)!.textContent).toBe('see spam1.example.com <b>now</b>');
    expect(v.tid('qna-flagged-text', first)!.getAttribute('dir')).toBe('auto');
    expect(first.querySelector('b')).toBeNull();
    expect(first.querySelector('time')).not.toBeNull();
    expect(v.tid('qna-flagged-rule', first)!.textContent).toBe('Flagged: Links (link: spam1.example.com)');
    expect(v.tid('qna-flagged-delete', first)).not.toBeNull();
    expect(v.tid('qna-flagged-keep', first)).not.toBeNull();
    // Above the questions.
    expect(v.tid('qna-flagged')!.compareDocumentPosition(v.tid('qna-list')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Pending only.
    v.click(v.tid('qna-tab-approved'));
    expect(v.tid('qna-flagged')).toBeNull();
  });

  it('j/k move through flagged messages and questions alike; d deletes the active flagged message, o keeps it', () => {
    const v = (view = mount([pendingQuestion('A question')], listOf([flagged(1), flagged(2)])));
    v.key('j', v.tid('qna-list'));
    expect(v.active()).toBe('m1');
    v.key('j', v.row('m1'));
    expect(v.active()).toBe('m2');
    v.key('d', v.row('m2'));
    expect(v.onAction).toHaveBeenCalledWith({ kind: 'delete', messageId: 'm2', reason: 'link: spam2.example.com' });
    expect(v.onAction).toHaveBeenCalledTimes(1);
    v.key('o', v.row('m1'));
    expect(v.onLocal).toHaveBeenCalledWith({ kind: 'keep', messageId: 'm1' });
    // Past the last flagged message: the first question; k from it comes back.
    v.key('j', v.row('m2'));
    const ad = v.tid('qna-list')!.getAttribute('aria-activedescendant');
    expect(ad && document.getElementById(ad)?.closest('[data-testid="qna-item"]')?.getAttribute('data-question-id')).toBe(v.tid('qna-item')!.dataset.questionId);
    expect(document.activeElement).toBe(v.tid('qna-list'));
    v.key('k', v.tid('qna-list'));
    expect(v.active()).toBe('m2');
    // The keys help lists them.
    v.key('?', v.row('m2'));
    expect(v.$('[data-testid="qna-keys-flagged"]')!.textContent).toContain('Delete');
    expect(v.$('[data-testid="qna-key"][data-command="flagged-keep"]')).not.toBeNull();
  });

  it('a row that leaves (deleted, kept) is gone from the list', () => {
    const v = (view = mount([], listOf([flagged(1), flagged(2)])));
    act(() => void (v.flaggedList.value = listOf([flagged(2)])));
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m2']);
    act(() => void (v.flaggedList.value = listOf([])));
    expect(v.tid('qna-flagged')).toBeNull();
  });

  it('flagged messages the memory cap let go unreviewed: the inbox says how many, and nothing when none were', () => {
    const v = (view = mount([], listOf([flagged(1)], { letGo: 1_204 })));
    expect(v.tid('qna-flagged-let-go')!.textContent).toBe('1,204 older flagged messages were let go unreviewed: the chat outgrew what the panel holds. The report counts them.');
    act(() => void (v.flaggedList.value = listOf([flagged(1)], { letGo: 0 })));
    expect(v.tid('qna-flagged-let-go')).toBeNull();
  });

  it('where the widget cannot delete: no Delete, the reason shown, d says why and sends nothing', () => {
    const v = (view = mount([], listOf([flagged(1)], { canDelete: false, deleteAbsent: 'This widget has no delete control.' })));
    expect(v.tid('qna-flagged-delete')).toBeNull();
    expect(v.tid('qna-flagged-absent-delete')!.textContent).toBe('This widget has no delete control.');
    v.key('d', v.row('m1'));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-announce')!.textContent).toBe('This widget has no delete control.');
    expect(v.tid('qna-flagged-keep')).not.toBeNull();
  });

  it('new flagged messages wait behind "N new flagged" while the pointer is in the inbox; the rows there do not move', () => {
    const v = (view = mount([pendingQuestion('A question')], listOf([flagged(2)])));
    const wrap = v.$('.qna-list-wrap')!;
    act(() => void wrap.dispatchEvent(new Event('pointerenter')));
    // An older one (it would go above m2) and a newer one.
    act(() => void (v.flaggedList.value = listOf([flagged(1), flagged(2), flagged(3)])));
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m2']);
    expect(v.tid('qna-flagged-new')!.textContent).toBe('2 new flagged');
    expect(v.tid('qna-flagged-count')!.textContent).toBe('3');
    act(() => void wrap.dispatchEvent(new Event('pointerleave')));
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m1', 'm2', 'm3']);
    // The first one while the pointer is in: it floats over the list instead of pushing it down.
    act(() => void (v.flaggedList.value = listOf([])));
    act(() => void wrap.dispatchEvent(new Event('pointerenter')));
    act(() => void (v.flaggedList.value = listOf([flagged(4)])));
    expect(v.tid('qna-flagged')).toBeNull();
    v.click(v.tid('qna-flagged-new'));
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m4']);
  });

  it('a row above that leaves while the pointer is in the inbox keeps its place: the row under the pointer is the same message', () => {
    const v = (view = mount([pendingQuestion('A question')], listOf([flagged(1), flagged(2), flagged(3)])));
    const wrap = v.$('.qna-list-wrap')!;
    act(() => void wrap.dispatchEvent(new Event('pointerenter')));
    const under = v.rows()[1];
    expect(under!.dataset.messageId).toBe('m2');
    // Another moderator deleted m1.
    act(() => void (v.flaggedList.value = listOf([flagged(2), flagged(3)])));
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m1', 'm2', 'm3']);
    expect(v.rows()[1]).toBe(under);
    expect(v.tid('qna-flagged-count')!.textContent).toBe('2');
    const gone = v.row('m1')!;
    expect(gone.dataset.departed).toBe('elsewhere');
    expect(v.tid('qna-flagged-departed', gone)!.textContent).toBe('Handled elsewhere');
    // Its text still shown, as text.
    expect(v.tid('qna-flagged-text', gone)!.textContent).toBe('see spam1.example.com <b>now</b>');
    expect(gone.querySelector('b')).toBeNull();
    expect(v.row('m2')!.dataset.departed).toBeUndefined();
    // Its keys and buttons do nothing, and say why.
    v.key('d', gone);
    v.key('o', gone);
    v.click(v.tid('qna-flagged-delete', gone));
    v.click(v.tid('qna-flagged-keep', gone));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.onLocal).not.toHaveBeenCalled();
    expect(v.tid('qna-announce')!.textContent).toContain('Handled elsewhere');
    expect(v.tid('qna-flagged-delete', gone)!.getAttribute('aria-disabled')).toBe('true');
    // The moderator leaves the inbox (pointer and focus): the list closes up.
    act(() => void wrap.dispatchEvent(new Event('pointerleave')));
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m1', 'm2', 'm3']);
    act(() => (document.activeElement as HTMLElement).blur());
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m2', 'm3']);
  });

  it('taking the "N new flagged" in also lets the departed rows go', () => {
    const v = (view = mount([], listOf([flagged(1), flagged(2)])));
    const wrap = v.$('.qna-list-wrap')!;
    act(() => void wrap.dispatchEvent(new Event('pointerenter')));
    act(() => void (v.flaggedList.value = listOf([flagged(2), flagged(3)])));
    expect(v.rows().map((r) => [r.dataset.messageId, r.dataset.departed ?? ''])).toEqual([
      ['m1', 'elsewhere'],
      ['m2', ''],
    ]);
    v.click(v.tid('qna-flagged-new'));
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m2', 'm3']);
  });

  it('the keyboard selection stays on its message when a row above leaves, and on the row that left until the inbox is calm; after its own delete it goes on', () => {
    const v = (view = mount([pendingQuestion('A question')], listOf([flagged(1), flagged(2), flagged(3), flagged(4)])));
    v.key('j', v.tid('qna-list'));
    v.key('j', v.row('m1'));
    v.key('j', v.row('m2'));
    expect(v.active()).toBe('m3');
    // A row above leaves: the selection stays on m3.
    act(() => void (v.flaggedList.value = listOf([flagged(2), flagged(3), flagged(4)])));
    expect(v.active()).toBe('m3');
    // The selected row leaves (kept in another panel): the selection stays on it, d does nothing and says so.
    act(() => void (v.flaggedList.value = listOf([flagged(2), flagged(4)])));
    expect(v.active()).toBe('m3');
    expect(v.row('m3')!.dataset.departed).toBe('elsewhere');
    v.key('d', v.row('m3'));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-announce')!.textContent).toContain('nothing to do');
    // This inbox deletes m2: when it leaves, the selection goes on to the next message still here (m4), the
    // rows do not move.
    v.key('k', v.row('m3'));
    expect(v.active()).toBe('m2');
    v.key('d', v.row('m2'));
    expect(v.onAction).toHaveBeenCalledWith({ kind: 'delete', messageId: 'm2', reason: 'link: spam2.example.com' });
    act(() => void (v.flaggedList.value = listOf([flagged(2, { command: { state: 'sending', message: null } }), flagged(4)])));
    expect(v.active()).toBe('m2');
    act(() => void (v.flaggedList.value = listOf([flagged(4)])));
    expect(v.rows().map((r) => [r.dataset.messageId, r.dataset.departed ?? ''])).toEqual([
      ['m1', 'elsewhere'],
      ['m2', 'deleted'],
      ['m3', 'elsewhere'],
      ['m4', ''],
    ]);
    expect(v.tid('qna-flagged-departed', v.row('m2')!)!.textContent).toBe('Deleted');
    expect(v.active()).toBe('m4');
    // k onto a departed row stays there, even onto the one this inbox deleted (it does not bounce back).
    v.key('k', v.row('m4'));
    expect(v.active()).toBe('m3');
    v.key('k', v.row('m3'));
    expect(v.active()).toBe('m2');
    v.key('d', v.row('m2'));
    expect(v.onAction).toHaveBeenCalledTimes(1);
    expect(v.tid('qna-announce')!.textContent).toBe('Already deleted: nothing to do.');
    v.key('j', v.row('m2'));
    v.key('j', v.row('m3'));
    expect(v.active()).toBe('m4');
    // Calm (focus leaves): the list closes up, m4 still selected.
    act(() => (document.activeElement as HTMLElement).blur());
    expect(v.rows().map((r) => r.dataset.messageId)).toEqual(['m4']);
    expect(v.active()).toBe('m4');
  });
});
