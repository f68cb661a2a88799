// The production Chrome MV3 build in Debian's Chromium against the sandbox; the side panel is read through
// its DOM contract (data-testid) and the background through the service worker.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ChromiumHarness, Panel } from './harness/chromium';
import { customDomainUrl, ENTRY, plainUrl, sessionUrl, startTestSandbox, type RunningSandbox } from './harness/sandbox';
import { waitFor, waitForValue } from './harness/wait';

const MODULES = 'chat, Q&A, polls, announcements, reactions';

let sb: RunningSandbox;
let h: ChromiumHarness;

beforeAll(async () => {
  sb = await startTestSandbox();
  h = await ChromiumHarness.launch({ sandboxPort: sb.port });
});
afterAll(async () => {
  await h?.close();
  await sb?.close();
});
beforeEach(() => {
  h.errors.length = 0;
});
afterEach(async () => {
  await h.closePagesExceptFirst();
});

/** Opens `url` in a tab and the side panel following that tab. */
async function openWithPanel(url: string): Promise<{ page: Page; tabId: number; panel: Panel }> {
  const page = await h.openTab(url);
  const tabId = await h.tabIdOf(page);
  const panel = new Panel(await h.openPanel(tabId));
  return { page, tabId, panel };
}

/** The KS the sandbox handed this page (its page config), to prove it never reaches the panel. */
async function pageKs(page: Page): Promise<string> {
  const ks = await page.evaluate(() => {
    const el = document.getElementById('sandbox-page-config');
    return el ? (JSON.parse(el.textContent ?? '{}') as { ks?: string | null }).ks ?? null : null;
  });
  if (!ks || ks.length < 16) throw new Error(`the sandbox page carries no KS to check against (got ${JSON.stringify(ks)})`);
  return ks;
}

/** Uncaught exceptions in extension pages and the service worker (console noise that is not uncaught is ignored). */
async function uncaughtErrors(): Promise<string[]> {
  const fromPages = h.errors.filter((e) => e.where !== 'service worker' || /uncaught/i.test(e.text)).map((e) => `${e.where}: ${e.text}`);
  return [...fromPages, ...(await h.swErrors()).map((e) => `service worker: ${e}`)];
}

