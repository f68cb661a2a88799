// A large Q&A snapshot to a panel that starts following a tab (issue 9, cold restore): its head at once,
// the rest only once the panel says it drew the head (or after a while, if it never says so), read then.
import { describe, expect, it, vi } from 'vitest';
import { HEAD_SHOWN_WAIT_MS, PanelHub, type PanelHubDeps, type PanelPort } from '@/lib/session/panel-hub';
import { HEAD_MIN_QUESTIONS } from '@/lib/session/qna/head';
import { connectPanel, type PanelConnectionDeps, type PortLike } from '@/lib/messaging/panel-connection';
import { createPanelState } from '@/lib/panel/panel-state';
import type { BackgroundToPanel, PanelToBackground } from '@/lib/contracts/protocol';
import type { QnaMeta, QnaSnapshot } from '@/lib/model/qna/session';
import type { Question } from '@/lib/model/qna/types';
import { DEFAULT_NOTIFY_SETTINGS } from '@/lib/notify/notify-policy';
import { InboxIndex } from '@/lib/model/qna/view';
import { ALL_CAPS, question } from '../model/qna-fixtures';

const meta: QnaMeta = {
  surface: 'cnc', entryId: 'e', me: 'm', capabilities: ALL_CAPS, starred: [], bannedWords: [], holds: {}, merged: {},
  commands: [], staleSince: null, problem: null, audit: [],
};

/** A background with one tab's Q&A session of `n` pending questions, and fake timers. */
function background(n = HEAD_MIN_QUESTIONS + 200) {
  const questions = new Map<string, Question>();
  for (let i = 0; i < n; i++) {
    const q = question(`Question ${i}`, { state: 'pending', createdAt: 1_000 + i });
    questions.set(q.id, q);
  }
  const read = (): QnaSnapshot => ({ meta, questions: [...questions.values()] });
  const timers = new Map<number, () => void>();
  let nextTimer = 0;
  const deps = {
    activeTabOf: async () => ({ tabId: 5 }),
    tabUrl: async () => undefined,
    recordFor: async () => null,
    qnaSnapshot: async () => read,
    adminStatus: async () => null,
    pollsView: async () => null,
    announcementsView: async () => null,
    notifySettings: async () => ({ ...DEFAULT_NOTIFY_SETTINGS }),
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        expect(ms).toBe(HEAD_SHOWN_WAIT_MS);
        timers.set(++nextTimer, fn);
        return nextTimer;
      },
      clearTimeout: (id: unknown) => void timers.delete(id as number),
    },
  } as unknown as PanelHubDeps;
  const hub = new PanelHub(deps);
  /** A change to the session: the store changes and panels get the patch (as QnaManager does). */
  const change = (q: Question) => {
    questions.set(q.id, q);
    hub.onQnaPatch(5, { upserts: [q] });
  };
  const fireTimers = () => [...timers.keys()].forEach((id) => { const fn = timers.get(id)!; timers.delete(id); fn(); });
  return { hub, questions, change, fireTimers, pendingTimers: () => timers.size };
}

function panelPort(hub: PanelHub) {
  const received: BackgroundToPanel[] = [];
  const port: PanelPort = { postMessage: (m) => void received.push(m) };
  hub.connect(port);
  return { port, received, types: () => received.map((m) => m.type) };
}

