// The Q&A triage view (components/qna): what the moderator sees and which intents their actions emit.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QnaView, type QnaViewData } from '@/components/qna/QnaView';
import type { QnaMeta } from '@/lib/model/qna/session';
import type { QnaCapabilities, Question } from '@/lib/model/qna/types';
import { ALL_CAPS, loaded, mountUi, pendingQuestion, qnaMetaOf } from './render';

const meta = qnaMetaOf;
const q = pendingQuestion;

const byId = (qs: Question[]) => new Map(qs.map((x) => [x.id, x]));

function mount(questions: Question[], m: Partial<QnaMeta> = {}, keepFocus = false) {
  const snapshot = signal<QnaViewData | null>({ meta: meta(m), questions: byId(questions) });
  const onAction = vi.fn();
  const onLocal = vi.fn();
  const { root, $, $$, tid, click, type, unmount } = mountUi(<QnaView snapshot={snapshot} onAction={onAction} onLocal={onLocal} />);
  // The view puts focus in the list when it opens (keys work at once); these tests start with the moderator
  // elsewhere (focus in the list holds arrivals back), except where they say otherwise.
  if (!keepFocus) act(() => (document.activeElement as HTMLElement | null)?.blur());
  const items = () => $$('[data-testid="qna-item"]');
  const item = (id: string) => $(`[data-testid="qna-item"][data-question-id="${id}"]`);
  const ids = () => items().map((el) => el.dataset.questionId);
  const key = (k: string, target: Element | null = tid('qna-list'), init: KeyboardEventInit = {}) => {
    if (!target) throw new Error('no key target');
    act(() => {
      (target as HTMLElement).focus();
      target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
    });
  };
  const update = (next: Question[] | ((qs: ReadonlyMap<string, Question>) => Question[]), m2: Partial<QnaMeta> = {}) => {
    act(() => {
      const cur = snapshot.value!;
      const list = typeof next === 'function' ? next(cur.questions) : next;
      snapshot.value = { meta: { ...cur.meta, ...m2 }, questions: byId(list) };
    });
  };
  /** The tab's order (Pending opens oldest first). */
  const sortBy = (order: 'oldest' | 'time' | 'votes') => {
    act(() => {
      const sel = tid('qna-sort') as HTMLSelectElement;
      sel.value = order;
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    });
  };
  return { root, snapshot, onAction, onLocal, $, $$, tid, items, item, ids, click, key, type, update, sortBy, unmount };
}

type View = ReturnType<typeof mount>;
let view: View | null = null;
const open = (questions: Question[], m: Partial<QnaMeta> = {}) => (view = mount(questions, m));
afterEach(() => {
  view?.unmount();
  view = null;
  vi.useRealTimers();
});

const WEBCAST: QnaCapabilities = {
  ...ALL_CAPS,
  approve: false,
  editBeforeApprove: false,
  absent: { approve: 'Kaltura-QnA has no approval step.', editBeforeApprove: 'No approval step to edit in.' },
};

