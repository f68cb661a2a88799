// The one place that knows how each browser opens the extension's panel from the toolbar button.
// Chrome: the side panel, opened by the browser itself once the behaviour is set (chrome.sidePanel, MV3).
// Firefox: the sidebar (sidebar_action); sidebarAction.toggle needs a user gesture, and action.onClicked is one.
import { browser } from 'wxt/browser';

interface ChromeSidePanel {
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}
interface FirefoxSidebarAction {
  toggle(): Promise<void>;
  open(): Promise<void>;
}

/**
 * Opens the panel on a tab. Both browsers require a user gesture (a notification click is one), so call
 * this first thing in the handler, before any await.
 */
export function openPanel(tabId: number): Promise<void> {
  const done = (p: Promise<void> | undefined) =>
    (p ?? Promise.resolve()).catch((error: unknown) => console.warn('CnC Moderator: panel not opened', error));
  if (import.meta.env.FIREFOX) {
    return done((browser as unknown as { sidebarAction?: FirefoxSidebarAction }).sidebarAction?.open());
  }
  return done((globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel?.open({ tabId }));
}

/** Call at the top level of the background, so the listener exists on every wake. */
export function openPanelFromToolbarButton(): void {
  if (import.meta.env.FIREFOX) {
    browser.action.onClicked.addListener(() => {
      const sidebar = (browser as unknown as { sidebarAction?: FirefoxSidebarAction }).sidebarAction;
      // No await before toggle: the user gesture must still be live when it is called.
      void sidebar?.toggle().catch((error: unknown) => console.warn('CnC Moderator: sidebar did not open', error));
    });
    return;
  }
  const sidePanel = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
  void sidePanel
    ?.setPanelBehavior({ openPanelOnActionClick: true })
    .catch((error: unknown) => console.warn('CnC Moderator: side panel behaviour not set', error));
}
