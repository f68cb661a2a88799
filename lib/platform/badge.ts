// The toolbar badge, per tab. Same API in both browsers (action.*, MV3); kept here so callers never touch it.
import { browser } from 'wxt/browser';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

export async function setBadge(tabId: number, badge: Badge): Promise<void> {
  try {
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: badge.text }),
      browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
      browser.action.setTitle({ tabId, title: badge.title }),
    ]);
  } catch {
    // The tab closed between our decision and the call: nothing to show it on.
  }
}