describe('QnaView: the inbox', () => {
  it('waits for a snapshot', () => {
    const root = document.createElement('div');
    act(() => render(<QnaView snapshot={signal(null)} onAction={vi.fn()} onLocal={vi.fn()} />, root));
    expect(root.querySelector('[data-testid="qna"]')?.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('[data-testid="qna-list"]')).toBeNull();
  });

  it('has tabs with counts by effective state; a banned-word hold shows in Pending with its reason', () => {
    const p = q('Pending one');
    const held = q('Buy cheap stuff', { state: 'approved' });
    const a = q('Approved one', { state: 'approved' });
    const d = q('Dismissed one', { state: 'dismissed' });
    const v = open([p, held, a, d], { holds: { [held.id]: 'Held: contains the banned word “cheap”' } });
    expect(v.tid('qna-count-pending')?.textContent).toBe('2');
    expect(v.tid('qna-count-approved')?.textContent).toBe('1');
    expect(v.tid('qna-count-answered')?.textContent).toBe('0');
    expect(v.tid('qna-count-dismissed')?.textContent).toBe('1');
    expect(v.tid('qna-tab-pending')?.getAttribute('aria-selected')).toBe('true');
    expect(v.ids().sort()).toEqual([p.id, held.id].sort());
    expect(v.item(held.id)?.dataset.state).toBe('pending');
    expect(v.tid('qna-held-reason', v.item(held.id)!)?.textContent).toContain('cheap');
    expect(v.tid('qna-held-reason', v.item(p.id)!)).toBeNull();

    v.click(v.tid('qna-tab-dismissed'));
    expect(v.tid('qna-tab-dismissed')?.getAttribute('aria-selected')).toBe('true');
    expect(v.ids()).toEqual([d.id]);
    expect(v.tid('qna-restore', v.item(d.id)!)).not.toBeNull();
    expect(v.tid('qna-approve', v.item(d.id)!)).toBeNull();
  });

  it('shows each question with author or Anonymous, time with its absolute title, merged votes, replies and who handles it', () => {
    const primary = q('Will the slides be shared?', { votes: 3, replies: 2, handledBy: 'mod-a', state: 'approved' });
    const member = q('Can we get the deck?', { votes: 4, state: 'dismissed' });
    const anon = q('Anonymous one', { author: { id: null, name: null, anonymous: true }, handledBy: 'mod-b', state: 'approved' });
    const v = open([primary, member, anon], { merged: { [primary.id]: [member.id] } });
    v.click(v.tid('qna-tab-approved'));
    const row = v.item(primary.id)!;
    expect(v.tid('qna-votes', row)?.textContent).toContain('7');
    expect(v.tid('qna-author', row)?.textContent).toBe(primary.author.name);
    expect(v.tid('qna-replies', row)?.textContent).toBe('2 replies');
    expect(v.tid('qna-handled-by', row)?.textContent).toBe('You');
    expect(row.querySelector('time')?.getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(v.tid('qna-author', v.item(anon.id)!)?.textContent).toBe('Anonymous');
    expect(v.tid('qna-handled-by', v.item(anon.id)!)?.textContent).toBe('mod-b');
    // Sorted by (merged) votes by default.
    expect(v.ids()).toEqual([primary.id, anon.id]);
  });

  it('renders hostile text as text, and clamps long walls with "show more"', () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const wall = 'word '.repeat(200);
    const h = q(hostile, { author: { id: 'u', name: '<b onmouseover=alert(1)>Bob</b>', anonymous: false }, votes: 2 });
    const w = q(wall, { votes: 1 });
    const v = open([h, w], { holds: { [h.id]: '<i>reason</i>' }, problem: '<svg onload=alert(1)>' });
    expect(v.root.querySelector('img, script, b, i')).toBeNull();
    // The only SVG is the panel's own action icons.
    expect(v.root.querySelector('svg:not(.qna-icon)')).toBeNull();
    expect(v.tid('qna-text', v.item(h.id)!)?.textContent).toBe(hostile);
    expect(v.tid('qna-author', v.item(h.id)!)?.textContent).toBe('<b onmouseover=alert(1)>Bob</b>');
    expect(v.tid('qna-problem')?.textContent).toBe('<svg onload=alert(1)>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();

    const text = v.tid('qna-text', v.item(w.id)!)!;
    expect(text.classList.contains('clamped')).toBe(true);
    expect(v.tid('qna-more', v.item(h.id)!)).toBeNull();
    v.click(v.tid('qna-more', v.item(w.id)!));
    expect(v.tid('qna-text', v.item(w.id)!)!.classList.contains('clamped')).toBe(false);
    expect(v.tid('qna-more', v.item(w.id)!)?.textContent).toBe('Show less');
  });

  it('offers only what the surface can do, and says why the rest is absent', () => {
    const p = q('Held on webcast');
    const v = open([p], { capabilities: WEBCAST, holds: { [p.id]: 'Held: spam' } });
    expect(v.tid('qna-approve')).toBeNull();
    expect(v.tid('qna-edit-approve')).toBeNull();
    expect(v.tid('qna-absent-approve')?.textContent).toBe("Approve isn't available: Kaltura-QnA has no approval step.");
    expect(v.tid('qna-absent-editBeforeApprove')).toBeNull();
    expect(v.tid('qna-dismiss')).not.toBeNull();
    // The key says why instead of acting.
    v.key('j');
    v.key('a');
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-announce')?.textContent).toContain("Approve isn't available");
    // Bulk approve is not offered either.
    v.click(v.tid('qna-select', v.item(p.id)!));
    expect(v.tid('qna-bulk')).not.toBeNull();
    expect(v.tid('qna-bulk-approve')).toBeNull();
  });


  it('each action button shows its own icon, once, through re-renders and a change of state', () => {
    const p = q('Icons', { votes: 1 });
    const v = open([p]);
    const icon = (testId: string) => {
      const button = v.tid(testId, v.item(p.id)!)!;
      const svgs = button.querySelectorAll('svg.qna-icon');
      expect(svgs.length, testId).toBe(1);
      expect(svgs[0]!.getAttribute('aria-hidden')).toBe('true');
      return svgs[0]!.querySelector('path')!.getAttribute('d');
    };
    const approve = icon('qna-approve');
    const dismiss = icon('qna-dismiss');
    expect(approve).toBeTruthy();
    expect(dismiss).toBeTruthy();
    expect(approve).not.toBe(dismiss);
    // A vote re-renders the row: the icons stay, one each.
    v.update([{ ...p, votes: 5 }]);
    expect(v.tid('qna-votes', v.item(p.id)!)?.textContent).toContain('5');
    expect(icon('qna-approve')).toBe(approve);
    expect(icon('qna-dismiss')).toBe(dismiss);
    // Approved elsewhere: in the Approved tab its row offers other actions, each with its icon.
    v.update([{ ...p, votes: 5, state: 'approved' }]);
    v.click(v.tid('qna-tab-approved'));
    expect(icon('qna-answered-live')).toBeTruthy();
    expect(icon('qna-dismiss')).toBe(dismiss);
  });
  it('shows commands in flight and failures on the question, and the stale and problem banners', () => {
    const a = q('Sending one');
    const b = q('Failed one');
    const staleSince = new Date(2026, 4, 4, 12, 3, 44).getTime();
    const v = open([a, b], {
      staleSince,
      problem: 'The widget profile did not match: "approve button" not found.',
      commands: [
        { id: 'c1', action: { kind: 'approve', questionId: a.id }, status: { state: 'sending', attempt: 2 }, at: 1 },
        { id: 'c2', action: { kind: 'dismiss', questionId: b.id }, status: { state: 'failed', message: 'Never confirmed.' }, at: 2 },
      ],
    });
    expect(v.tid('qna-command', v.item(a.id)!)?.dataset.commandState).toBe('sending');
    const failed = v.tid('qna-command', v.item(b.id)!)!;
    expect(failed.dataset.commandState).toBe('failed');
    expect(failed.textContent).toContain('Never confirmed.');
    expect(failed.textContent).toContain('stays where it was');
    expect(v.tid('qna-stale')?.textContent).toContain('Stale since 12:03:44');
    expect(v.tid('qna-problem')?.getAttribute('role')).toBe('alert');
    // A command held in the outbox says why; without a reason it says it waits.
    v.update((qs) => [...qs.values()], {
      commands: [
        { id: 'c3', action: { kind: 'approve', questionId: a.id }, status: { state: 'queued', reason: 'Held while Kaltura is offline.' }, at: 3 },
        { id: 'c4', action: { kind: 'dismiss', questionId: b.id }, status: { state: 'queued' }, at: 4 },
      ],
    });
    const queued = v.tid('qna-command', v.item(a.id)!)!;
    expect(queued.dataset.commandState).toBe('queued');
    expect(queued.textContent).toBe('Approve: not sent yet. Held while Kaltura is offline.');
    expect(v.tid('qna-command', v.item(b.id)!)?.textContent).toBe('Dismiss: waiting to send…');
    v.update((qs) => [...qs.values()], { staleSince: null, problem: null, commands: [] });
    expect(v.tid('qna-stale')).toBeNull();
    expect(v.tid('qna-problem')).toBeNull();
    expect(v.tid('qna-command')).toBeNull();
  });
});

describe('QnaView: actions', () => {
  it('approves, edits before approving, and dismisses from the buttons', () => {
    const a = q('Approve me');
    const b = q('Edit me');
    const v = open([a, b]);
    v.click(v.tid('qna-approve', v.item(a.id)!));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: a.id });
    v.click(v.tid('qna-edit-approve', v.item(b.id)!));
    const field = v.tid('qna-edit-text') as HTMLTextAreaElement;
    expect(field.value).toBe('Edit me');
    v.type(field, 'Edit me, please');
    v.click(v.tid('qna-edit-send'));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: b.id, editedText: 'Edit me, please' });
    expect(v.tid('qna-reply')).toBeNull();
  });

  it('dismiss offers undo for 10 s; undo restores', () => {
    vi.useFakeTimers();
    const a = q('Dismiss me');
    const b = q('And me');
    const v = open([a, b]);
    v.click(v.tid('qna-dismiss', v.item(a.id)!));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'dismiss', questionId: a.id });
    act(() => {
      vi.advanceTimersByTime(9_000);
    });
    v.click(v.tid('qna-undo'));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'restore', questionId: a.id });
    expect(v.tid('qna-undo-toast')).toBeNull();

    v.click(v.tid('qna-dismiss', v.item(b.id)!));
    expect(v.tid('qna-undo')).not.toBeNull();
    act(() => {
      vi.advanceTimersByTime(10_001);
    });
    expect(v.tid('qna-undo')).toBeNull();
    expect(v.onAction).toHaveBeenCalledTimes(3);
  });

  it('opening the reply box claims first; sending waits until the claim is ours', () => {
    const a = q('Answer me', { state: 'approved' });
    const v = open([a]);
    v.click(v.tid('qna-tab-approved'));
    v.click(v.tid('qna-answer-private', v.item(a.id)!));
    expect(v.onAction).toHaveBeenCalledTimes(1);
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'claim', questionId: a.id });
    expect(v.tid('qna-reply')?.dataset.mode).toBe('private');
    v.type(v.tid('qna-reply-text'), 'Sent you the link.');
    expect((v.tid('qna-reply-send') as HTMLButtonElement).disabled).toBe(true);
    // The background confirms the claim.
    v.update([{ ...a, handledBy: 'mod-a' }]);
    expect((v.tid('qna-reply-send') as HTMLButtonElement).disabled).toBe(false);
    v.click(v.tid('qna-reply-send'));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'answer', questionId: a.id, text: 'Sent you the link.', visibility: 'private' });
    expect(v.tid('qna-reply')).toBeNull();
  });

  it('a failed claim frees the reply box: it says why, offers Try again, and lets the moderator send', () => {
    const a = q('Claim fails', { state: 'approved' });
    const v = open([a]);
    v.click(v.tid('qna-tab-approved'));
    v.click(v.tid('qna-answer-public', v.item(a.id)!));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'claim', questionId: a.id });
    expect(v.tid('qna-claim-note')?.textContent).toContain('Claiming…');
    v.type(v.tid('qna-reply-text'), 'Here is the answer.');
    expect((v.tid('qna-reply-send') as HTMLButtonElement).disabled).toBe(true);
    // The claim command fails (the surface never confirmed it).
    v.update([a], {
      commands: [{ id: 'c1', action: { kind: 'claim', questionId: a.id }, status: { state: 'failed', message: 'Never confirmed.' }, at: 1 }],
    });
    expect(v.tid('qna-claim-note')?.textContent).not.toContain('Claiming…');
    expect(v.tid('qna-claim-error')?.textContent).toBe("Couldn't claim: Never confirmed.");
    expect((v.tid('qna-reply-send') as HTMLButtonElement).disabled).toBe(false);
    // Try again claims again, and the box waits on that claim.
    v.click(v.tid('qna-claim-retry'));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'claim', questionId: a.id });
    v.update([a], {
      commands: [
        { id: 'c1', action: { kind: 'claim', questionId: a.id }, status: { state: 'failed', message: 'Never confirmed.' }, at: 1 },
        { id: 'c2', action: { kind: 'claim', questionId: a.id }, status: { state: 'sending', attempt: 1 }, at: 2 },
      ],
    });
    expect(v.tid('qna-claim-note')?.textContent).toContain('Claiming…');
    v.update([a], {
      commands: [{ id: 'c2', action: { kind: 'claim', questionId: a.id }, status: { state: 'failed', message: 'Offline.' }, at: 2 }],
    });
    // Sending without the claim still goes.
    v.click(v.tid('qna-reply-send'));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'answer', questionId: a.id, text: 'Here is the answer.', visibility: 'public' });
    expect(v.tid('qna-reply')).toBeNull();
  });

  it('a failed take-over says why and offers Take over again', () => {
    const a = q('Held by B', { state: 'approved', handledBy: 'mod-b' });
    const v = open([a]);
    v.click(v.tid('qna-tab-approved'));
    v.click(v.tid('qna-answer-public', v.item(a.id)!));
    v.click(v.tid('qna-take-over'));
    expect(v.tid('qna-claim-note')?.textContent).toContain('Taking over…');
    v.update([a], {
      commands: [{ id: 'c1', action: { kind: 'claim', questionId: a.id, takeOver: true }, status: { state: 'failed', message: 'Refused.' }, at: 1 }],
    });
    expect(v.tid('qna-claim-error')?.textContent).toContain("Couldn't take over: Refused.");
    expect(v.tid('qna-take-over')).not.toBeNull();
  });

  it('co-moderators show by name where the panel knows it, with the id in a title; unknown ids stay ids', () => {
    const asked = q('A question from moderator B', { author: { id: 'mod-b', name: 'Bea Moderator', anonymous: false } });
    const a = q('Held by B', { state: 'approved', handledBy: 'mod-b' });
    const c = q('Held by C', { state: 'approved', handledBy: 'mod-c' });
    const v = open([asked, a, c]);
    v.click(v.tid('qna-tab-approved'));
    const holder = v.tid('qna-handled-by', v.item(a.id)!)!;
    expect(holder.textContent).toBe('Bea Moderator');
    expect(holder.title).toBe('mod-b');
    expect(v.tid('qna-handled-by', v.item(c.id)!)?.textContent).toBe('mod-c');
    v.click(v.tid('qna-answer-public', v.item(a.id)!));
    const inBox = v.tid('qna-claim-holder')!;
    expect(inBox.textContent).toBe('Bea Moderator');
    expect(inBox.title).toBe('mod-b');
    expect(v.tid('qna-claim-note')?.textContent).toContain('Handled by Bea Moderator.');
  });

  it('without claims on the surface, the reply box says so and sends at once', () => {
    const a = q('No claims here', { state: 'approved' });
    const v = open([a], { capabilities: { ...ALL_CAPS, claim: false, absent: { claim: 'This widget has no assignment.' } } });
    v.click(v.tid('qna-tab-approved'));
    v.key('j');
    v.key('r');
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-absent-claim')?.textContent).toBe("Claiming a question isn't available: This widget has no assignment.");
    v.type(v.tid('qna-reply-text'), 'Yes.');
    v.key('Enter', v.tid('qna-reply-text'), { ctrlKey: true });
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'answer', questionId: a.id, text: 'Yes.', visibility: 'public' });
  });

  it('a question held by another moderator shows who, offers "Take over", and never lets a second answer through', () => {
    const a = q('Held by B', { state: 'approved', handledBy: 'mod-b' });
    const v = open([a]);
    v.click(v.tid('qna-tab-approved'));
    v.click(v.tid('qna-answer-public', v.item(a.id)!));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-claim-note')?.textContent).toContain('Handled by mod-b');
    v.type(v.tid('qna-reply-text'), 'My answer');
    expect((v.tid('qna-reply-send') as HTMLButtonElement).disabled).toBe(true);
    v.click(v.tid('qna-take-over'));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'claim', questionId: a.id, takeOver: true });
    expect(v.tid('qna-take-over')).toBeNull();
    v.update([{ ...a, handledBy: 'mod-a' }]);
    v.click(v.tid('qna-reply-send'));
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'answer', questionId: a.id, text: 'My answer', visibility: 'public' });

    // Other actions on someone else's question are held back the same way.
    const b = q('Also held by B', { state: 'approved', handledBy: 'mod-b' });
    v.update([b]);
    v.click(v.tid('qna-new-items')); // focus is in the list: the arrival waits behind "1 new"
    v.onAction.mockClear();
    v.click(v.tid('qna-answered-live', v.item(b.id)!));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-reply')?.dataset.mode).toBe('blocked');
    expect(v.tid('qna-take-over')).not.toBeNull();
  });

  it('bulk approves and dismisses the selection', () => {
    vi.useFakeTimers();
    const a = q('One');
    const b = q('Two');
    const c = q('Three');
    const v = open([a, b, c]);
    v.click(v.tid('qna-select', v.item(a.id)!));
    v.click(v.tid('qna-select', v.item(c.id)!));
    expect(v.item(a.id)?.getAttribute('aria-selected')).toBe('true');
    v.click(v.tid('qna-bulk-approve'));
    expect(v.onAction.mock.calls.map((c) => c[0]).sort((x, y) => x.questionId.localeCompare(y.questionId))).toEqual([
      { kind: 'approve', questionId: a.id },
      { kind: 'approve', questionId: c.id },
    ]);
    expect(v.tid('qna-bulk')).toBeNull();

    v.onAction.mockClear();
    v.click(v.tid('qna-select-all'));
    v.click(v.tid('qna-bulk-dismiss'));
    expect(v.onAction.mock.calls.map((c) => c[0].questionId).sort()).toEqual([a.id, b.id, c.id].sort());
    // One toast for the bulk dismissal (the last one; the bulk approval has its own), one Undo for all three.
    const toasts = v.$$('[data-testid="qna-undo-toast"]');
    expect(toasts.at(-1)?.textContent).toContain('3 questions dismissed.');
    v.onAction.mockClear();
    v.click(v.tid('qna-undo', toasts.at(-1)!));
    expect(v.onAction.mock.calls.map((c) => c[0]).sort((x, y) => x.questionId.localeCompare(y.questionId))).toEqual(
      [a.id, b.id, c.id].sort().map((id) => ({ kind: 'restore', questionId: id })),
    );
  });

  it('stars, lists up next in order, and reorders it', () => {
    const a = q('First starred', { state: 'approved' });
    const b = q('Second starred', { state: 'approved' });
    const v = open([a, b], { starred: [a.id, b.id] });
    v.click(v.tid('qna-tab-approved'));
    const upNext = v.tid('qna-up-next')!;
    expect(v.$$('[data-testid="qna-up-next-item"]', upNext).map((li) => li.dataset.questionId)).toEqual([a.id, b.id]);
    v.click(v.tid('qna-up-next-down', upNext));
    expect(v.onLocal).toHaveBeenLastCalledWith({ kind: 'reorder-starred', questionIds: [b.id, a.id] });
    v.click(v.tid('qna-star', v.item(a.id)!));
    expect(v.onLocal).toHaveBeenLastCalledWith({ kind: 'star', questionId: a.id, starred: false });
  });

  it('merges a group of similar questions with their votes summed', async () => {
    const a = q('Will the slides be shared after the session?', { votes: 5, state: 'approved' });
    const b = q('Will the slides be shared after the session', { votes: 3, state: 'approved' });
    const c = q('Is there a discount for students?', { votes: 1, state: 'approved' });
    const v = open([a, b, c]);
    expect(v.tid('qna-merge')).toBeNull(); // computed only when opened
    v.click(v.tid('qna-duplicates-toggle'));
    const merge = await loaded(() => v.tid('qna-merge'));
    expect(merge.textContent).toBe('Merge (8 votes)');
    v.click(merge);
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'merge', primaryId: a.id, memberIds: [b.id] });
  });

  it('saves banned words, and shows the audit trail', async () => {
    const a = q('Audited');
    const v = open([a], {
      bannedWords: ['spam'],
      audit: [{ at: new Date(2026, 0, 1, 9, 5, 7).getTime(), moderator: 'mod-b', action: 'dismiss', questionId: a.id, detail: 'dismissed: off topic', outcome: 'done' }],
    });
    v.click(v.tid('qna-banned-toggle'));
    const words = (await loaded(() => v.tid('qna-banned-words'))) as HTMLTextAreaElement;
    expect(words.value).toBe('spam');
    v.type(words, 'spam\nscam*, crypto');
    v.click(v.tid('qna-banned-save'));
    expect(v.onLocal).toHaveBeenLastCalledWith({ kind: 'set-banned-words', words: ['spam', 'scam*', 'crypto'] });

    expect(v.tid('qna-audit-list')).toBeNull();
    v.click(v.tid('qna-audit-toggle'));
    const entry = await loaded(() => v.tid('qna-audit-entry'));
    expect(entry.textContent).toContain('09:05:07');
    expect(entry.textContent).toContain('mod-b');
    expect(entry.textContent).toContain('dismissed: off topic');
    expect(entry.textContent).toContain('Audited');
  });
});

