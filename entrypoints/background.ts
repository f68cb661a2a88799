// The background: wires lib/session to the browser. Listeners are registered synchronously at the top
// level so that a restarted service worker (Chrome) or reloaded event page (Firefox) gets every event.
import { browser } from 'wxt/browser';
import {
  isContentToBackground,
  PANEL_PORT,
  type BackgroundToContent,
  type BackgroundToPanel,
  type PanelToBackground,
  type PerformResult,
} from '@/lib/contracts/protocol';
import { BadgeKeeper } from '@/lib/notify/badge-keeper';
import { Notifier } from '@/lib/notify/notifier';
import type { NotifySettings } from '@/lib/notify/notify-policy';
import { isKalturaHost, originOf } from '@/lib/page/hosts';
import { fromActiveDocument, isContentHost } from '@/lib/content/matches';
import {
  grantedCustomOrigins,
  hasOrigin,
  injectContentScript,
  localStorage,
  onNotificationClick,
  openPanelFromToolbarButton,
  sessionStorage,
  setBadge,
  showNotification,
  syncOriginScripts,
} from '@/lib/platform';
import { AdminSessions } from '@/lib/session/admin-sessions';
import { createEventTools } from '@/lib/session/announcements/wiring';
import { alarms, onAlarm } from '@/lib/platform/alarms';
import { createController } from '@/lib/session/controller';
import { PanelHub } from '@/lib/session/panel-hub';
import { cncSurface } from '@/lib/session/qna/cnc-surface';
import { QnaManager } from '@/lib/session/qna/manager';
import { webcastSurfaceFor } from '@/lib/session/qna/webcast-factory';
import { TabStore } from '@/lib/session/tab-store';
import { wireChat } from '@/lib/session/chat/wiring';

/** storage.session: the panel intents handled lately (see PanelHub). */
const INTENT_LOG_KEY = 'panel-intents';

