// The background as a whole, from its composition root, with every browser API faked: a content script
// reports the page and a Q&A batch, a panel follows the tab and gets the session, the badge counts what
// waits; then the worker "stops" and a second background over the same storage restores it.
import { describe, expect, it, vi } from 'vitest';
import { wireReactions } from '@/lib/session/reactions/wiring';
import { REACTIONS_PORT, type ReactionsView } from '@/lib/contracts/reactions';
import { createBackground, type BackgroundDeps, type BackgroundFeature } from '@/lib/background/create';
import type { MessageSender, PortLike } from '@/lib/background/deps';
import type { BackgroundToPanel } from '@/lib/contracts/protocol';
import type { Question } from '@/lib/model/qna/types';
import { question } from '../model/qna-fixtures';
import { snapshot } from '../fixtures';
import { memoryArea } from '../memory-area';
import { createBadgeSetter } from '@/lib/platform/badge';

const EXT = 'ext-id';
const TAB = 7;
const ENTRY = '1_sessiona1';


/** A registry of listeners standing for one browser event. */
function event<L extends (...args: never[]) => unknown>() {
  const listeners = new Set<L>();
  return {
    listeners,
    on: (listener: L) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    fire: (...args: Parameters<L>) => [...listeners].map((l) => l(...args)),
  };
}

/** The browser: shared by the two "workers" (storage and tabs outlive a stopped service worker). */
function fakeBrowser() {
  const storage = { session: memoryArea(), local: memoryArea() };
  const badges = new Map<number, string>();
  /** The browser's action calls (lib/platform/badge.ts's setter makes them), one string each. */
  const actionCalls: string[] = [];
  const badgeSetter = createBadgeSetter({
    setBadgeText: async ({ tabId, text }) => {
      actionCalls.push(`text ${text}`);
      badges.set(tabId, text);
    },
    setBadgeBackgroundColor: async ({ color }) => void actionCalls.push(`color ${color}`),
    setTitle: async ({ title }) => void actionCalls.push(`title ${title}`),
  });
  const toTab: unknown[] = [];
  /** Where the moderator looks: the tab is its window's active tab, and that window has the focus. */
  const looking = { active: true, focused: false };
  const notices: string[] = [];
  const fetch = vi.fn(async () =>
    new Response(
      JSON.stringify({ objectType: 'KalturaSessionInfo', sessionType: 0, partnerId: 1234567, userId: 'mod-1', expiry: 4_000_000_000, privileges: 'sview:*' }),
      { status: 200 },
    ),
  );
  const worker = () => {
    const message = event<(message: unknown, sender: MessageSender) => void>();
    const connect = event<(port: PortLike) => void>();
    const activated = event<(info: { tabId: number; windowId: number }) => void>();
    const windowFocus = event<() => void>();
    const updated = event<(tabId: number, change: { url?: string; status?: string }, tab: { url?: string }) => void>();
    const nothing = () => () => undefined;
    const timers = new Set<ReturnType<typeof setInterval>>();
    const deps: BackgroundDeps = {
      storage,
      tabs: {
        get: async (tabId) => (tabId === TAB ? { id: TAB, windowId: 1, active: looking.active, url: snapshot().url } : null),
        activeIn: async () => ({ id: TAB, windowId: 1, active: true, url: snapshot().url }),
        query: async () => [],
        windowFocused: async () => looking.focused,
        send: async (_tabId, m) => void toTab.push(m),
        onUpdated: updated.on,
        onRemoved: nothing,
        onActivated: activated.on,
        onWindowFocus: windowFocus.on,
      },
      runtime: { id: EXT, pagesUrl: `chrome-extension://${EXT}/`, onMessage: message.on, onConnect: connect.on, onStartup: nothing, onInstalled: nothing },
      alarms: { set: async () => undefined, clear: async () => undefined, get: async () => null, onAlarm: nothing },
      // The real setter (it skips what the tab shows) over a fake browser.action.
      badge: badgeSetter,
      notifications: { show: (_tabId, notice) => void notices.push(notice.title) },
      origins: { has: async () => false, sync: async () => undefined, inject: async () => undefined, onChanged: nothing },
      fetch,
      clock: {
        now: () => 1_700_000_000_000,
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        setInterval: (fn, ms) => {
          const t = setInterval(fn, ms);
          timers.add(t);
          return t;
        },
        clearInterval: (t) => clearInterval(t as ReturnType<typeof setInterval>),
      },
      newId: (() => {
        let n = 0;
        return () => `id-${++n}`;
      })(),
    };
    /** A panel page connecting: what it receives, and how it speaks. */
    const openPanel = (url = `chrome-extension://${EXT}/sidepanel.html`, name = 'panel') => {
      const received: BackgroundToPanel[] = [];
      const onMessage = new Set<(m: unknown) => void>();
      connect.fire({
        name,
        senderUrl: url,
        postMessage: (m) => void received.push(structuredClone(m)),
        onMessage: (l) => void onMessage.add(l),
        onDisconnect: () => undefined,
      });
      return { received, send: (m: unknown) => [...onMessage].forEach((l) => l(m)) };
    };
    const fromTab = (m: unknown, sender: Partial<MessageSender> = {}) => message.fire(m, { id: EXT, tabId: TAB, ...sender });
    /** The tab loads `url` as a new document: the browser resets its badge as the load commits. */
    const reload = (url: string) => {
      updated.fire(TAB, { status: 'loading', url }, { url });
      badges.delete(TAB);
      updated.fire(TAB, { status: 'complete' }, { url });
    };
    return { deps, openPanel, fromTab, messageListeners: message.listeners, activated, windowFocus, updated, reload };
  };
  return { storage, badges, actionCalls, toTab, worker, looking, notices };
}