describe('QnaView: keyboard', () => {
  it('is a grid: one row per question with its text as the name, and the active row\'s actions are in the Tab order', () => {
    const p1 = q('First question', { votes: 3 });
    const p2 = q('Second question', { votes: 2, author: { id: 'u', name: 'Dana', anonymous: false } });
    const v = open([p1, p2], { starred: [p2.id] });
    const list = v.tid('qna-list')!;
    expect(list.getAttribute('role')).toBe('grid');
    expect(list.getAttribute('aria-multiselectable')).toBe('true');
    expect(list.getAttribute('aria-rowcount')).toBe('2');
    const rows = v.items();
    expect(rows.map((r) => [r.getAttribute('role'), r.getAttribute('aria-rowindex')])).toEqual([
      ['row', '1'],
      ['row', '2'],
    ]);
    for (const r of rows) {
      expect(r.hasAttribute('aria-label')).toBe(false);
      expect(r.querySelectorAll('[role="gridcell"]').length).toBe(1);
    }
    // The name is the visible question text; the description says who asked, the votes and the star.
    const row2 = v.item(p2.id)!;
    expect(document.getElementById(row2.getAttribute('aria-labelledby')!)?.textContent).toBe('Second question');
    expect(document.getElementById(row2.getAttribute('aria-describedby')!)?.textContent).toBe('Dana, 2 votes, starred');

    const tabbable = (row: HTMLElement) =>
      [...row.querySelectorAll<HTMLElement>('button, input')].filter((el) => el.tabIndex >= 0).map((el) => el.dataset.testid);
    // Nothing active yet: no row's controls are in the Tab order (Tab goes past the list).
    expect(tabbable(v.item(p1.id)!)).toEqual([]);
    v.key('j');
    expect(tabbable(v.item(p1.id)!)).toEqual(['qna-select', 'qna-approve', 'qna-edit-approve', 'qna-dismiss', 'qna-answer-public', 'qna-answer-private', 'qna-star']);
    expect(tabbable(v.item(p2.id)!)).toEqual([]);
    // Each icon button has a name that says what it does (for a screen reader), and does it.
    const dismiss = v.tid('qna-dismiss', v.item(p1.id)!)!;
    expect(dismiss.getAttribute('aria-label')).toBe('Dismiss');
    v.click(dismiss);
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'dismiss', questionId: p1.id });
    // Focus reaching a control of another row (Tab, a screen reader's cursor) makes that row the active one.
    act(() => v.tid('qna-star', v.item(p2.id)!)!.focus());
    expect(list.getAttribute('aria-activedescendant')).toBe(v.item(p2.id)!.id);
    expect(tabbable(v.item(p2.id)!)).toContain('qna-approve');
  });

  it('j/k move, and a d r p l s x each do their action on the active question', () => {
    const p1 = q('First', { votes: 3 });
    const p2 = q('Second', { votes: 2 });
    const v = open([p1, p2]);
    const list = v.tid('qna-list')!;
    v.key('j');
    expect(list.getAttribute('aria-activedescendant')).toBe(v.item(p1.id)!.id);
    v.key('j');
    expect(list.getAttribute('aria-activedescendant')).toBe(v.item(p2.id)!.id);
    v.key('k');
    expect(list.getAttribute('aria-activedescendant')).toBe(v.item(p1.id)!.id);

    v.key('a');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: p1.id });
    v.key('d');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'dismiss', questionId: p1.id });
    v.key('s');
    expect(v.onLocal).toHaveBeenLastCalledWith({ kind: 'star', questionId: p1.id, starred: true });
    v.key('x');
    expect(v.item(p1.id)?.getAttribute('aria-selected')).toBe('true');
    v.key('r');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'claim', questionId: p1.id });
    expect(v.tid('qna-reply')?.dataset.mode).toBe('public');
    // Typing in the reply box is not a key command; Esc closes it.
    v.key('a', v.tid('qna-reply-text'));
    expect(v.onAction).toHaveBeenCalledTimes(3);
    v.key('Escape', v.tid('qna-reply-text'));
    expect(v.tid('qna-reply')).toBeNull();
    v.key('p');
    expect(v.tid('qna-reply')?.dataset.mode).toBe('private');
    v.key('Escape', v.tid('qna-reply-text'));

    v.click(v.tid('qna-tab-approved'));
    const ap = q('Approved', { state: 'approved' });
    v.update([p1, p2, ap]);
    v.click(v.tid('qna-new-items')); // focus is in the list: the arrival waits behind "1 new"
    v.key('j');
    v.key('l');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'answered-live', questionId: ap.id });
  });

  it('/ focuses search, ? lists the keys and Esc closes the list', () => {
    const v = open([q('Something')]);
    v.key('/');
    expect(document.activeElement).toBe(v.tid('qna-search'));
    // Typing "?" in the search field is text, not the key list.
    v.key('?', v.tid('qna-search'));
    expect(v.tid('qna-keys')).toBeNull();
    v.key('?');
    const dialog = v.tid('qna-keys')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.textContent).toContain('Approve');
    v.key('Escape', v.tid('qna-keys-close'));
    expect(v.tid('qna-keys')).toBeNull();
  });

  it('Esc in the search box keeps the search and sends focus back to the list, where the keys work', () => {
    const v = open([q('Slides please'), q('Other')]);
    v.key('/');
    v.type(v.tid('qna-search'), 'slides');
    v.key('Escape', v.tid('qna-search'));
    expect(document.activeElement).toBe(v.tid('qna-list'));
    expect((v.tid('qna-search') as HTMLInputElement).value).toBe('slides');
    expect(v.$$('[data-testid="qna-item"]')).toHaveLength(1);
  });

  it('keeps focus in place: when the active question leaves the tab the next one becomes active', () => {
    const a = q('A', { votes: 3 });
    const b = q('B', { votes: 2 });
    const c = q('C', { votes: 1 });
    const v = open([a, b, c]);
    const list = v.tid('qna-list')!;
    v.key('j');
    v.key('j');
    expect(list.getAttribute('aria-activedescendant')).toBe(v.item(b.id)!.id);
    v.key('a');
    v.update([a, { ...b, state: 'approved' }, c]);
    expect(list.getAttribute('aria-activedescendant')).toBe(v.item(c.id)!.id);
    expect(document.activeElement).toBe(list);
  });
});

