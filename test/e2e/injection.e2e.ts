// The background runs the content scripts in tabs already open (an origin granted from the panel, an
// install or update: lib/platform/injection.ts). The MAIN-world page bridge may be there already (the
// manifest's, or one that outlived an update: it is plain page JavaScript), and a second one is a second
// CONNECT listener on the page's window. Here, in Chromium's production build, the real injection runs
// through the panel's "access granted" on a Kaltura tab whose manifest scripts already run (the background
// checks the permission, which the manifest's Kaltura hosts have): the page's window keeps exactly one
// bridge listener, and the freshly started content script answers.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { grantFromPanel } from './harness/grant';
import { ENTRY, EVENT_HOST } from './harness/sandbox';
import { useSandboxChromium } from './harness/setup';
import { waitFor } from './harness/wait';

const CONNECT = 'cnc-moderator:connect'; // lib/messaging/bridge.ts
const env = useSandboxChromium();

/** The page's window's listeners for the bridge's CONNECT event, as DevTools lists them (every world). */
async function bridgeListeners(page: Page): Promise<number> {
  const cdp = await env.h.context.newCDPSession(page);
  try {
    const { result } = (await cdp.send('Runtime.evaluate', { expression: 'window' })) as { result: { objectId: string } };
    const { listeners } = (await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId })) as { listeners: { type: string }[] };
    return listeners.filter((l) => l.type === CONNECT).length;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Whether this tab's content script (the one connected to the current background) answers. */
const answers = (tabId: number) =>
  env.h.swEval(
    (id) => ((globalThis as any).chrome.tabs.sendMessage(id, { type: 'teach-view' }, { frameId: 0 }) as Promise<{ ok?: boolean } | undefined>).catch(() => undefined),
    tabId,
  );

it('access granted on a tab that has the bridge: the content script starts again, no second bridge (three grants at once)', async () => {
  const page = await env.h.openTab(`https://${EVENT_HOST}/media/t/${ENTRY.a}`);
  const tabId = await env.h.tabIdOf(page);
  await waitFor('the content script to answer', () => answers(tabId), (r) => r?.ok === true, { timeout: 20_000 });
  expect(await bridgeListeners(page), "the manifest's bridge").toBe(1);

  await grantFromPanel(env.h, tabId, new URL(page.url()).origin, 3);
  expect(await bridgeListeners(page), 'one bridge after the injections').toBe(1);
  await waitFor('the injected content script to answer', () => answers(tabId), (r) => r?.ok === true, { timeout: 20_000 });
});
