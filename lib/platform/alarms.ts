// The one place that touches chrome.alarms / browser.alarms (same API in both browsers, MV3).
// In a packed Chrome extension an alarm fires no sooner than 30 s after it is set (Chrome 120+);
// lib/model/announcements/schedule.ts shows that floor honestly to the moderator.
import { browser } from 'wxt/browser';

export interface Alarms {
  /** Sets (or moves) the one alarm called `name` to fire at `when` (epoch ms). */
  set(name: string, when: number): Promise<void>;
  clear(name: string): Promise<void>;
  /** When the alarm `name` fires next, or null. */
  get(name: string): Promise<number | null>;
}

export const alarms: Alarms = {
  async set(name, when) {
    await browser.alarms.create(name, { when });
  },
  async clear(name) {
    await browser.alarms.clear(name);
  },
  async get(name) {
    const alarm = await browser.alarms.get(name);
    return alarm ? alarm.scheduledTime : null;
  },
};

/** Call at the top level of the background, so that a worker woken by the alarm hears it. */
export function onAlarm(listener: (name: string) => void): void {
  browser.alarms.onAlarm.addListener((alarm) => listener(alarm.name));
}