describe('QnaView: the list does not jump', () => {
  it('buffers new questions while scrolled down, announces them, and brings them in at the top on request', () => {
    const old = Array.from({ length: 30 }, (_, i) => q(`Old ${i}`, { votes: 1 }));
    const v = open(old);
    v.sortBy('time'); // Pending opens oldest first; these are about arrivals at the top
    act(() => {
      const list = v.tid('qna-list')!;
      list.scrollTop = 900;
      list.dispatchEvent(new Event('scroll'));
    });
    const fresh = q('Fresh question', { votes: 1 });
    const fresh2 = q('Another fresh one', { votes: 1 });
    v.update([...old, fresh, fresh2]);
    expect(v.tid('qna-new-items')?.textContent).toBe('2 new');
    expect(v.tid('qna-new-items')?.parentElement?.getAttribute('aria-live')).toBe('polite');
    expect(v.item(fresh.id)).toBeNull();
    expect(v.tid('qna-count-pending')?.textContent).toBe('32'); // counts are live
    v.click(v.tid('qna-new-items'));
    expect(v.tid('qna-new-items')).toBeNull();
    expect(v.ids().slice(0, 2)).toEqual([fresh2.id, fresh.id]);
  });

  it('scrolling back to the top brings held questions in', () => {
    const old = Array.from({ length: 30 }, (_, i) => q(`Old ${i}`, { votes: 1 }));
    const v = open(old);
    v.sortBy('time'); // Pending opens oldest first; these are about arrivals at the top
    const scroll = (top: number) =>
      act(() => {
        const list = v.tid('qna-list')!;
        list.scrollTop = top;
        list.dispatchEvent(new Event('scroll'));
      });
    scroll(700);
    const fresh = q('Fresh', { votes: 1 });
    v.update([...old, fresh]);
    expect(v.tid('qna-new-items')?.textContent).toBe('1 new');
    scroll(0);
    expect(v.tid('qna-new-items')).toBeNull();
    expect(v.ids()[0]).toBe(fresh.id);
  });

  it('clicking a row makes it the active one', () => {
    const a = q('A', { votes: 2 });
    const b = q('B', { votes: 1 });
    const v = open([a, b]);
    act(() => {
      v.item(b.id)!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      v.tid('qna-list')!.focus();
    });
    v.key('a');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: b.id });
  });

  it('at the top, new questions come in at once; with focus further down they wait', () => {
    const a = q('A', { votes: 1 });
    const b = q('B', { votes: 1 });
    const v = open([a, b]);
    v.sortBy('time'); // Pending opens oldest first; these are about arrivals at the top
    const c = q('C', { votes: 1 });
    v.update([a, b, c]);
    expect(v.tid('qna-new-items')).toBeNull();
    expect(v.ids()[0]).toBe(c.id);
    v.key('j');
    v.key('j'); // focus on the second item: not at the top any more
    const d = q('D', { votes: 1 });
    v.update([a, b, c, d]);
    expect(v.tid('qna-new-items')?.textContent).toBe('1 new');
    expect(v.item(d.id)).toBeNull();
  });

  it('keeps the order while scrolled down even when votes change', () => {
    const qs = Array.from({ length: 20 }, (_, i) => q(`Q ${i}`, { votes: 100 - i }));
    const v = open(qs);
    v.sortBy('votes'); // Pending opens oldest first; these are about arrivals at the top
    act(() => {
      const list = v.tid('qna-list')!;
      list.scrollTop = 500;
      list.dispatchEvent(new Event('scroll'));
    });
    const before = v.ids();
    v.update(qs.map((x, i) => (i === 5 ? { ...x, votes: 1000 } : x)));
    expect(v.ids()).toEqual(before);
    expect(v.tid('qna-votes', v.item(qs[5]!.id)!)?.textContent).toContain('1000');
    // Back at the top, the list follows the votes again.
    act(() => {
      const list = v.tid('qna-list')!;
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
    });
    v.update((m) => [...m.values()].map((x) => ({ ...x })));
    expect(v.ids()[0]).toBe(qs[5]!.id);
  });
});

