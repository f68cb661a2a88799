// The event page's main-thread load, shared by the page-overhead figures: Chromium's DevTools protocol
// Performance metrics (TaskDuration: main-thread task time) over a window, on the moderator view of the
// sandbox, with or without the extension attached. Default throttling (what a moderator's browser does).
import type { CDPSession, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/server';
import { ChromiumHarness } from '../e2e/harness/chromium';

export const SITE = 'https://1234567.events.kaltura.com';
export const moderatorUrl = (entryId: string) => `${SITE}/chatandcollaboration/index/moderator?entryId=${entryId}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Only chat: the stream the page figures are named after ("at 200 chat messages per second"). */
export const CHAT_ONLY = { ask: 0, chat: 1, upvote: 0, react: 0, chatReact: 0, vote: 0 };

export interface BusyWindow {
  /** Main-thread task seconds per wall second over the window (TaskDuration: wall time inside tasks). */
  busy: number;
  /** Main-thread CPU seconds per wall second (ThreadTime): apart from time the thread waited for a core. */
  cpu: number;
  /** Chat messages the sandbox took during the window (the page had them to render). */
  messages: number;
  seconds: number;
}

export async function taskSeconds(cdp: CDPSession): Promise<{ task: number; thread: number }> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { task: get('TaskDuration'), thread: get('ThreadTime') };
}

/**
 * One window on a fresh browser: the moderator page of `entryId` (and, with the extension, a panel open
 * on it and `ready(panel)` true), settled for `settleMs`, then TaskDuration over `windowMs`.
 */
export async function pageBusy(
  sb: Sandbox,
  opts: { entryId: string; withExtension: boolean; windowMs: number; settleMs?: number; ready?: (panel: Page) => Promise<void>; profile?: (cdp: CDPSession) => Promise<() => Promise<void>> },
): Promise<BusyWindow> {
  const h = await ChromiumHarness.launch({ sandboxPort: sb.port, defaultThrottling: true, withExtension: opts.withExtension });
  try {
    const event = await h.openTab(moderatorUrl(opts.entryId));
    await event.waitForSelector('#kep-widget-1[data-kep-connection="live"]', { timeout: 30_000 });
    if (opts.withExtension) {
      const panel = await h.openPanel(await h.tabIdOf(event));
      if (opts.ready) await opts.ready(panel);
      // The panel opened in a tab of its own, in front: the event page behind it gets no animation frames,
      // which made it look half as busy with the extension as without. A side panel sits beside the page;
      // the page is the front tab in both runs.
      await event.bringToFront();
    }
    const cdp = await h.context.newCDPSession(event);
    await cdp.send('Performance.enable');
    await sleep(opts.settleMs ?? 2_000); // the first read of the widget is not the steady state (pacing, not a wait for a result)
    const stopProfile = opts.profile ? await opts.profile(cdp) : null;
    const messagesBefore = sb.world.session(opts.entryId).messages.length;
    const t0 = Date.now();
    const before = await taskSeconds(cdp);
    await sleep(opts.windowMs);
    const after = await taskSeconds(cdp);
    const seconds = (Date.now() - t0) / 1000;
    const messages = sb.world.session(opts.entryId).messages.length - messagesBefore;
    if (stopProfile) await stopProfile();
    return { busy: (after.task - before.task) / seconds, cpu: (after.thread - before.thread) / seconds, messages, seconds };
  } finally {
    await h.close();
  }
}
