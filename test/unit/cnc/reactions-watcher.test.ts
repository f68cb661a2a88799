import { afterEach, describe, expect, it, vi } from 'vitest';
import { REACTIONS_MIN_GAP_MS, ReactionsFeature, readReactions } from '../../../lib/cnc/reactions-watcher';
import { reactionsProfileOf } from '../../../lib/cnc/reactions-profile';
import type { ReactionsBatch } from '../../../lib/contracts/reactions';

const profile = reactionsProfileOf('kep-2026')!;

function page(moderator = true): { root: Element; box: Element } {
  document.body.innerHTML = `
    <div id="kep-widget-1" class="kep-widget"><ul class="kep-module-list"></ul></div>
    <div id="cnc-reactions"><div class="kep-reactions" data-kep-enabled="true">
      <button class="kep-reaction-button" data-kep-reaction="clap">clap<span class="kep-reaction-count">1,204</span></button>
      <button class="kep-reaction-button" data-kep-reaction="like">like<span class="kep-reaction-count">0</span></button>
      <button class="kep-reactions-switch" data-kep-action="reactions-off" ${moderator ? '' : 'hidden'}>Turn reactions off</button>
    </div></div>`;
  return { root: document.getElementById('kep-widget-1')!, box: document.querySelector('.kep-reactions')! };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('reactions feature', () => {
  it('reads the per-type totals, the on/off state and the switch from the box outside the widget root', () => {
    const { box } = page();
    expect(readReactions(box, profile)).toEqual({ totals: { clap: 1204, like: 0 }, enabled: true, canSwitch: true });
    page(false);
    expect(readReactions(document.querySelector('.kep-reactions')!, profile).canSwitch).toBe(false);
  });

  it('reports the totals at start and again only when a counter changes', async () => {
    const { root, box } = page();
    const sent: ReactionsBatch[] = [];
    const f = new ReactionsFeature({ send: async (b) => (sent.push(b), true), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: Date.now });
    const controller = new AbortController();
    f.start({ root, entryId: '1_a', profileId: 'kep-2026', moderator: true, signal: controller.signal });
    await until(() => sent.length === 1);
    expect(sent[0]).toMatchObject({ entryId: '1_a', totals: { clap: 1204, like: 0 }, enabled: true });
    box.querySelector('[data-kep-reaction="like"] .kep-reaction-count')!.textContent = '3';
    await until(() => sent.length === 2);
    expect(sent[1]!.totals).toEqual({ clap: 1204, like: 3 });
    // After the signal aborts nothing more goes out. The proof is a second feature on the same box, started
    // after the first (its observer and timers come after the first's): once it has reported the change,
    // the aborted one would have too.
    controller.abort();
    const marker: ReactionsBatch[] = [];
    const g = new ReactionsFeature({ send: async (b) => (marker.push(b), true), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: Date.now });
    g.start({ root, entryId: '1_a', profileId: 'kep-2026', moderator: true, signal: new AbortController().signal });
    await until(() => marker.length === 1);
    box.querySelector('[data-kep-reaction="like"] .kep-reaction-count')!.textContent = '4';
    await until(() => marker.length === 2);
    expect(marker[1]!.totals).toEqual({ clap: 1204, like: 4 });
    expect(sent).toHaveLength(2);
  });

  it('turns reactions off through the widget switch and resolves once the widget shows them off', async () => {
    const { root, box } = page();
    const sw = box.querySelector<HTMLButtonElement>('.kep-reactions-switch')!;
    sw.addEventListener('click', () => setTimeout(() => box.setAttribute('data-kep-enabled', 'false'), 30));
    const f = new ReactionsFeature({ send: async () => true, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: Date.now });
    f.start({ root, entryId: '1_a', profileId: 'kep-2026', moderator: true, signal: new AbortController().signal });
    await f.perform(false);
    expect(box.getAttribute('data-kep-enabled')).toBe('false');
    // No switch to turn them on here (it still says "off"): refused with the reason.
    await expect(f.perform(true)).rejects.toThrow(/no switch to turn reactions on/);
  });

  it('does not hold new totals behind a report not yet acknowledged (the report port acks lazily)', async () => {
    vi.useFakeTimers();
    try {
      const { root, box } = page();
      const sent: ReactionsBatch[] = [];
      // Never settles here: the ack comes up to a second later.
      const f = new ReactionsFeature({ send: (b) => (sent.push(b), new Promise<boolean>(() => {})), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: Date.now });
      const controller = new AbortController();
      f.start({ root, entryId: '1_a', profileId: 'kep-2026', moderator: true, signal: controller.signal });
      await vi.advanceTimersByTimeAsync(REACTIONS_MIN_GAP_MS);
      expect(sent).toHaveLength(1);
      box.querySelector('[data-kep-reaction="like"] .kep-reaction-count')!.textContent = '7';
      await vi.advanceTimersByTimeAsync(0);
      // The gap since the start's report is over: the change goes at once, not REACTIONS_MAX_WAIT_MS later.
      expect(sent.map((b) => b.totals.like)).toEqual([0, 7]);
      controller.abort();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a lively audience: counters changing every frame make a report every half second at most, the last totals always sent', async () => {
    vi.useFakeTimers();
    try {
      const { root, box } = page();
      const sent: ReactionsBatch[] = [];
      const f = new ReactionsFeature({ send: async (b) => (sent.push(b), true), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as number), now: Date.now });
      const controller = new AbortController();
      f.start({ root, entryId: '1_a', profileId: 'kep-2026', moderator: true, signal: controller.signal });
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toHaveLength(1);
      const like = box.querySelector('[data-kep-reaction="like"] .kep-reaction-count')!;
      // A second of reactions, one frame in three with a new one (20 changes).
      for (let i = 1; i <= 20; i++) {
        like.textContent = String(i);
        await vi.advanceTimersByTimeAsync(50);
      }
      await vi.advanceTimersByTimeAsync(500);
      // The start's, the first change's at once, then one per 500 ms: 4 (each a post on the event page).
      expect(sent.length).toBeLessThanOrEqual(4);
      expect(sent.at(-1)!.totals).toEqual({ clap: 1204, like: 20 });
      controller.abort();
    } finally {
      vi.useRealTimers();
    }
  });
});
