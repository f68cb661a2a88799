import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ReactionMeter } from '@/components/reactions/ReactionMeter';
import type { ReactionsAction, ReactionsView } from '@/lib/contracts/reactions';

const NOW = 1_800_000_000_000;
const START = NOW - (42 * 60_000 + 30_000);

function view(patch: Partial<ReactionsView> = {}): ReactionsView {
  return {
    tabId: 1,
    entryId: '1_a',
    at: NOW,
    startedAt: START,
    types: ['clap', 'like', '<b>x</b>'],
    buckets: [{ start: NOW - (NOW % 10_000) - 10_000, counts: { clap: 20, like: 1 } }],
    recent: [
      { start: Math.floor(NOW / 1000) * 1000 - 2000, counts: { clap: 3 } },
      { start: Math.floor(NOW / 1000) * 1000 - 30_000, counts: { clap: 50 } }, // older than 10 s: not in the meter
    ],
    counted: { clap: 120, like: 4 },
    peaks: [{ type: 'clap', bucketStart: START + 2_530_000, count: 20, sessionMs: 2_530_000 }],
    enabled: true,
    switchAbsent: null,
    switching: null,
    switchError: null,
    ...patch,
  };
}

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});
const $ = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe('ReactionMeter', () => {
  it('shows the last 10 s per type, totals, the summary and the peaks in session time', async () => {
    await act(() => render(<ReactionMeter view={view()} onAction={() => undefined} clock={() => NOW} />, root));
    expect($('reactions-last10-clap')!.textContent).toBe('3');
    expect($('reactions-last10-like')!.textContent).toBe('0');
    expect($('reactions-counted-clap')!.textContent).toBe('120');
    expect($('reactions-window-clap')!.textContent).toBe('20');
    expect($('reactions-summary')!.textContent).toMatch(/21 reactions in the last 15 minutes: 20 applause, 1 thumbs up/);
    expect($('reactions-peaks')!.textContent).toContain('applause peak at 00:42:10');
    // The chart has a text alternative; a type name from the page is text, never markup.
    expect(root.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toMatch(/last 15 minutes/);
    expect(root.querySelector('b')).toBeNull();
    expect(root.textContent).toContain('<b>x</b>');
  });

  it('the switch asks to turn reactions off, and says so until the widget confirms', async () => {
    const asked: ReactionsAction[] = [];
    await act(() => render(<ReactionMeter view={view()} onAction={(a) => asked.push(a)} clock={() => NOW} />, root));
    await act(() => $('reactions-switch')!.click());
    expect(asked).toEqual([{ kind: 'set-enabled', on: false }]);
    await act(() => render(<ReactionMeter view={view({ switching: { on: false, since: NOW } })} onAction={() => undefined} clock={() => NOW} />, root));
    expect($('reactions-switch')!.textContent).toBe('Turning reactions off…');
    expect(($('reactions-switch') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a widget without the switch: not offered, with the reason; a failure is an alert', async () => {
    await act(() =>
      render(<ReactionMeter view={view({ switchAbsent: 'No switch here.', switchError: 'The widget did not show reactions off.' })} onAction={() => undefined} clock={() => NOW} />, root),
    );
    expect($('reactions-switch')).toBeNull();
    expect($('reactions-switch-absent')!.textContent).toBe('No switch here.');
    expect($('reactions-switch-error')!.getAttribute('role')).toBe('alert');
  });
});
