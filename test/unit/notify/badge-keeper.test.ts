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
