// The Firefox MV3 probe build (WXT_E2E_PROBE=1) in Debian's firefox-esr over WebDriver BiDi. BiDi cannot open
// moz-extension:// pages, so the background's verdict is read where the probe mirrors it: <html data-cnc-moderator>.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FirefoxHarness } from './harness/firefox';
import { ENTRY, plainUrl, sessionUrl, startTestSandbox, type RunningSandbox } from './harness/sandbox';
import { sleep, waitFor } from './harness/wait';

let sb: RunningSandbox;
let ff: FirefoxHarness;

beforeAll(async () => {
  sb = await startTestSandbox();
  ff = await FirefoxHarness.launch({ sandboxPort: sb.port });
});
afterAll(async () => {
  await ff?.close();
  await sb?.close();
});
afterEach(async () => {
  const pages = await ff.browser.pages();
  for (const p of pages.slice(1)) await p.close().catch(() => {});
});

/**
 * How many of our MAIN-world bridges answer the handshake in `page` (lib/messaging/bridge.ts: a CONNECT on
 * window carrying a detached element with a nonce is answered at once, on that element). Only the page's
 * own globals come back: nothing a page could not read itself.
 */
function bridgeAnswers(page: Awaited<ReturnType<FirefoxHarness['openTab']>>): Promise<number> {
  return page.evaluate(() => {
    const el = document.createElement('div');
    el.setAttribute('data-cnc-nonce', 'e2e-probe-0123456789abcdef');
    let n = 0;
    el.addEventListener('cnc-moderator:from-bridge', () => n++);
    window.dispatchEvent(new MouseEvent('cnc-moderator:connect', { relatedTarget: el }));
    return n;
  });
}

describe('Firefox: detection reaches the background', () => {
  it('a CnC session page is attached', async () => {
    const page = await ff.openTab(sessionUrl(sb, ENTRY.a));
    const v = await FirefoxHarness.waitVerdict(page, 'attached', 20_000);
    expect(v.badge).toBe('ON');
  });

  it('a replay page is Kaltura without CnC', async () => {
    const page = await ff.openTab(sessionUrl(sb, ENTRY.replay));
    await FirefoxHarness.waitVerdict(page, 'kaltura-no-cnc', 20_000);
  });

  it('a plain page gets no verdict (or a "not…" one)', async () => {
    const page = await ff.openTab(plainUrl(sb));
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
    // The decision is the browser's, made by the time the document loaded: our scripts run on a page only
    // where their matches say (the MAIN-world bridge at document_start, the content script that mirrors
    // the verdict next to it). The bridge answers a handshake synchronously wherever it runs: here, none.
    expect(await bridgeAnswers(page), 'our page bridge runs in a plain page').toBe(0);
    // The control, opened after it: on an event page the same handshake is answered and the verdict comes,
    // so the probe can see our scripts and the extension was deciding while the plain page sat there.
    const event = await ff.openTab(sessionUrl(sb, ENTRY.a));
    await FirefoxHarness.waitVerdict(event, 'attached', 20_000);
    expect(await bridgeAnswers(event), 'our page bridge on an event page').toBe(1);
    const v = await FirefoxHarness.probe(page);
    expect(v.verdict === undefined || v.verdict.startsWith('not'), `verdict on a plain page: ${v.verdict}`).toBe(true);
    expect(v.badge ?? '').toBe('');
  });

  it('SPA navigation updates the verdict (session → replay → session)', async () => {
    const page = await ff.openTab(sessionUrl(sb, ENTRY.a));
    await FirefoxHarness.waitVerdict(page, 'attached', 20_000);
    await page.click(`a[id="nav-${ENTRY.replay}"][data-spa-link]`);
    await waitFor('page URL after the SPA link', () => page.url(), (u) => u.includes(`/media/t/${ENTRY.replay}`), { timeout: 5_000 });
    await FirefoxHarness.waitVerdict(page, 'kaltura-no-cnc', 20_000);
    await page.click(`a[id="nav-${ENTRY.b}"][data-spa-link]`);
    await FirefoxHarness.waitVerdict(page, 'attached', 20_000);
  });
});

describe('Firefox: the background keeps watch', () => {
  it('new questions raise the badge and one batched notification', async () => {
    const page = await ff.openTab(sessionUrl(sb, ENTRY.b, { as: 'moderator' }));
    await FirefoxHarness.waitVerdict(page, 'attached', 20_000);
    const control = (sb as unknown as { control: { act(a: unknown): { ok: boolean } } }).control;
    for (let i = 0; i < 3; i++) {
      const r = control.act({ entryId: ENTRY.b, userId: `ff-attendee-${i}`, action: { type: 'qna.ask', text: `Firefox question ${i}?` } });
      expect(r.ok, `the sandbox took question ${i}`).toBe(true);
    }
    const seen = await waitFor(
      'the badge count and the notification mirrored on the page',
      () => page.evaluate(() => ({ badge: document.documentElement.dataset.cncModeratorBadge, notified: document.documentElement.dataset.cncModeratorNotified })),
      (v) => v.badge === '3' && !!v.notified,
      { timeout: 20_000 },
    );
    // The first question reaches the background at once (leading-edge flush), so the first notification
    // may count only it; the others join the next one (the notifier's rate limit: notify-policy tests).
    expect(seen.notified).toMatch(/^[1-3] new questions? in /);
  });
});

describe('Firefox: group chat (issue 11)', () => {
  // The chat module is detected and read when the badge (mirrored by the probe build) counts flagged chat
  // messages: only the chat feature reading the widget's rows and the background's flag rules make them.
  it('a burst of 100 chat messages reaches the background, and the flagged ones join the badge count', async () => {
    const control = (sb as unknown as {
      control: {
        act(a: unknown): { ok: boolean };
        truth(entryId: string): { questions: Array<{ state: string }> };
      };
    }).control;
    const page = await ff.openTab(sessionUrl(sb, ENTRY.a, { as: 'moderator' }));
    await FirefoxHarness.waitVerdict(page, 'attached', 20_000);
    const pending = control.truth(ENTRY.a).questions.filter((q) => q.state === 'pending').length;
    for (let i = 0; i < 100; i++) {
      const text = i % 25 === 7 ? `deal ${i}: www.cheap-${i}.xyz` : `Firefox chat message ${i}`;
      expect(control.act({ entryId: ENTRY.a, userId: `ff-chat-${i % 25}`, action: { type: 'chat.post', text } }).ok).toBe(true);
      if (i % 20 === 19) await sleep(50);
    }
    const badge = await waitFor(
      'the badge to count the pending questions plus the 4 flagged chat messages',
      () => page.evaluate(() => document.documentElement.dataset.cncModeratorBadge),
      (b) => b === String(pending + 4),
      { timeout: 20_000 },
    );
    expect(badge).toBe(String(pending + 4));
  });
});
