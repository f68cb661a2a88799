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
    const drawn: { text: string; title: string; state: string | null; stateChanged: boolean }[] = [];
    const badges = new BadgeKeeper({
      draw: async (_tabId, badge, state, stateChanged) => void drawn.push({ text: badge.text, title: badge.title, state, stateChanged }),
      now: () => now,
      minGapMs: 250,
      flaggedGapMs: 1_000,
      titleGapMs: 2_000,
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

  it('lets the title (the tooltip) follow a stream of counts every 2 s, and shows the last count in it', async () => {
    const { badges, drawn, advance } = bursty();
    await badges.setState(3, 'attached');
    await badges.setWaiting(3, { count: 1, oldestAt: NOW });
    // A question every 300 ms for 3 s.
    for (let n = 2; n <= 11; n++) {
      await advance(300);
      await badges.setWaiting(3, { count: n, oldestAt: NOW });
    }
    await advance(2_000);
    // Every count shows on the badge (each a draw, 300 ms apart)...
    expect(drawn.map((d) => d.text)).toEqual(['ON', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    // ...its tooltip changed four times, and ends with the last count.
    const titles = drawn.map((d) => d.title).filter((t, i, all) => t !== all[i - 1]);
    expect(titles).toEqual(['CnC Moderator: attached to the CnC widget', 'CnC Moderator: 1 waiting, the oldest for under a minute', 'CnC Moderator: 8 waiting, the oldest for under a minute', 'CnC Moderator: 11 waiting, the oldest for under a minute']);
    // One more soon after, then nothing: the badge says 12 at once, its tooltip too by the end of the gap.
    await advance(300);
    await badges.setWaiting(3, { count: 12, oldestAt: NOW });
    expect(drawn.at(-1)).toMatchObject({ text: '12', title: 'CnC Moderator: 11 waiting, the oldest for under a minute' });
    await advance(2_000);
    expect(drawn.at(-1)).toMatchObject({ text: '12', title: 'CnC Moderator: 12 waiting, the oldest for under a minute' });
  });

  it('holds the title a change of state drew, never an older one', async () => {
    const { badges, drawn, advance } = bursty();
    await badges.setState(3, 'attached');
    await advance(1_000);
    await badges.setWaiting(3, { count: 1, oldestAt: NOW });
    await advance(300);
    await badges.setWaiting(3, { count: 2, oldestAt: NOW }); // its title held: "1 waiting"
    await advance(300);
    await badges.setState(3, 'detecting');
    await badges.setState(3, 'attached'); // drawn whole: "2 waiting"
    await advance(300);
    await badges.setWaiting(3, { count: 3, oldestAt: NOW });
    expect(drawn.at(-1)).toMatchObject({ text: '3', title: 'CnC Moderator: 2 waiting, the oldest for under a minute' });
  });

  it('draws the title with a change of colour or of what the badge says at once (urgent, offline)', async () => {
    const { badges, drawn, advance } = bursty();
    await badges.setState(3, 'attached');
    await advance(1_000);
    await badges.setWaiting(3, { count: 1, oldestAt: NOW });
    await advance(300);
    // Three minutes old: red, and the title says for how long, at once.
    await badges.setWaiting(3, { count: 2, oldestAt: NOW - 3 * 60_000 });
    expect(drawn.at(-1)).toMatchObject({ text: '2', title: 'CnC Moderator: 2 waiting, the oldest for 3 min' });
    await advance(300);
    await badges.setOffline(3, NOW);
    expect(drawn.at(-1)).toMatchObject({ text: 'OFF', title: expect.stringContaining('offline since') });
  });

  it('redraws a flagged chat count that changes alone at most once a second, and ends on the last count', async () => {
    const { badges, drawn, advance } = bursty();
    await badges.setState(3, 'attached');
    await advance(1_000);
    // A chat flood: a few more flagged messages every 30 ms for 3 s.
    for (let n = 1; n <= 100; n++) {
      await badges.setFlagged(3, { count: 3 * n, oldestAt: NOW });
      await advance(30);
    }
    await advance(1_000);
    const counts = drawn.map((d) => d.text).slice(1);
    expect(counts.length).toBeGreaterThanOrEqual(3);
    expect(counts.length).toBeLessThanOrEqual(4);
    expect(counts[0]).toBe('3'); // the first at once
    expect(counts.at(-1)).toBe('300');
  });

  it('a question within a flagged chat count held for its longer gap is drawn within the questions\' gap', async () => {
    const { badges, drawn, advance } = bursty();
    await badges.setState(3, 'attached');
    await advance(1_000);
    await badges.setFlagged(3, { count: 5, oldestAt: NOW });
    await advance(300);
    await badges.setFlagged(3, { count: 9, oldestAt: NOW }); // held for a second
    expect(drawn.at(-1)?.text).toBe('5');
    await advance(10);
    await badges.setWaiting(3, { count: 1, oldestAt: NOW });
    // Drawn at once (the last draw was 310 ms ago), with the flagged count as it stands.
    expect(drawn.at(-1)?.text).toBe('10');
    await badges.setWaiting(3, { count: 2, oldestAt: NOW });
    await badges.setFlagged(3, { count: 12, oldestAt: NOW });
    await advance(250);
    expect(drawn.at(-1)?.text).toBe('14');
    await advance(2_000);
    // Nothing older drawn after it (only its title, at the end of the title's gap).
    expect(drawn.at(-1)).toMatchObject({ text: '14', title: 'CnC Moderator: 14 waiting, the oldest for under a minute' });
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