describe('QnaView: keys from the start', () => {
  it('focus is in the list when the view opens: j then a approve the first question without a click', () => {
    const a = q('First', { votes: 1 });
    const b = q('Second', { votes: 1 });
    const v = (view = mount([a, b], {}, true));
    expect(document.activeElement).toBe(v.tid('qna-list'));
    const press = (k: string) =>
      act(() => {
        document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      });
    press('j');
    press('a');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: a.id });
  });

  it('n shows the questions waiting behind "N new", and keys go on working after the "N new" button', () => {
    const a = q('A', { votes: 1 });
    const b = q('B', { votes: 1 });
    const v = (view = mount([a, b], { capabilities: { ...ALL_CAPS } }, true));
    v.sortBy('time');
    const list = v.tid('qna-list')!;
    act(() => list.focus());
    const c = q('C', { votes: 1 });
    v.update([a, b, c]);
    expect(v.tid('qna-new-items')?.textContent).toBe('1 new');
    v.key('n');
    expect(v.tid('qna-new-items')).toBeNull();
    expect(v.ids()[0]).toBe(c.id);
    const d = q('D', { votes: 1 });
    v.update([a, b, c, d]);
    act(() => v.tid('qna-new-items')!.focus()); // a click moves focus to the button, which then goes away
    v.click(v.tid('qna-new-items'));
    expect(document.activeElement).toBe(list);
    v.key('j');
    v.key('a');
    expect(v.onAction).toHaveBeenLastCalledWith({ kind: 'approve', questionId: d.id });
  });

  it('the key list shows only keys that do something here (no approve where the surface has no approval)', () => {
    const v = open([q('Something', { state: 'approved' })], { capabilities: WEBCAST });
    v.click(v.tid('qna-keys-open'));
    const commands = v.$$('[data-testid="qna-key"]').map((el) => el.dataset.command);
    expect(commands).not.toContain('approve');
    expect(commands).not.toContain('edit-approve');
    expect(commands).toContain('answer-public');
    expect(commands).toContain('show-new');
  });
});

