// Where the content scripts run and what a page can learn of them: the production build in Chromium and
// the Firefox MV3 build against the sandbox.
// - Only Events, MediaSpace and KAF pages get a content script; the admin console (kmc.kaltura.com) none.
// - The MAIN-world bridge is a content script, not a web-accessible file, and leaves no global behind.
// - In both browsers it runs at document_start in the page's world and answers only on the detached
//   element it is handed (lib/messaging/bridge.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FirefoxHarness } from './harness/firefox';
import { ENTRY, sessionUrl, startTestSandbox } from './harness/sandbox';
import { useChromium, useSandbox } from './harness/setup';
import { waitFor } from './harness/wait';

// One sandbox for both browsers; each describe starts its own browser.
const env = useSandbox(() => startTestSandbox());

/** Run in the page: connect to the bridge as a page could, and say what came back. */
function connectAsThePage(): Promise<{ answers: number; players: number; pageBridge: string }> {
  return new Promise((resolve) => {
    const channel = document.createElement('div');
    channel.setAttribute('data-cnc-nonce', 'page-made-nonce-0123456789abcdef');
    let answers = 0;
    let players = 0;
    channel.addEventListener('cnc-moderator:from-bridge', (e) => {
      answers++;
      players = (JSON.parse((e as CustomEvent).detail as string) as { globals: { players: unknown[] } }).globals.players.length;
    });
    window.dispatchEvent(new MouseEvent('cnc-moderator:connect', { relatedTarget: channel }));
    setTimeout(() => resolve({ answers, players, pageBridge: typeof (window as unknown as Record<string, unknown>).pageBridge }), 200);
  });
}

describe('Chromium: content scripts', () => {
  const chrome = useChromium(() => env.sb.port);

  /** Whether the tab has our content script: the background can message it. */
  const hasContentScript = (tabId: number) =>
    chrome.h.swEval(
      (id: number) =>
        (globalThis as unknown as { chrome: { tabs: { sendMessage(id: number, m: unknown): Promise<unknown> } } }).chrome.tabs.sendMessage(id, { type: 'qna-rescan' }).then(
          () => true,
          () => false,
        ),
      tabId,
    );

  it('runs on an event page and not on the admin console', async () => {
    const event = await chrome.h.openTab(sessionUrl(env.sb, ENTRY.a));
    const eventTab = await chrome.h.tabIdOf(event);
    await waitFor('the content script on the event page', () => hasContentScript(eventTab), (v) => v, { timeout: 15_000 });
    // The sandbox has no admin console: its 404 page is still a kmc.kaltura.com document.
    const kmc = await chrome.h.context.newPage();
    await kmc.goto('https://kmc.kaltura.com/index.php/kmcng/login', { waitUntil: 'load' });
    const kmcTab = await chrome.h.tabIdOf(kmc);
    // The event page answered within a moment; give the console as long, then some.
    const t0 = Date.now();
    while (Date.now() - t0 < 3_000) expect(await hasContentScript(kmcTab)).toBe(false);
  });

  it('the page finds no file of ours and no global, and its own connection gets only its own globals back', async () => {
    const page = await chrome.h.openTab(sessionUrl(env.sb, ENTRY.a));
    const tabId = await chrome.h.tabIdOf(page);
    await waitFor('the content script', () => hasContentScript(tabId), (v) => v, { timeout: 15_000 });
    const probe = await page.evaluate(async (id) => {
      const load = async (path: string) =>
        fetch(`chrome-extension://${id}/${path}`).then(
          () => 'loaded',
          () => 'refused',
        );
      return { root: await load('page-bridge.js'), script: await load('content-scripts/page-bridge.js') };
    }, chrome.h.extensionId);
    expect(probe).toEqual({ root: 'refused', script: 'refused' });
    const seen = await page.evaluate(connectAsThePage);
    expect(seen).toEqual({ answers: 1, players: 1, pageBridge: 'undefined' });
  });
});

describe('Firefox: the MAIN-world bridge', () => {
  let ff: FirefoxHarness;
  beforeAll(async () => {
    ff = await FirefoxHarness.launch({ sandboxPort: env.sb.port });
  });
  afterAll(async () => {
    await ff?.close();
  });

  it('runs in the page world from a manifest content script and leaves no global', async () => {
    const page = await ff.openTab(sessionUrl(env.sb, ENTRY.a));
    await FirefoxHarness.waitVerdict(page, 'attached', 20_000);
    const seen = await page.evaluate(connectAsThePage);
    expect(seen).toEqual({ answers: 1, players: 1, pageBridge: 'undefined' });
  });
});
