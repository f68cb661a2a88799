// The background: wires lib/session to the browser. Listeners are registered synchronously at the top
// level so that a restarted service worker (Chrome) or reloaded event page (Firefox) gets every event.
import { browser } from 'wxt/browser';
import { isContentToBackground, PANEL_PORT, type PanelToBackground } from '@/lib/messaging/protocol';
import { isKalturaHost, originOf } from '@/lib/page/hosts';
import {
  grantedCustomOrigins,
  hasOrigin,
  injectContentScript,
  openPanelFromToolbarButton,
  sessionStorage,
  setBadge,
  syncOriginScripts,
} from '@/lib/platform';
import { createController } from '@/lib/session/controller';
import { PanelHub } from '@/lib/session/panel-hub';
import { TabStore } from '@/lib/session/tab-store';

export default defineBackground(() => {
  openPanelFromToolbarButton();

  const store = new TabStore(sessionStorage);
  const isCovered = async (url: string) => {
    if (isKalturaHost(url)) return true;
    const origin = originOf(url);
    return origin !== null && origin.startsWith('https:') && (await hasOrigin(origin).catch(() => false));
  };
  const controller = createController({
    store,
    fetch: (input, init) => fetch(input, init),
    setBadge,
    tellTab: async (tabId, message) => {
      await browser.tabs.sendMessage(tabId, message);
    },
    isCovered,
    now: Date.now,
  });

  const syncOrigins = async () => syncOriginScripts(await grantedCustomOrigins((o) => isKalturaHost(o)));
  const hub = new PanelHub({
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
  });
  store.subscribe((tabId, record) => hub.onRecord(tabId, record));

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || !isContentToBackground(message)) return;
    void controller.onSnapshot(tabId, message.snapshot);
  });

  browser.runtime.onConnect.addListener((port) => {
    // Only our own extension pages may follow tabs.
    if (port.name !== PANEL_PORT || !port.sender?.url?.startsWith(browser.runtime.getURL('/'))) return;
    hub.connect(port);
    port.onMessage.addListener((message) => void hub.onMessage(port, message as PanelToBackground));
    port.onDisconnect.addListener(() => hub.disconnect(port));
  });

  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    const url = change.url ?? (change.status === 'loading' ? tab.url : undefined);
    if (url) void controller.onUrlChanged(tabId, url, change.status === 'loading');
  });
  browser.tabs.onRemoved.addListener((tabId) => void controller.onTabRemoved(tabId));
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
