// The real browser as the background's deps (lib/background/deps.ts): the one place that maps the
// tabs, runtime, alarms, badge, notification and permission APIs onto them. Every `on…` adds its
// listener at once (called while the background starts, at the top level) and returns its removal.
import { browser } from 'wxt/browser';
import type { BackgroundDeps, Dispose, TabInfo } from '../background/deps';
import { isKalturaHost } from '../page/hosts';
import { alarms } from './alarms';
import { createBadgeSetter } from './badge';
import { showNotification } from './notifications';
import { grantedCustomOrigins, hasOrigin, injectContentScript, syncOriginScripts } from './origins';
import { listenReportPorts } from './report-port';
import { localStorage, sessionStorage } from './storage';
import { chatArchiveWriter } from './chat-archive';

interface BrowserEvent<L> {
  addListener(listener: L): void;
  removeListener(listener: L): void;
}

function listen<L>(event: BrowserEvent<L>, listener: L): Dispose {
  event.addListener(listener);
  return () => event.removeListener(listener);
}

function tabInfo(tab: { id?: number; windowId?: number; active?: boolean; url?: string } | null | undefined): TabInfo | null {
  if (!tab || tab.id === undefined) return null;
  return { id: tab.id, windowId: tab.windowId ?? -1, active: !!tab.active, url: tab.url };
}

export function browserBackgroundDeps(): BackgroundDeps {
  return {
    storage: { session: sessionStorage, local: localStorage },
    tabs: {
      get: async (tabId) => tabInfo(await browser.tabs.get(tabId).catch(() => null)),
      activeIn: async (windowId) => tabInfo((await browser.tabs.query({ active: true, windowId }))[0]),
      query: async (url) => (await browser.tabs.query({ url })).map(tabInfo).filter((t): t is TabInfo => t !== null),
      windowFocused: async (windowId) => !!(await browser.windows.get(windowId).catch(() => null))?.focused,
      send: (tabId, message) => browser.tabs.sendMessage(tabId, message),
      onUpdated: (listener) => listen(browser.tabs.onUpdated, (tabId, change, tab) => listener(tabId, change, tab)),
      onRemoved: (listener) => listen(browser.tabs.onRemoved, (tabId) => listener(tabId)),
      onActivated: (listener) => listen(browser.tabs.onActivated, (info) => listener(info)),
      onWindowFocus: (listener) => listen(browser.windows.onFocusChanged, () => listener()),
    },
    runtime: {
      id: browser.runtime.id,
      pagesUrl: browser.runtime.getURL('/'),
      onMessage: (listener) => {
        const off = [
          listen(browser.runtime.onMessage, (message: unknown, sender) => {
            listener(message, { id: sender.id, tabId: sender.tab?.id, documentLifecycle: (sender as { documentLifecycle?: string }).documentLifecycle });
          }),
          // The content script's reports come over its report port (lib/messaging/report-port.ts): the same
          // messages, the same sender fields, the same listener and checks.
          listenReportPorts(listener),
        ];
        return () => off.forEach((f) => f());
      },
      onConnect: (listener) =>
        listen(browser.runtime.onConnect, (port) =>
          listener({
            name: port.name,
            senderUrl: port.sender?.url,
            postMessage: (message) => port.postMessage(message),
            onMessage: (l) => port.onMessage.addListener((message) => l(message)),
            onDisconnect: (l) => port.onDisconnect.addListener(() => l()),
          }),
        ),
      onStartup: (listener) => listen(browser.runtime.onStartup, () => listener()),
      onInstalled: (listener) => listen(browser.runtime.onInstalled, () => listener()),
    },
    alarms: { ...alarms, onAlarm: (listener) => listen(browser.alarms.onAlarm, (alarm) => listener(alarm.name)) },
    badge: createBadgeSetter(),
    notifications: { show: showNotification },
    origins: {
      has: hasOrigin,
      sync: async () => syncOriginScripts(await grantedCustomOrigins((o) => isKalturaHost(o))),
      granted: () => grantedCustomOrigins((o) => isKalturaHost(o)),
      inject: injectContentScript,
      onChanged: (listener) => {
        const off = [listen(browser.permissions.onAdded, () => listener()), listen(browser.permissions.onRemoved, () => listener())];
        return () => off.forEach((f) => f());
      },
    },
    fetch: (input, init) => fetch(input, init),
    clock: {
      now: Date.now,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      setInterval: (fn, ms) => setInterval(fn, ms),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    },
    newId: () => crypto.randomUUID(),
    probe: import.meta.env.WXT_E2E_PROBE === '1',
    chatArchive: chatArchiveWriter(),
  };
}