/** The questions the panel holds now: the last snapshot with the patches after it applied. */
function panelQuestions(received: BackgroundToPanel[]): Question[] {
  const byId = new Map<string, Question>();
  for (const m of received) {
    if (m.type === 'qna') {
      byId.clear();
      for (const q of m.snapshot?.questions ?? []) byId.set(q.id, q);
    } else if (m.type === 'qna-patch') {
      for (const q of m.patch.upserts ?? []) byId.set(q.id, q);
      for (const id of m.patch.removed ?? []) byId.delete(id);
    }
  }
  return [...byId.values()];
}

const batch = (questions: Question[]) => ({ type: 'qna-batch', entryId: ENTRY, profileId: 'kep-2026', questions, unreadable: 0, live: true, me: null });

describe('createBackground', () => {
  it('takes a Q&A batch to the panel and the badge, and a restarted worker restores it from storage', async () => {
    const browser = fakeBrowser();
    const first = browser.worker();
    const bg = createBackground(first.deps);

    // The content script reports the page (the tab attaches), then its widget's questions.
    first.fromTab({ type: 'page-snapshot', snapshot: snapshot() });
    await vi.waitFor(async () => expect((await bg.store.get(TAB))?.state).toBe('attached'));
    const panel = first.openPanel();
    panel.send({ type: 'follow', tabId: TAB });
    await vi.waitFor(() => expect(panel.received.some((m) => m.type === 'notify-settings')).toBe(true));

    const asked = [question('How is pricing set?', { state: 'pending' }), question('Is there a roadmap?', { state: 'pending' })];
    first.fromTab(batch(asked));
    await vi.waitFor(() => expect(panelQuestions(panel.received).map((q) => q.text)).toEqual(['How is pricing set?', 'Is there a roadmap?']));
    await vi.waitFor(() => expect(browser.badges.get(TAB)).toBe('2'));

    // One more question: the panel gets a patch (not the whole session again), the badge counts it.
    const snapshotsBefore = panel.received.filter((m) => m.type === 'qna').length;
    first.fromTab(batch([question('Can I download the slides?', { state: 'pending' })]));
    await vi.waitFor(() => expect(panelQuestions(panel.received)).toHaveLength(3));
    expect(panel.received.filter((m) => m.type === 'qna').length).toBe(snapshotsBefore);
    await vi.waitFor(() => expect(browser.badges.get(TAB)).toBe('3'));

    // The panel approves one: the widget is told to do it.
    const target = asked[0]!.id;
    panel.send({ type: 'qna-action', tabId: TAB, intentId: 'i-1', action: { kind: 'approve', questionId: target } });
    await vi.waitFor(() => expect(browser.toTab).toContainEqual(expect.objectContaining({ type: 'qna-perform', action: expect.objectContaining({ questionId: target }) })));
    await vi.waitFor(() => expect(panel.received).toContainEqual({ type: 'ack', id: 'i-1' }));

    // Saved, then the worker stops: its listeners go with it.
    await bg.qna.flushSaves();
    bg.dispose();
    expect(first.messageListeners.size).toBe(0);

    // A new worker over the same storage: a panel that follows the tab gets the same questions back.
    const second = browser.worker();
    createBackground(second.deps);
    const again = second.openPanel();
    again.send({ type: 'follow', tabId: TAB });
    await vi.waitFor(() => expect(panelQuestions(again.received).map((q) => q.text).sort()).toEqual(['Can I download the slides?', 'How is pricing set?', 'Is there a roadmap?']));
    expect(again.received.find((m) => m.type === 'tab')).toMatchObject({ record: { state: 'attached' } });
    // The intent acked before the stop is not done twice when the panel sends it again.
    const performed = browser.toTab.filter((m) => (m as { type: string }).type === 'qna-perform').length;
    again.send({ type: 'qna-action', tabId: TAB, intentId: 'i-1', action: { kind: 'approve', questionId: target } });
    await vi.waitFor(() => expect(again.received).toContainEqual({ type: 'ack', id: 'i-1' }));
    expect(browser.toTab.filter((m) => (m as { type: string }).type === 'qna-perform').length).toBe(performed);
  });

  it('a restarted worker restores the saved Q&A by itself, before any panel or report asks, and a panel then gets it without reading it again', async () => {
    const browser = fakeBrowser();
    const first = browser.worker();
    const bg = createBackground(first.deps);
    first.fromTab({ type: 'page-snapshot', snapshot: snapshot() });
    await vi.waitFor(async () => expect((await bg.store.get(TAB))?.state).toBe('attached'));
    first.fromTab(batch([question('How is pricing set?', { state: 'pending' }), question('Is there a roadmap?', { state: 'pending' })]));
    await vi.waitFor(async () => expect((await bg.qna.snapshot(TAB))?.questions).toHaveLength(2));
    await bg.qna.flushSaves();
    bg.dispose();
    browser.toTab.length = 0;

    // The new worker, woken by something else: nothing follows the tab and the tab says nothing.
    const second = browser.worker();
    createBackground(second.deps);
    // Restored: the tab is asked for what it reported after the saved rows.
    await vi.waitFor(() => expect(browser.toTab).toContainEqual(expect.objectContaining({ type: 'qna-rescan' })));
    const read: string[] = [];
    const { get, getMany } = browser.storage.session;
    browser.storage.session.get = async (key) => (read.push(key), get(key));
    browser.storage.session.getMany = async (keys) => (read.push(...keys), getMany(keys));
    const panel = second.openPanel();
    panel.send({ type: 'follow', tabId: TAB });
    await vi.waitFor(() => expect(panelQuestions(panel.received).map((q) => q.text).sort()).toEqual(['How is pricing set?', 'Is there a roadmap?']));
    expect(read.filter((k) => k.startsWith(`qna:${TAB}`))).toEqual([]);
    expect(browser.toTab.filter((m) => (m as { type: string }).type === 'qna-rescan')).toHaveLength(1);
  });

  it("a panel following a tab with a record gets it and the Q&A without the browser's answer about the tab (it can wait behind a restore's reads)", async () => {
    const browser = fakeBrowser();
    const first = browser.worker();
    const bg = createBackground(first.deps);
    first.fromTab({ type: 'page-snapshot', snapshot: snapshot() });
    await vi.waitFor(async () => expect((await bg.store.get(TAB))?.state).toBe('attached'));
    first.fromTab(batch([question('How is pricing set?', { state: 'pending' })]));
    await vi.waitFor(async () => expect((await bg.qna.snapshot(TAB))?.questions).toHaveLength(1));
    await bg.qna.flushSaves();
    bg.dispose();

    const second = browser.worker();
    second.deps.tabs.get = () => new Promise(() => undefined); // never answers
    createBackground(second.deps);
    const panel = second.openPanel();
    panel.send({ type: 'follow', tabId: TAB });
    await vi.waitFor(() => expect(panelQuestions(panel.received).map((q) => q.text)).toEqual(['How is pricing set?']));
    expect(panel.received.find((m) => m.type === 'tab')).toMatchObject({ record: { state: 'attached' } });
  });

  it('ignores messages from another extension, a tabless sender, an inactive document and a foreign page port', async () => {
    const browser = fakeBrowser();
    const w = browser.worker();
    const bg = createBackground(w.deps);
    w.fromTab(batch([question('from elsewhere', { state: 'pending' })]), { id: 'other-ext' });
    w.fromTab(batch([question('prerendered', { state: 'pending' })]), { documentLifecycle: 'prerender' });
    w.fromTab(batch([question('no tab', { state: 'pending' })]), { tabId: undefined });
    const foreign = w.openPanel('https://evil.example/panel.html');
    foreign.send({ type: 'follow', tabId: TAB });
    expect(await bg.qna.snapshot(TAB)).toBeNull();
    expect(foreign.received).toEqual([]);
  });

  it("deletes the chat logs past their retention a little after the worker starts (not in a cold restore's way), and daily while it lives", async () => {
    vi.useFakeTimers();
    try {
      const browser = fakeBrowser();
      const w = browser.worker();
      const prune = vi.fn(async () => 1);
      const bg = createBackground({ ...w.deps, clock: { ...w.deps.clock, now: () => 1_000 }, chatArchive: { write: async () => undefined, prune } });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(prune).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(prune).toHaveBeenCalledWith(1_000);
      await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
      expect(prune).toHaveBeenCalledTimes(2);
      bg.dispose();
      await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
      expect(prune, 'stopped with the worker').toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts the features it is given with the shared parts, and stops them on dispose', async () => {
    const browser = fakeBrowser();
    const w = browser.worker();
    const heard: unknown[] = [];
    const stopped = vi.fn();
    const demo: BackgroundFeature = (ctx) => {
      const offMessages = ctx.onContentMessage((tabId, m) => heard.push([tabId, (m as { type: string }).type]));
      const offPanel = ctx.usePanel({
        onIntent: (tabId, m, post) => {
          if (m.type !== 'demo-action') return false;
          post({ type: 'demo-view', tabId } as never);
          return true;
        },
        onFollow: (tabId, post) => post({ type: 'demo-view', tabId } as never),
      });
      return () => {
        offMessages();
        offPanel();
        stopped();
      };
    };
    const bg = createBackground(w.deps, [demo]);
    w.fromTab({ type: 'demo-batch', messages: [] });
    expect(heard).toEqual([[TAB, 'demo-batch']]);
    const panel = w.openPanel();
    panel.send({ type: 'follow', tabId: TAB });
    await vi.waitFor(() => expect(panel.received).toContainEqual({ type: 'demo-view', tabId: TAB }));
    panel.send({ type: 'demo-action', tabId: TAB, intentId: 'c-1' });
    await vi.waitFor(() => expect(panel.received).toContainEqual({ type: 'ack', id: 'c-1' }));
    expect(panel.received.filter((m) => (m as { type: string }).type === 'demo-view')).toHaveLength(2);
    bg.dispose();
    expect(stopped).toHaveBeenCalledOnce();
  });

  it('runs the reactions feature over the same deps: the widget\'s totals reach a panel on the reactions port as counts', async () => {
    const browser = fakeBrowser();
    const w = browser.worker();
    const bg = createBackground(w.deps, [wireReactions]);
    const report = (at: number, totals: Record<string, number>) =>
      w.fromTab({ type: 'reactions-batch', entryId: ENTRY, profileId: 'kep-2026', at, totals, enabled: true, canSwitch: true });
    report(1_700_000_000_000, { clap: 2 });
    const meter = w.openPanel(`chrome-extension://${EXT}/sidepanel.html`, REACTIONS_PORT);
    // A page that is not ours may not follow reactions.
    const foreign = w.openPanel('https://evil.example/panel.html', REACTIONS_PORT);
    meter.send({ type: 'follow', tabId: TAB });
    foreign.send({ type: 'follow', tabId: TAB });
    await vi.waitFor(() => expect(meter.received.some((m) => m.type === ('reactions' as never))).toBe(true));
    report(1_700_000_001_000, { clap: 7, love: 1 });
    const counted = () => {
      const views = meter.received.filter((m) => m.type === ('reactions' as never)) as unknown as { view: ReactionsView | null }[];
      return views.at(-1)?.view?.counted ?? {};
    };
    await vi.waitFor(() => expect(counted().love).toBe(1), { timeout: 5_000 });
    // The first report is the baseline (what was there before we watched); only the rise after it counts.
    expect(counted().clap).toBe(5);
    expect(foreign.received).toEqual([]);
    bg.dispose();
  });
  it('reactions: a panel that shows no meter gets only its session and switch changes, and the whole meter when it shows it again', async () => {
    const browser = fakeBrowser();
    const w = browser.worker();
    const bg = createBackground(w.deps, [wireReactions]);
    const report = (at: number, totals: Record<string, number>, enabled = true) =>
      w.fromTab({ type: 'reactions-batch', entryId: ENTRY, profileId: 'kep-2026', at, totals, enabled, canSwitch: true });
    const views = (p: { received: BackgroundToPanel[] }) => p.received.filter((m) => m.type === ('reactions' as never)) as unknown as { view: ReactionsView | null }[];
    report(1_700_000_000_000, { clap: 2 });
    // One panel shows the meter (it tells when the background has sent a view), the other does not.
    const shown = w.openPanel(`chrome-extension://${EXT}/sidepanel.html`, REACTIONS_PORT);
    const hidden = w.openPanel(`chrome-extension://${EXT}/sidepanel.html`, REACTIONS_PORT);
    shown.send({ type: 'follow', tabId: TAB });
    await vi.waitFor(() => expect(views(shown).at(-1)?.view).toBeTruthy());
    hidden.send({ type: 'follow', tabId: TAB });
    hidden.send({ type: 'reactions-shown', tabId: TAB, on: false });
    await vi.waitFor(() => expect(views(hidden).at(-1)?.view).toBeTruthy());
    const had = views(hidden).length;
    report(1_700_000_001_000, { clap: 7 });
    await vi.waitFor(() => expect(views(shown).at(-1)?.view?.counted.clap).toBe(5), { timeout: 5_000 });
    expect(views(hidden)).toHaveLength(had);
    // The widget's switch went off: that reaches it (the settings view shows the switch).
    report(1_700_000_002_000, { clap: 7 }, false);
    await vi.waitFor(() => expect(views(shown).at(-1)?.view?.enabled).toBe(false), { timeout: 5_000 });
    expect(views(hidden).slice(had - 1).map((v) => v.view?.enabled)).toEqual([true, false]);
    // Shown again: the meter as it stands, at once.
    hidden.send({ type: 'reactions-shown', tabId: TAB, on: true });
    await vi.waitFor(() => expect(views(hidden)).toHaveLength(had + 2));
    expect(views(hidden).at(-1)!.view).toEqual(views(shown).at(-1)!.view);
    bg.dispose();
  });

  it('sets only the badge values that changed: a new question right after another sets the count alone', async () => {
    const browser = fakeBrowser();
    const w = browser.worker();
    const bg = createBackground(w.deps);
    w.fromTab({ type: 'page-snapshot', snapshot: snapshot() });
    await vi.waitFor(async () => expect((await bg.store.get(TAB))?.state).toBe('attached'));
    w.fromTab(batch([question('First?', { state: 'pending' })]));
    await vi.waitFor(() => expect(browser.badges.get(TAB)).toBe('1'));

    // One more question: the count changes; the colour does not (no call for it), and the title (the
    // tooltip, "2 waiting") follows within 2 s (lib/notify/badge-keeper.ts, titleGapMs).
    browser.actionCalls.length = 0;
    w.fromTab(batch([question('Second?', { state: 'pending' })]));
    await vi.waitFor(() => expect(browser.badges.get(TAB)).toBe('2'));
    expect(browser.actionCalls).toEqual(['text 2']);
    bg.dispose();
  });

  it('draws the badge again after the tab reloads, whose state did not change (the browser reset its badge)', async () => {
    // A page on a custom domain that waits for the moderator's grant: '?'.
    const custom = 'https://events.acme.test/media/t/1_sessiona1';
    const browser = fakeBrowser();
    const w2 = browser.worker();
    const bg2 = createBackground(w2.deps);
    w2.updated.fire(TAB, { status: 'loading', url: custom }, { url: custom });
    await vi.waitFor(() => expect(browser.badges.get(TAB)).toBe('?'));
    browser.actionCalls.length = 0;
    w2.reload(custom);
    await vi.waitFor(() => expect(browser.badges.get(TAB)).toBe('?'));
    expect(browser.actionCalls).toEqual(['text ?', expect.stringMatching(/^color /), expect.stringMatching(/^title .*grant access/)]);
    bg2.dispose();
  });

  for (const how of ['switches tabs', 'switches windows'] as const) {
    it(`a question right after the moderator ${how} is notified by where they look now`, async () => {
      const browser = fakeBrowser();
      const w = browser.worker();
      const bg = createBackground(w.deps);
      w.fromTab({ type: 'page-snapshot', snapshot: snapshot() });
      await vi.waitFor(async () => expect((await bg.store.get(TAB))?.state).toBe('attached'));
      // The moderator looks at the tab (active in the focused window, its panel open): a question is seen,
      // not notified.
      const panel = w.openPanel();
      panel.send({ type: 'follow', tabId: TAB });
      await vi.waitFor(() => expect(panel.received.some((m) => m.type === 'notify-settings')).toBe(true));
      browser.looking.focused = true;
      w.fromTab(batch([question('First?', { state: 'pending' })]));
      await vi.waitFor(() => expect(browser.badges.get(TAB)).toBe('1'));
      // They look elsewhere; the clock stands still (well within the notifier's 1 s of trust).
      if (how === 'switches tabs') {
        browser.looking.active = false;
        w.activated.fire({ tabId: TAB + 1, windowId: 1 });
      } else {
        browser.looking.focused = false;
        w.windowFocus.fire();
      }
      w.fromTab(batch([question('Second?', { state: 'pending' })]));
      await vi.waitFor(() => expect(browser.notices).toEqual(['1 new question in Opening keynote']));
      bg.dispose();
    });
  }
});
