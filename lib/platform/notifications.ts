// Desktop notifications and what a click on one does. Same API in both browsers (notifications.*),
// except opening the panel, which lib/platform/panel.ts knows.
import { browser } from 'wxt/browser';
import { openPanel } from './panel';

const PREFIX = 'cnc-moderator:';

export function showNotification(tabId: number, notice: { title: string; message: string; silent: boolean }): void {
  // One notification per tab, replaced by the next: an id that carries the tab it is about.
  // Not awaited: where the system has no notification service (headless, some desktops) the promise
  // may never settle, and nothing else should wait on it.
  void browser.notifications
    .create(`${PREFIX}${tabId}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: notice.title,
      message: notice.message,
      ...(import.meta.env.FIREFOX ? {} : { silent: notice.silent, priority: 1 }),
    })
    .catch((error: unknown) => console.warn('CnC Moderator: notification not shown', error));
}

/** Call at the top level of the background. A click focuses the tab and opens the panel on it. */
export function onNotificationClick(): void {
  browser.notifications.onClicked.addListener((notificationId) => {
    if (!notificationId.startsWith(PREFIX)) return;
    const tabId = Number(notificationId.slice(PREFIX.length));
    if (!Number.isInteger(tabId)) return;
    // The click is a user gesture: open the panel first, before any await spends it.
    void openPanel(tabId);
    void browser.notifications.clear(notificationId);
    void browser.tabs
      .update(tabId, { active: true })
      .then((tab) => (tab?.windowId !== undefined ? browser.windows.update(tab.windowId, { focused: true }) : undefined))
      .catch(() => undefined);
  });
}
