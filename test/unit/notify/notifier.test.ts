import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ATTENTION_FRESH_MS, Notifier } from '@/lib/notify/notifier';
import { MIN_INTERVAL_MS, QUEUE_KEEP } from '@/lib/notify/notify-policy';
import { localStorage, sessionStorage } from '@/lib/platform/storage';

const add = (...added: string[]) => ({ added, removed: [] });
const rm = (...removed: string[]) => ({ added: [], removed });
const NONE = { added: [], removed: [] };

describe('Notifier', () => {
  let now: number;
  let shown: Array<{ tabId: number; title: string }>;
  let looking: boolean;
  const make = () =>
    new Notifier({
      session: sessionStorage,
      local: localStorage,
      attention: async () => ({ panelOpen: looking, tabFocused: looking }),
      show: async (tabId, notice) => void shown.push({ tabId, title: notice.title }),
      now: () => now,
    });

  beforeEach(() => {
    fakeBrowser.reset();
    now = 1_000_000;
    shown = [];
    looking = false;
  });

  it('notifies once per batch and remembers it across a restart', async () => {
    await make().onPending(4, add('a', 'b'), '1_x', 'Keynote');
    now += MIN_INTERVAL_MS * 2;
    await make().onPending(4, NONE, '1_x', 'Keynote'); // a new worker: same state from storage.session
    await make().onPending(4, rm('a'), '1_x', 'Keynote'); // a change that brings nothing new
    expect(shown).toEqual([{ tabId: 4, title: '2 new questions in Keynote' }]);
  });

  it('keeps a burst of calls in order and shows one notification', async () => {
    const notifier = make();
    await Promise.all(Array.from({ length: 50 }, (_, i) => notifier.onPending(4, add(`q${i}`), '1_x', null)));
    expect(shown).toHaveLength(1);
  });

  it('saves the mute and the sound setting for the next browser session', async () => {
    const notifier = make();
    await notifier.saveSettings({ muted: ['1_x'], sound: true });
    expect(await make().settings()).toMatchObject({ muted: ['1_x'], sound: true, enabled: true });
    await notifier.onPending(4, add('a'), '1_x', null);
    expect(shown).toEqual([]);
  });

  describe('the notice the rate limit held back', () => {
    let timers: Array<{ fn: () => void; at: number; cleared: boolean }>;
    const timed = () =>
      new Notifier({
        session: sessionStorage,
        local: localStorage,
        attention: async () => ({ panelOpen: looking, tabFocused: looking }),
        show: async (tabId, notice) => void shown.push({ tabId, title: notice.title }),
        now: () => now,
        setTimeout: (fn, ms) => {
          const timer = { fn, at: now + ms, cleared: false };
          timers.push(timer);
          return timer;
        },
        clearTimeout: (timer) => void ((timer as { cleared: boolean }).cleared = true),
      });
    /** The clock reaches the next armed timer, which fires. */
    const fireNext = () => {
      const timer = timers.filter((t) => !t.cleared).sort((a, b) => a.at - b.at)[0];
      if (!timer) return false;
      timer.cleared = true;
      now = Math.max(now, timer.at);
      timer.fn();
      return true;
    };
    beforeEach(() => {
      timers = [];
    });

    it('is shown when the window ends, though the session has gone quiet', async () => {
      const notifier = timed();
      await notifier.onPending(4, add('a'), '1_x', 'Keynote');
      now += 5_000;
      await notifier.onPending(4, add('b'), '1_x', 'Keynote'); // inside the window: held back
      expect(shown).toHaveLength(1);
      expect(fireNext()).toBe(true);
      await vi.waitFor(() => expect(shown).toEqual([{ tabId: 4, title: '1 new question in Keynote' }, { tabId: 4, title: '1 new question in Keynote' }]));
      expect(now).toBe(1_000_000 + MIN_INTERVAL_MS);
    });

    it('is not shown when the moderator looked meanwhile, nor for a question handled meanwhile', async () => {
      const notifier = timed();
      await notifier.onPending(4, add('a'), '1_x', null);
      now += 1_000;
      await notifier.onPending(4, add('b'), '1_x', null);
      await notifier.onPending(4, rm('b'), '1_x', null); // b was answered
      expect(fireNext()).toBe(false); // nothing is held back any more: no timer left armed
      await notifier.onPending(4, add('c'), '1_x', null);
      looking = true;
      expect(fireNext()).toBe(true);
      await notifier.onPending(4, NONE, '1_x', null); // queued behind the timer's decision
      expect(shown).toHaveLength(1);
    });

    it('is cancelled when the tab closes', async () => {
      const notifier = timed();
      await notifier.onPending(4, add('a'), '1_x', null);
      await notifier.onPending(4, add('b'), '1_x', null);
      await notifier.forget(4);
      expect(timers.every((t) => t.cleared)).toBe(true);
    });
  });

  it('stays quiet while the moderator is looking', async () => {
    looking = true;
    await make().onPending(4, add('a'), '1_x', null);
    expect(shown).toEqual([]);
    vi.useRealTimers();
  });
});

