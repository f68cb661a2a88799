import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { AnnouncementComposer, type AnnouncementComposerProps } from '@/components/announcements/AnnouncementComposer';
import { AnnouncementHistory } from '@/components/announcements/AnnouncementHistory';
import { AnnouncementsPanel } from '@/components/announcements/AnnouncementsPanel';
import type { AnnouncementsAction, AnnouncementsView } from '@/lib/contracts/announcements';
import { DEFAULT_TEMPLATES, REASON_SHOWN_MAX, toLocalInput, type AnnouncementHistoryEntry, type ScheduledAnnouncement } from '@/lib/model/announcements';

const NOW = new Date(2026, 4, 1, 10, 0, 0).getTime();
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const fmt = (ms: number) => new Date(ms).toISOString();

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const $ = <T extends HTMLElement = HTMLElement>(id: string, scope: ParentNode = root) => scope.querySelector<T>(`[data-testid="${id}"]`);
const $$ = (id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];
const type = async (id: string, value: string) =>
  act(() => {
    const el = $<HTMLInputElement>(id)!;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const click = async (id: string, scope?: ParentNode) => act(() => $(id, scope)!.click());

function mountComposer(extra: Partial<AnnouncementComposerProps> = {}, initial = '') {
  const onSendNow = vi.fn();
  const onSchedule = vi.fn();
  const onSaveTemplate = vi.fn();
  function Host() {
    const [text, setText] = useState(initial);
    return (
      <AnnouncementComposer
        text={text}
        onTextChange={setText}
        templates={DEFAULT_TEMPLATES}
        onSendNow={onSendNow}
        onSchedule={onSchedule}
        onSaveTemplate={onSaveTemplate}
        surface="cnc-widget"
        now={NOW}
        formatTime={fmt}
        {...extra}
      />
    );
  }
  render(<Host />, root);
  return { onSendNow, onSchedule, onSaveTemplate };
}

describe('AnnouncementComposer', () => {
  it('shows the length, sends now with the normalised text and the pin', async () => {
    const c = mountComposer();
    expect($('ann-length')!.textContent).toBe('0/500');
    expect($<HTMLTextAreaElement>('ann-text')!.maxLength).toBe(500);
    await type('ann-text', '  Welcome, everyone!  ');
    expect($('ann-length')!.textContent).toBe('18/500');
    await click('ann-pin');
    await click('ann-send');
    expect(c.onSendNow).toHaveBeenCalledWith({ text: 'Welcome, everyone!', pin: true });
  });

  it('after a successful send the emptied field shows no red "write the announcement first"', async () => {
    const onSendNow = vi.fn();
    function Host() {
      const [text, setText] = useState('');
      return (
        <AnnouncementComposer
          text={text}
          onTextChange={setText}
          templates={DEFAULT_TEMPLATES}
          onSendNow={(a) => {
            onSendNow(a);
            setText(''); // as the panel does once the send is handed over
          }}
          onSchedule={vi.fn()}
          surface="cnc-widget"
          now={NOW}
          formatTime={fmt}
        />
      );
    }
    render(<Host />, root);
    await type('ann-text', 'Break in 5 minutes');
    await click('ann-send');
    expect(onSendNow).toHaveBeenCalledTimes(1);
    expect($('ann-error')).toBeNull();
  });

  it('refuses empty text with the message at the field', async () => {
    const c = mountComposer();
    await click('ann-send');
    expect(c.onSendNow).not.toHaveBeenCalled();
    expect($('ann-error')!.textContent).toBe('Write the announcement first.');
    expect($('ann-text')!.getAttribute('aria-invalid')).toBe('true');
    expect($('ann-text')!.getAttribute('aria-describedby')).toContain('ann-error');
  });

  it('enforces the limit even for text that bypasses maxLength (paste, template)', async () => {
    const c = mountComposer({}, 'x'.repeat(510));
    expect($('ann-length')!.textContent).toBe('510/500');
    expect($('ann-error')!.textContent).toMatch(/10 characters too long/);
    await click('ann-send');
    expect(c.onSendNow).not.toHaveBeenCalled();
  });

  it('applies a template and saves the text as a new one', async () => {
    const c = mountComposer();
    await act(() => {
      const sel = $<HTMLSelectElement>('ann-template')!;
      sel.value = 'default-ending';
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click('ann-template-use');
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe(DEFAULT_TEMPLATES[2]!.text);
    await type('ann-template-name', 'Wrap-up');
    await click('ann-template-save');
    expect(c.onSaveTemplate).toHaveBeenCalledWith('Wrap-up', DEFAULT_TEMPLATES[2]!.text);
  });

  it('a template over typed text asks first; Keep leaves the text, Replace uses the template', async () => {
    mountComposer({}, 'My own words');
    await click('ann-template-use');
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe('My own words');
    expect($('ann-template-replace-ask')!.textContent).toContain(DEFAULT_TEMPLATES[0]!.name);
    await click('ann-template-keep');
    expect($('ann-template-replace-ask')).toBeNull();
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe('My own words');
    await click('ann-template-use');
    await click('ann-template-replace');
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe(DEFAULT_TEMPLATES[0]!.text);
  });

  it('edits a template in place and deletes one after asking', async () => {
    const onDeleteTemplate = vi.fn();
    const c = mountComposer({ onDeleteTemplate });
    await click('ann-template-edit');
    expect($<HTMLInputElement>('ann-template-edit-name')!.value).toBe(DEFAULT_TEMPLATES[0]!.name);
    await type('ann-template-edit-name', 'Short break');
    await type('ann-template-edit-text', 'Five minutes! ');
    await click('ann-template-edit-save');
    expect(c.onSaveTemplate).toHaveBeenCalledWith('Short break', 'Five minutes!', DEFAULT_TEMPLATES[0]!.id);
    expect($('ann-template-editor')).toBeNull();
    await click('ann-template-delete');
    expect(onDeleteTemplate).not.toHaveBeenCalled();
    await click('ann-template-delete-confirm');
    expect(onDeleteTemplate).toHaveBeenCalledWith(DEFAULT_TEMPLATES[0]!.id);
  });

  it('offers no "Pin it" where this page\'s widget cannot pin, and says why', async () => {
    const c = mountComposer({ pinProblem: 'The CnC widget on this page has no pin control for announcements.' }, 'Hello');
    expect($('ann-pin')).toBeNull();
    expect($('ann-pin-absent')!.textContent).toBe('The CnC widget on this page has no pin control for announcements.');
    await click('ann-send');
    expect(c.onSendNow).toHaveBeenCalledWith({ text: 'Hello', pin: false });
  });

  it('schedules at a time, showing the expected send time', async () => {
    const c = mountComposer({}, 'Break is over');
    await click('ann-mode-schedule');
    expect($('ann-send')!.textContent).toBe('Schedule');
    await click('ann-send');
    expect(c.onSchedule).not.toHaveBeenCalled();
    expect($('ann-expected')!.textContent).toBe('Pick the time to send it.');
    const at = NOW + 10 * 60_000;
    await type('ann-send-at', toLocalInput(at));
    expect($('ann-expected')!.textContent).toBe(`Expected to go out at ${fmt(at)}, even with this panel closed.`);
    expect($('ann-floor-note')).toBeNull();
    await click('ann-send');
    expect(c.onSchedule).toHaveBeenCalledWith({ text: 'Break is over', sendAt: at, pin: false });
  });

  it('honours the 30-second alarm floor in what it shows', async () => {
    mountComposer({}, 'Soon');
    await click('ann-mode-schedule');
    await type('ann-send-at', toLocalInput(NOW)); // "now", to the minute
    expect($('ann-expected')!.textContent).toContain(fmt(NOW + 30_000));
    expect($('ann-floor-note')!.textContent).toMatch(/no sooner than 30 seconds/);
  });

  it('offers no pin where the surface has none, and says why', async () => {
    const c = mountComposer({ surface: 'qna-annotation' }, 'Hello');
    expect($('ann-pin')).toBeNull();
    expect($('ann-pin-absent')!.textContent).toMatch(/cannot be pinned/);
    await click('ann-send');
    expect(c.onSendNow).toHaveBeenCalledWith({ text: 'Hello', pin: false });
  });

  it('while sending, the button waits; a failure shows as text', () => {
    mountComposer({ sending: true, error: `Widget refused: ${HOSTILE}` }, 'Hi');
    expect($<HTMLButtonElement>('ann-send')!.disabled).toBe(true);
    expect($('ann-send-error')!.textContent).toContain(HOSTILE);
    expect(root.querySelector('img')).toBeNull();
  });

  it("a 300 KB widget error is shown as text, cut with a visible mark, direction-isolated; a short one is whole", () => {
    const huge = `Not sent: The widget refused the announcement: \u202E${HOSTILE}${'A\u200B<i>'.repeat(60_000)}`;
    mountComposer({ error: huge }, 'Hi');
    const shown = $('ann-send-error-text')!;
    expect(shown.getAttribute('dir')).toBe('auto');
    expect(shown.textContent).toBe(huge.slice(0, REASON_SHOWN_MAX));
    expect(shown.children).toHaveLength(0);
    expect($('ann-reason-cut')!.textContent).toBe(`… (${(huge.length - REASON_SHOWN_MAX).toLocaleString('en-US')} more characters not shown)`);
    expect($('ann-send-error')!.textContent!.length).toBeLessThan(REASON_SHOWN_MAX + 60);
    expect(root.querySelector('img, i')).toBeNull();

    render(null, root);
    mountComposer({ error: 'Not sent: the widget is offline' }, 'Hi');
    expect($('ann-send-error')!.textContent).toBe('Not sent: the widget is offline');
    expect($('ann-reason-cut')).toBeNull();
  });
});

describe('AnnouncementHistory', () => {
  const entry = (over: Partial<AnnouncementHistoryEntry> = {}): AnnouncementHistoryEntry => ({
    id: 'h1',
    text: 'Slides: https://example.com/deck',
    sentAt: NOW,
    by: 'Moderator Mo',
    surface: 'cnc-widget',
    result: { status: 'sent' },
    ...over,
  });
  const pending: ScheduledAnnouncement = {
    id: 's1',
    text: 'Starting soon',
    surface: 'cnc-widget',
    pin: true,
    by: 'Mo',
    sendAt: NOW + 5_000,
    expectedAt: NOW + 30_000,
    status: 'scheduled',
    createdAt: NOW,
  };

  it('lists what was sent, when, by whom, with links as safe links', () => {
    render(<AnnouncementHistory entries={[entry({ pinned: true })]} now={NOW} formatTime={fmt} />, root);
    const item = $('ann-history-item')!;
    expect($('ann-history-text', item)!.textContent).toBe('Slides: https://example.com/deck');
    const a = $<HTMLAnchorElement>('ann-history-link', item)!;
    expect(a.getAttribute('href')).toBe('https://example.com/deck');
    expect(a.rel).toBe('noopener noreferrer');
    expect($('ann-history-meta', item)!.textContent).toBe(`${fmt(NOW)} · by Moderator Mo · Chat & Collaborate · pinned`);
    expect($('ann-history-result', item)!.textContent).toBe('Sent');
  });

  it("a failed entry's long reason (the widget's error) is shown as text, cut with a visible mark", () => {
    const reason = `The widget refused the announcement: ${HOSTILE} ${'x'.repeat(5_000)}`;
    render(<AnnouncementHistory entries={[entry({ id: 'h3', result: { status: 'failed', reason } })]} now={NOW} formatTime={fmt} />, root);
    expect($('ann-history-reason')!.textContent).toBe(reason.slice(0, REASON_SHOWN_MAX));
    expect($('ann-history-reason')!.getAttribute('dir')).toBe('auto');
    expect($('ann-reason-cut')!.textContent).toContain(`${(reason.length - REASON_SHOWN_MAX).toLocaleString('en-US')} more characters not shown`);
    expect(root.querySelector('img')).toBeNull();
  });

  it('shows pending items with their expected time; cancel, unpin and resend emit intents', async () => {
    const onCancel = vi.fn();
    const onUnpin = vi.fn();
    const onResend = vi.fn();
    const failed = entry({ id: 'h2', result: { status: 'failed', reason: 'widget not found' } });
    render(
      <AnnouncementHistory entries={[entry({ pinned: true }), failed]} pending={[pending]} now={NOW} formatTime={fmt} onCancel={onCancel} onUnpin={onUnpin} onResend={onResend} />,
      root,
    );
    expect($('ann-pending-when')!.textContent).toContain(`Goes out at ${fmt(NOW + 30_000)}`);
    await click('ann-cancel');
    expect(onCancel).toHaveBeenCalledWith('s1');
    await click('ann-unpin');
    expect(onUnpin).toHaveBeenCalledWith('h1');
    // What failed is listed apart ("Not sent"), never under "Sent".
    const notSent = $('ann-failed')!;
    expect([...notSent.querySelectorAll('[data-testid="ann-history-item"]')].map((e) => e.getAttribute('data-id'))).toEqual(['h2']);
    expect($('ann-history-result', notSent)!.textContent).toBe('Not sent: widget not found');
    expect($$('ann-history-item').filter((e) => !notSent.contains(e)).map((e) => e.getAttribute('data-result'))).toEqual(['sent']);
    await click('ann-resend', notSent);
    expect(onResend).toHaveBeenCalledWith(failed);
  });

  it('renders hostile text and javascript: "links" as text', () => {
    render(<AnnouncementHistory entries={[entry({ text: `${HOSTILE} javascript:alert(1) by`, by: HOSTILE })]} now={NOW} formatTime={fmt} />, root);
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('a')).toBeNull();
    expect($('ann-history-text')!.textContent).toContain(HOSTILE);
    expect($('ann-history-meta')!.textContent).toContain(HOSTILE);
  });

  it('says so when nothing was sent', () => {
    render(<AnnouncementHistory entries={[]} now={NOW} />, root);
    expect($('ann-history-empty')).not.toBeNull();
  });
});

describe('AnnouncementsPanel', () => {
  const base: AnnouncementsView = {
    contextId: '1_x',
    surface: 'cnc-widget',
    surfaceProblem: null,
    pinProblem: null,
    templates: [...DEFAULT_TEMPLATES],
    history: [],
    pending: [],
    draft: '',
    sending: false,
    error: null,
    failedSend: null,
    nextAlarmAt: null,
  };
  let ids = 0;
  const mount = (view: AnnouncementsView, onAction: (a: AnnouncementsAction) => void) =>
    act(() => render(<AnnouncementsPanel view={view} onAction={onAction} newId={() => `n${++ids}`} clock={() => NOW} />, root));

  it('a failed send keeps the text in the composer (read-only while it goes); a sent one empties it', async () => {
    const actions: AnnouncementsAction[] = [];
    await mount(base, (a) => actions.push(a));
    await type('ann-text', 'Doors open at nine');
    await click('ann-send');
    expect(actions.filter((a) => a.kind === 'send')).toEqual([{ kind: 'send', id: 'n1', text: 'Doors open at nine', pin: false }]);
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe('Doors open at nine');
    expect($<HTMLTextAreaElement>('ann-text')!.readOnly).toBe(true);
    await mount({ ...base, draft: 'Doors open at nine', error: 'Not sent: the widget is offline', failedSend: 'n1' }, (a) => actions.push(a));
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe('Doors open at nine');
    expect($<HTMLTextAreaElement>('ann-text')!.readOnly).toBe(false);
    expect($('ann-send-error')!.textContent).toBe('Not sent: the widget is offline');

    await click('ann-send');
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe('Doors open at nine');
    const sent: AnnouncementHistoryEntry = { id: 'n2', text: 'Doors open at nine', sentAt: NOW, by: 'me', surface: 'cnc-widget', result: { status: 'sent' } };
    await mount({ ...base, history: [sent] }, (a) => actions.push(a));
    expect($<HTMLTextAreaElement>('ann-text')!.value).toBe('');
  });
});