export default defineBackground(() => {
  openPanelFromToolbarButton();
  onNotificationClick();

  const fetchFn = (input: string, init?: RequestInit) => fetch(input, init);
  const store = new TabStore(sessionStorage);
  const badges = new BadgeKeeper({
    draw: async (tabId, badge, state) => {
      await setBadge(tabId, badge);
      // The content script hears the badge too (the Firefox e2e build mirrors it onto the page).
      if (state) await browser.tabs.sendMessage(tabId, { type: 'verdict', state, badge: badge.text }).catch(() => undefined);
    },
    now: Date.now,
    // The moderator's threshold survives a worker restart (notifier is defined below; called on first draw).
    loadUrgentAfter: async () => (await notifier.settings()).urgentAfterMs,
  });
  // Ages change with time alone: redraw now and then so a waiting badge turns urgent by itself.
  setInterval(() => void badges.refreshAll(), 15_000);
  const admin = new AdminSessions({ session: sessionStorage, local: localStorage, fetch: fetchFn, now: Date.now });
  const tellTab = (tabId: number, message: BackgroundToContent) =>
    browser.tabs.sendMessage(tabId, message) as Promise<PerformResult | undefined>;
  const isCovered = async (url: string) => {
    if (isContentHost(url)) return true;
    const origin = originOf(url);
    return origin !== null && origin.startsWith('https:') && (await hasOrigin(origin).catch(() => false));
  };
  const contextOf = async (tabId: number) => (await store.get(tabId))?.context ?? null;
  const notifier: Notifier = new Notifier({
    session: sessionStorage,
    local: localStorage,
    attention: async (tabId): Promise<{ panelOpen: boolean; tabFocused: boolean }> => {
      const tab = await browser.tabs.get(tabId).catch(() => null);
      const win = tab ? await browser.windows.get(tab.windowId).catch(() => null) : null;
      return { panelOpen: hub.follows(tabId), tabFocused: !!tab?.active && !!win?.focused };
    },
    show: async (tabId, notice) => {
      showNotification(tabId, notice);
      if (import.meta.env.WXT_E2E_PROBE === '1') {
        await browser.tabs.sendMessage(tabId, { type: 'probe-notified', title: notice.title }).catch(() => undefined);
      }
    },
    now: Date.now,
  });
  /** The moderator as the event knows them: the page's KS user. */
  const meOf = async (tabId: number) => {
    const ks = (await contextOf(tabId))?.ks;
    return ks?.status === 'valid' && ks.userId ? ks.userId : 'me';
  };

  const controller = createController({
    store,
    fetch: fetchFn,
    setState: (tabId, state) => badges.setState(tabId, state),
    tellTab: async (tabId, message) => void (await tellTab(tabId, message)),
    isCovered,
    now: Date.now,
  });

  const qna = new QnaManager({
    session: sessionStorage,
    local: localStorage,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    cncSurfaceFor: (tabId, profileId) =>
      cncSurface(profileId, (commandId, action) => tellTab(tabId, { type: 'qna-perform', commandId, action })),
    webcastSurfaceFor: async (tabId, entryId) =>
      webcastSurfaceFor(admin, fetchFn, (await contextOf(tabId))?.partnerId ?? null, entryId, await meOf(tabId)),
    meOf,
    rescan: (tabId) => void tellTab(tabId, { type: 'qna-rescan' }).catch(() => undefined),
    onPatch: (tabId, patch) => {
      hub.onQnaPatch(tabId, patch);
      if (patch.meta && 'staleSince' in patch.meta) void badges.setOffline(tabId, patch.meta.staleSince ?? null);
    },
    onSnapshot: (tabId, snapshot) => {
      hub.onQnaSnapshot(tabId, snapshot);
      void badges.setOffline(tabId, snapshot.meta.staleSince);
    },
    partnerOf: async (tabId) => (await contextOf(tabId))?.partnerId ?? null,
    onPending: (tabId, entryId, pending) => {
      void badges.setWaiting(tabId, pending);
      void contextOf(tabId).then((context) => notifier.onPending(tabId, pending, entryId, context?.title || entryId));
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  });

  const syncOrigins = async () => syncOriginScripts(await grantedCustomOrigins((o) => isKalturaHost(o)));
  const adminStatus = async (tabId: number) => {
    const partnerId = (await contextOf(tabId))?.partnerId ?? null;
    return partnerId === null ? null : admin.status(partnerId);
  };
  const hub: PanelHub = new PanelHub({
    activeTabOf: async (windowId) => {
      const [tab] = await browser.tabs.query({ active: true, windowId });
      return tab?.id === undefined ? null : { tabId: tab.id, url: tab.url };
    },
    tabUrl: async (tabId) => (await browser.tabs.get(tabId).catch(() => null))?.url,
    recordFor: controller.recordFor,
    onOriginGranted: async (origin, tabId) => {
      if (!(await hasOrigin(origin))) return;
      await syncOrigins();
      if (tabId !== null) await injectContentScript(tabId).catch(() => undefined);
    },
    qnaSnapshot: (tabId) => qna.snapshotReader(tabId),
    onQnaAction: (tabId, action) => qna.act(tabId, action),
    onQnaLocal: (tabId, action) => qna.local(tabId, action),
    adminStatus,
    onAdminConnect: async (tabId, credentials, remember) => {
      const partnerId = (await contextOf(tabId))?.partnerId ?? null;
      if (partnerId === null) return null;
      return admin.connect(partnerId, credentials, remember);
    },
    onAdminForget: async (tabId) => {
      const partnerId = (await contextOf(tabId))?.partnerId ?? null;
      if (partnerId !== null) await admin.forget(partnerId);
      return adminStatus(tabId);
    },
    notifySettings: () => notifier.settings(),
    onNotifySettings: async (patch): Promise<NotifySettings> => {
      const settings = await notifier.saveSettings(patch);
      badges.setUrgentAfter(settings.urgentAfterMs);
      return settings;
    },
    pollsView: (tabId) => eventTools.pollsView(tabId),
    onPollsAction: (tabId, action) => eventTools.onPollsAction(tabId, action),
    announcementsView: (tabId) => eventTools.announcementsView(tabId),
    onAnnouncementsAction: (tabId, action) => eventTools.onAnnouncementsAction(tabId, action),
    intentLog: {
      load: async () => (await sessionStorage.get<string[]>(INTENT_LOG_KEY)) ?? [],
      save: (ids) => sessionStorage.set({ [INTENT_LOG_KEY]: ids }),
    },
    onWebcastStart: async (tabId) => {
      const context = await contextOf(tabId);
      if (!context?.entryId) return 'This page names no session entry to moderate.';
      const surface = await webcastSurfaceFor(admin, fetchFn, context.partnerId, context.entryId, await meOf(tabId));
      if (!surface) return 'Connect an ADMIN session first.';
      await qna.attachWebcast(tabId, context.entryId, surface);
      return null;
    },
  });
  store.subscribe((tabId, record) => hub.onRecord(tabId, record));

  // Group chat (issue 11): lib/session/chat/wiring.ts.
  const chat = wireChat({
    hub,
    badges,
    tellTab,
    session: sessionStorage,
    local: localStorage,
    meOf,
    partnerOf: async (tabId) => (await contextOf(tabId))?.partnerId ?? null,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  });

  // Polls and announcements. The alarm listener is registered at the top level so that the worker the
  // alarm wakes hears it; `start` recovers the schedule and sends what fell due while it was stopped.
  const eventTools = createEventTools({
    store,
    admin,
    fetch: fetchFn,
    local: localStorage,
    alarms,
    tellTab,
    followedTabs: () => hub.followedTabs(),
    postToTab: (tabId, message) => hub.onTabView(tabId, message),
    meOf,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
  });
  onAlarm((name) => eventTools.onAlarm(name));
  void eventTools.start();

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || !isContentToBackground(message)) return;
    if (!fromActiveDocument(sender)) return; // a prerendered or bfcached page does not speak for its tab
    switch (message.type) {
      case 'page-snapshot':
        void controller.onSnapshot(tabId, message.snapshot);
        return;
      case 'qna-batch':
        void qna.onBatch(tabId, message.entryId, message.profileId, message.questions, message).catch(() => undefined);
        return;
      case 'chat-batch':
        void chat.onBatch(tabId, message);
        return;
      case 'heartbeat':
        void qna.snapshot(tabId); // restores a webcast session (and its polling) after a restart
        return;
    }
  });

  browser.runtime.onConnect.addListener((port) => {
    // Only our own extension pages may follow tabs.
    if (port.name !== PANEL_PORT || !port.sender?.url?.startsWith(browser.runtime.getURL('/'))) return;
    const panel = { postMessage: (message: BackgroundToPanel) => port.postMessage(message) };
    hub.connect(panel);
    port.onMessage.addListener((message) => void hub.onMessage(panel, message as PanelToBackground));
    port.onDisconnect.addListener(() => hub.disconnect(panel));
  });

  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    const url = change.url ?? (change.status === 'loading' ? tab.url : undefined);
    if (url) void controller.onUrlChanged(tabId, url, change.status === 'loading');
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    badges.forget(tabId);
    void controller.onTabRemoved(tabId);
    void qna.forget(tabId);
    void chat.forget(tabId);
    void notifier.forget(tabId);
  });
  browser.tabs.onActivated.addListener(({ tabId, windowId }) => void hub.onActiveTab(windowId, tabId));

  browser.permissions.onAdded.addListener(() => void syncOrigins());
  browser.permissions.onRemoved.addListener(() => void syncOrigins());
  browser.runtime.onStartup.addListener(() => void syncOrigins());
  browser.runtime.onInstalled.addListener(async () => {
    await syncOrigins();
    // Tabs opened before the install have no content script yet.
    for (const tab of await browser.tabs.query({ url: 'https://*.kaltura.com/*' })) {
      if (tab.id !== undefined) await injectContentScript(tab.id).catch(() => undefined);
    }
  });
});
