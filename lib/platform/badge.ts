// The toolbar badge, per tab. Same API in both browsers (action.*, MV3); kept here so callers never touch it.
import { browser } from 'wxt/browser';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

/** The three action calls a badge is drawn with (browser.action; a fake in tests). */
export interface ActionApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

export interface BadgeSetter {
  set(tabId: number, badge: Badge): Promise<void>;
  /**
   * The browser dropped the tab's badge (it resets a tab's action values when the tab navigates to another
   * document): the next set makes every call again.
   */
  forget(tabId: number): void;
}

/**
 * Makes only the calls whose value changed for the tab since the last set. Each call is a message to the
 * browser process and a repaint of the toolbar there; a count going 41 → 42 changes the text and the title,
 * not the colour.
 */
export function createBadgeSetter(api: ActionApi = browser.action as unknown as ActionApi): BadgeSetter {
  const shown = new Map<number, Badge>();
  return {
    async set(tabId, badge) {
      const before = shown.get(tabId);
      // Recorded before the calls go: a set that follows at once compares with this one, not an older one.
      shown.set(tabId, { ...badge });
      const calls: Promise<void>[] = [];
      if (before?.text !== badge.text) calls.push(api.setBadgeText({ tabId, text: badge.text }));
      if (before?.color !== badge.color) calls.push(api.setBadgeBackgroundColor({ tabId, color: badge.color }));
      if (before?.title !== badge.title) calls.push(api.setTitle({ tabId, title: badge.title }));
      if (!calls.length) return;
      try {
        await Promise.all(calls);
      } catch {
        // The tab closed between our decision and the call: nothing to show it on. What it shows is not
        // known now: the next set makes every call.
        shown.delete(tabId);
      }
    },
    forget(tabId) {
      shown.delete(tabId);
    },
  };
}