describe('Chromium: side panel and background', () => {
  it('says "Not a Kaltura event page" on a plain page, with no badge', async () => {
    const { tabId, panel } = await openWithPanel(plainUrl(sb));
    await panel.waitState('not-kaltura');
    expect(await panel.text('status')).toMatch(/not a kaltura/i);
    expect(await h.badgeText(tabId)).toBe('');
  });

  it('shows the context of a CnC session page, never the KS, and badges it ON', async () => {
    const { page, tabId, panel } = await openWithPanel(sessionUrl(sb, ENTRY.a));
    await panel.waitState('attached', 20_000);
    await panel.waitText('ctx-entry', ENTRY.a);
    expect(await panel.text('ctx-partner')).toBe('1234567');
    expect(await panel.text('ctx-event')).toBe('7654321');
    // The region comes from the Kaltura hosts the page loaded from, which may finish after the widget is
    // found (the page watcher hears them through resource timing, not as a DOM change).
    await panel.waitText('ctx-region', 'nvp1');
    expect(await panel.text('ctx-cnc')).toBe('Present');
    await panel.waitText('ctx-modules', MODULES);
    expect(await panel.text('ctx-ks')).toBe('Signed in as a user');
    const ks = await pageKs(page);
    const text = await panel.allText();
    expect(text.includes(ks), 'the KS string appears in the side panel').toBe(false);
    await waitForValue('badge text of the attached tab', () => h.badgeText(tabId), 'ON');
  });

  it('recognises a Kaltura page without CnC (replay)', async () => {
    const { tabId, panel } = await openWithPanel(sessionUrl(sb, ENTRY.replay));
    await panel.waitState('kaltura-no-cnc', 20_000);
    expect(await panel.text('ctx-cnc')).toBe('Not found');
    expect(await panel.text('ctx-partner')).toBe('1234567');
    await waitForValue('badge text of a Kaltura page without CnC', () => h.badgeText(tabId), '•');
  });

  it('follows SPA navigation from session A to session B in the open panel', async () => {
    const { page, panel } = await openWithPanel(sessionUrl(sb, ENTRY.a));
    await panel.waitState('attached', 20_000);
    await panel.waitText('ctx-entry', ENTRY.a);
    await page.click(`a[id="nav-${ENTRY.b}"][data-spa-link]`);
    await waitFor('page URL after the SPA link', () => page.url(), (u) => u.includes(`/media/t/${ENTRY.b}`), { timeout: 5_000 });
    await panel.waitText('ctx-entry', ENTRY.b, 20_000);
    await panel.waitState('attached', 20_000);
  });

  it('attaches to a widget that appears late (?late=1500)', async () => {
    const { panel } = await openWithPanel(sessionUrl(sb, ENTRY.a, { late: 1500 }));
    await panel.waitState('attached', 25_000);
    await panel.waitText('ctx-entry', ENTRY.a);
    expect(await panel.text('ctx-cnc')).toBe('Present');
  });

  it('keeps the tab record across a service-worker stop, and the open panel reconnects', async () => {
    const { page, tabId, panel } = await openWithPanel(sessionUrl(sb, ENTRY.a));
    await panel.waitState('attached', 20_000);
    await panel.waitText('ctx-entry', ENTRY.a);
    const key = `tab:${tabId}`;
    const before = await h.sessionStorage(key);
    expect(before, `chrome.storage.session["${key}"] before the stop`).toBeTruthy();

    await h.markWorker('before-stop');
    await h.stopServiceWorker();

    // Reading storage wakes the worker; the marker proves it is a new instance.
    const after = await h.sessionStorage(key);
    expect(await h.workerMarker(), 'the service worker was not restarted').toBeUndefined();
    expect(JSON.stringify(after ?? null), `chrome.storage.session["${key}"] after the restart`).toContain(ENTRY.a);

    // The panel that was open is live again: it shows the tab and follows a navigation made after the restart.
    await panel.waitState('attached', 20_000);
    await page.click(`a[id="nav-${ENTRY.b}"][data-spa-link]`);
    await panel.waitText('ctx-entry', ENTRY.b, 20_000);

    // A panel opened afterwards sees the same record.
    const reopened = new Panel(await h.openPanel(tabId));
    await reopened.waitState('attached', 20_000);
    await reopened.waitText('ctx-entry', ENTRY.b);
  });

  it('ignores look-alike bridge messages posted by the page', async () => {
    const { page, panel } = await openWithPanel(sessionUrl(sb, ENTRY.a));
    await panel.waitState('attached', 20_000);
    await panel.waitText('ctx-entry', ENTRY.a);
    const ks = await pageKs(page);
    // Every value the panel's context shows from now on is recorded as it renders (no sampling window):
    // a forged context that got through would be rendered, and recorded, before the marker below.
    await panel.page.evaluate(() => {
      const seen: string[] = [];
      const look = () => {
        for (const id of ['ctx-partner', 'ctx-entry', 'ctx-ks']) seen.push(`${id}=${document.querySelector(`[data-testid=${id}]`)?.textContent ?? ''}`);
      };
      look();
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      (window as unknown as { __ctxSeen: string[] }).__ctxSeen = seen;
    });

    await page.evaluate(async () => {
      const fakeKs = 'djJ8NDJ8FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE';
      const player = { partnerId: 42, ks: fakeKs, entryId: '0_spoofed', serviceUrl: 'https://evil.example/' };
      const globals = { hasKalturaPlayer: true, hasEventsPlatform: true, hasEmbeddedWidget: true, players: [player], errors: [] };
      const shapes: unknown[] = [];
      for (const nonce of ['guess', '', '0', 'null', 'undefined', 'nonce', '00000000-0000-0000-0000-000000000000']) {
        shapes.push(
          { source: 'cnc-moderator-bridge', nonce, type: 'context', partnerId: 42, ks: fakeKs, entryId: '0_spoofed' },
          { source: 'cnc-moderator-bridge', nonce, type: 'globals', globals },
          { nonce, type: 'globals', globals },
          { nonce, type: 'navigated' },
        );
      }
      const names = ['cnc-moderator:from-bridge', 'cnc-moderator:to-bridge', 'cnc-moderator-bridge'];
      for (let round = 0; round < 20; round++) {
        for (const m of shapes) {
          window.postMessage(m, '*');
          window.postMessage(JSON.stringify(m), '*');
          for (const name of names) {
            for (const target of [window, document, document.documentElement, ...Array.from(document.scripts)]) {
              target.dispatchEvent(new CustomEvent(name, { detail: JSON.stringify(m) }));
              target.dispatchEvent(new CustomEvent(name, { detail: m }));
            }
          }
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    });

    // The marker: a real SPA navigation, made after every forged message was dispatched, reaches the panel
    // through the same page → content script → background → panel path. Once the panel shows it, each
    // forged message before it was seen and refused: none ever showed.
    await page.click(`a[id="nav-${ENTRY.b}"][data-spa-link]`);
    await panel.waitText('ctx-entry', ENTRY.b, 20_000);
    const seen = await panel.page.evaluate(() => (window as unknown as { __ctxSeen: string[] }).__ctxSeen);
    expect(seen.some((v) => v.startsWith('ctx-entry=') && v.includes(ENTRY.b)), 'the recorder saw the marker').toBe(true);
    expect(seen.filter((v) => /0_spoofed|FAKEFAKE|=42$|evil\.example/.test(v) || v.includes(ks))).toEqual([]);
    expect(await panel.text('ctx-partner')).toBe('1234567');
    expect(await panel.text('ctx-ks')).toBe('Signed in as a user');
    const text = await panel.allText();
    expect(text).not.toContain('0_spoofed');
    expect(text).not.toContain('FAKEFAKE');
    expect(text.includes(ks)).toBe(false);
    expect(await panel.state()).toBe('attached');
  });

  describe('bad input', () => {
    it('?ks=malformed shows "Malformed KS" without an uncaught exception', async () => {
      const { page, panel } = await openWithPanel(sessionUrl(sb, ENTRY.a, { ks: 'malformed' }));
      await panel.waitText('ctx-ks', 'Signed in, but the sign-in could not be read', 20_000);
      // Not a wait for time: a later change (an SPA navigation) through the same path has been handled
      // after the malformed KS, so whatever its handling would throw has been thrown.
      await page.click(`a[id="nav-${ENTRY.b}"][data-spa-link]`);
      await panel.waitText('ctx-entry', ENTRY.b, 20_000);
      expect(await uncaughtErrors()).toEqual([]);
    });

    it('?ks=otherpartner reports the KS of partner 999999 as a problem', async () => {
      const { panel } = await openWithPanel(sessionUrl(sb, ENTRY.a, { ks: 'otherpartner' }));
      await waitFor('a problem mentioning partner 999999', () => panel.problems(), (p) => p.some((s) => s.includes('999999')), {
        timeout: 20_000,
      });
      expect(await uncaughtErrors()).toEqual([]);
    });

    it('?throw=1 (page globals throw) still attaches', async () => {
      const { panel } = await openWithPanel(sessionUrl(sb, ENTRY.a, { throw: 1 }));
      await panel.waitState('attached', 20_000);
      await panel.waitText('ctx-entry', ENTRY.a);
      expect(await uncaughtErrors()).toEqual([]);
    });
  });

  it('asks for access on a white-label event domain', async () => {
    const { panel } = await openWithPanel(customDomainUrl(sb));
    await panel.waitState('needs-access', 20_000);
    const button = panel.page.locator('[data-testid=grant-access]');
    expect(await button.count(), 'grant-access button').toBe(1);
    expect(await button.isVisible()).toBe(true);
  });
});