describe('the background posts a large snapshot to a following panel head first', () => {
  it('posts the head and the rest of the follow at once, and the whole list only when the panel says it drew the head', async () => {
    const bg = background();
    const panel = panelPort(bg.hub);
    await bg.hub.onMessage(panel.port, { type: 'follow', tabId: 5 });
    expect(panel.types()).toEqual(['tab', 'qna-head', 'admin', 'notify-settings']);
    expect(panel.types()).not.toContain('qna');
    await bg.hub.onMessage(panel.port, { type: 'qna-head-shown', tabId: 5 });
    expect(panel.types().at(-1)).toBe('qna');
    const rest = panel.received.at(-1) as Extract<BackgroundToPanel, { type: 'qna' }>;
    expect(rest.snapshot!.questions).toHaveLength(bg.questions.size);
    // Said twice, or the timer after it: the rest goes once.
    await bg.hub.onMessage(panel.port, { type: 'qna-head-shown', tabId: 5 });
    bg.fireTimers();
    expect(panel.types().filter((t) => t === 'qna')).toHaveLength(1);
    expect(bg.pendingTimers()).toBe(0);
  });

  it('the rest is read when it goes: it holds a change made after the head', async () => {
    const bg = background();
    const panel = panelPort(bg.hub);
    await bg.hub.onMessage(panel.port, { type: 'follow', tabId: 5 });
    const first = bg.questions.values().next().value!;
    bg.change({ ...first, state: 'approved', updatedAt: first.updatedAt + 1 });
    await bg.hub.onMessage(panel.port, { type: 'qna-head-shown', tabId: 5 });
    expect(panel.types().slice(-2)).toEqual(['qna-patch', 'qna']);
    const rest = panel.received.at(-1) as Extract<BackgroundToPanel, { type: 'qna' }>;
    expect(rest.snapshot!.questions.find((q) => q.id === first.id)?.state).toBe('approved');
  });

  it('a panel that never says it drew the head still gets the whole list, after HEAD_SHOWN_WAIT_MS', async () => {
    const bg = background();
    const panel = panelPort(bg.hub);
    await bg.hub.onMessage(panel.port, { type: 'follow', tabId: 5 });
    expect(panel.types()).not.toContain('qna');
    bg.fireTimers();
    expect(panel.types().at(-1)).toBe('qna');
  });

  it("a panel that moved to another tab does not get the old tab's rest; one that closed gets nothing and leaves no timer", async () => {
    const bg = background();
    const moved = panelPort(bg.hub);
    await bg.hub.onMessage(moved.port, { type: 'follow', windowId: 1 });
    expect(moved.types()).toContain('qna-head');
    // The window's active tab is now a tab without Q&A: its snapshot (null) goes whole.
    (bg.hub as unknown as { deps: PanelHubDeps }).deps.qnaSnapshot = async () => () => null;
    await bg.hub.onActiveTab(1, 6);
    await bg.hub.onMessage(moved.port, { type: 'qna-head-shown', tabId: 5 });
    bg.fireTimers();
    expect(moved.received.filter((m) => m.type === 'qna')).toEqual([{ type: 'qna', tabId: 6, snapshot: null }]);

    const closed = panelPort(bg.hub);
    (bg.hub as unknown as { deps: PanelHubDeps }).deps.qnaSnapshot = async () => () => ({ meta, questions: [...bg.questions.values()] });
    await bg.hub.onMessage(closed.port, { type: 'follow', tabId: 5 });
    expect(bg.pendingTimers()).toBe(1);
    bg.hub.disconnect(closed.port);
    expect(bg.pendingTimers()).toBe(0);
    expect(closed.types()).not.toContain('qna');
  });

  it('a small snapshot goes whole at once; a session started while a panel shows the tab goes head and whole in one go', async () => {
    const small = background(10);
    const panel = panelPort(small.hub);
    await small.hub.onMessage(panel.port, { type: 'follow', tabId: 5 });
    expect(panel.types()).toEqual(['tab', 'qna', 'admin', 'notify-settings']);
    const large = background();
    const other = panelPort(large.hub);
    await large.hub.onMessage(other.port, { type: 'follow', tabId: 5 });
    await large.hub.onMessage(other.port, { type: 'qna-head-shown', tabId: 5 });
    other.received.length = 0;
    large.hub.onQnaSnapshot(5, { meta, questions: [...large.questions.values()] });
    expect(other.types()).toEqual(['qna-head', 'qna']);
  });
});

describe('panel and background: the head, then the rest once drawn', () => {
  /** A panel connection to the hub over a fake port (messages cross as structured clones, in order). */
  function wire(bg: ReturnType<typeof background>) {
    const state = createPanelState();
    const toBackground: PanelToBackground[] = [];
    const paints: Array<() => void> = [];
    const runtime: PanelConnectionDeps = {
      newId: () => 'id',
      setTimeout: () => undefined,
      afterPaint: (fn) => void paints.push(fn),
      connect(): PortLike {
        const listeners: Array<(m: unknown) => void> = [];
        const background: PanelPort = { postMessage: (m) => listeners.forEach((fn) => fn(structuredClone(m))) };
        bg.hub.connect(background);
        return {
          postMessage: (m) => {
            toBackground.push(m);
            void bg.hub.onMessage(background, structuredClone(m));
          },
          disconnect: () => bg.hub.disconnect(background),
          onMessage: { addListener: (fn) => void listeners.push(fn) },
          onDisconnect: { addListener: () => undefined },
        };
      },
    };
    connectPanel({ type: 'follow', tabId: 5 }, (m) => state.receive(m), () => undefined, undefined, runtime);
    return { state, toBackground, paint: () => paints.splice(0).forEach((fn) => fn()) };
  }

  it('shows the true counts from the head, says it drew them after the paint, and ends with every question, changes between included and none held as new', async () => {
    const bg = background();
    const panel = wire(bg);
    await vi.waitFor(() => expect(panel.state.qna.value?.partial).toBeDefined());
    expect(panel.state.qna.value!.partial!.counts.pending).toBe(bg.questions.size);
    expect(panel.toBackground.map((m) => m.type)).toEqual(['follow']);

    // Between the head and the rest: the moderator approves a question the head has, and one comes in.
    const shown = panel.state.qna.value!.questions.values().next().value!;
    bg.change({ ...shown, state: 'approved', updatedAt: shown.updatedAt + 1 });
    const fresh = question('A new one', { state: 'pending', createdAt: 10_000_000 });
    bg.change(fresh);
    expect(panel.state.qna.value!.partial!.counts).toEqual(expect.objectContaining({ pending: bg.questions.size - 1, approved: 1 }));
    expect(panel.state.qna.value!.partial).toBeDefined();

    panel.paint();
    expect(panel.toBackground.map((m) => m.type)).toEqual(['follow', 'qna-head-shown']);
    await vi.waitFor(() => expect(panel.state.qna.value?.partial).toBeUndefined());
    const whole = panel.state.qna.value!;
    expect(whole.questions.size).toBe(bg.questions.size);
    expect(whole.questions.get(shown.id)?.state).toBe('approved');
    expect(whole.questions.has(fresh.id)).toBe(true);
    // The whole list is a first snapshot to the inbox, not changes: nothing waits behind "N new".
    expect(whole.changes).toBeUndefined();
    const inbox = new InboxIndex();
    inbox.sync({ meta: whole.meta, questions: new Map([...whole.questions.values()].map((q) => [q.id, q])) });
    expect(inbox.allCounts()).toEqual(expect.objectContaining({ pending: bg.questions.size - 1, approved: 1 }));
  });
});