describe('QnaView: the order of each tab', () => {
  it('Pending opens oldest first (nothing has votes yet), Approved most votes; each tab keeps its own order', () => {
    const older = q('Asked first', { votes: 0 });
    const newer = q('Asked later', { votes: 5 });
    const a1 = q('Approved, few votes', { state: 'approved', votes: 1 });
    const a2 = q('Approved, many votes', { state: 'approved', votes: 9 });
    const v = open([older, newer, a1, a2]);
    expect((v.tid('qna-sort') as HTMLSelectElement).value).toBe('oldest');
    expect(v.ids()).toEqual([older.id, newer.id]);
    v.click(v.tid('qna-tab-approved'));
    expect((v.tid('qna-sort') as HTMLSelectElement).value).toBe('votes');
    expect(v.ids()).toEqual([a2.id, a1.id]);
    v.sortBy('time');
    v.click(v.tid('qna-tab-pending'));
    expect(v.ids()).toEqual([older.id, newer.id]);
    v.click(v.tid('qna-tab-approved'));
    expect((v.tid('qna-sort') as HTMLSelectElement).value).toBe('time');
  });

  it('oldest first: a new question lands at the end and comes in even while focus is in the list', () => {
    const qs = Array.from({ length: 3 }, (_, i) => q(`Q ${i}`));
    const v = open(qs);
    v.key('j');
    v.key('j');
    const fresh = q('Fresh');
    v.update([...qs, fresh]);
    expect(v.tid('qna-new-items')).toBeNull();
    expect(v.ids().at(-1)).toBe(fresh.id);
  });
});

