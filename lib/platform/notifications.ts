// Desktop notifications and what a click on one does. Same API in both browsers (notifications.*), except
// what a click can do: Chrome opens the side panel on the tab (the click is a user gesture for
// sidePanel.open); Firefox does not count a notification click as a user action, so sidebarAction.open
// would fail there: the click brings the tab forward and the text says to open the sidebar.
import { browser } from 'wxt/browser';
import { openPanel } from './panel';

const PREFIX = 'cnc-moderator:';

/** What a click on the notification does, in this browser's words. */
export function clickHint(): string {
  return import.meta.env.FIREFOX
    ? 'Click to go to its tab, then open the CnC Moderator sidebar (toolbar button).'
    : 'Click to open it.';
}

export function showNotification(tabId: number, notice: { title: string; message: string; silent: boolean }): void {
  // One notification per tab, replaced by the next: an id that carries the tab it is about.
  // Not awaited: where the system has no notification service (headless, some desktops) the promise
  // may never settle, and nothing else should wait on it.
  void browser.notifications
    .create(`${PREFIX}${tabId}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: notice.title,
      message: `${notice.message} ${clickHint()}`,
      ...(import.meta.env.FIREFOX ? {} : { silent: notice.silent, priority: 1 }),
    })
    .catch((error: unknown) => console.warn('CnC Moderator: notification not shown', error));
}

/** Call at the top level of the background. A click focuses the tab, and in Chrome opens the panel on it. */
export function onNotificationClick(): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    if (!notificationId.startsWith(PREFIX)) return;
    const tabId = Number(notificationId.slice(PREFIX.length));
    if (!Number.isInteger(tabId)) return;
    // Chrome: the click is a user gesture: open the panel first, before any await spends it.
    if (!import.meta.env.FIREFOX) void openPanel(tabId);
    void browser.notifications.clear(notificationId);
    void browser.tabs
      .update(tabId, { active: true })
      .then((tab) => (tab?.windowId !== undefined ? browser.windows.update(tab.windowId, { focused: true }) : undefined))
      .catch(() => undefined);
  });
}
