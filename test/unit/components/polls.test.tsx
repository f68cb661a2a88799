import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { PollEditor, type PollEditorProps } from '@/components/polls/PollEditor';
import { PollLibrary } from '@/components/polls/PollLibrary';
import { PollLive } from '@/components/polls/PollLive';
import { newDraft, type DraftPatch, type Poll, type PollDraft } from '@/lib/model/polls';

const NOW = Date.UTC(2026, 4, 1, 10);
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const draft = (over: Partial<PollDraft> = {}): PollDraft => ({
  ...newDraft({ id: 'd1', idempotencyKey: 'k1', contextId: '1_s', now: NOW, question: 'Which city?', options: ['Paris', 'Rome'] }),
  ...over,
});

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const $ = <T extends Element = HTMLElement>(id: string, scope: ParentNode = root) => scope.querySelector<T & HTMLElement>(`[data-testid="${id}"]`);
const $$ = (id: string, scope: ParentNode = root) => [...scope.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const type = async (id: string, value: string) =>
  act(() => {
    const el = $<HTMLInputElement>(id)!;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const click = async (id: string, scope?: ParentNode) => act(() => $(id, scope)!.click());

/** The editor with its draft held by a parent, as the panel will. */
function mountEditor(initial: PollDraft, extra: Partial<PollEditorProps> = {}) {
  const onSave = vi.fn();
  const patches: DraftPatch[] = [];
  let current = initial;
  function Host() {
    const [d, setD] = useState(initial);
    current = d;
    return (
      <PollEditor
        draft={d}
        now={NOW}
        onChange={(p) => {
          patches.push(p);
          setD((x) => ({ ...x, ...p }));
        }}
        onSave={onSave}
        {...extra}
      />
    );
  }
  render(<Host />, root);
  return { onSave, patches, get draft() {
    return current;
  } };
}

/** Error text and its wiring: the field is aria-invalid and described by the message. */
function expectFieldError(fieldId: string, errorId: string, message: RegExp) {
  const field = $(fieldId)!;
  const error = $(errorId)!;
  expect(error?.textContent).toMatch(message);
  expect(field.getAttribute('aria-invalid')).toBe('true');
  expect(field.getAttribute('aria-describedby')).toBe(error.id);
}

describe('PollEditor', () => {
  it('saves a valid draft', async () => {
    const e = mountEditor(draft());
    await click('poll-save');
    expect(e.onSave).toHaveBeenCalledTimes(1);
    expect($('poll-question')!.getAttribute('aria-invalid')).toBeNull();
  });

  it('empty question: refused, message at the question', async () => {
    const e = mountEditor(draft({ question: '' }));
    expect($('poll-question-error')).toBeNull(); // nothing shouted before the moderator tries
    await click('poll-save');
    expect(e.onSave).not.toHaveBeenCalled();
    expectFieldError('poll-question', 'poll-question-error', /Write a question/);
    await type('poll-question', 'Now a question?');
    expect($('poll-question-error')).toBeNull();
    await click('poll-save');
    expect(e.onSave).toHaveBeenCalledTimes(1);
    expect(e.draft.question).toBe('Now a question?');
  });

  it('one option: refused at the options', async () => {
    mountEditor(draft({ options: [{ id: 'o1', text: 'Only' }] }));
    await click('poll-save');
    expect($('poll-options-error')!.textContent).toMatch(/at least 2 options/);
  });

  it('more than 8 options: refused at the options; the add button stops at 8', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => ({ id: `o${i + 1}`, text: `Option ${i + 1}` }));
    mountEditor(draft({ options: nine }));
    await click('poll-save');
    expect($('poll-options-error')!.textContent).toMatch(/at most 8/);
    await click('poll-option-8-remove');
    expect($('poll-options-error')).toBeNull();
    expect($<HTMLButtonElement>('poll-add-option')!.disabled).toBe(true);
  });

  it('adds and removes options, up to 8', async () => {
    const e = mountEditor(draft());
    for (let i = 0; i < 8; i++) if (!$<HTMLButtonElement>('poll-add-option')!.disabled) await click('poll-add-option');
    expect(e.draft.options).toHaveLength(8);
    expect($$('poll-option-7')).toHaveLength(1);
    await click('poll-option-0-remove');
    expect(e.draft.options.map((o) => o.text)).toEqual(['Rome', '', '', '', '', '', '']);
  });

  it('duplicate option: message at the duplicate', async () => {
    mountEditor(draft({ options: [{ id: 'o1', text: 'Paris' }, { id: 'o2', text: ' PARIS ' }] }));
    await click('poll-save');
    expectFieldError('poll-option-1', 'poll-option-1-error', /repeats option 1/);
    expect($('poll-option-0-error')).toBeNull();
  });

  it('empty option: message at that option', async () => {
    mountEditor(draft({ options: [{ id: 'o1', text: 'Paris' }, { id: 'o2', text: '' }] }));
    await click('poll-save');
    expectFieldError('poll-option-1', 'poll-option-1-error', /Option 2 is empty/);
  });

  it('an error shows once the field is left, before any save', async () => {
    mountEditor(draft({ question: '' }));
    await act(() => {
      $('poll-question')!.dispatchEvent(new Event('blur'));
    });
    expect($('poll-question-error')!.textContent).toMatch(/Write a question/);
  });

  it('open answer: switching drops the options; an open poll with options is refused at options', async () => {
    const e = mountEditor(draft({ type: 'OpenAnswers' }));
    await click('poll-save');
    expect($('poll-options-error')!.textContent).toMatch(/no options/);
    await click('poll-type-options');
    await click('poll-type-open');
    expect(e.draft).toMatchObject({ type: 'OpenAnswers', options: [] });
    expect($('poll-option-0')).toBeNull();
    await click('poll-save');
    expect(e.onSave).toHaveBeenCalledTimes(1);
  });

  it('correct answers, results toggle, auto-close and schedule reach the draft', async () => {
    const e = mountEditor(draft());
    await click('poll-option-1-correct');
    expect(e.draft.correctAnswers).toEqual(['o2']);
    await click('poll-show-results');
    expect(e.draft.showResults).toBe(true);
    await type('poll-autoclose', '90');
    expect(e.draft.autoCloseMilliseconds).toBe(90_000);
    expect(root.textContent).toContain('Closes 90 seconds after launch');
    await type('poll-autoclose', '');
    expect(e.draft.autoCloseMilliseconds).toBeNull();
    const later = new Date(NOW + 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    await type('poll-schedule', `${later.getFullYear()}-${pad(later.getMonth() + 1)}-${pad(later.getDate())}T${pad(later.getHours())}:${pad(later.getMinutes())}`);
    expect(e.draft.scheduledAt).toBe(NOW + 3600_000);
    await click('poll-schedule-clear');
    expect(e.draft.scheduledAt).toBeNull();
  });

  it('auto-close too short: message at auto-close', async () => {
    mountEditor(draft({ autoCloseMilliseconds: 2000 }));
    await click('poll-save');
    expectFieldError('poll-autoclose', 'poll-autoclose-error', /at least 5 seconds/);
  });

  it('schedule in the past: message at the schedule', async () => {
    mountEditor(draft({ scheduledAt: NOW - 60_000 }));
    await click('poll-save');
    expectFieldError('poll-schedule', 'poll-schedule-error', /has passed/);
  });

  it('correct answer not among the options: message at options', async () => {
    mountEditor(draft({ correctAnswers: ['vanished'] }));
    await click('poll-save');
    expect($('poll-options-error')!.textContent).toMatch(/not among the options/);
  });

  it('shows a server refusal at its field, or above the buttons', async () => {
    mountEditor(draft(), { serverError: { message: 'Kaltura refused the poll: question too long.', formField: 'question' } });
    expectFieldError('poll-question', 'poll-question-error', /question too long/);
    render(null, root);
    mountEditor(draft(), { serverError: { message: 'Your session key has expired: reload the event page.' } });
    expect($('poll-server-error')!.textContent).toBe('Your session key has expired: reload the event page.');
  });

  it('renders hostile text as text', () => {
    mountEditor(draft({ question: HOSTILE, options: [{ id: 'o1', text: HOSTILE }, { id: 'o2', text: 'B' }] }));
    expect(root.querySelector('img')).toBeNull();
    expect($<HTMLTextAreaElement>('poll-question')!.value).toBe(HOSTILE);
  });
});

describe('PollLibrary', () => {
  const intents = () => ({ onLaunch: vi.fn(), onEdit: vi.fn(), onDuplicate: vi.fn(), onDelete: vi.fn(), onReorder: vi.fn(), onRunAgain: vi.fn(), onOpenLive: vi.fn(), onNew: vi.fn() });

  it('lists drafts with state and sync status, and emits intents', async () => {
    const fns = intents();
    const drafts = [draft({ id: 'a' }), draft({ id: 'b', remoteId: 'r', state: 'Scheduled', scheduledAt: NOW + 60_000 }), draft({ id: 'c', question: '' })];
    render(<PollLibrary drafts={drafts} now={NOW} {...fns} />, root);
    const items = $$('poll-item');
    expect(items.map((i) => i.dataset.draftId)).toEqual(['a', 'b', 'c']);
    expect($('poll-item-state', items[1])!.textContent).toBe('Scheduled');
    expect($('poll-item-sync', items[0])!.textContent).toBe('Only in this browser');
    expect($('poll-item-sync', items[1])!.textContent).toBe('Saved in Kaltura');
    expect($('poll-item-question', items[2])!.textContent).toBe('Untitled poll');
    // an invalid draft cannot be launched
    expect($<HTMLButtonElement>('poll-launch', items[2])!.disabled).toBe(true);
    await click('poll-launch', items[0]);
    await click('poll-edit', items[1]);
    await click('poll-duplicate', items[2]);
    await click('poll-move-up', items[1]);
    await click('poll-new');
    expect(fns.onLaunch).toHaveBeenCalledWith('a');
    expect(fns.onEdit).toHaveBeenCalledWith('b');
    expect(fns.onDuplicate).toHaveBeenCalledWith('c');
    expect(fns.onReorder).toHaveBeenCalledWith('b', 0);
    expect(fns.onNew).toHaveBeenCalled();
    expect($<HTMLButtonElement>('poll-move-up', items[0])!.disabled).toBe(true);
  });

  it('asks once more before deleting', async () => {
    const fns = intents();
    render(<PollLibrary drafts={[draft({ id: 'a', remoteId: 'r1' })]} now={NOW} {...fns} />, root);
    await click('poll-delete');
    expect(fns.onDelete).not.toHaveBeenCalled();
    expect($('poll-delete-confirm')!.textContent).toBe('Delete here and in Kaltura');
    await click('poll-delete-cancel');
    expect($('poll-delete-confirm')).toBeNull();
    await click('poll-delete');
    await click('poll-delete-confirm');
    expect(fns.onDelete).toHaveBeenCalledWith('a');
  });

  it('a live poll opens live results; a closed one runs again; busy and errors show', async () => {
    const fns = intents();
    render(
      <PollLibrary
        drafts={[draft({ id: 'live', state: 'Published', remoteId: 'r1' }), draft({ id: 'done', state: 'UnPublished', remoteId: 'r2' })]}
        now={NOW}
        busy={{ done: 'Copying…' }}
        errors={{ live: `Kaltura refused: ${HOSTILE}` }}
        {...fns}
      />,
      root,
    );
    const [live, done] = $$('poll-item');
    expect($('poll-launch', live)).toBeNull();
    // A live poll offers no edit or delete (not greyed-out buttons: its state chip says it is live).
    expect($('poll-delete', live)).toBeNull();
    expect($('poll-edit', live)).toBeNull();
    expect($('poll-item-state', live)!.className).toContain('chip');
    await click('poll-open-live', live);
    expect(fns.onOpenLive).toHaveBeenCalledWith('live');
    expect($<HTMLButtonElement>('poll-run-again', done)!.disabled).toBe(true);
    expect(done!.textContent).toContain('Copying…');
    expect($('poll-item-error', live)!.textContent).toContain(HOSTILE);
    expect(root.querySelector('img')).toBeNull();
  });

  it('says so when empty', () => {
    render(<PollLibrary drafts={[]} now={NOW} {...intents()} />, root);
    expect($('poll-library-empty')).not.toBeNull();
  });
});

describe('PollLive', () => {
  const poll = (over: Partial<Poll> = {}): Poll => ({
    _id: 'p1',
    contextId: '1_s',
    state: 'Published',
    type: 'OptionsPoll',
    content: { question: 'Which city?', options: [{ id: 'a', text: 'Paris' }, { id: 'b', text: 'Rome' }, { id: 'c', text: 'Oslo' }], correctAnswers: ['b'] },
    showResults: false,
    publishedAt: new Date(NOW).toISOString(),
    autoCloseMilliseconds: 120_000,
    ...over,
  });
  const fns = () => ({ onClose: vi.fn(), onPublishResults: vi.fn(), onRunAgain: vi.fn(), onExportCsv: vi.fn() });

  it('shows counts, percentages summing to 100, bars, the countdown; emits intents', async () => {
    const f = fns();
    render(<PollLive poll={poll()} results={{ totals: { a: 1, b: 1, c: 1 }, answers: 3 }} now={NOW + 45_000} {...f} />, root);
    const rows = $$('poll-result-row');
    expect(rows.map((r) => $('poll-result-text', r)!.textContent)).toEqual(['Paris', 'Rome', 'Oslo']);
    expect(rows.map((r) => $('poll-result-count', r)!.textContent)).toEqual(['1', '1', '1']);
    const pct = rows.map((r) => Number.parseInt($('poll-result-percent', r)!.textContent!, 10));
    expect(pct).toEqual([34, 33, 33]);
    expect(pct.reduce((a, b) => a + b)).toBe(100);
    expect(rows.map((r) => $('poll-result-bar', r)!.style.width)).toEqual(['34%', '33%', '33%']);
    expect(rows[1]!.textContent).toContain('(correct)');
    expect($('poll-countdown')!.textContent).toBe('Closes in 1:15');
    expect($('poll-live-total')!.textContent).toBe('3 answers');
    expect($('poll-run-again')).toBeNull();
    expect($('poll-live-state')!.getAttribute('role')).toBe('status');
    expect(root.querySelectorAll('button:disabled')).toHaveLength(0);
    await click('poll-close');
    await click('poll-publish-results');
    await click('poll-export-csv');
    expect(f.onClose).toHaveBeenCalled();
    expect(f.onPublishResults).toHaveBeenCalled();
    expect(f.onExportCsv).toHaveBeenCalled();
  });

  it('the countdown follows `now`', () => {
    const f = fns();
    render(<PollLive poll={poll()} results={null} now={NOW} {...f} />, root);
    expect($('poll-countdown')!.textContent).toBe('Closes in 2:00');
    render(<PollLive poll={poll()} results={null} now={NOW + 119_500} {...f} />, root);
    expect($('poll-countdown')!.textContent).toBe('Closes in 0:01');
    render(<PollLive poll={poll()} results={null} now={NOW + 200_000} {...f} />, root);
    expect($('poll-countdown')!.textContent).toBe('Closes in 0:00');
  });

  it('a closed poll with published results: states said as states, only run again and export offered', async () => {
    const f = fns();
    render(<PollLive poll={poll({ state: 'UnPublished', showResults: true })} results={{ totals: {}, answers: 0 }} now={NOW} {...f} />, root);
    expect($('poll-countdown')).toBeNull();
    expect($('poll-close')).toBeNull();
    expect($('poll-publish-results')).toBeNull();
    expect($('poll-live-state')!.textContent).toBe('Closed');
    expect($('poll-live-results-state')!.textContent).toBe('Results visible to attendees');
    expect(root.querySelectorAll('button:disabled')).toHaveLength(0);
    await click('poll-run-again');
    expect(f.onRunAgain).toHaveBeenCalled();
  });

  it('pending and errors: controls wait, the reason shows', () => {
    render(<PollLive poll={poll()} results={null} now={NOW} pending="close" error="Kaltura polls did not answer within 10 s." {...fns()} />, root);
    expect($('poll-close')!.textContent).toBe('Closing…');
    expect($<HTMLButtonElement>('poll-close')!.disabled).toBe(true);
    expect($('poll-live-error')!.textContent).toContain('did not answer');
  });

  it('renders hostile open answers and questions as text', () => {
    const open = poll({ type: 'OpenAnswers', content: { question: HOSTILE, options: [], correctAnswers: [] } });
    render(<PollLive poll={open} results={{ totals: {}, answers: 2, texts: [HOSTILE, '<b>bold</b>'] }} now={NOW} {...fns()} />, root);
    expect(root.querySelector('img, b')).toBeNull();
    expect($('poll-live-question')!.textContent).toBe(HOSTILE);
    expect($$('poll-result-text').map((e) => e.textContent)).toEqual([HOSTILE, '<b>bold</b>']);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