describe('QnaView: search, sort, filters and scale', () => {
  it('searches ignoring case and accents, sorts by time, and filters starred, mine and unanswered', () => {
    const a = q('Où sont les SLIDES ?', { votes: 1, state: 'approved', handledBy: 'mod-a' });
    const b = q('Pricing question', { votes: 5, state: 'approved' });
    const c = q('Answered one', { votes: 9, state: 'approved', answers: [{ id: 'x', text: 'yes', visibility: 'public', by: 'mod-a', at: 1 }] });
    const v = open([a, b, c], { starred: [b.id] });
    v.click(v.tid('qna-tab-approved'));
    expect(v.ids()).toEqual([c.id, b.id, a.id]);
    v.type(v.tid('qna-search'), 'slides');
    expect(v.ids()).toEqual([a.id]);
    v.type(v.tid('qna-search'), '');
    act(() => {
      const sort = v.tid('qna-sort') as HTMLSelectElement;
      sort.value = 'time';
      sort.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(v.ids()).toEqual([c.id, b.id, a.id].sort((x, y) => Number(y.slice(1)) - Number(x.slice(1))));
    v.click(v.tid('qna-filter-starred'));
    expect(v.ids()).toEqual([b.id]);
    v.click(v.tid('qna-filter-starred'));
    v.click(v.tid('qna-filter-mine'));
    expect(v.ids()).toEqual([a.id]);
    v.click(v.tid('qna-filter-mine'));
    v.click(v.tid('qna-filter-unanswered'));
    expect(v.ids()).not.toContain(c.id);
    expect(v.tid('qna-filter-unanswered')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('renders 10,000 questions as a bounded number of rows, and filters them', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => q(i % 1000 === 0 ? `Needle ${i}` : `Question number ${i}`, { votes: i % 37 }));
    const v = open(many);
    expect(v.tid('qna-count-pending')?.textContent).toBe('10000');
    expect(v.tid('qna-list')?.dataset.count).toBe('10000');
    const rows = v.items().length;
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(40);
    v.type(v.tid('qna-search'), 'needle');
    expect(v.tid('qna-list')?.dataset.count).toBe('10');
    expect(v.items().every((el) => el.textContent?.includes('Needle'))).toBe(true);
    // Moving far down keeps the active row rendered (aria-activedescendant always resolves).
    v.type(v.tid('qna-search'), '');
    v.key('End');
    const active = v.tid('qna-list')!.getAttribute('aria-activedescendant')!;
    expect(document.getElementById(active)).not.toBeNull();
    expect(v.items().length).toBeLessThan(40);
  });
});

describe('QnaView: undo puts a question back exactly where it was', () => {
  it('undo of a dismissal from Pending only restores (to Pending: never an approve)', () => {
    const a = q('Is the recording free for everyone who registered?');
    const v = open([a]);
    v.click(v.tid('qna-dismiss', v.item(a.id)!));
    expect(v.tid('qna-undo-toast')?.textContent).toContain('“Is the recording free for everyone who…” dismissed.');
    v.onAction.mockClear();
    v.click(v.tid('qna-undo'));
    expect(v.onAction.mock.calls.map((c) => c[0])).toEqual([{ kind: 'restore', questionId: a.id }]);
  });

  it('undo of a dismissal from Approved restores, then approves again', () => {
    const a = q('Published one', { state: 'approved' });
    const v = open([a]);
    v.click(v.tid('qna-tab-approved'));
    v.click(v.tid('qna-dismiss', v.item(a.id)!));
    v.onAction.mockClear();
    v.click(v.tid('qna-undo'));
    expect(v.onAction.mock.calls.map((c) => c[0])).toEqual([
      { kind: 'restore', questionId: a.id },
      { kind: 'approve', questionId: a.id },
    ]);
  });

  it('quick dismissals each get their own toast naming the question, each with its own undo', () => {
    const a = q('Alpha question');
    const b = q('Bravo question');
    const v = open([a, b]);
    v.click(v.tid('qna-dismiss', v.item(a.id)!));
    v.click(v.tid('qna-dismiss', v.item(b.id)!));
    const toasts = v.$$('[data-testid="qna-undo-toast"]');
    expect(toasts.map((t) => t.querySelector('.qna-toast-text')?.textContent)).toEqual(['“Alpha question” dismissed.', '“Bravo question” dismissed.']);
    v.onAction.mockClear();
    v.click(v.tid('qna-undo', toasts[0]!));
    expect(v.onAction.mock.calls.map((c) => c[0])).toEqual([{ kind: 'restore', questionId: a.id }]);
    expect(v.$$('[data-testid="qna-undo-toast"]').map((t) => t.querySelector('.qna-toast-text')?.textContent)).toEqual(['“Bravo question” dismissed.']);
  });

  it('where the surface cannot restore, no Undo is offered and the toast says why', () => {
    const a = q('No way back');
    const caps = { ...ALL_CAPS, restore: false, absent: { restore: 'The CnC widget on this page has no restore control.' } };
    const v = open([a], { capabilities: caps });
    v.click(v.tid('qna-dismiss', v.item(a.id)!));
    expect(v.tid('qna-undo')).toBeNull();
    expect(v.tid('qna-undo-absent')?.textContent).toBe("Undo isn't available: The CnC widget on this page has no restore control.");
  });
});

describe('QnaView: bulk actions', () => {
  const select = (v: View, ids: string[]) => ids.forEach((id) => v.click(v.tid('qna-select', v.item(id)!)));

  it('never bulk-approves a question held for a banned word, and says how many are left out', () => {
    const a = q('Clean one');
    const b = q('Held one');
    const v = open([a, b], { holds: { [b.id]: 'Held: contains "zorbl"' } });
    select(v, [a.id, b.id]);
    expect(v.tid('qna-bulk-approve')?.textContent).toBe('Approve 1');
    expect(v.tid('qna-bulk-skipped')?.textContent).toContain('1 held one is left out');
    v.click(v.tid('qna-bulk-approve'));
    expect(v.onAction.mock.calls.map((c) => c[0])).toEqual([{ kind: 'approve', questionId: a.id }]);
  });

  it('over 10 questions it asks once, saying what it will touch; Cancel sends nothing', () => {
    const qs = Array.from({ length: 13 }, (_, i) => q(`Bulk ${i}`));
    const held = qs.slice(0, 2).map((x) => x.id);
    const v = open(qs, { holds: Object.fromEntries(held.map((id) => [id, 'Held: banned word'])) });
    v.sortBy('time'); // Pending opens oldest first; these are about arrivals at the top
    v.click(v.tid('qna-select-all'));
    v.click(v.tid('qna-bulk-approve'));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-bulk-confirm-text')?.textContent).toBe('Approve 11 questions? 2 held ones are left out.');
    v.click(v.tid('qna-bulk-cancel'));
    expect(v.onAction).not.toHaveBeenCalled();
    expect(v.tid('qna-bulk-confirm')).toBeNull();

    const more = Array.from({ length: 3 }, (_, i) => q(`More ${i}`));
    v.update([...qs, ...more]); // at the top, with neither pointer nor focus in the list: they come in
    select(v, more.map((x) => x.id));
    v.click(v.tid('qna-bulk-approve'));
    expect(v.tid('qna-bulk-confirm-text')?.textContent).toBe('Approve 14 questions? 2 held ones are left out.');
    v.click(v.tid('qna-bulk-confirm'));
    expect(v.onAction).toHaveBeenCalledTimes(14);
    expect(v.onAction.mock.calls.every((c) => c[0].kind === 'approve' && !held.includes(c[0].questionId))).toBe(true);
  });
});

describe('QnaView: nothing moves under the pointer or focus', () => {
  const wrap = (v: View) => v.$('.qna-list-wrap')!;
  it('at the top, an arrival waits behind "N new" while the pointer is over the list, and comes in when it leaves', () => {
    const a = q('A', { votes: 1 });
    const b = q('B', { votes: 1 });
    const v = open([a, b]);
    v.sortBy('votes'); // Pending opens oldest first; these are about arrivals at the top
    act(() => {
      wrap(v).dispatchEvent(new Event('pointerenter'));
    });
    const c = q('C', { votes: 1 });
    v.update([a, b, c]);
    expect(v.ids()[0]).toBe(b.id);
    expect(v.tid('qna-new-items')?.textContent).toBe('1 new');
    // Votes changing do not reorder the rows under the pointer either.
    v.update([{ ...a, votes: 50 }, b, c]);
    expect(v.ids().slice(0, 2)).toEqual([b.id, a.id]);
    act(() => {
      wrap(v).dispatchEvent(new Event('pointerleave'));
    });
    expect(v.tid('qna-new-items')).toBeNull();
    expect(v.ids()).toEqual([a.id, c.id, b.id]);
  });

  it('follows a mirror whose questions Map is mutated in place (memoised on the snapshot object)', () => {
    const a = q('A');
    const v = open([a]);
    const b = q('B');
    act(() => {
      const cur = v.snapshot.value!;
      (cur.questions as Map<string, Question>).set(b.id, b);
      v.snapshot.value = { meta: cur.meta, questions: cur.questions };
    });
    expect(v.tid('qna-count-pending')?.textContent).toBe('2');
    expect(v.item(b.id)).not.toBeNull();
  });
});
