// The badge after a worker restart: the moderator's "urgent after" threshold comes back from storage.local.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { BadgeKeeper } from '@/lib/notify/badge-keeper';
import type { BadgeSpec } from '@/lib/notify/badge-policy';
import { Notifier } from '@/lib/notify/notifier';
import { localStorage, sessionStorage } from '@/lib/platform/storage';

const NOW = 10_000_000;

/** A worker's notifier and badge keeper, wired as the background wires them. */
function worker(drawn: BadgeSpec[]) {
  const notifier = new Notifier({
    session: sessionStorage,
    local: localStorage,
    attention: async () => ({ panelOpen: false, tabFocused: false }),
    show: async () => undefined,
    now: () => NOW,
  });
  const badges = new BadgeKeeper({
    draw: async (_tabId, badge) => void drawn.push(badge),
    now: () => NOW,
    loadUrgentAfter: async () => (await notifier.settings()).urgentAfterMs,
  });
  return { notifier, badges };
}

describe('BadgeKeeper', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps the moderator\'s "urgent after" threshold across a worker restart', async () => {
    const before: BadgeSpec[] = [];
    const first = worker(before);
    const settings = await first.notifier.saveSettings({ urgentAfterMs: 10 * 60_000 });
    first.badges.setUrgentAfter(settings.urgentAfterMs);

    const drawn: BadgeSpec[] = [];
    const restarted = worker(drawn);
    await restarted.badges.setState(3, 'attached');
    // Waiting 5 minutes: urgent under the default (2 min), not under the moderator's 10 minutes.
    const badge = await restarted.badges.setWaiting(3, { count: 2, oldestAt: NOW - 5 * 60_000 });
    expect(badge).toMatchObject({ text: '2', color: '#0969da' });
    expect(drawn.at(-1)).toEqual(badge);
  });

  it('a threshold the moderator sets now wins over the stored one', async () => {
    await worker([]).notifier.saveSettings({ urgentAfterMs: 10 * 60_000 });
    const { badges } = worker([]);
    badges.setUrgentAfter(60_000);
    await badges.setState(3, 'attached');
    expect(await badges.setWaiting(3, { count: 1, oldestAt: NOW - 5 * 60_000 })).toMatchObject({ color: '#cf222e' });
  });
});

describe('BadgeKeeper under a burst of changes', () => {
  /** A keeper with a hand-driven clock: timers run when the test moves the time past them. */
  function bursty() {
    let now = NOW;
    const timers: { at: number; fn: () => void }[] = [];
    const drawn: { text: string; state: string | null; stateChanged: boolean }[] = [];
    const badges = new BadgeKeeper({
      draw: async (_tabId, badge, state, stateChanged) => void drawn.push({ text: badge.text, state, stateChanged }),
      now: () => now,
      minGapMs: 250,
      setTimeout: (fn, ms) => timers.push({ at: now + ms, fn }),
    });
    const advance = async (ms: number) => {
      now += ms;
      for (const t of timers.splice(0).filter((t) => t.at <= now || !timers.push(t))) t.fn();
      await new Promise((r) => setTimeout(r, 0)); // the redraw the timer started settles (a microtask chain)
    };
    return { badges, drawn, advance };
  }

  it('shows the first change at once and the last of a burst at the end of the gap, not every one', async () => {
    const { badges, drawn, advance } = bursty();
    await badges.setState(3, 'attached');
    await advance(1_000);
    for (let n = 1; n <= 10; n++) {
      await badges.setWaiting(3, { count: n, oldestAt: NOW });
      await advance(20);
    }
    // Attached, then the first question at once; the nine others in a 200 ms burst not yet drawn.
    expect(drawn.map((d) => d.text)).toEqual(['ON', '1']);
    await advance(250);
    expect(drawn.map((d) => d.text)).toEqual(['ON', '1', '10']);
    // Only the first draw told of a new state (the event page hears states, not every count).
    expect(drawn.map((d) => d.stateChanged)).toEqual([true, false, false]);
  });

  it('draws a change of the tab\'s state at once, even within a burst', async () => {
    const { badges, drawn, advance } = bursty();
    await badges.setState(3, 'attached');
    await badges.setWaiting(3, { count: 1, oldestAt: NOW });
    await badges.setState(3, 'detecting');
    expect(drawn.at(-1)?.state).toBe('detecting');
    await advance(300);
  });
});