describe('Notifier on a busy session', () => {
  it('reads and writes storage only when the pending questions change', async () => {
    fakeBrowser.reset();
    const attention = vi.fn(async () => ({ panelOpen: false, tabFocused: false }));
    let now = 0;
    const notifier = new Notifier({ session: sessionStorage, local: localStorage, attention, show: async () => undefined, now: () => now });
    const set = vi.spyOn(sessionStorage, 'set');
    await notifier.onPending(4, add('a'), '1_x', null);
    for (let i = 0; i < 20; i++) await notifier.onPending(4, NONE, '1_x', null);
    expect(attention).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenCalledTimes(1);
    now += ATTENTION_FRESH_MS;
    await notifier.onPending(4, add('b'), '1_x', null);
    expect(attention).toHaveBeenCalledTimes(2);
  });

  it('asks the browser where the moderator looks at most once a second, however many questions arrive', async () => {
    fakeBrowser.reset();
    let looking = true;
    const attention = vi.fn(async () => ({ panelOpen: looking, tabFocused: looking }));
    let now = 1_000_000;
    const shown: string[] = [];
    const notifier = new Notifier({ session: sessionStorage, local: localStorage, attention, show: async (_, n) => void shown.push(n.title), now: () => now });
    // 5 Q&A batches a second for 3 seconds while the moderator looks: seen, no notice.
    for (let i = 0; i < 15; i++) {
      await notifier.onPending(4, add(`q${i}`), '1_x', null);
      now += 200;
    }
    expect(attention.mock.calls.length).toBeLessThanOrEqual(3);
    expect(shown).toEqual([]);
    // They look away: a second later, a new question is notified.
    looking = false;
    now += ATTENTION_FRESH_MS;
    await notifier.onPending(4, add('late'), '1_x', null);
    expect(shown).toEqual(['1 new question']);
  });

  it('a decision right after the moderator switches tabs uses where they look now, not the last second\'s answer', async () => {
    fakeBrowser.reset();
    let looking = true;
    const attention = vi.fn(async () => ({ panelOpen: looking, tabFocused: looking }));
    const now = 1_000_000; // the clock stands still: well within ATTENTION_FRESH_MS
    const shown: string[] = [];
    const notifier = new Notifier({ session: sessionStorage, local: localStorage, attention, show: async (_, n) => void shown.push(n.title), now: () => now });
    await notifier.onPending(4, add('q1'), '1_x', null);
    expect(shown).toEqual([]); // seen: the moderator looks at the tab
    // They switch to another tab (tabs.onActivated): the next question, in the same second, is notified.
    looking = false;
    notifier.attentionChanged();
    await notifier.onPending(4, add('q2'), '1_x', null);
    expect(shown).toEqual(['1 new question']);
    expect(attention).toHaveBeenCalledTimes(2);
  });

  it('at 100 questions a second, saves the queue about once a second, bounded, and a restarted worker counts them all', async () => {
    fakeBrowser.reset();
    let now = 0;
    const timers: Array<{ fn: () => void; cleared: boolean }> = [];
    const shown: string[] = [];
    const make = () =>
      new Notifier({
        session: sessionStorage,
        local: localStorage,
        attention: async () => ({ panelOpen: false, tabFocused: false }),
        show: async (_, notice) => void shown.push(notice.title),
        now: () => now,
        setTimeout: (fn) => {
          const timer = { fn, cleared: false };
          timers.push(timer);
          return timer;
        },
        clearTimeout: (timer) => void ((timer as { cleared: boolean }).cleared = true),
      });
    const notifier = make();
    await notifier.onPending(4, add('first'), '1_x', null); // notified: the window starts
    const set = vi.spyOn(sessionStorage, 'set');
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 100; i++) {
        now += 10;
        await notifier.onPending(4, add(`q${second}-${i}`), '1_x', null);
      }
      for (const timer of timers.splice(0)) if (!timer.cleared) timer.fn();
    }
    expect(set.mock.calls.length).toBeLessThanOrEqual(6);
    const bytes = set.mock.calls.reduce((sum, [values]) => sum + JSON.stringify(values).length, 0);
    expect(bytes / 500).toBeLessThan(50);
    set.mockRestore();
    await vi.waitFor(async () => expect(((await sessionStorage.get('notify:4')) as { queued: string[] }).queued.length).toBe(QUEUE_KEEP));
    // A new worker, once the window is over: one notice for all 500.
    now += MIN_INTERVAL_MS;
    await make().onPending(4, NONE, '1_x', null);
    expect(shown).toEqual(['1 new question', '500 new questions']);
  });

  it('writes what is queued, never the whole pending list (10,000 waiting)', async () => {
    fakeBrowser.reset();
    const notifier = new Notifier({ session: sessionStorage, local: localStorage, attention: async () => ({ panelOpen: false, tabFocused: false }), show: async () => undefined, now: () => 0 });
    await notifier.onPending(4, add(...Array.from({ length: 10_000 }, (_, i) => `q${i}`)), '1_x', null); // notified: nothing queued
    const set = vi.spyOn(sessionStorage, 'set');
    await notifier.onPending(4, add('new-1'), '1_x', null); // inside the window: queued
    expect(set).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(set.mock.calls[0]![0]).length).toBeLessThan(200);
  });
});
