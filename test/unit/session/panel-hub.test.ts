import { describe, expect, it, vi } from 'vitest';
import { PanelHub, type PanelHubDeps } from '@/lib/session/panel-hub';
import type { BackgroundToPanel } from '@/lib/contracts/protocol';
import type { TabRecord } from '@/lib/model/context';
import { DEFAULT_NOTIFY_SETTINGS } from '@/lib/notify/notify-policy';

const tabOnly = (messages: BackgroundToPanel[]) => messages.filter((m) => m.type === 'tab');

const record = (tabId: number, state: TabRecord['state'] = 'attached'): TabRecord => ({
  tabId,
  url: `https://1234567.events.kaltura.com/media/t/1_tab${tabId}xx`,
  state,
  context: null,
  updatedAt: 0,
});

function setup() {
  const deps: PanelHubDeps = {
    activeTabOf: vi.fn(async () => ({ tabId: 1, url: 'https://a.test/' })),
    tabUrl: vi.fn(async () => 'https://a.test/'),
    recordFor: vi.fn(async (tabId: number) => record(tabId)),
    onOriginGranted: vi.fn(async () => undefined),
    qnaSnapshot: vi.fn(async () => () => null),
    onQnaAction: vi.fn(async () => undefined),
    onQnaLocal: vi.fn(async () => undefined),
    adminStatus: vi.fn(async () => null),
    onAdminConnect: vi.fn(async () => null),
    onAdminForget: vi.fn(async () => null),
    onWebcastStart: vi.fn(async () => null),
    pollsView: vi.fn(async () => null),
    onPollsAction: vi.fn(async () => undefined),
    announcementsView: vi.fn(async () => null),
    onAnnouncementsAction: vi.fn(async () => undefined),
    notifySettings: vi.fn(async () => ({ ...DEFAULT_NOTIFY_SETTINGS })),
    onNotifySettings: vi.fn(async (patch) => ({ ...DEFAULT_NOTIFY_SETTINGS, ...patch })),
  };
  const hub = new PanelHub(deps);
  const received: BackgroundToPanel[] = [];
  const port = { postMessage: (m: BackgroundToPanel) => void received.push(m) };
  hub.connect(port);
  return { hub, deps, port, received };
}

describe('PanelHub', () => {
  it('answers a panel that follows its window with the active tab, and switches with it', async () => {
    const { hub, port, received } = setup();
    await hub.onMessage(port, { type: 'follow', windowId: 3 });
    expect(tabOnly(received).at(-1)).toMatchObject({ tabId: 1, record: { tabId: 1 } });
    expect(received.find((m) => m.type === 'qna')).toEqual({ type: 'qna', tabId: 1, snapshot: null });
    await hub.onActiveTab(3, 2);
    expect(tabOnly(received).at(-1)).toMatchObject({ tabId: 2 });
    await hub.onActiveTab(4, 9);
    expect(tabOnly(received).at(-1)).toMatchObject({ tabId: 2 });
  });

  it('keeps a pinned panel on its tab when the active tab changes', async () => {
    const { hub, port, received } = setup();
    await hub.onMessage(port, { type: 'follow', tabId: 5 });
    await hub.onActiveTab(3, 2);
    expect(received.filter((m) => 'tabId' in m).map((m) => ('tabId' in m ? m.tabId : null))).toEqual([5, 5, 5]);
  });

  it('pushes record changes only to panels showing that tab', async () => {
    const { hub, port, received } = setup();
    await hub.onMessage(port, { type: 'follow', tabId: 5 });
    hub.onRecord(6, record(6));
    hub.onRecord(5, record(5, 'kaltura-no-cnc'));
    hub.onRecord(5, null);
    expect(received.slice(4)).toEqual([
      { type: 'tab', tabId: 5, record: record(5, 'kaltura-no-cnc') },
      { type: 'tab', tabId: 5, record: null },
    ]);
  });

  it('stops talking to a disconnected panel, and survives one that throws', async () => {
    const { hub, port, received } = setup();
    await hub.onMessage(port, { type: 'follow', tabId: 5 });
    const broken = { postMessage: () => { throw new Error('closed'); } };
    hub.connect(broken);
    await hub.onMessage(broken, { type: 'follow', tabId: 5 });
    hub.disconnect(port);
    expect(() => hub.onRecord(5, record(5))).not.toThrow();
    expect(received).toHaveLength(4);
  });

  it('routes Q&A patches to the panels showing that tab, and Q&A intents to the background', async () => {
    const { hub, port, received, deps } = setup();
    await hub.onMessage(port, { type: 'follow', tabId: 5 });
    hub.onQnaPatch(6, { removed: ['x'] });
    hub.onQnaPatch(5, { removed: ['y'] });
    expect(received.at(-1)).toEqual({ type: 'qna-patch', tabId: 5, patch: { removed: ['y'] } });
    expect(received.filter((m) => m.type === 'qna-patch')).toHaveLength(1);
    await hub.onMessage(port, { type: 'qna-action', tabId: 5, action: { kind: 'approve', questionId: 'q' } });
    await hub.onMessage(port, { type: 'qna-local', tabId: 5, action: { kind: 'star', questionId: 'q', starred: true } });
    expect(deps.onQnaAction).toHaveBeenCalledWith(5, { kind: 'approve', questionId: 'q' });
    expect(deps.onQnaLocal).toHaveBeenCalledWith(5, { kind: 'star', questionId: 'q', starred: true });
  });

  it('passes a granted origin on', async () => {
    const { hub, port, deps } = setup();
    await hub.onMessage(port, { type: 'origin-granted', origin: 'https://events.acme.test', tabId: 4 });
    expect(deps.onOriginGranted).toHaveBeenCalledWith('https://events.acme.test', 4);
  });

  it('tells its watchers when a panel starts showing another tab (the notifier asks afresh where the moderator looks)', async () => {
    const { hub, port } = setup();
    const moved = vi.fn();
    hub.panels.watch(moved);
    await hub.onMessage(port, { type: 'follow', windowId: 3 });
    expect(moved).toHaveBeenCalledTimes(1);
    await hub.onActiveTab(3, 2);
    expect(moved).toHaveBeenCalledTimes(2);
    await hub.onActiveTab(3, 2); // the same tab again: nothing moved
    await hub.onActiveTab(4, 9); // another window: not this panel's
    expect(moved).toHaveBeenCalledTimes(2);
    hub.disconnect(port);
    expect(moved).toHaveBeenCalledTimes(3);
  });
});
