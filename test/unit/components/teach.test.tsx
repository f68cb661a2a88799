// The teach view: asks the page for picks, shows what was learnt and the preview as text, saves a valid
// draft as the origin's custom profile; an import that is not a profile is refused with the reason.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import variant from '@/lib/cnc/profiles/kep-variant.json';
import { TeachView } from '@/components/teach/TeachView';
import { loadCustomProfile } from '@/lib/cnc/custom-profiles';
import type { PanelToContentTeach, TeachReply, TeachView as View } from '@/lib/contracts/teach';
import { setAbsent, withAbsent, type OptionalTeachAction } from '@/lib/cnc/teach/absent';
import { memoryArea } from '../memory-area';

const ORIGIN = 'https://events.acme.test';
const empty: View = { origin: ORIGIN, picked: {}, actions: {}, tabs: [], draft: null, notes: ['Click a question row first.'], preview: null, clicks: 0 };
const taught: View = {
  ...empty,
  picked: { row: 'span “<img src=x onerror=alert(1)>”' },
  draft: { ...structuredClone(variant), id: 'taught-acme' } as never,
  notes: [],
  preview: { rows: [{ id: 's-1', state: 'pending', author: '<b>Dana</b>', time: '2026-11-27T10:00:00.000Z', votes: 2, text: 'Preis?' }], unreadable: 0, seen: 1, total: 1 },
  clicks: 1,
};

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

/**
 * The event page's side of teach mode as lib/content/teach.ts keeps it: the draft (here, a taught row and
 * the "none" answers) lives in the page, and every reply carries it, whichever view asks.
 */
function fakePage() {
  let absent: OptionalTeachAction[] = [];
  const view = (): View => ({ ...taught, none: [...absent], draft: withAbsent(taught.draft!, absent) });
  const send = vi.fn(async (_tab: number, m: PanelToContentTeach): Promise<TeachReply> => {
    if (m.type === 'teach-none') absent = setAbsent(absent, m.action, m.none);
    return { ok: true, view: view() };
  });
  return { send };
}

const flush = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const $ = (id: string) => root.querySelector(`[data-testid="${id}"]`) as HTMLElement;

describe('the teach view', () => {
  it('picks through the page, shows what was learnt as text, saves the draft for the origin', async () => {
    const area = memoryArea();
    const sent: PanelToContentTeach[] = [];
    const send = vi.fn(async (_tab: number, m: PanelToContentTeach): Promise<TeachReply> => {
      sent.push(m);
      return { ok: true, view: m.type === 'teach-pick' ? taught : empty };
    });
    await act(() => render(<TeachView tabId={7} origin={ORIGIN} send={send} area={area} onDownload={() => undefined} />, root));
    await flush();
    expect(($('teach-save') as HTMLButtonElement).disabled).toBe(true);
    expect(($('teach-pick-author') as HTMLButtonElement).disabled).toBe(true);
    await act(() => $('teach-pick-row').click());
    await flush();
    expect(sent.map((m) => m.type)).toEqual(['teach-view', 'teach-pick']);
    // Page text is shown as text, never as markup.
    expect($('teach-picked-row').textContent).toBe('span “<img src=x onerror=alert(1)>”');
    expect(root.querySelector('img')).toBeNull();
    expect($('teach-preview').textContent).toContain('<b>Dana</b>');
    await act(() => $('teach-save').click());
    await flush();
    expect($('teach-saved').textContent).toContain('taught-acme');
    expect((await loadCustomProfile(area, ORIGIN))?.id).toBe('taught-acme');
  });

  it('leaving the view stops a pick in progress on the page', async () => {
    const send = vi.fn(async (): Promise<TeachReply> => ({ ok: true, view: empty }));
    await act(() => render(<TeachView tabId={7} origin={ORIGIN} send={send} area={memoryArea()} onDownload={() => undefined} />, root));
    await act(() => render(null, root));
    expect(send).toHaveBeenLastCalledWith(7, { type: 'teach-cancel' });
  });

  it('restore, claim and release are optional: "the widget has none" saves the reason instead of steps', async () => {
    const area = memoryArea();
    const page = fakePage();
    await act(() => render(<TeachView tabId={7} origin={ORIGIN} send={page.send} area={area} onDownload={() => undefined} />, root));
    await flush();
    // Required actions have no such answer; the optional ones do.
    expect($('teach-none-approve')).toBeNull();
    expect($('teach-recorded-claim').textContent).toBe('Not yet (optional)');
    await act(() => $('teach-none-claim').click());
    await flush();
    expect($('teach-none-claim').getAttribute('aria-pressed')).toBe('true');
    expect($('teach-recorded-claim').textContent).toMatch(/^None in this widget/);
    await act(() => $('teach-none-restore').click());
    await flush();
    await act(() => $('teach-none-restore').click()); // pressed again: undone
    await flush();
    expect($('teach-none-restore').getAttribute('aria-pressed')).toBe('false');
    await act(() => $('teach-save').click());
    await flush();
    const saved = (await loadCustomProfile(area, ORIGIN))!;
    expect(Object.keys(saved.qna!.actions)).not.toContain('claim');
    expect(Object.keys(saved.qna!.actions)).not.toContain('release');
    expect(saved.qna!.actions.restore).toEqual(variant.qna.actions.restore);
    expect(saved.qna!.absent).toMatchObject({ claim: expect.stringMatching(/no way to claim/) });
    expect(saved.qna!.absent!.restore).toBeUndefined();
  });

  it('"the widget has none" answers stay with the draft: closing the view and opening it again keeps them', async () => {
    const page = fakePage();
    const area = memoryArea();
    const open = async () => {
      await act(() => render(<TeachView tabId={7} origin={ORIGIN} send={page.send} area={area} onDownload={() => undefined} />, root));
      await flush();
    };
    await open();
    await act(() => $('teach-none-claim').click());
    await flush();
    await act(() => render(null, root)); // the moderator leaves Teach
    await open();
    expect($('teach-none-claim').getAttribute('aria-pressed')).toBe('true');
    expect($('teach-recorded-claim').textContent).toMatch(/^None in this widget/);
    expect($('teach-none-release').getAttribute('aria-pressed')).toBe('false');
    await act(() => $('teach-save').click());
    await flush();
    expect((await loadCustomProfile(area, ORIGIN))!.qna!.absent).toMatchObject({ claim: expect.stringMatching(/no way to claim/) });
  });
});
